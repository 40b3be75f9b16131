"""Who sees which request, and the helpers every notice use case shares: loading a row the actor
may see, moving it through its states with an event, numbering."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from xborder.audit.service import record_event
from xborder.identity.policy import notice_rule
from xborder.identity.rules import Rule
from xborder.kernel.actor import Actor
from xborder.kernel.errors import Forbidden, NotFound
from xborder.notices.domain import (
    State,
    Transition,
    next_state,
)
from xborder.notices.tables import NoticeRow
from xborder.store.db import next_number as store_next_number

# Until approved and signed, a request is the bureau's own work: nobody else sees it.
BUREAU_ONLY = (State.DRAFT.value, State.AWAITING_APPROVAL.value)


def _rule(actor: Actor) -> Rule:
    return notice_rule(actor, unsent=BUREAU_ONLY, published=State.PUBLISHED.value)


def visible(actor: Actor) -> ColumnElement[bool]:
    """Which requests and notices the actor sees (`identity.policy.notice_rule`), as SQL."""
    return _rule(actor).sql(NoticeRow)


def can_see(actor: Actor, row: NoticeRow) -> bool:
    """The same rule, for a row in memory."""
    return _rule(actor).holds(row)


def get_visible(s: Session, actor: Actor, notice_id: str) -> NoticeRow:
    """The row, or 404 alike for a missing record and one the actor may not see."""
    row = s.get(NoticeRow, notice_id)
    if row is None or not can_see(actor, row):
        raise NotFound("no such notice")
    return row


def get_own(s: Session, actor: Actor, notice_id: str) -> NoticeRow:
    row = get_visible(s, actor, notice_id)
    if row.requesting_country != actor.country:
        raise Forbidden("only the requesting bureau may do this")
    return row


def move(row: NoticeRow, transition: Transition, now: datetime) -> tuple[str, str]:
    before = row.state
    row.state = next_state(State(row.state), transition).value
    row.updated_at = now
    return before, row.state


def notice_event(
    s: Session,
    actor: Actor | None,
    row: NoticeRow,
    action: str,
    payload: Any,
    reason: str = "",
    **summary: Any,
) -> None:
    record_event(
        s,
        actor,
        f"notice.{action}",
        "notice",
        row.id,
        payload,
        summary={
            "number": row.number,
            "type": row.notice_type,
            "country": row.requesting_country,
            "state": row.state,
            **summary,
        },
        reason=reason,
    )


def next_number(s: Session, table: Any, now: datetime) -> str:
    """Control numbers run per year: `2026/00042` (the public API's entity_id form)."""
    return store_next_number(s, table.number, f"{now.year}/")
