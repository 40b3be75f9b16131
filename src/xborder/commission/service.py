"""Use cases of the files commission (docs/reference/commission.md): an individual (or their
lawyer) applies
and follows the case on a portal; the commission decides on admissibility, may block the data
as a precaution, consults the bureau that owns the data, and takes a binding decision that the
system carries out (a deletion erases the notice's personal data while the ledger still
verifies).

Every state change writes its event in the same transaction. Events carry no personal data:
the commission's reasons and the applicant's words are in the (digested) payload, never in an
event's summary or reason. Every read of the linked notice is access-logged with the purpose
`data_subject_request`.

Who sees what: the commission's role works the cases; the supervisor of the bureau that owns
the data sees only the consultations addressed to it (never the applicant's name, contact or
statement, which could help locate a wanted person); nobody else sees a case. The applicant
sees the case through its number and a one-time portal code.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from xborder.audit.service import log_access, record_event
from xborder.commission.domain import (
    APPLICANT_OUTCOME_TEXT,
    APPLICANT_STATE_TEXT,
    BLOCKABLE_STATES,
    DEADLINE_LABELS,
    DUE_SOON_DAYS,
    GROUND_LABELS,
    KIND_LABELS,
    LINKABLE_STATES,
    OUTCOME_LABELS,
    OUTCOMES,
    UNDER_EXAMINATION,
    CaseKind,
    CaseState,
    CaseTimes,
    Clock,
    Deadline,
    DeadlineName,
    DecisionGround,
    Outcome,
    Step,
    deadlines,
    decision_due,
    implement_due,
    next_state,
    notify_due,
    open_deadlines,
    outcome_allowed,
    ready_to_close,
    steps_from,
)
from xborder.identity import secrets as xsecrets
from xborder.identity.policy import Action, authorize
from xborder.kernel.actor import Actor
from xborder.kernel.clock import as_utc, iso, utcnow
from xborder.kernel.errors import Conflict, Invalid, NotFound
from xborder.kernel.ids import new_id
from xborder.kernel.purposes import Purpose
from xborder.notices import service as notices
from xborder.notices.domain import TRANSITIONS as NOTICE_TRANSITIONS
from xborder.notices.domain import State as NoticeState
from xborder.notices.domain import Transition as NoticeTransition
from xborder.persons import codec
from xborder.persons import repository as person_repo
from xborder.store.db import Database
from xborder.store.tables import CommissionCaseRow, NoticeRow, PersonRow

SUBJECT = "commission_case"
APPLICANT_LABEL = "applicant (public form)"
PORTAL_MISS = "no case matches this number and code"  # one answer for either being wrong

# The portal code: 20 characters from an alphabet without look-alikes (0/O, 1/I), 100 bits,
# grouped by five for reading over the phone. Stored only as SHA-256, like a token.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 20
_NO_CASE_HASH = "0" * 64

MAX_NAME = 300
MAX_STATEMENT = 20_000
MAX_REASONS = 20_000


# --- small helpers ---------------------------------------------------------------------------


def new_portal_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 5] for i in range(0, CODE_LENGTH, 5))


def _code_digest(code: str) -> str:
    """Case, spaces and hyphens do not matter when the applicant types the code back."""
    return xsecrets.digest("".join(ch for ch in code.upper() if ch.isalnum()))


def _text(value: str, field_name: str, limit: int, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise Invalid(f"{field_name.replace('_', ' ')} is required", field=field_name)
    if len(value) > limit:
        raise Invalid(f"{field_name.replace('_', ' ')} is too long (max {limit})", field=field_name)
    return value


def _kind(value: CaseKind | str) -> CaseKind:
    try:
        return CaseKind(value)
    except ValueError:
        raise Invalid(
            f"unknown kind of request {value!r}", field="kind", allowed=[k.value for k in CaseKind]
        ) from None


def _outcome(value: Outcome | str) -> Outcome:
    try:
        return Outcome(value)
    except ValueError:
        raise Invalid(
            f"unknown outcome {value!r}", field="outcome", allowed=[o.value for o in Outcome]
        ) from None


def _at(value: datetime | None) -> datetime | None:
    return as_utc(value) if value is not None else None


def _times(row: CommissionCaseRow) -> CaseTimes:
    return CaseTimes(
        state=CaseState(row.state),
        due_at=_at(row.due_at),
        decided_at=_at(row.decided_at),
        implement_due=_at(row.implement_due),
        implemented_at=_at(row.implemented_at),
        notify_due=_at(row.notify_due),
        notified_at=_at(row.notified_at),
    )


def _case(s: Session, case_id: str) -> CommissionCaseRow:
    row = s.get(CommissionCaseRow, case_id)
    if row is None:
        raise NotFound("no such case")
    return row


def _move(row: CommissionCaseRow, step: Step, now: datetime) -> None:
    row.state = next_state(CaseState(row.state), step).value
    row.updated_at = now


def _event(
    s: Session,
    actor: Actor | None,
    row: CommissionCaseRow,
    action: str,
    payload: Any,
    label: str | None = None,
    **summary: Any,
) -> None:
    record_event(
        s,
        actor,
        f"commission.{action}",
        SUBJECT,
        row.id,
        payload,
        summary={
            "number": row.number,
            "kind": row.kind,
            "state": row.state,
            "owning_country": row.owning_country,
            **summary,
        },
        label=label,
    )


def _rounds(row: CommissionCaseRow) -> list[dict[str, Any]]:
    return [dict(r) for r in (row.consultation or {}).get("rounds", [])]


def _final(row: CommissionCaseRow) -> dict[str, Any] | None:
    final = (row.decision or {}).get("final")
    return dict(final) if final else None


def _ordered_deleted(row: CommissionCaseRow) -> bool:
    final = _final(row)
    return final is not None and final.get("outcome") == Outcome.DELETE.value


def _grounds(raw: Sequence[str] | str) -> list[str]:
    allowed = [g.value for g in DecisionGround]
    items = [raw] if isinstance(raw, str) else list(raw)
    out = [g for g in dict.fromkeys(str(x).strip() for x in items) if g]
    bad = [g for g in out if g not in allowed]
    if bad:
        raise Invalid(f"unknown grounds {bad}", field="grounds", allowed=allowed)
    return out


def _set_decision(row: CommissionCaseRow, key: str, value: Any) -> None:
    # JSON columns are not mutation-tracked: assign a new dict.
    row.decision = {**(row.decision or {}), key: value}


def _next_number(s: Session, now: datetime) -> str:
    prefix = f"CCF/{now.year}/"
    last = s.scalar(
        select(CommissionCaseRow.number)
        .where(CommissionCaseRow.number.like(f"{prefix}%"))
        .order_by(CommissionCaseRow.number.desc())
        .limit(1)
    )
    seq = int(last.rsplit("/", 1)[1]) + 1 if last else 1
    return f"{prefix}{seq:05d}"


def _notice_reason(row: CommissionCaseRow, what: str) -> str:
    """The reason written on the notice's own events: no personal data, only the case."""
    return f"{what} (Files Commission case {row.number})"


