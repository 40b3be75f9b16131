"""Screening benchmark: quality against ground truth and speed, with the peers in the same run.

Quality (`quality`): the labelled set of xborder.twin.screening_set (index of N synthetic
persons; mated queries in another transliteration, perturbed; hard negatives; random
travellers). Each system answers every query with its top record and score; a query is a
match when that score reaches the system's threshold. Systems:

- xborder: `ScreeningIndex.search` over the whole index (its own candidate retrieval), at
  `config.DEFAULT.threshold`;
- rapidfuzz `fuzz.token_sort_ratio` on anyascii-folded names, best over a record's names,
  brute force over *every* record (no blocking to lose recall), at 0.85;
- nomenklatura (logic-v1 and logic-v2) on FollowTheMoney `Person` entities (name, alias,
  birthDate, nationality, gender) at yente's default threshold 0.7, over the union of
  xborder's and rapidfuzz's top candidates plus the target record (so blocking never costs it
  a true match).

Peers also get their best threshold: tuned for F1 on one half of the queries, reported on the
other half (xborder too, for symmetry). Precision, recall, F1, false match rate (non-mated
queries with a hit above threshold) and false non-match rate, overall, per script group and per
sex, with seeded bootstrap 95% intervals. Writes bench/results/screening-quality.json and
bench/results/screening-evaluation.json (the governance register's rows).

Speed (`speed`): for each index size (a child process each, so peak RSS is its own) the build
time and memory, single-query latency (p50/p99) and throughput; at the batch size (default
100,000 notices) a batch of travellers, its rate and the extrapolated time for 1,000,000; and
nomenklatura's scorer on the same candidate sets, for the ratio. Writes
bench/results/screening-speed.json.

    .venv/bin/python bench/screening/run.py quality                 # ~20k index (minutes)
    .venv/bin/python bench/screening/run.py speed --sizes 10000 100000 1000000
    .venv/bin/python bench/screening/run.py all --quick             # both, small (a minute)
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
from anyascii import anyascii
from rapidfuzz import fuzz, process, utils
from rich.console import Console
from rich.table import Table

import xborder.twin.screening_set as ds
from xborder.screening.model import Subject

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "results"
console = Console(width=None if sys.stdout.isatty() else 160)

COMPONENT_ID = "screening.name"
RAPIDFUZZ_THRESHOLD = 0.85
NOMENKLATURA_THRESHOLD = 0.7  # yente's default `threshold`
NK_ALGORITHMS = ("logic-v1", "logic-v2")
AIMS = {
    "recall_min": 0.97,
    "precision_min": 0.95,
    "script_f1_within": 0.03,
    "qps_at_1m_min": 500,
    "p99_ms_at_1m_max": 50,
    "batch_1m_x_100k_max_s": 15 * 60,
    "index_1m_max_mb": 2048,
}
METRICS = ("precision", "recall", "f1", "false_match_rate", "false_non_match_rate")


def machine() -> dict[str, Any]:
    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    versions = {}
    for pkg in ("xborder", "rapidfuzz", "anyascii", "nomenklatura", "followthemoney", "rigour"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions[pkg] = metadata.version(pkg)
    return {
        "cpus": os.cpu_count(),
        "cpu_model": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": versions,
    }


def rss_mb() -> float:
    """Current resident set size (Linux /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pct(values: Sequence[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(len(s) * q))] if s else float("nan")


# --- the systems ---------------------------------------------------------------------------------


@dataclass
class Answers:
    """One system's answer to every query: its top record and score (0-1)."""

    system: str
    threshold: float
    top_id: list[str]
    top_score: np.ndarray
    seconds: float
    note: str = ""
    candidates: list[list[str]] = field(default_factory=list)  # ranked, when it has them
    target_score: list[float | None] = field(default_factory=list)
    hit_scores: list[dict[str, float]] = field(default_factory=list)  # every scored hit


class XBorder:
    """xborder's matcher and index, imported late: the bench runs its peers without it."""

    def __init__(self) -> None:
        from xborder.screening import (  # type: ignore[attr-defined,unused-ignore]
            config,
            index,
            matching,
        )

        self.matching = matching
        self.config = config.DEFAULT
        self.index_mod = index
        self.version = f"{getattr(matching, 'ALGORITHM', 'xborder')}/{matching.VERSION}"

    def new_index(self) -> Any:
        return self.index_mod.ScreeningIndex()

    def add(self, idx: Any, subject: Subject) -> None:
        idx.add(subject.id, self.matching.prepare(subject), _meta(subject))

    def search(self, idx: Any, q: Any, limit: int) -> list[Any]:
        hits: list[Any] = idx.search(q, limit=limit, cutoff=0.0, allow=None, config=self.config)
        return hits


def _meta(subject: Subject) -> Any:
    from xborder.screening.sources import EntryMeta

    return EntryMeta(dataset="bench", ref=subject.id, caption=subject.names[0].full)


def run_xborder(
    xb: XBorder, data: ds.Dataset, limit: int, idx: Any
) -> tuple[Answers, dict[str, Any]]:
    by_id = data.by_id()
    top_id: list[str] = []
    top_score: list[float] = []
    cands: list[list[str]] = []
    hit_scores: list[dict[str, float]] = []
    target_score: list[float | None] = []
    lat: list[float] = []
    t1 = time.perf_counter()
    for q in data.queries:
        s = time.perf_counter()
        hits = xb.search(idx, xb.matching.prepare(q.subject), limit)
        lat.append(time.perf_counter() - s)
        ids = [h.entry_id for h in hits]
        cands.append(ids)
        hit_scores.append({h.entry_id: float(h.scored.score) for h in hits})
        top_id.append(ids[0] if ids else "")
        top_score.append(float(hits[0].scored.score) if hits else 0.0)
    search_s = time.perf_counter() - t1
    # The scorer alone on every (query, target) pair: tells retrieval misses from score misses.
    for q in data.queries:
        if not q.target:
            target_score.append(None)
            continue
        rec = by_id[q.target]
        sc = xb.matching.score(
            xb.matching.prepare(q.subject), xb.matching.prepare(rec.subject), xb.config
        )
        target_score.append(float(sc.score))
    ans = Answers(
        system="xborder",
        threshold=float(xb.config.threshold),
        top_id=top_id,
        top_score=np.asarray(top_score),
        seconds=search_s,
        note=f"{xb.version}; own retrieval over all {len(data.records):,} records",
        candidates=cands,
        target_score=target_score,
        hit_scores=hit_scores,
    )
    timing: dict[str, Any] = {
        "search_s": round(search_s, 2),
        "queries_per_s": round(len(data.queries) / search_s, 1),
        "p50_ms": round(pct(lat, 0.5) * 1000, 2),
        "p99_ms": round(pct(lat, 0.99) * 1000, 2),
    }
    return ans, timing


def folded(text: str) -> str:
    return str(utils.default_process(anyascii(text)))


def run_rapidfuzz(data: ds.Dataset, keep: int, chunk: int = 256) -> Answers:
    """token_sort_ratio of the query against every name of every record (brute force, both
    cores), the best name per record, the best record per query."""
    t0 = time.perf_counter()
    owners: list[int] = []
    choices: list[str] = []
    for i, r in enumerate(data.records):
        for n in r.subject.names:
            choices.append(folded(n.full))
            owners.append(i)
    owner = np.asarray(owners)
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    ids = [r.subject.id for r in data.records]
    queries = [folded(q.subject.names[0].full) for q in data.queries]
    top_id: list[str] = []
    top_score: list[float] = []
    cands: list[list[str]] = []
    hit_scores: list[dict[str, float]] = []
    for k in range(0, len(queries), chunk):
        m = process.cdist(
            queries[k : k + chunk],
            choices,
            scorer=fuzz.token_sort_ratio,
            dtype=np.float32,
            workers=-1,
        )
        per_record = np.maximum.reduceat(m, starts, axis=1)  # records are contiguous
        best = np.argpartition(-per_record, keep, axis=1)[:, :keep]
        for row, b in zip(per_record, best, strict=True):
            order = b[np.argsort(-row[b], kind="stable")]
            cands.append([ids[j] for j in order])
            hit_scores.append({ids[j]: float(row[j]) / 100 for j in order})
            top_id.append(ids[order[0]])
            top_score.append(float(row[order[0]]) / 100)
    by_id = {r.subject.id: i for i, r in enumerate(data.records)}
    target_score: list[float | None] = []
    for q, qtext in zip(data.queries, queries, strict=True):
        if not q.target:
            target_score.append(None)
            continue
        r = data.records[by_id[q.target]]
        target_score.append(
            max(fuzz.token_sort_ratio(qtext, folded(n.full)) for n in r.subject.names) / 100
        )
    return Answers(
        system="rapidfuzz",
        threshold=RAPIDFUZZ_THRESHOLD,
        top_id=top_id,
        top_score=np.asarray(top_score),
        seconds=time.perf_counter() - t0,
        note="token_sort_ratio, anyascii + default_process, brute force over every record",
        candidates=cands,
        target_score=target_score,
        hit_scores=hit_scores,
    )


_GENDER = {"M": "male", "F": "female"}


def ftm_entity(subject: Subject) -> Any:
    """A FollowTheMoney `Person` with what yente's `/match` would be given."""
    from followthemoney import model

    e = model.make_entity("Person")
    e.id = subject.id
    names = [n.full for n in subject.names]
    e.add("name", names[:1])
    e.add("alias", names[1:])
    for d in subject.birth_dates:
        if "/" in d:  # a span: every year in it, as lists record "circa"
            lo, hi = (int(p[:4]) for p in d.split("/"))
            e.add("birthDate", [str(y) for y in range(lo, hi + 1)])
        else:
            e.add("birthDate", d)
    e.add("nationality", [c.lower() for c in subject.nationalities])
    if subject.sex in _GENDER:
        e.add("gender", _GENDER[subject.sex])
    return e


def run_nomenklatura(
    data: ds.Dataset, algorithm: str, candidate_sets: list[list[str]], seed: int
) -> Answers:
    from nomenklatura.matching import get_algorithm

    algo = get_algorithm(algorithm)
    if algo is None:
        raise SystemExit(f"nomenklatura has no algorithm {algorithm!r}")
    cfg = algo.default_config()
    by_id = data.by_id()
    entities: dict[str, Any] = {}
    top_id: list[str] = []
    top_score: list[float] = []
    target_score: list[float | None] = []
    hit_scores: list[dict[str, float]] = []
    pairs = 0
    t0 = time.perf_counter()
    for q, cand in zip(data.queries, candidate_sets, strict=True):
        qe = ftm_entity(q.subject)
        order = list(cand)
        random.Random(f"{seed}:{q.qid}").shuffle(order)  # ties: no system's order favoured
        best_id, best, tscore = "", -1.0, None
        scores: dict[str, float] = {}
        for cid in order:
            ce = entities.get(cid)
            if ce is None:
                ce = entities[cid] = ftm_entity(by_id[cid].subject)
            s = float(algo.compare(qe, ce, cfg).score)
            scores[cid] = s
            pairs += 1
            if s > best:
                best_id, best = cid, s
            if cid == q.target:
                tscore = s
        top_id.append(best_id)
        top_score.append(max(best, 0.0))
        target_score.append(tscore)
        hit_scores.append(scores)
    return Answers(
        system=f"nomenklatura {algorithm}",
        threshold=NOMENKLATURA_THRESHOLD,
        top_id=top_id,
        top_score=np.asarray(top_score),
        seconds=time.perf_counter() - t0,
        note=f"{pairs:,} pairs: xborder top + rapidfuzz top + target per query",
        target_score=target_score,
        hit_scores=hit_scores,
    )


# --- metrics -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Truth:
    mated: np.ndarray  # bool per query
    target: list[str]


def counts(
    mated: np.ndarray, correct: np.ndarray, pred: np.ndarray, w: np.ndarray | None = None
) -> dict[str, Any]:
    """TP: the top hit is the true record and above threshold. FP: a hit above threshold that
    is not the true record (on a mated or a non-mated query). FN: a mated query whose true
    record is not the top hit above threshold. `w` weights queries (bootstrap counts)."""
    if w is None:
        w = np.ones((1, len(mated)), dtype=np.int64)
    tp = w @ (pred & correct)
    fp = w @ (pred & ~correct)
    n_mated = w @ mated
    n_non = w @ ~mated
    fp_non = w @ (pred & ~mated)
    return {"tp": tp, "fp": fp, "n_mated": n_mated, "n_non": n_non, "fp_non": fp_non}


def rates(c: dict[str, Any]) -> dict[str, np.ndarray]:
    with np.errstate(divide="ignore", invalid="ignore"):
        tp, fp, nm = (np.asarray(c[k], dtype=float) for k in ("tp", "fp", "n_mated"))
        precision = np.where(tp + fp > 0, tp / (tp + fp), 1.0)
        recall = np.where(nm > 0, tp / nm, np.nan)
        f1 = np.where(precision + recall > 0, 2 * precision * recall / (precision + recall), 0.0)
        n_non = np.asarray(c["n_non"], dtype=float)
        fmr = np.where(n_non > 0, np.asarray(c["fp_non"], dtype=float) / n_non, np.nan)
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "false_match_rate": fmr,
        "false_non_match_rate": 1 - recall,
    }


