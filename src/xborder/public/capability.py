"""Public pages and the public notices API (the organisation's own paths and shapes)."""

from __future__ import annotations

from xborder.plugins import Registry
from xborder.public import pages, routes, search_index  # noqa: F401  (installs its flush hook)


def register(r: Registry) -> None:
    r.api.append(routes.router)
    r.pages.append(pages.router)
