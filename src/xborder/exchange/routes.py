"""Signed exchange: submit an envelope, the bureau's mailbox, evidences."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from xborder.api.deps import PurposeHeader, PurposeQuery, ctx, require
from xborder.api.problems import problem
from xborder.exchange import delivery, hub
from xborder.exchange.envelope import Reason
from xborder.exchange.schemas import json_schemas
from xborder.identity.policy import Action
from xborder.kernel.actor import Actor
from xborder.kernel.purposes import parse_purpose
from xborder.ledger import keys

router = APIRouter(prefix="/api/v1/exchange", tags=["exchange"])
MsgId = Annotated[str, Path(max_length=100)]
_STATUS = {Reason.REPLAY: 409, Reason.TOO_LARGE: 413}


@router.get("/schemas", summary="JSON Schema of each service/action document")
def schemas() -> dict[str, Any]:
    return json_schemas()


@router.post(
    "/messages",
    status_code=202,
    summary="Submit a signed envelope (JWS JSON serialisation); answered with an evidence",
)
def submit(
    request: Request,
    actor: Annotated[Actor, Depends(require(Action.EXCHANGE_SEND))],
    envelope: Annotated[dict[str, Any], Body()],
) -> Response:
    c = ctx(request)
    out = hub.submit(c.db, actor, keys.signer(c.settings), envelope)
    if out.accepted:
        return JSONResponse({"msg_id": out.msg_id, "evidence": out.evidence}, status_code=202)
    assert out.reason is not None
    return problem(
        _STATUS.get(out.reason, 422),
        f"envelope-{out.reason.value}",
        "Envelope rejected",
        out.detail,
        request.url.path,
        reason=out.reason.value,
        msg_id=out.msg_id,
        evidence=out.evidence,
    )


@router.post("/endpoint", status_code=204, summary="Register your bureau's push endpoint (HTTPS)")
def endpoint(
    request: Request,
    actor: Annotated[Actor, Depends(require(Action.ENDPOINT_MANAGE))],
    url: Annotated[str, Body(embed=True, max_length=500)],
) -> Response:
    c = ctx(request)
    delivery.register_endpoint(c.db, actor, url, c.settings)
    return Response(status_code=204)


@router.get("/inbox", summary="Messages waiting in your bureau's mailbox")
def inbox(
    request: Request,
    actor: Annotated[Actor, Depends(require(Action.EXCHANGE_READ))],
    all: bool = False,
) -> list[dict[str, Any]]:
    return hub.inbox(ctx(request).db, actor, include_acknowledged=all)


@router.get("/outbox", summary="Messages your bureau sent, with each recipient's state")
def outbox(
    request: Request, actor: Annotated[Actor, Depends(require(Action.EXCHANGE_READ))]
) -> list[dict[str, Any]]:
    return hub.outbox(ctx(request).db, actor)


@router.get(
    "/messages/{msg_id}", summary="Fetch a message (a recipient's first fetch is a Retrieval)"
)
def fetch(
    request: Request,
    msg_id: MsgId,
    actor: Annotated[Actor, Depends(require(Action.EXCHANGE_READ))],
    purpose: str | None = None,
    x_purpose: PurposeHeader = None,
) -> dict[str, Any]:
    """Documents may hold a person's particulars: state the purpose (logged)."""
    c = ctx(request)
    return hub.fetch(
        c.db, actor, keys.signer(c.settings), msg_id, parse_purpose(purpose or x_purpose)
    )


@router.post("/messages/{msg_id}/ack", status_code=204, summary="Acknowledge a message")
def ack(
    request: Request, msg_id: MsgId, actor: Annotated[Actor, Depends(require(Action.EXCHANGE_READ))]
) -> Response:
    hub.acknowledge(ctx(request).db, actor, msg_id)
    return Response(status_code=204)


@router.get("/messages/{msg_id}/evidence", summary="The message's evidence chain")
def evidence(
    request: Request, msg_id: MsgId, actor: Annotated[Actor, Depends(require(Action.EXCHANGE_READ))]
) -> list[dict[str, Any]]:
    return hub.evidence_chain(ctx(request).db, actor, msg_id)


class ReleaseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    compliant: bool
    rationale: str = Field(min_length=1, max_length=20_000)


@router.get("/held", summary="Messages held under corrective measures (secretariat)")
def held(
    request: Request, actor: Annotated[Actor, Depends(require(Action.EXCHANGE_REVIEW))]
) -> dict[str, Any]:
    found = hub.held_messages(ctx(request).db, actor)
    return {"total": len(found), "messages": found}


@router.get("/held/{msg_id}", summary="Read a held message to judge it (logged)")
def held_one(
    request: Request,
    msg_id: MsgId,
    actor: Annotated[Actor, Depends(require(Action.EXCHANGE_REVIEW))],
    purpose: PurposeQuery = None,
    x_purpose: PurposeHeader = None,
) -> dict[str, Any]:
    return hub.fetch_held(ctx(request).db, actor, msg_id, parse_purpose(purpose or x_purpose))


@router.post("/messages/{msg_id}/release", summary="Forward or refuse a held message")
def release(
    request: Request,
    msg_id: MsgId,
    body: ReleaseIn,
    actor: Annotated[Actor, Depends(require(Action.EXCHANGE_REVIEW))],
) -> dict[str, Any]:
    c = ctx(request)
    out = hub.release(c.db, actor, keys.signer(c.settings), msg_id, body.compliant, body.rationale)
    return {"result": out}