# --- the applicant ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Application:
    case_id: str
    number: str
    portal_code: str  # shown once; only its SHA-256 is stored


def apply(
    db: Database,
    kind: CaseKind | str,
    applicant_name: str,
    statement: str,
    represented_by: str = "",
    contact: str = "",
) -> Application:
    """A request from an individual or their lawyer. Public: no login. Returns the case number
    and the portal code, which is never shown again."""
    k = _kind(kind)
    name = _text(applicant_name, "applicant_name", MAX_NAME, required=True)
    text = _text(statement, "statement", MAX_STATEMENT, required=True)
    lawyer = _text(represented_by, "represented_by", MAX_NAME)
    reach = _text(contact, "contact", MAX_NAME)
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
                _event(
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
    due = _at(row.due_at)
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
        told_at=_at(row.notified_at),
        carried_out_at=_at(row.implemented_at) if told else None,
        disclosure=disclosure,
    )


# --- the commission: reading ------------------------------------------------------------------


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
        for d in deadlines(_times(row))
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
            running = open_deadlines(_times(row))
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
    rounds = _rounds(row)
    waiting = bool(rounds) and rounds[-1].get("answered_at") is None
    acts: list[str] = []
    if state in LINKABLE_STATES and not row.blocked:
        acts.append("link")
    if Step.ADMIT in steps:
        acts += ["admit", "reject"]
    if row.notice_id and state in BLOCKABLE_STATES:
        if not row.blocked:
            acts.append("block")
        elif not _ordered_deleted(row):
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
        row = _case(s, case_id)
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
            admissible_at=_at(row.admissible_at),
            decided_at=_at(row.decided_at),
            implemented_at=_at(row.implemented_at),
            notified_at=_at(row.notified_at),
            owning_country=row.owning_country,
            blocked=row.blocked,
            notice=None,
            admissibility=decision.get("admissibility"),
            consultation=_rounds(row),
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


