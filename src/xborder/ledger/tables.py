"""The ledger tables: the leaves of the RFC 6962 log (one per event) and its signed
checkpoints."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from xborder.store.tables import Base


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
