"""Flags a bureau puts on a notice, and hits: a bureau found the person and the owner answers."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from xborder.identity.policy import Action, authorize
from xborder.kernel.actor import Actor
from xborder.kernel.clock import as_utc, utcnow
from xborder.kernel.errors import Conflict, Invalid, NotFound
from xborder.kernel.ids import new_id
from xborder.notices.access import get_visible, notice_event
from xborder.notices.commands import FlagIn, HitAnswerIn, HitIn
from xborder.notices.domain import HIT_ANSWER_HOURS, State
from xborder.notices.tables import FlagRow, HitRow, NoticeRow
from xborder.store.db import Database


def add_flag(db: Database, actor: Actor, notice_id: str, cmd: FlagIn) -> str:
    """A receiving country will not act on this notice on its territory."""
    authorize(actor, Action.NOTICE_FLAG)
    reason, note = cmd.reason, cmd.note
    now = utcnow()
    with db.transaction() as s:
        row = get_visible(s, actor, notice_id)
        if row.requesting_country == actor.country:
            raise Conflict("the requesting country does not flag its own notice")
        if row.state not in (State.PUBLISHED.value, State.SUSPENDED.value):
            raise Conflict("only a published notice is flagged")
        current = s.scalar(
            select(FlagRow).where(
                FlagRow.notice_id == row.id,
                FlagRow.country == actor.country,
                FlagRow.removed_at.is_(None),
            )
        )
        if current is not None:
            raise Conflict("your country has already flagged this notice")
        flag = FlagRow(
            id=new_id(),
            notice_id=row.id,
            country=actor.country or "",
            reason=reason.value,
            note=note.strip(),
            created_by=actor.user_id,
            created_at=now,
        )
        s.add(flag)
        s.flush()
        notice_event(
            s,
            actor,
            row,
            "flagged",
            {"reason": reason.value, "note": note},
            flag_country=actor.country,
            flag_reason=reason.value,
        )
        return flag.id


def remove_flag(db: Database, actor: Actor, notice_id: str) -> None:
    authorize(actor, Action.NOTICE_FLAG)
    with db.transaction() as s:
        row = get_visible(s, actor, notice_id)
        flag = s.scalar(
            select(FlagRow).where(
                FlagRow.notice_id == row.id,
                FlagRow.country == actor.country,
                FlagRow.removed_at.is_(None),
            )
        )
        if flag is None:
            raise NotFound("your country has no flag on this notice")
        flag.removed_at = utcnow()
        notice_event(s, actor, row, "flag_removed", None, flag_country=actor.country)


def report_hit(db: Database, actor: Actor, notice_id: str, cmd: HitIn) -> str:
    """A country located the person: the requester and the secretariat are told, and the
    requester owes an answer within HIT_ANSWER_HOURS."""
    authorize(actor, Action.NOTICE_HIT)
    place, action, references = cmd.place, cmd.action, cmd.references
    if not place.strip():
        raise Invalid("say where", field="place")
    now = utcnow()
    seen_at = as_utc(cmd.seen_at)
    if seen_at > now + timedelta(minutes=5):
        raise Invalid("a hit cannot be in the future", field="seen_at")
    with db.transaction() as s:
        row = get_visible(s, actor, notice_id)
        if row.requesting_country == actor.country:
            raise Conflict("the requesting country does not report hits on its own notice")
        if row.state != State.PUBLISHED.value:
            raise Conflict("hits are reported on published notices")
        hit = HitRow(
            id=new_id(),
            notice_id=row.id,
            country=actor.country or "",
            seen_at=seen_at,
            place=place.strip(),
            action=action.value,
            references=references.strip(),
            reported_by=actor.user_id,
            reported_at=now,
            answer_due=now + timedelta(hours=HIT_ANSWER_HOURS),
            answer="",
        )
        s.add(hit)
        s.flush()
        notice_event(
            s,
            actor,
            row,
            "hit",
            {"place": place, "references": references},
            hit_country=actor.country,
            hit_action=action.value,
        )
        return hit.id


def answer_hit(db: Database, actor: Actor, hit_id: str, cmd: HitAnswerIn) -> None:
    """The requesting country answers a hit on its notice (late once past its due time)."""
    authorize(actor, Action.NOTICE_HIT)
    answer = cmd.answer
    if not answer.strip():
        raise Invalid("the answer is empty", field="answer")
    with db.transaction() as s:
        hit = s.get(HitRow, hit_id)
        row = s.get(NoticeRow, hit.notice_id) if hit is not None else None
        if hit is None or row is None or row.requesting_country != actor.country:
            raise NotFound("no such hit")  # alike for a missing hit and another's
        if hit.answered_at is not None:
            raise Conflict("the hit was already answered")
        hit.answered_at = utcnow()
        hit.answer = answer.strip()
        notice_event(
            s,
            actor,
            row,
            "hit_answered",
            answer,
            hit=hit.id,
            late=as_utc(hit.answered_at) > as_utc(hit.answer_due),
        )