# --- the commission: acting -------------------------------------------------------------------


def link_notice(db: Database, actor: Actor, case_id: str, notice_ref: str) -> None:
    """Name the notice the case is about (by its number, `2026/00042`, or its id); the bureau
    that requested it owns the data and is the one consulted."""
    authorize(actor, Action.COMMISSION_MANAGE)
    ref = _text(notice_ref, "notice", 64, required=True)
    with db.transaction() as s:
        row = _case(s, case_id)
        if CaseState(row.state) not in LINKABLE_STATES:
            raise Conflict("the notice is named before the owning bureau is consulted")
        if row.blocked:
            raise Conflict("lift the precautionary block before naming another notice")
        notice = s.get(NoticeRow, ref) or s.scalar(select(NoticeRow).where(NoticeRow.number == ref))
        if notice is None:
            raise NotFound("no such notice")
        row.notice_id = notice.id
        row.owning_country = notice.requesting_country
        row.updated_at = utcnow()
        _event(s, actor, row, "notice_linked", {"notice": notice.id}, notice=notice.number)


def declare_admissibility(
    db: Database, actor: Actor, case_id: str, admissible: bool, reasons: str = ""
) -> None:
    """Admissible starts the statutory clock (access 4 months, the others 9). Inadmissible
    needs reasons, which the applicant is told; any precautionary block is lifted."""
    authorize(actor, Action.COMMISSION_MANAGE)
    why = _text(reasons, "reasons", MAX_REASONS, required=not admissible)
    now = utcnow()
    with db.transaction() as s:
        row = _case(s, case_id)
        _move(row, Step.ADMIT if admissible else Step.REJECT, now)
        _set_decision(
            row,
            "admissibility",
            {"admissible": admissible, "reasons": why, "by": actor.user_id, "at": iso(now)},
        )
        if admissible:
            row.admissible_at = now
            row.due_at = decision_due(CaseKind(row.kind), now)
        else:
            row.notify_due = notify_due(now)
            if row.blocked:
                _release_block(s, actor, row, "request inadmissible")
        _event(
            s,
            actor,
            row,
            "admissible" if admissible else "inadmissible",
            {"reasons": why},
            due=iso(row.due_at) if row.due_at else None,
            notify_due=iso(row.notify_due) if row.notify_due else None,
        )


def set_blocking(db: Database, actor: Actor, case_id: str, blocked: bool, reason: str) -> None:
    """The precautionary block while the case is pending: the notice is then served to no
    bureau but its source, and to no public page (`notices.service.set_blocked`)."""
    authorize(actor, Action.COMMISSION_MANAGE)
    why = _text(reason, "reason", MAX_REASONS, required=True)
    with db.transaction() as s:
        row = _case(s, case_id)
        if row.notice_id is None:
            raise Conflict("name the notice the case is about first")
        if CaseState(row.state) not in BLOCKABLE_STATES:
            raise Conflict(f"a {row.state} case no longer blocks data")
        if blocked == row.blocked:
            raise Conflict("the data are already blocked" if blocked else "nothing is blocked")
        if blocked:
            _block(s, actor, row)
        elif _ordered_deleted(row):
            raise Conflict("data ordered deleted stay blocked until the deletion is carried out")
        else:
            _release_block(s, actor, row, "precaution lifted")
        row.updated_at = utcnow()
        _event(s, actor, row, "blocked" if blocked else "unblocked", {"reason": why})


def _block(s: Session, actor: Actor, row: CommissionCaseRow) -> None:
    assert row.notice_id is not None
    notice = s.get(NoticeRow, row.notice_id)
    if notice is None or notice.state == NoticeState.DELETED.value:
        raise Conflict("the notice was deleted; there is nothing to block")
    if not notice.blocked:
        notices.set_blocked(
            s, actor, notice.id, True, _notice_reason(row, "precaution while a case is pending")
        )
    row.blocked = True


