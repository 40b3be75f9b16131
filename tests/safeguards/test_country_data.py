"""Country context as sourced data: every member is covered with provenance, a bad dataset
fails loudly, and the secretariat's updates are versioned with their source and an event on
the ledger, through the API, changing nothing when refused."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.api.test_api import client
from tests.conftest import World
from tests.notices.factory import submit
from xborder.audit.tables import EventRow
from xborder.kernel.errors import Invalid
from xborder.notices.service import check_input
from xborder.notices.tables import NoticeRow
from xborder.safeguards import countrydata
from xborder.safeguards.service import record_in
from xborder.safeguards.tables import CountryDataRow


def test_every_member_has_sourced_indicators_and_a_calendar_or_a_reason() -> None:
    p = countrydata.packaged()
    members = countrydata.members()
    for code in members:
        datasets = {ds for (c, ds) in p.entries if c == code}
        assert datasets, f"{code} has no country data"
    # most members are in at least four datasets; the calendar covers those with events
    assert sum(len({ds for (c, ds) in p.entries if c == m}) >= 4 for m in members) >= 185
    assert len(p.events) >= 180
    for prov in (*p.datasets.values(), *p.calendar_sources.values()):
        assert prov.citation and prov.url and prov.licence and prov.edition


def test_a_finding_can_cite_dataset_edition_and_year() -> None:
    rec = countrydata.record("FR")
    pts = rec.entries["pts"]
    ev = pts.evidence()
    assert ev["title"] and ev["edition"] and ev["year"] >= 2020 and ev["url"].startswith("http")


def _doc(**over: Any) -> dict[str, Any]:
    return {
        "id": "pts",
        "title": "PTS",
        "citation": "c",
        "url": "https://x",
        "licence": "l",
        "edition": "2024",
        "countries": {"FR": {"year": 2023, "amnesty": 1, "state_dept": 1, "hrw": None}},
        **over,
    }


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"licence": ""}, "licence"),
        ({"countries": {"ZZ": {"year": 2023, "amnesty": 1}}}, "ISO"),
        ({"countries": {"FR": {"year": 2023, "amnesty": 7}}}, "range"),
        ({"countries": {"FR": {"year": 2023, "torture": 1}}}, "unknown fields"),
        ({"countries": {"FR": {"year": 1900, "amnesty": 1}}}, "year"),
    ],
)
def test_a_dataset_that_breaks_its_schema_is_refused(over: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        countrydata.parse_dataset(_doc(**over), frozenset({"FR"}))


def _body(**over: Any) -> dict[str, Any]:
    return {
        "year": 2024,
        "values": {"status": "NF", "pr": 2, "cl": 10},
        "source": {
            "title": "Freedom in the World",
            "citation": "Freedom House (2025), Freedom in the World 2025",
            "url": "https://freedomhouse.org/report/freedom-world",
            "licence": "cited with attribution",
            "edition": "2025",
        },
        "note": "new edition",
        **over,
    }


def _events(world: World) -> int:
    with world.db.transaction() as s:
        return s.scalar(select(func.count()).select_from(EventRow)) or 0


def test_secretariat_updates_are_versioned_with_source_and_an_event(world: World) -> None:
    c = client(world)
    h = world.headers("reviewer")
    before = c.get("/api/v1/country-data/FR", headers=h).json()
    assert before["entries"]["freedom_house"]["version"] == 0
    events = _events(world)
    res = c.post("/api/v1/country-data/FR/freedom_house", json=_body(), headers=h)
    assert res.status_code == 201, res.text
    assert res.json()["version"] == 1
    res = c.post(
        "/api/v1/country-data/FR/freedom_house",
        json=_body(values={"status": "PF", "pr": 20, "cl": 30}),
        headers=h,
    )
    assert res.json()["version"] == 2
    after = c.get("/api/v1/country-data/FR", headers=h).json()
    assert after["entries"]["freedom_house"]["values"]["status"] == "PF"
    assert [v["version"] for v in after["versions"]] == [2, 1]
    assert _events(world) == events + 2
    with world.db.transaction() as s:
        ev = s.scalars(select(EventRow).order_by(EventRow.id.desc())).first()
        assert ev is not None and ev.action == "country_data.updated"
    # the checks use the latest version; the packaged figure stays as shipped
    with world.db.transaction() as s:
        assert record_in(s, "FR").entries["freedom_house"].version == 2
    assert countrydata.record("FR").entries["freedom_house"].version == 0


@pytest.mark.parametrize(
    "body",
    [
        _body(values={"status": "XX", "pr": 2, "cl": 10}),
        _body(values={"status": "NF"}),
        _body(year=2090),
        {**_body(), "source": {**_body()["source"], "url": ""}},
    ],
)
def test_bad_country_data_is_a_4xx_and_changes_nothing(world: World, body: dict[str, Any]) -> None:
    c = client(world)
    events = _events(world)
    res = c.post(
        "/api/v1/country-data/FR/freedom_house", json=body, headers=world.headers("reviewer")
    )
    assert 400 <= res.status_code < 500
    assert res.headers["content-type"].startswith("application/problem+json")
    with world.db.transaction() as s:
        assert s.scalar(select(func.count()).select_from(CountryDataRow)) == 0
    assert _events(world) == events


def test_an_unknown_dataset_is_refused(world: World) -> None:
    res = client(world).post(
        "/api/v1/country-data/FR/astrology", json=_body(), headers=world.headers("reviewer")
    )
    assert res.status_code == 422


def test_a_bureau_cannot_read_or_change_country_data(world: World) -> None:
    c = client(world)
    h = world.headers("fr.officer")
    assert c.get("/api/v1/country-data/RU", headers=h).status_code == 403
    assert c.post("/api/v1/country-data/RU/pts", json=_body(), headers=h).status_code == 403


def test_the_charge_catalogue_is_public_with_rationale_and_sources(world: World) -> None:
    body = client(world).get("/api/v1/charge-patterns").json()
    fam = {f["id"]: f for f in body["families"]}
    assert {"en", "fr", "es", "ar", "ru"} <= set(fam["separatism"]["patterns"])
    assert fam["separatism"]["rationale"] and fam["separatism"]["sources"]
    leaving = fam["leaving_the_country"]["concepts"]
    assert {"en", "fr", "es", "ar", "ru"} <= set(leaving)
    assert leaving["en"][0].startswith("(leav* | ")


def test_a_request_is_judged_on_the_figures_for_its_own_year() -> None:
    doc = _doc(
        series={
            "FR": [
                {"year": 2001, "amnesty": 3, "state_dept": 2, "hrw": None},
                {"year": 2010, "amnesty": 2, "state_dept": 1, "hrw": None},
                {"year": 2023, "amnesty": 1, "state_dept": 1, "hrw": None},
            ]
        }
    )
    entries = countrydata.parse_dataset(doc, frozenset({"FR"}))
    assert [e.year for e in entries] == [2001, 2010, 2023]
    pick = countrydata.as_of
    assert pick(entries, date(2012, 5, 1)).year == 2010  # type: ignore[union-attr]
    assert pick(entries, date(2010, 1, 1)).year == 2010  # type: ignore[union-attr]
    assert pick(entries, date(1995, 1, 1)).year == 2001  # type: ignore[union-attr]  (first year)
    assert pick(entries, None).year == 2023  # type: ignore[union-attr]
    assert pick(entries, date(2026, 1, 1)).year == 2023  # type: ignore[union-attr]
    # the secretariat's version wins a tie with the packaged figure for the same year
    mine = dataclasses.replace(entries[-1], version=1, values={"amnesty": 2})
    assert pick([*entries, mine], date(2024, 1, 1)) is mine
    assert pick([*entries, mine], date(2012, 1, 1)).year == 2010  # type: ignore[union-attr]


def test_a_series_that_contradicts_the_latest_figure_is_refused() -> None:
    doc = _doc(series={"FR": [{"year": 2023, "amnesty": 4, "state_dept": 1, "hrw": None}]})
    with pytest.raises(ValueError, match="differs"):
        countrydata.parse_dataset(doc, frozenset({"FR"}))


def test_older_freedom_house_years_carry_ratings_instead_of_scores() -> None:
    ok = countrydata.check_values("freedom_house", {"status": "NF", "pr_rating": 7, "cl_rating": 6})
    assert ok["pr_rating"] == 7
    for half in (
        {"status": "NF", "pr_rating": 7},
        {"status": "NF", "pr": 3, "pr_rating": 7, "cl_rating": 7},  # half a set of scores
        {"status": "NF"},
    ):
        with pytest.raises(Invalid, match="both"):
            countrydata.check_values("freedom_house", half)
    with pytest.raises(Invalid, match="range"):
        countrydata.check_values("freedom_house", {"status": "NF", "pr_rating": 9, "cl_rating": 1})


def test_the_packaged_series_end_with_the_latest_figure_and_go_back_in_time() -> None:
    p = countrydata.packaged()
    for key, years in p.series.items():
        assert years[-1] is p.entries[key]
        assert [e.year for e in years] == sorted({e.year for e in years})


def test_the_api_gives_the_figures_for_a_date_and_every_packaged_year(world: World) -> None:
    c = client(world)
    h = world.headers("reviewer")
    now = c.get("/api/v1/country-data/RU", headers=h).json()
    years = [y["year"] for y in now["years"]["pts"]]
    assert years == sorted(years) and years[-1] == now["entries"]["pts"]["year"]
    first = years[0]
    then = c.get(f"/api/v1/country-data/RU?on={first}-06-30", headers=h).json()
    assert then["on"] == f"{first}-06-30" and then["entries"]["pts"]["year"] == first
    # before the first year a dataset covers, its first year; a bad date is a 422
    before = c.get("/api/v1/country-data/RU?on=1950-01-01", headers=h).json()
    assert before["entries"]["pts"]["year"] == first
    assert c.get("/api/v1/country-data/RU?on=2024-13-01", headers=h).status_code == 422


def test_a_request_is_checked_on_the_figures_of_the_year_it_was_made(world: World) -> None:
    """The checks of a stored request read the record for its submission date."""
    nid = submit(world, "ru")
    series = countrydata.packaged().series[("RU", "pts")]
    early = series[len(series) // 2]
    with world.db.transaction() as s:
        row = s.get(NoticeRow, nid)
        assert row is not None
        row.submitted_at = datetime(early.year, 7, 1, tzinfo=UTC)
        then = check_input(s, row, datetime.now(UTC))
        assert then.submitted_on.year == early.year
        assert then.country is not None and then.country.entries["pts"] is early
        row.submitted_at = datetime.now(UTC)
        now = check_input(s, row, datetime.now(UTC))
        assert now.country is not None and now.country.entries["pts"] is series[-1]


def test_every_corrected_year_is_kept_and_chosen_by_the_request_date(world: World) -> None:
    c = client(world)
    h = world.headers("reviewer")
    new = {"status": "NF", "pr": 2, "cl": 10}
    old = {"status": "PF", "pr_rating": 5, "cl_rating": 5}
    assert (
        c.post(
            "/api/v1/country-data/FR/freedom_house", json=_body(year=2024, values=new), headers=h
        ).status_code
        == 201
    )
    # a later correction of an older year does not hide the newer one
    assert (
        c.post(
            "/api/v1/country-data/FR/freedom_house", json=_body(year=2005, values=old), headers=h
        ).status_code
        == 201
    )
    with world.db.transaction() as s:
        now = record_in(s, "FR").entries["freedom_house"]
        assert (now.year, now.version, now.values["status"]) == (2024, 1, "NF")
        then = record_in(s, "FR", on=date(2005, 6, 1)).entries["freedom_house"]
        assert (then.year, then.version, then.values["status"]) == (2005, 2, "PF")
        between = record_in(s, "FR", on=date(2015, 6, 1)).entries["freedom_house"]
        assert (between.year, between.version) == (2015, 0)  # the packaged figure


def test_a_figure_from_after_the_request_says_so() -> None:
    first = countrydata.packaged().series[("RU", "pts")][0]
    early = countrydata.record("RU", on=date(first.year - 3, 1, 1)).entries["pts"]
    assert early.year == first.year and "after the request's year" in early.note
    assert "after the request's year" in early.evidence()["note"]


def test_the_v_dem_cutoffs_are_the_medians_they_say_they_are() -> None:
    """RuleConfig's V-Dem cutoffs are computed from the packaged data, not chosen: the
    median physical violence index of the country-years PTS rates 5, and the median judicial
    constraints index of the country-years Freedom House rates Not Free."""
    from statistics import median

    from xborder.notices.rulebase import RuleConfig

    p = countrydata.packaged()

    def by_year(ds: str) -> dict[tuple[str, int], dict[str, Any]]:
        return {
            (e.country, e.year): e.values for (_, d), es in p.series.items() if d == ds for e in es
        }

    pts, fh, vdem = by_year("pts"), by_year("freedom_house"), by_year("vdem")
    worst = [
        v["physinteg"]
        for k, v in vdem.items()
        if k in pts and max(x for x in pts[k].values() if x) == 5 and "physinteg" in v
    ]
    not_free = [
        v["jucon"] for k, v in vdem.items() if fh.get(k, {}).get("status") == "NF" and "jucon" in v
    ]
    c = RuleConfig()
    assert abs(median(worst) - c.vdem_physinteg_torture_below) < 0.005
    assert abs(median(not_free) - c.vdem_jucon_unfair_below) < 0.0005


def test_court_findings_are_the_research_file_built_and_reach_only_their_years() -> None:
    """The packaged file is what tools/countrydata/court_findings.py makes of the research
    file (nothing edited by hand), and no year holds a finding decided outside its reach."""
    import importlib
    import json
    import sys
    from pathlib import Path

    tools = Path(__file__).resolve().parents[2] / "tools" / "countrydata"
    sys.path.insert(0, str(tools))
    try:
        build = importlib.import_module("court_findings")
        research = json.loads((tools / "court_findings_research.json").read_text("utf-8"))
        made = build.common.render(
            build.common.document(build.ENVELOPE, build.build_series(research["findings"]))
        )
    finally:
        sys.path.remove(str(tools))
    packaged = Path(countrydata.__file__).parent / "data" / "country" / "court_findings.json"
    assert packaged.read_text("utf-8") == made
    for e in (e for s in countrydata.packaged().series.values() for e in s):
        if e.dataset == "court_findings" and e.values["detainee_risk"]:
            decided = int(e.values["decided"][:4])
            assert decided - build.BEFORE <= e.year <= decided + build.AFTER
            assert e.values["url"] and e.values["case"]


def test_a_request_from_a_year_a_court_found_any_detainee_at_risk_cites_the_case() -> None:
    from xborder.notices.domain import content_from_json
    from xborder.notices.humanrights import detainee_finding
    from xborder.notices.rules import CheckInput

    content = content_from_json(
        {"notice_type": "blue", "subject_status": "missing", "title": "x", "summary": ""}
    )

    def on(day: date) -> CheckInput:
        rec = countrydata.record("TM", on=day)
        return CheckInput(content, "TM", day, True, country=rec)

    found = detainee_finding(on(date(2008, 6, 1)))
    assert found is not None and "v. " in found.values["case"]
    assert detainee_finding(on(date(2019, 6, 1))) is None


def test_the_secretariat_records_a_court_finding_like_any_other_figure(world: World) -> None:
    """A finding the packaged compilation lacks is added through the same update path, with
    its source; one that does not name its case is refused and changes nothing."""
    c = client(world)
    h = world.headers("reviewer")
    finding = {
        "detainee_risk": True,
        "body": "European Court of Human Rights",
        "case": "A v. B",
        "decided": "2023-03-01",
        "holding": "ill-treatment of detainees widespread",
        "url": "https://hudoc.echr.coe.int/",
    }
    source = {**_body()["source"], "title": "ECtHR judgment", "edition": "2023"}
    bad = {"year": 2024, "values": {**finding, "case": ""}, "source": source}
    events = _events(world)
    assert c.post("/api/v1/country-data/BY/court_findings", json=bad, headers=h).status_code == 422
    assert _events(world) == events
    good = {"year": 2024, "values": finding, "source": source, "note": "not yet compiled"}
    res = c.post("/api/v1/country-data/BY/court_findings", json=good, headers=h)
    assert res.status_code == 201, res.text
    with world.db.transaction() as s:
        entry = record_in(s, "BY", on=date(2024, 6, 1)).entries["court_findings"]
    assert entry.values["case"] == "A v. B" and entry.version == 1
