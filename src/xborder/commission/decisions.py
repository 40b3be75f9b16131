"""The commission acts: admissibility, blocking as a precaution, consulting the owning
bureau, the binding decision and carrying it out."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xborder.audit.service import log_access
from xborder.commission.cases import (
    MAX_REASONS,
    _final,
    _notice_reason,
    _set_decision,
    case_event,
    checked_text,
    load_case,
    move,
    ordered_deleted,
    rounds_of,
    utc_or_none,
)
from xborder.commission.commands import (
    AdmissibilityIn,
    BlockIn,
    DecisionIn,
    NotificationIn,
)
from xborder.commission.domain import (
    BLOCKABLE_STATES,
    LINKABLE_STATES,
    OUTCOMES,
    CaseKind,
    CaseState,
    Outcome,
    Step,
    decision_due,
    implement_due,
    next_state,
    notify_due,
    outcome_allowed,
    ready_to_close,
)
from xborder.commission.tables import CommissionCaseRow
from xborder.identity.policy import Action, authorize
from xborder.kernel.actor import Actor
from xborder.kernel.clock import iso, utcnow
from xborder.kernel.errors import Conflict, Invalid, NotFound
from xborder.kernel.purposes import Purpose
from xborder.notices import service as notices
from xborder.notices.domain import TRANSITIONS as NOTICE_TRANSITIONS
from xborder.notices.domain import State as NoticeState
from xborder.notices.domain import Transition as NoticeTransition
from xborder.notices.tables import NoticeRow
from xborder.persons import repository as person_repo
from xborder.persons.tables import PersonRow
from xborder.store.db import Database


def link_notice(db: Database, actor: Actor, case_id: str, notice_ref: str) -> None:
    """Name the notice the case is about (by its number, `2026/00042`, or its id); the bureau
    that requested it owns the data and is the one consulted."""
    authorize(actor, Action.COMMISSION_MANAGE)
    ref = checked_text(notice_ref, "notice", 64, required=True)
    with db.transaction() as s:
        row = load_case(s, case_id)
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
        case_event(s, actor, row, "notice_linked", {"notice": notice.id}, notice=notice.number)


def declare_admissibility(db: Database, actor: Actor, case_id: str, cmd: AdmissibilityIn) -> None:
    """Admissible starts the statutory clock (access 4 months, the others 9). Inadmissible
    needs reasons, which the applicant is told; any precautionary block is lifted."""
    authorize(actor, Action.COMMISSION_MANAGE)
    admissible = cmd.admissible
    why = checked_text(cmd.reasons, "reasons", MAX_REASONS, required=not admissible)
    now = utcnow()
    with db.transaction() as s:
        row = load_case(s, case_id)
        move(row, Step.ADMIT if admissible else Step.REJECT, now)
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
        case_event(
            s,
            actor,
            row,
            "admissible" if admissible else "inadmissible",
            {"reasons": why},
            due=iso(row.due_at) if row.due_at else None,
            notify_due=iso(row.notify_due) if row.notify_due else None,
        )


def set_blocking(db: Database, actor: Actor, case_id: str, cmd: BlockIn) -> None:
    """The precautionary block while the case is pending: the notice is then served to no
    bureau but its source, and to no public page (`notices.service.set_blocked`)."""
    authorize(actor, Action.COMMISSION_MANAGE)
    blocked = cmd.blocked
    why = checked_text(cmd.reason, "reason", MAX_REASONS, required=True)
    with db.transaction() as s:
        row = load_case(s, case_id)
        if row.notice_id is None:
            raise Conflict("name the notice the case is about first")
        if CaseState(row.state) not in BLOCKABLE_STATES:
            raise Conflict(f"a {row.state} case no longer blocks data")
        if blocked == row.blocked:
            raise Conflict("the data are already blocked" if blocked else "nothing is blocked")
        if blocked:
            _block(s, actor, row)
        elif ordered_deleted(row):
            raise Conflict("data ordered deleted stay blocked until the deletion is carried out")
        else:
            _release_block(s, actor, row, "precaution lifted")
        row.updated_at = utcnow()
        case_event(s, actor, row, "blocked" if blocked else "unblocked", {"reason": why})


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
    q = checked_text(question, "question", MAX_REASONS, required=True)
    now = utcnow()
    with db.transaction() as s:
        row = load_case(s, case_id)
        if row.owning_country is None:
            raise Conflict("name the notice first: the bureau that owns it is consulted")
        rounds = rounds_of(row)
        if rounds and rounds[-1].get("answered_at") is None:
            raise Conflict("the bureau has not answered the last question yet")
        move(row, Step.CONSULT, now)
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
        case_event(
            s,
            actor,
            row,
            "consulted",
            {"question": q},
            country=row.owning_country,
            round=len(rounds),
        )


def decide(db: Database, actor: Actor, case_id: str, cmd: DecisionIn) -> None:
    """The binding decision, with its reasons and, for a deletion or correction, the grounds
    on which the data did not comply (the secretariat's checks weigh them if the person is
    requested again). Disclosure needs the owning bureau's consent in its latest answer. A
    deletion blocks the notice at once; it is carried out (and its one-month clock stopped)
    by `implement`. Both the implementation and the applicant's
    notification are then due within one month."""
    authorize(actor, Action.COMMISSION_MANAGE)
    o = cmd.outcome
    why = checked_text(cmd.reasons, "reasons", MAX_REASONS, required=True)
    message = checked_text(cmd.applicant_message, "applicant_message", MAX_REASONS)
    found = [g.value for g in dict.fromkeys(cmd.grounds)]
    if found and o not in (Outcome.DELETE, Outcome.CORRECT):
        raise Invalid("grounds go with a deletion or a correction", field="grounds")
    now = utcnow()
    with db.transaction() as s:
        row = load_case(s, case_id)
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
            answered = [r for r in rounds_of(row) if r.get("answered_at")]
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
        move(row, Step.DECIDE, now)
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
        case_event(
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
    text = checked_text(note, "note", MAX_REASONS)
    now = utcnow()
    with db.transaction() as s:
        row = load_case(s, case_id)
        final = _final(row)
        next_state(CaseState(row.state), Step.IMPLEMENT)
        assert final is not None
        o = Outcome(final["outcome"])
        if o == Outcome.CORRECT and not text:
            raise Invalid("say how the owning bureau corrected the data", field="note")
        move(row, Step.IMPLEMENT, now)
        due = utc_or_none(row.implement_due)
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
        case_event(
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


def record_notification(db: Database, actor: Actor, case_id: str, cmd: NotificationIn) -> None:
    """The applicant was told (letter, e-mail to the lawyer...); from now on the portal shows
    the outcome. Records whether the one-month deadline was met."""
    authorize(actor, Action.COMMISSION_MANAGE)
    how = checked_text(cmd.channel, "channel", 200, required=True)
    text = checked_text(cmd.note, "note", MAX_REASONS)
    now = utcnow()
    with db.transaction() as s:
        row = load_case(s, case_id)
        if row.notified_at is not None:
            raise Conflict("the applicant was already told")
        move(row, Step.NOTIFY, now)
        due = utc_or_none(row.notify_due)
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
        case_event(
            s, actor, row, "applicant_notified", record, due=record["due"], late=record["late"]
        )


def _close_if_done(row: CommissionCaseRow, now: datetime) -> None:
    if ready_to_close(CaseState(row.state), row.notified_at is not None):
        move(row, Step.CLOSE, now)
