"""Diffusions (docs/reference/notices.md): a bureau sends a request straight to chosen countries or
to
all members, without prior approval; the secretariat reviews after the fact. A country under
corrective measures cannot send directly: its diffusion is held until the secretariat
releases it. A diffusion found non-compliant stops being served, and every recipient is told
to update its records."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, or_, select
from sqlalchemy.orm import Session

from xborder.audit.service import log_access, record_event
from xborder.config import Settings
from xborder.exchange import envelope, key_service
from xborder.exchange.hosted import hosted_jwk
from xborder.identity.policy import Action, authorize, diffusion_rule, sees_everything
from xborder.kernel.actor import Actor, OrgKind
from xborder.kernel.clock import as_utc, utcnow
from xborder.kernel.countries import normalise_country
from xborder.kernel.errors import Conflict, Forbidden, Invalid, NotFound
from xborder.kernel.ids import new_id
from xborder.kernel.purposes import Purpose
from xborder.measures import service as measures
from xborder.notices import checkinputs, context, rules
from xborder.notices.commands import DiffusionIn, ReviewIn
from xborder.notices.commands import DiffusionKind as DiffusionKind
from xborder.notices.domain import (
    JudicialData,
    NoticeContent,
    NoticeType,
    Offence,
    SubjectStatus,
)
from xborder.notices.rulebase import make_finding
from xborder.notices.service import next_number
from xborder.notices.tables import DiffusionRecipientRow, DiffusionRow
from xborder.persons import codec
from xborder.persons import repository as person_repo
from xborder.persons import service as persons_service
from xborder.persons.domain import Person
from xborder.persons.tables import PersonRow
from xborder.safeguards import plausibility
from xborder.safeguards import service as country_data
from xborder.store.db import Database
from xborder.store.tables import CountryRow, OrgRow


class DiffusionState(StrEnum):
    SENT = "sent"  # served to its recipients; awaiting the after-the-fact review
    HELD = "held"  # corrective measures: waits for the secretariat
    COMPLIANT = "compliant"  # reviewed, still served
    NON_COMPLIANT = "non_compliant"  # reviewed, no longer served; recipients told
    REFUSED = "refused"  # a held diffusion the secretariat did not release


SERVED = frozenset({DiffusionState.SENT.value, DiffusionState.COMPLIANT.value})


@dataclass(frozen=True)
class DiffusionView:
    id: str
    number: str
    kind: str
    state: str
    sender_country: str
    title: str
    content: dict[str, Any]
    person: Person | None
    recipients: list[str]
    to_all: bool
    created_at: datetime
    sent_at: datetime | None
    reviewed_at: datetime | None
    review_rationale: str
    update_notice: bool  # this recipient was told to update its records
    # the checks' findings and score, for the secretariat only
    findings: list[dict[str, Any]] = field(default_factory=list)
    risk: int = 0


def visible(actor: Actor) -> ColumnElement[bool]:
    """Which diffusions the actor sees (`identity.policy.diffusion_rule`), as SQL."""
    return diffusion_rule(actor, served=SERVED).sql(DiffusionRow)


# The notice type whose checks a diffusion of each kind gets (docs/reference/notices.md: a
# diffusion is
# reviewed against the same rules). The data rules (minimum data, penalty threshold) are left
# out: a diffusion carries no structured judicial data to complete.
_AS_NOTICE: dict[str, NoticeType] = {
    DiffusionKind.WANTED.value: NoticeType.RED,
    DiffusionKind.MISSING.value: NoticeType.YELLOW,
    DiffusionKind.INFORMATION.value: NoticeType.BLUE,
    DiffusionKind.WARNING.value: NoticeType.GREEN,
}
_STATUS = {
    NoticeType.RED: SubjectStatus.WANTED,
    NoticeType.YELLOW: SubjectStatus.MISSING,
    NoticeType.BLUE: SubjectStatus.PERSON_OF_INTEREST,
    NoticeType.GREEN: SubjectStatus.SUSPECT,
}
_QUEUE_LIMIT = 1000
_NOT_FOR_DIFFUSIONS = frozenset({"minimum_data", "penalty_threshold", "duplicate"})


def _as_risk(f: rules.Finding) -> rules.Finding:
    """A guarantee a notice request would be asked for (`art2_assurance`) is, on a diffusion
    already sent, a risk for the reviewer to weigh now: there is no publication to hold."""
    if f.rule_id != "art2_assurance":
        return f
    return make_finding(
        "art2_risk",
        f.severity,
        f"{f.message} A diffusion has already been sent: weigh it now.",
        f.evidence,
        f.disclosable,
    )


_SUBSTANTIVE = frozenset(g.value for g in rules.SUBSTANTIVE)


def check_diffusion(
    s: Session, row: DiffusionRow, person: Person | None, now: datetime
) -> list[rules.Finding]:
    """Run the compliance checks on a diffusion as on the notice of its kind; the findings
    and the queue score are stored on the row (latest run)."""
    t = _AS_NOTICE[row.kind]
    offence = str(row.content.get("offence", "")).strip()
    summary = str(row.content.get("summary", ""))
    content = NoticeContent(
        notice_type=t,
        subject_status=_STATUS[t],
        title=row.title,
        summary=summary,
        judicial=JudicialData(offences=(Offence(offence),), facts_summary=summary)
        if offence
        else None,
    )
    inp = rules.CheckInput(
        content=content,
        requesting_country=row.sender_country,
        submitted_on=now.date(),
        has_person=person is not None,
        person_nationalities=person.nationalities if person else (),
        person_birth_years=checkinputs.birth_years(person),
        measures=tuple(
            rules.Measure(scopes=tuple(m.scopes), reason=m.reason, starts_on=m.starts_at.date())
            for m in measures.active(s, row.sender_country, now)
        ),
        country=country_data.record_in(s, row.sender_country, on=now.date()),
        protected=context.protected_matches(s, person),
    )
    findings = [_as_risk(f) for f in rules.run_checks(inp) if f.rule_id not in _NOT_FOR_DIFFUSIONS]
    row.findings = [
        {
            "rule_id": f.rule_id,
            "rule_version": f.rule_version,
            "severity": f.severity.value,
            "ground": f.ground.value,
            "message": f.message,
            "evidence": f.evidence,
            "disclosable": f.disclosable,
            "at": now.isoformat(timespec="seconds"),
        }
        for f in findings
    ]
    row.risk = rules.risk_score(findings, country_data.queue_weights())
    return findings


def send(db: Database, actor: Actor, settings: Settings, cmd: DiffusionIn) -> str:
    """Send (or, under corrective measures, hold) a diffusion; `recipients=None` is all
    members. Signed with the bureau's key like any envelope."""
    authorize(actor, Action.DIFFUSION_SEND)
    if actor.org_kind != OrgKind.BUREAU or actor.country is None:
        raise Forbidden("only a bureau sends diffusions")
    if not cmd.title.strip():
        raise Invalid("a diffusion needs a title", field="title")
    if not cmd.summary.strip():
        raise Invalid("a diffusion needs its summary", field="summary")
    kind, title, recipients = cmd.kind, cmd.title, cmd.recipients
    content: dict[str, Any] = {"summary": cmd.summary, "offence": cmd.offence}
    person = codec.from_json(cmd.person.model_dump()) if cmd.person is not None else None
    sender = actor.country
    now = utcnow()
    if person is not None:
        plausibility.check(today=(now + timedelta(hours=14)).date(), birth_dates=person.birth_dates)
    with db.transaction() as s:
        members = set(
            s.scalars(
                select(OrgRow.country)
                .join(CountryRow, CountryRow.code == OrgRow.country)
                .where(CountryRow.member.is_(True))
            )
        )
        if recipients is None:
            to = sorted(c for c in members if c and c != sender)
        else:
            to = sorted({normalise_country(c) for c in recipients} - {sender})
            unknown = [c for c in to if c not in members]
            if unknown or not to:
                raise Invalid(
                    f"recipients must be other member countries (not {unknown})", field="recipients"
                )
        held = measures.in_force(s, sender, measures.HOLDS_DIFFUSIONS)
        pid = None
        if person is not None:
            p = persons_service.record_behind(s, actor, person, now)
            pid = p.id
        number = next_number(s, DiffusionRow, now)
        env = envelope.sign(
            hosted_jwk(s, settings, sender),
            sender=sender,
            recipients=to,
            service="diffusion",
            action="send",
            document={
                "reference": number,
                "number": number,
                "diffusion_type": kind.value,
                "person": codec.to_json(p) if person is not None else None,
                "summary": title,
                "content": content,
            },
            created=now,
        )
        envelope.verify(env, lambda c: key_service.keys_of(s, c), now)
        row = DiffusionRow(
            id=new_id(),
            number=number,
            kind=kind.value,
            state=(DiffusionState.HELD if held else DiffusionState.SENT).value,
            sender_country=sender,
            org_id=actor.org_id,
            person_id=pid,
            to_all=recipients is None,
            title=title.strip(),
            content=content,
            envelope=env,
            envelope_digest=envelope.envelope_digest(env),
            created_by=actor.user_id,
            created_at=now,
            sent_at=None if held else now,
            review_rationale="",
            recipients=[DiffusionRecipientRow(country=c) for c in to],
        )
        s.add(row)
        s.flush()
        findings = check_diffusion(s, row, p if person is not None else None, now)
        record_event(
            s,
            actor,
            "diffusion.held" if held else "diffusion.sent",
            "diffusion",
            row.id,
            {"digest": row.envelope_digest},
            summary={
                "number": number,
                "kind": kind.value,
                "country": sender,
                "recipients": len(to),
                "held": held,
                "risk": row.risk,
                "findings": len(findings),
            },
            reason="corrective measures in force: held for the secretariat" if held else "",
        )
        return row.id


