"""The compliance checks on a request: running them, their inputs, and what the reviewer adds to
them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from xborder.identity.policy import Action, authorize
from xborder.kernel.actor import Actor
from xborder.kernel.clock import as_utc, utcnow
from xborder.kernel.errors import Conflict
from xborder.measures import service as measures
from xborder.notices import checkinputs, context, rules
from xborder.notices.access import BUREAU_ONLY, get_visible, notice_event
from xborder.notices.commands import SourcesIn
from xborder.notices.domain import (
    PENDING_STATES,
    State,
    content_from_json,
)
from xborder.notices.tables import FindingRow, NoticeNoteRow, NoticeRow
from xborder.persons import repository as person_repo
from xborder.persons.domain import Person
from xborder.persons.tables import PersonMatchKeyRow, PersonRow
from xborder.safeguards import service as country_data
from xborder.store.db import Database


def person_of(s: Session, row: NoticeRow) -> Person | None:
    if not row.person_id:
        return None
    prow = s.get(PersonRow, row.person_id)
    return person_repo.from_row(prow) if prow else None


def same_person_candidates(
    s: Session, row: NoticeRow, person: Person, excluded_states: Sequence[str]
) -> list[tuple[NoticeRow, Person]]:
    """Other requests whose person shares a name key with `person` and has compatible dates
    of birth, oldest first. An index lookup on the persons' match keys, not a scan."""
    keys = sorted(context.name_keys(person))
    if not keys:
        return []
    person_ids = (
        select(PersonMatchKeyRow.person_id).where(PersonMatchKeyRow.key.in_(keys)).distinct()
    )
    q = (
        select(NoticeRow)
        .where(
            NoticeRow.id != row.id,
            NoticeRow.state.not_in(list(excluded_states)),
            NoticeRow.person_id.in_(person_ids),
        )
        .order_by(NoticeRow.created_at)
    )
    out = []
    for other in s.scalars(q):
        op = person_of(s, other)
        if op is not None and context.dates_compatible(person.birth_dates, op.birth_dates):
            out.append((other, op))
    return out


def _duplicates(
    found: Sequence[tuple[NoticeRow, Person]],
) -> tuple[rules.ExistingNotice, ...]:
    return tuple(
        rules.ExistingNotice(
            number=other.number,
            notice_type=other.notice_type,
            state=other.state,
            requesting_country=other.requesting_country,
            match="name and date of birth",
        )
        for other, _ in found
    )


def check_input(
    s: Session, row: NoticeRow, now: datetime, actor: Actor | None = None
) -> rules.CheckInput:
    """Everything the rules look at, gathered from the store (the rules themselves are pure)."""
    person = person_of(s, row)
    ctx = context.context_of(s, row.requesting_country)
    inputs = row.review_inputs or {}
    content = content_from_json(row.content)
    case_risks = tuple(
        rules.Art2Risk(risk=r["risk"], source=r["source"], note=r.get("note", ""))
        for r in inputs.get("art2_risks", [])
    )
    asylum = inputs.get("asylum_claim_on")
    # Earlier refusals and withdrawals count too: the rules say what each one means.
    found = (
        same_person_candidates(s, row, person, [*BUREAU_ONLY, State.DELETED.value])
        if person is not None
        else []
    )
    submitted_on = as_utc(row.submitted_at or now).date()
    return rules.CheckInput(
        content=content,
        requesting_country=row.requesting_country,
        submitted_on=submitted_on,
        has_person=person is not None,
        person_nationalities=person.nationalities if person else (),
        person_birth_years=checkinputs.birth_years(person),
        measures=tuple(
            rules.Measure(scopes=tuple(m.scopes), reason=m.reason, starts_on=m.starts_at.date())
            for m in measures.active(s, row.requesting_country, now)
        ),
        country_note=ctx.note,
        events=ctx.events,
        country=country_data.record_in(s, row.requesting_country, on=submitted_on),
        art2_risks=ctx.art2_risks + case_risks,
        protected=context.protected_matches(s, person),
        asylum_claim_on=datetime.fromisoformat(asylum).date() if asylum else None,
        duplicates=_duplicates(found),
        profiles=checkinputs.profiles(inputs),
        history=checkinputs.history(s, row, person, found, actor),
        requester=checkinputs.requester(s, row, content),
        particular_importance=bool(inputs.get("particular_importance", False)),
    )


def run_checks(
    s: Session, row: NoticeRow, now: datetime, actor: Actor | None = None
) -> list[rules.Finding]:
    inp = check_input(s, row, now, actor)
    findings = rules.run_checks(inp)
    row.charge_families = list(checkinputs.charge_families(inp.content))
    run = row.checks_run = (row.checks_run or 0) + 1
    s.add_all(
        FindingRow(
            notice_id=row.id,
            run=run,
            rule_id=f.rule_id,
            rule_version=f.rule_version,
            severity=f.severity.value,
            message=f.message,
            evidence=f.evidence,
            disclosable=f.disclosable,
            created_at=now,
        )
        for f in findings
    )
    row.risk = rules.risk_score(findings, country_data.queue_weights())
    s.flush()
    return findings


def rerun_checks(db: Database, actor: Actor, notice_id: str) -> None:
    authorize(actor, Action.NOTICE_REVIEW)
    now = utcnow()
    with db.transaction() as s:
        row = get_visible(s, actor, notice_id)
        if row.state not in {st.value for st in PENDING_STATES}:
            raise Conflict("checks run on pending requests")
        findings = run_checks(s, row, now, actor)
        notice_event(s, actor, row, "checked", None, risk=row.risk, findings=len(findings))


def set_review_inputs(db: Database, actor: Actor, notice_id: str, cmd: SourcesIn) -> None:
    """The reviewer adds case-level sources (art. 2 risks, an asylum claim date); the checks
    re-run at once so the queue order reflects them."""
    authorize(actor, Action.NOTICE_REVIEW)
    context.check_art2_risks(cmd.art2_risks)
    now = utcnow()
    with db.transaction() as s:
        row = get_visible(s, actor, notice_id)
        if row.state not in {st.value for st in PENDING_STATES}:
            raise Conflict("sources are added while a request is pending")
        row.review_inputs = {
            **(row.review_inputs or {}),
            "art2_risks": [r.model_dump() for r in cmd.art2_risks],
            "asylum_claim_on": cmd.asylum_claim_on.isoformat() if cmd.asylum_claim_on else None,
        }
        if note := cmd.note.strip():
            s.add(
                NoticeNoteRow(
                    notice_id=row.id,
                    kind="reviewer_internal",
                    text=note,
                    by_user=actor.user_id,
                    by_country=None,
                    at=now,
                )
            )
        run_checks(s, row, now, actor)
        notice_event(s, actor, row, "sources_added", row.review_inputs, risk=row.risk)
