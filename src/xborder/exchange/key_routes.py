"""Bureaus' public keys: published per country (no login: anyone may verify a signature),
registered and revoked by the bureau's supervisor or the secretariat."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query, Request

from xborder.api.deps import ctx, require
from xborder.exchange import key_service
from xborder.exchange.keys import published
from xborder.identity.policy import Action
from xborder.kernel.actor import Actor

router = APIRouter(prefix="/api/v1/keys", tags=["keys"])


@router.get("/{country}", summary="A country's published JWK set (RFC 7517)")
def jwks(request: Request, country: str) -> dict[str, Any]:
    return key_service.published_set(ctx(request).db, country)


@router.post("", status_code=201, summary="Register a public key (JWK) for your bureau")
def register(
    request: Request,
    actor: Annotated[Actor, Depends(require(Action.KEY_MANAGE))],
    jwk: Annotated[dict[str, Any], Body(examples=[{"kty": "OKP", "crv": "Ed25519", "x": "..."}])],
    country: Annotated[str | None, Query(min_length=2, max_length=3)] = None,
) -> dict[str, Any]:
    key = key_service.register_key(ctx(request).db, actor, jwk, country)
    return {**published(key), "created_at": key.created_at.isoformat()}


@router.post("/{kid}/revoke", summary="Revoke a key (time-stamped)")
def revoke(
    request: Request,
    kid: str,
    actor: Annotated[Actor, Depends(require(Action.KEY_MANAGE))],
    reason: Annotated[str, Body(embed=True, max_length=500)] = "",
) -> dict[str, Any]:
    key = key_service.revoke_key(ctx(request).db, actor, kid, reason)
    return {"kid": key.kid, "revoked_at": key.revoked_at.isoformat() if key.revoked_at else None}
