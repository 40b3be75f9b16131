"""The algorithm register: its JSON validates against the published schema, performance comes
from the latest evaluation, and withheld fields never leak through the public JSON or pages."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from tests.conftest import World
from tests.governance.factory import actor, clear, make_runnable, rows, screening_with
from xborder.governance import register
from xborder.governance import service as gov
from xborder.governance.commands import SwitchIn
from xborder.governance.registry import get
from xborder.governance.tables import AssessmentRow
from xborder.kernel.clock import as_utc, iso, utcnow
from xborder.platform.app import create_app
from xborder.screening import service as screening
from xborder.screening.commands import DecisionIn
from xborder.screening.component import SCREENING_NAME
from xborder.screening.tables import ScreeningResultRow, ScreeningRow

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
    screening.decide(
        world.db, fr, rid, DecisionIn(confirmed=True, reason="same person: passport seen")
    )
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


def test_a_bureau_supervisor_sees_only_the_bureaus_own_usage_figures(world: World) -> None:
    fr, de = actor(world, "fr.officer"), actor(world, "de.officer")
    [fr_rid] = screening_with(world, fr, [True])
    screening.decide(
        world.db, fr, fr_rid, DecisionIn(confirmed=True, reason="same person: passport seen")
    )
    for _ in range(2):
        [de_rid] = screening_with(world, de, [True])
        screening.decide(
            world.db, de, de_rid, DecisionIn(confirmed=True, reason="same person: passport seen")
        )
    with world.db.transaction() as s:
        mine = list(s.scalars(select(ScreeningRow).where(ScreeningRow.org_id == fr.org_id)))
        verified = s.scalar(
            select(func.count(ScreeningResultRow.id))
            .join(ScreeningRow, ScreeningRow.id == ScreeningResultRow.screening_id)
            .where(ScreeningRow.org_id == fr.org_id, ScreeningResultRow.decided_by.is_not(None))
        )
    [e] = register.internal_for(world.db, actor(world, "fr.supervisor"))["entries"]
    log = e["logging"]
    assert log["uses"] == len(mine)
    assert sum(log["uses_by_dataset"].values()) == len(mine)
    assert log["results_verified_by_a_person"] == verified
    assert log["last_use"] == iso(max(as_utc(r.at) for r in mine))
    assert {u["id"] for u in log["recent"]} <= {r.id for r in mine}
    [everyone] = register.internal_for(world.db, actor(world, "auditor"))["entries"]
    assert everyone["logging"]["uses"] >= log["uses"] + 2
    assert everyone["logging"]["results_verified_by_a_person"] >= verified + 2


def test_a_component_that_cannot_run_is_not_in_use_whatever_the_switch(world: World) -> None:
    make_runnable(world)
    assert register.public_for(world.db)["entries"][0]["status"] == "in use"
    with world.db.transaction() as s:  # the risk assessment falls due for review
        s.execute(update(AssessmentRow).values(signed_at=utcnow() - timedelta(days=400)))
    [e] = register.public_for(world.db)["entries"]
    assert e["status"] == "not in use"
    [internal] = register.internal_for(world.db, actor(world, "auditor"))["entries"]
    assert internal["enabled"] is True and internal["blockers"]  # why, for those who oversee


def test_withheld_fields_are_withheld_at_any_depth_and_in_any_shape() -> None:
    texts = {
        "plain": "shown",
        "owners": [
            {"name": "Team A"},
            {"name": {"value": "Jane Roe", "withheld": "named individuals are not published"}},
        ],
        "keys": {"withheld": "in the interest of investigation", "list": ["k1", "k2"]},
        "marked": {"withheld": True, "reason": "already a marker", "value": "secret-3"},
        "nested": [[{"value": "secret-4", "withheld": "deep"}]],
    }
    public = register.public_fields(texts)
    dumped = json.dumps(public)
    for secret in ("Jane Roe", "k1", "k2", "secret-3", "secret-4"):
        assert secret not in dumped
    assert public["plain"] == "shown" and public["owners"][0] == {"name": "Team A"}
    assert public["owners"][1]["name"] == {
        "withheld": True,
        "reason": "named individuals are not published",
    }
    assert public["keys"] == {"withheld": True, "reason": "in the interest of investigation"}
    assert public["marked"] == {"withheld": True, "reason": "already a marker"}
    values = {w["path"]: w["value"] for w in register.withheld_values(texts)}
    assert values["owners[1].name"] == "Jane Roe" and values["nested[0][0]"] == "secret-4"
    assert "k1" in values["keys"] and values["marked"] == "secret-3"


def test_register_entries_are_versioned_and_kept_at_each_switch(
    sqlite_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_runnable(sqlite_world)  # switched on: the entry is kept
    c = TestClient(create_app(sqlite_world.settings, sqlite_world.db))
    version = get(SCREENING_NAME).version
    [e] = c.get("/api/v1/register").json()["entries"]
    assert e["entry_version"] == f"{version}+r{register.texts()['revision']}"
    [on] = e["history"]
    assert (on["entry_version"], on["status"]) == (e["entry_version"], "in use")
    # The register's texts are revised, then the component is stopped: a new entry version.
    revised = dict(register.texts(), revision=int(register.texts()["revision"]) + 1)
    monkeypatch.setattr(register, "texts", lambda: revised)
    gov.set_enabled(
        sqlite_world.db,
        actor(sqlite_world, "admin"),
        SCREENING_NAME,
        SwitchIn(on=False, reason="drift"),
    )
    doc = c.get("/api/v1/register").json()
    validate(doc)
    [e] = doc["entries"]
    assert e["entry_version"] == f"{version}+r{revised['revision']}"
    listed = c.get("/api/v1/register/history", params={"component_id": SCREENING_NAME}).json()
    assert listed == e["history"]
    assert [(h["entry_version"], h["status"]) for h in listed] == [
        (e["entry_version"], "not in use"),
        (on["entry_version"], "in use"),
    ]
    past = c.get(f"/api/v1/register/history/{on['id']}").json()
    assert past["entry_version"] == on["entry_version"]
    assert past["entry"]["status"] == "in use" and past["entry"]["performance"]
    entry_schema = {"$defs": register.schema()["$defs"], "$ref": "#/$defs/entry"}
    jsonschema.Draft202012Validator(entry_schema).validate(past["entry"])
    for w in WITHHELD:  # kept as published: withheld values stay out
        assert w["value"] not in json.dumps(past)
    page = c.get("/register").text
    assert e["entry_version"] in page and f"/api/v1/register/history/{on['id']}" in page
    assert c.get("/api/v1/register/history/no-such-entry").status_code == 404
    assert c.get("/api/v1/register/history", params={"component_id": "x"}).status_code == 404
