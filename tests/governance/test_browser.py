"""The public register and responsible-AI page, and the sign-off flow, in a real browser
(Debian chromium through Playwright)."""

from __future__ import annotations

import pytest

from tests.browser.test_pages import BROWSER_ARGS, CHROMIUM, HAVE_BROWSER
from tests.conftest import World
from tests.governance.factory import USE_CASE, actor, clear, complete_answers, rows
from xborder.governance import register
from xborder.governance import service as gov
from xborder.governance.assessments import Kind
from xborder.screening.component import SCREENING_NAME

STATE = f'[id="state-{SCREENING_NAME}"]'  # the component's on/off tag on /governance
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not HAVE_BROWSER, reason="Debian chromium not installed (CI installs it)"),
]


def test_a_visitor_reads_what_ai_is_used_and_how_well_it_works(live: tuple[str, World]) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, world = live
    clear(world)  # only the figures below: the fixture world's own evaluation is newer
    gov.import_evaluation(
        world.db, None, rows(groups={"all": 0.91, "script:Latn": 0.93, "script:Thai": None})
    )
    world.db.dispose()
    withheld = register.withheld_values(register.texts()["entries"][SCREENING_NAME])
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        page = browser.new_page()
        page.goto(f"{base}/")
        page.get_by_role("link", name="Responsible AI").first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Responsible AI in xborder")
        expect(page.get_by_role("table").first).to_contain_text("Latn")
        expect(page.get_by_role("table").first).to_contain_text("undefined")  # Thai: no cases
        expect(page.get_by_role("img").first).to_be_visible()  # the per-script plot
        page.get_by_role("link", name="Register entry").first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Algorithm register")
        expect(page.get_by_text("Withheld").first).to_be_visible()
        # the per-script figures on the shipped real-name set (issue 13), in their own table
        real = page.get_by_role("table", name="Real names, by the script the name is written in")
        expect(real).to_be_visible()
        expect(real).to_contain_text("Hang")
        body = page.content()
        for w in withheld:
            assert w["value"] not in body
        page.goto(f"{base}/responsible-ai")
        page.get_by_role("link", name="Apply to the commission").click()
        expect(page).to_have_url(f"{base}/commission/apply")
        browser.close()


def test_the_admin_signs_off_the_reviewers_assessment_and_switches_the_component_on(
    live: tuple[str, World],
) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, world = live
    clear(world)
    gov.import_evaluation(world.db, None, rows())
    gov.save_assessment(
        world.db, actor(world, "reviewer"), USE_CASE, "risk", complete_answers(Kind.RISK)
    )
    gov.save_assessment(
        world.db, actor(world, "admin"), USE_CASE, "fria", complete_answers(Kind.FRIA)
    )
    world.db.dispose()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        page = browser.new_page()
        page.goto(f"{base}/governance")
        expect(page).to_have_url(f"{base}/login?next=/governance")
        page.get_by_label("Username").fill("admin")
        page.get_by_label("Password").fill(world.creds["admin"].password)
        page.get_by_role("button", name="Log in").click()
        page.goto(f"{base}/governance")
        expect(page.locator(STATE)).to_have_text("off")
        expect(page.get_by_role("status")).to_contain_text("Cannot be switched on")
        # The admin's own FRIA: no sign-off button, and the page says why.
        page.get_by_role("link", name="Fundamental rights impact assessment").click()
        expect(page.get_by_text("You wrote this version")).to_be_visible()
        expect(page.get_by_role("button", name="Sign off version 1")).to_have_count(0)
        page.goto(f"{base}/governance")
        page.get_by_role("link", name="Risk assessment").click()
        expect(page.get_by_role("heading", name="Risk matrix")).to_be_visible()
        page.get_by_label("Sign-off note").fill("Checked against the evaluation")
        page.get_by_role("button", name="Sign off version 1").click()
        expect(page.locator("#signed-1")).to_have_text("signed off by admin")
        page.goto(f"{base}/governance")
        page.get_by_role("button", name="Switch on").click()
        expect(page.locator(STATE)).to_have_text("on")
        browser.close()
    with world.db.transaction() as s:
        gov.ensure_runnable(s, SCREENING_NAME, gov.get(SCREENING_NAME).version)
