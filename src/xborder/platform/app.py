"""The application factory: one FastAPI app serving every capability's API and pages, the
health, readiness and metrics endpoints, with the protections every request goes through."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request
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
from xborder.accounts import service as accounts
from xborder.api import bodies, docs, hosts, observability, problems
from xborder.api.deps import Context
from xborder.api.limits import DeclaredBodySizeLimit
from xborder.api.ratelimit import AddressLimits, RateLimited, RateLimits
from xborder.api.responses import HealthOut
from xborder.config import Settings
from xborder.kernel.errors import Conflict, DomainError, Invalid
from xborder.platform.capabilities import registry
from xborder.store import jobs as store_jobs
from xborder.store.db import Database
from xborder.store.jobs import Job
from xborder.web import pages

CSP = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'"
# Only over HTTPS (RFC 6797 §7.2): a browser ignores it on plain http, and a development
# server on 127.0.0.1 must not pin its name to HTTPS for a year.
HSTS = "max-age=31536000; includeSubDomains"
# How long a stopping worker waits for its jobs' runs in progress (a claim's lease outlives it).
SHUTDOWN_GRACE_SECONDS = 20.0


def _wants_html(request: Request) -> bool:
    path = request.url.path
    if path.startswith(
        ("/api/", "/healthz", "/livez", "/readyz", "/metrics", "/problems", "/openapi.json")
    ):
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
        https = scope.get("scheme") == "https"  # uvicorn --proxy-headers sets it behind TLS

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "same-origin")
                headers.setdefault("X-Frame-Options", "DENY")
                # /docs sets its own, which allows its inline script by hash (api/docs.py).
                headers.setdefault("Content-Security-Policy", CSP)
                if https:
                    headers.setdefault("Strict-Transport-Security", HSTS)
                if path.startswith(("/api/", "/persons")):
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)


def all_jobs() -> list[Job]:
    """Every capability's background jobs."""
    return list(registry().jobs)


def _housekeeping(settings: Settings, db: Database) -> Any:
    """While the server runs, each capability's jobs (store/jobs.py): every worker of every
    replica polls them, and a run starts only in the worker that claims it, so each job runs
    once however many processes serve. Runs happen in threads, off the event loop."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        tasks: list[asyncio.Task[None]] = []
        stopping = asyncio.Event()
        if settings.run_jobs:
            jobs = all_jobs()
            # A malformed XBORDER_JOB_INTERVALS stops the start here, not each job's loop.
            pauses = {job.name: min(store_jobs.interval(job, settings), 5.0) for job in jobs}
            await asyncio.to_thread(store_jobs.ensure, db, jobs)
            owner = store_jobs.worker_id()

            async def loop(job: Job) -> None:
                pause = pauses[job.name]
                while not stopping.is_set():
                    try:
                        ran = await asyncio.to_thread(
                            store_jobs.run_if_due, db, settings, job, owner
                        )
                        if ran is not None:
                            observability.job_ran(ran)
                    except Exception:  # the database is away: try again at the next tick
                        log = logging.getLogger("xborder.jobs")
                        log.exception("job %s: claim failed", job.name)
                    # Jittered, so that the workers take turns rather than the one whose
                    # clock ticks first winning every claim.
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(stopping.wait(), pause * random.uniform(0.5, 1.5))

            tasks = [asyncio.create_task(loop(job)) for job in jobs]
        yield
        # A run in progress finishes and releases its claim before the worker exits: a
        # cancelled loop left its thread running into the server's shutdown, and the claim
        # held until its lease expired (seen in the two-server test).
        stopping.set()
        if tasks:
            _done, late = await asyncio.wait(tasks, timeout=SHUTDOWN_GRACE_SECONDS)
            for task in late:
                task.cancel()

    return lifespan


def create_app(settings: Settings | None = None, db: Database | None = None) -> FastAPI:
    settings = settings or Settings()
    db = db or Database.of(settings)
    app = FastAPI(
        lifespan=_housekeeping(settings, db),
        title="xborder",
        version=xborder.__version__,
        description="International police cooperation with the safeguards built in. "
        "Errors are RFC 9457 problem details.",
        openapi_url="/openapi.json",
        docs_url=None,  # served by docs.install, from the package's files
        redoc_url=None,
        # Every JSON body is held to kernel.untrusted's limits (depth, numbers, NUL).
        dependencies=[Depends(bodies.checked_json_body)],
    )
    limits = RateLimits.from_settings(settings)
    app.state.ctx = Context(settings=settings, db=db, limits=limits, authenticator=accounts)
    problems.install(app)

    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> Response:
        answer: Response
        if isinstance(exc, pages.LoginRequired):
            return pages.login_redirect(request)
        if _wants_html(request):
            answer = pages.render(
                request, "error.html", status=exc.status, title=exc.title, detail=exc.detail
            )
        else:
            answer = problems.problem(
                exc.status, exc.slug, exc.title, exc.detail, request.url.path, **exc.extra
            )
        if isinstance(exc, RateLimited):
            answer.headers["Retry-After"] = str(exc.retry_after)
        return answer

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
        if (invalid := bodies.unparsable(exc)) is not None:
            return await _domain(request, invalid)
        if _wants_html(request):
            return pages.render(
                request, "error.html", status=exc.status_code, title=str(exc.detail), detail=""
            )
        slug = problems.SLUG_BY_STATUS.get(exc.status_code, "http-error")
        return problems.problem(
            exc.status_code, slug, str(exc.detail), str(exc.detail), request.url.path
        )

    # Per-address limits inside the security headers, so a 429 carries them too.
    app.add_middleware(AddressLimits, limits=limits)
    # A forged Host is refused before anything can build a link from it (inside the security
    # headers, so the 400 carries them).
    if (names := hosts.trusted_hosts(settings)) is not None:
        app.add_middleware(hosts.TrustedHosts, allowed_hosts=names)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(RequestBodyLimitMiddleware, max_body_size=settings.max_body_bytes)
    app.add_middleware(DeclaredBodySizeLimit, max_bytes=settings.max_body_bytes)
    # Outermost: the request id and the timing cover every answer, refusals included.
    app.add_middleware(observability.RequestContext)

    @app.get(
        "/healthz",
        tags=["meta"],
        summary="Liveness and database check",
        response_model=HealthOut,
        responses=problems.responses(429),
    )
    def healthz() -> JSONResponse:
        with db.transaction() as s:
            s.execute(text("SELECT 1"))
        return JSONResponse(
            {"status": "ok", "version": xborder.__version__, "database": db.engine.dialect.name}
        )

    docs.install(app)
    observability.install(app, settings, db, registry().gauges)

    @app.get(
        "/problems/{slug}",
        tags=["meta"],
        summary="What a problem type means",
        response_class=HTMLResponse,
        responses=problems.responses(404, 422, 429),
    )
    def problem_type(slug: str) -> HTMLResponse:
        text = problems.PROBLEM_TYPES.get(slug)
        if text is None:
            raise StarletteHTTPException(404, "unknown problem type")
        return HTMLResponse(f"<!doctype html><title>{slug}</title><h1>{slug}</h1><p>{text}</p>")

    capabilities = registry()
    for router in capabilities.api:
        app.include_router(router)
    for router in capabilities.pages:
        app.include_router(router)
    app.mount(
        "/static", StaticFiles(directory=Path(pages.__file__).parent / "static"), name="static"
    )
    return app
