"""Who is calling, and may they: the only place the HTTP layer resolves an actor.

A route declares the action it performs with `require(Action.X)`; the authorisation-matrix
test reads that declaration from every route, so an undeclared route fails the suite.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Protocol, TypeVar, cast

from fastapi import Header, Query, Request

from xborder.api.ratelimit import RateLimits
from xborder.config import Settings
from xborder.identity import secrets
from xborder.identity.policy import Action, authorize
from xborder.kernel.actor import Actor, WebSession
from xborder.kernel.errors import DomainError, Unauthenticated
from xborder.kernel.purposes import LEGAL_BASES, Purpose
from xborder.store.db import Database

SESSION_COOKIE = "xb_session"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


T = TypeVar("T")


class Authenticator(Protocol):
    """Who a token or a session cookie belongs to (`xborder.accounts.service`, set by the
    composition root: this layer sits below the accounts)."""

    def token_actor(self, db: Database, token: str) -> Actor | None: ...

    def session_actor(self, db: Database, session_id: str) -> WebSession | None: ...


@dataclass
class Context:
    """What every request of one app shares. A capability keeps its own per-app state (a
    cache, an index) as an extension, made on first use, so this layer needs to know none."""

    settings: Settings
    db: Database
    limits: RateLimits
    authenticator: Authenticator
    _extensions: dict[type, object] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def extension(self, kind: type[T]) -> T:
        with self._lock:
            found = self._extensions.get(kind)
            if found is None:
                found = self._extensions[kind] = kind()
        return cast(T, found)

    def provide(self, extension: object) -> None:
        """Set an extension made otherwise (a test's cache with a long life)."""
        with self._lock:
            self._extensions[type(extension)] = extension


def ctx(request: Request) -> Context:
    c: Context = request.app.state.ctx
    return c


class CsrfFailure(DomainError):
    slug = "csrf"
    status = 403
    title = "CSRF token missing or wrong"


def resolve(request: Request) -> tuple[Actor, str | None] | None:
    """(actor, csrf token of the session or None for tokens), or None when anonymous.

    A bad token is an error, not anonymity: a client that sent credentials should learn that
    they failed rather than silently get public answers.
    """
    c = ctx(request)
    address = request.client.host if request.client else "unknown"
    auth = request.headers.get("authorization")
    if auth:
        # An address that keeps sending bad tokens is stopped before the lookup.
        c.limits.check("auth_failure", address)
        scheme, _, credential = auth.partition(" ")
        if scheme.lower() not in ("bearer", "apikey"):
            raise Unauthenticated("use Authorization: Bearer <token>")
        actor = c.authenticator.token_actor(c.db, credential.strip())
        if actor is None:
            c.limits.hit("auth_failure", address)
            raise Unauthenticated("invalid, expired or revoked token")
        c.limits.account(actor.user_id, request.url.path)
        return actor, None
    sid = request.cookies.get(SESSION_COOKIE)
    if sid:
        ws = c.authenticator.session_actor(c.db, sid)
        if ws is not None:
            c.limits.account(ws.actor.user_id, request.url.path)
            return ws.actor, ws.csrf_token
    return None


def require(action: Action) -> Callable[[Request], Actor]:
    def dependency(request: Request) -> Actor:
        found = resolve(request)
        if found is None:
            raise Unauthenticated()
        actor, csrf = found
        if csrf is not None and request.method not in SAFE_METHODS:
            sent = request.headers.get("x-csrf-token", "")
            if not secrets.same(sent, csrf):
                raise CsrfFailure("send the session's CSRF token in X-CSRF-Token")
        authorize(actor, action)
        return actor

    dependency.action = action  # type: ignore[attr-defined]
    return dependency


# Every read of a person's data states why: as `?purpose=` or the `X-Purpose` header.
PurposeQuery = Annotated[
    str | None,
    Query(description="why you read this: " + ", ".join(p.value for p in Purpose)),
]
PurposeHeader = Annotated[str | None, Header(alias="X-Purpose")]
# A search also states its legal basis, from a list (`xborder.governance.gate.LEGAL_BASES`):
# as `?legal_basis=` or the `X-Legal-Basis` header.
LegalBasisQuery = Annotated[
    str | None,
    Query(description="the legal basis of this search: " + ", ".join(sorted(LEGAL_BASES))),
]
LegalBasisHeader = Annotated[str | None, Header(alias="X-Legal-Basis")]
