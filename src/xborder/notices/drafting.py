"""Drafting a request, the four-eyes approval inside the bureau, and its signed submission to the
secretariat."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xborder.audit.service import record_event
from xborder.config import Settings
from xborder.exchange import envelope, key_service
from xborder.exchange.hosted import SECRETARIAT, hosted_jwk
from xborder.identity.policy import Action, authorize
from xborder.kernel.actor import Actor, OrgKind
from xborder.kernel.clock import utcnow
from xborder.kernel.errors import Conflict, Forbidden, Invalid, NotFound
from xborder.kernel.ids import new_id
from xborder.measures import service as measures
from xborder.notices.access import get_own, move, next_number, notice_event
from xborder.notices.checking import run_checks
from xborder.notices.commands import NoticeIn, ReasonIn, content_of, person_of
from xborder.notices.domain import (
    PERSON_TYPES,
    NoticeContent,
    State,
    Transition,
    content_to_json,
)
from xborder.notices.tables import DiffusionRow, NoticeNoteRow, NoticeRestrictionRow, NoticeRow
from xborder.persons import codec
from xborder.persons import repository as person_repo
from xborder.persons import service as persons_service
from xborder.persons.domain import Person
from xborder.persons.tables import PersonRow
from xborder.safeguards import plausibility
from xborder.store.db import Database


def create_request(db: Database, actor: Actor, cmd: NoticeIn) -> str:
    """A bureau officer drafts a request, recording the person's particulars with it (or
    naming a record the bureau already owns). The command is the API's body as it came: it is
    turned into content and a person here, so that the route, the page and the twin cannot
    convert it differently."""
    authorize(actor, Action.NOTICE_DRAFT)
    if actor.org_kind != OrgKind.BUREAU or actor.country is None:
        raise Forbidden("only a bureau requests notices")
    content, person, person_id = content_of(cmd), person_of(cmd), cmd.person_id
    now = utcnow()
    with db.transaction() as s:
        measures.refuse_if_suspended(
            s, actor.country, measures.MeasureScope.SUSPEND_NOTICE_REQUESTS
        )
        pid = _attach_person(s, actor, content, person, person_id, now)
        check_plausible(s, pid, content, now)
        row = NoticeRow(
            id=new_id(),
            number=next_number(s, NoticeRow, now),
            notice_type=content.notice_type.value,
            state=State.DRAFT.value,
            requesting_country=actor.country,
            org_id=actor.org_id,
            person_id=pid,
            owns_person=person is not None,
            editors=[actor.user_id],
            version=1,
            review_inputs={},
            created_by=actor.user_id,
            created_at=now,
        )
        set_content(row, content, now)
        s.add(row)
        s.flush()
        notice_event(s, actor, row, "drafted", content_to_json(content))
        return row.id


def check_plausible(
    s: Session, person_id: str | None, content: NoticeContent, now: datetime
) -> None:
    """Refuse facts that cannot be true (safeguards.plausibility); the caller's transaction
    then writes nothing."""
    prow = s.get(PersonRow, person_id) if person_id else None
    j = content.judicial
    plausibility.check(
        # the latest calendar day anywhere (UTC+14): a warrant dated today in Kiribati is
        # not in the future
        today=(now + timedelta(hours=14)).date(),
        warrant_date=j.warrant_date if j is not None else None,
        facts_time=j.facts_time if j is not None else "",
        birth_dates=person_repo.from_row(prow).birth_dates if prow is not None else (),
    )


def set_content(row: NoticeRow, content: NoticeContent, now: datetime) -> None:
    row.title = content.title
    row.content = content_to_json(content)
    row.public_extract = content.public_extract
    row.restricted = content.restricted_to is not None
    row.restrictions = [
        NoticeRestrictionRow(country=c) for c in sorted(content.restricted_to or ())
    ]
    row.updated_at = now


def _attach_person(
    s: Session,
    actor: Actor,
    content: NoticeContent,
    person: Person | None,
    person_id: str | None,
    now: datetime,
) -> str | None:
    assert actor.country is not None
    if person is not None:
        p = persons_service.record_behind(s, actor, person, now)
        return p.id
    if person_id is not None:
        prow = s.get(PersonRow, person_id)
        if prow is None or prow.owner_country != actor.country:
            raise NotFound("no such person record of your bureau")
        return prow.id
    if content.notice_type in PERSON_TYPES:
        raise Invalid(
            f"a {content.notice_type.value} notice is about a person: give the particulars",
            field="person",
        )
    return None


def update_draft(db: Database, actor: Actor, notice_id: str, cmd: NoticeIn) -> None:
    """The drafter, or another member of the bureau, rewrites a draft (or a request the
    secretariat asked more about). New particulars replace the subject, whose old record goes
    when nothing else rests on it; without them the subject stays (an edit does not switch to
    another record, so `cmd.person_id` is not read here)."""
    authorize(actor, Action.NOTICE_DRAFT)
    content, person = content_of(cmd), person_of(cmd)
    now = utcnow()
    with db.transaction() as s:
        row = get_own(s, actor, notice_id)
        if row.state not in (State.DRAFT.value, State.MORE_INFO.value):
            raise Conflict(f"a {row.state} request cannot be edited")
        if content.notice_type.value != row.notice_type:
            raise Invalid("the notice type of a request does not change", field="notice_type")
        if person is not None:
            old, owned = row.person_id, row.owns_person
            row.person_id = _attach_person(s, actor, content, person, None, now)
            row.owns_person = True
            s.flush()
            if old and owned and not person_in_use(s, old):
                s.delete(s.get(PersonRow, old))
                record_event(
                    s,
                    actor,
                    "person.deleted",
                    "person",
                    old,
                    None,
                    summary={"replaced_in": row.number},
                )
        if actor.user_id not in row.editors:
            row.editors = [*row.editors, actor.user_id]
        check_plausible(s, row.person_id, content, now)
        set_content(row, content, now)
        notice_event(s, actor, row, "edited", content_to_json(content))


def person_in_use(s: Session, person_id: str) -> bool:
    """Another notice or a diffusion still rests on this record."""
    return bool(
        s.scalar(
            select(func.count()).select_from(NoticeRow).where(NoticeRow.person_id == person_id)
        )
        or s.scalar(
            select(func.count())
            .select_from(DiffusionRow)
            .where(DiffusionRow.person_id == person_id)
        )
    )


def send_for_approval(db: Database, actor: Actor, notice_id: str) -> None:
    authorize(actor, Action.NOTICE_DRAFT)
    with db.transaction() as s:
        row = get_own(s, actor, notice_id)
        move(row, Transition.SEND_FOR_APPROVAL, utcnow())
        notice_event(s, actor, row, "sent_for_approval", None)


def return_to_draft(db: Database, actor: Actor, notice_id: str, cmd: ReasonIn) -> None:
    authorize(actor, Action.NOTICE_APPROVE)
    reason = cmd.reason
    if not reason.strip():
        raise Invalid("say what must change", field="reason")
    now = utcnow()
    with db.transaction() as s:
        row = get_own(s, actor, notice_id)
        move(row, Transition.RETURN_TO_DRAFT, now)
        s.add(
            NoticeNoteRow(
                notice_id=row.id,
                kind="supervisor",
                text=reason.strip(),
                by_user=actor.user_id,
                by_country=actor.country,
                at=now,
            )
        )
        notice_event(s, actor, row, "returned_to_draft", reason)


def approve(db: Database, actor: Actor, settings: Settings, notice_id: str) -> str:
    """Four-eyes: a supervisor of the same bureau, not the drafter, approves; the request is
    signed into an envelope (the bureau's hosted key), verified as any envelope is, and the
    checks run. Returns the envelope's digest."""
    authorize(actor, Action.NOTICE_APPROVE)
    now = utcnow()
    with db.transaction() as s:
        row = get_own(s, actor, notice_id)
        if row.created_by == actor.user_id or actor.user_id in row.editors:
            raise Forbidden("four-eyes: whoever wrote the request cannot approve it")
        if row.state != State.AWAITING_APPROVAL.value:
            raise Conflict(f"a {row.state} request cannot be approved")
        measures.refuse_if_suspended(
            s, actor.country, measures.MeasureScope.SUSPEND_NOTICE_REQUESTS
        )
        try:
            env = _sign(s, settings, row, now)
        except envelope.Rejected as exc:
            raise Conflict(f"the bureau's signature was refused: {exc.detail}") from None
        row.envelope = env
        row.envelope_digest = envelope.envelope_digest(env)
        row.approved_by = actor.user_id
        row.submitted_at = now
        move(row, Transition.APPROVE, now)
        findings = run_checks(s, row, now, actor)
        notice_event(
            s,
            actor,
            row,
            "submitted",
            {"digest": row.envelope_digest},
            risk=row.risk,
            findings=len(findings),
        )
        return row.envelope_digest


def _sign(s: Session, settings: Settings, row: NoticeRow, now: datetime) -> dict[str, Any]:
    person = None
    if row.person_id:
        prow = s.get(PersonRow, row.person_id)
        person = codec.to_json(person_repo.from_row(prow)) if prow else None
    jwk = hosted_jwk(s, settings, row.requesting_country)
    env = envelope.sign(
        jwk,
        sender=row.requesting_country,
        recipients=[SECRETARIAT],
        service="notice",
        action="request",
        document={
            "reference": row.number,
            "notice_type": row.notice_type,
            "number": row.number,
            "person": person,
            "summary": row.title,
            "content": row.content,
        },
        created=now,
    )
    # The secretariat verifies it exactly as it verifies any bureau's envelope.
    envelope.verify(env, lambda c: key_service.keys_of(s, c), now)
    return env
