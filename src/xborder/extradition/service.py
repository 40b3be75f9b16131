"""Use cases of extradition (docs/reference/extradition.md): a requesting state sends a provisional
arrest
request or a formal request with its file; the requested state acknowledges, asks for more,
decides on the grounds the law gives it, and surrenders or releases. Mutual legal assistance
runs on the same machinery (`xborder.extradition.mla`).

Who sees a case: only the two states concerned, and the secretariat where the channel passes
through it (`via_secretariat`: a case linked to a notice, or one the requester routed so). Any
other organisation is told the case does not exist. Every document is signed by the bureau
that sends it (its hosted key) and kept in every version; every step writes a timeline entry
both sides see and an event in the ledger (no personal data in its summary). Reading a case
or a document is a read of a person's data: logged with its purpose.
"""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from xborder.audit.service import log_access, record_event
from xborder.config import Settings
from xborder.exchange import key_service
from xborder.exchange.hosted import hosted_jwk
from xborder.extradition import bundle as sealing
from xborder.extradition.deadlines import (
    CaseClock,
    Deadline,
    MlaClock,
    MlaKind,
    deadline_state,
    extradition_deadlines,
    mla_deadlines,
    time_left,
    timezone_of,
)
from xborder.extradition.domain import (
    DECIDING_STEPS,
    DOC_LABELS,
    EXTRADITION_ONLY_DOCUMENTS,
    FREE_DOCUMENTS,
    MLA_BASES,
    MLA_DECIDING_STEPS,
    MLA_STATE_LABELS,
    STATE_LABELS,
    CaseKind,
    DocKind,
    MlaState,
    Outcome,
    Side,
    State,
    Step,
    may_act,
    mla_may_act,
    mla_steps_from,
    next_state,
    number_prefix,
    steps_from,
)
from xborder.extradition.eaw import (
    EAWError,
    EAWForm,
    eaw_from_dict,
    eaw_from_request_file,
    eaw_pdf,
    eaw_problems,
    eaw_to_dict,
)
from xborder.extradition.grounds import CATALOGUE, CheckContext, Ground, partial_outcome
from xborder.extradition.grounds import checklist as grounds_checklist
from xborder.extradition.legal_bases import BasisKind, LegalBasis, bases_between, get_basis
from xborder.extradition.requestfile import (
    RequestFile,
    RequestFileError,
    file_from_dict,
    file_to_dict,
    missing_for_formal_request,
    missing_for_provisional_arrest,
)
from xborder.extradition.tables import JudicialCaseRow, JudicialDocumentRow, JudicialEntryRow
from xborder.identity.policy import Action, allowed, authorize, judicial_case_rule
from xborder.kernel.actor import Actor, OrgKind
from xborder.kernel.canonical import canonical_json
from xborder.kernel.clock import as_utc, iso, utcnow
from xborder.kernel.countries import normalise_country
from xborder.kernel.errors import Conflict, Forbidden, Invalid, NotFound
from xborder.kernel.ids import new_id
from xborder.kernel.purposes import LEGAL_BASIS, Purpose
from xborder.ledger import keys as ledger_keys
from xborder.store.db import Database
from xborder.store.tables import DecisionRow, HitRow, NoticeRow, OrgRow

SUBJECT = "judicial_case"
MAX_TEXT = 20_000
MAX_DOC_BYTES = 2 * 1024 * 1024
JSON_TYPE = "application/json"
PDF_TYPE = "application/pdf"

READ = {CaseKind.EXTRADITION: Action.EXTRADITION_READ, CaseKind.MLA: Action.MLA_READ}
SEND = {CaseKind.EXTRADITION: Action.EXTRADITION_SEND, CaseKind.MLA: Action.MLA_SEND}
DECIDE = {CaseKind.EXTRADITION: Action.EXTRADITION_DECIDE, CaseKind.MLA: Action.MLA_DECIDE}


# --- small helpers ---------------------------------------------------------------------------