def _release_block(s: Session, actor: Actor, row: CommissionCaseRow, what: str) -> None:
    """Lift this case's block; the notice stays blocked while another open case blocks it."""
    row.blocked = False
    if row.notice_id is None:
        return
    others = s.scalar(
        select(CommissionCaseRow.id).where(
            CommissionCaseRow.notice_id == row.notice_id,
            CommissionCaseRow.id != row.id,
            CommissionCaseRow.blocked.is_(True),
        )
    )
    notice = s.get(NoticeRow, row.notice_id)
    if (
        others is None
        and notice is not None
        and notice.blocked
        and notice.state != NoticeState.DELETED.value
    ):
        notices.set_blocked(s, actor, notice.id, False, _notice_reason(row, what))


def consult(db: Database, actor: Actor, case_id: str, question: str) -> None:
    """Ask the bureau that owns the data (for access: whether it consents to disclosure)."""
    authorize(actor, Action.COMMISSION_MANAGE)
    q = _text(question, "question", MAX_REASONS, required=True)
    now = utcnow()
    with db.transaction() as s:
        row = _case(s, case_id)
        if row.owning_country is None:
            raise Conflict("name the notice first: the bureau that owns it is consulted")
        rounds = _rounds(row)
        if rounds and rounds[-1].get("answered_at") is None:
            raise Conflict("the bureau has not answered the last question yet")
        _move(row, Step.CONSULT, now)
        rounds.append(
            {
                "question": q,
                "asked_at": iso(now),
                "asked_by": actor.user_id,
                "answered_at": None,
                "answered_by": None,
                "consent": None,
                "comments": "",
            }
        )
        row.consultation = {"country": row.owning_country, "rounds": rounds}
        _event(
            s,
            actor,
            row,
            "consulted",
            {"question": q},
            country=row.owning_country,
            round=len(rounds),
        )


def decide(
    db: Database,
    actor: Actor,
    case_id: str,
    outcome: Outcome | str,
    reasons: str,
    applicant_message: str = "",
    grounds: Sequence[str] | str = (),
) -> None:
    """The binding decision, with its reasons and, for a deletion or correction, the grounds
    on which the data did not comply (the secretariat's checks weigh them if the person is
    requested again). Disclosure needs the owning bureau's consent in its latest answer. A
    deletion blocks the notice at once; it is carried out (and its one-month clock stopped)
    by `implement`. Both the implementation and the applicant's
    notification are then due within one month."""
    authorize(actor, Action.COMMISSION_MANAGE)
    o = _outcome(outcome)
    why = _text(reasons, "reasons", MAX_REASONS, required=True)
    message = _text(applicant_message, "applicant_message", MAX_REASONS)
    found = _grounds(grounds)
    if found and o not in (Outcome.DELETE, Outcome.CORRECT):
        raise Invalid("grounds go with a deletion or a correction", field="grounds")
    now = utcnow()
    with db.transaction() as s:
        row = _case(s, case_id)
        kind = CaseKind(row.kind)
        if not outcome_allowed(kind, o):
            raise Invalid(
                f"a {kind.value} case ends in one of: "
                + ", ".join(x.value for x in OUTCOMES[kind]),
                field="outcome",
                allowed=[x.value for x in OUTCOMES[kind]],
            )
        next_state(CaseState(row.state), Step.DECIDE)  # refuse early, before any check
        if o in (Outcome.DISCLOSE, Outcome.DELETE, Outcome.CORRECT) and row.notice_id is None:
            raise Conflict("name the notice the decision is about first")
        if o == Outcome.DISCLOSE:
            answered = [r for r in _rounds(row) if r.get("answered_at")]
            if not answered or answered[-1].get("consent") is not True:
                raise Conflict("the owning bureau has not consented to disclosure")
        notice = s.get(NoticeRow, row.notice_id) if row.notice_id else None
        if o == Outcome.DELETE:
            assert notice is not None
            st = NoticeState(notice.state)
            if st != NoticeState.DELETED and (st, NoticeTransition.DELETE) not in (
                NOTICE_TRANSITIONS
            ):
                raise Conflict(f"a {st.value} request has not reached the files; nothing to delete")
        _move(row, Step.DECIDE, now)
        row.decided_at = now
        row.implement_due = implement_due(now)
        row.notify_due = notify_due(now)
        _set_decision(
            row,
            "final",
            {
                "outcome": o.value,
                "reasons": why,
                "applicant_message": message,
                "grounds": found,
                "by": actor.user_id,
                "at": iso(now),
            },
        )
        if (
            o == Outcome.DELETE
            and notice is not None
            and not row.blocked
            and notice.state != NoticeState.DELETED.value
        ):
            _block(s, actor, row)  # ordered deleted: served to no one meanwhile
        _event(
            s,
            actor,
            row,
            "decided",
            {"reasons": why, "applicant_message": message},
            outcome=o.value,
            implement_due=iso(row.implement_due),
            notify_due=iso(row.notify_due),
        )