def _get(s: Session, actor: Actor, diffusion_id: str) -> DiffusionRow:
    row = s.get(DiffusionRow, diffusion_id)
    if row is None or not diffusion_rule(actor, served=SERVED).holds(row):
        if row is not None and _recipient_told(row, actor):
            return row  # a recipient told to update its records still sees the notice of it
        raise NotFound("no such diffusion")
    return row


def _served(row: DiffusionRow, actor: Actor) -> bool:
    """Whether the actor gets the content: the sender and the secretariat always; recipients
    while it is served (not held, refused or found non-compliant)."""
    return row.state in SERVED or sees_everything(actor) or row.sender_country == actor.country


def _acknowledged(row: DiffusionRow, actor: Actor) -> bool:
    return any(r.country == actor.country and r.acknowledged_at is not None for r in row.recipients)


def _recipient_told(row: DiffusionRow, actor: Actor) -> bool:
    return any(
        r.country == actor.country and r.update_notice_at is not None for r in row.recipients
    )


def get(db: Database, actor: Actor, diffusion_id: str, purpose: Purpose) -> DiffusionView:
    authorize(actor, Action.DIFFUSION_READ)
    with db.transaction() as s:
        row = _get(s, actor, diffusion_id)
        served = _served(row, actor)
        person = None
        if served and row.person_id:
            prow = s.get(PersonRow, row.person_id)
            if prow is not None:
                person = person_repo.from_row(prow)
                log_access(s, actor, "diffusion.read", "person", [prow.id], purpose)
        log_access(s, actor, "diffusion.read", "diffusion", [row.id], purpose)
        return DiffusionView(
            id=row.id,
            number=row.number,
            kind=row.kind,
            state=row.state,
            sender_country=row.sender_country,
            title=row.title if served else f"Diffusion {row.number} (withdrawn from service)",
            content=row.content if served else {},
            person=person,
            recipients=sorted(r.country for r in row.recipients)
            if (served or sees_everything(actor))
            else [],
            to_all=row.to_all,
            created_at=as_utc(row.created_at),
            sent_at=as_utc(row.sent_at) if row.sent_at else None,
            reviewed_at=as_utc(row.reviewed_at) if row.reviewed_at else None,
            review_rationale=row.review_rationale if sees_everything(actor) else "",
            update_notice=_recipient_told(row, actor),
            findings=(row.findings or []) if sees_everything(actor) else [],
            risk=(row.risk or 0) if sees_everything(actor) else 0,
        )


