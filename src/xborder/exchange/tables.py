"""The exchange tables: bureaus' public keys, signed messages and their recipients,
evidence attached to them, and the push endpoints envelopes are delivered to."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from xborder.store.tables import Base


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
