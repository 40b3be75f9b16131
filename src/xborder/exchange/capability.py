"""The exchange joins the system: bureaus' keys, the hub's API, the mailbox pages, and the
delivery and retrieval-timeout jobs."""

from __future__ import annotations

from sqlalchemy import func, select

from xborder.api.observability import Gauge
from xborder.exchange import cli, jobs, key_routes, pages, routes
from xborder.exchange.tables import MessageRecipientRow
from xborder.plugins import Registry
from xborder.store.db import Database


def _queue_depth(db: Database) -> list[tuple[tuple[str, ...], float]]:
    with db.transaction() as s:
        rows = s.execute(
            select(MessageRecipientRow.state, func.count())
            .where(MessageRecipientRow.state.in_(("ready_to_send", "retry", "sending")))
            .group_by(MessageRecipientRow.state)
        )
        return [((state,), float(n)) for state, n in rows]


def register(r: Registry) -> None:
    r.api.append(key_routes.router)
    r.api.append(routes.router)
    r.pages.append(pages.router)
    r.jobs.extend(jobs.JOBS)
    r.cli.append(("client", cli.client_app))
    r.cli.append(("exchange", cli.app))
    r.gauges.append(
        Gauge(
            "xborder_delivery_queue_depth",
            "Message copies waiting to be pushed",
            ("state",),
            _queue_depth,
        )
    )
