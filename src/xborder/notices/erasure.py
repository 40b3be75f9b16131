"""The files commission's decisions carried out on a notice: erasure and blocking."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from xborder.identity.policy import Action, authorize
from xborder.kernel.actor import Actor
from xborder.kernel.clock import utcnow
from xborder.kernel.errors import Conflict, NotFound
from xborder.notices.access import move, notice_event
from xborder.notices.domain import (
    State,
    Transition,
)
from xborder.notices.drafting import person_in_use
from xborder.notices.tables import (
    DecisionRow,
    FindingRow,
    FlagRow,
    HitRow,
    NoticeImageRow,
    NoticeNoteRow,
    NoticeRow,
)
from xborder.persons.tables import PersonRow


def erase(s: Session, actor: Actor, notice_id: str, reason: str) -> None:
    """Carry out a deletion decided by the commission, inside the caller's transaction: the
    person's record and every field holding personal or case data go; the row keeps its
    number, type, country and dates for the statistics; the ledger keeps its (salted) leaves,
    so it still verifies."""
    authorize(actor, Action.COMMISSION_MANAGE)
    row = s.get(NoticeRow, notice_id)
    if row is None:
        raise NotFound("no such notice")
    now = utcnow()
    move(row, Transition.DELETE, now)
    if row.person_id:
        pid, row.person_id = row.person_id, None
        s.flush()
        # The record goes unless another notice or a diffusion still rests on it (the
        # decision is about this notice's data; the other keeps its own basis).
        prow = s.get(PersonRow, pid)
        if prow is not None and not person_in_use(s, pid):
            s.delete(prow)
    row.title = f"Deleted notice {row.number}"
    row.content = {"notice_type": row.notice_type}
    row.envelope = None
    row.review_inputs = {}
    row.public_extract = False
    row.restrictions = []
    row.closed_at = now
    for table in (FindingRow, NoticeNoteRow, NoticeImageRow, HitRow, FlagRow):
        for r in s.scalars(select(table).where(table.notice_id == row.id)):
            s.delete(r)
    for d in s.scalars(select(DecisionRow).where(DecisionRow.notice_id == row.id)):
        # The decision and its grounds stay for the statistics; its texts go (a question
        # may quote the data).
        d.rationale, d.disclosed, d.signed = "", "", ""
    s.flush()
    notice_event(s, actor, row, "deleted", None, reason=reason)


def set_blocked(s: Session, actor: Actor, notice_id: str, blocked: bool, reason: str) -> None:
    """The commission's precautionary blocking: a blocked notice is served to no bureau but
    its source, and to no public page."""
    authorize(actor, Action.COMMISSION_MANAGE)
    row = s.get(NoticeRow, notice_id)
    if row is None:
        raise NotFound("no such notice")
    if row.state == State.DELETED.value:
        raise Conflict("a deleted notice holds no data to block")
    row.blocked = blocked
    row.updated_at = utcnow()
    notice_event(s, actor, row, "blocked" if blocked else "unblocked", None, reason=reason)
