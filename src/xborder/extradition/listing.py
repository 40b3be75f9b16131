"""Cases listed for an actor, with each one's state and the actions open to the actor;
links to the notice a case rests on."""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from xborder.extradition.cases import DECIDE, READ, SEND, side_of, text, visible
from xborder.extradition.domain import (
    DECIDING_STEPS,
    MLA_DECIDING_STEPS,
    MLA_STATE_LABELS,
    STATE_LABELS,
    CaseKind,
    MlaState,
    State,
    Step,
    may_act,
    mla_may_act,
    mla_steps_from,
    steps_from,
)
from xborder.extradition.legal_bases import get_basis
from xborder.extradition.tables import JudicialCaseRow, JudicialDocumentRow
from xborder.identity.policy import allowed, authorize
from xborder.kernel.actor import Actor
from xborder.kernel.clock import as_utc, iso, utcnow
from xborder.kernel.errors import Forbidden, Invalid
from xborder.notices.tables import HitRow, NoticeRow
from xborder.store.db import Database


@dataclass(frozen=True)
class CaseSummary:
    """One line of a list: no person's name (listing is not a read of a person's data)."""

    id: str
    number: str
    kind: str
    mla_kind: str | None
    state: str
    state_label: str
    outcome: str | None
    urgent: bool
    requesting_country: str
    requested_country: str
    legal_basis: str
    title: str
    requested_at: datetime
    next_deadline: Any | None  # a deadline view, the most pressing open one
    side: str | None


def list_cases(
    db: Database,
    actor: Actor,
    kind: CaseKind,
    state: str | None = None,
    urgent: bool | None = None,
    limit: int = 500,
    deadlines_of: Callable[[JudicialCaseRow, datetime], list[Any]] | None = None,
) -> list[CaseSummary]:
    """The cases the actor may see, urgent and overdue first, then by the nearest deadline."""
    authorize(actor, READ[kind])
    states = (
        {st.value for st in State} if kind == CaseKind.EXTRADITION else {m.value for m in MlaState}
    )
    if state and state not in states:
        raise Invalid(f"unknown state {state!r}", field="status", allowed=sorted(states))
    now = utcnow()
    with db.transaction() as s:
        q = (
            select(JudicialCaseRow)
            .where(and_(JudicialCaseRow.kind == kind.value, visible(actor)))
            .order_by(JudicialCaseRow.requested_at.desc())
            .limit(min(limit, 2000))
        )
        if state:
            q = q.where(JudicialCaseRow.state == state)
        if urgent is not None:
            q = q.where(JudicialCaseRow.urgent.is_(urgent))
        out = []
        for row in s.scalars(q):
            running = deadlines_of(row, now) if deadlines_of else []
            side = side_of(actor, row)
            out.append(
                CaseSummary(
                    id=row.id,
                    number=row.number,
                    kind=row.kind,
                    mla_kind=row.mla_kind,
                    state=row.state,
                    state_label=state_label(row),
                    outcome=row.outcome,
                    urgent=row.urgent,
                    requesting_country=row.requesting_country,
                    requested_country=row.requested_country,
                    legal_basis=row.legal_basis,
                    title=row.title,
                    requested_at=as_utc(row.requested_at),
                    next_deadline=running[0] if running else None,
                    side=side.value if side else None,
                )
            )

    def key(c: CaseSummary) -> tuple[int, int, float]:
        d = c.next_deadline
        if d is not None:
            return (0 if d.overdue else 1, 0 if c.urgent else 1, d.due.timestamp())
        return (2, 0 if c.urgent else 1, -c.requested_at.timestamp())

    return sorted(out, key=key)


def state_label(row: JudicialCaseRow) -> str:
    if row.kind == CaseKind.EXTRADITION.value:
        label = STATE_LABELS[State(row.state)]
        if row.state == State.DECIDED.value and row.outcome:
            label = f"Decided: {row.outcome.replace('_', ' ')}"
        return label
    return MLA_STATE_LABELS[MlaState(row.state)]


