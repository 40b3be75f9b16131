"""Persons join the system: search and read with a purpose, over the API and in pages."""

from __future__ import annotations

from xborder.persons import pages, routes
from xborder.plugins import Registry


def register(r: Registry) -> None:
    r.api.append(routes.router)
    r.pages.append(pages.router)
