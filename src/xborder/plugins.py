"""How a capability joins the running system.

Each capability folder has one `capability.register(r: Registry)` that adds its API routers,
its pages, its background jobs and its commands, and wires itself to the capabilities below it
(an AI component into the governance register, a handler into the exchange). The composition
root, `xborder.platform`, calls them in order. So nothing below the capabilities (`api`, `web`,
`store`, `kernel`) imports one, and no capability imports one above it: the folders form a
graph without cycles (tests/test_architecture.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import typer
from fastapi import APIRouter

from xborder.api.observability import Gauge
from xborder.store.jobs import Job


@dataclass
class Registry:
    # The JSON API, in order: a request walks the routes until one matches, so the hottest
    # (screening's /match) comes first.
    api: list[APIRouter] = field(default_factory=list)
    pages: list[APIRouter] = field(default_factory=list)
    jobs: list[Job] = field(default_factory=list)
    # `xborder <group> ...`: (name, the group's commands).
    cli: list[tuple[str, typer.Typer]] = field(default_factory=list)
    # Commands that join a group another capability owns, or the top level (group None):
    # (group, name, function).
    commands: list[tuple[str | None, str, Callable[..., object]]] = field(default_factory=list)
    # Figures for /metrics read from the database (queue depths, index lag).
    gauges: list[Gauge] = field(default_factory=list)

    def group(self, name: str) -> typer.Typer:
        for known, app in self.cli:
            if known == name:
                return app
        raise KeyError(f"no command group {name!r}")
