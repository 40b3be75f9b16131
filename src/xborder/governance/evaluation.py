"""The evaluation harness: quality overall and per group, with seeded bootstrap intervals and
the spread across groups. Pure: arrays in, figures out.

The definitions are the benchmark's (`bench/screening/run.py`), so the harness and an imported
benchmark file report the same thing:

- a mated query is a true positive when its true record is the top hit at or above the
  threshold, a false negative otherwise;
- a hit at or above the threshold that is not the true record is a false positive (on a mated
  or a non-mated query);
- false match rate: non-mated queries with any hit at or above the threshold / non-mated
  queries; false non-match rate = 1 - recall.

One global threshold for every group (NISTIR 8280). Like fairlearn's `MetricFrame`, a frame
has `overall`, `by_group`, `difference()` (max - min) and `ratio()` (min / max); NIST reports
the max / min ratio of error rates, so `max_min_ratio()` is given too. A rate whose denominator
is empty in a group (no mated query: recall; no prediction: precision) is *undefined* there
(`None`), never 0: a group without positives has not been measured, not failed.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt

from xborder.kernel.clock import as_utc
from xborder.kernel.errors import Invalid

METRICS = ("precision", "recall", "f1", "false_match_rate", "false_non_match_rate")
ERROR_RATES = ("false_match_rate", "false_non_match_rate")
ALL = "all"
DEFAULT_BOOTSTRAP = 1000
Z = 4  # decimals kept

Bools = npt.NDArray[np.bool_]
Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Estimate:
    value: float | None
    ci_low: float | None = None
    ci_high: float | None = None


@dataclass(frozen=True)
class GroupFigures:
    key: str  # "all", "script:Latn", "sex:F", ...
    n: int
    mated: int
    non_mated: int
    metrics: dict[str, Estimate]


@dataclass(frozen=True)
class Disparity:
    attribute: str
    metric: str
    groups: int  # groups where the metric is defined
    undefined: tuple[str, ...]
    max_group: str | None
    min_group: str | None
    difference: float | None  # max - min
    ratio: float | None  # min / max (fairlearn)
    max_min_ratio: float | None  # max / min (NIST); None when the minimum is 0


def _counts(mated: Bools, correct: Bools, pred: Bools, w: npt.NDArray[Any]) -> dict[str, Floats]:
    """Weighted counts; `w` is (draws, n): one row per bootstrap draw (or one row of ones)."""
    return {
        "tp": (w @ (pred & correct)).astype(float),
        "fp": (w @ (pred & ~correct)).astype(float),
        "n_mated": (w @ mated).astype(float),
        "n_non": (w @ ~mated).astype(float),
        "fp_non": (w @ (pred & ~mated)).astype(float),
    }


def _rates(c: Mapping[str, Floats]) -> dict[str, Floats]:
    tp, fp, nm, nn = c["tp"], c["fp"], c["n_mated"], c["n_non"]
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(tp + fp > 0, tp / (tp + fp), np.nan)
        recall = np.where(nm > 0, tp / nm, np.nan)
        f1 = np.where(precision + recall > 0, 2 * precision * recall / (precision + recall), 0.0)
        f1 = np.where(np.isnan(precision) | np.isnan(recall), np.nan, f1)
        fmr = np.where(nn > 0, c["fp_non"] / nn, np.nan)
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "false_match_rate": fmr,
        "false_non_match_rate": 1 - recall,
    }


def _r(v: float) -> float | None:
    return None if math.isnan(v) else round(float(v), Z)


def _rng(seed: int, key: str) -> np.random.Generator:
    """One stream per group, so a group's interval does not depend on which other groups
    were evaluated in the same run."""
    return np.random.default_rng(np.random.SeedSequence([seed, zlib.crc32(key.encode())]))


def _figures(
    key: str, mated: Bools, correct: Bools, pred: Bools, bootstrap: int, seed: int
) -> GroupFigures:
    n = len(mated)
    point = _rates(_counts(mated, correct, pred, np.ones((1, n), dtype=np.int64)))
    sampled: dict[str, Floats] = {}
    if bootstrap and n:
        w = _rng(seed, key).multinomial(n, np.full(n, 1 / n), size=bootstrap)
        sampled = _rates(_counts(mated, correct, pred, w))
    metrics: dict[str, Estimate] = {}
    for m in METRICS:
        v = float(point[m][0])
        lo = hi = None
        if m in sampled and not math.isnan(v):
            vals = sampled[m][~np.isnan(sampled[m])]
            if len(vals):
                a, b = np.percentile(vals, [2.5, 97.5])
                lo, hi = _r(float(a)), _r(float(b))
        metrics[m] = Estimate(_r(v), lo, hi)
    return GroupFigures(key, n, int(mated.sum()), int((~mated).sum()), metrics)


@dataclass
class MetricFrame:
    """Figures overall and per group of each sensitive attribute.

    `mated[i]`: query i is about a record in the index; `correct[i]`: its top hit is that
    record; `predicted[i]`: its top score is at or above the threshold. `sensitive` maps an
    attribute ("script") to each query's group ("Latn")."""

    mated: Sequence[bool]
    correct: Sequence[bool]
    predicted: Sequence[bool]
    sensitive: Mapping[str, Sequence[str]]
    bootstrap: int = DEFAULT_BOOTSTRAP
    seed: int = 0
    overall: GroupFigures = field(init=False)
    by_group: dict[str, GroupFigures] = field(init=False)

    def __post_init__(self) -> None:
        n = len(self.mated)
        if len(self.correct) != n or len(self.predicted) != n:
            raise Invalid("mated, correct and predicted must have one value per query")
        mated = np.asarray(self.mated, dtype=bool)
        correct = np.asarray(self.correct, dtype=bool) & mated
        pred = np.asarray(self.predicted, dtype=bool)
        if self.bootstrap < 0:
            raise Invalid("bootstrap draws cannot be negative", field="bootstrap")
        for attr, values in self.sensitive.items():
            if len(values) != n:
                raise Invalid(f"attribute {attr!r} needs one value per query")
        self.overall = _figures(ALL, mated, correct, pred, self.bootstrap, self.seed)
        self.by_group = {}
        for attr in sorted(self.sensitive):
            labels = np.asarray([str(v) for v in self.sensitive[attr]], dtype=object)
            for g in sorted(set(labels.tolist())):
                idx = np.flatnonzero(labels == g)
                key = f"{attr}:{g}"
                self.by_group[key] = _figures(
                    key, mated[idx], correct[idx], pred[idx], self.bootstrap, self.seed
                )

    def groups_of(self, attribute: str) -> list[GroupFigures]:
        return [g for k, g in self.by_group.items() if k.split(":", 1)[0] == attribute]

    def _defined(self, metric: str, attribute: str) -> list[tuple[str, float]]:
        out = []
        for g in self.groups_of(attribute):
            v = g.metrics[metric].value
            if v is not None:
                out.append((g.key.split(":", 1)[1], v))
        return out

    def difference(self, metric: str, attribute: str) -> float | None:
        vals = [v for _, v in self._defined(metric, attribute)]
        return round(max(vals) - min(vals), Z) if vals else None

    def ratio(self, metric: str, attribute: str) -> float | None:
        vals = [v for _, v in self._defined(metric, attribute)]
        if not vals or max(vals) == 0:
            return None if not vals else 1.0
        return round(min(vals) / max(vals), Z)

    def max_min_ratio(self, metric: str, attribute: str) -> float | None:
        vals = [v for _, v in self._defined(metric, attribute)]
        if not vals:
            return None
        if min(vals) == 0:
            return 1.0 if max(vals) == 0 else None
        return round(max(vals) / min(vals), Z)

    def disparities(self) -> list[Disparity]:
        out = []
        for attr in sorted(self.sensitive):
            for m in METRICS:
                defined = self._defined(m, attr)
                hi = max(defined, key=lambda t: t[1]) if defined else None
                lo = min(defined, key=lambda t: t[1]) if defined else None
                undefined = tuple(
                    g.key.split(":", 1)[1]
                    for g in self.groups_of(attr)
                    if g.metrics[m].value is None
                )
                out.append(
                    Disparity(
                        attribute=attr,
                        metric=m,
                        groups=len(defined),
                        undefined=undefined,
                        max_group=hi[0] if hi else None,
                        min_group=lo[0] if lo else None,
                        difference=self.difference(m, attr),
                        ratio=self.ratio(m, attr),
                        max_min_ratio=self.max_min_ratio(m, attr),
                    )
                )
        return out

    def rows(
        self,
        component_id: str,
        version: str,
        dataset: str,
        threshold: float,
        evaluated_at: str,
    ) -> list[dict[str, Any]]:
        """The benchmark's row format (one per metric and group)."""
        out = []
        for g in (self.overall, *self.by_group.values()):
            for m in METRICS:
                e = g.metrics[m]
                out.append(
                    {
                        "component_id": component_id,
                        "version": version,
                        "dataset": dataset,
                        "metric": m,
                        "group": g.key,
                        "value": e.value,
                        "ci_low": e.ci_low,
                        "ci_high": e.ci_high,
                        "n": g.n,
                        "threshold": threshold,
                        "evaluated_at": evaluated_at,
                    }
                )
        return out


