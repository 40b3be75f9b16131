"""The harness's adapter for name screening: build the labelled set
(`xborder.screening.evalset`), index its records with the real matcher and index, answer every
query with the top hit, and hand the outcome to `MetricFrame`.

Groups: the script of the name (the evalset's stratum), the region (UN M49 continent) of the
person's country, sex, and age band at the reference year. For a mated query or a hard negative
they are those of the record it is about; for a random traveller (no record) the traveller's
own, or "unknown" where the query does not say."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from xborder.governance.evaluation import DEFAULT_BOOTSTRAP, MetricFrame
from xborder.governance.registry import SCREENING_NAME, get

DATA = Path(__file__).parent / "data"
AGE_BANDS: tuple[tuple[int, int, str], ...] = (
    (0, 17, "0-17"),
    (18, 29, "18-29"),
    (30, 44, "30-44"),
    (45, 59, "45-59"),
    (60, 200, "60+"),
)
UNKNOWN = "unknown"
HITS_KEPT = 5


@cache
def regions() -> dict[str, str]:
    data: dict[str, str] = json.loads((DATA / "regions.json").read_text("utf-8"))["regions"]
    return data


def region_of(country: str | None) -> str:
    return regions().get((country or "").upper(), UNKNOWN)


def age_band(birth_dates: tuple[str, ...], reference_year: int) -> str:
    """The band of the first birth date's year (a span counts by its middle year)."""
    if not birth_dates:
        return UNKNOWN
    d = birth_dates[0]
    try:
        if "/" in d:
            lo, hi = (int(p[:4]) for p in d.split("/", 1))
            year = (lo + hi) // 2
        else:
            year = int(d[:4])
    except ValueError:
        return UNKNOWN
    age = reference_year - year
    for lo_age, hi_age, label in AGE_BANDS:
        if lo_age <= age <= hi_age:
            return label
    return UNKNOWN


@dataclass(frozen=True)
class ScreeningEvaluation:
    frame: MetricFrame
    dataset: str
    version: str
    threshold: float
    parameters: dict[str, int]


def run(
    seed: int,
    n_index: int,
    per_group: int,
    reference_year: int,
    bootstrap: int = DEFAULT_BOOTSTRAP,
) -> ScreeningEvaluation:
    """Evaluate the name screening component as declared in the registry (its version, its
    configured threshold) on the labelled set of `seed`."""
    import xborder.screening.evalset as ds
    from xborder.screening import config, index, matching
    from xborder.screening.sources import EntryMeta

    component = get(SCREENING_NAME)
    threshold = component.evaluation.threshold
    data = ds.build(seed, n_index, per_group, icu=False)
    idx = index.ScreeningIndex()
    for r in data.records:
        meta = EntryMeta(dataset="evaluation", ref=r.subject.id, caption=r.subject.names[0].full)
        idx.add(r.subject.id, matching.prepare(r.subject), meta)
    by_id = data.by_id()
    mated: list[bool] = []
    correct: list[bool] = []
    predicted: list[bool] = []
    groups: dict[str, list[str]] = {"script": [], "region": [], "sex": [], "age_band": []}
    for q in data.queries:
        hits = idx.search(
            matching.prepare(q.subject),
            limit=HITS_KEPT,
            cutoff=0.0,
            allow=None,
            config=config.DEFAULT,
        )
        top = hits[0] if hits else None
        mated.append(q.mated)
        correct.append(q.mated and top is not None and top.entry_id == q.target)
        predicted.append(top is not None and float(top.scored.score) >= threshold)
        rec = by_id.get(q.target)
        if rec is not None:
            country: str | None = rec.country
            births = rec.subject.birth_dates
        else:
            nats = q.subject.nationalities
            country = nats[0] if nats else None
            births = q.subject.birth_dates
        groups["script"].append(q.script)
        groups["region"].append(region_of(country))
        groups["sex"].append(q.sex or UNKNOWN)
        groups["age_band"].append(age_band(births, reference_year))
    frame = MetricFrame(mated, correct, predicted, groups, bootstrap=bootstrap, seed=seed)
    return ScreeningEvaluation(
        frame=frame,
        dataset=f"{ds.DATASET_VERSION} seed={seed} index={n_index}",
        version=component.version,
        threshold=threshold,
        parameters={
            "seed": seed,
            "index": n_index,
            "per_group": per_group,
            "bootstrap": bootstrap,
            "reference_year": reference_year,
            "queries": len(data.queries),
        },
    )