def implement(db: Database, actor: Actor, case_id: str, note: str = "") -> None:
    """Carry out the decision. A deletion erases the notice's personal data in this same
    transaction (`notices.service.erase`: the person's record goes, the ledger keeps its
    salted leaves). A disclosure takes the copy the applicant will see (a logged read). Every
    other outcome ends the precaution. Records whether the one-month deadline was met."""
    authorize(actor, Action.COMMISSION_MANAGE)
    text = _text(note, "note", MAX_REASONS)
    now = utcnow()
    with db.transaction() as s:
        row = _case(s, case_id)
        final = _final(row)
        next_state(CaseState(row.state), Step.IMPLEMENT)
        assert final is not None
        o = Outcome(final["outcome"])
        if o == Outcome.CORRECT and not text:
            raise Invalid("say how the owning bureau corrected the data", field="note")
        _move(row, Step.IMPLEMENT, now)
        due = _at(row.implement_due)
        record: dict[str, Any] = {
            "at": iso(now),
            "by": actor.user_id,
            "note": text,
            "due": iso(due) if due else None,
            "late": due is not None and now > due,
        }
        if o == Outcome.DELETE:
            assert row.notice_id is not None
            notice = s.get(NoticeRow, row.notice_id)
            assert notice is not None
            if notice.state != NoticeState.DELETED.value:
                notices.erase(
                    s, actor, notice.id, _notice_reason(row, "deletion ordered by the Commission")
                )
            record["deleted_notice"] = notice.number
            row.blocked = False  # the data are gone; the precaution has nothing left to hold
        else:
            if o == Outcome.DISCLOSE:
                assert row.notice_id is not None
                _set_decision(row, "disclosure", _disclosure(s, actor, row.notice_id, now))
            if row.blocked:
                _release_block(s, actor, row, "decision carried out")
        _set_decision(row, "implementation", record)
        row.implemented_at = now
        _close_if_done(row, now)
        _event(
            s,
            actor,
            row,
            "implemented",
            record,
            outcome=o.value,
            due=record["due"],
            late=record["late"],
            deleted_notice=record.get("deleted_notice"),
        )


def _disclosure(s: Session, actor: Actor, notice_id: str, now: datetime) -> dict[str, Any]:
    """The copy of the data the applicant is shown. Taking it is a read of the person's data,
    logged like any other."""
    notice = s.get(NoticeRow, notice_id)
    if notice is None:
        raise NotFound("no such notice")
    if notice.state == NoticeState.DELETED.value:
        raise Conflict("the notice was deleted; there is nothing to disclose")
    prow = s.get(PersonRow, notice.person_id) if notice.person_id else None
    person = person_repo.from_row(prow) if prow is not None else None
    if person is not None:
        log_access(
            s, actor, "commission.disclose", "person", [person.id], Purpose.DATA_SUBJECT_REQUEST
        )
    log_access(s, actor, "commission.disclose", "notice", [notice.id], Purpose.DATA_SUBJECT_REQUEST)
    content = notice.content or {}
    judicial = content.get("judicial") or {}
    return {
        "taken_at": iso(now),
        "notice": {
            "number": notice.number,
            "type": notice.notice_type,
            "state": notice.state,
            "requesting_country": notice.requesting_country,
            "published_at": iso(notice.published_at) if notice.published_at else None,
            "expires_at": iso(notice.expires_at) if notice.expires_at else None,
        },
        "person": None
        if person is None
        else {
            "names": [n.full for n in person.names],
            "sex": person.sex.value,
            "birth_dates": [d.iso() for d in person.birth_dates],
            "nationalities": list(person.nationalities),
        },
        "summary": str(content.get("summary", "")),
        "offences": [str(o.get("description", "")) for o in judicial.get("offences", [])],
        "facts_summary": str(judicial.get("facts_summary", "")),
    }


