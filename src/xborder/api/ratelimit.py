"""Rate limits per client address and per account, with the `limits` library.

Two places count: `AddressLimits`, an ASGI middleware in front of everything, counts per client
address before any work is done (login, anonymous applications and portal lookups, public
answers); `RateLimits.account` is called where the actor is resolved (`api.deps.resolve`) and
counts per account (every authenticated request, screening on its own budget). Failed
credentials are counted per address too, so a token-guessing client is stopped.

The counts live in memory (one process) or in Redis (`XBORDER_RATE_LIMIT_STORAGE=redis://...`),
shared by every worker and replica. A refusal is a 429 problem with `Retry-After`.

Behind a reverse proxy the client address is the proxy's unless uvicorn trusts its
X-Forwarded-For (`--proxy-headers --forwarded-allow-ips`): the deployment guide says so.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

from limits import RateLimitItem, parse_many
from limits.storage import storage_from_string
from limits.strategies import (
    MovingWindowRateLimiter,
    RateLimiter,
    SlidingWindowCounterRateLimiter,
)
from starlette.responses import HTMLResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from xborder.api import problems
from xborder.config import Settings
from xborder.kernel.errors import DomainError, Invalid

# Chosen for a bureau's real use with room to spare; an operator changes any of them with
# XBORDER_RATE_LIMITS. Per address unless it says per account.
DEFAULTS: dict[str, str] = {
    # Password spraying: 40 accounts tried from one address stop after ten.
    "login": "10/minute;60/hour",
    # Wrong, expired or revoked tokens from one address (guessing tokens).
    "auth_failure": "20/minute",
    # Anonymous applications to the Commission: a person applies once, a lawyer a few times.
    "application": "5/hour;20/day",
    # The applicant's portal (a case number and a code): guessing codes.
    "portal": "20/minute;200/day",
    # Anything else asked without credentials: public notices, pages, statistics.
    "public": "300/minute",
    # Per account: every authenticated request.
    "account": "6000/minute",
    # Per account: screening calls (a border system's batch runs at tens a second).
    "screening": "3000/minute",
}
# Limits against guessing count every request of the last window exactly (a moving window),
# so that no window boundary lets an eleventh password through; the capacity limits, counted
# in thousands, use the cheaper sliding-window approximation.
EXACT = frozenset({"login", "auth_failure", "application", "portal"})
SCREENING_PREFIXES = ("/match/", "/api/v1/screen")
# Never limited: health checks and the assets every page loads.
EXEMPT_PREFIXES = ("/healthz", "/livez", "/readyz", "/metrics", "/static/", "/docs-static/")


class RateLimited(DomainError):
    slug = "rate-limited"
    status = 429
    title = "Too many requests; try again later"

    def __init__(self, retry_after: int, detail: str = "") -> None:
        super().__init__(detail or f"too many requests; try again in {retry_after} s")
        self.retry_after = retry_after


def _parse(raw: str) -> dict[str, Sequence[RateLimitItem]]:
    limits = dict(DEFAULTS)
    if raw.strip():
        try:
            overrides = json.loads(raw)
        except ValueError:
            raise Invalid("XBORDER_RATE_LIMITS is not JSON") from None
        if not isinstance(overrides, dict):
            raise Invalid("XBORDER_RATE_LIMITS must be a JSON object")
        unknown = set(overrides) - set(DEFAULTS)
        if unknown:
            raise Invalid(f"unknown rate-limit categories: {sorted(unknown)}")
        limits.update({str(k): str(v) for k, v in overrides.items()})
    out: dict[str, Sequence[RateLimitItem]] = {}
    for category, text in limits.items():
        if text.strip().lower() in ("off", ""):
            continue
        try:
            out[category] = parse_many(text)
        except ValueError:
            raise Invalid(f"rate limit {category}={text!r} is not like '10/minute'") from None
    return out


@dataclass
class RateLimits:
    """The limits in force and where their counts live; one per application."""

    items: dict[str, Sequence[RateLimitItem]]
    limiter: SlidingWindowCounterRateLimiter
    exact: MovingWindowRateLimiter

    @classmethod
    def from_settings(cls, settings: Settings) -> RateLimits:
        storage = storage_from_string(settings.rate_limit_storage)
        return cls(
            _parse(settings.rate_limits),
            SlidingWindowCounterRateLimiter(storage),
            MovingWindowRateLimiter(storage),
        )

    def _counter(self, category: str) -> RateLimiter:
        return self.exact if category in EXACT else self.limiter

    def _retry_after(self, item: RateLimitItem, category: str, key: str) -> int:
        reset = self._counter(category).get_window_stats(item, category, key).reset_time
        return max(1, math.ceil(reset - time.time()))

    def hit(self, category: str, key: str) -> None:
        """Count one request; raise RateLimited when a limit of the category is exceeded."""
        counter = self._counter(category)
        for item in self.items.get(category, ()):
            if not counter.hit(item, category, key):
                raise RateLimited(self._retry_after(item, category, key))

    def check(self, category: str, key: str) -> None:
        """Raise RateLimited if the category is already exhausted, without counting."""
        counter = self._counter(category)
        for item in self.items.get(category, ()):
            if not counter.test(item, category, key):
                raise RateLimited(self._retry_after(item, category, key))

    def account(self, user_id: str, path: str) -> None:
        self.hit("account", user_id)
        if path.startswith(SCREENING_PREFIXES):
            self.hit("screening", user_id)


def address_category(method: str, path: str, credentials: bool) -> str | None:
    """Which per-address budget a request spends, if any."""
    if path.startswith(EXEMPT_PREFIXES):
        return None
    if method == "POST":
        if path == "/login":
            return "login"
        if path in ("/api/v1/commission/applications", "/commission/apply"):
            return "application"
        if path in ("/api/v1/commission/portal", "/commission/portal"):
            return "portal"
    return None if credentials else "public"


def refusal(exc: RateLimited, path: str, html: bool) -> Response:
    """The 429 for a request refused before the app runs: the app's problem document, or a
    short page for a browser, with Retry-After."""
    retry = {"Retry-After": str(exc.retry_after)}
    if html:
        page = (
            "<!doctype html><html lang=en><title>Too many requests</title>"
            f"<h1>Too many requests</h1><p>Try again in {exc.retry_after} seconds.</p>"
        )
        return HTMLResponse(page, status_code=exc.status, headers=retry)
    answer = problems.problem(
        exc.status, exc.slug, exc.title, exc.detail, path, retry_after=exc.retry_after
    )
    answer.headers.update(retry)
    return answer


class AddressLimits:
    """Per-address limits, checked before routing: a refused request costs no database work."""

    def __init__(self, app: ASGIApp, limits: RateLimits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        credentials = b"authorization" in headers or b"xb_session=" in headers.get(b"cookie", b"")
        category = address_category(scope["method"], scope.get("path", ""), credentials)
        if category is not None:
            client = scope.get("client")
            address = client[0] if client else "unknown"
            try:
                self.limits.hit(category, address)
            except RateLimited as exc:
                path = scope.get("path", "")
                html = b"text/html" in headers.get(b"accept", b"") and not path.startswith("/api/")
                await refusal(exc, path, html)(scope, receive, send)
                return
        await self.app(scope, receive, send)
