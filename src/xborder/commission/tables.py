"""The commission's table: one case per individual's request."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    ForeignKey,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from xborder.store.tables import ID, Base


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
