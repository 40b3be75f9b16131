"""The public pages in a real browser (Debian's chromium through Playwright), no login: search
for a published notice, open it with its picture, read the transparency report."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.browser.test_pages import BROWSER_ARGS, CHROMIUM, HAVE_BROWSER
from tests.conftest import World
from tests.public import factory as f
from xborder.notices.domain import RefusalGround
from xborder.public.portraits import attach_portrait

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not HAVE_BROWSER, reason="Debian chromium not installed (CI installs it)"),
]


def test_a_visitor_searches_public_notices_and_opens_one(
    live: tuple[str, World], tmp_path: Path
) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, world = live
    nid = f.publish(world, f.red_content(), f.person("Jean", "Dupont"))
    f.publish(world, f.red_content(), f.person("Marie", "Lambert", sex="F"))
    f.publish(world, f.red_content(public=False), f.person("Secret", "Dupont"))
    with world.db.transaction() as s:
        attach_portrait(s, nid)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        page = browser.new_page()
        page.goto(f"{base}/notices")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Red Notices")
        expect(page.get_by_role("heading", name="2 result(s)")).to_be_visible()
        page.get_by_label("Family name").fill("dupont")
        page.get_by_label("Sex").select_option("M")
        page.get_by_role("button", name="Search").click()
        expect(page.get_by_role("heading", name="1 result(s)")).to_be_visible()
        card = page.get_by_role("listitem").filter(has_text="Dupont")
        thumb = card.get_by_role("img", name="Picture of Jean Dupont")
        expect(thumb).to_be_visible()
        assert thumb.evaluate("img => img.complete && img.naturalWidth > 0")
        expect(page.get_by_text("Secret")).to_have_count(0)
        page.screenshot(path=str(tmp_path / "search.png"), full_page=True)
        card.get_by_role("link", name="Jean Dupont").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Jean Dupont")
        expect(page.get_by_role("table")).to_contain_text("Armed robbery")
        picture = page.get_by_role("img", name="Picture 1 of Jean Dupont")
        assert picture.evaluate("img => img.complete && img.naturalWidth > 0")
        page.screenshot(path=str(tmp_path / "extract.png"), full_page=True)

        page.get_by_role("link", name="Red Notices").click()
        page.get_by_label("Nationality (ISO code, e.g. FR)").fill("XX")
        page.get_by_role("button", name="Search").click()
        expect(page.get_by_role("alert")).to_contain_text("nationality")
        browser.close()


def test_a_visitor_reads_the_transparency_report(live: tuple[str, World], tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, world = live
    f.publish(world, f.red_content(), f.person("Anne", "Alpha"))
    f.refuse(world, f.red_content(), f.person("Dan", "Delta"), [RefusalGround.ART_3])
    year = datetime.now(UTC).year
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        page = browser.new_page()
        page.goto(f"{base}/notices")
        page.get_by_role("link", name="Transparency report").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Transparency report {year}")
        red = page.get_by_role("row").filter(
            has=page.get_by_role("rowheader", name="Red", exact=True)
        )
        # requests, published, refused, cancelled, deleted, in circulation
        expect(red.get_by_role("cell")).to_have_text(["2", "1", "1", "0", "0", "1"])
        art3 = page.get_by_role("row").filter(has_text="Article 3")
        expect(art3.get_by_role("cell")).to_have_text(["1", "0", "1"])
        charts = page.locator("svg[role=img]")
        assert charts.count() >= 4
        expect(
            page.get_by_role("img", name=f"Refused or cancelled in {year}, by ground")
        ).to_be_visible()
        assert page.get_by_role("link", name="CSV").get_attribute("href") == (
            f"/transparency.csv?year={year}"
        )
        page.get_by_label("Year").select_option(str(year))
        page.get_by_role("button", name="Show").click()
        expect(page).to_have_url(f"{base}/transparency?year={year}")
        page.screenshot(path=str(tmp_path / "transparency.png"), full_page=True)
        page.get_by_role("link", name="JSON").click()
        assert f'"year":{year}' in page.content().replace(" ", "")
        browser.close()
