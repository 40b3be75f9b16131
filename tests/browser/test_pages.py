"""Pages in a real browser: Debian's chromium driven by Playwright, against a live server."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from tests.conftest import World
from xborder.store.tables import PersonRow

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
HAVE_BROWSER = os.path.exists(CHROMIUM)
if not HAVE_BROWSER and os.environ.get("XBORDER_REQUIRE_BROWSER") == "1":
    raise RuntimeError("XBORDER_REQUIRE_BROWSER=1 but Debian chromium is not installed")


def test_api_over_real_http(live: tuple[str, World]) -> None:
    base, world = live
    assert httpx.get(f"{base}/healthz").json()["database"] == "sqlite"
    me = httpx.get(f"{base}/api/v1/me", headers=world.headers("eg.officer")).json()
    assert me["organisation"]["country"] == "EG"
    assert httpx.get(f"{base}/api/v1/me").status_code == 401


@pytest.mark.browser
@pytest.mark.skipif(not HAVE_BROWSER, reason="Debian chromium not installed (CI installs it)")
def test_officer_logs_in_searches_and_opens_a_person(
    live: tuple[str, World], tmp_path: Path
) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, world = live
    with world.db.transaction() as s:
        row = s.scalars(
            select(PersonRow).where(PersonRow.restricted.is_(False)).order_by(PersonRow.id)
        ).first()
        assert row is not None
        latin = next(n for n in row.names if n.script == "Latn")
        query = latin.full
    creds = world.creds["fr.officer"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        page = browser.new_page()
        page.goto(f"{base}/persons")
        expect(page).to_have_url(f"{base}/login")
        page.get_by_label("Username").fill(creds.username)
        page.get_by_label("Password").fill("wrong password")
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("alert")).to_contain_text("invalid username or password")
        page.get_by_label("Password").fill(creds.password)
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
        page.get_by_role("link", name="Persons").first.click()
        page.get_by_label("Name (any script)").fill(query)
        page.get_by_label("Purpose of this search").select_option("investigation")
        page.get_by_role("button", name="Search").click()
        page.locator(f"a[href^='/persons/{row.id}']").click()
        expect(page.get_by_role("heading", name="Names")).to_be_visible()
        expect(page.locator("table").first).to_contain_text(latin.full)
        page.screenshot(path=str(tmp_path / "person.png"), full_page=True)
        page.get_by_role("button", name="Log out").click()
        expect(page).to_have_url(f"{base}/login")
        browser.close()