def record_notification(
    db: Database, actor: Actor, case_id: str, channel: str, note: str = ""
) -> None:
    """The applicant was told (letter, e-mail to the lawyer...); from now on the portal shows
    the outcome. Records whether the one-month deadline was met."""
    authorize(actor, Action.COMMISSION_MANAGE)
    how = _text(channel, "channel", 200, required=True)
    text = _text(note, "note", MAX_REASONS)
    now = utcnow()
    with db.transaction() as s:
        row = _case(s, case_id)
        if row.notified_at is not None:
            raise Conflict("the applicant was already told")
        _move(row, Step.NOTIFY, now)
        due = _at(row.notify_due)
        record = {
            "at": iso(now),
            "by": actor.user_id,
            "channel": how,
            "note": text,
            "due": iso(due) if due else None,
            "late": due is not None and now > due,
        }
        _set_decision(row, "notification", record)
        row.notified_at = now
        _close_if_done(row, now)
        _event(s, actor, row, "applicant_notified", record, due=record["due"], late=record["late"])


def _close_if_done(row: CommissionCaseRow, now: datetime) -> None:
    if ready_to_close(CaseState(row.state), row.notified_at is not None):
        _move(row, Step.CLOSE, now)


# --- the owning bureau ------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsultationItem:
    """A consultation as the owning bureau sees it: its own notice and the commission's
    questions; never who applied, how to reach them, or what they wrote."""

    case_id: str
    case_number: str
    kind: str
    state: str
    notice_id: str | None
    notice_number: str | None
    notice_title: str | None
    rounds: list[dict[str, Any]]
    waiting: bool  # the last question awaits this bureau's answer
    decision_due: datetime | None


def _bureau_rounds(rounds: list[dict[str, Any]]) -> list[dict[str, Any]]:
    keep = ("question", "asked_at", "answered_at", "consent", "comments")
    return [{k: r.get(k) for k in keep} for r in rounds]


def list_consultations(db: Database, actor: Actor) -> list[ConsultationItem]:
    """The consultations addressed to the actor's bureau, those awaiting an answer first."""
    authorize(actor, Action.COMMISSION_CONSULT)
    if actor.country is None:
        return []
    with db.transaction() as s:
        q = (
            select(CommissionCaseRow, NoticeRow.number, NoticeRow.title)
            .outerjoin(NoticeRow, NoticeRow.id == CommissionCaseRow.notice_id)
            .where(CommissionCaseRow.owning_country == actor.country)
            .order_by(CommissionCaseRow.received_at)
        )
        out = []
        for row, number, title in s.execute(q):
            rounds = _rounds(row)
            if not rounds:
                continue
            out.append(
                ConsultationItem(
                    case_id=row.id,
                    case_number=row.number,
                    kind=row.kind,
                    state=row.state,
                    notice_id=row.notice_id,
                    notice_number=number,
                    notice_title=title,
                    rounds=_bureau_rounds(rounds),
                    waiting=row.state == CaseState.CONSULTATION.value
                    and rounds[-1].get("answered_at") is None,
                    decision_due=_at(row.due_at),
                )
            )
    return sorted(out, key=lambda c: not c.waiting)


def answer_consultation(
    db: Database, actor: Actor, case_id: str, consent: bool | None, comments: str = ""
) -> None:
    """Only the bureau that owns the data answers; for an access case it says whether it
    consents to disclosure. Any other bureau is told the case does not exist."""
    authorize(actor, Action.COMMISSION_CONSULT)
    text = _text(comments, "comments", MAX_REASONS)
    now = utcnow()
    with db.transaction() as s:
        row = s.get(CommissionCaseRow, case_id)
        rounds = _rounds(row) if row is not None else []
        if (
            row is None
            or actor.country is None
            or row.owning_country != actor.country
            or not rounds
        ):
            raise NotFound("no such consultation")
        if row.state != CaseState.CONSULTATION.value or rounds[-1].get("answered_at"):
            raise Conflict("no question of the Commission awaits your answer")
        is_access = row.kind == CaseKind.ACCESS.value
        if is_access and consent is None:
            raise Invalid("say whether your bureau consents to disclosure", field="consent")
        if not is_access and not text:
            raise Invalid("give your bureau's answer", field="comments")
        _move(row, Step.ANSWER, now)
        rounds[-1] = {
            **rounds[-1],
            "answered_at": iso(now),
            "answered_by": actor.user_id,
            "consent": consent if is_access else None,
            "comments": text,
        }
        row.consultation = {**(row.consultation or {}), "rounds": rounds}
        _event(
            s,
            actor,
            row,
            "consultation_answered",
            {"comments": text},
            country=actor.country,
            consent=consent if is_access else None,
        )


# --- deadlines, for the scheduled job and the dashboard ---------------------------------------


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
            for d in open_deadlines(_times(row)):
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