# --- rows as stored (the benchmark's format) ----------------------------------------------------

ROW_KEYS = ("component_id", "version", "dataset", "metric", "group", "value", "n", "threshold")
# The stored columns' lengths (`ai_evaluations`): longer would fail in the store, not here.
MAX_NAME = {"component_id": 60, "version": 60, "dataset": 200}
MAX_GROUP = 200


def _fraction(v: Any) -> bool:
    """A real number in [0, 1]: not a boolean (JSON `true` is not 1), not NaN nor infinite."""
    return (
        isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) and 0 <= v <= 1
    )


def parse_time(stamp: Any, where: str) -> datetime:
    """An RFC 3339 time as UTC (a time without offset is taken as UTC)."""
    if not isinstance(stamp, str):
        raise Invalid(f"{where}: evaluated_at must be an RFC 3339 time", field="evaluated_at")
    try:
        when = datetime.fromisoformat(stamp)
    except ValueError:
        raise Invalid(f"{where}: bad evaluated_at {stamp[:40]!r}", field="evaluated_at") from None
    return as_utc(when)


def check_rows(rows: Any, now: datetime | None = None) -> list[dict[str, Any]]:
    """Validate rows in the benchmark's format; a bad row refuses the whole file, naming it.
    With `now`, an evaluation dated in the future is refused: it would stay the "latest" one
    whatever is evaluated after it."""
    if not isinstance(rows, list) or not rows:
        raise Invalid("expected a non-empty JSON list of evaluation rows")
    out = []
    for i, r in enumerate(rows):
        if not isinstance(r, dict):
            raise Invalid(f"row {i} is not an object")
        missing = [k for k in ROW_KEYS if k not in r]
        if missing:
            raise Invalid(f"row {i} lacks {', '.join(missing)}")
        for k, most in MAX_NAME.items():
            v = r[k]
            if not isinstance(v, str) or not v.strip() or len(v) > most:
                raise Invalid(f"row {i}: {k} must be a text of 1-{most} characters", field=k)
        if not isinstance(r["metric"], str) or r["metric"] not in METRICS:
            raise Invalid(f"row {i}: unknown metric {str(r['metric'])[:40]!r}", field="metric")
        if not _fraction(r["threshold"]):
            raise Invalid(f"row {i}: threshold must be a number between 0 and 1", field="threshold")
        for k in ("value", "ci_low", "ci_high"):
            v = r.get(k)
            if v is not None and not _fraction(v):
                raise Invalid(f"row {i}: {k} must be a number between 0 and 1 or null", field=k)
        if not isinstance(r["n"], int) or isinstance(r["n"], bool) or r["n"] < 0:
            raise Invalid(f"row {i}: n must be a count", field="n")
        if not isinstance(r["group"], str) or not r["group"] or len(r["group"]) > MAX_GROUP:
            raise Invalid(
                f"row {i}: group must be a name such as 'all' or 'script:Latn'", field="group"
            )
        stamp = r.get("evaluated_at")
        if stamp is not None:
            when = parse_time(stamp, f"row {i}")
            if now is not None and when > now:
                raise Invalid(
                    f"row {i}: evaluated_at {stamp} is in the future", field="evaluated_at"
                )
        out.append({k: r.get(k) for k in (*ROW_KEYS, "ci_low", "ci_high", "evaluated_at")})
    return out


