"""Governance joins the system: the algorithm register, assessments, the gate and oversight
over the API and in pages, and its commands. Components are declared by the capabilities
that run them."""

from __future__ import annotations

from xborder.governance import cli, pages, routes
from xborder.plugins import Registry


def register(r: Registry) -> None:
    r.api.append(routes.router)
    r.pages.append(pages.router)
    r.cli.append(("governance", cli.app))
