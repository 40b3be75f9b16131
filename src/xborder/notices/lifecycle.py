"""A notice's life after publication: suspension, withdrawal, renewal, cancellation, and the daily
job that expires and reminds."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select

from xborder.config import Settings
from xborder.identity.policy import Action, authorize
from xborder.kernel.actor import Actor
from xborder.kernel.clock import as_utc, utcnow
from xborder.kernel.errors import Conflict, Invalid
from xborder.notices.access import get_own, get_visible, move, notice_event
from xborder.notices.commands import CancelIn, ReasonIn, SuspendIn
from xborder.notices.domain import (
    DISCLOSED_GROUND_TEXT,
    EXPIRY_REMINDER_DAYS,
    SUSPENSION_MAX_DAYS,
    VALIDITY_YEARS,
    Decision,
    State,
    Transition,
    add_years,
)
from xborder.notices.review import Recorded, record_decision
from xborder.notices.tables import NoticeNoteRow, NoticeRow
from xborder.store.db import Database


def suspend(db: Database, actor: Actor, notice_id: str, cmd: SuspendIn) -> None:
    """The source pauses its notice for a while (a surrender being negotiated); the daily job
    resumes it when `until` passes."""
    authorize(actor, Action.NOTICE_SOURCE_MANAGE)
    now = utcnow()
    until = as_utc(cmd.until)
    if until <= now or until > now + timedelta(days=SUSPENSION_MAX_DAYS):
        raise Invalid(f"a suspension lasts at most {SUSPENSION_MAX_DAYS} days", field="until")
    _source_transition(db, actor, notice_id, Transition.SUSPEND, cmd.reason, until=until)


def _source_transition(
    db: Database,
    actor: Actor,
    notice_id: str,
    t: Transition,
    reason: str,
    until: datetime | None = None,
) -> None:
    if not reason.strip():
        raise Invalid("give the reason", field="reason")
    now = utcnow()
    with db.transaction() as s:
        row = get_own(s, actor, notice_id)
        if row.blocked and t in (Transition.RESUME, Transition.RENEW):
            raise Conflict("the commission has blocked this notice's data while a case is pending")
        move(row, t, now)
        if t == Transition.SUSPEND:
            row.suspended_until = until
        if t == Transition.RESUME:
            row.suspended_until = None
        if t == Transition.WITHDRAW:
            row.closed_at = now
        if t == Transition.RENEW:
            assert row.expires_at is not None
            row.expires_at = datetime.combine(add_years(now.date(), VALIDITY_YEARS), now.timetz())
            row.reminded_at = None
        s.add(
            NoticeNoteRow(
                notice_id=row.id,
                kind=t.value,
                text=reason.strip(),
                by_user=actor.user_id,
                by_country=actor.country,
                at=now,
            )
        )
        notice_event(s, actor, row, t.value, reason)


def resume(db: Database, actor: Actor, notice_id: str, cmd: ReasonIn) -> None:
    authorize(actor, Action.NOTICE_SOURCE_MANAGE)
    _source_transition(db, actor, notice_id, Transition.RESUME, cmd.reason)


def withdraw(db: Database, actor: Actor, notice_id: str, cmd: ReasonIn) -> None:
    authorize(actor, Action.NOTICE_SOURCE_MANAGE)
    _source_transition(db, actor, notice_id, Transition.WITHDRAW, cmd.reason)


def renew(db: Database, actor: Actor, notice_id: str, cmd: ReasonIn) -> None:
    authorize(actor, Action.NOTICE_SOURCE_MANAGE)
    _source_transition(db, actor, notice_id, Transition.RENEW, cmd.reason)


def cancel(db: Database, actor: Actor, settings: Settings, notice_id: str, cmd: CancelIn) -> None:
    """The secretariat cancels a published notice found non-compliant (counted with the
    refusals in the statistics, by ground)."""
    authorize(actor, Action.NOTICE_REVIEW)
    rationale, grounds = cmd.rationale, cmd.grounds
    if not rationale.strip() or not grounds:
        raise Invalid("a cancellation gives its grounds and rationale", field="grounds")
    now = utcnow()
    with db.transaction() as s:
        row = get_visible(s, actor, notice_id)
        move(row, Transition.CANCEL, now)
        row.closed_at = now
        gs = sorted(set(grounds))
        disclosed = "The notice has been cancelled. " + " ".join(
            DISCLOSED_GROUND_TEXT[g] for g in gs
        )
        record_decision(
            s, settings, actor, row, Recorded(Decision.CANCEL, gs, rationale, disclosed), now
        )
        notice_event(
            s,
            actor,
            row,
            "cancelled",
            rationale,
            grounds=[g.value for g in gs],
        )


@dataclass
class JobReport:
    expired: list[str] = field(default_factory=list)
    resumed: list[str] = field(default_factory=list)
    reminded: list[str] = field(default_factory=list)


def run_lifecycle_job(db: Database, now: datetime | None = None) -> JobReport:
    """The scheduled job: expire notices past their five years, end suspensions that ran
    out, and remind sources before expiry (90 and 30 days)."""
    now = now or utcnow()
    report = JobReport()
    with db.transaction() as s:
        live = list(
            s.scalars(
                select(NoticeRow).where(
                    NoticeRow.state.in_([State.PUBLISHED.value, State.SUSPENDED.value])
                )
            )
        )
        for row in live:
            if row.expires_at is not None and as_utc(row.expires_at) <= now:
                move(row, Transition.EXPIRE, now)
                row.closed_at = now
                notice_event(s, None, row, "expired", None)
                report.expired.append(row.number)
                continue
            if (
                row.state == State.SUSPENDED.value
                and row.suspended_until
                and as_utc(row.suspended_until) <= now
            ):
                move(row, Transition.RESUME, now)
                row.suspended_until = None
                notice_event(s, None, row, "resumed", None, reason="suspension period ended")
                report.resumed.append(row.number)
            if row.expires_at is None:
                continue
            left = as_utc(row.expires_at) - now
            due = [d for d in EXPIRY_REMINDER_DAYS if left <= timedelta(days=d)]
            last = as_utc(row.reminded_at) if row.reminded_at else None
            if due and (last is None or as_utc(row.expires_at) - last > timedelta(days=min(due))):
                row.reminded_at = now
                ends = as_utc(row.expires_at).date()
                s.add(
                    NoticeNoteRow(
                        notice_id=row.id,
                        kind="expiry_reminder",
                        text=f"This notice expires on {ends} unless renewed.",
                        by_user="system",
                        by_country=None,
                        at=now,
                    )
                )
                notice_event(s, None, row, "expiry_reminder", None, days_left=left.days)
                report.reminded.append(row.number)
    return report
