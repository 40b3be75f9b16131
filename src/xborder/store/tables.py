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
