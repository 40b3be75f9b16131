"""Safeguards join the system: the sourced country data and the charge-pattern catalogue over
the API, and their commands."""

from __future__ import annotations

from xborder.plugins import Registry
from xborder.safeguards import cli, routes


def register(r: Registry) -> None:
    r.api.append(routes.router)
    r.cli.append(("safeguards", cli.app))
