"""What an operator watches: a request id on every request and log line, JSON logs,
Prometheus metrics (`/metrics`), and liveness and readiness (`/livez`, `/readyz`).

Several workers: uvicorn's worker processes each count their own requests; `xborder serve
--workers N` points `PROMETHEUS_MULTIPROC_DIR` at a fresh folder so that `/metrics`, whichever
worker answers it, adds up every worker's counts (prometheus_client's multiprocess mode).
Figures read from the database (queue depths, the jobs' schedule) are computed at scrape time.
"""

from __future__ import annotations

import contextvars
import hmac
import ipaddress
import logging
import os
import re
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from pythonjsonlogger.json import JsonFormatter
from sqlalchemy import select, text
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from xborder.api import problems
from xborder.api.responses import LiveOut, ReadyOut
from xborder.config import Settings
from xborder.kernel.clock import as_utc
from xborder.kernel.errors import Forbidden
from xborder.store.db import Database
from xborder.store.jobs import Outcome
from xborder.store.tables import JobRow

REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
_ID_OK = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")

REQUESTS = Counter(
    "xborder_http_requests_total", "HTTP requests answered", ["method", "route", "status"]
)
LATENCY = Histogram(
    "xborder_http_request_duration_seconds",
    "Time to answer an HTTP request",
    ["method", "route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
JOB_RUNS = Counter("xborder_job_runs_total", "Background job runs", ["job", "outcome"])
JOB_SECONDS = Histogram(
    "xborder_job_duration_seconds",
    "Time a background job run took",
    ["job"],
    buckets=(0.01, 0.05, 0.1, 0.5, 1, 5, 10, 60, 300),
)


def job_ran(outcome: Outcome) -> None:
    JOB_RUNS.labels(outcome.job, "ok" if outcome.ok else "error").inc()
    JOB_SECONDS.labels(outcome.job).observe(outcome.seconds)


class RequestContext:
    """Request id (the caller's `X-Request-ID` if well formed, else a new one) in a context
    variable for the logs and in the answer; counts and times every request by route."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sent = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        rid = sent if _ID_OK.match(sent) else uuid.uuid4().hex
        token = REQUEST_ID.set(rid)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)["X-Request-ID"] = rid
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            route = scope.get("route")
            label = getattr(route, "path", None) or "unmatched"
            method = scope.get("method", "")
            REQUESTS.labels(method, label, str(status)).inc()
            LATENCY.labels(method, label).observe(time.perf_counter() - started)
            REQUEST_ID.reset(token)


class _RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get()
        return True


def log_config(level: str = "INFO") -> dict[str, Any]:
    """logging.config.dictConfig for JSON lines on stderr, with the request id; uvicorn's own
    loggers included (serve passes this as its log_config)."""
    handler = {
        "class": "logging.StreamHandler",
        "formatter": "json",
        "filters": ["request_id"],
        "stream": "ext://sys.stderr",
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": _RequestIdFilter}},
        "formatters": {
            "json": {
                "()": JsonFormatter,
                "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
                "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            }
        },
        "handlers": {"json": handler},
        "loggers": {
            "xborder": {"handlers": ["json"], "level": level, "propagate": False},
            "uvicorn": {"handlers": ["json"], "level": "WARNING", "propagate": False},
            "uvicorn.error": {"handlers": ["json"], "level": "WARNING", "propagate": False},
        },
    }


@dataclass(frozen=True)
class Gauge:
    """A figure a capability reads from the database when Prometheus scrapes, so it is the
    same in every worker: (label values, value) pairs."""

    name: str
    help: str
    labels: tuple[str, ...]
    read: Callable[[Database], Iterable[tuple[tuple[str, ...], float]]]


def _job_gauges() -> list[Gauge]:
    """How overdue each job is and how often it failed, from one read of the schedule per
    scrape (the two gauges share it)."""
    rows: list[tuple[str, float, float]] = []

    def overdue(db: Database) -> list[tuple[tuple[str, ...], float]]:
        now = time.time()
        with db.transaction() as s:
            rows[:] = [
                (job.name, max(0.0, now - as_utc(job.next_due_at).timestamp()), job.failures)
                for job in s.scalars(select(JobRow))
            ]
        return [((name,), late) for name, late, _ in rows]

    def failures(db: Database) -> list[tuple[tuple[str, ...], float]]:
        return [((name,), float(n)) for name, _, n in rows]  # read by `overdue`, just before

    return [
        Gauge(
            "xborder_job_overdue_seconds",
            "How far past its due time each job is",
            ("job",),
            overdue,
        ),
        Gauge("xborder_job_failures", "Failed runs of each job so far", ("job",), failures),
    ]


class _DatabaseFigures(Collector):
    """The jobs' figures and every capability's gauges."""

    def __init__(self, db: Database, gauges: Sequence[Gauge]) -> None:
        self.db = db
        self.gauges = [*_job_gauges(), *gauges]

    def collect(self) -> Iterator[GaugeMetricFamily]:
        for g in self.gauges:
            family = GaugeMetricFamily(g.name, g.help, labels=list(g.labels))
            for labels, value in g.read(self.db):
                family.add_metric(list(labels), value)
            yield family


def _may_scrape(request: Request, settings: Settings) -> bool:
    """Metrics name routes and volumes: for the operator's Prometheus (a token) or this host."""
    if settings.metrics_token:
        sent = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        return hmac.compare_digest(sent.encode(), settings.metrics_token.encode())
    host = request.client.host if request.client else ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host in ("localhost", "testclient")


def install(app: FastAPI, settings: Settings, db: Database, gauges: Sequence[Gauge] = ()) -> None:
    router = APIRouter(tags=["meta"])

    @router.get(
        "/livez",
        summary="Liveness: the process answers",
        response_model=LiveOut,
        responses=problems.responses(429),
    )
    def livez() -> JSONResponse:
        return JSONResponse({"status": "ok"})

    @router.get(
        "/readyz",
        summary="Readiness: the database answers and its schema is current",
        response_model=ReadyOut,
        responses={
            503: {"model": ReadyOut, "description": "Not ready: the reason says why"},
            **problems.responses(429),
        },
    )
    def readyz() -> JSONResponse:
        from xborder.store.migrate import head_revision

        try:
            with db.transaction() as s:
                current = s.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except Exception as exc:  # the answer is the diagnosis: not ready, and why
            return JSONResponse({"status": "unavailable", "reason": type(exc).__name__}, 503)
        head = head_revision()
        if current != head:
            return JSONResponse(
                {"status": "unavailable", "reason": f"schema at {current}, code needs {head}"},
                503,
            )
        return JSONResponse({"status": "ok", "schema": current})

    @router.get(
        "/metrics",
        summary="Prometheus metrics (this host, or the metrics token)",
        response_class=Response,
        responses={
            200: {
                "content": {CONTENT_TYPE_LATEST.split(";")[0]: {"schema": {"type": "string"}}},
                "description": "The Prometheus text exposition format",
            },
            **problems.responses(403, 429),
        },
    )
    def metrics(request: Request) -> Response:
        if not _may_scrape(request, settings):
            raise Forbidden("metrics are for this host, or for the holder of the metrics token")
        registry = CollectorRegistry()
        # prometheus_client's own variable: set, every worker writes its counts there.
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        else:
            for collector in (REQUESTS, LATENCY, JOB_RUNS, JOB_SECONDS):
                registry.register(collector)
        registry.register(_DatabaseFigures(db, gauges))
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    app.include_router(router)
