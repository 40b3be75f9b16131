"""Pages in a real browser: Debian's chromium driven by Playwright, against a live server."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from tests.conftest import World
from xborder.persons.tables import PersonRow

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
HAVE_BROWSER = os.path.exists(CHROMIUM)
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
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
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        page = browser.new_page()
        page.goto(f"{base}/persons")
        expect(page).to_have_url(f"{base}/login?next=/persons")
        page.get_by_label("Username").fill(creds.username)
        page.get_by_label("Password").fill("wrong password")
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("alert")).to_contain_text("invalid username or password")
        page.get_by_label("Password").fill(creds.password)
        page.get_by_role("button", name="Log in").click()
        expect(page).to_have_url(f"{base}/persons")  # back where the officer was going
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


@pytest.mark.browser
@pytest.mark.skipif(not HAVE_BROWSER, reason="Debian chromium not installed (CI installs it)")
def test_recipient_reads_and_acknowledges_and_auditor_verifies_the_ledger(
    live: tuple[str, World],
) -> None:
    from playwright.sync_api import expect, sync_playwright

    from tests.exchange.test_hub import actor, bureau_key, sign
    from xborder.exchange import hub
    from xborder.ledger import keys

    base, world = live
    out = hub.submit(
        world.db,
        actor(world, "fr.officer"),
        keys.signer(world.settings),
        sign(bureau_key(world, "FR")),
    )
    assert out.msg_id
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        page = browser.new_page()

        def login(username: str) -> None:
            page.goto(f"{base}/login")
            page.get_by_label("Username").fill(username)
            page.get_by_label("Password").fill(world.creds[username].password)
            page.get_by_role("button", name="Log in").click()
            expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")

        login("de.officer")
        page.get_by_role("link", name="Exchange").click()
        page.get_by_role("link", name=out.msg_id).click()
        page.get_by_label("Purpose").select_option("investigation")
        page.get_by_role("button", name="Open record").click()
        expect(page.locator("pre").first).to_contain_text("Request for information")
        expect(page.get_by_role("listitem").filter(has_text="Retrieval")).to_be_visible()
        page.get_by_role("button", name="Acknowledge").click()
        page.get_by_role("link", name="Exchange").click()
        expect(page.locator("table").first).to_contain_text("acknowledged")
        page.get_by_role("button", name="Log out").click()
        login("auditor")
        page.get_by_role("link", name="Ledger").first.click()
        expect(page.locator("pre").first).to_contain_text("xborder.local/ledger")
        page.get_by_label("Event id").fill("3")
        page.get_by_role("button", name="Verify").click()
        expect(page.get_by_role("status")).to_contain_text("Included and verified")
        browser.close()
