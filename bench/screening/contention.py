"""What threads cost the matcher: the same single-name queries against one in-memory index,
from T threads at once, scored two ways (issue 14, item 3):

- `free`: each thread calls `ScreeningIndex.search` as it likes (what a web worker's thread
  pool did before `screening.service.search_one`);
- `one at a time`: each thread calls `screening.service.search_one`, which scores one query
  at a time per process.

The index holds `--records` synthetic persons (`twin.world.generate_persons`, every name, as
`run.py speed` indexes them); the queries are `match_http.py`'s (half a listed person's name
in another form, half travellers from another world; name only, as `/match` benchmarks send
them). Both ways run twice, interleaved, and each is reported by its better run, since other
work on the machine moves single runs by up to a third. Reports queries per second and the
process's CPU milliseconds per query; prints a table, writes bench/results/<--out>.

    .venv/bin/python bench/screening/contention.py --records 100000 --threads 1,8,16
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import json  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from typing import Any  # noqa: E402

from bench.screening import match_http as mh  # noqa: E402
from bench.screening import run as speedbench  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

console = Console(width=None if sys.stdout.isatty() else 140)
RESULTS = ROOT / "bench" / "results"


def build(seed: int, n: int, keep: int) -> tuple[Any, list[Any]]:
    """The index of n persons, and `keep` of them spread over it (the mated queries' sources)."""
    from xborder.twin.world import generate_persons

    xb = speedbench.XBorder()
    idx = xb.new_index()
    every = max(1, n // keep)
    kept: list[Any] = []
    for i, p in enumerate(generate_persons(seed, n)):
        xb.add(idx, speedbench.full_subject(p))
        if i % every == 0 and len(kept) < keep:
            kept.append(p)
    idx.search(xb.matching.prepare(speedbench.full_subject(kept[0])), limit=1)  # finalise
    return idx, kept


def timed(threads: int, queries: Sequence[Any], one: Callable[[Any], object]) -> dict[str, Any]:
    parts = [queries[i::threads] for i in range(threads)]

    def work(part: Sequence[Any]) -> None:
        for q in part:
            one(q)

    pool = [threading.Thread(target=work, args=(p,)) for p in parts]
    cpu0, t0 = time.process_time(), time.perf_counter()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    return {
        "queries_per_s": round(len(queries) / wall, 1),
        "cpu_ms_per_query": round(cpu / len(queries) * 1000, 2),
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=500)
    ap.add_argument("--threads", default="1,8,16", help="comma-separated thread counts")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default="screening-contention.json")
    args = ap.parse_args(argv)
    threads = [int(t) for t in args.threads.split(",")]

    from xborder.screening import service, yente

    t0 = time.perf_counter()
    idx, kept = build(args.seed, args.records, args.queries)
    build_s = time.perf_counter() - t0
    made = mh.make_queries(args.seed, kept, args.queries, name_only=True)
    subjects = [
        yente.to_subject(f"q{i}", yente.EntityQuery.model_validate(e))[0]
        for i, e in enumerate(made.entities)
    ]
    console.print(f"{len(idx):,} records indexed in {build_s:.0f}s; {len(subjects)} queries")
    xb = speedbench.XBorder()
    limit, cutoff = 5, xb.config.cutoff

    def free(q: Any) -> object:
        return idx.search(xb.matching.prepare(q), limit=limit, cutoff=cutoff, allow=None)

    def one_at_a_time(q: Any) -> object:
        return service.search_one(idx, q, limit=limit, cutoff=cutoff, allow=None)

    ways = {"free": free, "one at a time": one_at_a_time}
    timed(1, subjects[:50], free)  # warm the caches of the query side
    rows: list[dict[str, Any]] = []
    for t in threads:
        runs: dict[str, list[dict[str, Any]]] = {w: [] for w in ways}
        for _ in range(2):
            for way, fn in ways.items():
                runs[way].append(timed(t, subjects, fn))
        for way, got in runs.items():
            best = max(got, key=lambda r: r["queries_per_s"])
            rows.append({"threads": t, "way": way, **best, "runs": got})

    table = Table(
        "threads", "way", "queries/s", "CPU ms/query", title=f"{len(idx):,} records, 1 process"
    )
    for r in rows:
        table.add_row(
            str(r["threads"]), r["way"], f"{r['queries_per_s']:.0f}", f"{r['cpu_ms_per_query']:.2f}"
        )
    console.print(table)
    out = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": speedbench.machine(),
        "records": len(idx),
        "queries": len(subjects),
        "limit": limit,
        "cutoff": cutoff,
        "build_s": round(build_s, 1),
        "note": "best of two interleaved runs per way; CPU is the whole process's",
        "rows": rows,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / args.out
    path.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    console.print(f"wrote {path}")


if __name__ == "__main__":
    main()
