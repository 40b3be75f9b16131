"""The public face of the ledger, as a transparency log: anyone holding a checkpoint can check
inclusion and consistency offline. Nothing here is personal data (leaves are salted digests)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import PlainTextResponse
from pydantic import ConfigDict, Field

from xborder.api import problems
from xborder.api.deps import ctx
from xborder.api.responses import Out
from xborder.kernel.errors import NotFound
from xborder.ledger import keys
from xborder.ledger import log as ledger

router = APIRouter(prefix="/api/v1/ledger", tags=["ledger"], responses=problems.PUBLIC)
MAX_INT = 2**31 - 1  # event ids and sizes are 32-bit integers on every backend


class LedgerKeyOut(Out):
    kty: str = Field(examples=["OKP"])
    crv: str = Field(examples=["Ed25519"])
    x: str
    kid: str
    use: str
    alg: str


class InclusionOut(Out):
    event: int
    index: int
    tree_size: int
    event_digest: str
    leaf_hash: str
    proof: list[str]
    root: str


class ConsistencyOut(Out):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)
    from_: int = Field(alias="from")
    to: int
    old_root: str
    new_root: str
    proof: list[str]


@router.get(
    "/checkpoint",
    response_class=PlainTextResponse,
    summary="The latest signed checkpoint (C2SP tlog-checkpoint text)",
    responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}}},
)
def checkpoint(request: Request) -> PlainTextResponse:
    c = ctx(request)
    with c.db.transaction(durable=True) as s:
        note = ledger.publish_checkpoint(s, keys.signer(c.settings))
    return PlainTextResponse(note, media_type="text/plain; charset=utf-8")


@router.get("/key", summary="The secretariat's public key (JWK) for checkpoints and evidences")
def key(request: Request) -> LedgerKeyOut:
    return LedgerKeyOut.model_validate(keys.signer(ctx(request).settings).public_jwk())


@router.get("/proof/inclusion", summary="Inclusion proof of an event in the tree")
def inclusion(
    request: Request,
    event: Annotated[int, Query(ge=1, le=MAX_INT)],
    size: Annotated[int | None, Query(ge=1, le=MAX_INT)] = None,
) -> InclusionOut:
    with ctx(request).db.transaction() as s:
        try:
            return InclusionOut.model_validate(ledger.inclusion(s, event, size))
        except LookupError as exc:
            raise NotFound(str(exc)) from None


@router.get("/proof/consistency", summary="Consistency proof between two tree sizes")
def consistency(
    request: Request,
    from_: Annotated[int, Query(alias="from", ge=0, le=MAX_INT)],
    to: Annotated[int, Query(ge=0, le=MAX_INT)],
) -> ConsistencyOut:
    with ctx(request).db.transaction() as s:
        try:
            return ConsistencyOut.model_validate(ledger.consistency(s, from_, to))
        except LookupError as exc:
            raise NotFound(str(exc)) from None
