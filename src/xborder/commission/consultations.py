"""The owning bureau answers the commission's consultations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from xborder.commission.cases import (
    MAX_REASONS,
    case_event,
    checked_text,
    move,
    rounds_of,
    utc_or_none,
)
from xborder.commission.commands import AnswerIn
from xborder.commission.domain import (
    CaseKind,
    CaseState,
    Step,
)
from xborder.commission.tables import CommissionCaseRow
from xborder.identity.policy import Action, authorize
from xborder.kernel.actor import Actor
from xborder.kernel.clock import iso, utcnow
from xborder.kernel.errors import Conflict, Invalid, NotFound
from xborder.notices.tables import NoticeRow
from xborder.store.db import Database


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
            rounds = rounds_of(row)
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
                    decision_due=utc_or_none(row.due_at),
                )
            )
    return sorted(out, key=lambda c: not c.waiting)


def answer_consultation(db: Database, actor: Actor, case_id: str, cmd: AnswerIn) -> None:
    """Only the bureau that owns the data answers; for an access case it says whether it
    consents to disclosure. Any other bureau is told the case does not exist."""
    authorize(actor, Action.COMMISSION_CONSULT)
    consent = cmd.consent
    text = checked_text(cmd.comments, "comments", MAX_REASONS)
    now = utcnow()
    with db.transaction() as s:
        row = s.get(CommissionCaseRow, case_id)
        rounds = rounds_of(row) if row is not None else []
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
        move(row, Step.ANSWER, now)
        rounds[-1] = {
            **rounds[-1],
            "answered_at": iso(now),
            "answered_by": actor.user_id,
            "consent": consent if is_access else None,
            "comments": text,
        }
        row.consultation = {**(row.consultation or {}), "rounds": rounds}
        case_event(
            s,
            actor,
            row,
            "consultation_answered",
            {"comments": text},
            country=actor.country,
            consent=consent if is_access else None,
        )