def evaluate(
    truth: Truth,
    ans: Answers,
    threshold: float,
    subset: np.ndarray,
    boot: int,
    rng: np.random.Generator,
) -> dict[str, Any]:
    """Point estimates and bootstrap 95% intervals on the queries in `subset` (indices)."""
    mated = truth.mated[subset]
    correct = np.array([ans.top_id[i] == truth.target[i] and truth.mated[i] for i in subset])
    pred = ans.top_score[subset] >= threshold
    point = {k: float(v[0]) for k, v in rates(counts(mated, correct, pred)).items()}
    n = len(subset)
    out: dict[str, Any] = {
        "n": int(n),
        "mated": int(mated.sum()),
        "non_mated": int((~mated).sum()),
    }
    w = rng.multinomial(n, np.full(n, 1 / n), size=boot) if boot and n else None
    sampled = rates(counts(mated, correct, pred, w)) if w is not None else {}
    for k, v in point.items():
        row: dict[str, Any] = {"value": None if np.isnan(v) else round(v, 4)}
        if k in sampled:
            vals = sampled[k][~np.isnan(sampled[k])]
            if len(vals):
                lo, hi = np.percentile(vals, [2.5, 97.5])
                row["ci_low"], row["ci_high"] = round(float(lo), 4), round(float(hi), 4)
        out[k] = row
    return out


