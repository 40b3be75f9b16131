"""`xborder safeguards`: the checks offline on a request file, and the data's coverage."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from xborder.cli import app


def test_check_runs_the_rules_offline_on_a_request_file(tmp_path: Path) -> None:
    request = {
        "notice_type": "red",
        "subject_status": "wanted",
        "title": "Extremism",
        "judicial": {
            "offences": [
                {
                    "description": "Участие в деятельности экстремистской организации",
                    "law": "ст. 282.2 УК РФ",
                    "max_penalty_months": 72,
                }
            ],
            "facts_time": "2023-05",
        },
        "person": {"birth_dates": ["1985"]},
    }
    f = tmp_path / "request.json"
    f.write_text(json.dumps(request, ensure_ascii=False), "utf-8")
    res = CliRunner().invoke(
        app,
        ["safeguards", "check", str(f), "--country", "RU", "--submitted", "2024-01-10", "--json"],
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    art3 = [x for x in out["findings"] if x["rule_id"] == "art3_predominance"]
    assert art3 and art3[0]["severity"] == "needs_review" and out["risk"] > 0


def test_check_refuses_an_unknown_country(tmp_path: Path) -> None:
    f = tmp_path / "request.json"
    f.write_text(json.dumps({"notice_type": "red", "subject_status": "wanted", "title": "x"}))
    res = CliRunner().invoke(app, ["safeguards", "check", str(f), "--country", "QQ"])
    assert res.exit_code == 2


def test_coverage_lists_every_dataset() -> None:
    res = CliRunner().invoke(app, ["safeguards", "coverage"])
    assert res.exit_code == 0 and "pts" in res.output and "members: 194" in res.output


def test_country_shows_the_figures_for_a_date() -> None:
    from xborder.safeguards import countrydata

    first = countrydata.packaged().series[("TR", "pts")][0].year
    now = CliRunner().invoke(app, ["safeguards", "country", "TR"])
    then = CliRunner().invoke(app, ["safeguards", "country", "TR", "--on", f"{first}-06-01"])
    assert now.exit_code == then.exit_code == 0, then.output
    assert f" {first} " in then.output and then.output != now.output
    bad = CliRunner().invoke(app, ["safeguards", "country", "TR", "--on", "2016-13-01"])
    assert bad.exit_code == 2