def list_diffusions(db: Database, actor: Actor, state: str | None = None) -> list[dict[str, Any]]:
    """Titles and states (no particulars). Recipients told to update their records see the
    diffusion's number in their list with that instruction."""
    authorize(actor, Action.DIFFUSION_READ)
    with db.transaction() as s:
        told = exists().where(
            and_(
                DiffusionRecipientRow.diffusion_id == DiffusionRow.id,
                DiffusionRecipientRow.country == (actor.country or ""),
                DiffusionRecipientRow.update_notice_at.is_not(None),
            )
        )
        q = (
            select(DiffusionRow)
            .where(or_(visible(actor), told))
            .order_by(DiffusionRow.created_at.desc())
            .limit(500)
        )
        if state:
            q = q.where(DiffusionRow.state == DiffusionState(state).value)
        out = []
        for r in s.scalars(q):
            served = _served(r, actor)
            out.append(
                {
                    "id": r.id,
                    "number": r.number,
                    "kind": r.kind,
                    "state": r.state,
                    "sender_country": r.sender_country,
                    "title": r.title
                    if served
                    else f"Diffusion {r.number} (withdrawn from service)",
                    "created_at": as_utc(r.created_at),
                    "update_your_records": _recipient_told(r, actor),
                    "acknowledged": _acknowledged(r, actor),
                }
            )
        return out


