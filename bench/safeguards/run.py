"""Safeguards benchmark: do the automated checks put the right ground on abusive requests, stay
quiet on ordinary ones, and rank the abusive ones first in the queue?

Data: bench/safeguards/devset.json, real publicly documented cases (each with its citations)
written as the requesting bureau would write them (charges, law, penalty, facts; no declared
profile), labelled abusive (with the grounds the sources give: art3, art2, refugee,
excluded_offence) or ordinary. A case id's hash puts about a third of the cases in a holdout
split, reported apart: the rules were written from the catalogue's sources, not fitted to
cases, and the holdout figure is the one that says so.

Two settings, both printed:
- `request`: the request alone, with the packaged country data for the year of the request
  (where the version keeps a series; the figures are marked with their year) and a
  protected status where the sources document one (as the protecting state would notify it);
- `researched`: the same plus the profile the sources give (journalist, opposition
  politician...), as the secretariat would attach it with its sources (issue #12 item 2).

Metrics, per ground: recall = share of abusive cases labelled with that ground that get a
substantive finding (needs review or blocking) on that ground; false-positive share = share of
ordinary cases with any substantive finding (and per ground); ranking = probability that an
abusive case's queue score exceeds an ordinary one's (ties count half; the AUC).

The peer is the previous version of the checks (git revision `--peer-rev`, default the commit
before #12), run on the same cases in a child process from a `git worktree` of that revision.

The cases of bench/safeguards/fresh.json to fresh5.json (each collected after the rules of its
day) form their own splits, "fresh" to "fresh5", outside "all";
they are read with the default devset only. The cost of the pure
checks per request (first sight and repeat, median and p95) is timed for each version.

    .venv/bin/python bench/safeguards/run.py              # both versions, writes the JSON
    .venv/bin/python bench/safeguards/run.py --no-peer
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import inspect
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DEVSET = ROOT / "bench" / "safeguards" / "devset.json"
OUT = ROOT / "bench" / "results" / "safeguards.json"
GROUNDS = ("art3", "art2", "refugee", "excluded_offence")
# Old rule ids (before #12) and the ground each one speaks to.
_OLD_GROUNDS = {
    "art3_profile": "art3",
    "art3_offence_type": "art3",
    "art3_country_context": "art3",
    "art3_timing": "art3",
    "art3_corrective_measures": "art3",
    "art2_risk": "art2",
    "refugee_policy": "refugee",
    "excluded_offence": "excluded_offence",
}


FRESH = (
    ROOT / "bench" / "safeguards" / "fresh.json",
    ROOT / "bench" / "safeguards" / "fresh2.json",
    ROOT / "bench" / "safeguards" / "fresh3.json",
    ROOT / "bench" / "safeguards" / "fresh4.json",
    ROOT / "bench" / "safeguards" / "fresh5.json",
)
FRESH_SPLITS = ("fresh", "fresh2", "fresh3", "fresh4", "fresh5")
SPLITS = ("all", "dev", "holdout", *FRESH_SPLITS)


def split_of(case_id: str) -> str:
    """dev / holdout by a hash of the id; the cases of fresh.json (collected after the rules,
    never read to change them) are their own split, outside "all"."""
    for split in FRESH_SPLITS:
        if case_id.startswith(f"{split}-"):
            return split
    return "holdout" if int(hashlib.sha256(case_id.encode()).hexdigest(), 16) % 3 == 0 else "dev"


def _birth_years(person: dict[str, Any] | None) -> tuple[int, int] | None:
    years = []
    for d in (person or {}).get("birth_dates", []) or []:
        try:
            years += [int(str(d)[:4]), int(str(d)[-4:]) if "/" in str(d) else int(str(d)[:4])]
        except ValueError:
            continue
    return (min(years), max(years)) if years else None


def evaluate_case(case: dict[str, Any], researched: bool) -> dict[str, Any]:
    """Run the checks of whatever xborder is importable on one case; the input is built
    from the fields this version's CheckInput knows (so an older version runs too)."""
    from xborder.notices import rules
    from xborder.notices.domain import content_from_json

    req = dict(case["request"])
    req.pop("person", None)
    judicial = dict(req.get("judicial") or {})
    content_fields = {f.name for f in dataclasses.fields(rules.CheckInput)}
    known_judicial = {
        f.name
        for f in dataclasses.fields(
            __import__("xborder.notices.domain", fromlist=["JudicialData"]).JudicialData
        )
    }
    req["judicial"] = {k: v for k, v in judicial.items() if k in known_judicial}
    content = content_from_json(req)
    country = case["requesting_country"]
    kwargs: dict[str, Any] = {
        "content": content,
        "requesting_country": country,
        "submitted_on": date.fromisoformat(case["submitted_on"]),
        "has_person": True,
        "person_nationalities": tuple(case["request"].get("person", {}).get("nationalities", [])),
    }
    if "person_birth_years" in content_fields:
        kwargs["person_birth_years"] = _birth_years(case["request"].get("person"))
    if "country" in content_fields:
        from xborder.safeguards import countrydata

        # the figures for the request's year where this version keeps a series
        takes_date = "on" in inspect.signature(countrydata.record).parameters
        on = {"on": kwargs["submitted_on"]} if takes_date else {}
        kwargs["country"] = countrydata.record(country, **on)
    prot = case.get("protection")
    if prot and prot.get("status") in ("granted", "pending"):
        ps_fields = {f.name for f in dataclasses.fields(rules.ProtectedStatus)}
        ps = {
            "status": prot.get("protection_type", "refugee"),
            "confirmed": prot["status"] == "granted",
            "fled_country": prot.get("fled_country", country),
            "granting_country": prot.get("granting_country", ""),
            "grounds_unrelated": False,
            "match": "linked record",
            "state": prot["status"],
            "naturalised": bool(prot.get("naturalised", False)),
        }
        kwargs["protected"] = (
            rules.ProtectedStatus(**{k: v for k, v in ps.items() if k in ps_fields}),
        )
    if researched and case.get("public_profile") and "profiles" in content_fields:
        cite = "; ".join(c.get("title", "") for c in case.get("citations", [])[:2])
        kwargs["profiles"] = tuple(
            rules.ProfileFact(_profile_kind(k), "confirmed", cite) for k in case["public_profile"]
        )
    inp = rules.CheckInput(**kwargs)
    findings = rules.run_checks(inp)
    out = []
    for f in findings:
        ground = getattr(f, "ground", None) or _OLD_GROUNDS.get(f.rule_id, "data")
        out.append({"rule": f.rule_id, "ground": str(ground), "severity": str(f.severity)})
    return {"findings": out, "score": rules.risk_score(findings)}


