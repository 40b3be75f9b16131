"""Use cases on notices: draft, four-eyes approval and signed submission, the checks, the
review, the lifecycle, flags and hits, and the commission's erasure.

Each function takes an actor, checks the role here and the organisation against the record,
writes in one transaction with its event, and logs every read of a person's data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from xborder.audit.service import log_access, record_event
from xborder.config import Settings
from xborder.exchange import envelope, key_service
from xborder.exchange.hosted import SECRETARIAT, hosted_jwk
from xborder.exchange.hub import sign_evidence
from xborder.identity.policy import Action, authorize, notice_rule, sees_everything
from xborder.identity.rules import Rule
from xborder.kernel.actor import Actor, OrgKind
from xborder.kernel.clock import as_utc, utcnow
from xborder.kernel.errors import Conflict, Forbidden, Invalid, NotFound
from xborder.kernel.ids import new_id
from xborder.kernel.purposes import Purpose
from xborder.ledger import keys as ledger_keys
from xborder.measures import service as measures
from xborder.notices import checkinputs, context, rules
from xborder.notices.domain import (
    DISCLOSED_GROUND_TEXT,
    EXPIRY_REMINDER_DAYS,
    HIT_ANSWER_HOURS,
    PENDING_STATES,
    PERSON_TYPES,
    SUSPENSION_MAX_DAYS,
    VALIDITY_YEARS,
    Decision,
    FlagReason,
    HitAction,
    NoticeContent,
    RefusalGround,
    State,
    Transition,
    add_years,
    content_from_json,
    content_to_json,
    next_state,
)
from xborder.persons import codec
from xborder.persons import repository as person_repo
from xborder.persons import service as persons_service
from xborder.persons.domain import Person
from xborder.safeguards import plausibility
from xborder.safeguards import service as country_data
from xborder.store.db import Database
from xborder.store.tables import (
    DecisionRow,
    DiffusionRow,
    FindingRow,
    FlagRow,
    HitRow,
    NoticeImageRow,
    NoticeNoteRow,
    NoticeRestrictionRow,
    NoticeRow,
    PersonMatchKeyRow,
    PersonRow,
)

# Until approved and signed, a request is the bureau's own work: nobody else sees it.
BUREAU_ONLY = (State.DRAFT.value, State.AWAITING_APPROVAL.value)


# --- who sees what -------------------------------------------------------------------------


def _rule(actor: Actor) -> Rule:
    return notice_rule(actor, unsent=BUREAU_ONLY, published=State.PUBLISHED.value)


def visible(actor: Actor) -> ColumnElement[bool]:
    """Which requests and notices the actor sees (`identity.policy.notice_rule`), as SQL."""
    return _rule(actor).sql(NoticeRow)


def can_see(actor: Actor, row: NoticeRow) -> bool:
    """The same rule, for a row in memory."""
    return _rule(actor).holds(row)


def _get(s: Session, actor: Actor, notice_id: str) -> NoticeRow:
    """The row, or 404 alike for a missing record and one the actor may not see."""
    row = s.get(NoticeRow, notice_id)
    if row is None or not can_see(actor, row):
        raise NotFound("no such notice")
    return row


def _own(s: Session, actor: Actor, notice_id: str) -> NoticeRow:
    row = _get(s, actor, notice_id)
    if row.requesting_country != actor.country:
        raise Forbidden("only the requesting bureau may do this")
    return row


def _move(row: NoticeRow, transition: Transition, now: datetime) -> tuple[str, str]:
    before = row.state
    row.state = next_state(State(row.state), transition).value
    row.updated_at = now
    return before, row.state


def _event(
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
    prefix = f"{now.year}/"
    last = s.scalar(select(func.max(table.number)).where(table.number.like(f"{prefix}%")))
    seq = int(last.split("/")[1]) + 1 if last else 1
    return f"{prefix}{seq:05d}"


# --- drafting and approval ---------------------------------------------------------------------


def create_request(
    db: Database,
    actor: Actor,
    content: NoticeContent,
    person: Person | None = None,
    person_id: str | None = None,
) -> str:
    """A bureau officer drafts a request, recording the person's particulars with it (or
    naming a record the bureau already owns)."""
    authorize(actor, Action.NOTICE_DRAFT)
    if actor.org_kind != OrgKind.BUREAU or actor.country is None:
        raise Forbidden("only a bureau requests notices")
    now = utcnow()
    with db.transaction() as s:
        measures.refuse_if_suspended(
            s, actor.country, measures.MeasureScope.SUSPEND_NOTICE_REQUESTS
        )
        pid = _attach_person(s, actor, content, person, person_id, now)
        _check_plausible(s, pid, content, now)
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
        _set_content(row, content, now)
        s.add(row)
        s.flush()
        _event(s, actor, row, "drafted", content_to_json(content))
        return row.id


def _check_plausible(
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


def _set_content(row: NoticeRow, content: NoticeContent, now: datetime) -> None:
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


def update_draft(
    db: Database, actor: Actor, notice_id: str, content: NoticeContent, person: Person | None = None
) -> None:
    authorize(actor, Action.NOTICE_DRAFT)
    now = utcnow()
    with db.transaction() as s:
        row = _own(s, actor, notice_id)
        if row.state not in (State.DRAFT.value, State.MORE_INFO.value):
            raise Conflict(f"a {row.state} request cannot be edited")
        if content.notice_type.value != row.notice_type:
            raise Invalid("the notice type of a request does not change", field="notice_type")
        if person is not None:
            old, owned = row.person_id, row.owns_person
            row.person_id = _attach_person(s, actor, content, person, None, now)
            row.owns_person = True
            s.flush()
            if old and owned and not _person_in_use(s, old):
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
        _check_plausible(s, row.person_id, content, now)
        _set_content(row, content, now)
        _event(s, actor, row, "edited", content_to_json(content))


def _person_in_use(s: Session, person_id: str) -> bool:
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
        row = _own(s, actor, notice_id)
        _move(row, Transition.SEND_FOR_APPROVAL, utcnow())
        _event(s, actor, row, "sent_for_approval", None)


def return_to_draft(db: Database, actor: Actor, notice_id: str, reason: str) -> None:
    authorize(actor, Action.NOTICE_APPROVE)
    if not reason.strip():
        raise Invalid("say what must change", field="reason")
    now = utcnow()
    with db.transaction() as s:
        row = _own(s, actor, notice_id)
        _move(row, Transition.RETURN_TO_DRAFT, now)
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
        _event(s, actor, row, "returned_to_draft", reason)


def approve(db: Database, actor: Actor, settings: Settings, notice_id: str) -> str:
    """Four-eyes: a supervisor of the same bureau, not the drafter, approves; the request is
    signed into an envelope (the bureau's hosted key), verified as any envelope is, and the
    checks run. Returns the envelope's digest."""
    authorize(actor, Action.NOTICE_APPROVE)
    now = utcnow()
    with db.transaction() as s:
        row = _own(s, actor, notice_id)
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
        _move(row, Transition.APPROVE, now)
        findings = _run_checks(s, row, now, actor)
        _event(
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


# --- checks ---------------------------------------------------------------------------------------


def _person(s: Session, row: NoticeRow) -> Person | None:
    if not row.person_id:
        return None
    prow = s.get(PersonRow, row.person_id)
    return person_repo.from_row(prow) if prow else None


def _same_person_candidates(
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
        op = _person(s, other)
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
    person = _person(s, row)
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
        _same_person_candidates(s, row, person, [*BUREAU_ONLY, State.DELETED.value])
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


def _run_checks(
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


# For the capability's other modules (profiles): the same helpers under public names.
get_row = _get
person_of = _person
rerun = _run_checks


def rerun_checks(db: Database, actor: Actor, notice_id: str) -> None:
    authorize(actor, Action.NOTICE_REVIEW)
    now = utcnow()
    with db.transaction() as s:
        row = _get(s, actor, notice_id)
        if row.state not in {st.value for st in PENDING_STATES}:
            raise Conflict("checks run on pending requests")
        findings = _run_checks(s, row, now, actor)
        _event(s, actor, row, "checked", None, risk=row.risk, findings=len(findings))


def set_review_inputs(
    db: Database,
    actor: Actor,
    notice_id: str,
    art2_risks: list[dict[str, str]],
    asylum_claim_on: str | None,
    note: str = "",
) -> None:
    """The reviewer adds case-level sources (art. 2 risks, an asylum claim date); the checks
    re-run at once so the queue order reflects them."""
    authorize(actor, Action.NOTICE_REVIEW)
    context.check_art2_risks(art2_risks)
    if asylum_claim_on:
        try:
            datetime.fromisoformat(asylum_claim_on)
        except ValueError:
            raise Invalid("asylum_claim_on is an ISO date", field="asylum_claim_on") from None
    now = utcnow()
    with db.transaction() as s:
        row = _get(s, actor, notice_id)
        if row.state not in {st.value for st in PENDING_STATES}:
            raise Conflict("sources are added while a request is pending")
        row.review_inputs = {
            **(row.review_inputs or {}),
            "art2_risks": art2_risks,
            "asylum_claim_on": asylum_claim_on or None,
        }
        if note.strip():
            s.add(
                NoticeNoteRow(
                    notice_id=row.id,
                    kind="reviewer_internal",
                    text=note.strip(),
                    by_user=actor.user_id,
                    by_country=None,
                    at=now,
                )
            )
        _run_checks(s, row, now, actor)
        _event(s, actor, row, "sources_added", row.review_inputs, risk=row.risk)


# --- review ------------------------------------------------------------------------------------


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


def _latest_run(s: Session, notice_id: str) -> list[FindingRow]:
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
    for f in _latest_run(s, notice_id):
        counts[f.severity] = counts.get(f.severity, 0) + 1
    return counts


def decide(
    db: Database,
    actor: Actor,
    settings: Settings,
    notice_id: str,
    decision: Decision,
    rationale: str,
    grounds: list[RefusalGround] | None = None,
    particular_importance: bool = False,
    question: str = "",
) -> str:
    """Publish, refuse (with grounds) or ask for more information. Publication is impossible
    while the latest checks hold a blocking finding; the penalty threshold's exception is
    the reviewer's explicit decision (`particular_importance`), recorded with the rule
    versions. Returns the signed decision (compact JWS) sent to the requester."""
    authorize(actor, Action.NOTICE_REVIEW)
    if decision == Decision.CANCEL:
        raise Invalid("cancel a published notice with cancel()", field="decision")
    if not rationale.strip():
        raise Invalid("every decision carries its rationale", field="rationale")
    grounds = sorted(set(grounds or []))
    if decision == Decision.REFUSE and not grounds:
        raise Invalid("a refusal names at least one ground", field="grounds")
    if decision != Decision.REFUSE and grounds:
        raise Invalid("grounds belong to a refusal", field="grounds")
    if decision == Decision.ASK_INFO and not question.strip():
        raise Invalid("say what information is needed", field="question")
    now = utcnow()
    with db.transaction() as s:
        row = _get(s, actor, notice_id)
        transition = {
            Decision.PUBLISH: Transition.PUBLISH,
            Decision.REFUSE: Transition.REFUSE,
            Decision.ASK_INFO: Transition.ASK_INFO,
        }[decision]
        next_state(State(row.state), transition)  # refuse early, before any write
        if row.blocked:
            raise Conflict("the commission has blocked this notice's data while a case is pending")
        if decision == Decision.PUBLISH:
            if particular_importance:
                row.review_inputs = {**row.review_inputs, "particular_importance": True}
            # Checked again now: the register or the context may have changed since.
            _run_checks(s, row, now, actor)
            blocking = [
                f for f in _latest_run(s, row.id) if f.severity == rules.Severity.BLOCKING.value
            ]
            if blocking:
                raise Conflict(
                    "cannot publish while a check is blocking: "
                    + "; ".join(f"{f.rule_id}: {f.message}" for f in blocking),
                    blocking=[f.rule_id for f in blocking],
                )
        _move(row, transition, now)
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
        signed = _record_decision(
            s,
            settings,
            actor,
            row,
            decision,
            grounds,
            rationale,
            _disclosed(decision, grounds, question),
            particular_importance,
            now,
        )
        _event(
            s,
            actor,
            row,
            decision.value,
            {"rationale": rationale, "grounds": [g.value for g in grounds]},
            grounds=[g.value for g in grounds],
        )
        return signed


def _record_decision(
    s: Session,
    settings: Settings,
    actor: Actor,
    row: NoticeRow,
    decision: Decision,
    grounds: list[RefusalGround],
    rationale: str,
    disclosed: str,
    particular_importance: bool,
    now: datetime,
) -> str:
    """Store a decision with the rule versions (and thresholds) it was made under, and sign
    what the requester is told; returns that signed notification (compact JWS)."""
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
            rationale=rationale.strip(),
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
        row = _own(s, actor, notice_id)
        _move(row, Transition.ANSWER if content is None else Transition.AMEND, now)
        if content is not None:
            if content.notice_type.value != row.notice_type:
                raise Invalid("the notice type of a request does not change", field="notice_type")
            _check_plausible(s, row.person_id, content, now)
            _set_content(row, content, now)
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
        findings = _run_checks(s, row, now, actor) if content is None else []
        _event(
            s,
            actor,
            row,
            "answered",
            {"answer": answer, "amended": content is not None},
            risk=row.risk,
            findings=len(findings),
        )


# --- lifecycle ------------------------------------------------------------------------------------


def suspend(db: Database, actor: Actor, notice_id: str, until: datetime, reason: str) -> None:
    authorize(actor, Action.NOTICE_SOURCE_MANAGE)
    now = utcnow()
    until = as_utc(until)
    if until <= now or until > now + timedelta(days=SUSPENSION_MAX_DAYS):
        raise Invalid(f"a suspension lasts at most {SUSPENSION_MAX_DAYS} days", field="until")
    _source_transition(db, actor, notice_id, Transition.SUSPEND, reason, until=until)


def _source_transition(
    db: Database,
    actor: Actor,
    notice_id: str,
    t: Transition,
    reason: str,
    until: datetime | None = None,
) -> None:
    if not reason.strip():
        raise Invalid("give the reason", field="reason")
    now = utcnow()
    with db.transaction() as s:
        row = _own(s, actor, notice_id)
        if row.blocked and t in (Transition.RESUME, Transition.RENEW):
            raise Conflict("the commission has blocked this notice's data while a case is pending")
        _move(row, t, now)
        if t == Transition.SUSPEND:
            row.suspended_until = until
        if t == Transition.RESUME:
            row.suspended_until = None
        if t == Transition.WITHDRAW:
            row.closed_at = now
        if t == Transition.RENEW:
            assert row.expires_at is not None
            row.expires_at = datetime.combine(add_years(now.date(), VALIDITY_YEARS), now.timetz())
            row.reminded_at = None
        s.add(
            NoticeNoteRow(
                notice_id=row.id,
                kind=t.value,
                text=reason.strip(),
                by_user=actor.user_id,
                by_country=actor.country,
                at=now,
            )
        )
        _event(s, actor, row, t.value, reason)


def resume(db: Database, actor: Actor, notice_id: str, reason: str) -> None:
    authorize(actor, Action.NOTICE_SOURCE_MANAGE)
    _source_transition(db, actor, notice_id, Transition.RESUME, reason)


def withdraw(db: Database, actor: Actor, notice_id: str, reason: str) -> None:
    authorize(actor, Action.NOTICE_SOURCE_MANAGE)
    _source_transition(db, actor, notice_id, Transition.WITHDRAW, reason)


def renew(db: Database, actor: Actor, notice_id: str, reason: str) -> None:
    authorize(actor, Action.NOTICE_SOURCE_MANAGE)
    _source_transition(db, actor, notice_id, Transition.RENEW, reason)


def cancel(
    db: Database,
    actor: Actor,
    settings: Settings,
    notice_id: str,
    rationale: str,
    grounds: list[RefusalGround],
) -> None:
    """The secretariat cancels a published notice found non-compliant (counted with the
    refusals in the statistics, by ground)."""
    authorize(actor, Action.NOTICE_REVIEW)
    if not rationale.strip() or not grounds:
        raise Invalid("a cancellation gives its grounds and rationale", field="grounds")
    now = utcnow()
    with db.transaction() as s:
        row = _get(s, actor, notice_id)
        _move(row, Transition.CANCEL, now)
        row.closed_at = now
        gs = sorted(set(grounds))
        disclosed = "The notice has been cancelled. " + " ".join(
            DISCLOSED_GROUND_TEXT[g] for g in gs
        )
        _record_decision(
            s, settings, actor, row, Decision.CANCEL, gs, rationale, disclosed, False, now
        )
        _event(
            s,
            actor,
            row,
            "cancelled",
            rationale,
            grounds=[g.value for g in gs],
        )


@dataclass
class JobReport:
    expired: list[str] = field(default_factory=list)
    resumed: list[str] = field(default_factory=list)
    reminded: list[str] = field(default_factory=list)


def run_lifecycle_job(db: Database, now: datetime | None = None) -> JobReport:
    """The scheduled job: expire notices past their five years, end suspensions that ran
    out, and remind sources before expiry (90 and 30 days)."""
    now = now or utcnow()
    report = JobReport()
    with db.transaction() as s:
        live = list(
            s.scalars(
                select(NoticeRow).where(
                    NoticeRow.state.in_([State.PUBLISHED.value, State.SUSPENDED.value])
                )
            )
        )
        for row in live:
            if row.expires_at is not None and as_utc(row.expires_at) <= now:
                _move(row, Transition.EXPIRE, now)
                row.closed_at = now
                _event(s, None, row, "expired", None)
                report.expired.append(row.number)
                continue
            if (
                row.state == State.SUSPENDED.value
                and row.suspended_until
                and as_utc(row.suspended_until) <= now
            ):
                _move(row, Transition.RESUME, now)
                row.suspended_until = None
                _event(s, None, row, "resumed", None, reason="suspension period ended")
                report.resumed.append(row.number)
            if row.expires_at is None:
                continue
            left = as_utc(row.expires_at) - now
            due = [d for d in EXPIRY_REMINDER_DAYS if left <= timedelta(days=d)]
            last = as_utc(row.reminded_at) if row.reminded_at else None
            if due and (last is None or as_utc(row.expires_at) - last > timedelta(days=min(due))):
                row.reminded_at = now
                ends = as_utc(row.expires_at).date()
                s.add(
                    NoticeNoteRow(
                        notice_id=row.id,
                        kind="expiry_reminder",
                        text=f"This notice expires on {ends} unless renewed.",
                        by_user="system",
                        by_country=None,
                        at=now,
                    )
                )
                _event(s, None, row, "expiry_reminder", None, days_left=left.days)
                report.reminded.append(row.number)
    return report


# --- flags and hits -----------------------------------------------------------------------------


def add_flag(db: Database, actor: Actor, notice_id: str, reason: FlagReason, note: str = "") -> str:
    """A receiving country will not act on this notice on its territory."""
    authorize(actor, Action.NOTICE_FLAG)
    now = utcnow()
    with db.transaction() as s:
        row = _get(s, actor, notice_id)
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
        _event(
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
        row = _get(s, actor, notice_id)
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
        _event(s, actor, row, "flag_removed", None, flag_country=actor.country)


def report_hit(
    db: Database,
    actor: Actor,
    notice_id: str,
    seen_at: datetime,
    place: str,
    action: HitAction,
    references: str = "",
) -> str:
    """A country located the person: the requester and the secretariat are told, and the
    requester owes an answer within HIT_ANSWER_HOURS."""
    authorize(actor, Action.NOTICE_HIT)
    if not place.strip():
        raise Invalid("say where", field="place")
    now = utcnow()
    seen_at = as_utc(seen_at)
    if seen_at > now + timedelta(minutes=5):
        raise Invalid("a hit cannot be in the future", field="seen_at")
    with db.transaction() as s:
        row = _get(s, actor, notice_id)
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
        _event(
            s,
            actor,
            row,
            "hit",
            {"place": place, "references": references},
            hit_country=actor.country,
            hit_action=action.value,
        )
        return hit.id


def answer_hit(db: Database, actor: Actor, hit_id: str, answer: str) -> None:
    authorize(actor, Action.NOTICE_HIT)
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
        _event(
            s,
            actor,
            row,
            "hit_answered",
            answer,
            hit=hit.id,
            late=as_utc(hit.answered_at) > as_utc(hit.answer_due),
        )


# --- reading -----------------------------------------------------------------------------------


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
        row = _get(s, actor, notice_id)
        person = _person(s, row)
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
        for f in _latest_run(s, row.id)
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
        for other, _ in _same_person_candidates(s, row, person, list(BUREAU_ONLY))
    ]


def _similar(s: Session, row: NoticeRow, limit: int = 5) -> list[dict[str, Any]]:
    """Past decisions a reviewer should be consistent with: same notice type, scored by the
    non-info rules both requests triggered and by the same requesting country."""
    mine = {f.rule_id for f in _latest_run(s, row.id) if f.severity != "info"}
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
        theirs = {f.rule_id for f in _latest_run(s, other.id) if f.severity != "info"}
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


# --- the commission's erasure --------------------------------------------------------------------


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
    _move(row, Transition.DELETE, now)
    if row.person_id:
        pid, row.person_id = row.person_id, None
        s.flush()
        # The record goes unless another notice or a diffusion still rests on it (the
        # decision is about this notice's data; the other keeps its own basis).
        prow = s.get(PersonRow, pid)
        if prow is not None and not _person_in_use(s, pid):
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
    _event(s, actor, row, "deleted", None, reason=reason)


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
    _event(s, actor, row, "blocked" if blocked else "unblocked", None, reason=reason)
