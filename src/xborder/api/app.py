"""The application factory: one FastAPI app serving the API, the pages and the health check."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.body_limit import RequestBodyLimitMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import xborder
from xborder.api import problems
from xborder.api.deps import Context
from xborder.api.limits import DeclaredBodySizeLimit
from xborder.api.routes import (
    audit,
    commission,
    diffusions,
    exchange,
    extradition,
    governance,
    identity,
    keys,
    ledger,
    notices,
    persons,
    public_notices,
    safeguards,
    screening,
)
from xborder.config import Settings
from xborder.kernel.errors import Conflict, DomainError, Invalid
from xborder.store.db import Database
from xborder.web import (
    commission_pages,
    extradition_pages,
    governance_pages,
    notice_pages,
    pages,
    public_pages,
    safeguard_pages,
    screening_pages,
)

CSP = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'"


def _wants_html(request: Request) -> bool:
    path = request.url.path
    if path.startswith(("/api/", "/healthz", "/problems", "/openapi.json")):
        return False
    return "text/html" in request.headers.get("accept", "")


class SecurityHeaders:
    """The same protective headers on every response. A plain ASGI middleware: Starlette's
    BaseHTTPMiddleware runs each request through an extra task and body stream (about 9% of
    the server's profile samples under /match load; the end-to-end gain was within the
    benchmark's noise)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "same-origin")
                headers.setdefault("X-Frame-Options", "DENY")
                if not path.startswith(("/docs", "/redoc")):
                    headers.setdefault("Content-Security-Policy", CSP)
                if path.startswith(("/api/", "/persons")):
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _housekeeping(settings: Settings, db: Database) -> Any:
    """While the server runs: push deliveries every few seconds (resuming whatever a previous
    run left in flight), issue timeout evidences every minute, run the notices' lifecycle
    hourly and raise extradition and MLA deadlines every quarter hour, in worker threads."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        from xborder.exchange.delivery import deliver_due
        from xborder.exchange.hub import apply_timeouts
        from xborder.extradition.service import run_deadline_job
        from xborder.ledger import keys
        from xborder.notices.service import run_lifecycle_job

        async def every(seconds: float, job: Callable[[], object]) -> None:
            while True:
                try:
                    await asyncio.to_thread(job)
                except Exception:  # a failed round is retried at the next tick
                    logging.getLogger("xborder").exception("background job failed")
                await asyncio.sleep(seconds)

        timeout = timedelta(hours=settings.retrieval_timeout_hours)
        tasks = [
            asyncio.create_task(
                every(60, lambda: apply_timeouts(db, keys.signer(settings), timeout))
            ),
            asyncio.create_task(
                every(
                    settings.delivery_interval_seconds,
                    lambda: deliver_due(db, keys.signer(settings), settings),
                )
            ),
            # Notice expiry (5 years), ends of suspensions, reminders before expiry.
            asyncio.create_task(every(3600, lambda: run_lifecycle_job(db))),
            # Extradition and MLA deadlines: warnings before, and overdue (both sides told).
            asyncio.create_task(every(900, lambda: run_deadline_job(db))),
        ]
        yield
        for task in tasks:
            task.cancel()

    return lifespan


def create_app(settings: Settings | None = None, db: Database | None = None) -> FastAPI:
    settings = settings or Settings()
    db = db or Database(settings.url)
    app = FastAPI(
        lifespan=_housekeeping(settings, db),
        title="xborder",
        version=xborder.__version__,
        description="International police cooperation with the safeguards built in. "
        "Errors are RFC 9457 problem details.",
        openapi_url="/openapi.json",
    )
    app.state.ctx = Context(settings=settings, db=db)
    problems.install(app)

    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> Response:
        if _wants_html(request):
            return pages.render(
                request, "error.html", status=exc.status, title=exc.title, detail=exc.detail
            )
        return problems.problem(
            exc.status, exc.slug, exc.title, exc.detail, request.url.path, **exc.extra
        )

    @app.exception_handler(StaleDataError)
    @app.exception_handler(IntegrityError)
    async def _race(request: Request, exc: Exception) -> Response:
        # Two writers met (a second decision on the same request, the same control number);
        # the transaction rolled back and nothing was written: the caller may retry.
        return await _domain(request, Conflict("someone else changed this record; try again"))

    @app.exception_handler(UnicodeEncodeError)
    async def _not_text(request: Request, exc: UnicodeEncodeError) -> Response:
        # JSON may carry a lone surrogate ("\ud800"); it is not text and cannot be signed,
        # hashed or stored. The transaction it broke was rolled back: nothing was written.
        return await _domain(
            request, Invalid("a text field holds an invalid character (a lone surrogate)")
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_html(request):
            return pages.render(
                request, "error.html", status=exc.status_code, title=str(exc.detail), detail=""
            )
        slug = problems.SLUG_BY_STATUS.get(exc.status_code, "http-error")
        return problems.problem(
            exc.status_code, slug, str(exc.detail), str(exc.detail), request.url.path
        )

    app.add_middleware(SecurityHeaders)
    app.add_middleware(RequestBodyLimitMiddleware, max_body_size=settings.max_body_bytes)
    app.add_middleware(DeclaredBodySizeLimit, max_bytes=settings.max_body_bytes)

    @app.get("/healthz", tags=["meta"], summary="Liveness and database check")
    def healthz() -> JSONResponse:
        with db.transaction() as s:
            s.execute(text("SELECT 1"))
        return JSONResponse(
            {"status": "ok", "version": xborder.__version__, "database": db.engine.dialect.name}
        )

    @app.get("/problems/{slug}", tags=["meta"], summary="What a problem type means")
    def problem_type(slug: str) -> HTMLResponse:
        text = problems.PROBLEM_TYPES.get(slug)
        if text is None:
            raise StarletteHTTPException(404, "unknown problem type")
        return HTMLResponse(f"<!doctype html><title>{slug}</title><h1>{slug}</h1><p>{text}</p>")

    # Screening first: /match is the hottest route, and every request walks the routes in
    # order until one matches (its paths overlap no other router's).
    app.include_router(screening.router)
    app.include_router(identity.router)
    app.include_router(persons.router)
    app.include_router(audit.router)
    app.include_router(ledger.router)
    app.include_router(keys.router)
    app.include_router(exchange.router)
    app.include_router(notices.router)
    app.include_router(diffusions.router)
    app.include_router(safeguards.router)
    app.include_router(commission.router)
    app.include_router(public_notices.router)
    app.include_router(extradition.router)
    app.include_router(governance.router)
    app.include_router(pages.router)
    app.include_router(safeguard_pages.router)
    app.include_router(notice_pages.router)
    app.include_router(commission_pages.router)
    app.include_router(public_pages.router)
    app.include_router(screening_pages.router)
    app.include_router(extradition_pages.router)
    app.include_router(governance_pages.router)
    app.mount(
        "/static", StaticFiles(directory=Path(pages.__file__).parent / "static"), name="static"
    )
    return app