def coverage_gaps(
    rows: Sequence[Mapping[str, Any]], metrics: Sequence[str], attributes: Sequence[str]
) -> list[str]:
    """What an evaluation lacks to describe a component as declared: every declared metric
    overall, and at least one group of every declared attribute (an evaluation that leaves out
    a group of people cannot show how the component treats them)."""
    overall = {r["metric"] for r in rows if r["group"] == ALL}
    out = [f"no overall {m}" for m in metrics if m not in overall]
    seen = {str(r["group"]).split(":", 1)[0] for r in rows if ":" in str(r["group"])}
    out += [f"no group of {a}" for a in attributes if a not in seen]
    return out


def disparities_from_rows(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The spread across groups, from stored rows (an imported file has no frame)."""
    by: dict[tuple[str, str], list[tuple[str, float | None]]] = {}
    for r in rows:
        g = str(r["group"])
        if ":" not in g:
            continue
        attr, name = g.split(":", 1)
        by.setdefault((attr, str(r["metric"])), []).append((name, r["value"]))
    out = []
    for (attr, metric), vals in sorted(by.items()):
        defined = [(n, float(v)) for n, v in vals if v is not None]
        hi = max(defined, key=lambda t: t[1]) if defined else None
        lo = min(defined, key=lambda t: t[1]) if defined else None
        mm: float | None = None
        ratio: float | None = None
        if hi and lo:
            mm = round(hi[1] / lo[1], Z) if lo[1] > 0 else (1.0 if hi[1] == 0 else None)
            ratio = round(lo[1] / hi[1], Z) if hi[1] > 0 else 1.0
        out.append(
            {
                "attribute": attr,
                "metric": metric,
                "groups": len(defined),
                "undefined": [n for n, v in vals if v is None],
                "max_group": hi[0] if hi else None,
                "min_group": lo[0] if lo else None,
                "difference": round(hi[1] - lo[1], Z) if hi and lo else None,
                "ratio": ratio,
                "max_min_ratio": mm,
            }
        )
    return out


def compare(
    old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Metric by metric and group by group, what changed between two evaluations (versions).
    `overlap` says whether the two 95% intervals overlap (a change within them is noise)."""
    before = {(r["group"], r["metric"]): r for r in old}
    out = []
    for r in new:
        b = before.get((r["group"], r["metric"]))
        if b is None:
            continue
        delta = None
        if r["value"] is not None and b["value"] is not None:
            delta = round(float(r["value"]) - float(b["value"]), Z)
        overlap = None
        if None not in (r.get("ci_low"), r.get("ci_high"), b.get("ci_low"), b.get("ci_high")):
            overlap = bool(r["ci_low"] <= b["ci_high"] and b["ci_low"] <= r["ci_high"])
        out.append(
            {
                "group": r["group"],
                "metric": r["metric"],
                "before": b["value"],
                "after": r["value"],
                "delta": delta,
                "intervals_overlap": overlap,
            }
        )
    return out
