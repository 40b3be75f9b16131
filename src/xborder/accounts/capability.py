"""Accounts join the system: who am I, users and tokens over the API; logging in and out
and the role homes in pages; and they answer, for the interface layers below them, whom a
token or a session cookie belongs to."""

from __future__ import annotations

from xborder.accounts import cli, pages, routes
from xborder.plugins import Registry


def register(r: Registry) -> None:
    r.api.append(routes.router)
    r.pages.append(pages.router)
    r.cli.append(("users", cli.users_app))
    r.cli.append(("tokens", cli.tokens_app))