def text(value: str | None, name: str, limit: int = MAX_TEXT, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise Invalid(f"{name.replace('_', ' ')} is required", field=name)
    if len(value) > limit:
        raise Invalid(f"{name.replace('_', ' ')} is too long (max {limit})", field=name)
    return value


def at(value: datetime | None) -> datetime | None:
    return as_utc(value) if value is not None else None


def side_of(actor: Actor, row: JudicialCaseRow) -> Side | None:
    if actor.org_kind != OrgKind.BUREAU or actor.country is None:
        return None
    if actor.country == row.requesting_country:
        return Side.REQUESTING
    if actor.country == row.requested_country:
        return Side.REQUESTED
    return None


def can_see(actor: Actor, row: JudicialCaseRow) -> bool:
    """Who sees a case (`identity.policy.judicial_case_rule`), for a row in memory."""
    return judicial_case_rule(actor).holds(row)


def visible(actor: Actor) -> ColumnElement[bool]:
    """The same rule as SQL."""
    return judicial_case_rule(actor).sql(JudicialCaseRow)


def load(s: Session, actor: Actor, case_id: str, kind: CaseKind) -> JudicialCaseRow:
    """The row, or 404 alike for a missing case and one the actor may not see."""
    row = s.get(JudicialCaseRow, case_id)
    if row is None or row.kind != kind.value or not can_see(actor, row):
        raise NotFound("no such case")
    return row


def require_side(actor: Actor, row: JudicialCaseRow) -> Side:
    side = side_of(actor, row)
    if side is None:
        raise Forbidden("only the two states concerned act on a case")
    return side


def bureau_country(s: Session, value: str, name: str) -> str:
    try:
        code = normalise_country(value or "")
    except Invalid:
        raise Invalid(f"{name.replace('_', ' ')}: not a country code", field=name) from None
    if s.scalar(select(OrgRow.id).where(OrgRow.country == code)) is None:
        raise Invalid(f"{name.replace('_', ' ')}: no bureau for {code}", field=name)
    return code


def next_number(s: Session, kind: CaseKind, now: datetime) -> str:
    prefix = number_prefix(kind, now.year)
    last = s.scalar(
        select(JudicialCaseRow.number)
        .where(JudicialCaseRow.number.like(f"{prefix}%"))
        .order_by(JudicialCaseRow.number.desc())
        .limit(1)
    )
    seq = int(last.rsplit("/", 1)[1]) + 1 if last else 1
    return f"{prefix}{seq:05d}"


def set_data(row: JudicialCaseRow, key: str, value: Any) -> None:
    # JSON columns are not mutation-tracked: assign a new dict.
    row.data = {**(row.data or {}), key: value}


def event(
    s: Session, actor: Actor | None, row: JudicialCaseRow, action: str, payload: Any, **summary: Any
) -> None:
    record_event(
        s,
        actor,
        f"{row.kind}.{action}",
        SUBJECT,
        row.id,
        payload,
        summary={
            "number": row.number,
            "state": row.state,
            "requesting_country": row.requesting_country,
            "requested_country": row.requested_country,
            "legal_basis": row.legal_basis,
            **summary,
        },
    )


def entry(
    s: Session,
    row: JudicialCaseRow,
    step: str,
    actor: Actor | None,
    what: str,
    now: datetime,
    details: dict[str, Any] | None = None,
    dedupe: str | None = None,
) -> JudicialEntryRow:
    e = JudicialEntryRow(
        case_id=row.id,
        at=now,
        step=step,
        country=actor.country if actor else None,
        user_id=actor.user_id if actor else None,
        text=what,
        details=details or {},
        dedupe=dedupe,
    )
    s.add(e)
    s.flush()
    return e


def _keys(s: Session, country: str) -> dict[str, dict[str, Any]]:
    return {k.kid: k.public_jwk for k in key_service.keys_of(s, country)}


def add_document(
    s: Session,
    settings: Settings,
    actor: Actor,
    row: JudicialCaseRow,
    kind: DocKind,
    content: bytes,
    media_type: str,
    now: datetime,
    note: str = "",
) -> JudicialDocumentRow:
    """Hash, sign (the acting bureau's hosted key) and keep a new version of a document; the
    signature is verified at once, as the other side would."""
    if len(content) > MAX_DOC_BYTES:
        raise Invalid(f"a document is at most {MAX_DOC_BYTES} bytes", field="content")
    assert actor.country is not None
    last = s.scalar(
        select(func.max(JudicialDocumentRow.version)).where(
            JudicialDocumentRow.case_id == row.id, JudicialDocumentRow.kind == kind.value
        )
    )
    version = int(last or 0) + 1
    digest = sealing.sha256_hex(content)
    signed = sealing.manifest(row.number, row.id, kind.value, version, media_type, digest)
    jwk = hosted_jwk(s, settings, actor.country)
    recipient = (
        row.requested_country if actor.country == row.requesting_country else row.requesting_country
    )
    env = sealing.sign_document(
        jwk,
        sender=actor.country,
        recipient=recipient,
        service=row.kind,
        document=signed,
        created=now,
    )
    sealing.verify_document(env, _keys(s, actor.country), signed)
    doc = JudicialDocumentRow(
        id=new_id(),
        case_id=row.id,
        kind=kind.value,
        version=version,
        media_type=media_type,
        content=content,
        sha256=digest,
        envelope=env,
        kid=str(jwk["kid"]),
        country=actor.country,
        note=note,
        created_at=now,
        created_by=actor.user_id,
    )
    s.add(doc)
    s.flush()
    entry(
        s,
        row,
        "document",
        actor,
        f"{DOC_LABELS[kind]} v{version} signed by {actor.country}",
        now,
        {"document": doc.id, "kind": kind.value, "version": version, "sha256": digest},
    )
    return doc


def json_document(
    s: Session,
    settings: Settings,
    actor: Actor,
    row: JudicialCaseRow,
    kind: DocKind,
    payload: dict[str, Any],
    now: datetime,
    note: str = "",
) -> JudicialDocumentRow:
    return add_document(
        s, settings, actor, row, kind, canonical_json(payload), JSON_TYPE, now, note
    )


def latest_json(s: Session, row: JudicialCaseRow, kind: DocKind) -> dict[str, Any] | None:
    doc = s.scalar(
        select(JudicialDocumentRow)
        .where(JudicialDocumentRow.case_id == row.id, JudicialDocumentRow.kind == kind.value)
        .order_by(JudicialDocumentRow.version.desc())
        .limit(1)
    )
    if doc is None:
        return None
    value: dict[str, Any] = json.loads(doc.content)
    return value


# --- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentView:
    id: str
    kind: str
    label: str
    version: int
    latest: bool
    media_type: str
    sha256: str
    country: str
    kid: str
    note: str
    created_at: datetime
    size: int


@dataclass(frozen=True)
class EntryView:
    at: datetime
    step: str
    country: str | None
    text: str
    details: dict[str, Any]


def documents(s: Session, row: JudicialCaseRow) -> list[DocumentView]:
    docs = list(
        s.scalars(
            select(JudicialDocumentRow)
            .where(JudicialDocumentRow.case_id == row.id)
            .order_by(JudicialDocumentRow.created_at, JudicialDocumentRow.version)
        )
    )
    newest: dict[str, int] = {}
    for d in docs:
        newest[d.kind] = max(newest.get(d.kind, 0), d.version)
    return [
        DocumentView(
            id=d.id,
            kind=d.kind,
            label=DOC_LABELS.get(DocKind(d.kind), d.kind),
            version=d.version,
            latest=d.version == newest[d.kind],
            media_type=d.media_type,
            sha256=d.sha256,
            country=d.country,
            kid=d.kid,
            note=d.note,
            created_at=as_utc(d.created_at),
            size=len(d.content),
        )
        for d in docs
    ]


def timeline(s: Session, row: JudicialCaseRow) -> list[EntryView]:
    return [
        EntryView(as_utc(e.at), e.step, e.country, e.text, dict(e.details))
        for e in s.scalars(
            select(JudicialEntryRow)
            .where(JudicialEntryRow.case_id == row.id)
            .order_by(JudicialEntryRow.at, JudicialEntryRow.id)
        )
    ]


@dataclass(frozen=True)
class DocumentContent:
    id: str
    kind: str
    version: int
    media_type: str
    sha256: str
    content: bytes
    filename: str


def get_document(
    db: Database, actor: Actor, case_id: str, document_id: str, purpose: Purpose, kind: CaseKind
) -> DocumentContent:
    authorize(actor, READ[kind])
    with db.transaction() as s:
        row = load(s, actor, case_id, kind)
        doc = s.get(JudicialDocumentRow, document_id)
        if doc is None or doc.case_id != row.id:
            raise NotFound("no such document")
        log_access(s, actor, f"{kind.value}.document.read", SUBJECT, [row.id], purpose)
        ext = "pdf" if doc.media_type == PDF_TYPE else "json"
        name = f"{row.number.replace('/', '-')}-{doc.kind}-v{doc.version}.{ext}"
        return DocumentContent(
            doc.id, doc.kind, doc.version, doc.media_type, doc.sha256, bytes(doc.content), name
        )


# --- listing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseSummary:
    """One line of a list: no person's name (listing is not a read of a person's data)."""

    id: str
    number: str
    kind: str
    mla_kind: str | None
    state: str
    state_label: str
    outcome: str | None
    urgent: bool
    requesting_country: str
    requested_country: str
    legal_basis: str
    title: str
    requested_at: datetime
    next_deadline: Any | None  # a deadline view, the most pressing open one
    side: str | None


def list_cases(
    db: Database,
    actor: Actor,
    kind: CaseKind,
    state: str | None = None,
    urgent: bool | None = None,
    limit: int = 500,
    deadlines_of: Callable[[JudicialCaseRow, datetime], list[Any]] | None = None,
) -> list[CaseSummary]:
    """The cases the actor may see, urgent and overdue first, then by the nearest deadline."""
    authorize(actor, READ[kind])
    states = (
        {st.value for st in State} if kind == CaseKind.EXTRADITION else {m.value for m in MlaState}
    )
    if state and state not in states:
        raise Invalid(f"unknown state {state!r}", field="status", allowed=sorted(states))
    now = utcnow()
    with db.transaction() as s:
        q = (
            select(JudicialCaseRow)
            .where(and_(JudicialCaseRow.kind == kind.value, visible(actor)))
            .order_by(JudicialCaseRow.requested_at.desc())
            .limit(min(limit, 2000))
        )
        if state:
            q = q.where(JudicialCaseRow.state == state)
        if urgent is not None:
            q = q.where(JudicialCaseRow.urgent.is_(urgent))
        out = []
        for row in s.scalars(q):
            running = deadlines_of(row, now) if deadlines_of else []
            side = side_of(actor, row)
            out.append(
                CaseSummary(
                    id=row.id,
                    number=row.number,
                    kind=row.kind,
                    mla_kind=row.mla_kind,
                    state=row.state,
                    state_label=state_label(row),
                    outcome=row.outcome,
                    urgent=row.urgent,
                    requesting_country=row.requesting_country,
                    requested_country=row.requested_country,
                    legal_basis=row.legal_basis,
                    title=row.title,
                    requested_at=as_utc(row.requested_at),
                    next_deadline=running[0] if running else None,
                    side=side.value if side else None,
                )
            )

    def key(c: CaseSummary) -> tuple[int, int, float]:
        d = c.next_deadline
        if d is not None:
            return (0 if d.overdue else 1, 0 if c.urgent else 1, d.due.timestamp())
        return (2, 0 if c.urgent else 1, -c.requested_at.timestamp())

    return sorted(out, key=key)


def state_label(row: JudicialCaseRow) -> str:
    if row.kind == CaseKind.EXTRADITION.value:
        label = STATE_LABELS[State(row.state)]
        if row.state == State.DECIDED.value and row.outcome:
            label = f"Decided: {row.outcome.replace('_', ' ')}"
        return label
    return MLA_STATE_LABELS[MlaState(row.state)]


def actions_for(actor: Actor, row: JudicialCaseRow) -> list[str]:
    """What this actor may do now, for pages that offer only possible actions."""
    side = side_of(actor, row)
    if side is None:
        return []
    kind = CaseKind(row.kind)
    out: list[str] = []
    if kind == CaseKind.EXTRADITION:
        for step in steps_from(State(row.state)):
            if not may_act(step, side):
                continue
            needed = DECIDE[kind] if step in DECIDING_STEPS else SEND[kind]
            if not allowed(actor, needed):
                continue
            if step == Step.CONSENT and row.consent_at is not None:
                continue
            if (
                step == Step.DECIDE
                and row.state == State.PROVISIONAL_ARREST.value
                and row.consent_at is None
            ):
                continue
            if step == Step.ARRANGE_SURRENDER and row.outcome == "refused":
                continue
            if step == Step.ARREST and row.arrested_at is not None:
                continue
            if step == Step.EXTEND and (
                (row.data or {}).get("decision_extended")
                or get_basis(row.legal_basis).decision_extension_days is None
            ):
                continue
            out.append(step.value)
    else:
        for mstep in mla_steps_from(MlaState(row.state)):
            if not mla_may_act(mstep, side):
                continue
            needed = DECIDE[kind] if mstep in MLA_DECIDING_STEPS else SEND[kind]
            if allowed(actor, needed):
                out.append(mstep.value)
    if allowed(actor, SEND[kind]) and row.state != "closed":
        out.append("document")
    return out


def notice_link(s: Session, actor: Actor, notice_ref: str | None) -> tuple[NoticeRow | None, bool]:
    """The notice a case is linked to: the requesting bureau must own it. The secretariat
    published it, so the channel passes through the secretariat."""
    ref = text(notice_ref, "notice", 64)
    if not ref:
        return None, False
    notice = s.get(NoticeRow, ref) or s.scalar(select(NoticeRow).where(NoticeRow.number == ref))
    if notice is None or notice.requesting_country != actor.country:
        # The same answer for another bureau's notice as for none: numbers are sequential, and
        # a different answer would tell whether another bureau's unpublished request exists.
        raise Invalid("no such notice of your bureau", field="notice")
    if notice.notice_type != "red":
        raise Invalid("an extradition request follows a Red Notice", field="notice")
    return notice, True


def _hit_notice(
    s: Session, actor: Actor, hit_id: str, requested: str, linked: NoticeRow | None
) -> NoticeRow:
    """A hit: the requested state located the person wanted by the requesting bureau's notice.
    The request follows the notice the hit was on."""
    hit = s.get(HitRow, hit_id)
    if hit is None:
        raise Invalid("no such hit", field="hit_id")
    notice = s.get(NoticeRow, hit.notice_id)
    if notice is None or notice.requesting_country != actor.country:
        raise Forbidden("only the bureau that owns the notice may act on its hit")
    if hit.country != requested:
        raise Invalid(f"the hit was reported by {hit.country}: request that state", field="hit_id")
    if linked is not None and linked.id != notice.id:
        raise Invalid("the hit is on another notice than the one named", field="notice")
    return notice


def export_documents(s: Session, row: JudicialCaseRow) -> list[dict[str, Any]]:
    return [
        {
            "kind": d.kind,
            "version": d.version,
            "media_type": d.media_type,
            "sha256": d.sha256,
            "country": d.country,
            "kid": d.kid,
            "note": d.note,
            "created_at": iso(d.created_at),
            "content_b64": base64.b64encode(d.content).decode(),
            "envelope": d.envelope,
        }
        for d in s.scalars(
            select(JudicialDocumentRow)
            .where(JudicialDocumentRow.case_id == row.id)
            .order_by(JudicialDocumentRow.created_at, JudicialDocumentRow.kind)
        )
    ]


@dataclass
class JobReport:
    warnings: int = 0
    overdue: int = 0
    cases: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # cases whose deadlines cannot be computed


# --- extradition: the requesting state ------------------------------------------------------


def _basis(requesting: str, requested: str, basis_id: str) -> LegalBasis:
    bases = bases_between(requesting, requested)
    found = next((b for b in bases if b.id == basis_id), None)
    if found is None:
        raise Invalid(
            f"{basis_id!r} is not a legal basis between {requesting} and {requested}",
            field="legal_basis",
            allowed=[b.id for b in bases],
        )
    return found


def _file(data: dict[str, Any]) -> RequestFile:
    try:
        f = file_from_dict(data)
    except RequestFileError as exc:
        raise Invalid(
            f"the request file is not valid: {exc}", field="file", problems=exc.problems
        ) from None
    missing = missing_for_formal_request(f)
    if missing:
        raise Invalid(
            "the formal request lacks: " + "; ".join(missing), field="file", missing=missing
        )
    return f


def _eaw(basis: LegalBasis, data: dict[str, Any] | None) -> EAWForm | None:
    if basis.kind != BasisKind.EAW:
        if data:
            raise Invalid("an EAW form is only for a request between EU members", field="eaw")
        return None
    if not data:
        raise Invalid(
            "between EU members the formal request is a European Arrest Warrant", field="eaw"
        )
    try:
        form = eaw_from_dict(data)
    except EAWError as exc:
        raise Invalid(f"the EAW form is not valid: {exc}", field="eaw") from None
    problems = eaw_problems(form)
    if problems:
        raise Invalid(
            "the EAW form is incomplete: " + "; ".join(problems), field="eaw", problems=problems
        )
    return form


def _formal_documents(
    s: Session,
    settings: Settings,
    actor: Actor,
    row: JudicialCaseRow,
    f: RequestFile,
    form: EAWForm | None,
    now: datetime,
) -> None:
    json_document(s, settings, actor, row, DocKind.REQUEST_FILE, file_to_dict(f), now)
    if form is not None:
        json_document(s, settings, actor, row, DocKind.EAW, eaw_to_dict(form), now)
        add_document(s, settings, actor, row, DocKind.EAW_PDF, eaw_pdf(form), PDF_TYPE, now)


def create_request(
    db: Database,
    actor: Actor,
    settings: Settings,
    *,
    requested_country: str,
    legal_basis: str,
    title: str,
    provisional: bool,
    file: dict[str, Any],
    eaw: dict[str, Any] | None = None,
    notice: str | None = None,
    hit_id: str | None = None,
    via_secretariat: bool = False,
) -> str:
    """Send an extradition request: a provisional arrest request (urgent, minimal data: the
    file then holds only what `missing_for_provisional_arrest` asks) or a formal request with
    its complete file (between EU members, an EAW). Signed by the actor's bureau at once."""
    authorize(actor, Action.EXTRADITION_SEND)
    if actor.org_kind != OrgKind.BUREAU or actor.country is None:
        raise Forbidden("only a bureau sends an extradition request")
    what = text(title, "title", 300, required=True)
    hit = text(hit_id, "hit_id", 36) or None
    now = utcnow()
    with db.transaction() as s:
        requested = bureau_country(s, requested_country, "requested_country")
        if requested == actor.country:
            raise Invalid("a state does not request itself", field="requested_country")
        basis = _basis(actor.country, requested, legal_basis)
        linked, through = notice_link(s, actor, notice)
        if hit is not None:
            linked = _hit_notice(s, actor, hit, requested, linked)
            through = True
        f: RequestFile | None = None
        form: EAWForm | None = None
        if provisional:
            missing = missing_for_provisional_arrest(file)
            if missing:
                raise Invalid(
                    "the provisional arrest request lacks: " + "; ".join(missing),
                    field="file",
                    missing=missing,
                )
        else:
            f = _file(file)
            form = _eaw(basis, eaw)
        row = JudicialCaseRow(
            id=new_id(),
            number=next_number(s, CaseKind.EXTRADITION, now),
            kind=CaseKind.EXTRADITION.value,
            mla_kind=None,
            state=(State.PROVISIONAL_ARREST if provisional else State.FORMAL_REQUEST).value,
            outcome=None,
            urgent=provisional,
            requesting_country=actor.country,
            requested_country=requested,
            legal_basis=basis.id,
            via_secretariat=bool(via_secretariat or through),
            notice_id=linked.id if linked else None,
            hit_id=hit,
            title=what,
            data={},
            requested_at=now,
            formal_received_at=None if provisional else now,
            created_by=actor.user_id,
            updated_at=now,
        )
        s.add(row)
        s.flush()
        entry(
            s,
            row,
            "request",
            actor,
            ("Provisional arrest requested" if provisional else "Formal request sent")
            + f" on the basis of {basis.name}",
            now,
            {"legal_basis": basis.id, "notice": linked.number if linked else None},
        )
        if provisional:
            json_document(s, settings, actor, row, DocKind.PROVISIONAL_ARREST, dict(file), now)
        else:
            assert f is not None
            _formal_documents(s, settings, actor, row, f, form, now)
        event(s, actor, row, "requested", {"title": what}, provisional=provisional)
        return row.id


def send_formal_request(
    db: Database,
    actor: Actor,
    settings: Settings,
    case_id: str,
    file: dict[str, Any],
    eaw: dict[str, Any] | None = None,
) -> None:
    """The formal request that follows a provisional arrest; its receipt stops the
    provisional-arrest clock and starts the decision's."""
    authorize(actor, Action.EXTRADITION_SEND)
    now = utcnow()
    with db.transaction() as s:
        row = load(s, actor, case_id, CaseKind.EXTRADITION)
        _step(row, actor, Step.FORMAL, now)
        basis = get_basis(row.legal_basis)
        f = _file(file)
        form = _eaw(basis, eaw)
        row.formal_received_at = now
        _formal_documents(s, settings, actor, row, f, form, now)
        entry(s, row, Step.FORMAL.value, actor, "Formal request sent", now)
        event(s, actor, row, "formal_request", {"at": iso(now)})


def add_case_document(
    db: Database,
    actor: Actor,
    settings: Settings,
    case_id: str,
    kind: DocKind | str,
    content: dict[str, Any],
    note: str = "",
    case_kind: CaseKind = CaseKind.EXTRADITION,
) -> str:
    """A new document, or a new version of one (a corrected request file, a warrant...); the
    old versions stay. A new request file or EAW is checked like the first."""
    authorize(actor, SEND[case_kind])
    try:
        k = DocKind(kind)
    except ValueError:
        raise Invalid(f"unknown document kind {kind!r}", field="kind") from None
    if k not in FREE_DOCUMENTS:
        raise Invalid(
            f"a {k.value} is written by its step, not added",
            field="kind",
            allowed=sorted(d.value for d in FREE_DOCUMENTS),
        )
    why = text(note, "note", 2000)
    now = utcnow()
    with db.transaction() as s:
        row = load(s, actor, case_id, case_kind)
        side = require_side(actor, row)
        if k in REQUESTING_DOCUMENTS and side != Side.REQUESTING:
            raise Forbidden(f"only the requesting state sends a {DOC_LABELS[k].lower()}")
        if row.state == "closed":
            raise Conflict("the case is closed")
        if row.kind == CaseKind.MLA.value and k in EXTRADITION_ONLY_DOCUMENTS:
            raise Invalid(
                f"a {DOC_LABELS[k].lower()} belongs to an extradition case",
                field="kind",
                allowed=sorted(d.value for d in FREE_DOCUMENTS - EXTRADITION_ONLY_DOCUMENTS),
            )
        payload = dict(content)
        if k == DocKind.REQUEST_FILE:
            payload = file_to_dict(_file(payload))
        elif k == DocKind.EAW:
            basis = get_basis(row.legal_basis)
            if basis.kind != BasisKind.EAW:
                raise Invalid("an EAW form is only for a request between EU members", field="kind")
            form = _eaw(basis, payload)
            if form is None:  # _eaw refuses an empty form under the EAW; kept for mypy
                raise Invalid("the EAW form is empty", field="content")
            payload = eaw_to_dict(form)
            add_document(
                s, settings, actor, row, DocKind.EAW_PDF, eaw_pdf(form), PDF_TYPE, now, why
            )
        doc = json_document(s, settings, actor, row, k, payload, now, why)
        row.updated_at = now
        event(s, actor, row, "document_added", {"note": why}, kind=k.value, version=doc.version)
        return doc.id


# The request's own documents come from the requesting state only; notes from either.
REQUESTING_DOCUMENTS = frozenset({DocKind.REQUEST_FILE, DocKind.EAW, DocKind.WARRANT})


def _step(row: JudicialCaseRow, actor: Actor, step: Step, now: datetime) -> None:
    """Move the case: the step must be this side's and allowed from the current state."""
    side = require_side(actor, row)
    if not may_act(step, side):
        raise Forbidden(f"the {SIDE_TEXT[side]} state does not {step.value}")
    if step in DECIDING_STEPS:
        authorize(actor, Action.EXTRADITION_DECIDE)
    row.state = next_state(State(row.state), step, consented=row.consent_at is not None).value
    row.updated_at = now


SIDE_TEXT = {Side.REQUESTING: "requesting", Side.REQUESTED: "requested", Side.EITHER: "either"}


# --- extradition: both sides, step by step ----------------------------------------------------


@dataclass(frozen=True)
class StepInput:
    """What a step may carry; each step reads the fields it needs."""

    text: str = ""
    at: datetime | None = None  # arrest, consent, surrender date
    place: str = ""
    escort: str = ""
    file: dict[str, Any] | None = None
    eaw: dict[str, Any] | None = None


STEP_TEXT: dict[Step, str] = {
    Step.ARREST: "Person arrested",
    Step.ACKNOWLEDGE: "Receipt of the formal request acknowledged",
    Step.ASK_INFO: "Additional information requested",
    Step.EXTEND: "Decision period extended",
    Step.ANSWER_INFO: "Additional information sent",
    Step.CONSENT: "The person consented to simplified surrender",
    Step.ARRANGE_SURRENDER: "Surrender arranged",
    Step.SURRENDER: "Person surrendered",
    Step.RELEASE: "Person released",
    Step.WITHDRAW: "Request withdrawn",
    Step.CLOSE: "Case closed",
}
STEP_DOCUMENT: dict[Step, DocKind] = {
    Step.ACKNOWLEDGE: DocKind.ACKNOWLEDGEMENT,
    Step.ASK_INFO: DocKind.INFO_REQUEST,
    Step.ANSWER_INFO: DocKind.INFO_ANSWER,
    Step.CONSENT: DocKind.CONSENT,
    Step.ARRANGE_SURRENDER: DocKind.SURRENDER,
    Step.RELEASE: DocKind.RELEASE,
}


def act(
    db: Database, actor: Actor, settings: Settings, case_id: str, step: Step | str, data: StepInput
) -> None:
    """One step of the case, by the side whose step it is; decisions go through `decide`."""
    try:
        st = Step(step)
    except ValueError:
        raise Invalid(
            f"unknown step {step!r}", field="step", allowed=[x.value for x in Step]
        ) from None
    if st == Step.DECIDE:
        raise Invalid("a decision is recorded with its grounds (the decision route)", field="step")
    if st == Step.FORMAL:
        send_formal_request(db, actor, settings, case_id, data.file or {}, data.eaw)
        return
    authorize(actor, Action.EXTRADITION_DECIDE if st in DECIDING_STEPS else Action.EXTRADITION_SEND)
    note = text(data.text, "text", required=st in (Step.ASK_INFO, Step.ANSWER_INFO, Step.RELEASE))
    now = utcnow()
    with db.transaction() as s:
        row = load(s, actor, case_id, CaseKind.EXTRADITION)
        if st == Step.CONSENT and row.consent_at is not None:
            raise Conflict("the consent is already recorded")
        if st == Step.ARREST and row.arrested_at is not None:
            raise Conflict("the arrest is already recorded")
        if st == Step.ARRANGE_SURRENDER and row.outcome == Outcome.REFUSED.value:
            raise Conflict("extradition was refused: release the person")
        _step(row, actor, st, now)
        payload: dict[str, Any] = {"text": note, "at": iso(now), "by_country": actor.country}
        when = at(data.at) or now
        if st == Step.ARREST:
            if when > now:
                raise Invalid("the arrest cannot be in the future", field="at")
            row.arrested_at = when
            payload["arrested_at"] = iso(when)
        elif st == Step.ACKNOWLEDGE:
            row.acknowledged_at = now
        elif st == Step.EXTEND:
            if get_basis(row.legal_basis).decision_extension_days is None:
                raise Conflict("this legal basis allows no extension of the decision period")
            if (row.data or {}).get("decision_extended"):
                raise Conflict("the decision period was already extended")
            if not note:
                raise Invalid("give the reasons for the extension", field="text")
            set_data(row, "decision_extended", True)
        elif st == Step.ASK_INFO:
            rounds = list((row.data or {}).get("info", []))
            rounds.append({"question": note, "asked_at": iso(now), "answer": None})
            set_data(row, "info", rounds)
        elif st == Step.ANSWER_INFO:
            rounds = list((row.data or {}).get("info", []))
            if rounds:
                rounds[-1] = {**rounds[-1], "answer": note, "answered_at": iso(now)}
            set_data(row, "info", rounds)
        elif st == Step.CONSENT:
            if when > now:
                raise Invalid("the consent cannot be in the future", field="at")
            row.consent_at = when
            payload["consent_at"] = iso(when)
        elif st == Step.ARRANGE_SURRENDER:
            place = text(data.place, "place", 300, required=True)
            escort = text(data.escort, "escort", 300, required=True)
            if data.at is None:
                raise Invalid("give the date of surrender", field="at")
            row.surrender_at = when
            payload.update({"surrender_at": iso(when), "place": place, "escort": escort})
            set_data(row, "surrender", payload)
        elif st == Step.SURRENDER:
            row.ended_at = now
        elif st == Step.RELEASE:
            row.ended_at = now
            set_data(row, "release", payload)
        elif st == Step.WITHDRAW:
            row.ended_at = now
        elif st == Step.CLOSE:
            row.closed_at = now
        label = STEP_TEXT[st]
        details: dict[str, Any] = {"text": note} if note else {}
        if st == Step.ARRANGE_SURRENDER:
            label += f" at {payload['place']}, escort: {payload['escort']}"
            details["surrender_at"] = payload["surrender_at"]
        entry(s, row, st.value, actor, label, now, details)
        if st in STEP_DOCUMENT:
            json_document(s, settings, actor, row, STEP_DOCUMENT[st], payload, now)
        event(s, actor, row, st.value, payload)


@dataclass(frozen=True)
class GroundChoice:
    ground: str
    legal_basis: str = ""  # the provision relied on; the catalogue's first reference if empty
    offences: tuple[str, ...] = ()  # offence refs; empty: the whole request
    reasons: str = ""


def decide(
    db: Database,
    actor: Actor,
    settings: Settings,
    case_id: str,
    outcome: Outcome | str,
    reasons: str,
    grounds: list[GroundChoice] | None = None,
    granted_offences: list[str] | None = None,
) -> None:
    """The requested state's decision: granted; refused on one or more grounds of the
    catalogue, each with its legal basis; or partially granted, offence by offence (the
    refused offences each need a ground). Signed as a document of the file."""
    authorize(actor, Action.EXTRADITION_DECIDE)
    try:
        o = Outcome(outcome)
    except ValueError:
        raise Invalid(
            f"unknown outcome {outcome!r}", field="outcome", allowed=[x.value for x in Outcome]
        ) from None
    why = text(reasons, "reasons", required=True)
    chosen = list(grounds or [])
    now = utcnow()
    with db.transaction() as s:
        row = load(s, actor, case_id, CaseKind.EXTRADITION)
        _step(row, actor, Step.DECIDE, now)
        request = latest_json(s, row, DocKind.REQUEST_FILE) or {}
        refs = [str(x.get("ref")) for x in request.get("offences", [])]
        picked: list[dict[str, Any]] = []
        for g in chosen:
            try:
                ground = Ground(g.ground)
            except ValueError:
                raise Invalid(
                    f"unknown ground {g.ground!r}",
                    field="grounds",
                    allowed=[x.value for x in Ground],
                ) from None
            info = CATALOGUE.get(ground)
            unknown = [r for r in g.offences if r not in refs]
            if unknown:
                raise Invalid(f"no offence {unknown[0]!r} in the request file", field="grounds")
            basis_text = text(g.legal_basis, "legal_basis", 300) or (
                info.legal_refs[0] if info and info.legal_refs else ""
            )
            if not basis_text:
                raise Invalid(f"give the legal basis of {ground.value}", field="grounds")
            picked.append(
                {
                    "ground": ground.value,
                    "label": info.label if info else ground.value,
                    "legal_basis": basis_text,
                    "offences": list(g.offences),
                    "reasons": text(g.reasons, "reasons"),
                }
            )
        granted = [str(x) for x in granted_offences or []]
        if o == Outcome.GRANTED and picked:
            raise Invalid("a grant gives no ground of refusal", field="grounds")
        if o == Outcome.REFUSED and not picked:
            raise Invalid("a refusal states at least one ground", field="grounds")
        if o == Outcome.PARTIALLY_GRANTED:
            unknown = [r for r in granted if r not in refs]
            if not granted or unknown:
                raise Invalid(
                    "name the offences granted (refs of the request file)",
                    field="granted_offences",
                    allowed=refs,
                )
            refused = [r for r in refs if r not in granted]
            if not refused:
                raise Invalid("every offence is granted: that is a grant", field="outcome")
            covered = {r for g in picked for r in (g["offences"] or refused)}
            if not set(refused) <= covered:
                raise Invalid(
                    "each refused offence needs a ground: "
                    + ", ".join(sorted(set(refused) - covered)),
                    field="grounds",
                )
        elif o == Outcome.GRANTED:
            granted = refs
        else:
            granted = []
        row.outcome = o.value
        row.decided_at = now
        decision = {
            "outcome": o.value,
            "reasons": why,
            "grounds": picked,
            "granted_offences": granted,
            "decided_at": iso(now),
            "by_country": actor.country,
            "consent": row.consent_at is not None,
        }
        set_data(row, "decision", decision)
        entry(
            s,
            row,
            Step.DECIDE.value,
            actor,
            f"Extradition {o.value.replace('_', ' ')}"
            + (f" ({', '.join(g['ground'] for g in picked)})" if picked else ""),
            now,
            {"outcome": o.value, "grounds": [g["ground"] for g in picked]},
        )
        json_document(s, settings, actor, row, DocKind.DECISION, decision, now)
        event(
            s,
            actor,
            row,
            "decided",
            decision,
            outcome=o.value,
            grounds=[g["ground"] for g in picked],
        )


# --- deadlines --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineView:
    key: str
    label: str
    due: datetime
    local_due: datetime
    zone: str
    legal_ref: str
    state: str  # met | ok | warning | overdue
    seconds_left: int
    met_at: datetime | None
    late: bool = False  # met, but after it was due

    @property
    def overdue(self) -> bool:
        return self.state == "overdue"

    @property
    def left_text(self) -> str:
        """For people: "3 days 4 h left", "overdue by 2 days", "met"."""
        if self.state == "met":
            return "met late" if self.late else "met"
        secs = abs(self.seconds_left)
        days, rest = divmod(secs, 86400)
        hours = rest // 3600
        span = f"{days} day{'s' if days != 1 else ''} {hours} h" if days else f"{hours} h"
        return f"overdue by {span}" if self.seconds_left <= 0 else f"{span} left"


def case_clock(row: JudicialCaseRow) -> CaseClock:
    ended = at(row.ended_at)
    return CaseClock(
        provisional_arrest_at=at(row.arrested_at),
        formal_request_received_at=at(row.formal_received_at),
        consent_at=at(row.consent_at),
        decision_extended=bool((row.data or {}).get("decision_extended")),
        final_decision_at=at(row.decided_at),
        surrendered_at=ended
        if row.state in (State.SURRENDERED.value, State.CLOSED.value) and row.surrender_at
        else None,
        released_at=ended
        if row.state == State.RELEASED.value or (row.data or {}).get("release")
        else None,
        # The agreed date: if the person is not taken over, release follows (ECE art. 18(4)).
        surrender_agreed_for=at(row.surrender_at),
    )


def mla_clock(row: JudicialCaseRow) -> MlaClock:
    data = row.data or {}
    answered = at(row.ended_at) if row.state in ("executed", "refused", "closed") else None
    return MlaClock(
        received_at=at(row.requested_at),
        preserved_at=at(row.decided_at) if row.mla_kind == MlaKind.PRESERVATION.value else None,
        follow_up_request_at=datetime.fromisoformat(data["follow_up_at"])
        if data.get("follow_up_at")
        else None,
        answered_at=answered,
    )


def raw_deadlines(row: JudicialCaseRow) -> list[Deadline]:
    zone = timezone_of(row.requested_country)
    if row.kind == CaseKind.MLA.value:
        return mla_deadlines(MlaKind(row.mla_kind or "evidence"), mla_clock(row), zone)
    found = extradition_deadlines(get_basis(row.legal_basis), case_clock(row), zone)
    if row.outcome == Outcome.REFUSED.value:  # nobody is surrendered after a refusal
        found = [d for d in found if d.key != "surrender"]
    return found


def deadline_views(row: JudicialCaseRow, now: datetime) -> list[DeadlineView]:
    """The case's deadlines with their state and time left; none run once a case ended."""
    out = []
    ended = row.state in ENDED_STATES
    for d in raw_deadlines(row):
        state = deadline_state(d, now)
        if ended and state != "met":
            state = "met" if d.met else "ended"
        out.append(
            DeadlineView(
                key=d.key,
                label=d.label,
                due=d.due,
                local_due=d.local_due,
                zone=d.zone,
                legal_ref=d.legal_ref,
                state=state,
                seconds_left=int(time_left(d, now).total_seconds()),
                met_at=d.met_at,
                late=d.late,
            )
        )
    return out


def running_deadlines(row: JudicialCaseRow, now: datetime) -> list[DeadlineView]:
    """Open deadlines, the most pressing first (for lists)."""
    return sorted(
        (d for d in deadline_views(row, now) if d.state in ("ok", "warning", "overdue")),
        key=lambda d: d.due,
    )


ENDED_STATES = frozenset(
    {
        State.SURRENDERED.value,
        State.RELEASED.value,
        State.WITHDRAWN.value,
        State.CLOSED.value,
        "executed",
        "refused",
    }
)
LEVEL_TEXT = {
    "warning": "Deadline approaching",
    "overdue": "Deadline passed",
}


def run_deadline_job(db: Database, now: datetime | None = None) -> JobReport:
    """For a scheduled job (no actor): raise each deadline that is near (warning) or passed
    (overdue) to both states, once per deadline and level, as a timeline entry both see and an
    event. An overdue provisional arrest (no formal request in time) is the case it exists for.
    Each case runs in its own savepoint: one case that fails (a legal basis taken out of the
    configuration) is logged and skipped, and must not roll back every other case's alerts."""
    now = now or utcnow()
    report = JobReport()
    with db.transaction() as s:
        rows = list(
            s.scalars(
                select(JudicialCaseRow).where(JudicialCaseRow.state.not_in(sorted(ENDED_STATES)))
            )
        )
        for row in rows:
            number = row.number
            try:
                with s.begin_nested():
                    warnings, overdue = _case_alerts(s, row, now)
            except Exception as exc:  # any failure of one case: logged, the others go on
                logging.getLogger("xborder").error("deadlines of %s skipped: %s", number, exc)
                report.skipped.append(number)
                continue
            report.warnings += warnings
            report.overdue += overdue
            report.cases.extend([number] * (warnings + overdue))
    return report


def _case_alerts(s: Session, row: JudicialCaseRow, now: datetime) -> tuple[int, int]:
    """One case's alerts not yet raised: (warnings, overdue)."""
    warnings = overdue = 0
    for d in deadline_views(row, now):
        if d.state not in LEVEL_TEXT:
            continue
        # Per due date too: an extension moves the deadline, and its new warning must
        # come even though the old one was raised.
        key = f"deadline:{d.key}:{d.due.astimezone(UTC):%Y%m%dT%H%M}:{d.state}"
        seen = s.scalar(
            select(JudicialEntryRow.id).where(
                JudicialEntryRow.case_id == row.id, JudicialEntryRow.dedupe == key
            )
        )
        if seen is not None:
            continue
        what = f"{LEVEL_TEXT[d.state]}: {d.label}, due {d.local_due.isoformat()} ({d.zone})"
        entry(
            s,
            row,
            f"deadline_{d.state}",
            None,
            what,
            now,
            {
                "deadline": d.key,
                "level": d.state,
                "due": iso(d.due),
                "notify": [row.requesting_country, row.requested_country],
            },
            dedupe=key,
        )
        event(s, None, row, f"deadline_{d.state}", {"deadline": d.key, "due": iso(d.due)})
        if d.state == "warning":
            warnings += 1
        else:
            overdue += 1
    return warnings, overdue


# --- reading a case ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseView:
    id: str
    number: str
    kind: str
    mla_kind: str | None
    state: str
    state_label: str
    outcome: str | None
    urgent: bool
    requesting_country: str
    requested_country: str
    legal_basis: dict[str, Any]
    via_secretariat: bool
    title: str
    side: str | None
    notice: dict[str, Any] | None
    hit_id: str | None
    requested_at: datetime
    arrested_at: datetime | None
    formal_received_at: datetime | None
    acknowledged_at: datetime | None
    consent_at: datetime | None
    decided_at: datetime | None
    surrender_at: datetime | None
    ended_at: datetime | None
    closed_at: datetime | None
    data: dict[str, Any]
    request: dict[str, Any] | None  # the latest request file (or provisional arrest data)
    documents: list[DocumentView]
    timeline: list[EntryView]
    deadlines: list[DeadlineView]
    actions: list[str]


def _basis_view(row: JudicialCaseRow) -> dict[str, Any]:
    if row.kind == CaseKind.MLA.value:
        return {"id": row.legal_basis, "name": MLA_BASES.get(row.legal_basis, row.legal_basis)}
    b = get_basis(row.legal_basis)
    return {"id": b.id, "name": b.name, "kind": b.kind.value, "source": b.source}


def view(s: Session, actor: Actor, row: JudicialCaseRow, now: datetime) -> CaseView:
    notice = s.get(NoticeRow, row.notice_id) if row.notice_id else None
    request = None
    for k in (DocKind.REQUEST_FILE, DocKind.PROVISIONAL_ARREST, DocKind.MLA_REQUEST):
        request = latest_json(s, row, k)
        if request is not None:
            break
    side = side_of(actor, row)
    return CaseView(
        id=row.id,
        number=row.number,
        kind=row.kind,
        mla_kind=row.mla_kind,
        state=row.state,
        state_label=state_label(row),
        outcome=row.outcome,
        urgent=row.urgent,
        requesting_country=row.requesting_country,
        requested_country=row.requested_country,
        legal_basis=_basis_view(row),
        via_secretariat=row.via_secretariat,
        title=row.title,
        side=side.value if side else None,
        notice=None
        if notice is None
        else {
            "id": notice.id,
            "number": notice.number,
            "state": notice.state,
            "type": notice.notice_type,
        },
        hit_id=row.hit_id,
        requested_at=as_utc(row.requested_at),
        arrested_at=at(row.arrested_at),
        formal_received_at=at(row.formal_received_at),
        acknowledged_at=at(row.acknowledged_at),
        consent_at=at(row.consent_at),
        decided_at=at(row.decided_at),
        surrender_at=at(row.surrender_at),
        ended_at=at(row.ended_at),
        closed_at=at(row.closed_at),
        data=dict(row.data or {}),
        request=request,
        documents=documents(s, row),
        timeline=timeline(s, row),
        deadlines=deadline_views(row, now),
        actions=actions_for(actor, row),
    )


def get_case(
    db: Database,
    actor: Actor,
    case_id: str,
    purpose: Purpose,
    kind: CaseKind = CaseKind.EXTRADITION,
) -> CaseView:
    """The whole case: reading it is a read of the person's data, logged with its purpose."""
    authorize(actor, READ[kind])
    now = utcnow()
    with db.transaction() as s:
        row = load(s, actor, case_id, kind)
        log_access(s, actor, f"{kind.value}.case.read", SUBJECT, [row.id], purpose)
        return view(s, actor, row, now)


# --- the pre-decision checklist --------------------------------------------------------------


@dataclass(frozen=True)
class CheckInputs:
    """What the requested state's authority knows beyond the file."""

    pending_proceedings: bool = False
    final_judgment_same_acts: bool = False
    human_rights_sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChecklistItem:
    ground: str
    label: str
    offence_ref: str | None
    level: str
    text: str
    legal_ref: str
    evidence: dict[str, Any]
    mandatory: bool = True  # under this legal basis: must refuse, or may refuse


@dataclass(frozen=True)
class Checklist:
    items: list[ChecklistItem]
    refusable: dict[str, list[str]]  # offence ref -> grounds the file raises against it
    offences: list[str]
    catalogue: list[dict[str, Any]]


def catalogue() -> list[dict[str, Any]]:
    return [
        {
            "ground": g.value,
            "label": info.label,
            "description": info.description,
            "legal_refs": list(info.legal_refs),
            "mandatory": info.mandatory,
        }
        for g, info in CATALOGUE.items()
    ]


def checklist(
    db: Database,
    actor: Actor,
    case_id: str,
    purpose: Purpose,
    inputs: CheckInputs | None = None,
) -> Checklist:
    """Which grounds of refusal the file itself raises, for the requested state's authority
    (the requesting state sees it too: it may complete its file). Includes the linked notice's
    state and the secretariat's refusal grounds (a notice refused or deleted under art. 3)."""
    authorize(actor, Action.EXTRADITION_READ)
    got = inputs or CheckInputs()
    now = utcnow()
    with db.transaction() as s:
        row = load(s, actor, case_id, CaseKind.EXTRADITION)
        request = latest_json(s, row, DocKind.REQUEST_FILE)
        log_access(s, actor, "extradition.checklist", SUBJECT, [row.id], purpose)
        if request is None:
            return Checklist([], {}, [], catalogue())
        f = file_from_dict(request)
        # EAW form section (d): the art. 4a(1) situation the issuing authority certifies.
        form = latest_json(s, row, DocKind.EAW)
        section_d = form.get("d") if isinstance(form, dict) else None
        guarantee = section_d.get("guarantee") if isinstance(section_d, dict) else None
        notice_state: str | None = None
        notice_grounds: tuple[str, ...] = ()
        if row.notice_id:
            notice = s.get(NoticeRow, row.notice_id)
            if notice is not None:
                notice_state = notice.state
                notice_grounds = tuple(
                    str(g)
                    for d in s.scalars(
                        select(DecisionRow).where(DecisionRow.notice_id == notice.id)
                    )
                    for g in (d.grounds or [])
                )
        ctx = CheckContext(
            basis=get_basis(row.legal_basis),
            file=f,
            requesting_state=row.requesting_country,
            requested_state=row.requested_country,
            # Limitation runs in the requested state's calendar (EAW art. 4(4): its law).
            today=now.astimezone(ZoneInfo(timezone_of(row.requested_country))).date(),
            notice_state=notice_state,
            notice_refusal_grounds=notice_grounds,
            pending_proceedings=got.pending_proceedings,
            final_judgment_same_acts=got.final_judgment_same_acts,
            human_rights_sources=got.human_rights_sources,
            in_absentia_guarantee=guarantee if isinstance(guarantee, str) and guarantee else None,
        )
    raised = grounds_checklist(ctx)
    refs = [o.ref for o in f.offences]
    items = [
        ChecklistItem(
            ground=r.ground.value,
            label=CATALOGUE[r.ground].label if r.ground in CATALOGUE else r.ground.value,
            offence_ref=r.offence_ref,
            level=r.level,
            text=r.text,
            legal_ref=r.legal_ref,
            evidence=dict(r.evidence),
            mandatory=r.mandatory,
        )
        for r in raised
    ]
    partial = partial_outcome(raised, refs)
    return Checklist(
        items=items,
        refusable={k: [g.value for g in v] for k, v in partial.items()},
        offences=refs,
        catalogue=catalogue(),
    )


# --- export ----------------------------------------------------------------------------------


def export_bundle(
    db: Database,
    settings: Settings,
    case_ref: str,
    *,
    purpose: Purpose,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The signed case file (operator's command, no actor: the CLI runs on the server): every
    version of every document with its envelope, the timeline, the bureaus' public keys, and
    the secretariat's signature over the whole. It holds the person's data, so the export is
    an event carrying the stated purpose and its legal basis (the operator has no user to
    write an access-log row for)."""
    now = now or utcnow()
    with db.transaction() as s:
        row = s.get(JudicialCaseRow, case_ref) or s.scalar(
            select(JudicialCaseRow).where(JudicialCaseRow.number == case_ref)
        )
        if row is None:
            raise NotFound("no such case")
        docs = export_documents(s, row)
        keys: dict[str, dict[str, Any]] = {}
        for country in {d["country"] for d in docs}:
            for k in key_service.keys_of(s, country):
                keys[k.kid] = {
                    **k.public_jwk,
                    "kid": k.kid,
                    "country": k.country,
                    "revoked_at": iso(k.revoked_at) if k.revoked_at else None,
                }
        body = {
            "format": sealing.FORMAT,
            "exported_at": iso(now),
            "case": {
                "id": row.id,
                "number": row.number,
                "kind": row.kind,
                "mla_kind": row.mla_kind,
                "state": row.state,
                "outcome": row.outcome,
                "requesting_country": row.requesting_country,
                "requested_country": row.requested_country,
                "legal_basis": row.legal_basis,
                "title": row.title,
                "requested_at": iso(row.requested_at),
            },
            "documents": docs,
            "timeline": [
                {
                    "at": iso(e.at),
                    "step": e.step,
                    "country": e.country,
                    "text": e.text,
                    "details": e.details,
                }
                for e in timeline(s, row)
            ],
            "keys": keys,
        }
        record_event(
            s,
            None,
            f"{row.kind}.exported",
            SUBJECT,
            row.id,
            {"documents": len(docs)},
            summary={"number": row.number, "documents": len(docs), "purpose": purpose.value},
            reason=f"{purpose.value}: {LEGAL_BASIS[purpose]}",
        )
    signer = ledger_keys.signer(settings)
    body["issuer_key"] = signer.public_jwk()
    return sealing.seal(body, signer.jose_key, signer.name)


# --- the EAW drawn from the request file ----------------------------------------------------

ISSUER_FIELDS = ("representative", "representative_title", "address", "telephone", "email")


def draft_eaw(
    file: dict[str, Any], issuer: dict[str, str], participation: str = "perpetrator"
) -> dict[str, Any] | None:
    """The EAW form prefilled from a request file (`eaw_from_request_file`), completed with
    what the file does not hold: the issuing judicial authority's representative and contact
    (section i) and the degree of participation in each offence (section e). None when the
    file cannot be read (the service then reports the file's own problems)."""
    try:
        f = file_from_dict(file)
    except RequestFileError:
        return None
    form = eaw_to_dict(eaw_from_request_file(f, f.warrant.authority))
    section_i = dict(form["i"])
    for key in ISSUER_FIELDS:
        if issuer.get(key):
            section_i[key] = issuer[key]
    form["i"] = section_i
    e = dict(form["e"])
    e["offences"] = [
        {**o, "participation": o.get("participation") or participation} for o in e["offences"]
    ]
    form["e"] = e
    return form
