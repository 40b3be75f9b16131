"""Who am I, users (admin), API tokens."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from pydantic import Field

from xborder.accounts import service as identity
from xborder.api import problems
from xborder.api.deps import ctx, require
from xborder.api.responses import Out
from xborder.api.schemas import TokenIn, UserIn
from xborder.identity.policy import ROLE_ACTIONS, Action
from xborder.kernel.actor import Actor, Role
from xborder.kernel.clock import iso
from xborder.kernel.errors import Invalid

router = APIRouter(prefix="/api/v1", tags=["identity"], responses=problems.AUTHENTICATED)


class OrganisationOut(Out):
    id: str
    kind: str
    country: str | None


class MeOut(Out):
    user_id: str
    username: str
    role: str
    organisation: OrganisationOut
    via: str = Field(examples=["session", "token"])
    scopes: list[str] | None = Field(description="a token's scopes; none for a session")
    actions: list[str]


class UserOut(Out):
    id: str
    username: str
    role: str
    organisation: str
    country: str | None
    disabled: bool


class NewUserOut(Out):
    id: str
    username: str
    password: str = Field(description="shown once")


class TokenOut(Out):
    id: str
    name: str
    prefix: str
    scopes: list[str]
    expires_at: str | None
    revoked: bool


class NewTokenOut(Out):
    id: str
    token: str = Field(description="shown once")
    scopes: list[str]
    expires_at: str


@router.get("/me", summary="Who the session or token is")
def me(actor: Annotated[Actor, Depends(require(Action.ME_READ))]) -> MeOut:
    return MeOut.model_validate(
        {
            "user_id": actor.user_id,
            "username": actor.username,
            "role": actor.role.value,
            "organisation": {
                "id": actor.org_id,
                "kind": actor.org_kind.value,
                "country": actor.country,
            },
            "via": actor.via,
            "scopes": sorted(actor.scopes) if actor.scopes is not None else None,
            "actions": sorted(a.value for a in ROLE_ACTIONS[actor.role]),
        }
    )


@router.get("/users", summary="All users (secretariat admins and auditors)")
def users(
    request: Request, actor: Annotated[Actor, Depends(require(Action.USER_LIST))]
) -> list[UserOut]:
    return [
        UserOut(
            id=u.id,
            username=u.username,
            role=u.role,
            organisation=u.org.name,
            country=u.org.country,
            disabled=u.disabled_at is not None,
        )
        for u in identity.list_users(ctx(request).db, actor)
    ]


@router.post(
    "/users",
    status_code=201,
    summary="Create a user; the password is shown once",
    responses=problems.WRITE,
)
def create_user(
    request: Request, body: UserIn, actor: Annotated[Actor, Depends(require(Action.USER_MANAGE))]
) -> NewUserOut:
    try:
        role = Role(body.role)
    except ValueError:
        raise Invalid("unknown role", field="role", allowed=[r.value for r in Role]) from None
    new = identity.create_user(
        ctx(request).db, actor, body.username, role, body.organisation, body.display_name
    )
    return NewUserOut(id=new.id, username=new.username, password=new.password)


@router.post("/users/{username}/disable", status_code=204, summary="Disable a user")
def disable_user(
    request: Request, username: str, actor: Annotated[Actor, Depends(require(Action.USER_MANAGE))]
) -> Response:
    identity.disable_user(ctx(request).db, actor, username)
    return Response(status_code=204)


@router.post(
    "/users/{username}/enable",
    status_code=204,
    summary="Enable a disabled or locked user (its old tokens stay revoked)",
)
def enable_user(
    request: Request, username: str, actor: Annotated[Actor, Depends(require(Action.USER_MANAGE))]
) -> Response:
    identity.enable_user(ctx(request).db, actor, username)
    return Response(status_code=204)


@router.get("/tokens", summary="My API tokens (never the secrets)")
def tokens(
    request: Request, actor: Annotated[Actor, Depends(require(Action.TOKEN_MANAGE_OWN))]
) -> list[TokenOut]:
    return [
        TokenOut(
            id=t.id,
            name=t.name,
            prefix=t.prefix,
            scopes=t.scopes,
            expires_at=iso(t.expires_at),
            revoked=t.revoked_at is not None,
        )
        for t in identity.list_tokens(ctx(request).db, actor)
    ]


@router.post(
    "/tokens",
    status_code=201,
    summary="Create an API token; shown once",
    responses=problems.WRITE,
)
def create_token(
    request: Request,
    body: TokenIn,
    actor: Annotated[Actor, Depends(require(Action.TOKEN_MANAGE_OWN))],
) -> NewTokenOut:
    new = identity.create_token(
        ctx(request).db, actor, actor.username, body.name, body.scopes, body.days
    )
    return NewTokenOut(
        id=new.id,
        token=new.token,
        scopes=list(new.scopes),
        expires_at=new.expires_at.isoformat(),
    )


@router.delete("/tokens/{token_id}", status_code=204, summary="Revoke a token")
def revoke_token(
    request: Request,
    token_id: str,
    actor: Annotated[Actor, Depends(require(Action.TOKEN_MANAGE_OWN))],
) -> Response:
    identity.revoke_token(ctx(request).db, actor, token_id)
    return Response(status_code=204)
