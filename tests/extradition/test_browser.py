"""Both states work an extradition case in a real browser (Debian chromium through
Playwright): the requesting bureau sends the request (two offences, the second added on the
form), the requested bureau acknowledges it, its supervisor decides with the checklist in
view and arranges the surrender, and the requesting bureau follows the timeline to the
surrender."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.browser.test_pages import BROWSER_ARGS, CHROMIUM, HAVE_BROWSER
from tests.conftest import World
from xborder.kernel.clock import utcnow

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not HAVE_BROWSER, reason="Debian chromium not installed (CI installs it)"),
]


def _login(browser: Any, base: str, world: World, username: str) -> Any:
    page = browser.new_context().new_page()
    page.goto(f"{base}/extradition")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(world.creds[username].password)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{base}/extradition")
    return page


def _open_case(page: Any, number: str) -> None:
    page.get_by_role("link", name=number).click()
    page.get_by_label("Purpose").select_option("investigation")
    page.get_by_role("button", name="Open record").click()


def test_both_sides_work_a_case_from_request_to_surrender(live: tuple[str, World]) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, world = live
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        # The requesting state (France) sends a formal request to the United Kingdom.
        fr = _login(browser, base, world, "fr.officer")
        fr.get_by_role("link", name="New extradition request").click()
        fr.get_by_label("Requested state", exact=True).fill("CH")
        fr.get_by_label("Legal basis").select_option("ece-1957")
        fr.get_by_label("Title (the offence, not the person)").fill("Aggravated fraud")
        fr.get_by_label("Family name").fill("Vandersloot")
        fr.get_by_label("Given names").fill("Quirinus")
        fr.get_by_label("Born").fill("1975-02-11")
        fr.get_by_label("Nationality").fill("FR")
        fr.get_by_label("Issuing authority").fill("Tribunal judiciaire de Paris")
        fr.get_by_label("Reference").fill("MA-2026-0117")
        fr.get_by_label("Issued on").fill("2026-03-02")
        fr.get_by_label("Offence", exact=True).fill("Aggravated fraud")
        fr.get_by_label("Committed on").fill("2024-05-01")
        fr.get_by_label("Place", exact=True).fill("Paris")
        fr.get_by_label("Country", exact=True).fill("FR")
        fr.get_by_label("The acts").fill("Sold shares of a fictitious fund to pensioners.")
        fr.get_by_label("Text of the law applied").fill("Code pénal art. 313-1")
        fr.get_by_label("Maximum penalty (months)").fill("84")
        fr.get_by_label("Offence in the requested state (dual criminality)").fill("Fraud Act s1")
        fr.get_by_label("Its penalty (months)").fill("120")
        # A second offence: the form comes back as typed, with a row for it.
        fr.get_by_role("button", name="Add another offence").click()
        expect(fr.locator("#offence-title-0")).to_have_value("Aggravated fraud")
        expect(fr.get_by_label("Family name")).to_have_value("Vandersloot")
        second = {
            "title": "Money laundering",
            "committed_on": "2024-09-01",
            "place": "Lyon",
            "place_country": "FR",
            "acts": "Moved the proceeds through shell companies.",
            "law_text": "Code pénal art. 324-1",
            "max_penalty_months": "60",
            "requested_state_offence": "Money laundering (StGB art. 305bis)",
        }
        for part, value in second.items():
            fr.locator(f"#offence-{part}-1").fill(value)
        fr.get_by_label("Rules on limitation").fill("Six years from the last act.")
        fr.get_by_role("button", name="Sign and send the request").click()
        expect(fr.locator("#case-state")).to_have_text("Formal request received")
        number = fr.get_by_role("heading", level=1).inner_text().split(":")[0].strip()
        assert number.startswith("EXT/")
        expect(fr.locator("#documents")).to_contain_text("Formal request file")
        request = fr.locator("section[aria-labelledby=req-h]")
        expect(request).to_contain_text("O1 Aggravated fraud")
        expect(request).to_contain_text("O2 Money laundering")

        # The requested state's officer finds it in the list and acknowledges it.
        ch = _login(browser, base, world, "ch.officer")
        expect(ch.locator("#cases")).to_contain_text(number)
        _open_case(ch, number)
        ch.get_by_role("button", name="Acknowledge receipt").click()
        expect(ch.locator("#case-state")).to_have_text("Acknowledged, under examination")
        expect(ch.get_by_role("button", name="Sign and record the decision")).to_have_count(0)

        # Its supervisor decides with the checklist in view, then arranges the surrender.
        boss = _login(browser, base, world, "ch.supervisor")
        _open_case(boss, number)
        expect(boss.get_by_role("heading", name="Pre-decision checklist")).to_be_visible()
        boss.get_by_label("granted", exact=True).check()
        boss.get_by_label("Reasons", exact=True).fill("The file is complete; no ground applies.")
        boss.get_by_role("button", name="Sign and record the decision").click()
        expect(boss.locator("#case-state")).to_have_text("Decided: granted")
        day = (utcnow() + timedelta(days=5)).date().isoformat()
        boss.get_by_label("Date of surrender").fill(day)
        boss.get_by_label("Place", exact=True).fill("Heathrow airport")
        boss.get_by_label("Escort", exact=True).fill("Police nationale escort")
        boss.get_by_role("button", name="Arrange the surrender").click()
        expect(boss.locator("#surrender")).to_contain_text("Heathrow airport")
        boss.get_by_role("button", name="Confirm the surrender").click()
        expect(boss.locator("#case-state")).to_have_text("Surrendered")

        # The requesting state follows the whole timeline.
        fr.reload()
        expect(fr.locator("#case-state")).to_have_text("Surrendered")
        timeline = fr.locator("#timeline")
        for text in (
            "Formal request sent",
            "acknowledged",
            "Extradition granted",
            "Surrender arranged",
            "Person surrendered",
        ):
            expect(timeline).to_contain_text(text)
        expect(fr.locator("#documents")).to_contain_text("Decision")
        browser.close()
