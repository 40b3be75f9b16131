"""The algorithm register: its JSON validates against the published schema, performance comes
from the latest evaluation, and withheld fields never leak through the public JSON or pages."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient

from tests.conftest import World
from tests.governance.factory import actor, clear, make_runnable, rows, screening_with
from xborder.api.app import create_app
from xborder.governance import register
from xborder.governance import service as gov
from xborder.governance.registry import SCREENING_NAME
from xborder.screening import service as screening

WITHHELD = register.withheld_values(register.texts()["entries"][SCREENING_NAME])


def validate(doc: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator(
        register.schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(doc)


def test_the_fixture_has_withheld_fields_to_protect() -> None:
    assert len(WITHHELD) >= 2 and all(w["value"] and w["reason"] for w in WITHHELD)


def test_the_register_json_validates_against_its_schema(sqlite_world: World) -> None:
    clear(sqlite_world)
    c = TestClient(create_app(sqlite_world.settings, sqlite_world.db))
    empty = c.get("/api/v1/register").json()  # nothing evaluated yet: still valid
    validate(empty)
    assert empty["entries"][0]["performance"] is None
    make_runnable(sqlite_world)
    doc = c.get("/api/v1/register").json()
    validate(doc)
    assert c.get("/api/v1/register/schema").json() == register.schema()
    e = doc["entries"][0]
    assert e["id"] == SCREENING_NAME and e["status"] == "in use"
    assert {a["kind"]: a["signed_off"] for a in e["assessments"]} == {
        "risk": True,
        "readiness": False,
        "fria": False,
    }


def test_a_document_that_breaks_the_schema_is_caught() -> None:
    bad = {
        "$schema": register.SCHEMA_ID,
        "schema_version": "1.0.0",
        "generated_at": "now",
        "publisher": register.texts()["publisher"],
        "entries": [{"id": "x"}],
    }
    with pytest.raises(jsonschema.ValidationError):
        validate(bad)


def test_entry_ids_are_kept_and_performance_comes_from_the_latest_evaluation(
    world: World,
) -> None:
    clear(world)
    gov.import_evaluation(
        world.db, None, rows(groups={"all": 0.5}, evaluated_at="2026-01-01T00:00:00+00:00")
    )
    gov.import_evaluation(
        world.db,
        None,
        rows(groups={"all": 0.8, "script:Thai": None}, evaluated_at="2026-03-01T00:00:00+00:00"),
    )
    gov.import_evaluation(
        world.db,
        None,
        rows(version="old/0.1", groups={"all": 0.1}, evaluated_at="2026-06-01T00:00:00+00:00"),
    )
    doc = register.public_for(world.db)
    validate(doc)
    [e] = doc["entries"]
    assert e["id"] == SCREENING_NAME
    perf = e["performance"]
    assert perf["evaluated_at"].startswith("2026-03-01")  # the latest of the version in use
    overall = next(g for g in perf["groups"] if g["group"] == "all")
    assert overall["metrics"]["recall"]["value"] == 0.8
    thai = next(g for g in perf["groups"] if g["group"] == "script:Thai")
    assert thai["metrics"]["recall"]["value"] is None  # undefined stays undefined
    assert {v["version"] for v in e["versions"]} == {e["version"], "old/0.1"}


def test_withheld_fields_never_leak_through_the_public_json_or_pages(sqlite_world: World) -> None:
    make_runnable(sqlite_world)
    c = TestClient(create_app(sqlite_world.settings, sqlite_world.db))
    public = c.get("/api/v1/register").text
    pages = [c.get(p).text for p in ("/register", "/responsible-ai")]
    for w in WITHHELD:
        assert w["value"] not in public
        for page in pages:
            assert w["value"] not in page
        assert w["reason"] in public and w["reason"] in pages[0]  # withheld, and why
    spec = json.loads(public)["entries"][0]["tier2"]["tool_specification"]
    assert spec["retrieval_keys"]["withheld"] is True
    assert set(spec["retrieval_keys"]) == {"withheld", "reason"}


def test_the_internal_section_holds_the_withheld_values_for_those_who_oversee(
    sqlite_world: World,
) -> None:
    make_runnable(sqlite_world)
    c = TestClient(create_app(sqlite_world.settings, sqlite_world.db))
    h = {"Authorization": f"Bearer {sqlite_world.token('auditor')}"}
    internal = c.get("/api/v1/register/internal", headers=h).json()
    [e] = internal["entries"]
    assert {w["value"] for w in e["withheld"]} == {w["value"] for w in WITHHELD}
    assert any(i["item"] == "Art. 49(4)" for i in e["ai_act"])
    assert e["enabled"] is True and e["blockers"] == []
    officer = {"Authorization": f"Bearer {sqlite_world.token('fr.officer')}"}
    assert c.get("/api/v1/register/internal", headers=officer).status_code == 403
    assert c.get("/api/v1/register/internal").status_code == 401


def test_the_internal_section_lists_each_use_with_the_art_12_fields(world: World) -> None:
    fr, de = actor(world, "fr.officer"), actor(world, "de.officer")
    [rid] = screening_with(world, fr, [True])
    screening.decide(world.db, fr, rid, True)
    screening_with(world, de, [False])
    [e] = register.internal_for(world.db, actor(world, "auditor"))["entries"]
    log = e["logging"]
    assert log["uses"] >= 2 and log["results_verified_by_a_person"] >= 1
    mine = next(u for u in log["recent"] if u["verified_by"] == ["fr.officer"])
    assert mine["start"] < mine["end"] and mine["reference_database"] == "default: fixture state"
    assert (mine["purpose"], mine["legal_basis"]) == ("investigation", "rpd-art10")
    [e] = register.internal_for(world.db, actor(world, "de.supervisor"))["entries"]
    assert e["logging"]["recent"] and all(
        u["verified_by"] != ["fr.officer"] for u in e["logging"]["recent"]
    )
