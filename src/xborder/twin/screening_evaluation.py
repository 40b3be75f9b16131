"""The harness's adapter for name screening: build the twin's labelled set
(`xborder.twin.screening_set`), index its records with the real matcher and index, answer every
query with the top hit, and hand the outcome to `MetricFrame`. The twin registers it as the
evaluator of the screening component (xborder.platform).

Groups: the script of the name (the set's stratum), the region of the person's country, sex,
and age band at the reference year (xborder.governance.groups). For a mated query or a hard
negative they are those of the record it is about; for a random traveller (no record) the
traveller's own, or "unknown" where the query does not say."""

from __future__ import annotations

from xborder.governance.evaluation import DEFAULT_BOOTSTRAP, MetricFrame
from xborder.governance.groups import UNKNOWN, age_band, region_of
from xborder.governance.registry import Evaluation, get
from xborder.screening import config, index, matching
from xborder.screening.component import SCREENING_NAME
from xborder.screening.sources import EntryMeta
from xborder.twin import screening_set as ds

HITS_KEPT = 5


def run(
    seed: int,
    n_index: int,
    per_group: int,
    reference_year: int,
    bootstrap: int = DEFAULT_BOOTSTRAP,
) -> Evaluation:
    """Evaluate the name screening component as declared in the registry (its version, its
    configured threshold) on the labelled set of `seed`."""
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
    return Evaluation(
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
