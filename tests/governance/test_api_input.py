"""Bad input over HTTP is a clear 422 problem that changes nothing, on both stores (a value too
long for a column fails only on PostgreSQL, so it must be caught before the store)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import World
from tests.governance.factory import USE_CASE, clear, rows
from xborder.governance import service as gov
from xborder.platform.app import create_app
from xborder.screening.component import SCREENING_NAME

IMPORT = "/api/v1/governance/evaluations/import"
RISK = f"/api/v1/governance/use-cases/{USE_CASE}/assessments/risk"


def bearer(world: World, who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {world.token(who)}"}


def stored(world: World) -> list[gov.Evaluation]:
    with world.db.transaction() as s:
        return gov.evaluations(s, SCREENING_NAME)


@pytest.mark.parametrize(
    "change",
    [
        {"threshold": "abc"},
        {"threshold": None},
        {"threshold": 1e20},
        {"threshold": True},
        {"component_id": ["x"]},
        {"version": "v" * 61},
        {"dataset": "d" * 201},
        {"value": True},
        {"n": True},
        {"evaluated_at": "2999-01-01T00:00:00+00:00"},
    ],
)
def test_a_bad_evaluation_row_is_a_422_and_nothing_is_stored(
    world: World, change: dict[str, Any]
) -> None:
    clear(world)
    c = TestClient(create_app(world.settings, world.db))
    body = rows()
    body[-1] = body[-1] | change
    res = c.post(IMPORT, json=body, headers=bearer(world, "reviewer"))
    assert res.status_code == 422, res.text
    assert res.headers["content-type"].startswith("application/problem+json")
    assert stored(world) == []


def test_a_future_dated_import_cannot_pin_the_latest_evaluation(world: World) -> None:
    clear(world)
    c = TestClient(create_app(world.settings, world.db))
    h = bearer(world, "reviewer")
    future = rows(groups={"all": 0.1}, evaluated_at="2999-01-01T00:00:00+00:00")
    assert c.post(IMPORT, json=future, headers=h).status_code == 422
    [eid] = c.post(IMPORT, json=rows(groups={"all": 0.9}), headers=h).json()["ids"]
    with world.db.transaction() as s:
        latest = gov.latest_evaluation(s, SCREENING_NAME)
    assert latest is not None and latest.id == eid


@pytest.mark.parametrize("rating", ["Infinity", "-Infinity", "1e400", "NaN", "true", "2.5"])
def test_a_rating_that_is_not_a_whole_number_is_a_422(world: World, rating: str) -> None:
    clear(world)
    c = TestClient(create_app(world.settings, world.db))
    body = '{"answers": {"law-1": {"likelihood": RATING, "impact": 2}}}'.replace("RATING", rating)
    res = c.post(
        RISK,
        content=body,
        headers=bearer(world, "reviewer") | {"content-type": "application/json"},
    )
    assert res.status_code == 422, res.text
    assert "law-1.likelihood" in json.dumps(res.json())
    with world.db.transaction() as s:
        assert gov.assessment_versions(s, USE_CASE, "risk") == []
