"""The harness on the real matcher and labelled set (small), and the CLI that runs and imports
evaluations. SQLite only: the figures do not depend on the store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import World
from tests.governance.factory import clear, rows
from xborder.cli import app
from xborder.governance import groups as screening_eval
from xborder.governance import service as gov
from xborder.governance.commands import EvaluationRunIn
from xborder.governance.registry import get
from xborder.screening.component import SCREENING_NAME

runner = CliRunner()
BENCH_ROWS = Path(__file__).parents[2] / "bench" / "results" / "screening-evaluation.json"


def cli(*args: str) -> str:
    res = runner.invoke(app, list(args))
    assert res.exit_code == 0, res.output
    return res.output


def test_the_screening_evaluation_is_stored_per_group_for_the_declared_version(
    sqlite_world: World,
) -> None:
    run = EvaluationRunIn(component_id=SCREENING_NAME, seed=3, index=400, per_group=4, bootstrap=50)
    eid = gov.run_evaluation(sqlite_world.db, None, run)
    with sqlite_world.db.transaction() as s:
        e = gov.get_evaluation(s, eid)
    c = get(SCREENING_NAME)
    assert (e.component_id, e.version, float(e.threshold)) == (c.id, c.version, 0.7)
    attributes = {g.split(":", 1)[0] for g in dict.fromkeys(r["group"] for r in e.rows)}
    assert attributes == {"all", "script", "region", "sex", "age_band"}
    assert len(e.groups("script")) >= 5
    overall = e.figure("all", "recall")
    assert overall is not None and overall["n"] == e.parameters["queries"]
    assert {d["attribute"] for d in e.disparities} == {"script", "region", "sex", "age_band"}
    # The same seed gives the same figures (the harness is deterministic end to end).
    again = gov.run_evaluation(sqlite_world.db, None, run)
    with sqlite_world.db.transaction() as s:
        assert [r["value"] for r in gov.get_evaluation(s, again).rows] == [
            r["value"] for r in e.rows
        ]


@pytest.mark.parametrize(
    ("dates", "year", "band"),
    [
        (("1990-05-01",), 2026, "30-44"),
        (("2015",), 2026, "0-17"),
        (("1950/1960",), 2026, "60+"),
        ((), 2026, "unknown"),
        (("19xx",), 2026, "unknown"),
    ],
)
def test_age_bands(dates: tuple[str, ...], year: int, band: str) -> None:
    assert screening_eval.age_band(dates, year) == band


def test_regions_cover_every_country() -> None:
    import pycountry

    assert all(screening_eval.region_of(c.alpha_2) != "unknown" for c in pycountry.countries)
    assert (
        screening_eval.region_of("fr") == "Europe" and screening_eval.region_of(None) == "unknown"
    )


def test_cli_imports_evaluation_rows_and_switches(sqlite_world: World, tmp_path: Path) -> None:
    clear(sqlite_world)
    d = str(sqlite_world.settings.data_dir)
    sqlite_world.db.dispose()
    # Rows that measure scripts only do not describe the component as declared (regions,
    # sex and age bands too), so they cannot be what lets it be switched on.
    partial = tmp_path / "partial.json"
    partial.write_text(json.dumps(rows(complete=False)))
    res = runner.invoke(app, ["governance", "import-evaluation", str(partial), "--data-dir", d])
    said = " ".join(res.output.split())
    assert res.exit_code == 2 and "no group of region" in said and "no group of age_band" in said
    # The benchmark's own file covers every declared group, so it is accepted.
    res = runner.invoke(app, ["governance", "import-evaluation", str(BENCH_ROWS), "--data-dir", d])
    assert res.exit_code == 0, res.output
    clear(sqlite_world)
    complete = tmp_path / "complete.json"
    complete.write_text(json.dumps(rows() + rows(dataset="fixture seed=2")))
    out = cli("governance", "import-evaluation", str(complete), "--data-dir", d)
    assert "stored 2 evaluation(s)" in out
    status = " ".join(cli("governance", "status", "--data-dir", d).split())
    assert SCREENING_NAME in status and " off " in status and "signed-off" in status
    res = runner.invoke(app, ["governance", "switch", SCREENING_NAME, "on", "--data-dir", d])
    assert res.exit_code == 2 and "cannot be" in " ".join(res.output.split())
    res = runner.invoke(
        app,
        ["governance", "import-evaluation", str(BENCH_ROWS.parent / "nope.json"), "--data-dir", d],
    )
    assert res.exit_code == 2


def test_cli_evaluate_prints_and_stores_the_figures(sqlite_world: World) -> None:
    d = str(sqlite_world.settings.data_dir)
    sqlite_world.db.dispose()
    out = cli(
        "governance",
        "evaluate",
        SCREENING_NAME,
        "--index",
        "300",
        "--per-group",
        "3",
        "--bootstrap",
        "20",
        "--data-dir",
        d,
    )
    assert "script:Latn" in out and "stored evaluation" in out
    res = runner.invoke(app, ["governance", "evaluate", "face.search", "--data-dir", d])
    assert res.exit_code == 2 and "no registered AI component" in res.output


def test_every_governance_command_has_help_with_an_example() -> None:
    for cmd in ("evaluate", "import-evaluation", "status", "switch"):
        assert "Example" in cli("governance", cmd, "--help"), cmd
