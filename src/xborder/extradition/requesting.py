"""The requesting state opens a case: the legal basis between the two states, the request
file, the EAW where it applies, the formal request and further documents."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from xborder.config import Settings
from xborder.extradition.cases import (
    PDF_TYPE,
    SEND,
    Entry,
    JsonDocument,
    NewDocument,
    add_document,
    bureau_country,
    entry,
    event,
    json_document,
    load,
    next_number,
    require_side,
    text,
)
from xborder.extradition.commands import DocumentIn, ExtraditionIn
from xborder.extradition.domain import (
    DECIDING_STEPS,
    DOC_LABELS,
    EXTRADITION_ONLY_DOCUMENTS,
    FREE_DOCUMENTS,
    CaseKind,
    DocKind,
    Side,
    State,
    Step,
    may_act,
    next_state,
)
from xborder.extradition.eaw import (
    EAWError,
    EAWForm,
    eaw_from_dict,
    eaw_pdf,
    eaw_problems,
    eaw_to_dict,
)
from xborder.extradition.legal_bases import BasisKind, LegalBasis, bases_between, get_basis
from xborder.extradition.listing import hit_notice, notice_link
from xborder.extradition.requestfile import (
    RequestFile,
    RequestFileError,
    file_from_dict,
    file_to_dict,
    missing_for_formal_request,
    missing_for_provisional_arrest,
)
from xborder.extradition.tables import JudicialCaseRow
from xborder.identity.policy import Action, authorize
from xborder.kernel.actor import Actor, OrgKind
from xborder.kernel.clock import iso, utcnow
from xborder.kernel.errors import Conflict, Forbidden, Invalid
from xborder.kernel.ids import new_id
from xborder.store.db import Database


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
    json_document(s, settings, actor, row, JsonDocument(DocKind.REQUEST_FILE, file_to_dict(f)), now)
    if form is not None:
        json_document(s, settings, actor, row, JsonDocument(DocKind.EAW, eaw_to_dict(form)), now)
        pdf = NewDocument(DocKind.EAW_PDF, eaw_pdf(form), PDF_TYPE)
        add_document(s, settings, actor, row, pdf, now)


def create_request(db: Database, actor: Actor, settings: Settings, cmd: ExtraditionIn) -> str:
    """Send an extradition request: a provisional arrest request (urgent, minimal data: the
    file then holds only what `missing_for_provisional_arrest` asks) or a formal request with
    its complete file (between EU members, an EAW). Signed by the actor's bureau at once."""
    authorize(actor, Action.EXTRADITION_SEND)
    if actor.org_kind != OrgKind.BUREAU or actor.country is None:
        raise Forbidden("only a bureau sends an extradition request")
    what = text(cmd.title, "title", 300, required=True)
    hit = text(cmd.hit_id, "hit_id", 36) or None
    provisional, file = cmd.provisional, cmd.file
    now = utcnow()
    with db.transaction() as s:
        requested = bureau_country(s, cmd.requested_country, "requested_country")
        if requested == actor.country:
            raise Invalid("a state does not request itself", field="requested_country")
        basis = _basis(actor.country, requested, cmd.legal_basis)
        linked, through = notice_link(s, actor, cmd.notice)
        if hit is not None:
            linked = hit_notice(s, actor, hit, requested, linked)
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
            form = _eaw(basis, cmd.eaw)
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
            via_secretariat=bool(cmd.via_secretariat or through),
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
        sent = "Provisional arrest requested" if provisional else "Formal request sent"
        details = {"legal_basis": basis.id, "notice": linked.number if linked else None}
        entry(s, actor, row, Entry("request", f"{sent} on the basis of {basis.name}", details), now)
        if provisional:
            doc = JsonDocument(DocKind.PROVISIONAL_ARREST, dict(file))
            json_document(s, settings, actor, row, doc, now)
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
        take_step(row, actor, Step.FORMAL, now)
        basis = get_basis(row.legal_basis)
        f = _file(file)
        form = _eaw(basis, eaw)
        row.formal_received_at = now
        _formal_documents(s, settings, actor, row, f, form, now)
        entry(s, actor, row, Entry(Step.FORMAL.value, "Formal request sent"), now)
        event(s, actor, row, "formal_request", {"at": iso(now)})


def add_case_document(
    db: Database,
    actor: Actor,
    settings: Settings,
    case_id: str,
    cmd: DocumentIn,
    case_kind: CaseKind = CaseKind.EXTRADITION,
) -> str:
    """A new document, or a new version of one (a corrected request file, a warrant...); the
    old versions stay. A new request file or EAW is checked like the first."""
    authorize(actor, SEND[case_kind])
    try:
        k = DocKind(cmd.kind)
    except ValueError:
        raise Invalid(f"unknown document kind {cmd.kind!r}", field="kind") from None
    if k not in FREE_DOCUMENTS:
        raise Invalid(
            f"a {k.value} is written by its step, not added",
            field="kind",
            allowed=sorted(d.value for d in FREE_DOCUMENTS),
        )
    why = text(cmd.note, "note", 2000)
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
        payload = dict(cmd.content)
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
            pdf = NewDocument(DocKind.EAW_PDF, eaw_pdf(form), PDF_TYPE, why)
            add_document(s, settings, actor, row, pdf, now)
        doc = json_document(s, settings, actor, row, JsonDocument(k, payload, why), now)
        row.updated_at = now
        event(s, actor, row, "document_added", {"note": why}, kind=k.value, version=doc.version)
        return doc.id


# The request's own documents come from the requesting state only; notes from either.
REQUESTING_DOCUMENTS = frozenset({DocKind.REQUEST_FILE, DocKind.EAW, DocKind.WARRANT})


def take_step(row: JudicialCaseRow, actor: Actor, step: Step, now: datetime) -> None:
    """Move the case: the step must be this side's and allowed from the current state."""
    side = require_side(actor, row)
    if not may_act(step, side):
        raise Forbidden(f"the {SIDE_TEXT[side]} state does not {step.value}")
    if step in DECIDING_STEPS:
        authorize(actor, Action.EXTRADITION_DECIDE)
    row.state = next_state(State(row.state), step, consented=row.consent_at is not None).value
    row.updated_at = now


SIDE_TEXT = {Side.REQUESTING: "requesting", Side.REQUESTED: "requested", Side.EITHER: "either"}
