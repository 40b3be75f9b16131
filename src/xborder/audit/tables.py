"""The audit tables: `events` (every change, each one a leaf of the ledger) and `access_log`
(every read of a person's data, with its purpose)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from xborder.store.tables import Base


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