def actions_for(actor: Actor, row: JudicialCaseRow) -> list[str]:
    """What this actor may do now, for pages that offer only possible actions."""
    side = side_of(actor, row)
    if side is None:
        return []
    kind = CaseKind(row.kind)
    out: list[str] = []
    if kind == CaseKind.EXTRADITION:
        for step in steps_from(State(row.state)):
            if not may_act(step, side):
                continue
            needed = DECIDE[kind] if step in DECIDING_STEPS else SEND[kind]
            if not allowed(actor, needed):
                continue
            if step == Step.CONSENT and row.consent_at is not None:
                continue
            if (
                step == Step.DECIDE
                and row.state == State.PROVISIONAL_ARREST.value
                and row.consent_at is None
            ):
                continue
            if step == Step.ARRANGE_SURRENDER and row.outcome == "refused":
                continue
            if step == Step.ARREST and row.arrested_at is not None:
                continue
            if step == Step.EXTEND and (
                (row.data or {}).get("decision_extended")
                or get_basis(row.legal_basis).decision_extension_days is None
            ):
                continue
            out.append(step.value)
    else:
        for mstep in mla_steps_from(MlaState(row.state)):
            if not mla_may_act(mstep, side):
                continue
            needed = DECIDE[kind] if mstep in MLA_DECIDING_STEPS else SEND[kind]
            if allowed(actor, needed):
                out.append(mstep.value)
    if allowed(actor, SEND[kind]) and row.state != "closed":
        out.append("document")
    return out


def notice_link(s: Session, actor: Actor, notice_ref: str | None) -> tuple[NoticeRow | None, bool]:
    """The notice a case is linked to: the requesting bureau must own it. The secretariat
    published it, so the channel passes through the secretariat."""
    ref = text(notice_ref, "notice", 64)
    if not ref:
        return None, False
    notice = s.get(NoticeRow, ref) or s.scalar(select(NoticeRow).where(NoticeRow.number == ref))
    if notice is None or notice.requesting_country != actor.country:
        # The same answer for another bureau's notice as for none: numbers are sequential, and
        # a different answer would tell whether another bureau's unpublished request exists.
        raise Invalid("no such notice of your bureau", field="notice")
    if notice.notice_type != "red":
        raise Invalid("an extradition request follows a Red Notice", field="notice")
    return notice, True


def hit_notice(
    s: Session, actor: Actor, hit_id: str, requested: str, linked: NoticeRow | None
) -> NoticeRow:
    """A hit: the requested state located the person wanted by the requesting bureau's notice.
    The request follows the notice the hit was on."""
    hit = s.get(HitRow, hit_id)
    if hit is None:
        raise Invalid("no such hit", field="hit_id")
    notice = s.get(NoticeRow, hit.notice_id)
    if notice is None or notice.requesting_country != actor.country:
        raise Forbidden("only the bureau that owns the notice may act on its hit")
    if hit.country != requested:
        raise Invalid(f"the hit was reported by {hit.country}: request that state", field="hit_id")
    if linked is not None and linked.id != notice.id:
        raise Invalid("the hit is on another notice than the one named", field="notice")
    return notice


def export_documents(s: Session, row: JudicialCaseRow) -> list[dict[str, Any]]:
    return [
        {
            "kind": d.kind,
            "version": d.version,
            "media_type": d.media_type,
            "sha256": d.sha256,
            "country": d.country,
            "kid": d.kid,
            "note": d.note,
            "created_at": iso(d.created_at),
            "content_b64": base64.b64encode(d.content).decode(),
            "envelope": d.envelope,
        }
        for d in s.scalars(
            select(JudicialDocumentRow)
            .where(JudicialDocumentRow.case_id == row.id)
            .order_by(JudicialDocumentRow.created_at, JudicialDocumentRow.kind)
        )
    ]


@dataclass
class JobReport:
    warnings: int = 0
    overdue: int = 0
    cases: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # cases whose deadlines cannot be computed
