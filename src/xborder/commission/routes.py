"""The files commission: individuals apply and follow their case (no login); the commission
works the cases; the owning bureau answers consultations."""

from __future__ import annotations

from dataclasses import asdict, fields, is_dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import Field

from xborder.api import problems
from xborder.api.deps import ctx, require
from xborder.api.responses import Out
from xborder.commission import service as ccf
from xborder.commission.commands import (
    AdmissibilityIn,
    AnswerIn,
    ApplicationIn,
    BlockIn,
    ConsultIn,
    DecisionIn,
    ImplementIn,
    NoticeLinkIn,
    NotificationIn,
    PortalIn,
)
from xborder.commission.domain import (
    DUE_SOON_DAYS,
    CaseState,
    Clock,
)
from xborder.identity.policy import Action
from xborder.kernel.actor import Actor
from xborder.kernel.clock import iso

router = APIRouter(
    prefix="/api/v1/commission",
    tags=["commission"],
    responses={**problems.AUTHENTICATED, **problems.WRITE},
)
CaseId = Annotated[str, Path(max_length=64)]
Time = str  # ISO 8601 in UTC, as kernel.clock.iso writes it


class ApplicationOut(Out):
    number: str
    portal_code: str = Field(description="shown once: with the number, it opens the portal")
    portal: str


class ClockOut(Out):
    """A deadline seen from now: days left (negative once overdue), or how it was met."""

    due: Time
    days_left: int
    overdue: bool
    done: bool
    late: bool
    label: str = Field(examples=["3 days left", "met", "overdue by 2 days"])
    soon: bool


class PortalOut(Out):
    number: str
    kind: str
    kind_label: str
    state_text: str
    received_at: Time
    decision_due: Time | None
    decision_clock: ClockOut | None
    told: bool
    outcome: str | None
    outcome_text: str
    message: str
    told_at: Time | None
    carried_out_at: Time | None
    disclosure: dict[str, Any] | None = Field(description="access cases the bureau consented to")


class DeadlineOut(Out):
    name: str
    label: str
    due: Time
    done_at: Time | None
    clock: ClockOut


class CaseSummaryOut(Out):
    id: str
    number: str
    kind: str
    state: str
    received_at: Time
    owning_country: str | None
    notice_number: str | None
    blocked: bool
    next_deadline: DeadlineOut | None


class DueOut(Out):
    case_id: str
    number: str
    kind: str
    state: str
    deadline: str
    due: Time
    days_left: int
    overdue: bool


class CaseOut(Out):
    id: str
    number: str
    kind: str
    kind_label: str
    state: str
    applicant_name: str
    represented_by: str
    contact: str
    statement: str
    received_at: Time
    admissible_at: Time | None
    decided_at: Time | None
    implemented_at: Time | None
    notified_at: Time | None
    owning_country: str | None
    blocked: bool
    notice: dict[str, Any] | None
    admissibility: dict[str, Any] | None
    consultation: list[dict[str, Any]]
    decision: dict[str, Any] | None
    implementation: dict[str, Any] | None
    notification: dict[str, Any] | None
    disclosure: dict[str, Any] | None
    deadlines: list[DeadlineOut]
    actions: list[str] = Field(description="what may be done now: link, admit, block...")
    outcomes: list[tuple[str, str]] = Field(description="(value, label) of each outcome")
    grounds: list[tuple[str, str]] = Field(description="(value, label) of each ground")


class RoundOut(Out):
    question: str | None
    asked_at: str | None
    answered_at: str | None
    consent: bool | None
    comments: str | None


class ConsultationOut(Out):
    case_id: str
    case_number: str
    kind: str
    state: str
    notice_id: str | None
    notice_number: str | None
    notice_title: str | None
    rounds: list[RoundOut]
    waiting: bool
    decision_due: Time | None


