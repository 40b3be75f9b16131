"""The files commission joins the system: applications, cases and decisions over the API and
in pages."""

from __future__ import annotations

from xborder.commission import cli, pages, routes
from xborder.plugins import Registry


def register(r: Registry) -> None:
    r.api.append(routes.router)
    r.pages.append(pages.router)
    r.cli.append(("commission", cli.app))
