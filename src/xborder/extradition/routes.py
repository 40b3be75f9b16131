"""Extradition and mutual legal assistance between two states: cases, their signed documents,
steps, the decision with its grounds, the pre-decision checklist and the statistics. Only the
two states concerned (and the secretariat where the channel passes through it) see a case."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from xborder.api import problems
from xborder.api.deps import PurposeHeader, PurposeQuery, ctx, require
from xborder.api.responses import IdOut, Out
from xborder.extradition import mla as mla_service
from xborder.extradition import service as ext
from xborder.extradition import stats as ext_stats
from xborder.extradition.commands import (
    DecisionIn,
    DocumentIn,
    ExtraditionIn,
    MlaIn,
    MlaStepIn,
    RequestFileIn,
)
from xborder.extradition.domain import CaseKind, Step
from xborder.extradition.legal_bases import bases_between
from xborder.identity.policy import Action
from xborder.kernel.actor import Actor
from xborder.kernel.clock import iso
from xborder.kernel.countries import normalise_country
from xborder.kernel.purposes import parse_purpose

router = APIRouter(tags=["extradition"], responses=problems.AUTHENTICATED)
CaseId = Annotated[str, Path(max_length=64)]
DocId = Annotated[str, Path(max_length=64)]
MAX_TEXT = ext.MAX_TEXT
WRITE = problems.WRITE
Time = str  # ISO 8601 in UTC, as kernel.clock.iso writes it


class BasisOut(Out):
    id: str
    name: str
    kind: str
    provisional_arrest_days: int | None
    provisional_arrest_max_days: int | None
    decision_days: int | None
    min_penalty_months: int | None
    min_sentence_months: int | None
    languages: list[str]
    source: str


class GroundOut(Out):
    ground: str
    label: str
    description: str
    legal_refs: list[str]
    mandatory: bool


class StatisticsOut(Out):
    extradition_cases: int
    by_legal_basis: dict[str, int]
    by_state: dict[str, int]
    by_outcome: dict[str, int]
    by_ground: dict[str, int]
    decided: int
    median_days_to_decision: float | None
    provisional_arrests: int
    consents: int
    mla_cases: int
    mla_by_kind: dict[str, int]
    mla_by_state: dict[str, int]


class DeadlineOut(Out):
    key: str
    label: str
    due: Time
    local_due: Time
    zone: str
    legal_ref: str
    state: str = Field(examples=["met", "ok", "warning", "overdue"])
    seconds_left: int
    met_at: Time | None
    late: bool
    left: str = Field(examples=["3 days 4 h left", "overdue by 2 days", "met"])


class CaseSummaryOut(Out):
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
    requested_at: Time
    next_deadline: DeadlineOut | None
    side: str | None


class CreatedCaseOut(Out):
    id: str
    href: str


class DocumentOut(Out):
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
    created_at: Time
    size: int


class EntryOut(Out):
    at: Time
    step: str
    country: str | None
    text: str
    details: dict[str, Any]


class CaseOut(Out):
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
    legal_basis: dict[str, Any] = Field(description="`id`, `name` (and `kind`, `source`)")
    via_secretariat: bool
    title: str
    side: str | None
    notice: dict[str, Any] | None
    hit_id: str | None
    requested_at: Time
    arrested_at: Time | None
    formal_received_at: Time | None
    acknowledged_at: Time | None
    consent_at: Time | None
    decided_at: Time | None
    surrender_at: Time | None
    ended_at: Time | None
    closed_at: Time | None
    data: dict[str, Any]
    request: dict[str, Any] | None = Field(description="the latest request file")
    documents: list[DocumentOut]
    timeline: list[EntryOut]
    deadlines: list[DeadlineOut]
    actions: list[str]


class ChecklistItemOut(Out):
    ground: str
    label: str
    offence_ref: str | None
    level: str
    text: str
    legal_ref: str
    evidence: dict[str, Any]
    mandatory: bool


class ChecklistOut(Out):
    items: list[ChecklistItemOut]
    refusable: dict[str, list[str]] = Field(description="offence ref: the grounds it raises")
    offences: list[str]
    catalogue: list[GroundOut]


# A document is answered as it was signed: JSON, or a PDF.
FILE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The document's bytes (`Digest` carries their SHA-256)",
        "content": {
            "application/json": {"schema": {"type": "object"}},
            "application/pdf": {"schema": {"type": "string", "format": "binary"}},
        },
    }
}


def plain(obj: Any) -> Any:
    """Dataclasses to JSON-ready values; a deadline carries its words."""
    if isinstance(obj, ext.DeadlineView):
        return {
            **{f.name: plain(getattr(obj, f.name)) for f in fields(obj)},
            "left": obj.left_text,
        }
    if is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: plain(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, dict):
        return {str(k): plain(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [plain(v) for v in obj]
    if isinstance(obj, datetime):
        return iso(obj)
    return obj


class StepIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    step: Step
    text: str = Field("", max_length=MAX_TEXT)
    # With its offset: deadlines count in the requested state's calendar, so a time without
    # one would shift them by the sender's offset from UTC.
    at: AwareDatetime | None = Field(
        None, description="arrest, consent or surrender time, with its UTC offset"
    )
    place: str = Field("", max_length=300)
    escort: str = Field("", max_length=300)
    # The formal request's file: the model the request pages read their form into, so that
    # both take the same shape with the same limits.
    file: RequestFileIn | None = None
    eaw: dict[str, Any] | None = None


def _file_response(doc: ext.DocumentContent) -> Response:
    return Response(
        content=doc.content,
        media_type=doc.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{doc.filename}"',
            "Digest": f"sha-256={doc.sha256}",
            "Cache-Control": "no-store",
        },
    )


# --- extradition -----------------------------------------------------------------------------


@router.get(
    "/api/v1/extradition/bases",
    summary="The legal bases between two states, best first",
    response_model=list[BasisOut],
)
def bases(
    actor: Annotated[Actor, Depends(require(Action.EXTRADITION_READ))],
    requesting: Annotated[str, Query(max_length=3)],
    requested: Annotated[str, Query(max_length=3)],
) -> list[dict[str, Any]]:
    a, b = normalise_country(requesting), normalise_country(requested)
    return [
        {
            "id": x.id,
            "name": x.name,
            "kind": x.kind.value,
            "provisional_arrest_days": x.provisional_arrest_days,
            "provisional_arrest_max_days": x.provisional_arrest_max_days,
            "decision_days": x.decision_days,
            "min_penalty_months": x.min_penalty_months,
            "min_sentence_months": x.min_sentence_months,
            "languages": list(x.languages),
            "source": x.source,
        }
        for x in bases_between(a, b)
    ]


@router.get(
    "/api/v1/extradition/grounds",
    summary="The catalogue of grounds for refusal",
    response_model=list[GroundOut],
)
def grounds(
    actor: Annotated[Actor, Depends(require(Action.EXTRADITION_READ))],
) -> list[dict[str, Any]]:
    return ext.catalogue()


@router.get(
    "/api/v1/extradition/statistics",
    summary="Cases by basis, outcome, ground, duration",
    response_model=StatisticsOut,
)
def statistics(
    request: Request, actor: Annotated[Actor, Depends(require(Action.EXTRADITION_READ))]
) -> dict[str, Any]:
    return ext_stats.as_json(ext_stats.statistics_for(ctx(request).db, actor))


@router.get(
    "/api/v1/extradition/cases",
    summary="Your cases, overdue and urgent first",
    response_model=list[CaseSummaryOut],
)
def cases(
    request: Request,
    actor: Annotated[Actor, Depends(require(Action.EXTRADITION_READ))],
    status: Annotated[str | None, Query(max_length=40)] = None,
    urgent: bool | None = None,
) -> list[dict[str, Any]]:
    found = ext.list_cases(
        ctx(request).db,
        actor,
        CaseKind.EXTRADITION,
        status,
        urgent,
        deadlines_of=ext.running_deadlines,
    )
    out: list[dict[str, Any]] = plain(found)
    return out


@router.post(
    "/api/v1/extradition/cases",
    status_code=201,
    summary="Send a request (signed)",
    response_model=CreatedCaseOut,
    responses=WRITE,
)
def create(
    request: Request,
    body: ExtraditionIn,
    actor: Annotated[Actor, Depends(require(Action.EXTRADITION_SEND))],
) -> dict[str, Any]:
    c = ctx(request)
    case_id = ext.create_request(c.db, actor, c.settings, body)
    return {"id": case_id, "href": f"/api/v1/extradition/cases/{case_id}"}


@router.get(
    "/api/v1/extradition/cases/{case_id}",
    summary="One case (a logged read)",
    response_model=CaseOut,
)
def case(
    request: Request,
    case_id: CaseId,
    actor: Annotated[Actor, Depends(require(Action.EXTRADITION_READ))],
    purpose: PurposeQuery = None,
    x_purpose: PurposeHeader = None,
) -> dict[str, Any]:
    v = ext.get_case(ctx(request).db, actor, case_id, parse_purpose(purpose or x_purpose))
    out: dict[str, Any] = plain(v)
    return out


@router.post(
    "/api/v1/extradition/cases/{case_id}/documents",
    status_code=201,
    summary="Add a document or a new version of one (signed; old versions stay)",
    response_model=IdOut,
    responses=WRITE,
)
def add_document(
    request: Request,
    case_id: CaseId,
    body: DocumentIn,
    actor: Annotated[Actor, Depends(require(Action.EXTRADITION_SEND))],
) -> dict[str, Any]:
    c = ctx(request)
    doc_id = ext.add_case_document(c.db, actor, c.settings, case_id, body)
    return {"id": doc_id}


@router.get(
    "/api/v1/extradition/cases/{case_id}/documents/{document_id}",
    summary="One version of a document, as signed (a logged read)",
    response_model=None,
    responses=FILE,
)
def document(
    request: Request,
    case_id: CaseId,
    document_id: DocId,
    actor: Annotated[Actor, Depends(require(Action.EXTRADITION_READ))],
    purpose: PurposeQuery = None,
    x_purpose: PurposeHeader = None,
) -> Response:
    doc = ext.get_document(
        ctx(request).db,
        actor,
        case_id,
        document_id,
        parse_purpose(purpose or x_purpose),
        CaseKind.EXTRADITION,
    )
    return _file_response(doc)


@router.post(
    "/api/v1/extradition/cases/{case_id}/transitions",
    status_code=204,
    summary="A step: formal, arrest, acknowledge, ask_info, answer_info, consent, "
    "arrange_surrender, surrender, release, withdraw, close",
    responses=WRITE,
)
def transition(
    request: Request,
    case_id: CaseId,
    body: StepIn,
    actor: Annotated[Actor, Depends(require(Action.EXTRADITION_SEND))],
) -> Response:
    c = ctx(request)
    data = ext.StepInput(
        text=body.text,
        at=body.at,
        place=body.place,
        escort=body.escort,
        file=body.file.as_dict() if body.file else None,
        eaw=body.eaw,
    )
    ext.act(c.db, actor, c.settings, case_id, body.step, data)
    return Response(status_code=204)


@router.post(
    "/api/v1/extradition/cases/{case_id}/decision",
    status_code=204,
    summary="The requested state's decision, with its grounds (signed)",
    responses=WRITE,
)
def decision(
    request: Request,
    case_id: CaseId,
    body: DecisionIn,
    actor: Annotated[Actor, Depends(require(Action.EXTRADITION_DECIDE))],
) -> Response:
    c = ctx(request)
    ext.decide(c.db, actor, c.settings, case_id, body)
    return Response(status_code=204)


@router.get(
    "/api/v1/extradition/cases/{case_id}/checklist",
    summary="The pre-decision checklist: the grounds the file itself raises (a logged read)",
    response_model=ChecklistOut,
)
def checklist(
    request: Request,
    case_id: CaseId,
    actor: Annotated[Actor, Depends(require(Action.EXTRADITION_READ))],
    pending_proceedings: bool = False,
    final_judgment_same_acts: bool = False,
    human_rights_source: Annotated[list[str] | None, Query(max_length=20)] = None,
    purpose: PurposeQuery = None,
    x_purpose: PurposeHeader = None,
) -> dict[str, Any]:
    inputs = ext.CheckInputs(
        pending_proceedings, final_judgment_same_acts, tuple(human_rights_source or ())
    )
    found = ext.checklist(
        ctx(request).db, actor, case_id, parse_purpose(purpose or x_purpose), inputs
    )
    out: dict[str, Any] = plain(found)
    return out


# --- mutual legal assistance -------------------------------------------------------------------


@router.get(
    "/api/v1/mla/cases",
    summary="Your MLA requests, overdue and urgent first",
    response_model=list[CaseSummaryOut],
)
def mla_cases(
    request: Request,
    actor: Annotated[Actor, Depends(require(Action.MLA_READ))],
    status: Annotated[str | None, Query(max_length=40)] = None,
    urgent: bool | None = None,
) -> list[dict[str, Any]]:
    found = ext.list_cases(
        ctx(request).db, actor, CaseKind.MLA, status, urgent, deadlines_of=ext.running_deadlines
    )
    out: list[dict[str, Any]] = plain(found)
    return out


@router.post(
    "/api/v1/mla/cases",
    status_code=201,
    summary="Send an MLA request (signed)",
    response_model=CreatedCaseOut,
    responses=WRITE,
)
def mla_create(
    request: Request,
    body: MlaIn,
    actor: Annotated[Actor, Depends(require(Action.MLA_SEND))],
) -> dict[str, Any]:
    c = ctx(request)
    case_id = mla_service.create_mla(c.db, actor, c.settings, body)
    return {"id": case_id, "href": f"/api/v1/mla/cases/{case_id}"}


@router.get(
    "/api/v1/mla/cases/{case_id}", summary="One MLA case (a logged read)", response_model=CaseOut
)
def mla_case(
    request: Request,
    case_id: CaseId,
    actor: Annotated[Actor, Depends(require(Action.MLA_READ))],
    purpose: PurposeQuery = None,
    x_purpose: PurposeHeader = None,
) -> dict[str, Any]:
    v = ext.get_case(
        ctx(request).db, actor, case_id, parse_purpose(purpose or x_purpose), CaseKind.MLA
    )
    out: dict[str, Any] = plain(v)
    return out


@router.post(
    "/api/v1/mla/cases/{case_id}/documents",
    status_code=201,
    summary="Add a document (signed)",
    response_model=IdOut,
    responses=WRITE,
)
def mla_add_document(
    request: Request,
    case_id: CaseId,
    body: DocumentIn,
    actor: Annotated[Actor, Depends(require(Action.MLA_SEND))],
) -> dict[str, Any]:
    c = ctx(request)
    doc_id = ext.add_case_document(c.db, actor, c.settings, case_id, body, CaseKind.MLA)
    return {"id": doc_id}


@router.get(
    "/api/v1/mla/cases/{case_id}/documents/{document_id}",
    summary="One version of a document (a logged read)",
    response_model=None,
    responses=FILE,
)
def mla_document(
    request: Request,
    case_id: CaseId,
    document_id: DocId,
    actor: Annotated[Actor, Depends(require(Action.MLA_READ))],
    purpose: PurposeQuery = None,
    x_purpose: PurposeHeader = None,
) -> Response:
    doc = ext.get_document(
        ctx(request).db,
        actor,
        case_id,
        document_id,
        parse_purpose(purpose or x_purpose),
        CaseKind.MLA,
    )
    return _file_response(doc)


@router.post(
    "/api/v1/mla/cases/{case_id}/transitions",
    status_code=204,
    summary="A step: acknowledge, ask_info, answer_info, accept, refuse, execute, withdraw, close",
    responses=WRITE,
)
def mla_transition(
    request: Request,
    case_id: CaseId,
    body: MlaStepIn,
    actor: Annotated[Actor, Depends(require(Action.MLA_SEND))],
) -> Response:
    c = ctx(request)
    mla_service.act(c.db, actor, c.settings, case_id, body)
    return Response(status_code=204)