_PROFILE_KINDS = {
    "opposition_politician": "politician",
    "businessman_in_dispute": "business_rival",
}


def _profile_kind(k: str) -> str:
    return _PROFILE_KINDS.get(k, k)


def substantive(result: dict[str, Any], ground: str | None = None) -> bool:
    return any(
        f["severity"] in ("needs_review", "blocking")
        and f["ground"] in GROUNDS
        and (ground is None or f["ground"] == ground)
        for f in result["findings"]
    )


def auc(pos: list[float], neg: list[float]) -> float | None:
    if not pos or not neg:
        return None
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def metrics(cases: list[dict[str, Any]], results: dict[str, dict[str, Any]]) -> dict[str, Any]:
    abusive = [c for c in cases if c["label"] == "abusive"]
    ordinary = [c for c in cases if c["label"] == "ordinary"]
    per_ground: dict[str, Any] = {}
    for g in GROUNDS:
        labelled = [c for c in abusive if g in c["grounds"]]
        hits = [c["id"] for c in labelled if substantive(results[c["id"]], g)]
        fp = [c["id"] for c in ordinary if substantive(results[c["id"]], g)]
        per_ground[g] = {
            "abusive_cases": len(labelled),
            "recall": round(len(hits) / len(labelled), 3) if labelled else None,
            "missed": [c["id"] for c in labelled if c["id"] not in hits],
            "ordinary_flagged_share": round(len(fp) / len(ordinary), 3) if ordinary else None,
            "ordinary_flagged": fp,
        }
    any_right = [
        c["id"] for c in abusive if any(substantive(results[c["id"]], g) for g in c["grounds"])
    ]
    fp_any = [c["id"] for c in ordinary if substantive(results[c["id"]])]
    return {
        "abusive": len(abusive),
        "ordinary": len(ordinary),
        "per_ground": per_ground,
        "recall_any_right_ground": round(len(any_right) / len(abusive), 3) if abusive else None,
        "ordinary_with_substantive_finding": round(len(fp_any) / len(ordinary), 3)
        if ordinary
        else None,
        "ordinary_flagged": fp_any,
        "ranking_auc": auc(
            [results[c["id"]]["score"] for c in abusive],
            [results[c["id"]]["score"] for c in ordinary],
        ),
    }


