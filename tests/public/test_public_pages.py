"""The public pages over HTTP: the search page answers what the API answers, an extract page
shows only what the extract holds, and the transparency page draws its charts server-side."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from fastapi.testclient import TestClient

from tests.conftest import World
from tests.public import factory as f
from xborder.platform.app import create_app
from xborder.public import extracts, portraits
from xborder.public.pages import bar_chart
from xborder.public.portraits import attach_portrait

HTML = {"accept": "text/html"}


def client(world: World) -> TestClient:
    return TestClient(create_app(world.settings, world.db))


def test_the_search_page_finds_what_the_api_finds(sqlite_world: World) -> None:
    w = sqlite_world
    a = f.publish(w, f.red_content(), f.person("Jean", "Dupont"))
    f.publish(w, f.red_content(), f.person("Hans", "Dupont", nationalities=("DE",)))
    f.publish(w, f.red_content(public=False), f.person("Secret", "Dupont"))
    with w.db.transaction() as s:
        picture = attach_portrait(s, a)
    c = client(w)
    api = c.get("/notices/v1/red?name=dupont&nationality=FR").json()
    page = c.get("/notices?type=red&name=dupont&nationality=FR", headers=HTML)
    assert page.status_code == 200
    found = re.findall(r'href="/notices/red/(\d{4}-\d+)"', page.text)
    assert found == [extracts.path_id(n["entity_id"]) for n in api["_embedded"]["notices"]]
    assert len(found) == 1 and "Secret" not in page.text
    assert f"/images/{picture}" in page.text  # the card's thumbnail
    assert "1 result(s)" in page.text


def test_the_search_page_shows_a_bad_parameter_as_an_alert(sqlite_world: World) -> None:
    res = client(sqlite_world).get("/notices?nationality=XX", headers=HTML)
    assert res.status_code == 422
    assert 'role="alert"' in res.text and "nationality" in res.text


def test_the_search_page_pages_with_the_same_parameters(sqlite_world: World) -> None:
    for i in range(3):
        f.publish(sqlite_world, f.red_content(), f.person("Jean", f"Page{i}"))
    c = client(sqlite_world)
    res = c.get("/notices?type=red&name=page&resultPerPage=2", headers=HTML)
    nxt = re.search(r'href="([^"]+)" rel="next"', res.text)
    assert nxt is not None
    href = nxt.group(1).replace("&amp;", "&")
    assert "name=page" in href and "page=2" in href and "resultPerPage=2" in href
    second = c.get(href, headers=HTML)
    assert len(re.findall(r'href="/notices/red/\d{4}-\d+"', second.text)) == 1
    assert 'rel="next"' not in second.text and 'rel="prev"' in second.text


def test_an_extract_page_shows_the_extract_and_nothing_more(sqlite_world: World) -> None:
    w = sqlite_world
    nid = f.publish(w, f.red_content(), f.person("Jean", "Dupont"))
    yellow = f.publish(w, f.yellow_content(), f.person("Lucie", "Roux", sex="F"))
    c = client(w)
    res = c.get(f"/notices/red/{extracts.path_id(f.number(w, nid))}", headers=HTML)
    assert res.status_code == 200
    assert "Armed robbery" in res.text and "Dupont" in res.text
    for secret in ("MA-2025-0042", "Tribunal", "jeweller"):
        assert secret not in res.text
    res = c.get(f"/notices/yellow/{extracts.path_id(f.number(w, yellow))}", headers=HTML)
    assert "Marseille" in res.text
    hidden = f.publish(w, f.red_content(public=False), f.person("Paul", "Hidden"))
    for path in (
        f"/notices/red/{extracts.path_id(f.number(w, hidden))}",
        f"/notices/yellow/{extracts.path_id(f.number(w, nid))}",
        "/notices/blue/2026-00001",
    ):
        res = c.get(path, headers=HTML)
        assert res.status_code == 404, path
        assert "Hidden" not in res.text


def test_the_transparency_page_has_tables_charts_and_downloads(sqlite_world: World) -> None:
    f.publish(sqlite_world, f.red_content(), f.person())
    c = client(sqlite_world)
    year = datetime.now(UTC).year
    res = c.get("/transparency", headers=HTML)
    assert res.status_code == 200
    assert res.text.count('<svg xmlns="http://www.w3.org/2000/svg" role="img"') >= 4
    assert f'href="/transparency.json?year={year}"' in res.text
    assert f'href="/transparency.csv?year={year}"' in res.text
    assert "<script" not in res.text
    assert c.get("/transparency?year=abc", headers=HTML).status_code == 422


def test_a_bar_chart_scales_to_its_largest_value() -> None:
    chart = bar_chart("c", "t", [("a", 2), ("b", 1), ("c", 0)])
    assert [b.width for b in chart.bars] == [chart.bar_space, chart.bar_space // 2, 0]
    assert [b.width for b in bar_chart("z", "t", [("a", 0)]).bars] == [0]


# --- synthetic portraits -------------------------------------------------------------------------


def test_portraits_are_deterministic_varied_and_plain_svg() -> None:
    one = portraits.synthetic_portrait("2026/00001", sex="F", hair="RED")
    assert one == portraits.synthetic_portrait("2026/00001", sex="F", hair="RED")
    others = {portraits.synthetic_portrait(f"2026/{i:05d}") for i in range(20)}
    assert len(others) == 20
    root = ET.fromstring(one)  # noqa: S314 - our own output, parsed to check it is well-formed
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert b"SYNTHETIC" in one and b"#9c3f1d" in one  # labelled, and red hair
    assert not re.search(rb"<script|href|url\(|\son\w+=", one)
