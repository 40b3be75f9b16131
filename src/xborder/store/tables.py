"""Tables. Current state lives here; every change also writes an `events` row, and every read
of a person's data an `access_log` row (see `xborder.audit`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

ID = String(36)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: DateTime(timezone=True),
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


class CountryRow(Base):
    """ISO 3166 country and whether it is a member (membership is data, not code)."""

    __tablename__ = "countries"
    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    member: Mapped[bool] = mapped_column(Boolean, default=False)
    member_since: Mapped[int | None] = mapped_column(Integer)


class OrgRow(Base):
    __tablename__ = "organisations"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200), unique=True)
    country: Mapped[str | None] = mapped_column(ForeignKey("countries.code"))
    created_at: Mapped[datetime]
    __table_args__ = (
        # One bureau per member country; other kinds carry no country.
        Index("uq_bureau_country", "country", unique=True),
    )


class UserRow(Base):
    __tablename__ = "users"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(30))
    org_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    disabled_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    last_login_at: Mapped[datetime | None]
    org: Mapped[OrgRow] = relationship(lazy="joined")


class ApiTokenRow(Base):
    """Only the SHA-256 of a token is stored; the token itself is shown once."""

    __tablename__ = "api_tokens"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    scopes: Mapped[list[Any]]
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]


class WebSessionRow(Base):
    """Server-side sessions, so a logout or a disabled user ends them at once."""

    __tablename__ = "web_sessions"
    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class LoginThrottleRow(Base):
    """Failed logins on one account from one client address, and until when that address must
    wait: the lock-out binds the guesser's address, not the officer's."""

    __tablename__ = "login_throttles"
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), primary_key=True)
    client: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    last_failure_at: Mapped[datetime | None]


class JobRow(Base):
    """One background job's schedule, shared by every worker and replica: a worker runs the
    job only after claiming this row (xborder.store.jobs), so each run happens once."""

    __tablename__ = "jobs"
    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    next_due_at: Mapped[datetime]
    owner: Mapped[str | None] = mapped_column(String(100))
    lease_until: Mapped[datetime | None]
    last_started_at: Mapped[datetime | None]
    last_finished_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    runs: Mapped[int] = mapped_column(Integer, default=0)
    failures: Mapped[int] = mapped_column(Integer, default=0)


class PersonRow(Base):
    __tablename__ = "persons"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    owner_org_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    owner_country: Mapped[str] = mapped_column(String(2), index=True)
    restricted: Mapped[bool] = mapped_column(Boolean, default=False)
    sex: Mapped[str] = mapped_column(String(1))
    birth_dates: Mapped[list[Any]]
    place_of_birth: Mapped[str] = mapped_column(String(200), default="")
    country_of_birth: Mapped[str | None] = mapped_column(String(2))
    nationalities: Mapped[list[Any]]
    languages: Mapped[list[Any]]
    description: Mapped[dict[str, Any]]
    documents: Mapped[list[Any]]
    source: Mapped[str] = mapped_column(String(40), default="bureau")
    external_ref: Mapped[str | None] = mapped_column(String(100), index=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    names: Mapped[list[PersonNameRow]] = relationship(
        order_by="PersonNameRow.position", cascade="all, delete-orphan", lazy="selectin"
    )
    restrictions: Mapped[list[PersonRestrictionRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
    match_keys: Mapped[list[PersonMatchKeyRow]] = relationship(cascade="all, delete-orphan")


class PersonMatchKeyRow(Base):
    """An order-free folded key of one of the person's names or its usual Latin spellings
    (`xborder.persons.domain.match_keys`): finds other records of the same person (earlier
    requests, duplicates) with an index lookup instead of reading every record."""

    __tablename__ = "person_match_keys"
    person_id: Mapped[str] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(400), primary_key=True)
    __table_args__ = (Index("ix_person_match_keys_key", "key"),)


class PersonNameRow(Base):
    __tablename__ = "person_names"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    full: Mapped[str] = mapped_column(String(300))
    given: Mapped[str] = mapped_column(String(200), default="")
    family: Mapped[str] = mapped_column(String(200), default="")
    patronymic: Mapped[str] = mapped_column(String(200), default="")
    script: Mapped[str] = mapped_column(String(4))
    lang: Mapped[str] = mapped_column(String(8), default="")
    kind: Mapped[str] = mapped_column(String(20))
    system: Mapped[str] = mapped_column(String(30), default="")
    # ASCII-folded form used for search (xborder.names.fold).
    folded: Mapped[str] = mapped_column(String(400), index=True)


class PersonRestrictionRow(Base):
    """A country allowed to see a restricted person record (dissemination restriction)."""

    __tablename__ = "person_restrictions"
    person_id: Mapped[str] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True
    )
    country: Mapped[str] = mapped_column(String(2), primary_key=True)


class EventRow(Base):
    """Every state change: who, when, what, why. Holds a digest of the payload, not the data,
    so a lawful deletion of personal data never requires rewriting history."""

    __tablename__ = "events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor_user_id: Mapped[str | None] = mapped_column(String(36), index=True)
    actor_org_id: Mapped[str | None] = mapped_column(String(36))
    actor_label: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(60), index=True)
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[str] = mapped_column(String(64))
    payload_digest: Mapped[str] = mapped_column(String(64))
    summary: Mapped[dict[str, Any]]
    reason: Mapped[str] = mapped_column(Text, default="")
    signature: Mapped[str | None] = mapped_column(Text)
    # Random per event, mixed into the ledger leaf so a leaf reveals nothing guessable.
    salt: Mapped[str] = mapped_column(String(32), default="")
    __table_args__ = (Index("ix_events_subject", "subject_type", "subject_id"),)


class AccessLogRow(Base):
    """Every read of a person's data, with the purpose and legal basis the reader gave."""

    __tablename__ = "access_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(index=True)
    user_id: Mapped[str] = mapped_column(String(36), index=True)
    org_id: Mapped[str] = mapped_column(String(36))
    role: Mapped[str] = mapped_column(String(30))
    via: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(40))
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[str] = mapped_column(String(64), index=True)
    purpose: Mapped[str] = mapped_column(String(40))
    legal_basis: Mapped[str] = mapped_column(String(200))
    # Reserved for a keyed HMAC of the query; a plain hash of a name could be reversed.
    query_digest: Mapped[str | None] = mapped_column(String(64))


