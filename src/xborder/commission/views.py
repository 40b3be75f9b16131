"""The commission reads its cases: the list, one case with its deadlines and the actions open."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select

from xborder.audit.service import log_access
from xborder.commission.cases import (
    SUBJECT,
    load_case,
    ordered_deleted,
    rounds_of,
    times,
    utc_or_none,
)
from xborder.commission.domain import (
    BLOCKABLE_STATES,
    DEADLINE_LABELS,
    GROUND_LABELS,
    KIND_LABELS,
    LINKABLE_STATES,
    OUTCOME_LABELS,
    OUTCOMES,
    CaseKind,
    CaseState,
    Clock,
    DecisionGround,
    Step,
    deadlines,
    open_deadlines,
    steps_from,
)
from xborder.commission.tables import CommissionCaseRow
from xborder.identity.policy import Action, authorize
from xborder.kernel.actor import Actor
from xborder.kernel.clock import as_utc, iso, utcnow
from xborder.kernel.errors import Invalid
from xborder.kernel.purposes import Purpose
from xborder.notices import service as notices
from xborder.notices.tables import NoticeRow
from xborder.persons import codec
from xborder.store.db import Database


@dataclass(frozen=True)
class DeadlineView:
    name: str
    label: str
    due: datetime
    done_at: datetime | None
    clock: Clock


def _deadline_views(row: CommissionCaseRow, now: datetime) -> list[DeadlineView]:
    return [
        DeadlineView(d.name.value, DEADLINE_LABELS[d.name], d.due, d.done_at, d.clock(now))
        for d in deadlines(times(row))
    ]


@dataclass(frozen=True)
class CaseSummary:
    """One line of the dashboard: no applicant's name (listing is not a read of a person's
    data; opening the case is, and is logged)."""

    id: str
    number: str
    kind: str
    state: str
    received_at: datetime
    owning_country: str | None
    notice_number: str | None
    blocked: bool
    next_deadline: DeadlineView | None


def list_cases(
    db: Database, actor: Actor, state: str | None = None, limit: int = 500
) -> list[CaseSummary]:
    """Open cases with a running deadline first, most urgent (overdue) first; then cases
    awaiting admissibility, oldest first; then closed cases, newest first."""
    authorize(actor, Action.COMMISSION_READ)
    now = utcnow()
    with db.transaction() as s:
        q = (
            select(CommissionCaseRow, NoticeRow.number)
            .outerjoin(NoticeRow, NoticeRow.id == CommissionCaseRow.notice_id)
            .order_by(CommissionCaseRow.received_at.desc())
            .limit(min(limit, 2000))
        )
        if state:
            if state not in {st.value for st in CaseState}:
                raise Invalid(
                    f"unknown state {state!r}",
                    field="state",
                    allowed=[st.value for st in CaseState],
                )
            q = q.where(CommissionCaseRow.state == state)
        out = []
        for row, notice_number in s.execute(q):
            running = open_deadlines(times(row))
            nxt = None
            if running:
                d = running[0]
                nxt = DeadlineView(d.name.value, DEADLINE_LABELS[d.name], d.due, None, d.clock(now))
            out.append(
                CaseSummary(
                    id=row.id,
                    number=row.number,
                    kind=row.kind,
                    state=row.state,
                    received_at=as_utc(row.received_at),
                    owning_country=row.owning_country,
                    notice_number=notice_number,
                    blocked=row.blocked,
                    next_deadline=nxt,
                )
            )

    def key(c: CaseSummary) -> tuple[int, float]:
        if c.next_deadline is not None:
            return (0, c.next_deadline.due.timestamp())
        if c.state != CaseState.CLOSED.value:
            return (1, c.received_at.timestamp())
        return (2, -c.received_at.timestamp())

    return sorted(out, key=key)


@dataclass(frozen=True)
class CaseView:
    id: str
    number: str
    kind: str
    kind_label: str
    state: str
    applicant_name: str
    represented_by: str
    contact: str
    statement: str
    received_at: datetime
    admissible_at: datetime | None
    decided_at: datetime | None
    implemented_at: datetime | None
    notified_at: datetime | None
    owning_country: str | None
    blocked: bool
    notice: dict[str, Any] | None
    admissibility: dict[str, Any] | None
    consultation: list[dict[str, Any]]
    decision: dict[str, Any] | None
    implementation: dict[str, Any] | None
    notification: dict[str, Any] | None
    disclosure: dict[str, Any] | None
    deadlines: list[DeadlineView]
    actions: list[str]  # what may be done now: link, admit, reject, block, unblock, ...
    outcomes: list[tuple[str, str]] = field(default_factory=list)
    grounds: list[tuple[str, str]] = field(default_factory=list)


def _actions(row: CommissionCaseRow) -> list[str]:
    state = CaseState(row.state)
    steps = set(steps_from(state))
    rounds = rounds_of(row)
    waiting = bool(rounds) and rounds[-1].get("answered_at") is None
    acts: list[str] = []
    if state in LINKABLE_STATES and not row.blocked:
        acts.append("link")
    if Step.ADMIT in steps:
        acts += ["admit", "reject"]
    if row.notice_id and state in BLOCKABLE_STATES:
        if not row.blocked:
            acts.append("block")
        elif not ordered_deleted(row):
            acts.append("unblock")
    if Step.CONSULT in steps and row.owning_country and not waiting:
        acts.append("consult")
    if Step.DECIDE in steps:
        acts.append("decide")
    if Step.IMPLEMENT in steps:
        acts.append("implement")
    if Step.NOTIFY in steps and row.notified_at is None:
        acts.append("notify")
    return acts


def get_case(db: Database, actor: Actor, case_id: str) -> CaseView:
    """The whole case for the commission. Reading it is logged (the applicant's data), and so
    is the linked notice, through the notices service, with the purpose of this work."""
    authorize(actor, Action.COMMISSION_READ)
    now = utcnow()
    with db.transaction() as s:
        row = load_case(s, case_id)
        log_access(
            s, actor, "commission.case.read", SUBJECT, [row.id], Purpose.DATA_SUBJECT_REQUEST
        )
        decision = row.decision or {}
        view = CaseView(
            id=row.id,
            number=row.number,
            kind=row.kind,
            kind_label=KIND_LABELS[CaseKind(row.kind)],
            state=row.state,
            applicant_name=row.applicant_name,
            represented_by=row.represented_by,
            contact=row.contact,
            statement=row.statement,
            received_at=as_utc(row.received_at),
            admissible_at=utc_or_none(row.admissible_at),
            decided_at=utc_or_none(row.decided_at),
            implemented_at=utc_or_none(row.implemented_at),
            notified_at=utc_or_none(row.notified_at),
            owning_country=row.owning_country,
            blocked=row.blocked,
            notice=None,
            admissibility=decision.get("admissibility"),
            consultation=rounds_of(row),
            decision=decision.get("final"),
            implementation=decision.get("implementation"),
            notification=decision.get("notification"),
            disclosure=decision.get("disclosure"),
            deadlines=_deadline_views(row, now),
            actions=_actions(row),
            outcomes=[(o.value, OUTCOME_LABELS[o]) for o in OUTCOMES[CaseKind(row.kind)]],
            grounds=[(g.value, GROUND_LABELS[g]) for g in DecisionGround],
        )
        notice_id = row.notice_id
    if notice_id is None:
        return view
    n = notices.get_notice(db, actor, notice_id, Purpose.DATA_SUBJECT_REQUEST)
    linked = {
        "id": n.id,
        "number": n.number,
        "notice_type": n.notice_type,
        "state": n.state,
        "requesting_country": n.requesting_country,
        "title": n.title,
        "blocked": n.blocked,
        "published_at": iso(n.published_at) if n.published_at else None,
        "expires_at": iso(n.expires_at) if n.expires_at else None,
        "content": n.content,
        "person": codec.to_json(n.person) if n.person else None,
    }
    return replace(view, notice=linked)