def review(db: Database, actor: Actor, diffusion_id: str, cmd: ReviewIn) -> str:
    """The secretariat's review: a held diffusion is released (sent) or refused; a sent one
    is confirmed compliant, or found non-compliant — then it stops being served and every
    recipient is told to update its records."""
    authorize(actor, Action.DIFFUSION_REVIEW)
    compliant, rationale = cmd.compliant, cmd.rationale
    if not rationale.strip():
        raise Invalid("a review carries its rationale", field="rationale")
    now = utcnow()
    with db.transaction() as s:
        row = s.get(DiffusionRow, diffusion_id)
        if row is None:
            raise NotFound("no such diffusion")
        prow = s.get(PersonRow, row.person_id) if row.person_id else None
        check_diffusion(s, row, person_repo.from_row(prow) if prow else None, now)
        state = DiffusionState(row.state)
        if state == DiffusionState.HELD:
            new = DiffusionState.SENT if compliant else DiffusionState.REFUSED
            if compliant:
                row.sent_at = now
        elif state == DiffusionState.SENT:
            new = DiffusionState.COMPLIANT if compliant else DiffusionState.NON_COMPLIANT
        elif state == DiffusionState.COMPLIANT and not compliant:
            new = DiffusionState.NON_COMPLIANT
        else:
            raise Conflict(f"a {state.value} diffusion cannot be reviewed that way")
        row.state = new.value
        row.reviewed_by = actor.user_id
        row.reviewed_at = now
        row.review_rationale = rationale.strip()
        if new == DiffusionState.NON_COMPLIANT:
            for r in row.recipients:
                r.update_notice_at = now
        record_event(
            s,
            actor,
            f"diffusion.{new.value}",
            "diffusion",
            row.id,
            {"rationale": rationale},
            summary={"number": row.number, "country": row.sender_country, "state": new.value},
        )
        return new.value


def acknowledge_update(db: Database, actor: Actor, diffusion_id: str) -> None:
    """A recipient confirms it updated its records after a non-compliance finding."""
    authorize(actor, Action.DIFFUSION_READ)
    with db.transaction() as s:
        row = s.get(DiffusionRow, diffusion_id)
        rec = next((r for r in row.recipients if r.country == actor.country), None) if row else None
        if row is None or rec is None or rec.update_notice_at is None:
            raise NotFound("no update request for your country on this diffusion")
        if rec.acknowledged_at is not None:
            raise Conflict("already acknowledged")
        rec.acknowledged_at = utcnow()
        record_event(
            s,
            actor,
            "diffusion.update_acknowledged",
            "diffusion",
            row.id,
            None,
            summary={"number": row.number, "country": actor.country},
        )


def review_queue(db: Database, actor: Actor) -> list[dict[str, Any]]:
    """Held diffusions first (they wait for us), then sent ones not yet reviewed; within each,
    the checks' score first (substantive findings before the rest), then oldest first."""
    authorize(actor, Action.DIFFUSION_REVIEW)
    with db.transaction() as s:
        rows = list(
            s.scalars(
                select(DiffusionRow)
                .where(
                    DiffusionRow.state.in_([DiffusionState.HELD.value, DiffusionState.SENT.value])
                )
                .order_by(DiffusionRow.risk.desc(), DiffusionRow.created_at)
                .limit(_QUEUE_LIMIT)
            )
        )
        rows.sort(key=lambda r: r.state != DiffusionState.HELD.value)  # stable: risk kept
        return [
            {
                "id": r.id,
                "number": r.number,
                "kind": r.kind,
                "state": r.state,
                "sender_country": r.sender_country,
                "title": r.title,
                "created_at": as_utc(r.created_at),
                "recipients": len(r.recipients),
                # counts and grounds only: the findings (evidence about the person) are read
                # on the diffusion itself, with a purpose, logged
                "risk": r.risk or 0,
                "blocking": sum(f["severity"] == "blocking" for f in r.findings or []),
                "needs_review": sum(f["severity"] == "needs_review" for f in r.findings or []),
                "grounds": sorted(
                    {
                        f["ground"]
                        for f in r.findings or []
                        if f["severity"] != "info" and f["ground"] in _SUBSTANTIVE
                    }
                ),
            }
            for r in rows
        ]
