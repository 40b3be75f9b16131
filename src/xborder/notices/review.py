"""The secretariat's review: the queue, the decision with its grounds, and questions to the
bureau."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from xborder.config import Settings
from xborder.exchange.hub import sign_evidence
from xborder.identity.policy import Action, authorize
from xborder.kernel.actor import Actor
from xborder.kernel.clock import as_utc, utcnow
from xborder.kernel.errors import Conflict, Invalid
from xborder.kernel.ids import new_id
from xborder.ledger import keys as ledger_keys
from xborder.notices import rules
from xborder.notices.access import get_own, get_visible, move, notice_event
from xborder.notices.checking import run_checks
from xborder.notices.commands import DecisionIn
from xborder.notices.domain import (
    DISCLOSED_GROUND_TEXT,
    VALIDITY_YEARS,
    Decision,
    NoticeContent,
    RefusalGround,
    State,
    Transition,
    add_years,
    next_state,
)
from xborder.notices.drafting import check_plausible, set_content
from xborder.notices.tables import DecisionRow, FindingRow, NoticeNoteRow, NoticeRow
from xborder.safeguards import service as country_data
from xborder.store.db import Database


@dataclass(frozen=True)
class QueueItem:
    id: str
    number: str
    notice_type: str
    state: str
    requesting_country: str
    title: str
    risk: int
    submitted_at: datetime
    age_days: int
    blocking: int
    review: int
    info: int


def review_queue(db: Database, actor: Actor, include_more_info: bool = True) -> list[QueueItem]:
    """Pending requests, highest risk first, then oldest: the checks order the queue, a
    person decides."""
    authorize(actor, Action.NOTICE_REVIEW)
    now = utcnow()
    states = [State.REQUESTED.value] + ([State.MORE_INFO.value] if include_more_info else [])
    with db.transaction() as s:
        rows = list(
            s.scalars(
                select(NoticeRow)
                .where(NoticeRow.state.in_(states))
                .order_by(NoticeRow.risk.desc(), NoticeRow.submitted_at.asc())
            )
        )
        out = []
        for r in rows:
            counts = _latest_counts(s, r.id)
            submitted = as_utc(r.submitted_at or r.created_at)
            out.append(
                QueueItem(
                    r.id,
                    r.number,
                    r.notice_type,
                    r.state,
                    r.requesting_country,
                    r.title,
                    r.risk,
                    submitted,
                    (now - submitted).days,
                    counts.get("blocking", 0),
                    counts.get("needs_review", 0),
                    counts.get("info", 0),
                )
            )
        return out


def latest_run(s: Session, notice_id: str) -> list[FindingRow]:
    """The findings of the latest run of the checks (a run may find nothing)."""
    run = s.scalar(select(NoticeRow.checks_run).where(NoticeRow.id == notice_id))
    return list(
        s.scalars(
            select(FindingRow)
            .where(FindingRow.notice_id == notice_id, FindingRow.run == run)
            .order_by(FindingRow.id)
        )
    )


def _latest_counts(s: Session, notice_id: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for f in latest_run(s, notice_id):
        counts[f.severity] = counts.get(f.severity, 0) + 1
    return counts


def decide(db: Database, actor: Actor, settings: Settings, notice_id: str, cmd: DecisionIn) -> str:
    """Publish, refuse (with grounds) or ask for more information. Publication is impossible
    while the latest checks hold a blocking finding; the penalty threshold's exception is
    the reviewer's explicit decision (`particular_importance`), recorded with the rule
    versions. Returns the signed decision (compact JWS) sent to the requester."""
    authorize(actor, Action.NOTICE_REVIEW)
    decision, rationale, question = cmd.decision, cmd.rationale, cmd.question
    if decision == Decision.CANCEL:
        raise Invalid("cancel a published notice with cancel()", field="decision")
    if not rationale.strip():
        raise Invalid("every decision carries its rationale", field="rationale")
    grounds = sorted(set(cmd.grounds))
    if decision == Decision.REFUSE and not grounds:
        raise Invalid("a refusal names at least one ground", field="grounds")
    if decision != Decision.REFUSE and grounds:
        raise Invalid("grounds belong to a refusal", field="grounds")
    if decision == Decision.ASK_INFO and not question.strip():
        raise Invalid("say what information is needed", field="question")
    now = utcnow()
    with db.transaction() as s:
        row = get_visible(s, actor, notice_id)
        transition = {
            Decision.PUBLISH: Transition.PUBLISH,
            Decision.REFUSE: Transition.REFUSE,
            Decision.ASK_INFO: Transition.ASK_INFO,
        }[decision]
        next_state(State(row.state), transition)  # refuse early, before any write
        if row.blocked:
            raise Conflict("the commission has blocked this notice's data while a case is pending")
        if decision == Decision.PUBLISH:
            if cmd.particular_importance:
                row.review_inputs = {**row.review_inputs, "particular_importance": True}
            # Checked again now: the register or the context may have changed since.
            run_checks(s, row, now, actor)
            blocking = [
                f for f in latest_run(s, row.id) if f.severity == rules.Severity.BLOCKING.value
            ]
            if blocking:
                raise Conflict(
                    "cannot publish while a check is blocking: "
                    + "; ".join(f"{f.rule_id}: {f.message}" for f in blocking),
                    blocking=[f.rule_id for f in blocking],
                )
        move(row, transition, now)
        if decision == Decision.ASK_INFO:
            s.add(
                NoticeNoteRow(
                    notice_id=row.id,
                    kind="question",
                    text=question.strip(),
                    by_user=actor.user_id,
                    by_country=None,
                    at=now,
                )
            )
        if decision in (Decision.PUBLISH, Decision.REFUSE):
            row.decided_at = now
        if decision == Decision.PUBLISH:
            row.published_at = now
            row.expires_at = datetime.combine(add_years(now.date(), VALIDITY_YEARS), now.timetz())
        if decision == Decision.REFUSE:
            row.closed_at = now
        signed = record_decision(
            s,
            settings,
            actor,
            row,
            Recorded(decision, grounds, rationale, _disclosed(decision, grounds, question)),
            now,
            cmd.particular_importance,
        )
        notice_event(
            s,
            actor,
            row,
            decision.value,
            {"rationale": rationale, "grounds": [g.value for g in grounds]},
            grounds=[g.value for g in grounds],
        )
        return signed


@dataclass(frozen=True)
class Recorded:
    """A decision as stored and signed: what was decided, on which grounds, why, and what the
    requester is told."""

    decision: Decision
    grounds: list[RefusalGround]
    rationale: str
    disclosed: str


def record_decision(
    s: Session,
    settings: Settings,
    actor: Actor,
    row: NoticeRow,
    recorded: Recorded,
    now: datetime,
    particular_importance: bool = False,
) -> str:
    """Store a decision with the rule versions (and thresholds) it was made under, and sign
    what the requester is told; returns that signed notification (compact JWS)."""
    decision, grounds, disclosed = recorded.decision, recorded.grounds, recorded.disclosed
    versions = rules.rule_versions(rules.RuleConfig(), country_data.queue_weights())
    signed = sign_evidence(
        ledger_keys.signer(settings),
        {
            "typ": "NoticeDecision",
            "notice": row.number,
            "to": row.requesting_country,
            "decision": decision.value,
            "grounds": [g.value for g in grounds],
            "disclosed": disclosed,
            "rule_versions": versions,
            "decided_at": now.isoformat(timespec="seconds"),
        },
    )
    s.add(
        DecisionRow(
            id=new_id(),
            notice_id=row.id,
            decision=decision.value,
            grounds=[g.value for g in grounds],
            rationale=recorded.rationale.strip(),
            disclosed=disclosed,
            rule_versions=versions,
            particular_importance=particular_importance,
            decided_by=actor.user_id,
            decided_at=now,
            signed=signed,
        )
    )
    return signed


def _disclosed(decision: Decision, grounds: list[RefusalGround], question: str) -> str:
    if decision == Decision.PUBLISH:
        return "The notice has been published."
    if decision == Decision.ASK_INFO:
        return f"More information is needed: {question.strip()}"
    return " ".join(DISCLOSED_GROUND_TEXT[g] for g in grounds)


def answer_info(
    db: Database, actor: Actor, notice_id: str, answer: str, content: NoticeContent | None = None
) -> None:
    """The bureau answers the reviewer's question. A plain answer returns the request to the
    queue with the checks re-run; an answer that amends the request goes back to a supervisor
    (four-eyes, someone who did not write it) to be signed again."""
    authorize(actor, Action.NOTICE_DRAFT)
    if not answer.strip():
        raise Invalid("the answer is empty", field="answer")
    now = utcnow()
    with db.transaction() as s:
        row = get_own(s, actor, notice_id)
        move(row, Transition.ANSWER if content is None else Transition.AMEND, now)
        if content is not None:
            if content.notice_type.value != row.notice_type:
                raise Invalid("the notice type of a request does not change", field="notice_type")
            check_plausible(s, row.person_id, content, now)
            set_content(row, content, now)
            if actor.user_id not in row.editors:
                row.editors = [*row.editors, actor.user_id]
        s.add(
            NoticeNoteRow(
                notice_id=row.id,
                kind="answer",
                text=answer.strip(),
                by_user=actor.user_id,
                by_country=actor.country,
                at=now,
            )
        )
        findings = run_checks(s, row, now, actor) if content is None else []
        notice_event(
            s,
            actor,
            row,
            "answered",
            {"answer": answer, "amended": content is not None},
            risk=row.risk,
            findings=len(findings),
        )
