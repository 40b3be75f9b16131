"""Logging out goes through the pages' one gate: a session ends only with its CSRF token; with
no session there is nothing to end and the browser is sent to the login page."""

from __future__ import annotations

import re

from tests.api.test_api import client, login_client
from tests.conftest import World

HTML = {"accept": "text/html"}


def _csrf(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, html
    return m.group(1)


def test_logout_needs_the_sessions_token_and_ends_the_session(sqlite_world: World) -> None:
    c = login_client(sqlite_world, "fr.officer")
    home = c.get("/", headers=HTML)
    assert home.status_code == 200
    forged = c.post("/logout", data={"csrf_token": "not-the-token"}, headers=HTML)
    assert forged.status_code == 403
    assert c.get("/", headers=HTML).status_code == 200  # still logged in
    out = c.post("/logout", data={"csrf_token": _csrf(home.text)}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/login"
    again = c.get("/", headers=HTML, follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"].startswith("/login")


def test_logout_without_a_session_goes_to_the_login_page(sqlite_world: World) -> None:
    out = client(sqlite_world).post("/logout", data={}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/login"
