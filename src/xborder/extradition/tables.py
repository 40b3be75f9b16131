"""The extradition tables. They share `xborder.store.tables.Base`, so migrations and the schema
drift test see them (`xborder.platform.capabilities` imports every capability's tables).

One case table serves extradition and mutual legal assistance alike (`kind`): both are a
request from one state to another with a signed, versioned file, a timeline both sides see and
deadlines. Personal data live only in the documents (the request file), never in the case row,
so a list of cases is not a read of anyone's data.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from xborder.store.tables import ID, Base


class JudicialCaseRow(Base):
    """An extradition or MLA case between a requesting and a requested state."""

    __tablename__ = "judicial_cases"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)  # extradition | mla
    mla_kind: Mapped[str | None] = mapped_column(String(30))
    state: Mapped[str] = mapped_column(String(30), index=True)
    outcome: Mapped[str | None] = mapped_column(String(30))
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    requesting_country: Mapped[str] = mapped_column(String(2), index=True)
    requested_country: Mapped[str] = mapped_column(String(2), index=True)
    legal_basis: Mapped[str] = mapped_column(String(80))
    via_secretariat: Mapped[bool] = mapped_column(Boolean, default=False)
    notice_id: Mapped[str | None] = mapped_column(ForeignKey("notices.id"), index=True)
    hit_id: Mapped[str | None] = mapped_column(String(36))
    title: Mapped[str] = mapped_column(String(300))  # the offence, never the person
    # Rounds of additional information, consent, decision, surrender, release, MLA execution.
    data: Mapped[dict[str, Any]]
    requested_at: Mapped[datetime] = mapped_column(index=True)
    arrested_at: Mapped[datetime | None]
    formal_received_at: Mapped[datetime | None]
    acknowledged_at: Mapped[datetime | None]
    consent_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]
    surrender_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]  # surrendered, released, executed, withdrawn
    closed_at: Mapped[datetime | None]
    created_by: Mapped[str] = mapped_column(String(36))
    updated_at: Mapped[datetime]
    # Optimistic lock: the two states act on the same case (a withdrawal and a decision, two
    # extensions); the second writer gets a 409 instead of silently overwriting the first.
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy reads it


class JudicialDocumentRow(Base):
    """One version of one document of a case's file, hashed and signed by the bureau that
    sent it. A new version never replaces the old one."""

    __tablename__ = "judicial_documents"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("judicial_cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(60))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    envelope: Mapped[dict[str, Any]]
    kid: Mapped[str] = mapped_column(String(60))
    country: Mapped[str] = mapped_column(String(2))  # the signing bureau
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(36))
    __table_args__ = (
        Index("uq_judicial_document_version", "case_id", "kind", "version", unique=True),
    )


class JudicialEntryRow(Base):
    """The case's timeline, as both states see it: each step, document and deadline warning.
    `dedupe` makes the deadline job idempotent (one warning per deadline and level)."""

    __tablename__ = "judicial_timeline"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("judicial_cases.id"), index=True)
    at: Mapped[datetime]
    step: Mapped[str] = mapped_column(String(40))
    country: Mapped[str | None] = mapped_column(String(2))  # the side that acted; None: system
    user_id: Mapped[str | None] = mapped_column(String(36))
    text: Mapped[str] = mapped_column(Text)
    details: Mapped[dict[str, Any]]
    dedupe: Mapped[str | None] = mapped_column(String(120))
    __table_args__ = (Index("uq_judicial_timeline_dedupe", "case_id", "dedupe", unique=True),)
