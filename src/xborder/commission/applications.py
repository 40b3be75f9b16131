"""The applicant: an application on the public form, and following the case on the portal
with its number and code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from xborder.commission.cases import (
    _NO_CASE_HASH,
    APPLICANT_LABEL,
    MAX_NAME,
    MAX_STATEMENT,
    PORTAL_MISS,
    _code_digest,
    _final,
    _next_number,
    case_event,
    checked_text,
    new_portal_code,
    utc_or_none,
)
from xborder.commission.commands import ApplicationIn
from xborder.commission.domain import (
    APPLICANT_OUTCOME_TEXT,
    APPLICANT_STATE_TEXT,
    KIND_LABELS,
    UNDER_EXAMINATION,
    CaseKind,
    CaseState,
    Clock,
    Deadline,
    DeadlineName,
    Outcome,
)
from xborder.commission.tables import CommissionCaseRow
from xborder.identity import secrets as xsecrets
from xborder.kernel.clock import as_utc, utcnow
from xborder.kernel.errors import Conflict, NotFound
from xborder.kernel.ids import new_id
from xborder.store.db import Database


@dataclass(frozen=True)
class Application:
    case_id: str
    number: str
    portal_code: str  # shown once; only its SHA-256 is stored


def apply(db: Database, cmd: ApplicationIn) -> Application:
    """A request from an individual or their lawyer. Public: no login. Returns the case number
    and the portal code, which is never shown again."""
    k = cmd.kind
    name = checked_text(cmd.applicant_name, "applicant_name", MAX_NAME, required=True)
    text = checked_text(cmd.statement, "statement", MAX_STATEMENT, required=True)
    lawyer = checked_text(cmd.represented_by, "represented_by", MAX_NAME)
    reach = checked_text(cmd.contact, "contact", MAX_NAME)
    for attempt in range(3):
        code = new_portal_code()
        try:
            with db.transaction() as s:
                now = utcnow()
                row = CommissionCaseRow(
                    id=new_id(),
                    number=_next_number(s, now),
                    kind=k.value,
                    state=CaseState.RECEIVED.value,
                    applicant_name=name,
                    represented_by=lawyer,
                    contact=reach,
                    statement=text,
                    portal_code_hash=_code_digest(code),
                    consultation={},
                    decision={},
                    blocked=False,
                    received_at=now,
                    updated_at=now,
                )
                s.add(row)
                s.flush()
                case_event(
                    s,
                    None,
                    row,
                    "received",
                    {"applicant": name, "lawyer": lawyer, "contact": reach, "statement": text},
                    label=APPLICANT_LABEL,
                    represented=bool(lawyer),
                )
                return Application(row.id, row.number, code)
        except IntegrityError:  # two applications took the same number at once
            if attempt == 2:
                raise
    raise Conflict("the application could not be recorded; try again")


@dataclass(frozen=True)
class PortalView:
    """What the applicant may know: the state in words that reveal nothing about the data,
    the decision deadline, and, once told, the outcome (the data only for an access case
    whose owning bureau consented)."""

    number: str
    kind: str
    kind_label: str
    state_text: str
    received_at: datetime
    decision_due: datetime | None
    decision_clock: Clock | None
    told: bool
    outcome: str | None
    outcome_text: str
    message: str
    told_at: datetime | None
    carried_out_at: datetime | None
    disclosure: dict[str, Any] | None


def portal_status(db: Database, number: str, code: str) -> PortalView:
    """The applicant's view. A wrong number and a wrong code answer alike, and the code is
    compared in constant time against a stored hash (a dummy one when no case matches)."""
    digest = _code_digest(code or "")
    key = (number or "").strip().upper()[:20]
    with db.transaction() as s:
        row = s.scalar(select(CommissionCaseRow).where(CommissionCaseRow.number == key))
        stored = row.portal_code_hash if row is not None else _NO_CASE_HASH
        if not xsecrets.same(stored, digest) or row is None:
            raise NotFound(PORTAL_MISS)
        return _portal_view(row, utcnow())


def _portal_view(row: CommissionCaseRow, now: datetime) -> PortalView:
    state = CaseState(row.state)
    told = row.notified_at is not None
    final = _final(row)
    outcome = Outcome(final["outcome"]) if final and told else None
    due = utc_or_none(row.due_at)
    examining = state in UNDER_EXAMINATION
    admissibility = (row.decision or {}).get("admissibility") or {}
    inadmissible = admissibility.get("admissible") is False
    message = ""
    if not told and state not in (CaseState.RECEIVED, *UNDER_EXAMINATION):
        state_text = "Decided: the decision will be communicated to you."
    elif told and inadmissible:
        state_text = APPLICANT_STATE_TEXT[CaseState.INADMISSIBLE]
        message = str(admissibility.get("reasons", ""))
    else:
        state_text = APPLICANT_STATE_TEXT[state]
        if told and final:
            message = str(final.get("applicant_message", ""))
    disclosure = None
    if outcome == Outcome.DISCLOSE:
        disclosure = (row.decision or {}).get("disclosure")
    return PortalView(
        number=row.number,
        kind=row.kind,
        kind_label=KIND_LABELS[CaseKind(row.kind)],
        state_text=state_text,
        received_at=as_utc(row.received_at),
        decision_due=due if examining else None,
        decision_clock=Deadline(DeadlineName.DECISION, due).clock(now)
        if examining and due
        else None,
        told=told,
        outcome=outcome.value if outcome else None,
        outcome_text=APPLICANT_OUTCOME_TEXT[outcome] if outcome else "",
        message=message,
        told_at=utc_or_none(row.notified_at),
        carried_out_at=utc_or_none(row.implemented_at) if told else None,
        disclosure=disclosure,
    )
