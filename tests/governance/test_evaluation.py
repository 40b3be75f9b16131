"""The evaluation harness against figures computed by hand, and its bootstrap intervals."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from pathlib import Path

import pytest

from xborder.governance.evaluation import (
    METRICS,
    MetricFrame,
    check_rows,
    compare,
    coverage_gaps,
    disparities_from_rows,
)
from xborder.kernel.errors import Invalid

NOW = datetime(2026, 6, 1, tzinfo=UTC)
T, F = True, False
# Ten queries. Hand count (see each line):
#   overall: mated 5, TP 3 (0, 1, 9), FP 3 (2, 4, 7), non-mated 5, false matches 2 (4, 7)
MATED = [T, T, T, T, F, F, F, F, F, T]
CORRECT = [T, T, F, T, F, F, F, T, F, T]  # query 7 is non-mated: "correct" must be ignored
PRED = [T, T, T, F, T, F, F, T, F, T]
SCRIPT = ["Latn"] * 6 + ["Cyrl"] * 3 + ["Arab"]
SEX = ["F", "M", "M", "F", "M", "F", "M", "F", "M", "M"]


def frame(bootstrap: int = 0, seed: int = 0, **extra: list[str]) -> MetricFrame:
    return MetricFrame(
        MATED,
        CORRECT,
        PRED,
        {"script": SCRIPT, "sex": SEX, **extra},
        bootstrap=bootstrap,
        seed=seed,
    )


def values(f: MetricFrame, key: str) -> dict[str, float | None]:
    g = f.overall if key == "all" else f.by_group[key]
    return {m: g.metrics[m].value for m in METRICS}


def test_overall_figures_equal_the_hand_count() -> None:
    assert values(frame(), "all") == {
        "precision": 0.5,  # 3 / (3 + 3)
        "recall": 0.6,  # 3 / 5
        "f1": 0.5455,  # 2 * 0.5 * 0.6 / 1.1
        "false_match_rate": 0.4,  # 2 / 5
        "false_non_match_rate": 0.4,
    }


def test_per_group_figures_equal_the_hand_count() -> None:
    f = frame()
    assert values(f, "script:Latn") == {
        "precision": 0.5,
        "recall": 0.5,
        "f1": 0.5,
        "false_match_rate": 0.5,
        "false_non_match_rate": 0.5,
    }
    assert values(f, "sex:M") == {
        "precision": 0.5,
        "recall": 0.6667,
        "f1": 0.5714,
        "false_match_rate": 0.3333,
        "false_non_match_rate": 0.3333,
    }
    assert (f.by_group["sex:F"].mated, f.by_group["sex:F"].non_mated) == (2, 2)


def test_a_group_without_positives_has_undefined_recall_not_zero() -> None:
    cyrl = values(frame(), "script:Cyrl")  # three non-mated queries, one false match
    assert cyrl["recall"] is None and cyrl["false_non_match_rate"] is None
    assert cyrl["f1"] is None
    assert cyrl["precision"] == 0.0 and cyrl["false_match_rate"] == 0.3333
    arab = values(frame(), "script:Arab")  # one mated query, found: no non-mated
    assert arab["false_match_rate"] is None and arab["recall"] == 1.0


def test_differences_and_ratios_skip_undefined_groups() -> None:
    f = frame()
    # FNMR by script: Latn 0.5, Arab 0.0, Cyrl undefined.
    assert f.difference("false_non_match_rate", "script") == 0.5
    assert f.ratio("false_non_match_rate", "script") == 0.0
    assert f.max_min_ratio("false_non_match_rate", "script") is None  # min is 0: unbounded
    # FMR by script: Latn 0.5, Cyrl 0.3333, Arab undefined.
    assert f.max_min_ratio("false_match_rate", "script") == pytest.approx(1.5, abs=1e-3)
    d = next(
        x for x in f.disparities() if (x.attribute, x.metric) == ("script", "false_non_match_rate")
    )
    assert (d.max_group, d.min_group, d.undefined, d.groups) == ("Latn", "Arab", ("Cyrl",), 2)


def test_bootstrap_intervals_are_reproducible_for_a_seed() -> None:
    a, b, c = frame(200, seed=7), frame(200, seed=7), frame(200, seed=8)
    assert a.overall == b.overall and a.by_group == b.by_group
    assert a.overall != c.overall  # another seed draws other samples
    e = a.overall.metrics["recall"]
    assert e.ci_low is not None and e.ci_high is not None
    assert e.ci_low <= e.value <= e.ci_high  # type: ignore[operator]
    assert e.ci_low < e.ci_high  # ten queries: a wide interval, not a point


def test_a_groups_interval_does_not_depend_on_the_other_groups() -> None:
    with_age = frame(200, seed=7, age=["18-29"] * 5 + ["60+"] * 5)
    assert with_age.by_group["script:Latn"] == frame(200, seed=7).by_group["script:Latn"]


def test_undefined_figures_have_no_interval() -> None:
    cyrl = frame(200, seed=1).by_group["script:Cyrl"].metrics["recall"]
    assert (cyrl.value, cyrl.ci_low, cyrl.ci_high) == (None, None, None)


def test_mismatched_lengths_are_refused() -> None:
    with pytest.raises(Invalid):
        MetricFrame(MATED, CORRECT[:-1], PRED, {"script": SCRIPT})
    with pytest.raises(Invalid):
        MetricFrame(MATED, CORRECT, PRED, {"script": SCRIPT[:-1]})


def test_rows_have_the_benchmarks_format() -> None:
    out = frame(50, seed=1).rows(
        "screening.name", "v/1", "fixture", 0.7, "2026-01-01T00:00:00+00:00"
    )
    assert len(out) == len(METRICS) * (1 + 3 + 2)
    assert check_rows(out) == out
    cyrl = next(r for r in out if r["group"] == "script:Cyrl" and r["metric"] == "recall")
    assert cyrl["value"] is None and cyrl["n"] == 3


def test_the_benchmarks_own_file_is_accepted_and_its_spread_computed() -> None:
    path = Path(__file__).parents[2] / "bench" / "results" / "screening-evaluation.json"
    every = check_rows(json.loads(path.read_text()))
    rows = [r for r in every if r["dataset"] == every[0]["dataset"]]  # one labelled set
    spread = disparities_from_rows(rows)
    fnmr = next(
        d for d in spread if (d["attribute"], d["metric"]) == ("script", "false_non_match_rate")
    )
    by_script = {
        r["group"]: r["value"]
        for r in rows
        if r["metric"] == "false_non_match_rate" and r["group"].startswith("script:")
    }
    defined = [v for v in by_script.values() if v is not None]
    assert fnmr["difference"] == pytest.approx(max(defined) - min(defined), abs=1e-4)


@pytest.mark.parametrize(
    ("bad", "says"),
    [
        ([], "non-empty"),
        ([{"component_id": "x"}], "lacks"),
        (
            [
                {
                    "component_id": "c",
                    "version": "v",
                    "dataset": "d",
                    "metric": "accuracy",
                    "group": "all",
                    "value": 0.5,
                    "n": 1,
                    "threshold": 0.7,
                }
            ],
            "unknown metric",
        ),
        (
            [
                {
                    "component_id": "c",
                    "version": "v",
                    "dataset": "d",
                    "metric": "recall",
                    "group": "all",
                    "value": 1.5,
                    "n": 1,
                    "threshold": 0.7,
                }
            ],
            "between 0 and 1",
        ),
    ],
)
def test_bad_rows_are_refused_naming_the_problem(bad: object, says: str) -> None:
    with pytest.raises(Invalid, match=says):
        check_rows(bad)


def test_compare_reports_changes_and_whether_intervals_overlap() -> None:
    old = [{"group": "all", "metric": "recall", "value": 0.80, "ci_low": 0.78, "ci_high": 0.82}]
    new = [{"group": "all", "metric": "recall", "value": 0.90, "ci_low": 0.88, "ci_high": 0.92}]
    same = [{"group": "all", "metric": "recall", "value": 0.81, "ci_low": 0.79, "ci_high": 0.83}]
    assert compare(old, new)[0]["delta"] == pytest.approx(0.1)
    assert compare(old, new)[0]["intervals_overlap"] is False
    assert compare(old, same)[0]["intervals_overlap"] is True


def _row(**change: object) -> dict[str, object]:
    good: dict[str, object] = {
        "component_id": "screening.name",
        "version": "xborder-v1/1.1.0",
        "dataset": "d",
        "metric": "recall",
        "group": "all",
        "value": 0.5,
        "ci_low": 0.4,
        "ci_high": 0.6,
        "n": 10,
        "threshold": 0.7,
        "evaluated_at": "2026-01-01T00:00:00+00:00",
    }
    return good | change


def test_a_good_row_passes() -> None:
    assert check_rows([_row()], NOW) == [_row()]


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"threshold": "abc"}, "threshold must be a number"),
        ({"threshold": None}, "threshold must be a number"),
        ({"threshold": True}, "threshold must be a number"),
        ({"threshold": 1e20}, "threshold must be a number"),
        ({"threshold": math.inf}, "threshold must be a number"),
        ({"threshold": math.nan}, "threshold must be a number"),
        ({"component_id": ["x"]}, "component_id must be a text"),
        ({"component_id": ""}, "component_id must be a text"),
        ({"version": "v" * 61}, "version must be a text of 1-60"),
        ({"version": 1.1}, "version must be a text"),
        ({"dataset": "d" * 201}, "dataset must be a text of 1-200"),
        ({"metric": ["recall"]}, "unknown metric"),
        ({"value": True}, "value must be a number"),
        ({"ci_low": False}, "ci_low must be a number"),
        ({"ci_high": math.inf}, "ci_high must be a number"),
        ({"n": True}, "n must be a count"),
        ({"group": "g" * 201}, "group must be a name"),
        ({"evaluated_at": "yesterday"}, "bad evaluated_at"),
        ({"evaluated_at": 20260101}, "evaluated_at must be an RFC 3339 time"),
        ({"evaluated_at": "2999-01-01T00:00:00+00:00"}, "in the future"),
        ({"evaluated_at": "2026-06-01T00:00:01"}, "in the future"),  # no offset: UTC
    ],
)
def test_bad_values_are_refused_naming_the_field(change: dict[str, object], says: str) -> None:
    with pytest.raises(Invalid, match=says):
        check_rows([_row(), _row(**change)], NOW)


def test_the_future_is_judged_against_the_given_now() -> None:
    later = _row(evaluated_at="2026-06-01T00:00:00+00:00")
    assert check_rows([later], NOW) == [later]  # exactly now is not the future
    assert check_rows([_row(evaluated_at="2999-01-01T00:00:00Z")])  # no now: not checked


def test_coverage_names_each_missing_metric_and_attribute() -> None:
    full = [_row(metric=m, group=g) for g in ("all", "script:Latn", "sex:F") for m in METRICS]
    assert coverage_gaps(full, METRICS, ("script", "sex")) == []
    assert coverage_gaps(full, METRICS, ("script", "sex", "region")) == ["no group of region"]
    some = [r for r in full if not (r["group"] == "all" and r["metric"] == "f1")]
    assert coverage_gaps(some, METRICS, ("script",)) == ["no overall f1"]
    # A group of an attribute without the "all" figures is no overall figure.
    assert coverage_gaps([_row(group="script:Latn")], ("recall",), ("script",)) == [
        "no overall recall"
    ]
