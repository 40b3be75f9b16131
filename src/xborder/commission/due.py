"""Deadlines of open cases, for the scheduled job and the dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from xborder.commission.cases import times
from xborder.commission.domain import (
    DUE_SOON_DAYS,
    CaseState,
    open_deadlines,
)
from xborder.commission.tables import CommissionCaseRow
from xborder.identity.policy import Action, authorize
from xborder.kernel.actor import Actor
from xborder.kernel.clock import utcnow
from xborder.store.db import Database


@dataclass(frozen=True)
class DueItem:
    case_id: str
    number: str
    kind: str
    state: str
    deadline: str
    due: datetime
    days_left: int
    overdue: bool


def due_cases(
    db: Database, now: datetime | None = None, soon_days: int = DUE_SOON_DAYS
) -> list[DueItem]:
    """Running deadlines that are overdue or fall within `soon_days`, overdue first. For a
    scheduled job (no actor, like the notices' lifecycle job) and, through `due_for`, the
    commission's API."""
    now = now or utcnow()
    out = []
    with db.transaction() as s:
        rows = s.scalars(
            select(CommissionCaseRow).where(CommissionCaseRow.state != CaseState.CLOSED.value)
        )
        for row in rows:
            for d in open_deadlines(times(row)):
                c = d.clock(now)
                if c.overdue or c.days_left <= soon_days:
                    out.append(
                        DueItem(
                            row.id,
                            row.number,
                            row.kind,
                            row.state,
                            d.name.value,
                            d.due,
                            c.days_left,
                            c.overdue,
                        )
                    )
    return sorted(out, key=lambda i: i.due)


def due_for(db: Database, actor: Actor, soon_days: int = DUE_SOON_DAYS) -> list[DueItem]:
    authorize(actor, Action.COMMISSION_READ)
    return due_cases(db, soon_days=soon_days)