def _clear_caches() -> None:
    """Forget what earlier checks memoised (charge matches and stated profiles per request
    text), so each timing is a request seen for the first time; the catalogue and country
    data stay loaded, as in a running server."""
    import importlib

    for module, name in (
        ("xborder.safeguards.charges", "_analyse"),
        ("xborder.safeguards.profileterms", "_stated"),
    ):
        try:  # the checks before issue #12 had no charge cache, older ones no profile terms
            cached = getattr(importlib.import_module(module), name, None)
        except ImportError:
            continue
        clear = getattr(cached, "cache_clear", None)
        if clear is not None:
            clear()


def cost(cases: list[dict[str, Any]], rounds: int = 5) -> dict[str, Any]:
    """Wall time of the pure checks per request (request setting), first sight and repeat:
    what a submission or a review adds on top of the store reads. One warm-up pass first."""
    for c in cases:
        evaluate_case(c, False)
    first: list[float] = []
    again: list[float] = []
    for _ in range(rounds):
        for c in cases:
            _clear_caches()
            t0 = time.perf_counter()
            evaluate_case(c, False)
            t1 = time.perf_counter()
            evaluate_case(c, False)
            t2 = time.perf_counter()
            first.append((t1 - t0) * 1000)
            again.append((t2 - t1) * 1000)

    def q(xs: list[float], p: float) -> float:
        xs = sorted(xs)
        return round(xs[min(len(xs) - 1, int(p * len(xs)))], 2)

    return {
        "requests": len(first),
        "first_ms_median": q(first, 0.5),
        "first_ms_p95": q(first, 0.95),
        "repeat_ms_median": q(again, 0.5),
        "repeat_ms_p95": q(again, 0.95),
    }


def _in(split: str, case_id: str) -> bool:
    own = split_of(case_id)
    return own == split or (split == "all" and own not in FRESH_SPLITS)


def run_all(cases: list[dict[str, Any]], timed: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for setting in ("request", "researched"):
        results = {c["id"]: evaluate_case(c, setting == "researched") for c in cases}
        out[setting] = {
            "results": results,
            "splits": {
                split: metrics([c for c in cases if _in(split, c["id"])], results)
                for split in SPLITS
                if any(_in(split, c["id"]) for c in cases)
            },
        }
    if timed:
        out["cost"] = cost(cases)
    return out


def load_cases(devset: Path, fresh: Iterable[Path]) -> list[dict[str, Any]]:
    """The development cases, plus the fresh ones from each fresh file given."""
    cases: list[dict[str, Any]] = json.loads(devset.read_text("utf-8"))["cases"]
    for f in fresh:
        if f.exists() and f.resolve() != devset.resolve():
            cases += json.loads(f.read_text("utf-8"))["cases"]
    return cases


def _peer(rev: str, devset: Path, fresh: list[Path]) -> dict[str, Any]:
    """The previous checks, in a child process importing a worktree of `rev`."""
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "peer"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(tree), rev],
            check=True,
        )
        try:
            env = {**os.environ, "PYTHONPATH": str(tree / "src")}
            proc = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--child",
                    "--devset",
                    str(devset),
                    "--fresh",
                    *map(str, fresh),
                ],
                env=env,
                check=True,
                capture_output=True,
                text=True,
                cwd=tmp,
            )
            return json.loads(proc.stdout)  # type: ignore[no-any-return]
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=True
            )


