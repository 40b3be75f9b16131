"""The register's real-name block (issue 13): the per-script figures on the real-name test set
shipped with the package are shown for the version in use only, and a missing or broken file
costs the block, never the register."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jsonschema
import pytest
from fastapi.testclient import TestClient

from tests.conftest import World
from tests.governance.factory import make_runnable
from xborder.governance import evaluation as ev
from xborder.governance import register
from xborder.governance.registry import get
from xborder.kernel.clock import utcnow
from xborder.platform.app import create_app
from xborder.screening.component import SCREENING_NAME

SCRIPTS = {"Arab", "Cyrl", "Deva", "Hang", "Hans", "Hant", "Hebr", "Jpan", "Kana"}
CAPTION = "Real names, by the script the name is written in"


def validate(doc: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator(
        register.schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(doc)


def shipped() -> list[dict[str, Any]]:
    rows = register.shipped_real_name_rows()
    assert rows is not None, "src/xborder/governance/data/screening-realnames.json is missing"
    return ev.check_rows(rows)


def entry_of(doc: dict[str, Any]) -> dict[str, Any]:
    return next(e for e in doc["entries"] if e["id"] == SCREENING_NAME)


def test_the_shipped_real_name_rows_are_of_the_version_in_use() -> None:
    versions = {r["version"] for r in shipped()}
    assert versions == {get(SCREENING_NAME).version}, (
        "rerun `bench/screening/realset.py evaluate` for the version in use"
    )


def test_the_register_shows_the_per_script_figures_of_the_shipped_real_set(
    sqlite_world: World,
) -> None:
    make_runnable(sqlite_world)
    c = TestClient(create_app(sqlite_world.settings, sqlite_world.db))
    doc = c.get("/api/v1/register").json()
    validate(doc)
    e = entry_of(doc)
    real = e["performance_real_names"]
    assert real is not None and e["performance_real_names_unavailable"] is None
    rows = shipped()
    assert (real["version"], real["source"]) == (e["version"], "shipped benchmark")
    assert real["dataset"] == rows[0]["dataset"] and "NETransliteration" in real["dataset"]
    assert real["threshold"] == rows[0]["threshold"]
    groups = {g["group"]: g for g in real["groups"]}
    assert set(groups) == {"all"} | {f"script:{s}" for s in SCRIPTS}
    for r in rows:  # every figure as shipped, interval included
        g = groups[r["group"]]
        assert g["n"] == r["n"]
        assert g["metrics"][r["metric"]] == {
            "value": r["value"],
            "ci_low": r["ci_low"],
            "ci_high": r["ci_high"],
        }
    spread = {(d["attribute"], d["metric"]) for d in real["disparities"]}
    assert spread == {("script", "false_match_rate"), ("script", "false_non_match_rate")}
    fmr = {g: v["metrics"]["false_match_rate"]["value"] for g, v in groups.items() if g != "all"}
    worst = next(d for d in real["disparities"] if d["metric"] == "false_match_rate")
    assert f"script:{worst['max_group']}" == max(fmr, key=lambda k: fmr[k])
    # the synthetic twin's block is untouched
    assert e["performance"] is not None and e["performance"]["source"] != "shipped benchmark"
    page = c.get("/register").text
    assert "Performance on real names, by script" in page and CAPTION in page
    assert all(f'<th scope="row">{s}</th>' in page for s in SCRIPTS)
    arab = groups["script:Arab"]["metrics"]["false_match_rate"]
    assert f"{arab['value']:.3f}" in page and f"{arab['ci_high']:.3f}" in page


def test_figures_of_another_version_are_not_shown(
    sqlite_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_runnable(sqlite_world)
    other = [dict(r, version="xborder-v1/0.9.0") for r in shipped()]
    monkeypatch.setattr(register, "shipped_real_name_rows", lambda: other)
    c = TestClient(create_app(sqlite_world.settings, sqlite_world.db))
    doc = c.get("/api/v1/register").json()
    validate(doc)
    e = entry_of(doc)
    assert e["performance_real_names"] is None
    assert "xborder-v1/0.9.0" in e["performance_real_names_unavailable"]
    page = c.get("/register").text
    assert "Real-name figures are not available for the version in use." in page
    assert CAPTION not in page


def test_a_new_version_in_use_hides_the_figures_measured_on_the_old_one(world: World) -> None:
    newer = replace(get(SCREENING_NAME), version="xborder-v1/99.0.0")
    with world.db.transaction() as s:
        e = register.entry(s, newer, utcnow(), with_history=False)
    assert e["performance_real_names"] is None
    assert get(SCREENING_NAME).version in e["performance_real_names_unavailable"]


def broken(kind: str) -> Any:
    """A real-name file gone wrong in one way."""
    good = shipped()
    return {
        "absent": None,
        "not-a-list": {"rows": good},
        "empty": [],
        "row-lacks-keys": [{"component_id": SCREENING_NAME}],
        "value-out-of-range": [dict(good[0], value=1.5), *good[1:]],
        "two-versions": [dict(good[0], version="xborder-v1/0.9.0"), *good[1:]],
        "no-date": [{k: v for k, v in r.items() if k != "evaluated_at"} for r in good],
        "another-component": [dict(r, component_id="screening.face") for r in good],
    }[kind]


@pytest.mark.parametrize(
    "kind",
    [
        "absent",
        "not-a-list",
        "empty",
        "row-lacks-keys",
        "value-out-of-range",
        "two-versions",
        "no-date",
        "another-component",
    ],
)
def test_a_broken_real_name_file_costs_the_block_not_the_register(
    sqlite_world: World, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    bad = broken(kind)
    monkeypatch.setattr(register, "shipped_real_name_rows", lambda: bad)
    c = TestClient(create_app(sqlite_world.settings, sqlite_world.db))
    resp = c.get("/api/v1/register")
    assert resp.status_code == 200
    validate(resp.json())
    e = entry_of(resp.json())
    assert e["performance_real_names"] is None and e["performance_real_names_unavailable"]
    page = c.get("/register")
    assert page.status_code == 200 and "Real-name figures are not available" in page.text


def test_a_missing_or_unparsable_file_reads_as_none(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    good = shipped()
    (tmp_path / "data").mkdir()
    monkeypatch.setattr(register, "resources", SimpleNamespace(files=lambda _pkg: tmp_path))
    assert register.shipped_real_name_rows() is None  # absent
    (tmp_path / "data" / register.REAL_NAMES_FILE).write_text("[{not json", "utf-8")
    assert register.shipped_real_name_rows() is None
    (tmp_path / "data" / register.REAL_NAMES_FILE).write_bytes(b"\xff\xfe[")
    assert register.shipped_real_name_rows() is None
    (tmp_path / "data" / register.REAL_NAMES_FILE).write_text(json.dumps(good), "utf-8")
    assert register.shipped_real_name_rows() == good


def test_only_a_component_that_ships_real_data_figures_has_the_block(world: World) -> None:
    assert get(SCREENING_NAME).real_data_figures
    other = replace(get(SCREENING_NAME), id="screening.other", real_data_figures=False)
    with world.db.transaction() as s:
        e = register.entry(s, other, utcnow(), with_history=False)
    assert "performance_real_names" not in e and "performance_real_names_unavailable" not in e
    assert "performance" in e
