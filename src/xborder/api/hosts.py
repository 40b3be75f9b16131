"""The Host names the server answers to. A request naming another is refused (400) by
Starlette's TrustedHostMiddleware before anything can build a link or a redirect from it."""

from __future__ import annotations

from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from xborder.config import Settings

# Probes and the metrics scraper call the server by its address (a container's changing IP),
# not by its name, and these answers hold no link: they pass whatever the Host.
ANY_HOST = frozenset({"/healthz", "/livez", "/readyz", "/metrics"})


def trusted_hosts(settings: Settings) -> list[str] | None:
    """The names to accept, or None for any ("*"). The address the server binds to is one of
    its names unless it is a wildcard."""
    hosts = [h.strip() for h in settings.trusted_hosts.split(",") if h.strip()]
    if "*" in hosts:
        return None
    if settings.host not in ("", "0.0.0.0", "::"):  # noqa: S104 (compared, not bound)
        hosts.append(f"[{settings.host}]" if ":" in settings.host else settings.host)
    return hosts


class TrustedHosts:
    """TrustedHostMiddleware for every path but the probes."""

    def __init__(self, app: ASGIApp, allowed_hosts: list[str]) -> None:
        self.app = app
        self.checked = TrustedHostMiddleware(app, allowed_hosts=allowed_hosts, www_redirect=False)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("path") in ANY_HOST:
            await self.app(scope, receive, send)
        else:
            await self.checked(scope, receive, send)
