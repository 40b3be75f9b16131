"""Signed exchange: submit an envelope, the bureau's mailbox, evidences."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from xborder.api import problems
from xborder.api.deps import PurposeHeader, PurposeQuery, ctx, require
from xborder.api.problems import problem
from xborder.api.responses import Out
from xborder.exchange import delivery, hub
from xborder.exchange.envelope import Reason
from xborder.exchange.schemas import json_schemas
from xborder.identity.policy import Action
from xborder.kernel.actor import Actor
from xborder.kernel.purposes import parse_purpose
from xborder.ledger import keys

router = APIRouter(prefix="/api/v1/exchange", tags=["exchange"], responses=problems.AUTHENTICATED)
MsgId = Annotated[str, Path(max_length=100)]
_STATUS = {Reason.REPLAY: 409, Reason.TOO_LARGE: 413}
_FROM = ConfigDict(populate_by_name=True)


class AcceptedOut(Out):
    msg_id: str | None
    evidence: str = Field(description="a Submission evidence: compact JWS by the secretariat")


class InboxItemOut(Out):
    model_config = _FROM
    msg_id: str
    conv_id: str | None
    from_: str = Field(alias="from")
    service: str
    action: str
    state: str
    received_at: str | None


class OutboxItemOut(Out):
    msg_id: str
    to: dict[str, str] = Field(description="each recipient country's state")
    service: str
    action: str
    received_at: str | None


class MessageOut(Out):
    msg_id: str
    envelope: dict[str, Any] = Field(description="the signed envelope, as submitted")
    my_state: str | None


class EvidenceOut(Out):
    kind: str
    recipient: str | None
    at: str | None
    jws: str
    claims: dict[str, Any]


class HeldItemOut(Out):
    model_config = _FROM
    msg_id: str
    from_: str = Field(alias="from")
    to: list[str]
    service: str
    action: str
    received_at: str | None


class HeldListOut(Out):
    total: int
    messages: list[HeldItemOut]


class HeldMessageOut(Out):
    model_config = _FROM
    msg_id: str
    from_: str = Field(alias="from")
    envelope: dict[str, Any]


class ReleaseOut(Out):
    result: str


@router.get("/schemas", summary="JSON Schema of each service/action document")
def schemas() -> dict[str, dict[str, Any]]:
    return json_schemas()


@router.post(
    "/messages",
    status_code=202,
    summary="Submit a signed envelope (JWS JSON serialisation); answered with an evidence",
    response_model=None,
    responses={202: {"model": AcceptedOut}, **problems.WRITE},
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


@router.post(
    "/endpoint",
    status_code=204,
    summary="Register your bureau's push endpoint (HTTPS)",
    responses=problems.WRITE,
)
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
) -> list[InboxItemOut]:
    return [
        InboxItemOut.model_validate(m)
        for m in hub.inbox(ctx(request).db, actor, include_acknowledged=all)
    ]


@router.get("/outbox", summary="Messages your bureau sent, with each recipient's state")
def outbox(
    request: Request, actor: Annotated[Actor, Depends(require(Action.EXCHANGE_READ))]
) -> list[OutboxItemOut]:
    return [OutboxItemOut.model_validate(m) for m in hub.outbox(ctx(request).db, actor)]


@router.get(
    "/messages/{msg_id}", summary="Fetch a message (a recipient's first fetch is a Retrieval)"
)
def fetch(
    request: Request,
    msg_id: MsgId,
    actor: Annotated[Actor, Depends(require(Action.EXCHANGE_READ))],
    purpose: str | None = None,
    x_purpose: PurposeHeader = None,
) -> MessageOut:
    """Documents may hold a person's particulars: state the purpose (logged)."""
    c = ctx(request)
    return MessageOut.model_validate(
        hub.fetch(c.db, actor, keys.signer(c.settings), msg_id, parse_purpose(purpose or x_purpose))
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
) -> list[EvidenceOut]:
    chain = hub.evidence_chain(ctx(request).db, actor, msg_id)
    return [EvidenceOut.model_validate(e) for e in chain]


class ReleaseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    compliant: bool
    rationale: str = Field(min_length=1, max_length=20_000)


@router.get("/held", summary="Messages held under corrective measures (secretariat)")
def held(
    request: Request, actor: Annotated[Actor, Depends(require(Action.EXCHANGE_REVIEW))]
) -> HeldListOut:
    found = hub.held_messages(ctx(request).db, actor)
    return HeldListOut.model_validate({"total": len(found), "messages": found})


@router.get("/held/{msg_id}", summary="Read a held message to judge it (logged)")
def held_one(
    request: Request,
    msg_id: MsgId,
    actor: Annotated[Actor, Depends(require(Action.EXCHANGE_REVIEW))],
    purpose: PurposeQuery = None,
    x_purpose: PurposeHeader = None,
) -> HeldMessageOut:
    held = hub.fetch_held(ctx(request).db, actor, msg_id, parse_purpose(purpose or x_purpose))
    return HeldMessageOut.model_validate(held)


@router.post(
    "/messages/{msg_id}/release",
    summary="Forward or refuse a held message",
    responses=problems.WRITE,
)
def release(
    request: Request,
    msg_id: MsgId,
    body: ReleaseIn,
    actor: Annotated[Actor, Depends(require(Action.EXCHANGE_REVIEW))],
) -> ReleaseOut:
    c = ctx(request)
    out = hub.release(c.db, actor, keys.signer(c.settings), msg_id, body.compliant, body.rationale)
    return ReleaseOut(result=out)