class LedgerLeafRow(Base):
    """Position of each event in the RFC 6962 tree, and the digest of the salted event.

    The digest is kept here so that the tree still verifies after a lawful deletion removes an
    event's content; `xborder ledger verify` recomputes it from the event row otherwise."""

    __tablename__ = "ledger_leaves"
    idx: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    event_id: Mapped[int] = mapped_column(Integer, unique=True)
    event_digest: Mapped[str] = mapped_column(String(64))


class LedgerCheckpointRow(Base):
    """A signed tree head as published (C2SP tlog-checkpoint text)."""

    __tablename__ = "ledger_checkpoints"
    size: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    root: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]


class BureauKeyRow(Base):
    """A bureau's public key (JWK). Revoked keys stay, with the time, to judge old signatures."""

    __tablename__ = "bureau_keys"
    kid: Mapped[str] = mapped_column(String(80), primary_key=True)
    country: Mapped[str] = mapped_column(String(2), index=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"))
    use: Mapped[str] = mapped_column(String(3))
    public_jwk: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    revocation_reason: Mapped[str] = mapped_column(Text, default="")


class MessageRow(Base):
    """An accepted envelope, kept whole (as signed) for non-repudiation."""

    __tablename__ = "messages"
    msg_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    conv_id: Mapped[str] = mapped_column(String(100), index=True)
    sender: Mapped[str] = mapped_column(String(2), index=True)
    service: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(40))
    kid: Mapped[str] = mapped_column(String(80))
    created: Mapped[datetime]
    received_at: Mapped[datetime]
    digest: Mapped[str] = mapped_column(String(64))
    envelope: Mapped[dict[str, Any]]


class MessageRecipientRow(Base):
    """One recipient's copy and its AS4-style state (received -> delivered -> downloaded ->
    acknowledged)."""

    __tablename__ = "message_recipients"
    msg_id: Mapped[str] = mapped_column(ForeignKey("messages.msg_id"), primary_key=True)
    country: Mapped[str] = mapped_column(String(2), primary_key=True, index=True)
    state: Mapped[str] = mapped_column(String(20))
    delivered_at: Mapped[datetime | None]
    retrieved_at: Mapped[datetime | None]
    acknowledged_at: Mapped[datetime | None]
    # Push delivery (AS4-style): ready_to_send -> sending -> delivered | retry -> send_failure.
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None]
    lease_until: Mapped[datetime | None]
    last_error: Mapped[str] = mapped_column(Text, default="")


