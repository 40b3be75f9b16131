"""The notices tables: notices and their restrictions, findings, decisions, notes, flags,
hits and images; diffusions and their recipients; and the country context and protected
status the compliance checks read."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from xborder.store.tables import ID, Base


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
