"""Bureaus' public keys: published per country (no login: anyone may verify a signature),
registered and revoked by the bureau's supervisor or the secretariat."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query, Request
from pydantic import ConfigDict, Field

from xborder.api import problems
from xborder.api.deps import ctx, require
from xborder.api.responses import Out
from xborder.exchange import key_service
from xborder.exchange.keys import published
from xborder.identity.policy import Action
from xborder.kernel.actor import Actor

router = APIRouter(prefix="/api/v1/keys", tags=["keys"], responses=problems.AUTHENTICATED)


class JwkOut(Out):
    """A published public key. A JWK's member set is open (RFC 7517 §4): the members of
    its key type (`crv`, `x`...) pass through as they were registered."""

    model_config = ConfigDict(extra="allow")
    kty: str = Field(examples=["OKP"])
    kid: str
    use: str = Field(examples=["sig", "enc"])
    alg: str = Field(examples=["Ed25519", "ECDH-ES"])


class JwkSetOut(Out):
    keys: list[JwkOut]


class RegisteredKeyOut(JwkOut):
    created_at: str


class RevokedKeyOut(Out):
    kid: str
    revoked_at: str | None


@router.get(
    "/{country}",
    summary="A country's published JWK set (RFC 7517)",
    responses=problems.PUBLIC,
)
def jwks(request: Request, country: str) -> JwkSetOut:
    return JwkSetOut.model_validate(key_service.published_set(ctx(request).db, country))


@router.post(
    "",
    status_code=201,
    summary="Register a public key (JWK) for your bureau",
    responses=problems.WRITE,
)
def register(
    request: Request,
    actor: Annotated[Actor, Depends(require(Action.KEY_MANAGE))],
    jwk: Annotated[dict[str, Any], Body(examples=[{"kty": "OKP", "crv": "Ed25519", "x": "..."}])],
    country: Annotated[str | None, Query(min_length=2, max_length=3)] = None,
) -> RegisteredKeyOut:
    key = key_service.register_key(ctx(request).db, actor, jwk, country)
    return RegisteredKeyOut.model_validate(
        {**published(key), "created_at": key.created_at.isoformat()}
    )


@router.post("/{kid}/revoke", summary="Revoke a key (time-stamped)", responses=problems.WRITE)
def revoke(
    request: Request,
    kid: str,
    actor: Annotated[Actor, Depends(require(Action.KEY_MANAGE))],
    reason: Annotated[str, Body(embed=True, max_length=500)] = "",
) -> RevokedKeyOut:
    key = key_service.revoke_key(ctx(request).db, actor, kid, reason)
    return RevokedKeyOut(
        kid=key.kid, revoked_at=key.revoked_at.isoformat() if key.revoked_at else None
    )
