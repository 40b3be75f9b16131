"""Screening over HTTP: xborder's endpoints and yente's shape, with a yente-style ApiKey."""

from __future__ import annotations

import json

from tests.api.test_api import client
from tests.conftest import World
from tests.notices.factory import person_json, publish, red_content, submit
from xborder.screening import service as screening


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
        headers=world.headers("de.officer", "border_check"),
    )
    assert res.status_code == 200, res.text
    top = res.json()["results"][0]
    assert top["notice"]["id"] == nid and top["possible_match"] is True
    assert {f["name"] for f in top["features"]} >= {"name", "birth_date"}
    assert all(f["detail"] for f in top["features"])


def test_screen_needs_a_purpose_and_a_name(world: World) -> None:
    c = client(world)
    headers = {"Authorization": f"Bearer {world.token('de.officer')}"}
    assert c.post("/api/v1/screen", json={"names": ["X Y"]}, headers=headers).status_code == 422
    bad = c.post("/api/v1/screen", json={"names": []}, headers=world.headers("de.officer"))
    assert bad.status_code == 422
    bad = c.post(
        "/api/v1/screen",
        json={"names": ["A B"], "birth_dates": ["52"]},
        headers=world.headers("de.officer"),
    )
    assert bad.status_code == 422 and bad.headers["content-type"].startswith("application/problem")


def test_batch(world: World) -> None:
    _published(world)
    res = client(world).post(
        "/api/v1/screen/batch",
        json={"queries": {"a": {"names": ["Vladimir Putin"]}, "b": {"names": ["Jane Austen"]}}},
        headers=world.headers("de.officer", "border_check"),
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
    headers = {"Authorization": f"ApiKey {world.token('fr.officer')}"}
    body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Usama ibn Ladin"]}}}}
    res = c.post("/match/sanctions", json=body, headers=headers)
    assert (
        res.status_code == 200
        and res.json()["responses"]["q"]["results"][0]["id"] == "list:sanctions:x1"
    )
    assert c.post("/match/nowhere", json=body, headers=headers).status_code == 404


def test_algorithms_are_public(world: World) -> None:
    doc = client(world).get("/algorithms").json()
    assert doc["default"] == doc["best"] == doc["algorithms"][0]["name"]