class EvidenceRow(Base):
    """A signed ETSI REM-style evidence about a message (JWS by the secretariat's key)."""

    __tablename__ = "evidences"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    msg_id: Mapped[str] = mapped_column(String(100), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    recipient: Mapped[str | None] = mapped_column(String(2))
    reason: Mapped[str] = mapped_column(String(40), default="")
    at: Mapped[datetime]
    jws: Mapped[str] = mapped_column(Text)


class BureauEndpointRow(Base):
    """Where the hub pushes a bureau's messages; bureaus without one use the pull mailbox."""

    __tablename__ = "bureau_endpoints"
    country: Mapped[str] = mapped_column(String(2), primary_key=True)
    url: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime]


# --- notices (issue #4) ---------------------------------------------------------------------


class NoticeRow(Base):
    """A notice request and, once published, the notice. `content` holds the judicial data and
    the type's details (see `xborder.notices.domain`); identity particulars are in `persons`.

    After a commission deletion the row stays (the statistics and the ledger refer to it) but
    every field holding personal or case data is emptied."""

    __tablename__ = "notices"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)  # "2026/00042" (entity_id)
    notice_type: Mapped[str] = mapped_column(String(10), index=True)
    state: Mapped[str] = mapped_column(String(20), index=True)
    requesting_country: Mapped[str] = mapped_column(ForeignKey("countries.code"), index=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"))
    person_id: Mapped[str | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    content: Mapped[dict[str, Any]]
    restricted: Mapped[bool] = mapped_column(Boolean, default=False)
    public_extract: Mapped[bool] = mapped_column(Boolean, default=False)
    # Precautionary blocking by the commission while a case is pending: not served to anyone.
    blocked: Mapped[bool] = mapped_column(Boolean, default=False)
    risk: Mapped[int] = mapped_column(Integer, default=0)
    checks_run: Mapped[int] = mapped_column(Integer, default=0)  # latest run of the checks
    # the art. 3 charge families the latest run found (the requester's record is read from
    # them, so it need not re-read every earlier request)
    charge_families: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # Everyone who wrote the request's content: none of them may approve it (four-eyes).
    editors: Mapped[list[Any]]
    # True when the person record was created for this request (so it may go with it).
    owns_person: Mapped[bool] = mapped_column(Boolean, default=False)
    # Optimistic lock: two reviewers deciding at once cannot both win.
    version: Mapped[int] = mapped_column(Integer, default=1)
    review_inputs: Mapped[dict[str, Any]]  # the reviewer's own sources and findings
    envelope: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # the signed submission
    envelope_digest: Mapped[str | None] = mapped_column(String(64))
    created_by: Mapped[str] = mapped_column(String(36))
    approved_by: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(index=True)
    updated_at: Mapped[datetime]
    submitted_at: Mapped[datetime | None] = mapped_column(index=True)
    decided_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None] = mapped_column(index=True)
    suspended_until: Mapped[datetime | None]
    reminded_at: Mapped[datetime | None]  # the last expiry reminder sent
    closed_at: Mapped[datetime | None]
    restrictions: Mapped[list[NoticeRestrictionRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy reads it


class NoticeRestrictionRow(Base):
    __tablename__ = "notice_restrictions"
    notice_id: Mapped[str] = mapped_column(
        ForeignKey("notices.id", ondelete="CASCADE"), primary_key=True
    )
    country: Mapped[str] = mapped_column(String(2), primary_key=True)


class FindingRow(Base):
    """One compliance finding of one check run, with the facts it relied on."""

    __tablename__ = "notice_findings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    notice_id: Mapped[str] = mapped_column(ForeignKey("notices.id", ondelete="CASCADE"), index=True)
    run: Mapped[int] = mapped_column(Integer)
    rule_id: Mapped[str] = mapped_column(String(60))
    rule_version: Mapped[str] = mapped_column(String(20))
    severity: Mapped[str] = mapped_column(String(20))
    message: Mapped[str] = mapped_column(Text)
    evidence: Mapped[dict[str, Any]]
    disclosable: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]


class DecisionRow(Base):
    """A reviewer's (or the secretariat's) decision, with the rule versions it was made under
    and the signed notification the requester received."""

    __tablename__ = "notice_decisions"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    notice_id: Mapped[str] = mapped_column(ForeignKey("notices.id", ondelete="CASCADE"), index=True)
    decision: Mapped[str] = mapped_column(String(20))
    grounds: Mapped[list[Any]]
    rationale: Mapped[str] = mapped_column(Text)
    disclosed: Mapped[str] = mapped_column(Text)  # what the requester is told
    rule_versions: Mapped[dict[str, Any]]
    particular_importance: Mapped[bool] = mapped_column(Boolean, default=False)
    decided_by: Mapped[str] = mapped_column(String(36))
    decided_at: Mapped[datetime] = mapped_column(index=True)
    signed: Mapped[str] = mapped_column(Text)  # compact JWS by the secretariat


class NoticeNoteRow(Base):
    """Correspondence on a request: the reviewer's questions, the bureau's answers, and the
    source's lifecycle notes (suspension, withdrawal reasons)."""

    __tablename__ = "notice_notes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    notice_id: Mapped[str] = mapped_column(ForeignKey("notices.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    by_user: Mapped[str] = mapped_column(String(36))
    by_country: Mapped[str | None] = mapped_column(String(2))
    at: Mapped[datetime]


class FlagRow(Base):
    """A receiving country will not act on the notice on its territory."""

    __tablename__ = "notice_flags"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    notice_id: Mapped[str] = mapped_column(ForeignKey("notices.id", ondelete="CASCADE"), index=True)
    country: Mapped[str] = mapped_column(String(2), index=True)
    reason: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime]
    removed_at: Mapped[datetime | None]


class HitRow(Base):
    """A country located the person: when, where, what it did; the source must answer."""

    __tablename__ = "notice_hits"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    notice_id: Mapped[str] = mapped_column(ForeignKey("notices.id", ondelete="CASCADE"), index=True)
    country: Mapped[str] = mapped_column(String(2), index=True)
    seen_at: Mapped[datetime]
    place: Mapped[str] = mapped_column(String(300))
    action: Mapped[str] = mapped_column(String(40))
    references: Mapped[str] = mapped_column(String(300), default="")
    reported_by: Mapped[str] = mapped_column(String(36))
    reported_at: Mapped[datetime]
    answer_due: Mapped[datetime]
    answered_at: Mapped[datetime | None]
    answer: Mapped[str] = mapped_column(Text, default="")


class NoticeImageRow(Base):
    """A photograph attached to a notice (served publicly only with a public extract)."""

    __tablename__ = "notice_images"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    notice_id: Mapped[str] = mapped_column(ForeignKey("notices.id", ondelete="CASCADE"), index=True)
    media_type: Mapped[str] = mapped_column(String(40))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime]