def plain(obj: Any) -> Any:
    """Dataclasses to JSON-ready values; a clock carries its label."""
    if isinstance(obj, Clock):
        return {**plain(asdict(obj)), "label": obj.label, "soon": obj.soon}
    if is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: plain(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, dict):
        return {str(k): plain(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [plain(v) for v in obj]
    if isinstance(obj, datetime):
        return iso(obj)
    return obj


# --- public: the applicant ------------------------------------------------------------------


@router.post(
    "/applications",
    status_code=201,
    summary="Apply to the Commission (no login); the portal code is shown once",
)
def apply(request: Request, body: ApplicationIn) -> ApplicationOut:
    got = ccf.apply(ctx(request).db, body)
    return ApplicationOut(
        number=got.number, portal_code=got.portal_code, portal="/commission/portal"
    )


@router.post(
    "/portal",
    summary="The state of your case (number and portal code in the body)",
    response_model=PortalOut,
)
def portal(request: Request, body: PortalIn, response: Response) -> dict[str, Any]:
    response.headers["Cache-Control"] = "no-store"
    view: dict[str, Any] = plain(ccf.portal_status(ctx(request).db, body.number, body.code))
    return view


# --- the commission ---------------------------------------------------------------------------


@router.get(
    "/cases",
    summary="Cases, those with the most urgent deadline first",
    response_model=list[CaseSummaryOut],
)
def cases(
    request: Request,
    actor: Annotated[Actor, Depends(require(Action.COMMISSION_READ))],
    state: Annotated[CaseState | None, Query()] = None,
) -> list[dict[str, Any]]:
    found = ccf.list_cases(ctx(request).db, actor, state.value if state else None)
    out: list[dict[str, Any]] = plain(found)
    return out


@router.get("/due", summary="Running deadlines overdue or due soon", response_model=list[DueOut])
def due(
    request: Request,
    actor: Annotated[Actor, Depends(require(Action.COMMISSION_READ))],
    days: Annotated[int, Query(ge=0, le=366)] = DUE_SOON_DAYS,
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = plain(ccf.due_for(ctx(request).db, actor, days))
    return out


@router.get(
    "/cases/{case_id}",
    summary="One case, with the linked notice (a logged read)",
    response_model=CaseOut,
)
def case(
    request: Request,
    case_id: CaseId,
    actor: Annotated[Actor, Depends(require(Action.COMMISSION_READ))],
) -> dict[str, Any]:
    out: dict[str, Any] = plain(ccf.get_case(ctx(request).db, actor, case_id))
    return out


@router.post("/cases/{case_id}/notice", status_code=204, summary="Name the notice concerned")
def link_notice(
    request: Request,
    case_id: CaseId,
    body: NoticeLinkIn,
    actor: Annotated[Actor, Depends(require(Action.COMMISSION_MANAGE))],
) -> Response:
    ccf.link_notice(ctx(request).db, actor, case_id, body.notice)
    return Response(status_code=204)


@router.post(
    "/cases/{case_id}/admissibility",
    status_code=204,
    summary="Declare the request admissible (starts the clock) or not",
)
def admissibility(
    request: Request,
    case_id: CaseId,
    body: AdmissibilityIn,
    actor: Annotated[Actor, Depends(require(Action.COMMISSION_MANAGE))],
) -> Response:
    ccf.declare_admissibility(ctx(request).db, actor, case_id, body)
    return Response(status_code=204)


@router.post(
    "/cases/{case_id}/block", status_code=204, summary="Block or unblock the notice (precaution)"
)
def block(
    request: Request,
    case_id: CaseId,
    body: BlockIn,
    actor: Annotated[Actor, Depends(require(Action.COMMISSION_MANAGE))],
) -> Response:
    ccf.set_blocking(ctx(request).db, actor, case_id, body)
    return Response(status_code=204)


@router.post("/cases/{case_id}/consultation", status_code=204, summary="Consult the owning bureau")
def consultation(
    request: Request,
    case_id: CaseId,
    body: ConsultIn,
    actor: Annotated[Actor, Depends(require(Action.COMMISSION_MANAGE))],
) -> Response:
    ccf.consult(ctx(request).db, actor, case_id, body.question)
    return Response(status_code=204)


@router.post("/cases/{case_id}/decision", status_code=204, summary="The binding decision")
def decision(
    request: Request,
    case_id: CaseId,
    body: DecisionIn,
    actor: Annotated[Actor, Depends(require(Action.COMMISSION_MANAGE))],
) -> Response:
    ccf.decide(ctx(request).db, actor, case_id, body)
    return Response(status_code=204)


@router.post(
    "/cases/{case_id}/implementation",
    status_code=204,
    summary="Carry out the decision (a deletion erases the data)",
)
def implementation(
    request: Request,
    case_id: CaseId,
    actor: Annotated[Actor, Depends(require(Action.COMMISSION_MANAGE))],
    body: ImplementIn | None = None,
) -> Response:
    ccf.implement(ctx(request).db, actor, case_id, body.note if body else "")
    return Response(status_code=204)


@router.post(
    "/cases/{case_id}/notification", status_code=204, summary="Record that the applicant was told"
)
def notification(
    request: Request,
    case_id: CaseId,
    body: NotificationIn,
    actor: Annotated[Actor, Depends(require(Action.COMMISSION_MANAGE))],
) -> Response:
    ccf.record_notification(ctx(request).db, actor, case_id, body)
    return Response(status_code=204)


# --- the owning bureau ------------------------------------------------------------------------


@router.get(
    "/consultations",
    summary="Consultations addressed to your bureau",
    response_model=list[ConsultationOut],
)
def consultations(
    request: Request, actor: Annotated[Actor, Depends(require(Action.COMMISSION_CONSULT))]
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = plain(ccf.list_consultations(ctx(request).db, actor))
    return out


@router.post(
    "/consultations/{case_id}/answer",
    status_code=204,
    summary="Answer the Commission (access: consent to disclosure or not)",
)
def answer(
    request: Request,
    case_id: CaseId,
    body: AnswerIn,
    actor: Annotated[Actor, Depends(require(Action.COMMISSION_CONSULT))],
) -> Response:
    ccf.answer_consultation(ctx(request).db, actor, case_id, body)
    return Response(status_code=204)
