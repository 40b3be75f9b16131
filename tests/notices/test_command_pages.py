"""The notices pages read their forms into the API's commands (`xborder.web.forms.read`): what a
page reads in its own way (a day as midnight UTC, values typed as JSON, one name a line) reaches
the service as the API would send it; a form the command refuses comes back on the page with
the message and what was typed; and a command built in Python that the model lets through is
still refused by the service's own checks."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import select

from tests.api.test_api import login_client
from tests.conftest import World
from tests.notices.factory import actor, publish, submit
from xborder.kernel.clock import as_utc
from xborder.kernel.errors import Invalid
from xborder.measures import service as measures
from xborder.measures.commands import MeasureIn
from xborder.measures.tables import CorrectiveMeasureRow
from xborder.notices import context
from xborder.notices.commands import ProtectedIn
from xborder.notices.tables import NoticeRow, ProtectedStatusRow
from xborder.safeguards import service as country_data
from xborder.safeguards.commands import CountryDataIn, SourceIn
from xborder.safeguards.tables import CountryDataRow

HTML = {"accept": "text/html"}
SOURCE = {
    "title": "Freedom in the World",
    "citation": "Freedom House (2025), Freedom in the World 2025",
    "url": "https://freedomhouse.org/report/freedom-world",
    "licence": "cited with attribution",
    "edition": "2025",
}


def post(c: TestClient, url: str, **data: str | list[str]) -> tuple[int, str]:
    found = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/", headers=HTML).text)
    assert found
    res = c.post(url, data={"csrf_token": found.group(1), **data}, headers=HTML)
    return res.status_code, res.text


def test_a_measure_from_the_page_runs_from_midnight_utc_of_the_days_picked(
    sqlite_world: World,
) -> None:
    admin = login_client(sqlite_world, "admin")
    typed = {"country": "RU", "scopes": ["prior_review"], "reason": "EC decision 2026/4"}
    status, text = post(admin, "/measures", **typed, starts_on="2026-03-01", ends_on="2026-02-01")
    assert status == 422 and "ends after it starts" in text and "EC decision 2026/4" in text
    status, text = post(admin, "/measures", **{**typed, "scopes": []})
    assert status == 422 and "scopes: List should have at least 1 item" in text
    status, _ = post(admin, "/measures", **typed, starts_on="2026-03-01", ends_on="2026-09-01")
    assert status == 200
    with sqlite_world.db.transaction() as s:
        row = s.scalars(select(CorrectiveMeasureRow)).one()
        assert as_utc(row.starts_at) == datetime(2026, 3, 1, tzinfo=UTC)
        assert row.ends_at is not None and as_utc(row.ends_at) == datetime(2026, 9, 1, tzinfo=UTC)
        assert row.scopes == ["prior_review"] and row.reason == "EC decision 2026/4"


def test_country_data_from_the_page_is_recorded_with_its_source(sqlite_world: World) -> None:
    rev = login_client(sqlite_world, "reviewer")
    form = {f"source_{k}": v for k, v in SOURCE.items()}
    values = '{"status": "NF", "pr": 2, "cl": 10}'
    status, text = post(
        rev, "/review/country-data/RU", dataset="freedom_house", year="2024", values="[1]", **form
    )
    assert status == 422 and "values: Input should be a valid dictionary" in text
    status, text = post(
        rev, "/review/country-data/RU", dataset="freedom_house", year="soon", values=values, **form
    )
    assert status == 422 and "year: Input should be a valid integer" in text
    status, _ = post(
        rev,
        "/review/country-data/RU",
        dataset="freedom_house",
        year="2024",
        values=values,
        note="new edition",
        **form,
    )
    assert status == 200
    with sqlite_world.db.transaction() as s:
        row = s.scalars(select(CountryDataRow)).one()
        assert (row.country, row.dataset, row.year, row.version) == ("RU", "freedom_house", 2024, 1)
        assert row.values == {"status": "NF", "pr": 2, "cl": 10} and row.source == SOURCE
        assert row.note == "new edition"


def test_a_blank_source_part_is_refused_by_the_service_not_only_by_the_form(world: World) -> None:
    source = SourceIn.model_validate({**SOURCE, "licence": "  "})  # long enough for the model
    cmd = CountryDataIn(year=2024, values={"status": "NF", "pr": 2, "cl": 10}, source=source)
    with pytest.raises(Invalid, match="licence"):
        country_data.update(world.db, actor(world, "reviewer"), "FR", "freedom_house", cmd)
    with pytest.raises(Invalid, match="reason"):
        measures.impose(
            world.db,
            actor(world, "admin"),
            MeasureIn(country="FR", scopes=["prior_review"], reason="   "),
        )
    with pytest.raises(ValidationError):
        MeasureIn(country="FR", scopes=[], reason="misuse")


def test_a_protected_status_from_the_page_reads_its_names_and_date(sqlite_world: World) -> None:
    rev = login_client(sqlite_world, "reviewer")
    form = {
        "names": "Иван Петров\n\nIvan Petrov",
        "birth_date": "1980",
        "status": "asylum",
        "fled_country": "RU",
        "granting_country": "DE",
    }
    status, text = post(rev, "/review/protected-status", **form, granted_on="2024-13-01")
    assert status == 422 and "granted on: a date as YYYY-MM-DD" in text
    status, _ = post(rev, "/review/protected-status", **form, granted_on="2024-05-02")
    assert status == 200  # "confirmed" left unticked: a pending claim
    with sqlite_world.db.transaction() as s:
        row = s.scalars(select(ProtectedStatusRow)).one()
        assert [f["full"] for f in row.name_forms] == ["Иван Петров", "Ivan Petrov"]
        assert (row.protection_type, row.state, row.granted_on) == (
            "asylum",
            "pending",
            "2024-05-02",
        )
        assert (row.fled_country, row.granting_country, row.grounds_unrelated) == (
            "RU",
            "DE",
            False,
        )
    with pytest.raises(Invalid, match="status"):
        context.record_protected_status(
            sqlite_world.db,
            actor(sqlite_world, "reviewer"),
            ProtectedIn(fled_country="RU", granting_country="DE", status="exile", names=["A B"]),
        )


def test_a_cancellation_from_the_review_page_needs_its_grounds(sqlite_world: World) -> None:
    nid = submit(sqlite_world)
    publish(sqlite_world, nid)
    rev = login_client(sqlite_world, "reviewer")
    status, text = post(rev, f"/review/{nid}/cancel", rationale="Political.")
    assert status == 422 and "grounds: List should have at least 1 item" in text
    status, _ = post(rev, f"/review/{nid}/cancel", rationale="Political.", grounds=["art3"])
    assert status == 200
    with sqlite_world.db.transaction() as s:
        assert s.scalars(select(NoticeRow.state).where(NoticeRow.id == nid)).one() == "cancelled"
