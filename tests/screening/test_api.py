"""Screening over HTTP: xborder's endpoints and yente's shape, with a yente-style ApiKey."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from tests.api.test_api import client
from tests.conftest import World
from tests.notices.factory import actor, person_json, publish, red_content, submit
from xborder.governance import service as gov
from xborder.governance.commands import SwitchIn
from xborder.screening import service as screening
from xborder.screening.component import SCREENING_NAME
from xborder.screening.tables import ScreeningResultRow, ScreeningRow


def headers(world: World, user: str, purpose: str = "investigation") -> dict[str, str]:
    """A screening states its purpose and its legal basis (the governance gate)."""
    return {**world.headers(user, purpose), "X-Legal-Basis": "rpd-art65"}


def _published(world: World) -> str:
    nid = submit(
        world,
        "ru",
        red_content(),
        person_json("Vladimir Putin", "1952-10-07", nationalities=["RU"]),
    )
    publish(world, nid)
    return nid


def test_screen_one_explains_each_feature(world: World) -> None:
    nid = _published(world)
    res = client(world).post(
        "/api/v1/screen",
        json={"names": ["Wladimir Putin"], "birth_dates": ["1952-10-07"], "nationalities": ["RUS"]},
        headers=headers(world, "de.officer", "border_check"),
    )
    assert res.status_code == 200, res.text
    top = res.json()["results"][0]
    assert top["notice"]["id"] == nid and top["possible_match"] is True
    assert {f["name"] for f in top["features"]} >= {"name", "birth_date"}
    assert all(f["detail"] for f in top["features"])


def test_screen_needs_a_purpose_and_a_name(world: World) -> None:
    c = client(world)
    no_purpose = {
        "Authorization": f"Bearer {world.token('de.officer')}",
        "X-Legal-Basis": "rpd-art65",
    }
    assert c.post("/api/v1/screen", json={"names": ["X Y"]}, headers=no_purpose).status_code == 422
    bad = c.post("/api/v1/screen", json={"names": []}, headers=headers(world, "de.officer"))
    assert bad.status_code == 422
    bad = c.post(
        "/api/v1/screen",
        json={"names": ["A B"], "birth_dates": ["52"]},
        headers=headers(world, "de.officer"),
    )
    assert bad.status_code == 422 and bad.headers["content-type"].startswith("application/problem")


def test_screen_without_a_legal_basis_is_refused_and_records_nothing(world: World) -> None:
    c = client(world)
    with world.db.transaction() as s:
        before = s.scalar(select(func.count()).select_from(ScreeningRow))
    res = c.post("/api/v1/screen", json={"names": ["X Y"]}, headers=world.headers("de.officer"))
    assert res.status_code == 422
    assert res.json()["missing"] == ["legal_basis"]
    unknown = {**world.headers("de.officer"), "X-Legal-Basis": "because"}
    res = c.post("/api/v1/screen", json={"names": ["X Y"]}, headers=unknown)
    assert res.status_code == 422 and "rpd-art65" in res.json()["allowed"]
    with world.db.transaction() as s:
        assert s.scalar(select(func.count()).select_from(ScreeningRow)) == before


def test_the_use_log_holds_what_ai_act_art_12_asks(world: World) -> None:
    _published(world)
    res = client(world).post(
        "/api/v1/screen",
        json={"names": ["Vladimir Putin"], "birth_dates": ["1952-10-07"]},
        headers=headers(world, "de.officer", "border_check"),
    )
    assert res.status_code == 200
    top = res.json()["results"][0]
    with world.db.transaction() as s:
        row = s.scalars(select(ScreeningRow).order_by(ScreeningRow.at.desc())).first()
        assert row is not None
        assert row.ended_at is not None and row.ended_at >= row.at  # start and end
        assert row.reference_db.startswith("default (events<=")  # the reference database
        assert row.legal_basis == "rpd-art65" and row.purpose == "border_check"
        result = s.get(ScreeningResultRow, top["result_id"])
        assert result is not None and len(result.query_digest) == 64  # the input, keyed
        assert "Putin" not in result.query_digest
    # who verified: the person who confirms or rejects
    ok = client(world).post(
        f"/api/v1/screen/results/{top['result_id']}/decision",
        json={"confirmed": True, "reason": "passport number and photograph"},
        headers=world.headers("de.officer"),
    )
    assert ok.status_code == 204
    with world.db.transaction() as s:
        result = s.get(ScreeningResultRow, top["result_id"])
        assert result is not None and result.decided_by is not None


def test_a_stopped_component_refuses_every_screening(world: World) -> None:
    c = client(world)
    gov.set_enabled(
        world.db, actor(world, "admin"), SCREENING_NAME, SwitchIn(on=False, reason="drift found")
    )
    res = c.post("/api/v1/screen", json={"names": ["X Y"]}, headers=headers(world, "de.officer"))
    assert res.status_code == 503 and "switched off" in res.json()["detail"]
    body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["X Y"]}}}}
    res = c.post("/match/default", json=body, headers=headers(world, "de.officer"))
    assert res.status_code == 503
    gov.set_enabled(
        world.db, actor(world, "admin"), SCREENING_NAME, SwitchIn(on=True, reason="re-evaluated")
    )
    res = c.post("/api/v1/screen", json={"names": ["X Y"]}, headers=headers(world, "de.officer"))
    assert res.status_code == 200


def test_batch(world: World) -> None:
    _published(world)
    res = client(world).post(
        "/api/v1/screen/batch",
        json={"queries": {"a": {"names": ["Vladimir Putin"]}, "b": {"names": ["Jane Austen"]}}},
        headers=headers(world, "de.officer", "border_check"),
    )
    assert res.status_code == 200
    out = res.json()["responses"]
    assert (
        out["a"]
        and out["a"][0]["possible_match"]
        and all(not r["possible_match"] for r in out["b"])
    )


def test_yente_match_shape_with_apikey(world: World) -> None:
    _published(world)
    body = {
        "queries": {
            "q1": {
                "schema": "Person",
                "properties": {
                    "name": ["Putin, Vladimir"],
                    "birthDate": ["1952"],
                    "nationality": ["ru"],
                },
            }
        },
        "weights": {},
        "config": {},
    }
    res = client(world).post(
        "/match/default",
        params={"threshold": 0.7, "limit": 3},
        json=body,
        headers={"Authorization": f"ApiKey {world.token('de.officer')}"},
    )
    assert res.status_code == 200, res.text
    doc = res.json()
    r1 = doc["responses"]["q1"]
    assert r1["status"] == 200 and r1["total"]["relation"] == "eq" and doc["limit"] == 3
    assert r1["query"]["properties"]["name"] == ["Putin, Vladimir"]
    top = r1["results"][0]
    assert {
        "id",
        "caption",
        "schema",
        "properties",
        "datasets",
        "score",
        "match",
        "features",
        "explanations",
    } <= set(top)
    assert top["match"] is True and top["schema"] == "Person" and top["datasets"] == ["notices"]
    assert all({"score", "detail"} <= set(v) for v in top["explanations"].values())
    # yente's clients read every score as a number (a feature neither side states is 0.0)
    numbers = [top["score"], *top["features"].values()]
    numbers += [v["score"] for v in top["explanations"].values()]
    assert all(isinstance(x, float) for x in numbers)


def test_yente_match_on_an_imported_list_and_unknown_dataset(world: World) -> None:
    line = json.dumps(
        {
            "id": "x1",
            "schema": "Person",
            "properties": {"name": ["Osama bin Laden"], "birthDate": ["1957-03-10"]},
        }
    )
    screening.import_ftm(world.db, None, "sanctions", [line])
    c = client(world)
    api_key = {"Authorization": f"ApiKey {world.token('fr.officer')}"}
    body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Usama ibn Ladin"]}}}}
    res = c.post("/match/sanctions", json=body, headers=api_key)
    assert (
        res.status_code == 200
        and res.json()["responses"]["q"]["results"][0]["id"] == "x1"  # the imported id
    )
    assert c.post("/match/nowhere", json=body, headers=api_key).status_code == 404


def test_algorithms_are_public(world: World) -> None:
    doc = client(world).get("/algorithms").json()
    assert doc["default"] == doc["best"] == doc["algorithms"][0]["name"]


def test_a_threshold_below_the_evaluated_one_is_refused(world: World) -> None:
    # The register's error rates hold at the configured threshold: looser flags are refused,
    # stricter ones (yente's `threshold` parameter) are allowed.
    body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["X Y"]}}}}
    c = client(world)
    res = c.post(
        "/match/default", params={"threshold": 0.5}, json=body, headers=headers(world, "de.officer")
    )
    assert res.status_code == 422 and res.json()["minimum"] == 0.7
    res = c.post(
        "/match/default", params={"threshold": 0.9}, json=body, headers=headers(world, "de.officer")
    )
    assert res.status_code == 200
