"""Where the time of one single-name `/match/<dataset>` call goes, in-process (issue 14).

Builds what `match_http.py` builds (a demo data directory on SQLite, N synthetic persons
imported as the list `bench`, the index loaded), then times the same single-name queries
three ways, one after the other in this process, one thread:

- `search`: `matching.prepare` + `ScreeningIndex.search` (the matcher alone);
- `service`: `yente.match` (gate checks, index refresh, search, the screening log and the
  access-log writes, the yente answer) and `json.dumps`;
- `http`: `POST /match/bench` through `fastapi.testclient.TestClient` (the whole app:
  middleware, token lookup, validation, serialisation; no socket).

`service - search` is the database work of a screening, `http - service` the web stack.
Then the `http` calls again under cProfile (every thread, CPU time per thread), the time
split by where it is spent: matching (xborder.screening's matcher), database (SQLAlchemy, the
DB-API driver, xborder.store), framework (Starlette, FastAPI, pydantic, anyio, httpx),
the rest of xborder, the rest. Prints a table and writes bench/results/<--out>.

In-process timings are a direction, not a throughput figure (`bench/http/run.py` is that).

    .venv/bin/python bench/screening/profile_match.py --records 100000 --calls 300 --keep
    .venv/bin/python bench/screening/profile_match.py --reuse /tmp/xborder-profile-XXXX
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import cProfile  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import pstats  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from typing import Any  # noqa: E402

from bench.screening import match_http as mh  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

console = Console(width=None if sys.stdout.isatty() else 160)

# Where a function's own time is counted, by its file (first match wins).
CATEGORIES: list[tuple[str, tuple[str, ...]]] = [
    (
        "matching",
        (
            "xborder/screening/index.py",
            "xborder/screening/matching.py",
            "xborder/screening/normalise.py",
            "xborder/screening/readings.py",
            "rapidfuzz",
            "jellyfish",
            "unicodedata",
        ),
    ),
    ("database", ("sqlalchemy", "sqlite3", "psycopg", "xborder/store/")),
    (
        "framework",
        (
            "starlette",
            "fastapi",
            "pydantic",
            "anyio",
            "httpx",
            "httpcore",
            "h11",
            "uvicorn",
            "json/",
            "asyncio",
            "concurrent/futures",
            "email/",
            "urllib",
        ),
    ),
    ("xborder (other)", ("xborder/",)),
]


def own_category(filename: str) -> str | None:
    """The category of a function by its file; None for a builtin or the standard library
    (counted where it is called from)."""
    if filename == "~" or ("/lib/python3" in filename and "site-packages" not in filename):
        return None
    for cat, needles in CATEGORIES:
        if any(n in filename for n in needles):
            return cat
    return "other"


def categories(raw: dict[Any, Any]) -> dict[Any, str]:
    """Each function's category: its file's, or (a builtin, the standard library) that of
    the caller that spent the most time in it, and so on up."""
    memo: dict[Any, str] = {}

    def of(func: Any, seen: frozenset[Any]) -> str:
        if func in memo:
            return memo[func]
        cat = own_category(func[0])
        if cat is None:
            callers = raw[func][4] if func in raw else {}
            best = max(
                (c for c in callers if c not in seen), key=lambda c: callers[c][3], default=None
            )
            cat = "other" if best is None else of(best, seen | {func})
        memo[func] = cat
        return cat

    return {func: of(func, frozenset()) for func in raw}


def prepare(records: int, seed: int, queries: int) -> tuple[Path, str]:
    """A fresh data directory as `match_http.py` makes it: (data dir, officer's token)."""
    tmp = Path(tempfile.mkdtemp(prefix="xborder-profile-"))
    setup = mh.Setup(data_dir=tmp / "data", db_url="")
    t0 = time.perf_counter()
    setup.xborder(
        "demo", "--no-serve", "--persons", str(mh.DEMO_PERSONS), "--data-dir", str(setup.data_dir)
    )
    list_path = tmp / "bench.ftm.json"
    kept, _ = mh.write_list(list_path, seed, records, queries)
    setup.xborder(
        "import", "ftm", str(list_path), "--dataset", mh.DATASET, "--data-dir", str(setup.data_dir)
    )
    list_path.unlink()
    q = mh.make_queries(seed, kept, queries, name_only=True)
    (tmp / "queries.json").write_text(json.dumps([b.decode() for b in q.bodies]))
    console.print(f"  data directory {tmp} made in {time.perf_counter() - t0:.0f}s")
    return tmp, token_of(tmp)


def token_of(tmp: Path) -> str:
    creds = json.loads((tmp / "data" / "demo-credentials.json").read_text("utf-8"))
    token: str = next(u["token"] for u in creds["users"] if u["username"] == mh.USER)
    return token


def timed(n: int, bodies: list[bytes], call: Callable[[bytes], None]) -> dict[str, float]:
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for i in range(n):
        call(bodies[i % len(bodies)])
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    return {"ms_per_call": round(wall / n * 1000, 3), "cpu_ms_per_call": round(cpu / n * 1000, 3)}


class ThreadProfiles:
    """cProfile in every thread started while it is on (TestClient runs the app in a portal
    thread, a sync route in a worker thread), timing each thread's CPU time."""

    def __init__(self) -> None:
        self.profiles: list[cProfile.Profile] = []
        self._lock = threading.Lock()

    def _new(self) -> cProfile.Profile:
        p = cProfile.Profile(time.thread_time_ns, 1e-9)
        with self._lock:
            self.profiles.append(p)
        return p

    def _hook(self, *_args: Any) -> None:
        self._new().enable()  # replaces this hook in the new thread

    def __enter__(self) -> ThreadProfiles:
        threading.setprofile(self._hook)
        self._new().enable()
        return self

    def __exit__(self, *_exc: object) -> None:
        threading.setprofile(None)
        self.profiles[0].disable()

    def stats(self) -> pstats.Stats:
        for p in self.profiles[1:]:
            p.disable()  # no-op from another thread; their threads are done or idle
        st = pstats.Stats(self.profiles[0])
        for p in self.profiles[1:]:
            p.create_stats()
            st.add(p)
        return st


def split(st: pstats.Stats, n: int) -> tuple[dict[str, float], list[dict[str, Any]]]:
    by_cat: dict[str, float] = {}
    rows = []
    raw: dict[Any, Any] = st.stats  # type: ignore[attr-defined]
    cats = categories(raw)
    for func, (_cc, nc, tt, ct, _callers) in raw.items():
        filename, line, name = func
        if "acquire" in name or "poll" in name or name == "wait":
            continue  # a thread waiting (its CPU time is ~0, but not exactly)
        cat = cats[func]
        by_cat[cat] = by_cat.get(cat, 0.0) + tt
        rows.append(
            {
                "function": f"{filename.split('site-packages/')[-1].split('src/')[-1]}:{line}"
                f"({name})",
                "category": cat,
                "calls_per_call": round(nc / n, 2),
                "own_ms_per_call": round(tt / n * 1000, 4),
                "cum_ms_per_call": round(ct / n * 1000, 4),
            }
        )
    rows.sort(key=lambda r: -r["own_ms_per_call"])
    return {k: round(v / n * 1000, 3) for k, v in sorted(by_cat.items())}, rows


def run(tmp: Path, token: str, calls: int, limit: int) -> dict[str, Any]:
    os.environ["XBORDER_DATA_DIR"] = str(tmp / "data")
    from fastapi.testclient import TestClient

    from xborder.accounts import service as identity
    from xborder.config import Settings
    from xborder.platform.app import create_app
    from xborder.screening import matching, yente
    from xborder.screening import service as screening
    from xborder.screening.config import DEFAULT as CONFIG
    from xborder.store.db import Database

    bodies = [b.encode() for b in json.loads((tmp / "queries.json").read_text())]
    settings = Settings(data_dir=tmp / "data")
    db = Database(settings.url)
    actor = identity.token_actor(db, token)
    assert actor is not None
    t0 = time.perf_counter()
    index = screening.refresh(db)
    build_s = time.perf_counter() - t0
    console.print(f"  index: {len(index):,} records loaded in {build_s:.0f}s")
    allow = screening.allow_for(actor, mh.DATASET)
    purpose, basis = settings.match_default_purpose, settings.match_default_legal_basis

    def search(body: bytes) -> None:
        req = yente.MatchRequest.model_validate_json(body)
        subject, _ = yente.to_subject("q", req.queries["q"])
        index.search(
            matching.prepare(subject), limit=limit, cutoff=CONFIG.cutoff, allow=allow, config=CONFIG
        )

    def service(body: bytes) -> None:
        req = yente.MatchRequest.model_validate_json(body)
        out = yente.match(
            db, settings, actor, req, mh.DATASET, purpose=purpose, legal_basis=basis, limit=limit
        )
        json.dumps(out)

    app = create_app(settings, db)
    path = mh.match_path(limit)
    res: dict[str, Any] = {"index_records": len(index), "index_build_s": round(build_s, 1)}
    with TestClient(app, headers=mh.headers(token)) as client:

        def http(body: bytes) -> None:
            r = client.post(path, content=body)
            if r.status_code != 200:
                raise RuntimeError(f"HTTP {r.status_code}: {r.text[:300]}")

        for f in (search, service, http):  # warm every path (caches, the first statements)
            timed(20, bodies, f)
        res["timings"] = {
            name: timed(calls, bodies, f)
            for name, f in (("search", search), ("service", service), ("http", http))
        }
    res["profiles"] = {}
    with ThreadProfiles() as prof:
        timed(calls, bodies, service)
    by_cat, rows = split(prof.stats(), calls)
    res["profiles"]["service"] = {"cpu_ms_per_call": by_cat, "top": rows[:40]}
    # A fresh client, so that its threads start under the profiler.
    with ThreadProfiles() as prof, TestClient(app, headers=mh.headers(token)) as client:
        timed(calls, bodies, lambda b: client.post(path, content=b).raise_for_status())
    by_cat, rows = split(prof.stats(), calls)
    res["profiles"]["http"] = {"cpu_ms_per_call": by_cat, "top": rows[:40]}
    db.dispose()
    return res


def report(res: dict[str, Any]) -> None:
    t = res["timings"]
    table = Table(
        title=f"single-name /match/{mh.DATASET}, {res['index_records']:,} records, "
        f"{res['calls']} calls, one thread, in-process"
    )
    for col in ("path", "ms/call", "CPU ms/call", "difference", "is"):
        table.add_column(col, justify="left" if col in ("path", "is") else "right")
    prev = None
    what = {"search": "matching", "service": "database + gate", "http": "web stack"}
    for name in ("search", "service", "http"):
        ms = t[name]["ms_per_call"]
        diff = "" if prev is None else f"{ms - prev:+.2f}"
        table.add_row(name, f"{ms:.2f}", f"{t[name]['cpu_ms_per_call']:.2f}", diff, what[name])
        prev = ms
    console.print(table)
    cat = Table(title="profiled calls: own CPU ms per call (profiler overhead included)")
    cat.add_column("category")
    names = list(res["profiles"])
    for name in names:
        cat.add_column(name, justify="right")
    cats = sorted({c for p in res["profiles"].values() for c in p["cpu_ms_per_call"]})
    for c in cats:
        cat.add_row(
            c, *(f"{p['cpu_ms_per_call'].get(c, 0.0):.3f}" for p in res["profiles"].values())
        )
    cat.add_row(
        "total", *(f"{sum(p['cpu_ms_per_call'].values()):.3f}" for p in res["profiles"].values())
    )
    console.print(cat)
    for name in names:
        top = Table(title=f"{name}: top functions (own CPU ms per call, under the profiler)")
        for col in ("function", "category", "calls", "own", "cum"):
            top.add_column(col, justify="left" if col in ("function", "category") else "right")
        for r in res["profiles"][name]["top"][:15]:
            top.add_row(
                r["function"][-70:],
                r["category"],
                f"{r['calls_per_call']:g}",
                f"{r['own_ms_per_call']:.3f}",
                f"{r['cum_ms_per_call']:.3f}",
            )
        console.print(top)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--calls", type=int, default=300)
    ap.add_argument("--queries", type=int, default=300, help="distinct queries")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--limit", type=int, default=5)
    ap.add_argument("--reuse", type=Path, help="a data directory kept by an earlier --keep")
    ap.add_argument("--keep", action="store_true", help="keep the data directory")
    ap.add_argument("--out", default="screening-profile.json")
    ap.add_argument("--label", default="", help="a note stored with the result (before/after)")
    args = ap.parse_args(argv)
    if args.reuse:
        tmp, token = args.reuse, token_of(args.reuse)
    else:
        tmp, token = prepare(args.records, args.seed, args.queries)
    try:
        res = run(tmp, token, args.calls, args.limit)
    finally:
        if not args.reuse and not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    res = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "label": args.label,
        "records": args.records,
        "calls": args.calls,
        "machine": mh.machine(),
        **res,
    }
    report(res)
    mh.RESULTS.mkdir(parents=True, exist_ok=True)
    out = mh.RESULTS / args.out
    out.write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n")
    console.print(f"written {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
