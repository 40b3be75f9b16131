"""Diffusions, corrective measures, and the secretariat's country context and
protected-status register."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import Field

from xborder.api import problems
from xborder.api.deps import PurposeHeader, PurposeQuery, ctx, require
from xborder.api.responses import IdOut, Out, PersonOut
from xborder.identity.policy import Action
from xborder.kernel.actor import Actor
from xborder.kernel.errors import Invalid
from xborder.kernel.purposes import parse_purpose
from xborder.measures import service as measures
from xborder.measures.commands import LiftIn, MeasureIn
from xborder.notices import context, diffusions
from xborder.notices.commands import ContextIn, DiffusionIn, ProtectedIn, ReviewIn
from xborder.notices.context import CountryContext
from xborder.persons import codec

router = APIRouter(tags=["diffusions and measures"], responses=problems.AUTHENTICATED)
Id = Annotated[str, Path(max_length=36)]
WRITE = problems.WRITE


class DiffusionItemOut(Out):
    id: str
    number: str
    kind: str
    state: str
    sender_country: str
    title: str
    created_at: datetime
    update_your_records: bool
    acknowledged: bool


class DiffusionListOut(Out):
    total: int
    diffusions: list[DiffusionItemOut]


class DiffusionQueueItemOut(Out):
    id: str
    number: str
    kind: str
    state: str
    sender_country: str
    title: str
    created_at: datetime
    recipients: int
    risk: int
    blocking: int
    needs_review: int
    grounds: list[str]


class DiffusionQueueOut(Out):
    total: int
    items: list[DiffusionQueueItemOut]


class DiffusionOut(Out):
    id: str
    number: str
    kind: str
    state: str
    sender_country: str
    title: str
    content: dict[str, Any] = Field(description="`summary` and `offence`, as sent")
    person: PersonOut | None
    recipients: list[str]
    to_all: bool
    created_at: datetime
    sent_at: datetime | None
    reviewed_at: datetime | None
    review_rationale: str
    update_notice: bool
    findings: list[dict[str, Any]] = Field([], description="the checks' (secretariat only)")
    risk: int = 0


class StateOut(Out):
    state: str


class MeasureOut(Out):
    id: str
    country: str
    scopes: list[str]
    reason: str
    starts_at: datetime
    ends_at: datetime | None
    lifted_at: datetime | None
    lift_reason: str


class MeasureListOut(Out):
    total: int
    measures: list[MeasureOut]


class ProtectedEntryOut(Out):
    id: str
    source: str
    reference: str | None
    state: str
    protection_type: str
    fled_country: str
    granting_country: str
    person_id: str | None
    names: list[Any]
    birth_dates: list[str]
    nationalities: list[str]
    sex: str
    granted_on: str | None
    grounds_unrelated: bool
    naturalised: bool
    naturalised_on: str | None
    msg_id: str | None
    recorded_at: datetime
    updated_at: datetime | None


class ProtectedListOut(Out):
    total: int
    entries: list[ProtectedEntryOut]


@router.post(
    "/api/v1/diffusions",
    status_code=201,
    summary="Send a diffusion (held under measures)",
    response_model=IdOut,
    responses=WRITE,
)
def send(
    request: Request,
    body: DiffusionIn,
    actor: Annotated[Actor, Depends(require(Action.DIFFUSION_SEND))],
) -> dict[str, Any]:
    c = ctx(request)
    return {"id": diffusions.send(c.db, actor, c.settings, body)}


@router.get(
    "/api/v1/diffusions",
    summary="Diffusions sent by or to your bureau",
    response_model=DiffusionListOut,
)
def list_(
    request: Request,
    actor: Annotated[Actor, Depends(require(Action.DIFFUSION_READ))],
    state: Annotated[str | None, Query(max_length=20)] = None,
) -> dict[str, Any]:
    try:
        found = diffusions.list_diffusions(ctx(request).db, actor, state)
    except ValueError:
        raise Invalid(f"unknown state {state!r}", field="state") from None
    return {"total": len(found), "diffusions": found}


@router.get(
    "/api/v1/diffusions/review-queue",
    summary="Held, then unreviewed diffusions",
    response_model=DiffusionQueueOut,
)
def queue(
    request: Request, actor: Annotated[Actor, Depends(require(Action.DIFFUSION_REVIEW))]
) -> dict[str, Any]:
    items = diffusions.review_queue(ctx(request).db, actor)
    return {"total": len(items), "items": items}


@router.get(
    "/api/v1/diffusions/{diffusion_id}",
    summary="One diffusion (logged, with purpose)",
    response_model=DiffusionOut,
    response_model_exclude_unset=True,  # a name's empty parts stay left out
)
def read(
    request: Request,
    diffusion_id: Id,
    actor: Annotated[Actor, Depends(require(Action.DIFFUSION_READ))],
    purpose: PurposeQuery = None,
    x_purpose: PurposeHeader = None,
) -> dict[str, Any]:
    v = diffusions.get(ctx(request).db, actor, diffusion_id, parse_purpose(purpose or x_purpose))
    d = asdict(v)
    d["person"] = codec.to_json(v.person) if v.person is not None else None
    return d


@router.post(
    "/api/v1/diffusions/{diffusion_id}/review",
    summary="Secretariat's review",
    response_model=StateOut,
    responses=WRITE,
)
def review(
    request: Request,
    diffusion_id: Id,
    body: ReviewIn,
    actor: Annotated[Actor, Depends(require(Action.DIFFUSION_REVIEW))],
) -> dict[str, Any]:
    state = diffusions.review(ctx(request).db, actor, diffusion_id, body)
    return {"state": state}


@router.post(
    "/api/v1/diffusions/{diffusion_id}/acknowledge",
    status_code=204,
    summary="Records updated",
    responses=WRITE,
)
def acknowledge(
    request: Request,
    diffusion_id: Id,
    actor: Annotated[Actor, Depends(require(Action.DIFFUSION_READ))],
) -> Response:
    diffusions.acknowledge_update(ctx(request).db, actor, diffusion_id)
    return Response(status_code=204)


@router.get(
    "/api/v1/measures",
    summary="Corrective measures (a bureau sees its own)",
    response_model=MeasureListOut,
)
def list_measures(
    request: Request,
    actor: Annotated[Actor, Depends(require(Action.MEASURE_READ))],
    country: Annotated[str | None, Query(max_length=3)] = None,
) -> dict[str, Any]:
    found = measures.list_measures(ctx(request).db, actor, country)
    return {"total": len(found), "measures": [asdict(m) for m in found]}


@router.post(
    "/api/v1/measures",
    status_code=201,
    summary="Impose a corrective measure",
    response_model=MeasureOut,
    responses=WRITE,
)
def impose(
    request: Request,
    body: MeasureIn,
    actor: Annotated[Actor, Depends(require(Action.MEASURE_MANAGE))],
) -> dict[str, Any]:
    return asdict(measures.impose(ctx(request).db, actor, body))


@router.post(
    "/api/v1/measures/{measure_id}/lift",
    summary="Lift a measure (a recorded decision)",
    response_model=MeasureOut,
    responses=WRITE,
)
def lift(
    request: Request,
    measure_id: Id,
    body: LiftIn,
    actor: Annotated[Actor, Depends(require(Action.MEASURE_MANAGE))],
) -> dict[str, Any]:
    return asdict(measures.lift(ctx(request).db, actor, measure_id, body))


@router.get(
    "/api/v1/context/{country}",
    summary="The secretariat's country context",
    response_model=CountryContext,
)
def get_context(
    request: Request,
    country: Annotated[str, Path(max_length=3)],
    actor: Annotated[Actor, Depends(require(Action.CONTEXT_MANAGE))],
) -> dict[str, Any]:
    return asdict(context.get_context(ctx(request).db, actor, country))


@router.put(
    "/api/v1/context/{country}",
    summary="Replace a country's context",
    response_model=CountryContext,
    responses=WRITE,
)
def put_context(
    request: Request,
    country: Annotated[str, Path(max_length=3)],
    body: ContextIn,
    actor: Annotated[Actor, Depends(require(Action.CONTEXT_MANAGE))],
) -> dict[str, Any]:
    return asdict(context.set_context(ctx(request).db, actor, country, body))


@router.post(
    "/api/v1/protected-status",
    status_code=201,
    summary="Register a protected status",
    response_model=IdOut,
    responses=WRITE,
)
def protected(
    request: Request,
    body: ProtectedIn,
    actor: Annotated[Actor, Depends(require(Action.CONTEXT_MANAGE))],
) -> dict[str, Any]:
    return {"id": context.record_protected_status(ctx(request).db, actor, body)}


@router.get(
    "/api/v1/protected-status",
    summary="The protected-status register (secretariat; each read logged with its purpose)",
    response_model=ProtectedListOut,
)
def protected_register(
    request: Request,
    actor: Annotated[Actor, Depends(require(Action.CONTEXT_MANAGE))],
    fled_country: Annotated[str | None, Query(max_length=3)] = None,
    state: Annotated[str | None, Query(max_length=20)] = None,
    purpose: PurposeQuery = None,
    x_purpose: PurposeHeader = None,
) -> dict[str, Any]:
    found = context.list_protected_statuses(
        ctx(request).db,
        actor,
        parse_purpose(purpose or x_purpose),
        fled_country=fled_country,
        state=state,
    )
    return {"total": len(found), "entries": found}


@router.get(
    "/api/v1/protected-status/mine",
    summary="The protection notices your state sent over the exchange, as registered",
    response_model=ProtectedListOut,
)
def protected_mine(
    request: Request,
    actor: Annotated[Actor, Depends(require(Action.EXCHANGE_READ))],
    purpose: PurposeQuery = None,
    x_purpose: PurposeHeader = None,
) -> dict[str, Any]:
    found = context.my_protection_notices(
        ctx(request).db, actor, parse_purpose(purpose or x_purpose)
    )
    return {"total": len(found), "entries": found}