def _row(name: str, setting: str, split: str, m: dict[str, Any]) -> list[str]:
    def f(v: float | None) -> str:
        return "-" if v is None else f"{v:.2f}"

    return [
        name,
        setting,
        split,
        f"{m['abusive']}/{m['ordinary']}",
        *[
            f"{f(m['per_ground'][g]['recall'])} ({m['per_ground'][g]['abusive_cases']})"
            for g in GROUNDS
        ],
        f(m["recall_any_right_ground"]),
        f(m["ordinary_with_substantive_finding"]),
        f(m["ranking_auc"]),
    ]


def table(rows: Iterable[list[str]]) -> str:
    head = [
        "checks",
        "setting",
        "split",
        "abusive/ordinary",
        *[f"recall {g}" for g in GROUNDS],
        "recall any right ground",
        "ordinary flagged",
        "ranking AUC",
    ]
    lines = [head, *rows]
    widths = [max(len(r[i]) for r in lines) for i in range(len(head))]
    fmt = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |"  # noqa: E731
    return "\n".join(
        [fmt(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(fmt, lines[1:])]
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--devset", type=Path, default=DEVSET)
    ap.add_argument(
        "--peer-rev",
        action="append",
        help="a version to run beside this one (repeatable; default 6b2af1d, the checks"
        " before issue #12)",
    )
    ap.add_argument("--no-peer", action="store_true")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument(
        "--fresh",
        type=Path,
        nargs="*",
        default=None,
        help="files of cases kept apart from development (default: fresh.json to fresh5.json with"
        " the default devset)",
    )
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    if args.fresh is None:
        args.fresh = list(FRESH) if args.devset.resolve() == DEVSET.resolve() else []
    cases = load_cases(args.devset, args.fresh)
    if args.child:
        print(json.dumps(run_all(cases)))
        return
    ours = run_all(cases)
    runs = {"xborder (this version)": ours}
    if not args.no_peer:
        for rev in args.peer_rev or ["6b2af1d"]:
            runs[f"previous checks ({rev})"] = _peer(rev, args.devset, args.fresh)
    rows = [
        _row(name, setting, split, run[setting]["splits"][split])
        for name, run in runs.items()
        for setting in ("request", "researched")
        for split in SPLITS
        if split in run[setting]["splits"]
    ]
    print(table(rows))
    print()
    print("cost of the checks per request (ms, the pure rules on this machine; store reads apart)")
    for name, run in runs.items():
        c = run.get("cost") or {}
        print(
            f"  {name}: first sight median {c.get('first_ms_median')} p95 {c.get('first_ms_p95')};"
            f" repeat median {c.get('repeat_ms_median')} p95 {c.get('repeat_ms_p95')}"
            f" ({c.get('requests')} timed checks)"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {
                "devset": str(args.devset.relative_to(ROOT))
                if args.devset.is_relative_to(ROOT)
                else str(args.devset),
                "cases": len(cases),
                "splits": {c["id"]: split_of(c["id"]) for c in cases},
                "runs": {
                    name: {s: run[s] for s in ("request", "researched")}
                    for name, run in runs.items()
                },
                "cost": {name: run.get("cost") for name, run in runs.items()},
                "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
            },
            indent=1,
            ensure_ascii=False,
        )
    )
    out = args.out.resolve()
    print(f"wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")


if __name__ == "__main__":
    main()