def tune(truth: Truth, ans: Answers, subset: np.ndarray) -> float:
    """The threshold with the best F1 on `subset` (ties: the higher threshold)."""
    mated = truth.mated[subset]
    correct = np.array([ans.top_id[i] == truth.target[i] and truth.mated[i] for i in subset])
    scores = ans.top_score[subset]
    best_t, best_f1 = 1.0, -1.0
    for t in np.unique(scores)[::-1]:
        f1 = float(rates(counts(mated, correct, scores >= t))["f1"][0])
        if f1 > best_f1 + 1e-12:
            best_t, best_f1 = float(t), f1
    return best_t


def review_load(truth: Truth, ans: Answers) -> dict[str, Any]:
    """What an officer sees rather than the top-1 decision: how often the true record is
    among *all* hits at or above threshold (ties with namesakes included), and how many
    hits per query they must review (scored hits only: the top `limit` of each system)."""
    t = ans.threshold
    above = [{k for k, v in h.items() if v >= t} for h in ans.hit_scores]
    mated = [i for i in range(len(above)) if truth.mated[i]]
    non = [i for i in range(len(above)) if not truth.mated[i]]
    return {
        "recall_any_hit": round(float(np.mean([truth.target[i] in above[i] for i in mated])), 4)
        if mated
        else None,
        "hits_per_mated_query": round(float(np.mean([len(above[i]) for i in mated])), 3)
        if mated
        else None,
        "hits_per_non_mated_query": round(float(np.mean([len(above[i]) for i in non])), 3)
        if non
        else None,
    }


def groups_of(data: ds.Dataset) -> dict[str, np.ndarray]:
    """Query indices per group: script of the target's name, sex, and (as the governance
    harness groups them, so the register can read these rows) region and age band of the
    target, or of the traveller for a random negative."""
    from xborder.governance.groups import age_band, region_of

    by_id = data.by_id()
    year = datetime.now(UTC).year
    g: dict[str, list[int]] = defaultdict(list)
    for i, q in enumerate(data.queries):
        g["all"].append(i)
        g[f"script:{q.script}"].append(i)
        g[f"sex:{q.sex}"].append(i)
        rec = by_id.get(q.target)
        if rec is not None:
            country, births = rec.country, rec.subject.birth_dates
        else:
            nats = q.subject.nationalities
            country, births = (nats[0] if nats else None), q.subject.birth_dates
        g[f"region:{region_of(country)}"].append(i)
        g[f"age_band:{age_band(births, year)}"].append(i)
    return {k: np.asarray(v) for k, v in g.items()}


def diagnose(truth: Truth, data: ds.Dataset, ans: Answers, limit: int) -> dict[str, Any]:
    """Why xborder's mated misses missed: not retrieved, retrieved but outranked, or scored
    below threshold; and where its false matches come from (by negative kind)."""
    why: Counter[str] = Counter()
    fm: Counter[str] = Counter()
    examples: dict[str, list[dict[str, Any]]] = defaultdict(list)
    by_id = data.by_id()
    for i, q in enumerate(data.queries):
        top, score = ans.top_id[i], float(ans.top_score[i])
        above = score >= ans.threshold
        if q.mated:
            if top == q.target and above:
                continue
            if q.target not in (ans.candidates[i] if ans.candidates else []):
                reason = "not_retrieved"
            elif top != q.target:
                reason = "outranked"
            else:
                reason = "below_threshold"
            why[reason] += 1
        elif above:
            reason = f"false_match:{q.kind}"
            fm[q.kind] += 1
        else:
            continue
        ex = examples[q.script]
        if len(ex) < 8:
            rec = by_id.get(q.target)
            ts = ans.target_score[i] if ans.target_score else None
            ex.append(
                {
                    "reason": reason,
                    "query": q.subject.names[0].full,
                    "query_dob": list(q.subject.birth_dates),
                    "query_nationality": list(q.subject.nationalities),
                    "target": [n.full for n in rec.subject.names] if rec else None,
                    "target_dob": list(rec.subject.birth_dates) if rec else None,
                    "target_score": None if ts is None else round(ts, 3),
                    "top": [n.full for n in by_id[top].subject.names] if top in by_id else None,
                    "top_score": round(score, 3),
                    "variations": list(q.variations),
                }
            )
    return {
        "mated_misses": dict(why),
        "false_matches_by_kind": dict(fm),
        "examples": dict(examples),
        "retrieval_recall_at_limit": round(
            float(
                np.mean(
                    [
                        q.target in c
                        for q, c in zip(data.queries, ans.candidates, strict=True)
                        if q.mated
                    ]
                )
            ),
            4,
        )
        if ans.candidates
        else None,
        "limit": limit,
    }


def by_variation(truth: Truth, data: ds.Dataset, answers: list[Answers]) -> dict[str, Any]:
    """Recall of mated queries per variation tag (and false match rate of negatives per
    kind), per system: which perturbation hurts whom."""
    out: dict[str, dict[str, Any]] = {}
    tags: dict[str, list[int]] = defaultdict(list)
    for i, q in enumerate(data.queries):
        if q.mated:
            for t in q.variations:
                tags[t].append(i)
        else:
            tags[f"negative:{q.kind}"].append(i)
    for tag, idxs in sorted(tags.items()):
        row: dict[str, Any] = {"n": len(idxs)}
        for a in answers:
            ok = [
                a.top_score[i] >= a.threshold
                and (a.top_id[i] == data.queries[i].target) == data.queries[i].mated
                if data.queries[i].mated
                else a.top_score[i] >= a.threshold
                for i in idxs
            ]
            row[a.system] = round(float(np.mean(ok)), 3)
        out[tag] = row
    return out


# --- quality -----------------------------------------------------------------------------------


def answer_all(
    data: ds.Dataset, args: argparse.Namespace, xb: XBorder | None, idx: Any
) -> tuple[list[Answers], dict[str, Any]]:
    """Every system's top answer to every query of `data` (xborder over `idx`)."""
    answers: list[Answers] = []
    timing: dict[str, Any] = {}
    if xb is not None:
        console.print(f"  xborder: {len(data.queries):,} searches")
        xa, timing = run_xborder(xb, data, args.limit, idx)
        answers.append(xa)
    console.print("  rapidfuzz: brute force")
    rf = run_rapidfuzz(data, args.limit)
    if "rapidfuzz" in args.systems:
        answers.append(rf)
    nk_cands: list[list[str]] = []
    xb_cands = answers[0].candidates if xb is not None else [[] for _ in data.queries]
    for i, q in enumerate(data.queries):
        c = list(dict.fromkeys([*xb_cands[i], *rf.candidates[i]]))
        if q.target and q.target not in c:
            c.append(q.target)
        nk_cands.append(c)
    for algo in args.nk_algorithms:
        console.print(f"  nomenklatura {algo}: {sum(map(len, nk_cands)):,} pairs")
        answers.append(run_nomenklatura(data, algo, nk_cands, args.seed))
    return answers, timing


