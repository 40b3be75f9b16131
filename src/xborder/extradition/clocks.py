"""The case's clocks: deadlines from the legal basis and the steps taken, and the job that
alerts before they pass."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from xborder.extradition.cases import Entry, at, entry, event
from xborder.extradition.deadlines import (
    CaseClock,
    Deadline,
    MlaClock,
    MlaKind,
    deadline_state,
    extradition_deadlines,
    mla_deadlines,
    time_left,
    timezone_of,
)
from xborder.extradition.domain import (
    CaseKind,
    Outcome,
    State,
)
from xborder.extradition.legal_bases import get_basis
from xborder.extradition.listing import JobReport
from xborder.extradition.tables import JudicialCaseRow, JudicialEntryRow
from xborder.kernel.clock import iso, utcnow
from xborder.store.db import Database


@dataclass(frozen=True)
class DeadlineView:
    key: str
    label: str
    due: datetime
    local_due: datetime
    zone: str
    legal_ref: str
    state: str  # met | ok | warning | overdue
    seconds_left: int
    met_at: datetime | None
    late: bool = False  # met, but after it was due

    @property
    def overdue(self) -> bool:
        return self.state == "overdue"

    @property
    def left_text(self) -> str:
        """For people: "3 days 4 h left", "overdue by 2 days", "met"."""
        if self.state == "met":
            return "met late" if self.late else "met"
        secs = abs(self.seconds_left)
        days, rest = divmod(secs, 86400)
        hours = rest // 3600
        span = f"{days} day{'s' if days != 1 else ''} {hours} h" if days else f"{hours} h"
        return f"overdue by {span}" if self.seconds_left <= 0 else f"{span} left"


def case_clock(row: JudicialCaseRow) -> CaseClock:
    ended = at(row.ended_at)
    return CaseClock(
        provisional_arrest_at=at(row.arrested_at),
        formal_request_received_at=at(row.formal_received_at),
        consent_at=at(row.consent_at),
        decision_extended=bool((row.data or {}).get("decision_extended")),
        final_decision_at=at(row.decided_at),
        surrendered_at=ended
        if row.state in (State.SURRENDERED.value, State.CLOSED.value) and row.surrender_at
        else None,
        released_at=ended
        if row.state == State.RELEASED.value or (row.data or {}).get("release")
        else None,
        # The agreed date: if the person is not taken over, release follows (ECE art. 18(4)).
        surrender_agreed_for=at(row.surrender_at),
    )


def mla_clock(row: JudicialCaseRow) -> MlaClock:
    data = row.data or {}
    answered = at(row.ended_at) if row.state in ("executed", "refused", "closed") else None
    return MlaClock(
        received_at=at(row.requested_at),
        preserved_at=at(row.decided_at) if row.mla_kind == MlaKind.PRESERVATION.value else None,
        follow_up_request_at=datetime.fromisoformat(data["follow_up_at"])
        if data.get("follow_up_at")
        else None,
        answered_at=answered,
    )


def raw_deadlines(row: JudicialCaseRow) -> list[Deadline]:
    zone = timezone_of(row.requested_country)
    if row.kind == CaseKind.MLA.value:
        return mla_deadlines(MlaKind(row.mla_kind or "evidence"), mla_clock(row), zone)
    found = extradition_deadlines(get_basis(row.legal_basis), case_clock(row), zone)
    if row.outcome == Outcome.REFUSED.value:  # nobody is surrendered after a refusal
        found = [d for d in found if d.key != "surrender"]
    return found


def deadline_views(row: JudicialCaseRow, now: datetime) -> list[DeadlineView]:
    """The case's deadlines with their state and time left; none run once a case ended."""
    out = []
    ended = row.state in ENDED_STATES
    for d in raw_deadlines(row):
        state = deadline_state(d, now)
        if ended and state != "met":
            state = "met" if d.met else "ended"
        out.append(
            DeadlineView(
                key=d.key,
                label=d.label,
                due=d.due,
                local_due=d.local_due,
                zone=d.zone,
                legal_ref=d.legal_ref,
                state=state,
                seconds_left=int(time_left(d, now).total_seconds()),
                met_at=d.met_at,
                late=d.late,
            )
        )
    return out


def running_deadlines(row: JudicialCaseRow, now: datetime) -> list[DeadlineView]:
    """Open deadlines, the most pressing first (for lists)."""
    return sorted(
        (d for d in deadline_views(row, now) if d.state in ("ok", "warning", "overdue")),
        key=lambda d: d.due,
    )


ENDED_STATES = frozenset(
    {
        State.SURRENDERED.value,
        State.RELEASED.value,
        State.WITHDRAWN.value,
        State.CLOSED.value,
        "executed",
        "refused",
    }
)


LEVEL_TEXT = {
    "warning": "Deadline approaching",
    "overdue": "Deadline passed",
}


def run_deadline_job(db: Database, now: datetime | None = None) -> JobReport:
    """For a scheduled job (no actor): raise each deadline that is near (warning) or passed
    (overdue) to both states, once per deadline and level, as a timeline entry both see and an
    event. An overdue provisional arrest (no formal request in time) is the case it exists for.
    Each case runs in its own savepoint: one case that fails (a legal basis taken out of the
    configuration) is logged and skipped, and must not roll back every other case's alerts."""
    now = now or utcnow()
    report = JobReport()
    with db.transaction() as s:
        rows = list(
            s.scalars(
                select(JudicialCaseRow).where(JudicialCaseRow.state.not_in(sorted(ENDED_STATES)))
            )
        )
        for row in rows:
            number = row.number
            try:
                with s.begin_nested():
                    warnings, overdue = _case_alerts(s, row, now)
            except Exception as exc:  # any failure of one case: logged, the others go on
                logging.getLogger("xborder").error("deadlines of %s skipped: %s", number, exc)
                report.skipped.append(number)
                continue
            report.warnings += warnings
            report.overdue += overdue
            report.cases.extend([number] * (warnings + overdue))
    return report


def _case_alerts(s: Session, row: JudicialCaseRow, now: datetime) -> tuple[int, int]:
    """One case's alerts not yet raised: (warnings, overdue)."""
    warnings = overdue = 0
    for d in deadline_views(row, now):
        if d.state not in LEVEL_TEXT:
            continue
        # Per due date too: an extension moves the deadline, and its new warning must
        # come even though the old one was raised.
        key = f"deadline:{d.key}:{d.due.astimezone(UTC):%Y%m%dT%H%M}:{d.state}"
        seen = s.scalar(
            select(JudicialEntryRow.id).where(
                JudicialEntryRow.case_id == row.id, JudicialEntryRow.dedupe == key
            )
        )
        if seen is not None:
            continue
        what = f"{LEVEL_TEXT[d.state]}: {d.label}, due {d.local_due.isoformat()} ({d.zone})"
        details = {
            "deadline": d.key,
            "level": d.state,
            "due": iso(d.due),
            "notify": [row.requesting_country, row.requested_country],
        }
        entry(s, None, row, Entry(f"deadline_{d.state}", what, details, dedupe=key), now)
        event(s, None, row, f"deadline_{d.state}", {"deadline": d.key, "due": iso(d.due)})
        if d.state == "warning":
            warnings += 1
        else:
            overdue += 1
    return warnings, overdue
