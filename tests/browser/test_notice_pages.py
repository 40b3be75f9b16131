"""The notices workflow in a real browser (Debian's chromium through Playwright, against a
live server): a request typed in two scripts goes through four-eyes approval and the review;
a request below the penalty threshold is refused and the bureau reads why; a corrective
measure holds a country's diffusion for the secretariat."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser.test_pages import BROWSER_ARGS, CHROMIUM, HAVE_BROWSER
from tests.conftest import World
from tests.notices.factory import person_json, publish, red_content, submit

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not HAVE_BROWSER, reason="Debian chromium not installed (CI installs it)"),
]


def login(page: Page, base: str, world: World, username: str) -> None:
    from playwright.sync_api import expect

    page.goto(f"{base}/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(world.creds[username].password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")


def logout(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()


def test_request_in_two_scripts_is_approved_reviewed_and_published(
    live: tuple[str, World], tmp_path: Path
) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, world = live
    # The person already has a published Blue Notice from Germany: the review shows it.
    earlier = submit(
        world,
        "de",
        {
            "notice_type": "blue",
            "subject_status": "person_of_interest",
            "title": "Information sought on a fraud network",
            "details": {"information_sought": "Whereabouts and associates"},
        },
        person_json("Ivan Petrov", "1980-05-17", nationalities=["RU"]),
    )
    publish(world, earlier)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        page = browser.new_page()

        # the officer drafts the request and sends it for approval
        login(page, base, world, "ru.officer")
        page.get_by_role("link", name="Start a request").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("New request")
        page.get_by_label("Title").fill("Wanted for large-scale fraud")
        page.locator("#name-full-0").fill("Иван Сергеевич Петров")
        expect(page.locator("#name-kind-0")).to_have_value("primary")
        page.locator("#name-full-1").fill("Ivan Petrov")
        page.locator("#name-kind-1").select_option("alias")
        page.locator("#name-script-1").select_option("Latn")
        page.get_by_label("Sex").select_option("M")
        page.get_by_label("Date of birth", exact=True).fill("1980-05")
        page.get_by_label("Nationalities (ISO codes, comma-separated)").fill("RU")
        page.locator("#offence-description-0").fill("Fraud on a large scale")
        page.locator("#offence-law-0").fill("Criminal Code art. 159(4)")
        page.locator("#offence-months-0").fill("120")
        page.get_by_label("Arrest warrant or judgment reference").fill("AW-77/2025")
        page.get_by_label("Issuing authority").fill("Basmanny District Court, Moscow")
        page.get_by_label("When the facts took place").fill("2024-11")
        page.get_by_label("Where the facts took place").fill("Moscow")
        page.get_by_label("Summary of the facts").fill(
            "Obtained 40 million roubles from investors through a fictitious fund."
        )
        page.get_by_label("Countries from which extradition will be sought (ISO codes)").fill(
            "DE, FR"
        )
        page.get_by_role("button", name="Save and send for approval").click()
        page.get_by_label("Purpose").select_option("investigation")
        page.get_by_role("button", name="Open record").click()
        expect(page.locator("p.meta .state")).to_have_text("Awaiting approval")
        expect(page.get_by_text("Waiting for a supervisor")).to_be_visible()
        names = page.get_by_role("table", name="Names")
        expect(names).to_contain_text("Иван Сергеевич Петров")
        expect(names).to_contain_text("Cyrl")
        expect(names).to_contain_text("Alias")
        expect(page.locator("dl.facts").last).to_contain_text("1980-05")
        number = page.locator("h1 .number").inner_text()
        logout(page)

        # a supervisor of the same bureau approves it from the approvals list
        login(page, base, world, "ru.supervisor")
        page.get_by_role("link", name="Requests awaiting approval").click()
        page.get_by_role("link", name=number).click()
        page.get_by_label("Purpose").select_option("investigation")
        page.get_by_role("button", name="Open record").click()
        page.get_by_role("button", name="Approve and submit").click()
        expect(page.locator("p.meta .state")).to_have_text("Requested")
        logout(page)

        # the reviewer finds it in the queue, states the purpose, reads the findings, publishes
        login(page, base, world, "reviewer")
        page.get_by_role("link", name="Open the review queue").click()
        row = page.get_by_role("row").filter(has_text=number)
        expect(row).to_contain_text("RU")
        row.get_by_role("link", name=number).click()
        expect(page.get_by_label("Purpose")).to_have_value("notice_review")
        page.get_by_role("button", name="Open record").click()
        findings = page.locator("section[aria-labelledby=findings-h]")
        expect(findings.get_by_role("heading", name="Findings of the checks")).to_be_visible()
        duplicate = findings.locator("article.finding").filter(has_text="Existing notices")
        expect(duplicate).to_contain_text("Germany (DE), has blue notice")
        expect(duplicate.locator("dl.evidence")).to_contain_text("name and date of birth")
        expect(page.get_by_role("table", name="Names")).to_contain_text("Ivan Petrov")
        page.screenshot(path=str(tmp_path / "review.png"), full_page=True)
        page.get_by_label("Publish").check()
        page.get_by_label("Rationale (kept internal").fill(
            "Ordinary-law fraud, threshold met, no Article 3 element."
        )
        page.get_by_role("button", name="Record the decision").click()
        expect(page.locator("p.meta .state")).to_have_text("Published")
        expect(page.locator("ol.decisions")).to_contain_text("The notice has been published.")
        page.get_by_role("link", name="Review queue").click()
        expect(page.get_by_role("row").filter(has_text=number)).to_have_count(0)
        browser.close()


def test_request_below_threshold_is_refused_and_the_bureau_reads_why(
    live: tuple[str, World],
) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, world = live
    content = red_content(
        title="Wanted for shoplifting",
        judicial={
            "offences": [
                {"description": "Shoplifting", "law": "Penal Code 311-3", "max_penalty_months": 6}
            ]
        },
    )
    nid = submit(world, "fr", content, person_json("Marc Lenoir", "1990"))
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        page = browser.new_page()
        login(page, base, world, "reviewer")
        page.goto(f"{base}/review")
        first = page.get_by_role("row").nth(1)  # blocking findings come first
        expect(first).to_contain_text("Wanted for shoplifting")
        first.get_by_role("link").click()
        page.get_by_role("button", name="Open record").click()
        blocking = page.locator("article.finding.sev-border-blocking")
        expect(blocking).to_contain_text("Penalty threshold")
        expect(blocking).to_contain_text("No offence is punishable by at least 24 months")
        evidence = blocking.locator("dl.evidence").first
        expect(evidence).to_contain_text("threshold months")
        expect(evidence).to_contain_text("24")
        expect(evidence).to_contain_text("Shoplifting")
        # publishing is impossible while the check blocks: the page says so and keeps the text
        page.get_by_label("Publish").check()
        page.get_by_label("Rationale (kept internal").fill("Seems fine.")
        page.get_by_role("button", name="Record the decision").click()
        expect(page.get_by_role("alert")).to_contain_text(
            "cannot publish while a check is blocking"
        )
        expect(page.get_by_label("Rationale (kept internal")).to_have_value("Seems fine.")
        page.get_by_label("Refuse").check()
        page.get_by_label("Penalty threshold not met").check()
        page.get_by_label("Rationale (kept internal").fill(
            "Six months maximum: far below the two years RPD art. 83 requires."
        )
        page.get_by_role("button", name="Record the decision").click()
        expect(page.locator("p.meta .state")).to_have_text("Refused")
        logout(page)

        login(page, base, world, "fr.officer")
        page.get_by_role("link", name="Requests and notices").first.click()
        refused = page.get_by_role("table", name="Refused")
        refused.get_by_role("link").first.click()
        expect(page).to_have_url(f"{base}/bureau/notices/{nid}")
        page.get_by_label("Purpose").select_option("investigation")
        page.get_by_role("button", name="Open record").click()
        decisions = page.locator("section[aria-labelledby=decisions-h]")
        expect(decisions).to_contain_text("does not meet the penalty threshold")
        expect(decisions).to_contain_text("Penalty threshold not met")
        expect(page.locator("main")).not_to_contain_text("far below the two years")
        browser.close()


def test_measure_holds_the_countrys_diffusion_for_the_secretariat(
    live: tuple[str, World],
) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, world = live
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        page = browser.new_page()
        login(page, base, world, "admin")
        page.get_by_role("link", name="Corrective measures").first.click()
        page.get_by_label("Country (ISO code)", exact=True).fill("RU")
        page.get_by_label("No direct diffusions").check()
        page.get_by_label("Reason (the decision").fill("Executive Committee, March 2022")
        page.get_by_role("button", name="Impose the measure").click()
        expect(page.get_by_role("status")).to_contain_text("Measure imposed.")
        expect(page.get_by_role("table")).to_contain_text("No direct diffusions")
        logout(page)

        login(page, base, world, "ru.officer")
        page.get_by_role("link", name="Diffusions").first.click()
        page.get_by_label("Kind").select_option("wanted")
        page.get_by_label("Title").fill("Wanted: Oleg Smirnov")
        page.get_by_label("Summary").fill("Wanted for embezzlement.")
        page.get_by_label("All member countries").check()
        page.get_by_label("Name as written").fill("Олег Смирнов")
        page.get_by_role("button", name="Send the diffusion").click()
        expect(page.get_by_role("status")).to_contain_text("held for the secretariat")
        expect(page.get_by_role("table").last).to_contain_text("Held")
        logout(page)

        login(page, base, world, "reviewer")
        page.get_by_role("link", name="Diffusions to review").first.click()
        held = page.locator("article.diffusion").first
        expect(held).to_contain_text("Wanted: Oleg Smirnov")
        expect(held).to_contain_text("Held")
        expect(held).to_contain_text("from RU")
        held.get_by_label("Rationale").fill("Compliant wanted-person diffusion.")
        held.get_by_role("button", name="Release").click()
        expect(page.get_by_role("status")).to_contain_text("Sent")
        browser.close()
