"""A border officer screens a name in the browser and sees why each candidate was proposed."""

from __future__ import annotations

import pytest

from tests.browser.test_pages import BROWSER_ARGS, CHROMIUM, HAVE_BROWSER
from tests.conftest import World
from tests.notices.factory import person_json, publish, red_content, submit


@pytest.mark.browser
@pytest.mark.skipif(not HAVE_BROWSER, reason="Debian chromium not installed (CI installs it)")
def test_officer_screens_a_name_and_sees_the_evidence(live: tuple[str, World]) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, world = live
    person = person_json("Владимир Путин", "1952-10-07", nationalities=["RU"])
    person["names"][0] |= {"script": "Cyrl", "lang": "ru"}
    nid = submit(world, "ru", red_content(), person)
    publish(world, nid)
    creds = world.creds["de.officer"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        page = browser.new_page()
        page.goto(f"{base}/login?next=/screen")
        page.get_by_label("Username").fill(creds.username)
        page.get_by_label("Password").fill(creds.password)
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Screen a person")
        page.get_by_label("Name(s), one per line, any script").fill("Wladimir Putin")
        page.get_by_label("Date of birth (YYYY, YYYY-MM or YYYY-MM-DD)").fill("1952-10-07")
        page.get_by_label("Purpose of this screening").select_option("border_check")
        page.get_by_label("Legal basis").select_option("schengen-borders-code-art8")
        page.get_by_role("button", name="Screen").click()
        first = page.locator("section.candidate").first
        expect(first).to_contain_text("possible match")
        expect(first.get_by_role("table").nth(1)).to_contain_text("birth_date")
        first.get_by_label("Reason (what shows it is, or is not, the person)").fill(
            "passport photograph and number"
        )
        first.get_by_role("button", name="Confirm: same person").click()
        expect(page.get_by_role("status")).to_contain_text("confirmed")
        browser.close()
