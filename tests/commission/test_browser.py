"""The commission's pages in a real browser (Debian chromium through Playwright)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from tests.browser.test_pages import BROWSER_ARGS, CHROMIUM, HAVE_BROWSER
from tests.commission.factory import actor
from tests.conftest import World
from xborder.commission import service as ccf
from xborder.commission.commands import AdmissibilityIn, ApplicationIn
from xborder.commission.tables import CommissionCaseRow
from xborder.kernel.clock import utcnow

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not HAVE_BROWSER, reason="Debian chromium not installed (CI installs it)"),
]


def test_an_applicant_applies_and_follows_the_case_on_the_portal(
    live: tuple[str, World],
) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, _world = live
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        page = browser.new_page()
        page.goto(f"{base}/commission/apply")
        page.get_by_label("Kind of request").select_option("deletion")
        page.get_by_label("Your full name").fill("Quorvalt Zembrinskaya")
        page.get_by_label("Lawyer (if any)").fill("Maître Anne Leclerc")
        page.get_by_label("How to reach you or your lawyer").fill("leclerc@avocats.example")
        page.get_by_label("Your request").fill("I was acquitted; please delete the notice.")
        page.get_by_role("button", name="Send the request").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Request received")
        number = page.locator("#case-number").inner_text().strip()
        code = page.locator("#portal-code").inner_text().strip()
        assert number.startswith("CCF/") and len(code) == 23
        page.get_by_role("link", name="Follow your case on the applicant portal").click()
        page.get_by_label("Case number").fill(number)
        page.get_by_label("Portal code").fill("WRONG-CODE")
        page.get_by_role("button", name="Show the state of my case").click()
        expect(page.get_by_role("alert")).to_contain_text("no case matches")
        page.get_by_label("Portal code").fill(code.lower())
        page.get_by_role("button", name="Show the state of my case").click()
        expect(page.get_by_role("status")).to_contain_text("Received")
        expect(page.get_by_role("heading", level=2)).to_contain_text(number)
        browser.close()


def test_the_commission_sees_overdue_cases_first_and_declares_one_admissible(
    live: tuple[str, World],
) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, world = live
    c = actor(world, "ccf")
    calm = ccf.apply(
        world.db,
        ApplicationIn(kind="deletion", applicant_name="Applicant One", statement="Delete it."),
    )
    late = ccf.apply(
        world.db, ApplicationIn(kind="access", applicant_name="Applicant Two", statement="Show me.")
    )
    waiting = ccf.apply(
        world.db,
        ApplicationIn(kind="correction", applicant_name="Applicant Three", statement="Correct it."),
    )
    for app in (calm, late):
        ccf.declare_admissibility(world.db, c, app.case_id, AdmissibilityIn(admissible=True))
    with world.db.transaction() as s:
        s.execute(
            update(CommissionCaseRow)
            .where(CommissionCaseRow.id == late.case_id)
            .values(due_at=utcnow() - timedelta(days=5))
        )
    world.db.dispose()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        page = browser.new_page()
        page.goto(f"{base}/commission")
        expect(page).to_have_url(f"{base}/login?next=/commission")
        page.get_by_label("Username").fill("ccf")
        page.get_by_label("Password").fill(world.creds["ccf"].password)
        page.get_by_role("button", name="Log in").click()
        page.goto(f"{base}/commission")
        rows = page.locator("#open-cases tbody tr")
        expect(rows).to_have_count(3)
        expect(rows.nth(0)).to_contain_text(late.number)
        expect(rows.nth(0)).to_contain_text("overdue by 5 days")
        expect(rows.nth(1)).to_contain_text(calm.number)
        expect(rows.nth(2)).to_contain_text("admissibility to examine")
        page.get_by_role("link", name=waiting.number).click()
        expect(page.get_by_role("heading", name="Applicant")).to_be_visible()
        expect(page.locator("dl.facts").first).to_contain_text("Applicant Three")
        page.get_by_label("admissible", exact=True).check()
        page.get_by_role("button", name="Record admissibility").click()
        expect(page.locator("table").first).to_contain_text("Decision")
        expect(page.locator("table").first).to_contain_text("days left")
        browser.close()
