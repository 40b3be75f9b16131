"""The corrective measures table: restrictions placed on a member country's bureau."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    ForeignKey,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from xborder.store.tables import ID, Base


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
