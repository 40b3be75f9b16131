"""The ledger joins the system: signed checkpoints and proofs over the API and a page."""

from __future__ import annotations

from xborder.ledger import cli, pages, routes
from xborder.plugins import Registry


def register(r: Registry) -> None:
    r.api.append(routes.router)
    r.pages.append(pages.router)
    r.cli.append(("ledger", cli.app))
