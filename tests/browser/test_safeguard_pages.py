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


def test_the_request_words_propose_a_profile_the_reviewer_attaches_with_a_source(
    live: tuple[str, World],
) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, world = live
    nid = submit(
        world,
        "ru",
        red_content(
            title="Tax evasion",
            judicial={
                "offences": [
                    {
                        "description": "Tax evasion on a particularly large scale",
                        "law": "ст. 198 УК РФ",
                        "max_penalty_months": 36,
                    }
                ],
                "facts_summary": "The subject, editor-in-chief of a daily newspaper, failed to"
                " pay the tax due on his income.",
            },
        ),
        person_json("Oleg Morozov", "1971-02-03", nationalities=["RU"]),
    )
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        page = browser.new_page()
        login(page, base, world, "reviewer")
        page.goto(f"{base}/review/{nid}?purpose=notice_review")
        expect(page.locator("ul.signals")).to_contain_text("profile stated")
        stated = page.locator("ul.stated-profiles li").filter(has_text="journalist")
        expect(stated).to_contain_text("editor-in-chief")
        stated.get_by_label("Source").fill("RSF country file, 2024")
        stated.get_by_role("button", name="Attach").click()
        expect(page.locator("ul.profiles")).to_contain_text("RSF country file, 2024")
        expect(page.locator("ul.profiles")).to_contain_text("Proposed by the request itself")
        # a researched profile replaces the proposal: the words are no longer offered
        expect(page.locator("ul.stated-profiles")).to_have_count(0)
        expect(page.locator("ul.signals").first).not_to_contain_text("profile stated")
        browser.close()
