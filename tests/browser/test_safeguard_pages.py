"""The safeguards in a real browser: a reviewer opens a request that declares nothing, reads
the art. 3 signals the checks found in its Russian law text with their evidence, attaches a
researched profile with its source and sees the finding grow; the secretariat reads a
country's sourced data and records a new version."""

from __future__ import annotations

import pytest

from tests.browser.test_notice_pages import login
from tests.browser.test_pages import BROWSER_ARGS, CHROMIUM, HAVE_BROWSER
from tests.conftest import World
from tests.notices.factory import person_json, red_content, submit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not HAVE_BROWSER, reason="Debian chromium not installed (CI installs it)"),
]


def test_reviewer_reads_signals_and_attaches_a_researched_profile(live: tuple[str, World]) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, world = live
    nid = submit(
        world,
        "ru",
        red_content(
            title="Large-scale fraud",
            judicial={
                "offences": [
                    {
                        "description": "Fraud on an especially large scale",
                        "law": "ст. 159 ч. 4 УК РФ «Мошенничество»",
                        "max_penalty_months": 120,
                    }
                ]
            },
        ),
        person_json("Pavel Sokolov", "1975-04-02", nationalities=["RU"]),
    )
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        page = browser.new_page()
        login(page, base, world, "reviewer")
        page.goto(f"{base}/review/{nid}?purpose=notice_review")
        signals = page.locator("ul.signals")
        expect(signals).to_contain_text("charge pattern context")
        expect(signals).to_contain_text("Мошенничество")
        expect(signals).to_contain_text("country record")
        expect(page.locator("article.finding").first).to_contain_text("Art. 3")
        page.get_by_label("Profile").select_option("journalist")
        page.get_by_label("Source (a report, a court record, a web page)").fill(
            "Committee to Protect Journalists, 2024 report"
        )
        page.get_by_role("button", name="Attach the profile and run the checks").click()
        expect(page.locator("ul.profiles")).to_contain_text("Committee to Protect Journalists")
        expect(page.locator("ul.signals")).to_contain_text("profile")
        expect(page.get_by_text("Art. 3 indicators weigh")).to_be_visible()

        # the country page shows the sourced record and takes a new version
        page.goto(f"{base}/review/context/RU")
        data = page.locator("section[aria-labelledby=data-h]")
        expect(data).to_contain_text("Political Terror Scale")
        data.get_by_text("Record a new version of a dataset").click()
        page.get_by_label("Dataset").select_option("press_freedom")
        page.get_by_label("Year the values refer to").fill("2025")
        page.locator("#cd-values").fill('{"score": 24.6, "rank": 171}')
        page.get_by_label("Source title").fill("World Press Freedom Index")
        page.get_by_label("Citation").fill("RSF, World Press Freedom Index 2026")
        page.get_by_label("URL").fill("https://rsf.org/en/index")
        page.get_by_label("Licence").fill("cited with attribution")
        page.get_by_label("Edition").fill("2026")
        page.get_by_role("button", name="Record the new version").click()
        expect(page.get_by_text("New version recorded with its source")).to_be_visible()
        expect(data).to_contain_text("24.6")
        browser.close()
