"""Reading notices: one notice with what the actor may see of it (its person read with a purpose),
lists, open hits."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xborder.audit.service import log_access
from xborder.identity.policy import Action, authorize, sees_everything
from xborder.kernel.actor import Actor
from xborder.kernel.clock import as_utc
from xborder.kernel.purposes import Purpose
from xborder.notices.access import BUREAU_ONLY, get_visible, visible
from xborder.notices.checking import person_of, same_person_candidates
from xborder.notices.domain import (
    FlagReason,
    State,
)
from xborder.notices.review import latest_run
from xborder.notices.tables import DecisionRow, FlagRow, HitRow, NoticeNoteRow, NoticeRow
from xborder.persons.domain import Person
from xborder.store.db import Database


@dataclass
class NoticeView:
    """A notice as one actor may see it: findings and decisions filtered to what may be
    disclosed to a bureau."""

    id: str
    number: str
    notice_type: str
    state: str
    requesting_country: str
    title: str
    content: dict[str, Any]
    person: Person | None
    risk: int
    blocked: bool
    public_extract: bool
    restricted_to: list[str] | None
    created_at: datetime
    submitted_at: datetime | None
    published_at: datetime | None
    expires_at: datetime | None
    suspended_until: datetime | None
    envelope_digest: str | None
    findings: list[dict[str, Any]]
    decisions: list[dict[str, Any]]
    notes: list[dict[str, Any]]
    flags: list[dict[str, Any]]
    hits: list[dict[str, Any]]
    is_source: bool
    can_approve: bool
    review_inputs: dict[str, Any]
    history: list[dict[str, Any]] = field(default_factory=list)  # secretariat only
    similar: list[dict[str, Any]] = field(default_factory=list)  # secretariat only


def get_notice(db: Database, actor: Actor, notice_id: str, purpose: Purpose) -> NoticeView:
    authorize(actor, Action.NOTICE_READ)
    with db.transaction() as s:
        row = get_visible(s, actor, notice_id)
        person = person_of(s, row)
        if person is not None:
            log_access(s, actor, "notice.read", "person", [person.id], purpose)
        log_access(s, actor, "notice.read", "notice", [row.id], purpose)
        return _view(s, actor, row, person)


def _view(s: Session, actor: Actor, row: NoticeRow, person: Person | None) -> NoticeView:
    internal = sees_everything(actor)
    source = actor.country == row.requesting_country
    findings = [
        {
            "rule_id": f.rule_id,
            "rule_version": f.rule_version,
            "severity": f.severity,
            "message": f.message,
            "evidence": f.evidence if internal else {},
            "run": f.run,
        }
        for f in latest_run(s, row.id)
        if internal or (source and f.disclosable)
    ]
    decisions = [
        {
            "decision": d.decision,
            "grounds": d.grounds,
            "disclosed": d.disclosed,
            "decided_at": as_utc(d.decided_at),
            "signed": d.signed,
            **(
                {
                    "rationale": d.rationale,
                    "rule_versions": d.rule_versions,
                    "particular_importance": d.particular_importance,
                }
                if internal
                else {}
            ),
        }
        for d in s.scalars(
            select(DecisionRow)
            .where(DecisionRow.notice_id == row.id)
            .order_by(DecisionRow.decided_at)
        )
        if internal or source
    ]
    notes = [
        {"kind": n.kind, "text": n.text, "by_country": n.by_country, "at": as_utc(n.at)}
        for n in s.scalars(
            select(NoticeNoteRow)
            .where(NoticeNoteRow.notice_id == row.id)
            .order_by(NoticeNoteRow.id)
        )
        if internal or (source and n.kind != "reviewer_internal")
    ]
    flags = [
        _flag_view(f, actor, internal, source)
        for f in s.scalars(
            select(FlagRow).where(FlagRow.notice_id == row.id, FlagRow.removed_at.is_(None))
        )
        if internal or source or f.country == actor.country
    ]
    hits = [
        {
            "id": h.id,
            "country": h.country,
            "seen_at": as_utc(h.seen_at),
            "place": h.place,
            "action": h.action,
            "references": h.references,
            "answer_due": as_utc(h.answer_due),
            "answered_at": as_utc(h.answered_at) if h.answered_at else None,
            "answer": h.answer,
        }
        for h in s.scalars(
            select(HitRow).where(HitRow.notice_id == row.id).order_by(HitRow.reported_at)
        )
        if internal or source or h.country == actor.country
    ]
    return NoticeView(
        id=row.id,
        number=row.number,
        notice_type=row.notice_type,
        state=row.state,
        requesting_country=row.requesting_country,
        title=row.title,
        content=row.content,
        person=person,
        risk=row.risk if internal else 0,
        blocked=row.blocked,
        public_extract=row.public_extract,
        restricted_to=sorted(r.country for r in row.restrictions) if row.restricted else None,
        created_at=as_utc(row.created_at),
        submitted_at=as_utc(row.submitted_at) if row.submitted_at else None,
        published_at=as_utc(row.published_at) if row.published_at else None,
        expires_at=as_utc(row.expires_at) if row.expires_at else None,
        suspended_until=as_utc(row.suspended_until) if row.suspended_until else None,
        envelope_digest=row.envelope_digest,
        findings=findings,
        decisions=decisions,
        notes=notes,
        flags=flags,
        hits=hits,
        is_source=source,
        can_approve=source
        and row.state == State.AWAITING_APPROVAL.value
        and row.created_by != actor.user_id,
        review_inputs=row.review_inputs if internal else {},
        history=_history(s, row, person) if internal else [],
        similar=_similar(s, row) if internal else [],
    )


def _flag_view(f: FlagRow, actor: Actor, internal: bool, source: bool) -> dict[str, Any]:
    """The secretariat and the flagging country see the flag whole; the source learns where
    its notice will not be acted on, except for a refugee flag, whose country would name the
    protecting state (refugee policy); other members see only their own flags."""
    own = f.country == actor.country
    hidden = not (internal or own) and f.reason == FlagReason.REFUGEE_STATUS_GRANTED.value
    return {
        "country": None if hidden else f.country,
        "reason": FlagReason.OTHER.value if hidden else f.reason,
        "note": f.note if (internal or own) else "",
        "since": as_utc(f.created_at),
    }


def _history(s: Session, row: NoticeRow, person: Person | None) -> list[dict[str, Any]]:
    """Every other request on the same person (same name keys, compatible birth dates), in
    any state: the reviewer sees earlier refusals as well as valid notices."""
    if person is None:
        return []
    return [
        {
            "id": other.id,
            "number": other.number,
            "notice_type": other.notice_type,
            "state": other.state,
            "requesting_country": other.requesting_country,
            "title": other.title,
        }
        for other, _ in same_person_candidates(s, row, person, list(BUREAU_ONLY))
    ]


def _similar(s: Session, row: NoticeRow, limit: int = 5) -> list[dict[str, Any]]:
    """Past decisions a reviewer should be consistent with: same notice type, scored by the
    non-info rules both requests triggered and by the same requesting country."""
    mine = {f.rule_id for f in latest_run(s, row.id) if f.severity != "info"}
    scored = []
    q = (
        select(DecisionRow, NoticeRow)
        .join(NoticeRow, NoticeRow.id == DecisionRow.notice_id)
        .where(
            NoticeRow.id != row.id,
            NoticeRow.notice_type == row.notice_type,
            DecisionRow.decision.in_(["publish", "refuse", "cancel"]),
        )
    )
    for d, other in s.execute(q):
        theirs = {f.rule_id for f in latest_run(s, other.id) if f.severity != "info"}
        shared = sorted(mine & theirs)
        same_country = other.requesting_country == row.requesting_country
        score = 2 * len(shared) + int(same_country)
        if score == 0:
            continue
        scored.append(
            (
                score,
                as_utc(d.decided_at),
                {
                    "number": other.number,
                    "id": other.id,
                    "requesting_country": other.requesting_country,
                    "decision": d.decision,
                    "grounds": d.grounds,
                    "rationale": d.rationale,
                    "decided_at": as_utc(d.decided_at),
                    "shared_rules": shared,
                    "same_country": same_country,
                },
            )
        )
    scored.sort(key=lambda t: (t[0], t[1]), reverse=True)
    return [item for _, _, item in scored[:limit]]


@dataclass(frozen=True)
class NoticeSummary:
    id: str
    number: str
    notice_type: str
    state: str
    requesting_country: str
    title: str
    updated_at: datetime


def list_notices(
    db: Database,
    actor: Actor,
    state: str | None = None,
    notice_type: str | None = None,
    own: bool = False,
    limit: int = 200,
) -> list[NoticeSummary]:
    """Titles only (no particulars), so listing is not a read of a person's data."""
    authorize(actor, Action.NOTICE_READ)
    with db.transaction() as s:
        q = (
            select(NoticeRow)
            .where(visible(actor))
            .order_by(NoticeRow.updated_at.desc())
            .limit(min(limit, 1000))
        )
        if state:
            q = q.where(NoticeRow.state == State(state).value)
        if notice_type:
            q = q.where(NoticeRow.notice_type == notice_type)
        if own:
            q = q.where(NoticeRow.requesting_country == (actor.country or ""))
        return [
            NoticeSummary(
                r.id,
                r.number,
                r.notice_type,
                r.state,
                r.requesting_country,
                r.title,
                as_utc(r.updated_at),
            )
            for r in s.scalars(q)
        ]


def open_hits(db: Database, actor: Actor) -> list[dict[str, Any]]:
    """Hits on the bureau's notices still waiting for its answer, most urgent first."""
    authorize(actor, Action.NOTICE_HIT)
    with db.transaction() as s:
        q = (
            select(HitRow, NoticeRow.number, NoticeRow.id)
            .join(NoticeRow, NoticeRow.id == HitRow.notice_id)
            .where(HitRow.answered_at.is_(None))
            .order_by(HitRow.answer_due)
        )
        if not sees_everything(actor):
            q = q.where(NoticeRow.requesting_country == (actor.country or ""))
        return [
            {
                "id": h.id,
                "notice_id": nid,
                "number": num,
                "country": h.country,
                "seen_at": as_utc(h.seen_at),
                "answer_due": as_utc(h.answer_due),
                "action": h.action,
            }
            for h, num, nid in s.execute(q)
        ]
