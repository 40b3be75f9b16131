"""Screening joins the system: the yente-compatible API (first, the hottest route), the
screening page, and its declaration in the AI register."""

from __future__ import annotations

from xborder.api.observability import Gauge
from xborder.governance import registry as governance
from xborder.plugins import Registry
from xborder.screening import cli, component, pages, routes, service
from xborder.store.db import Database


def _index_lag(db: Database) -> list[tuple[tuple[str, ...], float]]:
    return [((), float(service.index_lag(db)))]


def register(r: Registry) -> None:
    governance.declare(component.COMPONENT, component.USE_CASE)
    r.api.append(routes.router)
    r.pages.append(pages.router)
    r.cli.append(("import", cli.import_app))
    r.commands.append((None, "screen", cli.screen_csv))
    r.gauges.append(
        Gauge(
            "xborder_screening_index_lag_events",
            "Events this worker's screening index has not applied yet",
            (),
            _index_lag,
        )
    )
