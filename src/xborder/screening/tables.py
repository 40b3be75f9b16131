"""The screening tables: imported watch-list entries, each screening run and each possible
match shown to a person with the decision on it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from xborder.store.tables import ID, Base


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