def score_set(
    data: ds.Dataset, answers: list[Answers], args: argparse.Namespace
) -> tuple[Truth, dict[str, Any]]:
    """Metrics of every system on `data`: per group with intervals, and tuned thresholds."""
    truth = Truth(
        mated=np.array([q.mated for q in data.queries]),
        target=[q.target for q in data.queries],
    )
    rng = np.random.default_rng(args.seed)
    groups = groups_of(data)
    perm = np.random.default_rng(args.seed + 1).permutation(len(data.queries))
    half_a, half_b = np.sort(perm[: len(perm) // 2]), np.sort(perm[len(perm) // 2 :])
    systems: dict[str, Any] = {}
    for a in answers:
        tuned = tune(truth, a, half_a)
        systems[a.system] = {
            "threshold": a.threshold,
            "seconds": round(a.seconds, 2),
            "note": a.note,
            "review_load": review_load(truth, a) if a.hit_scores else {},
            "groups": {
                g: evaluate(truth, a, a.threshold, idx, args.bootstrap, rng)
                for g, idx in groups.items()
            },
            "tuned": {
                "threshold": round(tuned, 4),
                "tuned_on": "half A",
                "held_out_half_b": evaluate(truth, a, tuned, half_b, args.bootstrap, rng),
                "fixed_threshold_half_b": evaluate(
                    truth, a, a.threshold, half_b, args.bootstrap, rng
                ),
            },
        }
    return truth, systems


def describe(data: ds.Dataset) -> dict[str, Any]:
    return {
        "queries": len(data.queries),
        "by_kind": dict(Counter(q.kind for q in data.queries)),
        "by_script": dict(Counter(q.script for q in data.queries)),
        "by_sex": dict(Counter(q.sex for q in data.queries)),
        "variations": dict(
            Counter(
                t.split(":")[0] if t.startswith(("system:", "hard:")) else t
                for q in data.queries
                for t in q.variations
            ).most_common()
        ),
    }


def quality(args: argparse.Namespace) -> dict[str, Any]:
    t_start = time.perf_counter()
    console.print(
        f"[bold]quality[/bold]: building the labelled set (index {args.index:,}, "
        f"{args.per_group} per script group, seed {args.seed})"
    )
    t0 = time.perf_counter()
    data = ds.build(args.seed, args.index, args.per_group)
    console.print(
        f"  {len(data.records):,} records, {len(data.queries):,} queries (set B: "
        f"{len(data.icu_queries):,}) in {time.perf_counter() - t0:.1f}s"
    )
    xb: XBorder | None = None
    idx: Any = None
    version = "unavailable"
    build_s = 0.0
    if "xborder" in args.systems:
        xb = XBorder()
        version = xb.version
        t0 = time.perf_counter()
        idx = xb.new_index()
        for r in data.records:
            xb.add(idx, r.subject)
        idx.compact()
        build_s = time.perf_counter() - t0
    console.print("[bold]set A[/bold] (the twin's own transliterations)")
    answers, xb_timing = answer_all(data, args, xb, idx)
    truth, systems = score_set(data, answers, args)
    if xb_timing:
        xb_timing["build_s"] = round(build_s, 2)
    xb_diag = diagnose(truth, data, answers[0], args.limit) if xb is not None else {}
    out: dict[str, Any] = {
        "machine": machine(),
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "dataset": {**data.info, "records": len(data.records), **describe(data)},
        "protocol": {
            "decision": "top-1 record per query; match when its score >= threshold",
            "tp": "top-1 is the true record and above threshold",
            "fp": "top-1 above threshold is not the true record (mated or non-mated query)",
            "false_match_rate": "non-mated queries with a top-1 above threshold",
            "false_non_match_rate": "1 - recall",
            "bootstrap": {"resamples": args.bootstrap, "seed": args.seed, "interval": 0.95},
            "tuning": "each system's F1-best threshold on a random half A, reported on half B",
            "limit": args.limit,
            "nomenklatura_candidates": "xborder's top `limit` + rapidfuzz's top `limit` + the "
            "target record",
        },
        "xborder_version": version,
        "xborder_timing": xb_timing,
        "xborder_diagnosis": xb_diag,
        "systems": systems,
        "by_variation": by_variation(truth, data, answers),
    }
    if data.icu_queries:
        console.print("[bold]set B[/bold] (mated queries spelled by ICU)")
        data_b = ds.Dataset(data.seed, data.records, data.icu_queries, data.info)
        answers_b, _ = answer_all(data_b, args, xb, idx)
        truth_b, systems_b = score_set(data_b, answers_b, args)
        out["set_b"] = {
            "dataset": {
                "name": f"{data.info['version']}+icu",
                "what": "set A's mated queries re-spelled by ICU transforms (independent of "
                "xborder's transliteration tables), same dates; set A's negatives of the "
                "same scripts",
                "rules": ds.ICU_RULES,
                **describe(data_b),
            },
            "systems": systems_b,
            "xborder_diagnosis": diagnose(truth_b, data_b, answers_b[0], args.limit)
            if xb is not None
            else {},
            "by_variation": by_variation(truth_b, data_b, answers_b),
        }
    out["aims"] = quality_aims(out)
    out["elapsed_s"] = round(time.perf_counter() - t_start, 1)
    return out


def quality_aims(res: dict[str, Any]) -> dict[str, Any]:
    xb = res["systems"].get("xborder")
    if not xb:
        return {}
    allg = xb["groups"]["all"]
    f1 = allg["f1"]["value"]
    scripts = {
        g.split(":", 1)[1]: v["f1"]["value"]
        for g, v in xb["groups"].items()
        if g.startswith("script:")
    }
    worst = min(scripts.items(), key=lambda kv: kv[1]) if scripts else ("", f1)
    return {
        "recall": allg["recall"]["value"],
        "precision": allg["precision"]["value"],
        "recall_precision_met": allg["recall"]["value"] >= AIMS["recall_min"]
        and allg["precision"]["value"] >= AIMS["precision_min"],
        "worst_script": worst[0],
        "worst_script_f1": worst[1],
        "scripts_beyond_0.03": sorted(
            s for s, v in scripts.items() if abs(v - f1) > AIMS["script_f1_within"]
        ),
        "script_f1_met": all(abs(v - f1) <= AIMS["script_f1_within"] for v in scripts.values()),
    }


def evaluation_rows(res: dict[str, Any]) -> list[dict[str, Any]]:
    """The governance register's rows for xborder's component, for each labelled set."""
    d = res["dataset"]
    sets = [(f"{d['version']} seed={d['seed']} index={d['index_size']}", res["systems"])]
    if "set_b" in res:
        sets.append((f"{res['set_b']['dataset']['name']} seed={d['seed']} "
                     f"index={d['index_size']}", res["set_b"]["systems"]))  # fmt: skip
    rows = []
    for name, systems in sets:
        xb = systems.get("xborder")
        if not xb:
            continue
        for g, m in xb["groups"].items():
            for metric in METRICS:
                v = m[metric]
                rows.append(
                    {
                        "component_id": COMPONENT_ID,
                        "version": res["xborder_version"],
                        "dataset": name,
                        "metric": metric,
                        "group": g,
                        "value": v["value"],
                        "ci_low": v.get("ci_low"),
                        "ci_high": v.get("ci_high"),
                        "n": m["n"],
                        "threshold": xb["threshold"],
                        "evaluated_at": res["started"],
                    }
                )
    return rows


def _cell(m: dict[str, Any], ci: bool = True) -> str:
    v = m["value"]
    if v is None:
        return "-"
    if ci and "ci_low" in m:
        return f"{v:.3f} [{m['ci_low']:.3f}-{m['ci_high']:.3f}]"
    return f"{v:.3f}"


def report_quality(res: dict[str, Any]) -> None:
    report_set("Set A (twin transliterations)", res["systems"], res["by_variation"],
               res.get("xborder_diagnosis") or {})  # fmt: skip
    if "set_b" in res:
        b = res["set_b"]
        report_set("Set B (mated queries spelled by ICU)", b["systems"], b["by_variation"],
                   b.get("xborder_diagnosis") or {}, variations_table=False)  # fmt: skip
    if res.get("aims"):
        console.print(f"aims (set A): {res['aims']}")


def report_set(
    label: str,
    systems: dict[str, Any],
    variations: dict[str, Any],
    diag: dict[str, Any],
    *,
    variations_table: bool = True,
) -> None:
    t = Table(title=f"{label}: top-1 at each system's threshold (95% bootstrap CI)",
              title_justify="left")  # fmt: skip
    for c in ("system", "thr", "precision", "recall", "F1", "false match", "false non-match"):
        t.add_column(c, justify="left" if c == "system" else "right")
    for name, s in systems.items():
        g = s["groups"]["all"]
        t.add_row(name, f"{s['threshold']:.2f}", _cell(g["precision"]), _cell(g["recall"]),
                  _cell(g["f1"]), _cell(g["false_match_rate"]),
                  _cell(g["false_non_match_rate"], ci=False))  # fmt: skip
    console.print(t)
    t = Table(title=f"{label}: tuned thresholds (F1-best on half A, reported on half B)",
              title_justify="left")  # fmt: skip
    for c in ("system", "fixed thr", "F1 fixed (B)", "tuned thr", "P tuned (B)", "R tuned (B)",
              "F1 tuned (B)"):  # fmt: skip
        t.add_column(c, justify="left" if c == "system" else "right")
    for name, s in systems.items():
        tb, fb = s["tuned"]["held_out_half_b"], s["tuned"]["fixed_threshold_half_b"]
        t.add_row(name, f"{s['threshold']:.2f}", _cell(fb["f1"], False),
                  f"{s['tuned']['threshold']:.3f}", _cell(tb["precision"], False),
                  _cell(tb["recall"], False), _cell(tb["f1"]))  # fmt: skip
    console.print(t)
    t = Table(title=f"{label}: what the officer reviews (all hits at or above threshold)",
              title_justify="left")  # fmt: skip
    for c in ("system", "true record among hits", "hits / mated query", "hits / non-mated"):
        t.add_column(c, justify="left" if c == "system" else "right")
    for name, s in systems.items():
        r = s.get("review_load") or {}
        if r:
            t.add_row(name, f"{r['recall_any_hit']}", f"{r['hits_per_mated_query']}",
                      f"{r['hits_per_non_mated_query']}")  # fmt: skip
    console.print(t)
    names = list(systems)
    groups = [g for g in next(iter(systems.values()))["groups"] if g != "all"]
    groups.sort(key=lambda g: (not g.startswith("script:"), g))
    t = Table(title=f"{label}: F1 per group (precision / recall for xborder)",
              title_justify="left")  # fmt: skip
    t.add_column("group")
    t.add_column("n", justify="right")
    for n in names:
        t.add_column(n, justify="right")
    if "xborder" in systems:
        t.add_column("xborder P / R", justify="right")
    for g in ["all", *groups]:
        row = [g, str(systems[names[0]]["groups"][g]["n"])]
        row += [_cell(systems[n]["groups"][g]["f1"]) for n in names]
        if "xborder" in systems:
            x = systems["xborder"]["groups"][g]
            row.append(f"{_cell(x['precision'], False)} / {_cell(x['recall'], False)}")
        t.add_row(*row)
    console.print(t)
    if variations_table:
        t = Table(title=f"{label}: recall of mated queries by variation, false match rate of "
                  "negatives by kind", title_justify="left")  # fmt: skip
        t.add_column("variation")
        t.add_column("n", justify="right")
        for n in names:
            t.add_column(n, justify="right")
        for tag, row in variations.items():
            if tag.startswith("system:") or row["n"] < 20:
                continue
            t.add_row(tag, str(row["n"]), *(f"{row[n]:.3f}" for n in names))
        console.print(t)
    if diag:
        console.print(
            f"{label}: xborder mated misses {diag['mated_misses']}; false matches by kind "
            f"{diag['false_matches_by_kind']}; retrieval recall@{diag['limit']} "
            f"{diag['retrieval_recall_at_limit']}"
        )


# --- speed ---------------------------------------------------------------------------------------


def speed_queries(
    seed: int, persons: list[Any], n: int, donors: ds.Donors, rng_tag: str
) -> list[Subject]:
    """Half mated (built like the quality set), half random travellers."""
    out: list[Subject] = []
    for i, p in enumerate(persons):
        if len(out) >= n // 2:
            break
        rec = ds.make_record(p, random.Random(f"{seed}:{rng_tag}:r{i}"))
        q = ds.mated_query(f"s{i}", p, rec, donors, random.Random(f"{seed}:{rng_tag}:m{i}"))
        if q is not None:
            out.append(q.subject)
    for j, t in enumerate(donors.persons):
        if len(out) >= n:
            break
        rec = ds.make_record(t, random.Random(f"{seed}:{rng_tag}:t{j}"))
        q = ds.mated_query(f"t{j}", t, rec, donors, random.Random(f"{seed}:{rng_tag}:u{j}"))
        if q is not None:
            out.append(q.subject)
    random.Random(f"{seed}:{rng_tag}:order").shuffle(out)
    return out


def full_subject(person: Any) -> Subject:
    """A notice's subject: every name of the person (what the service indexes)."""
    return Subject(
        id=person.id,
        names=tuple(ds.to_form(n) for n in person.names),
        birth_dates=tuple(d.iso() for d in person.birth_dates),
        nationalities=person.nationalities,
        sex=person.sex.value,
    )


def speed_child(args: argparse.Namespace) -> dict[str, Any]:
    """One index size, in its own process: build, then time queries, batch and peer."""
    from xborder.twin.world import generate_persons

    xb = XBorder()
    size = args.size
    load_start = round(os.getloadavg()[0], 2)
    base_rss = rss_mb()
    sample_every = max(1, size // (args.queries * 2))
    kept: list[Any] = []
    idx = xb.new_index()
    gen_s = prep_s = add_s = 0.0
    t_total = time.perf_counter()
    it = iter(generate_persons(args.seed, size))
    progress_at = time.perf_counter()
    for i in range(size):
        t0 = time.perf_counter()
        person = next(it)
        subj = full_subject(person)
        t1 = time.perf_counter()
        prepared = xb.matching.prepare(subj)
        t2 = time.perf_counter()
        idx.add(subj.id, prepared, _meta(subj))
        t3 = time.perf_counter()
        gen_s += t1 - t0
        prep_s += t2 - t1
        add_s += t3 - t2
        if i % sample_every == 0 and len(kept) < args.queries:
            kept.append(person)
        if time.perf_counter() - progress_at > 30:
            progress_at = time.perf_counter()
            print(f"    {size:,}: {i + 1:,} added ({time.perf_counter() - t_total:.0f}s)",
                  file=sys.stderr, flush=True)  # fmt: skip
    finish = getattr(idx, "compact", None)
    t_fin = time.perf_counter()
    if callable(finish):
        finish()
    fin_s = time.perf_counter() - t_fin
    gc.collect()
    built_rss = rss_mb()
    donors = ds.Donors(generate_persons(args.seed + ds.DONOR_SEED_OFFSET, args.queries * 2))
    queries = speed_queries(args.seed, kept, args.queries, donors, "speed")
    # Warm up (first-call caches), then time each query: prepare + search.
    for q in queries[:20]:
        xb.search(idx, xb.matching.prepare(q), args.limit)
    lat: list[float] = []
    hits_per_q: list[int] = []
    t0 = time.perf_counter()
    for q in queries:
        s = time.perf_counter()
        hits = xb.search(idx, xb.matching.prepare(q), args.limit)
        lat.append(time.perf_counter() - s)
        hits_per_q.append(len(hits))
    wall = time.perf_counter() - t0
    peak = peak_rss_mb()
    profile = None
    if args.profile:
        # A second set of queries nobody has asked yet (other travellers, other perturbations
        # of the listed persons): the caches are as cold as in the timed pass above.
        fresh = ds.Donors(generate_persons(args.seed + 3 * ds.DONOR_SEED_OFFSET, args.queries * 2))
        profiled = speed_queries(args.seed, kept, args.queries, fresh, "profile")
        profile = profile_queries(xb, idx, profiled, args.limit)
    res: dict[str, Any] = {
        "size": size,
        "loadavg_1m": {"start": load_start, "after_queries": round(os.getloadavg()[0], 2)},
        "build": {
            "generate_s": round(gen_s, 1),
            "prepare_s": round(prep_s, 1),
            "add_s": round(add_s, 1),
            "finalize_s": round(fin_s, 2),
            "index_build_s": round(prep_s + add_s + fin_s, 1),
            "wall_s": round(time.perf_counter() - t_total - wall, 1),
            "records_per_s": round(size / max(prep_s + add_s + fin_s, 1e-9)),
        },
        "memory": {
            "rss_before_mb": round(base_rss),
            "rss_after_build_mb": round(built_rss),
            "index_mb": round(built_rss - base_rss),
            "peak_rss_mb": round(peak),
        },
        "single": {
            "queries": len(queries),
            "queries_per_s": round(len(queries) / wall, 1),
            "p50_ms": round(pct(lat, 0.5) * 1000, 2),
            "p90_ms": round(pct(lat, 0.9) * 1000, 2),
            "p99_ms": round(pct(lat, 0.99) * 1000, 2),
            "max_ms": round(max(lat) * 1000, 2),
            "mean_hits": round(statistics.fmean(hits_per_q), 1),
            "limit": args.limit,
        },
    }
    if profile is not None:
        res["profile"] = profile
    if args.peer:
        res["peer"] = peer_ratio(xb, idx, queries[: args.peer], args)
    if size == args.batch_notices:
        res["batch"] = batch_run(xb, idx, args, donors)
    return res


def profile_queries(xb: XBorder, idx: Any, queries: list[Subject], limit: int) -> Any:
    """cProfile of the single-query loop: where a query's time goes (top functions by own
    time and by cumulative time)."""
    import cProfile
    import pstats

    prof = cProfile.Profile()
    prof.enable()
    for q in queries:
        xb.search(idx, xb.matching.prepare(q), limit)
    prof.disable()
    st = pstats.Stats(prof)
    total = sum(v[2] for v in st.stats.values())  # type: ignore[attr-defined]

    def rows(key: int) -> list[dict[str, Any]]:
        items = sorted(st.stats.items(), key=lambda kv: -kv[1][key])[:15]  # type: ignore[attr-defined]
        return [
            {
                "function": f"{Path(f).name}:{line}:{name}",
                "calls": int(v[1]),
                "own_s": round(v[2], 3),
                "cumulative_s": round(v[3], 3),
                "own_share": round(v[2] / total, 3) if total else None,
            }
            for (f, line, name), v in items
        ]

    return {"queries": len(queries), "total_own_s": round(total, 2), "by_own_time": rows(2),
            "by_cumulative_time": rows(3)}  # fmt: skip


def peer_ratio(xb: XBorder, idx: Any, queries: list[Subject], args: argparse.Namespace) -> Any:
    """nomenklatura's scorer on xborder's candidate sets, pair by pair, against xborder's
    scorer on the same pairs (retrieval excluded on both sides)."""
    from nomenklatura.matching import get_algorithm

    out: dict[str, Any] = {}
    # Candidate sets: what xborder's search returns with no cutoff.
    sets: list[tuple[Subject, list[Any]]] = []
    for q in queries:
        pq = xb.matching.prepare(q)
        hits = xb.search(idx, pq, args.limit)
        sets.append((q, hits))
    subjects = candidate_subjects(args.seed, {h.entry_id for _, hs in sets for h in hs})
    pairs = [(q, subjects[h.entry_id]) for q, hs in sets for h in hs if h.entry_id in subjects]
    if not pairs:
        return {"skipped": "no candidates"}
    t0 = time.perf_counter()
    prepared = {s.id: xb.matching.prepare(s) for _, s in pairs}
    prep_c = (time.perf_counter() - t0) / len(prepared)
    t0 = time.perf_counter()
    pq = {q.id: xb.matching.prepare(q) for q, _ in pairs}
    prep_q = (time.perf_counter() - t0) / len(pq)
    t0 = time.perf_counter()
    for q, s in pairs:
        xb.matching.score(pq[q.id], prepared[s.id], xb.config)
    xb_pair_s = (time.perf_counter() - t0) / len(pairs)
    out["pairs"] = len(pairs)
    out["queries"] = len(sets)
    out["xborder_us_per_pair"] = round(xb_pair_s * 1e6, 1)
    out["xborder_prepare_query_us"] = round(prep_q * 1e6, 1)
    out["xborder_prepare_record_us"] = round(prep_c * 1e6, 1)
    out["note"] = (
        "xborder scores prepared records (prepared once, at index time) against a prepared "
        "query; nomenklatura 'fresh' compares entities it has not seen (names analysed inside "
        "compare, as yente does for the candidates of each request), 'cached' the same "
        "entities again (analysis cached on them). Each algorithm is warmed up first."
    )
    warm = pairs[: min(len(pairs), 50)]
    for name in args.nk_algorithms:
        algo = get_algorithm(name)
        assert algo is not None
        cfg = algo.default_config()
        for q, s in warm:  # load its data (taggers, models) outside the timing
            algo.compare(ftm_entity(q), ftm_entity(s), cfg)
        ents = {s.id: ftm_entity(s) for _, s in pairs}
        qents = {q.id: ftm_entity(q) for q, _ in pairs}
        times = []
        for _ in range(2):
            t0 = time.perf_counter()
            for q, s in pairs:
                algo.compare(qents[q.id], ents[s.id], cfg)
            times.append((time.perf_counter() - t0) / len(pairs))
        fresh, cached = times
        out[name] = {
            "us_per_pair": round(fresh * 1e6, 1),
            "ratio_vs_xborder_scorer": round(fresh / xb_pair_s, 1),
            "ms_per_query": round(fresh * len(pairs) / len(sets) * 1000, 2),
            "cached_us_per_pair": round(cached * 1e6, 1),
            "cached_ratio_vs_xborder_scorer": round(cached / xb_pair_s, 1),
        }
    return out


def candidate_subjects(seed: int, ids: set[str]) -> dict[str, Subject]:
    """Subjects of the given twin ids (`twin-{seed}-{i}`), regenerated up to the largest i."""
    from xborder.twin.world import generate_persons

    nums = {int(i.rsplit("-", 1)[1]) for i in ids}
    out: dict[str, Subject] = {}
    if not nums:
        return out
    for i, p in enumerate(generate_persons(seed, max(nums) + 1)):
        if i in nums:
            out[p.id] = full_subject(p)
    return out


def batch_run(xb: XBorder, idx: Any, args: argparse.Namespace, donors: ds.Donors) -> Any:
    """Travellers (1% on the list) against the notices index: one process, then the
    machine's cores (fork; the index shared copy-on-write)."""
    from xborder.twin.world import generate_persons

    n = args.batch_size
    travellers = list(generate_persons(args.seed + 2 * ds.DONOR_SEED_OFFSET, n))
    listed = list(generate_persons(args.seed, max(1, n // 100)))
    pool = ds.Donors([*travellers[: min(len(travellers), 5000)]])
    qs: list[Subject] = []
    for j, t in enumerate([*listed, *travellers[: n - len(listed)]]):
        rec = ds.make_record(t, random.Random(f"{args.seed}:batch:r{j}"))
        q = ds.mated_query(f"b{j}", t, rec, pool, random.Random(f"{args.seed}:batch:q{j}"))
        if q is not None:
            qs.append(q.subject)
    del donors
    config_threshold = float(xb.config.threshold)

    def work(chunk: Sequence[Subject]) -> int:
        """Hits at or above threshold, times 1e6 plus travellers with one (one int to pass)."""
        found = with_hit = 0
        for q in chunk:
            hits = idx.search(
                xb.matching.prepare(q),
                limit=args.limit,
                cutoff=float(xb.config.cutoff),
                allow=None,
                config=xb.config,
            )
            n = sum(1 for h in hits if h.scored.score >= config_threshold)
            found += n
            with_hit += n > 0
        return found * 1_000_000 + with_hit

    out: dict[str, Any] = {"notices": args.size, "travellers": len(qs)}
    t0 = time.perf_counter()
    hits = work(qs)
    s1 = time.perf_counter() - t0
    out["one_process"] = _batch_numbers(len(qs), s1, hits)
    workers = os.cpu_count() or 1
    if workers > 1:
        t0 = time.perf_counter()
        total = forked_map(work, qs, workers)
        sw = time.perf_counter() - t0
        out[f"{workers}_processes"] = _batch_numbers(len(qs), sw, total)
    return out


def _batch_numbers(n: int, seconds: float, packed: int) -> dict[str, Any]:
    rate = n / seconds
    hits, with_hit = divmod(packed, 1_000_000)
    return {
        "seconds": round(seconds, 1),
        "travellers_per_s": round(rate, 1),
        "possible_matches": hits,
        "travellers_with_a_possible_match": with_hit,
        "extrapolated_1m_travellers_s": round(1_000_000 / rate),
        "extrapolated_1m_travellers_min": round(1_000_000 / rate / 60, 1),
    }


def forked_map(fn: Callable[[Sequence[Subject]], int], items: list[Subject], k: int) -> int:
    """Run `fn` over k slices in forked children (the index is inherited, not pickled)."""
    pids: list[tuple[int, int]] = []
    for w in range(k):
        r, wfd = os.pipe()
        pid = os.fork()
        if pid == 0:  # child
            os.close(r)
            n = fn(items[w::k])
            os.write(wfd, str(n).encode())
            os._exit(0)
        os.close(wfd)
        pids.append((pid, r))
    total = 0
    for pid, r in pids:
        with os.fdopen(r) as f:
            total += int(f.read() or 0)
        os.waitpid(pid, 0)
    return total


def speed(args: argparse.Namespace) -> dict[str, Any]:
    t_start = time.perf_counter()
    results: list[dict[str, Any]] = []
    stopped: dict[str, Any] = {}
    for size in args.sizes:
        console.print(f"[bold]speed[/bold]: {size:,} persons (child process)")
        with tempfile.NamedTemporaryFile(suffix=".json") as tmp:
            cmd = [
                sys.executable, __file__, "_speed_child", "--size", str(size),
                "--seed", str(args.seed), "--queries", str(args.queries),
                "--limit", str(args.limit), "--batch-notices", str(args.batch_notices),
                "--batch-size", str(args.batch_size), "--peer",
                str(args.peer if size == args.batch_notices or size == args.sizes[0] else 0),
                "--child-out", tmp.name, *(["--profile"] if args.profile else []),
                "--nk-algorithms", *args.nk_algorithms,
            ]  # fmt: skip
            try:
                proc = subprocess.run(cmd, timeout=args.size_timeout, check=False)
            except subprocess.TimeoutExpired:
                stopped = {"size": size, "why": f"did not finish in {args.size_timeout}s"}
                console.print(f"[yellow]{size:,}: stopped after {args.size_timeout}s[/yellow]")
                break
            if proc.returncode != 0:
                stopped = {"size": size, "why": f"child exited {proc.returncode}"}
                console.print(f"[red]{size:,}: child exited {proc.returncode}[/red]")
                break
            results.append(json.loads(Path(tmp.name).read_text()))
    out: dict[str, Any] = {
        "machine": machine(),
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "xborder_version": XBorder().version,
        "parameters": {
            "sizes": args.sizes,
            "queries": args.queries,
            "limit": args.limit,
            "batch_notices": args.batch_notices,
            "batch_size": args.batch_size,
            "index_contents": "every name of each person (as a notice's subject)",
            "query_mix": "half mated (quality-set perturbations), half random travellers",
        },
        "results": results,
        "stopped": stopped,
    }
    out["aims"] = speed_aims(out)
    out["elapsed_s"] = round(time.perf_counter() - t_start, 1)
    return out


def speed_aims(res: dict[str, Any]) -> dict[str, Any]:
    aims: dict[str, Any] = {}
    for r in res["results"]:
        if r["size"] == 1_000_000:
            aims["qps_at_1m"] = r["single"]["queries_per_s"]
            aims["p99_ms_at_1m"] = r["single"]["p99_ms"]
            aims["single_met"] = (
                r["single"]["queries_per_s"] >= AIMS["qps_at_1m_min"]
                and r["single"]["p99_ms"] < AIMS["p99_ms_at_1m_max"]
            )
            aims["index_1m_peak_rss_mb"] = r["memory"]["peak_rss_mb"]
            aims["memory_met"] = r["memory"]["peak_rss_mb"] < AIMS["index_1m_max_mb"]
        if "batch" in r:
            best = min(
                v["extrapolated_1m_travellers_s"]
                for v in r["batch"].values()
                if isinstance(v, dict)
            )
            if r["size"] == 100_000:
                aims["batch_1m_x_100k_extrapolated_s"] = best
                aims["batch_met_extrapolated"] = best <= AIMS["batch_1m_x_100k_max_s"]
            else:  # not the aim's size: reported, not judged
                aims[f"batch_1m_x_{r['size']}_extrapolated_s"] = best
    return aims


def report_speed(res: dict[str, Any]) -> None:
    t = Table(title="Screening speed (one core per query; build excludes generating persons)",
              title_justify="left")  # fmt: skip
    cols = ("persons", "build s", "rec/s", "index MB", "peak RSS MB", "q/s", "p50 ms",
            "p99 ms", "hits/q")  # fmt: skip
    for c in cols:
        t.add_column(c, justify="right")
    for r in res["results"]:
        b, m, s = r["build"], r["memory"], r["single"]
        t.add_row(f"{r['size']:,}", f"{b['index_build_s']}", f"{b['records_per_s']:,}",
                  f"{m['index_mb']:,}", f"{m['peak_rss_mb']:,}", f"{s['queries_per_s']:,}",
                  f"{s['p50_ms']}", f"{s['p99_ms']}", f"{s['mean_hits']}")  # fmt: skip
    console.print(t)
    for r in res["results"]:
        if "peer" in r and "pairs" in r["peer"]:
            p = r["peer"]
            title = (
                f"Scorer per pair on xborder's candidate sets ({r['size']:,} index, "
                f"{p['queries']} queries, {p['pairs']:,} pairs)"
            )
            t = Table(title=title, title_justify="left")
            for c in ("scorer", "us/pair", "ms/query", "x xborder", "cached us/pair",
                      "cached x xborder"):  # fmt: skip
                t.add_column(c, justify="right")
            per_q = p["xborder_us_per_pair"] * p["pairs"] / p["queries"] / 1000
            t.add_row("xborder (prepared)", f"{p['xborder_us_per_pair']}", f"{per_q:.2f}", "1.0",
                      "", "")  # fmt: skip
            for name in (k for k in p if k.startswith("logic") or k.startswith("name")):
                v = p[name]
                t.add_row(f"nomenklatura {name}", f"{v['us_per_pair']}", f"{v['ms_per_query']}",
                          f"{v['ratio_vs_xborder_scorer']}", f"{v['cached_us_per_pair']}",
                          f"{v['cached_ratio_vs_xborder_scorer']}")  # fmt: skip
            console.print(t)
        if "batch" in r:
            t = Table(title=f"Batch: travellers against {r['size']:,} notices (measured; the 1M "
                      "column is extrapolated)", title_justify="left")  # fmt: skip
            for c in ("run", "travellers", "seconds", "per s", "possible matches",
                      "travellers with one", "1M travellers (extrap.)"):  # fmt: skip
                t.add_column(c, justify="right")
            for k, v in r["batch"].items():
                if isinstance(v, dict):
                    t.add_row(k, f"{r['batch']['travellers']:,}", f"{v['seconds']}",
                              f"{v['travellers_per_s']:,}", f"{v['possible_matches']:,}",
                              f"{v['travellers_with_a_possible_match']:,}",
                              f"{v['extrapolated_1m_travellers_min']} min")  # fmt: skip
            console.print(t)
    for r in res["results"]:
        if "profile" in r:
            pr = r["profile"]
            title = (
                f"Where a query's time goes ({r['size']:,} index, {pr['queries']} queries, "
                f"{pr['total_own_s']} s profiled)"
            )
            t = Table(title=title, title_justify="left")
            for c in ("function", "calls", "own s", "cumulative s", "own share"):
                t.add_column(c, justify="left" if c == "function" else "right")
            for row in pr["by_own_time"][:12]:
                t.add_row(row["function"], f"{row['calls']:,}", f"{row['own_s']}",
                          f"{row['cumulative_s']}", f"{row['own_share']}")  # fmt: skip
            console.print(t)
    if res.get("stopped"):
        console.print(f"[yellow]stopped: {res['stopped']}[/yellow]")
    console.print(f"aims: {res['aims']}")


# --- main ----------------------------------------------------------------------------------------


def write(path: Path, obj: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n")
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    console.print(f"wrote {shown}")


def main(argv: Iterable[str] | None = None) -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("part", choices=("quality", "speed", "all", "_speed_child"), nargs="?",
                    default="all")  # fmt: skip
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--quick", action="store_true", help="small sizes: a minute or two")
    ap.add_argument("--index", type=int, default=50_000, help="quality: persons indexed")
    ap.add_argument("--per-group", type=int, default=300, help="quality: mated per script")
    ap.add_argument("--bootstrap", type=int, default=1000)
    ap.add_argument("--limit", type=int, default=10, help="hits kept per query")
    ap.add_argument("--systems", nargs="+", default=["xborder", "rapidfuzz"],
                    choices=("xborder", "rapidfuzz"))  # fmt: skip
    ap.add_argument("--nk-algorithms", nargs="*", default=list(NK_ALGORITHMS))
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--queries", type=int, default=2000, help="speed: single queries timed")
    ap.add_argument("--batch-notices", type=int, default=100_000)
    ap.add_argument("--batch-size", type=int, default=20_000, help="travellers in the batch")
    ap.add_argument("--peer", type=int, default=200, help="speed: queries for the peer ratio")
    ap.add_argument("--size-timeout", type=int, default=1800, help="speed: seconds per size")
    ap.add_argument("--profile", action="store_true", help="speed: cProfile the query loop")
    ap.add_argument("--out-dir", type=Path, default=RESULTS)
    ap.add_argument("--size", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--child-out", type=Path, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(list(argv) if argv is not None else None)
    if args.part == "_speed_child":
        assert args.child_out is not None
        args.child_out.write_text(json.dumps(speed_child(args)))
        return
    suffix = ""
    if args.quick:
        args.index, args.per_group, args.bootstrap = 3000, 40, 200
        args.sizes, args.queries, args.batch_notices = [2000, 10_000], 300, 10_000
        args.batch_size, args.peer = 1000, 50
        suffix = "-quick"
    if args.part in ("quality", "all"):
        res = quality(args)
        report_quality(res)
        write(args.out_dir / f"screening-quality{suffix}.json", res)
        write(args.out_dir / f"screening-evaluation{suffix}.json", evaluation_rows(res))
    if args.part in ("speed", "all"):
        sres = speed(args)
        report_speed(sres)
        write(args.out_dir / f"screening-speed{suffix}.json", sres)


if __name__ == "__main__":
    main()
