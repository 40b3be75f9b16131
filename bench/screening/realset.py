"""Screening on real names in every script the real-name set covers (bench/screening/realnames).

    .venv/bin/python bench/screening/realset.py train       # learned readings, dev half only
    .venv/bin/python bench/screening/realset.py calibrate   # per-script knots, dev half only
    .venv/bin/python bench/screening/realset.py evaluate    # test half: xborder and its peers
    .venv/bin/python bench/screening/realset.py validate    # judge a change without the test half

`train` writes src/xborder/screening/data/readings.json (one character-to-sound table per
script, learned from the development pairs); `calibrate` writes data/calibration.json (for
each script, the raw name score at which different persons with similar names are admitted
as often as Latin ones at the threshold); `evaluate` writes
bench/results/screening-realnames.json and prints, per script, precision, recall, F1 and
false-match rate (95% bootstrap intervals) for xborder, nomenklatura logic-v2 and a rapidfuzz
baseline on the same queries, the pairwise false-match rate at the threshold (what the
calibration aims to equalise), and the recall of xborder's candidate index at the threshold.

The search (1:N): the watch list holds the Latin names of every development person and of
the test negatives' look-alikes, and of two thirds of the test persons (chosen by a hash of
their name); each test person's native name is a query, mated when the person is listed.
A person is their folded Latin name (`_person`). Development rows are never queries.

`validate` splits the development half again (half A trains and calibrates, half B is
searched the same way, no mined token of a half-B name is learned from), writes
bench/results/screening-realnames-holdout.json, and puts the shipped models back: the figure
to choose a change by, so that the test half stays unread until the change is made.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.screening import run as bench  # noqa: E402
from bench.screening.realnames.load import load as load_set  # noqa: E402
from bench.screening.realnames.train_tokens import load_tokens  # noqa: E402

from xborder.screening import calibration, ears, matching, readings, skeleton  # noqa: E402
from xborder.screening.calibration import WORD_KNOT  # noqa: E402
from xborder.screening.model import NameForm, Subject  # noqa: E402
from xborder.twin import screening_set as ds  # noqa: E402

DATA = ROOT / "src/xborder/screening/data"
RESULTS = ROOT / "bench/results"
# The register's "performance on real names" (governance/register.py reads it).
GOVERNANCE = ROOT / "src/xborder/governance/data/screening-realnames.json"
REAL_SET = (
    "bench/screening/realnames test split: NETransliteration (CC0), CC-CEDICT and "
    "JMnedict (CC BY-SA 4.0), in-rolls/indicate (MIT)"
)
# Which rows teach which model: the script a word's characters belong to. Chinese names of
# Chinese persons are read by Pinyin and Wade-Giles tables; the learned Han table is for
# foreign names transcribed by sound, so native Han rows do not teach it. Japanese kanji
# names have pykakasi's readings; kana, Hangul, Hebrew, Arabic and Cyrillic learn from all.
TRAIN_ON = {
    "Hani": ("Hans", "Hant"),
    "Kana": ("Kana",),
    "Hang": ("Hang",),
    "Hebr": ("Hebr",),
    "Arab": ("Arab",),
    "Cyrl": ("Cyrl",),
    "Deva": ("Deva",),
}
MAX_SEG = {"Hani": 6, "Hang": 6}
# Katakana writes a foreigner's full name as one word (JMnedict leaves out the ・): where the
# parts go is learned from whole names only, not from mined single words (realnames/README.md).
WHOLE_NAMES_SPELL = frozenset({"Kana"})
console = Console()
# `validate` (and `--holdout`): the development half split again, by the id of each row's
# positive (a negative goes with the positive it was made for): half A plays "dev", half B
# plays "test". The test half is not read at all.
HOLDOUT = {"on": False}


def _dev_half(row: dict[str, Any]) -> str:
    return "a" if _h("holdout:" + str(row["id"]).split("|neg|")[0]) % 2 == 0 else "b"


def load(split: str | None = None, **kw: Any) -> list[dict[str, Any]]:
    """The set's rows of `split` (bench/screening/realnames/load.py); under `--holdout`,
    "dev" is development half A and "test" development half B."""
    if not HOLDOUT["on"]:
        return load_set(split, **kw)
    if split == "test":
        return [r for r in load_set("dev", **kw) if _dev_half(r) == "b"]
    if split == "dev":
        return [r for r in load_set("dev", **kw) if _dev_half(r) == "a"]
    raise ValueError("under --holdout only the dev and test splits exist")


def training_tokens(script: str) -> list[dict[str, Any]]:
    """The mined tokens a model learns from: none of a test name, and under `--holdout`
    none of a half-B name either."""
    return load_tokens(script, held_out=load("test") if HOLDOUT["on"] else None)


def _h(text: str) -> int:
    return int(hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:8], 16)


# --- train ------------------------------------------------------------------------------------


def train(args: argparse.Namespace) -> dict[str, Any]:
    rows = load("dev", label=True)
    out: dict[str, Any] = {"format": readings.FORMAT, "models": {}, "trained_on": {}}
    for script, sources in TRAIN_ON.items():
        pairs = [
            (str(r["native"]), str(r["latin"]))
            for r in rows
            if r["script"] in sources and not (script == "Hani" and r["kind"] == "native")
        ]
        # Name tokens mined from Wikidata, none of them a part of a test name
        # (realnames/train_tokens.py): how each character sounds, from tens of thousands.
        tokens = [(str(r["native"]), str(r["latin"])) for r in training_tokens(script)]
        t0 = time.perf_counter()
        model = readings.train(
            pairs,
            script,
            max_seg=MAX_SEG.get(script, 4),
            iterations=args.iterations,
            words=tokens,
            spell_words=script not in WHOLE_NAMES_SPELL,
        )
        out["models"][script] = model.to_json()
        out["trained_on"][script] = {
            "pairs": model.pairs,
            "mined_tokens": len(tokens),
            "sources": sorted({str(r["source"]) for r in rows if r["script"] in sources}),
            "split": "dev",
            "seconds": round(time.perf_counter() - t0, 1),
        }
        console.print(f"{script}: {model.pairs} pairs, {len(model.emit)} entries")
    DATA.mkdir(parents=True, exist_ok=True)
    (DATA / "readings.json").write_text(json.dumps(out, ensure_ascii=False, sort_keys=True) + "\n")
    return out


# --- scoring pairs --------------------------------------------------------------------------


def _subject(sid: str, name: str) -> Subject:
    return Subject(id=sid, names=(NameForm(full=name),))


def pair_scores(rows: list[dict[str, Any]], calibrate: bool) -> np.ndarray:
    from xborder.screening import matching
    from xborder.screening.config import MatchConfig

    config = MatchConfig(calibrate=calibrate)
    out = np.zeros(len(rows))
    for i, r in enumerate(rows):
        a = matching.prepare(_subject("a", str(r["native"])))
        b = matching.prepare(_subject("b", str(r["latin"])))
        out[i] = matching.score(a, b, config).score
    return out


def latin_negatives(split: str) -> list[dict[str, Any]]:
    """Latin against Latin: each negative's look-alike against the person it was chosen for
    (the nearest other Latin name), the reference every script is calibrated to."""
    pos = {(r["script"], r["native"]): r["latin"] for r in load(split, label=True)}
    out = []
    for r in load(split, label=False):
        mine = pos.get((r["script"], r["native"]))
        if mine is not None:
            out.append({"native": mine, "latin": r["latin"], "script": "Latn"})
    return out


def fmr_at(scores: np.ndarray, t: float) -> float:
    return float((scores >= t).mean()) if len(scores) else float("nan")


def matcher_script(native: str) -> str:
    """The script the matcher reads a native name as (what its knots are keyed by)."""
    p = matching.prepare(_subject("n", native))
    scripts = [v[6] for v in p.variants if v[6] != "Latn"]
    return scripts[0] if scripts else "Latn"


def way_scores(rows: list[dict[str, Any]], agreement: Any) -> np.ndarray:
    """The raw agreement of each pair by one way to the threshold: `ears.ear_agreement`
    (the sound skeleton) or `matching.family_agreement` (the family name alone)."""
    out = np.zeros(len(rows))
    for i, r in enumerate(rows):
        a = matching.prepare(_subject("a", str(r["native"])))
        b = matching.prepare(_subject("b", str(r["latin"])))
        out[i] = agreement(a, b)
    return out


def _grid(neg: np.ndarray, pos: np.ndarray, lo: float, points: int) -> np.ndarray:
    """Candidate knots: quantiles of both score sets, at least `lo`; 1.0 (never) included."""
    q = np.quantile(np.r_[neg, pos], np.linspace(0.3, 1, points))
    return np.unique(np.r_[q[(q >= lo) & (q < 1.0)], 1.0])


def _joint_knots(
    neg_rows: list[dict[str, Any]],
    pos_rows: list[dict[str, Any]],
    target: float,
    t: float,
    family: bool,
) -> tuple[float, dict[str, float], dict[str, float]]:
    """(alignment knot, {ear: knot, family: knot}, fit): over a grid of all of them, the
    knots whose union (any score at its knot) keeps the dev negatives' false-match rate at
    most `target` and finds the most dev positives. A knot of 1.0 switches its way off."""
    na, pa = pair_scores(neg_rows, calibrate=False), pair_scores(pos_rows, calibrate=False)
    ear, fam = ears.ear_agreement, matching.family_agreement
    ways = {calibration.EAR_KNOT: (way_scores(neg_rows, ear), way_scores(pos_rows, ear), 0.5)}
    if family:
        ways[calibration.FAMILY_KNOT] = (way_scores(neg_rows, fam), way_scores(pos_rows, fam), 0.3)
    grid_a = np.unique(np.r_[np.quantile(np.r_[na, pa], np.linspace(0.3, 1, 80)), t])
    grid_a = grid_a[(grid_a >= 0.3) & (grid_a < 1.0)]
    names = list(ways)
    grids = [_grid(ways[k][0], ways[k][1], ways[k][2], 40) for k in names]
    best = (-1.0, t, {k: 1.0 for k in names}, 0.0)
    for ka in grid_a:
        neg_a, pos_a = na >= ka, pa >= ka
        for combo in np.array(np.meshgrid(*grids)).T.reshape(-1, len(names)):
            neg_hit, pos_hit = neg_a.copy(), pos_a.copy()
            for k, kv in zip(names, combo, strict=True):
                if kv < 1.0:
                    neg_hit |= ways[k][0] >= kv
                    pos_hit |= ways[k][1] >= kv
            fmr = float(neg_hit.mean())
            if fmr <= target:
                recall = float(pos_hit.mean())
                if recall > best[0]:
                    chosen = dict(zip(names, map(float, combo), strict=True))
                    best = (recall, float(ka), chosen, fmr)
    recall, ka, knots, fmr = best
    console.print(f"joint knots: alignment {ka:.4f}, {knots}, recall {recall:.4f}")
    return ka, knots, {"recall_at_knots": round(recall, 4), "fmr_at_knots": round(fmr, 4)}


def calibrate(args: argparse.Namespace) -> dict[str, Any]:
    from xborder.screening.config import DEFAULT

    t = DEFAULT.threshold
    lat = pair_scores(latin_negatives("dev"), calibrate=False)
    target = max(fmr_at(lat, t), args.min_fmr)
    console.print(f"Latin reference: {len(lat)} negatives, FMR at {t}: {fmr_at(lat, t):.4f}")
    scripts: dict[str, Any] = {}
    # One knot per script as the matcher sees it (a Chinese name and a Japanese name in kanji
    # are both Han to it, a katakana name is Japanese): the set's rows grouped by the script of
    # their native name's reading. Single-word rows (Arabic, Cyrillic) fit the script's token
    # knot (`calibration.WORD_KNOT`): one word against one word cannot calibrate full names.
    groups: dict[str, dict[bool, list[dict[str, Any]]]] = defaultdict(lambda: {True: [], False: []})
    for r in load("dev"):
        seen = matcher_script(str(r["native"]))
        key = seen + WORD_KNOT if r["unit"] == "token" else seen
        groups[key][bool(r["label"])].append(r)
    for key in sorted(groups):
        neg_rows, pos_rows = groups[key][False], groups[key][True]
        neg = pair_scores(neg_rows, calibrate=False)
        pos = pair_scores(pos_rows, calibrate=False)
        # The knot: the lowest raw score whose false-match rate is at most the target.
        cands = np.unique(np.r_[neg, pos, t])
        ok = [c for c in cands if 0.3 <= c < 1.0 and fmr_at(neg, c) <= target]
        knot = float(min(ok)) if ok else t
        if key in skeleton.EARS:
            # Several ways to the threshold (the reading's alignment, the sound skeleton and,
            # where the script writes foreigners by the family name alone, that name): their
            # knots fitted together, those that find most positives with the union at the
            # target false-match rate.
            family = key in ears.FAMILY_ALONE
            knot, ways, union = _joint_knots(neg_rows, pos_rows, target, t, family)
            for suffix, way_knot in ways.items():
                if way_knot < 1.0:
                    scripts[key + suffix] = {"knot": round(way_knot, 4), **union}
        scripts[key] = {
            "knot": round(knot, 4),
            "set_scripts": sorted({str(r["script"]) for r in pos_rows + neg_rows}),
            "negatives": len(neg),
            "positives": len(pos),
            "fmr_raw_at_threshold": round(fmr_at(neg, t), 4),
            "fmr_at_knot": round(fmr_at(neg, knot), 4),
            "recall_raw_at_threshold": round(fmr_at(pos, t), 4),
            "recall_at_knot": round(fmr_at(pos, knot), 4),
        }
        console.print(key, scripts[key])
    out = {
        "format": "xborder-calibration/1",
        "threshold": t,
        "target_fmr": round(target, 4),
        "reference": {"script": "Latn", "negatives": len(lat), "fmr": round(fmr_at(lat, t), 4)},
        "fitted_on": "bench/screening/realnames, dev split (bench/screening/realset.py calibrate)",
        "scripts": scripts,
    }
    (DATA / "calibration.json").write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
    return out


# --- evaluate --------------------------------------------------------------------------------


def _person(latin: str) -> str:
    """Who a row is about, as far as the set can tell: its Latin name (folded). Mined pairs
    carry no person ids, and one person appears in several scripts (何厚鏵 and 何厚铧 are both
    He Houhua); two persons with one Latin name are one name to a name-only screen."""
    return "p:" + " ".join(readings.latin_words(latin))


def dataset() -> tuple[ds.Dataset, dict[str, list[int]]]:
    """The watch list and the queries (see the module docstring)."""
    records: dict[str, ds.Record] = {}

    def record(pid: str, latin: str, script: str) -> str:
        if pid not in records:
            records[pid] = ds.Record(_subject(pid, latin), script, "U", "", frozenset())
        return pid

    for r in load("dev", label=True):
        record(_person(str(r["latin"])), str(r["latin"]), str(r["script"]))
    queries: list[ds.Query] = []
    groups: dict[str, list[int]] = defaultdict(list)
    test_pos = load("test", label=True)
    persons = {_person(str(r["latin"])) for r in test_pos}
    for r in load("test", label=False):  # look-alikes: in the list, never the answer
        if _person(str(r["latin"])) not in persons:
            record(_person(str(r["latin"])), str(r["latin"]), "Latn")
    for r in test_pos:
        pid = _person(str(r["latin"]))
        listed = pid in records or _h(pid) % 3 != 0
        if listed:
            record(pid, str(r["latin"]), str(r["script"]))
        groups[str(r["script"])].append(len(queries))
        queries.append(
            ds.Query(
                qid=f"test:{r['script']}:{r['id']}",
                subject=_subject(f"q:{r['script']}:{r['id']}", str(r["native"])),
                target=pid if listed else "",
                mated=listed,
                kind="mated" if listed else "random",
                script=str(r["script"]),
                sex="U",
                variations=(str(r["kind"]),),
            )
        )
    return ds.Dataset(seed=0, records=list(records.values()), queries=queries), groups


def index_recall(xb: bench.XBorder, data: ds.Dataset, ans: bench.Answers) -> dict[str, Any]:
    """Of the mated queries whose true record the scorer puts at or above the threshold, the
    share the index retrieved (in the candidates scored)."""
    by_script: dict[str, list[bool]] = defaultdict(list)
    for q, cands, ts in zip(data.queries, ans.candidates, ans.target_score, strict=True):
        if q.mated and ts is not None and ts >= xb.config.threshold:
            by_script[q.script].append(q.target in cands)
    out = {s: {"n": len(v), "recall": round(sum(v) / len(v), 4)} for s, v in by_script.items()}
    allv = [x for v in by_script.values() for x in v]
    out["all"] = {"n": len(allv), "recall": round(sum(allv) / max(1, len(allv)), 4)}
    return out


def evaluate(args: argparse.Namespace) -> dict[str, Any]:
    from xborder.screening.config import DEFAULT

    data, groups = dataset()
    console.print(f"{len(data.records):,} listed names, {len(data.queries):,} queries")
    xb = bench.XBorder()
    idx = xb.new_index()
    for rec in data.records:
        xb.add(idx, rec.subject)
    answers: list[bench.Answers] = []
    xans, timing = bench.run_xborder(xb, data, args.limit, idx)
    answers.append(xans)
    rf = bench.run_rapidfuzz(data, args.limit)
    answers.append(rf)
    if args.nomenklatura:
        cand = [
            list(dict.fromkeys([*a[:3], *b[:3], *([q.target] if q.target else [])]))
            for a, b, q in zip(xans.candidates, rf.candidates, data.queries, strict=True)
        ]
        answers.append(bench.run_nomenklatura(data, "logic-v2", cand, seed=1))
    truth = bench.Truth(
        mated=np.array([q.mated for q in data.queries]), target=[q.target for q in data.queries]
    )
    rng = np.random.default_rng(1)
    table: dict[str, Any] = {}
    all_idx = np.arange(len(data.queries))
    for ans in answers:
        per: dict[str, Any] = {
            "all": bench.evaluate(truth, ans, ans.threshold, all_idx, args.bootstrap, rng)
        }
        for script, members in sorted(groups.items()):
            sub = np.asarray(members)
            per[script] = bench.evaluate(truth, ans, ans.threshold, sub, args.bootstrap, rng)
        table[ans.system] = {"threshold": ans.threshold, "note": ans.note, "by_script": per}
    pairwise: dict[str, Any] = {}
    lat = pair_scores(latin_negatives("test"), calibrate=True)
    pairwise["Latn"] = {"negatives": len(lat), "fmr": round(fmr_at(lat, DEFAULT.threshold), 4)}
    for script in sorted(groups):
        neg = pair_scores(load("test", script=script, label=False), calibrate=True)
        raw = pair_scores(load("test", script=script, label=False), calibrate=False)
        pairwise[script] = {
            "negatives": len(neg),
            "fmr": round(fmr_at(neg, DEFAULT.threshold), 4),
            "fmr_uncalibrated": round(fmr_at(raw, DEFAULT.threshold), 4),
        }
    res = {
        "machine": bench.machine(),
        "set": "bench/screening/realnames (test split)",
        "listed_names": len(data.records),
        "queries": len(data.queries),
        "systems": table,
        "pairwise_fmr_at_threshold": pairwise,
        "index_recall_at_threshold": index_recall(xb, data, xans),
        "xborder_timing": timing,
        "calibration": json.loads((DATA / "calibration.json").read_text())
        if (DATA / "calibration.json").exists()
        else None,
    }
    report(res)
    if HOLDOUT["on"]:  # development figures: never the register's
        res["set"] = "bench/screening/realnames (dev split: trained on half A, searched on half B)"
        bench.write(RESULTS / "screening-realnames-holdout.json", res)
        return res
    bench.write(RESULTS / "screening-realnames.json", res)
    GOVERNANCE.write_text(json.dumps(governance_rows(res), indent=1) + "\n")
    return res


def validate(args: argparse.Namespace) -> None:
    """Train and calibrate on development half A and search 1:N on half B, each step in a
    process of its own (`--holdout`), then put the shipped models back: how to judge a
    change to the matcher without reading the test half."""
    shipped = {p: p.read_bytes() for p in (DATA / "readings.json", DATA / "calibration.json")}
    extra = [] if args.nomenklatura else ["--no-nomenklatura"]
    try:
        for part in ("train", "calibrate", "evaluate"):
            command = [sys.executable, __file__, part, "--holdout"]
            subprocess.run([*command, "--bootstrap", str(args.bootstrap), *extra], check=True)
    finally:
        for path, content in shipped.items():
            path.write_bytes(content)


def governance_rows(res: dict[str, Any]) -> list[dict[str, Any]]:
    """xborder's figures in the evaluation rows' format (governance/evaluation.py), one group
    per script: what the algorithm register shows as performance on real names."""
    from xborder.governance.registry import get
    from xborder.platform.capabilities import registry
    from xborder.screening.component import SCREENING_NAME

    registry()  # the capabilities declare their components to the register
    xb = res["systems"]["xborder"]
    when = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    rows = []
    for group, m in xb["by_script"].items():
        for metric in ("precision", "recall", "f1", "false_match_rate", "false_non_match_rate"):
            row = m.get(metric) or {}
            rows.append(
                {
                    "component_id": SCREENING_NAME,
                    "version": get(SCREENING_NAME).version,
                    "dataset": REAL_SET,
                    "metric": metric,
                    "group": group if group == "all" else f"script:{group}",
                    "value": row.get("value"),
                    "ci_low": row.get("ci_low"),
                    "ci_high": row.get("ci_high"),
                    "n": int(m["n"]),
                    "threshold": float(xb["threshold"]),
                    "evaluated_at": when,
                }
            )
    return rows


def _v(m: dict[str, Any], key: str) -> str:
    row = m.get(key) or {}
    v = row.get("value")
    if v is None:
        return "-"
    lo, hi = row.get("ci_low"), row.get("ci_high")
    return f"{v:.2f}" + (f" [{lo:.2f}-{hi:.2f}]" if lo is not None else "")


def report(res: dict[str, Any]) -> None:
    t = Table(title="Real names, test split: per script (95% bootstrap intervals)")
    for col in ("script", "system", "n", "precision", "recall", "F1", "FMR"):
        t.add_column(col)
    systems = res["systems"]
    scripts = list(next(iter(systems.values()))["by_script"])
    for script in scripts:
        for name, sysres in systems.items():
            m = sysres["by_script"][script]
            t.add_row(script, name, str(m["n"]), _v(m, "precision"), _v(m, "recall"),
                      _v(m, "f1"), _v(m, "false_match_rate"))  # fmt: skip
    console.print(t)
    p = Table(title="Pairwise false-match rate at the threshold (test negatives)")
    for col in ("script", "negatives", "FMR calibrated", "FMR raw"):
        p.add_column(col)
    for script, v in res["pairwise_fmr_at_threshold"].items():
        p.add_row(script, str(v["negatives"]), f"{v['fmr']:.3f}",
                  f"{v.get('fmr_uncalibrated', v['fmr']):.3f}")  # fmt: skip
    console.print(p)
    console.print("index recall at threshold:", res["index_recall_at_threshold"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument(
        "part",
        choices=("train", "calibrate", "evaluate", "all", "validate"),
        default="all",
        nargs="?",
    )
    ap.add_argument(
        "--holdout",
        action="store_true",
        help="dev half A as dev, half B as test (use `validate`, which restores the models)",
    )
    ap.add_argument("--iterations", type=int, default=8)
    ap.add_argument("--min-fmr", type=float, default=0.005, help="calibration target floor")
    ap.add_argument("--bootstrap", type=int, default=1000)
    ap.add_argument("--limit", type=int, default=10)
    ap.add_argument("--no-nomenklatura", dest="nomenklatura", action="store_false")
    args = ap.parse_args()
    HOLDOUT["on"] = args.holdout
    if args.part == "validate":
        validate(args)
        return
    if args.part in ("train", "all"):
        train(args)
    if args.part in ("calibrate", "all"):
        readings.models.cache_clear()
        calibrate(args)
    if args.part in ("evaluate", "all"):
        evaluate(args)


if __name__ == "__main__":
    main()