class DiffusionRow(Base):
    """A diffusion: sent by a bureau straight to chosen countries (or all), reviewed after the
    fact. Under corrective measures it is `held` until the secretariat releases it."""

    __tablename__ = "diffusions"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20), index=True)
    sender_country: Mapped[str] = mapped_column(ForeignKey("countries.code"), index=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"))
    person_id: Mapped[str | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL"), index=True
    )
    to_all: Mapped[bool] = mapped_column(Boolean, default=False)
    title: Mapped[str] = mapped_column(String(300))
    content: Mapped[dict[str, Any]]
    envelope: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    envelope_digest: Mapped[str | None] = mapped_column(String(64))
    created_by: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(index=True)
    sent_at: Mapped[datetime | None]
    reviewed_by: Mapped[str | None] = mapped_column(String(36))
    reviewed_at: Mapped[datetime | None]
    review_rationale: Mapped[str] = mapped_column(Text, default="")
    # the automated checks at sending and at review (latest run), and the queue score
    findings: Mapped[list[Any]] = mapped_column(JSON, default=list)
    risk: Mapped[int] = mapped_column(Integer, default=0)
    recipients: Mapped[list[DiffusionRecipientRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )


class DiffusionRecipientRow(Base):
    __tablename__ = "diffusion_recipients"
    diffusion_id: Mapped[str] = mapped_column(
        ForeignKey("diffusions.id", ondelete="CASCADE"), primary_key=True
    )
    country: Mapped[str] = mapped_column(String(2), primary_key=True)
    # Set when the recipient is told to update its records (found non-compliant).
    update_notice_at: Mapped[datetime | None]
    acknowledged_at: Mapped[datetime | None]


class CorrectiveMeasureRow(Base):
    """A measure on a member country (docs/reference/corrective-measures.md); lifted by a recorded
    decision."""

    __tablename__ = "corrective_measures"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    country: Mapped[str] = mapped_column(ForeignKey("countries.code"), index=True)
    scopes: Mapped[list[Any]]
    reason: Mapped[str] = mapped_column(Text)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime | None]
    imposed_by: Mapped[str] = mapped_column(String(36))
    imposed_at: Mapped[datetime]
    lifted_at: Mapped[datetime | None]
    lifted_by: Mapped[str | None] = mapped_column(String(36))
    lift_reason: Mapped[str] = mapped_column(Text, default="")


class CountryContextRow(Base):
    """The secretariat's country context note, art. 2 risks with their sources, and dated
    events (elections, protests) the art. 3 timing indicator compares against."""

    __tablename__ = "country_context"
    country: Mapped[str] = mapped_column(ForeignKey("countries.code"), primary_key=True)
    note: Mapped[str] = mapped_column(Text, default="")
    art2_risks: Mapped[list[Any]]  # [{"risk", "source", "note"}]
    events: Mapped[list[Any]]  # [{"kind", "starts_on", "ends_on", "label"}]
    updated_by: Mapped[str] = mapped_column(String(36))
    updated_at: Mapped[datetime]


class ProtectedStatusRow(Base):
    """The protected-status register: persons with refugee, asylum or subsidiary protection
    (granted, or a claim pending), as a member state notified it over the exchange
    (`source` exchange, keyed by the state's own `reference`) or the secretariat typed it in
    (`source` secretariat). A revoked entry is kept (state revoked), never deleted; each change
    is an event.

    `granting_country` is never shown to a requesting bureau."""

    __tablename__ = "protected_status"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    # SET NULL: erasing a record never erases the protection (the register keeps its names).
    person_id: Mapped[str | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL"), index=True
    )
    names: Mapped[list[Any]]  # folded name keys (what entries recorded before 0011 hold)
    # The names as the granting state gave them, in any script: what the screening matcher
    # reads ({full, script, lang, given, family, patronymic}).
    name_forms: Mapped[list[Any]]
    birth_dates: Mapped[list[Any]]  # partial ISO dates or spans, as in persons
    nationalities: Mapped[list[Any]]  # as notified; never used against a match
    sex: Mapped[str] = mapped_column(String(1), default="U")
    protection_type: Mapped[str] = mapped_column(String(20))  # refugee | asylum | subsidiary
    state: Mapped[str] = mapped_column(String(20), index=True)  # granted | pending | revoked
    fled_country: Mapped[str] = mapped_column(String(2), index=True)
    granting_country: Mapped[str] = mapped_column(String(2))
    # The granting state's own reference (exchange entries): a later notice with the same
    # reference from the same state updates the entry.
    reference: Mapped[str | None] = mapped_column(String(100))
    granted_on: Mapped[str] = mapped_column(String(10), default="")
    # True when the status was granted on grounds that concern the requester differently
    # (docs/reference/notices.md, refugee policy: the exception).
    grounds_unrelated: Mapped[bool] = mapped_column(Boolean, default=False)
    # The person has since become a citizen of the protecting state (the protection from the
    # country fled still counts).
    naturalised: Mapped[bool] = mapped_column(Boolean, default=False)
    naturalised_on: Mapped[str] = mapped_column(String(10), default="")
    source: Mapped[str] = mapped_column(String(20))  # exchange | secretariat
    msg_id: Mapped[str | None] = mapped_column(String(100))  # the latest notifying envelope
    recorded_by: Mapped[str] = mapped_column(String(36))
    recorded_at: Mapped[datetime]
    updated_at: Mapped[datetime | None]
    __table_args__ = (
        # NULL references (the secretariat's entries) never collide.
        Index("uq_protected_status_reference", "granting_country", "reference", unique=True),
    )


class CommissionCaseRow(Base):
    """An individual's request to the files commission (docs/reference/commission.md)."""

    __tablename__ = "commission_cases"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # access | correction | deletion | revision
    state: Mapped[str] = mapped_column(String(20), index=True)
    applicant_name: Mapped[str] = mapped_column(String(300))
    represented_by: Mapped[str] = mapped_column(String(300), default="")
    contact: Mapped[str] = mapped_column(String(300), default="")
    statement: Mapped[str] = mapped_column(Text)
    # The applicant portal's access code, stored as SHA-256 (shown once, like a token).
    portal_code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    notice_id: Mapped[str | None] = mapped_column(ForeignKey("notices.id"), index=True)
    owning_country: Mapped[str | None] = mapped_column(String(2), index=True)
    blocked: Mapped[bool] = mapped_column(Boolean, default=False)
    received_at: Mapped[datetime] = mapped_column(index=True)
    admissible_at: Mapped[datetime | None]
    due_at: Mapped[datetime | None]
    consultation: Mapped[dict[str, Any]]
    decision: Mapped[dict[str, Any]]
    decided_at: Mapped[datetime | None]
    implement_due: Mapped[datetime | None]
    implemented_at: Mapped[datetime | None]
    notify_due: Mapped[datetime | None]
    notified_at: Mapped[datetime | None]
    updated_at: Mapped[datetime]


# --- screening (issue #5) --------------------------------------------------------------------


class ListEntryRow(Base):
    """An entity of an imported list (FollowTheMoney JSON), screenable as its own dataset."""

    __tablename__ = "list_entries"
    dataset: Mapped[str] = mapped_column(String(60), primary_key=True)
    # Indexed alone too: `GET /entities/{id}` looks an entity up without its dataset.
    entity_id: Mapped[str] = mapped_column(String(200), primary_key=True, index=True)
    schema: Mapped[str] = mapped_column(String(40))
    caption: Mapped[str] = mapped_column(String(500))
    properties: Mapped[dict[str, Any]]
    imported_at: Mapped[datetime]


class ScreeningRow(Base):
    """One screening request (one query or a batch): who, why, on which legal basis, against
    what, under which algorithm and threshold, from when to when (AI Act art. 12(3)). The
    query itself is kept only as a keyed HMAC; who verified each result is on the result."""

    __tablename__ = "screenings"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)  # the start of the use
    ended_at: Mapped[datetime | None]
    # The state of the reference database searched: dataset, events applied, records.
    reference_db: Mapped[str] = mapped_column(String(200), default="")
    user_id: Mapped[str] = mapped_column(String(36), index=True)
    org_id: Mapped[str] = mapped_column(String(36))
    via: Mapped[str] = mapped_column(String(20))
    purpose: Mapped[str] = mapped_column(String(40))
    legal_basis: Mapped[str] = mapped_column(String(200))
    dataset: Mapped[str] = mapped_column(String(60))
    queries: Mapped[int] = mapped_column(Integer)
    query_digest: Mapped[str] = mapped_column(String(64))
    algorithm: Mapped[str] = mapped_column(String(40))
    threshold: Mapped[str] = mapped_column(String(10))
    results: Mapped[int] = mapped_column(Integer)


class ScreeningResultRow(Base):
    """A possible match shown to a person, and that person's decision on it."""

    __tablename__ = "screening_results"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    screening_id: Mapped[str] = mapped_column(ForeignKey("screenings.id"), index=True)
    query_key: Mapped[str] = mapped_column(String(100))
    entry_id: Mapped[str] = mapped_column(String(260), index=True)
    dataset: Mapped[str] = mapped_column(String(60))
    score: Mapped[str] = mapped_column(String(10))
    is_match: Mapped[bool] = mapped_column(Boolean)
    # Keyed digest of the one query that led to this possible match (AI Act art. 12(3)(c)).
    query_digest: Mapped[str] = mapped_column(String(64), default="")
    features: Mapped[list[Any]]
    decision: Mapped[str | None] = mapped_column(String(20))  # confirmed | rejected
    decided_by: Mapped[str | None] = mapped_column(String(36))
    decided_at: Mapped[datetime | None]
    reason: Mapped[str] = mapped_column(Text, default="")
