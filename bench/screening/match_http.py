"""`/match` throughput through HTTP, as a yente user sees it (issue 13, item 6).

For each `--records` size, from nothing:

1. a fresh data directory (temporary SQLite, or the empty PostgreSQL database `--db-url`)
   made by `xborder demo --no-serve --persons 50` (users, API tokens, the screening component
   evaluated, signed off and switched on: what the governance gate asks before any match);
2. N synthetic persons (`xborder.twin.world.generate_persons(seed, N)`, every name of each
   person, as `bench/screening/run.py` indexes them) written as FollowTheMoney JSON lines and
   loaded with `xborder import ftm --dataset bench` (the supported way to load a large list;
   the list API takes at most `XBORDER_MAX_BODY_BYTES`);
3. the real server: `xborder serve` (what the README runs in production: uvicorn, one
   process), or with `--workers W > 1` `uvicorn xborder.platform.app:create_app --factory --workers
   W` (uvicorn's own multi-process mode; each worker holds its own index; see
   UVICORN_NODELAY for the one uvicorn bug worked around). Waits for
   `/healthz`, then for the first `/match` (which builds the in-memory index: timed);
4. `GET /healthz` from one client for a few seconds: the framework's floor (no auth, one
   `SELECT 1`);
5. for each `--threads` T: T client threads, one `httpx.Client` each (keep-alive, `ApiKey`
   auth as yente-client sends it, fr.officer's token), POST `/match/bench` with one query
   entity per request: one name, and the birth date, nationality and gender when the query
   has them (`--name-only` drops those). Half are a listed person's name in another form,
   perturbed (typos, order, dropped parts, initials; `screening_set.mated_query`, as in
   `run.py speed`), half random travellers from another synthetic world. `--warmup` seconds,
   then `--seconds` measured; requests, rate, p50/p99 latency, errors, and the server's CPU
   time per request (its whole process tree, from /proc);
6. the server stopped, the same queries in this process against the same database and the
   same index (`screening.service.refresh`), each thread count again:
   - `search`: `matching.prepare` + `ScreeningIndex.search` (the matcher alone, the caller's
     visibility filter applied, as `service.screen` does);
   - `service`: what the route does without HTTP: `yente.to_subject`, `service.screen` (the
     gate checks, the index refresh, the search, the screening log and access-log writes),
     `yente.response`, `json.dumps`.
   HTTP minus `service` is the web stack (uvicorn, Starlette middleware, FastAPI validation,
   token lookup, serialisation); `service` minus `search` is the database work of a screening.

Prints a table and writes bench/results/screening-http.json. The client runs on the same
machine as the server (as a co-located yente user would): its CPU share is reported.

    .venv/bin/python bench/screening/match_http.py --records 10000 --threads 1 4 --seconds 10
    .venv/bin/python bench/screening/match_http.py --records 100000 --threads 4 --seconds 30
    .venv/bin/python bench/screening/match_http.py --records 10000 100000 --threads 1 4
    .venv/bin/python bench/screening/match_http.py --records 100000 --workers 2 --threads 4
"""

from __future__ import annotations

import sys
from pathlib import Path

# Not named http.py: run as a script, a file's folder comes first on sys.path, and that name
# would shadow the standard library's `http` for every script here. The repository root goes
# on the path for `bench.screening.run`.
HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import contextlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import socket  # noqa: E402
import sqlite3  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from importlib import metadata  # noqa: E402
from typing import Any  # noqa: E402

import httpx  # noqa: E402
from bench.screening import run as speedbench  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

RESULTS = ROOT / "bench" / "results"
DATASET = "bench"
USER = "fr.officer"  # an ordinary bureau officer: screens, sees the lists and its notices
DEMO_PERSONS = 50  # the demo world's notices; the benchmark screens only the `bench` list
AIM = {"records": 100_000, "threads": 4, "queries_per_s_min": 400}
console = Console(width=None if sys.stdout.isatty() else 160)
_GENDER = {"M": "male", "F": "female"}


# --- helpers ------------------------------------------------------------------------------------


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q * len(s)) - 1))] if s else float("nan")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _proc_stat(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw[raw.rindex(")") + 2 :].split()  # fields from `state` on


def process_tree(root: int) -> list[int]:
    """`root` and its descendants (uvicorn's worker processes)."""
    children: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            st = _proc_stat(int(d.name))
            if st is not None:
                children.setdefault(int(st[1]), []).append(int(d.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


def tree_cpu_s(pids: list[int]) -> float:
    """User + system CPU seconds of these processes (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        st = _proc_stat(pid)
        if st is not None:
            total += int(st[11]) + int(st[12])  # utime, stime
    return total / tick


def tree_rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return round(total / 1024, 1)


def machine() -> dict[str, Any]:
    m = speedbench.machine()
    with contextlib.suppress(OSError, ValueError, IndexError):
        kb = int(Path("/proc/meminfo").read_text().split("\n")[0].split()[1])
        m["memory_gb"] = round(kb / 1024 / 1024, 1)
    m["sqlite"] = sqlite3.sqlite_version
    for pkg in (
        "fastapi",
        "starlette",
        "uvicorn",
        "h11",
        "httptools",
        "uvloop",
        "pydantic",
        "sqlalchemy",
        "httpx",
        "psycopg",
    ):
        with contextlib.suppress(metadata.PackageNotFoundError):
            m["packages"][pkg] = metadata.version(pkg)
    return m


# --- the data -----------------------------------------------------------------------------------


def ftm_line(person: Any) -> str:
    """A listed person as a FollowTheMoney entity: every name (the first as `name`, the rest
    as `alias`), birth dates (a span as its years), nationalities, gender."""
    names = [n.full for n in person.names]
    dates: list[str] = []
    for d in person.birth_dates:
        iso = d.iso()
        if "/" in iso:
            lo, hi = (int(p[:4]) for p in iso.split("/"))
            dates += [str(y) for y in range(lo, hi + 1)]
        else:
            dates.append(iso)
    props = {
        "name": names[:1],
        "alias": names[1:],
        "birthDate": dates,
        "nationality": [c.lower() for c in person.nationalities],
        "gender": [_GENDER.get(person.sex.value, "other")],
    }
    return json.dumps(
        {"id": person.id, "schema": "Person", "properties": {k: v for k, v in props.items() if v}},
        ensure_ascii=False,
    )


@dataclass
class Queries:
    bodies: list[bytes]  # the yente request bodies, pre-encoded
    entities: list[dict[str, Any]]  # the query entity of each
    targets: list[str]  # the listed person's id for a mated query, "" for a traveller


def write_list(path: Path, seed: int, n: int, keep: int) -> tuple[list[Any], float]:
    """N persons as FtM JSON lines; returns `keep` of them spread over the list (the
    persons the mated queries are made from) and the seconds it took."""
    from xborder.twin.world import generate_persons

    every = max(1, n // keep)
    kept: list[Any] = []
    t0 = time.perf_counter()
    with path.open("w", encoding="utf-8") as fh:
        for i, p in enumerate(generate_persons(seed, n)):
            fh.write(ftm_line(p) + "\n")
            if i % every == 0 and len(kept) < keep:
                kept.append(p)
    return kept, time.perf_counter() - t0


def make_queries(seed: int, kept: list[Any], n: int, name_only: bool) -> Queries:
    """Half mated (a listed person, another form of a name, perturbed), half travellers
    from another world: `run.py speed`'s queries, as yente query entities."""
    import xborder.twin.screening_set as ds
    from xborder.twin.world import generate_persons

    donors = ds.Donors(generate_persons(seed + ds.DONOR_SEED_OFFSET, n * 2))
    subjects = speedbench.speed_queries(seed, kept, n, donors, "http")
    out = Queries([], [], [])
    for s in subjects:
        props: dict[str, list[str]] = {"name": [s.names[0].full]}
        if not name_only:
            if s.birth_dates:
                props["birthDate"] = [s.birth_dates[0]]
            if s.nationalities:
                props["nationality"] = [s.nationalities[0].lower()]
            if s.sex in _GENDER:
                props["gender"] = [_GENDER[s.sex]]
        entity = {"schema": "Person", "properties": props}
        out.entities.append(entity)
        out.bodies.append(json.dumps({"queries": {"q": entity}}, ensure_ascii=False).encode())
        out.targets.append(kept[int(s.id[1:])].id if s.id.startswith("s") else "")
    return out


# --- the server ---------------------------------------------------------------------------------


@dataclass
class Setup:
    data_dir: Path
    db_url: str  # "" for SQLite in the data dir
    timings: dict[str, float] = field(default_factory=dict)

    def env(self) -> dict[str, str]:
        e = {k: v for k, v in os.environ.items() if not k.startswith("XBORDER_")}
        e["XBORDER_DATA_DIR"] = str(self.data_dir)
        if self.db_url:
            e["XBORDER_DATABASE_URL"] = self.db_url
        return e

    def xborder(self, *args: str) -> None:
        out = subprocess.run(
            [sys.executable, "-m", "xborder.cli", *args],
            env=self.env(),
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if out.returncode != 0:
            raise RuntimeError(
                f"xborder {args[0]} failed:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}"
            )


# uvicorn --workers binds the listening socket itself with `proto` 0; accepted sockets inherit
# it and asyncio then leaves Nagle's algorithm on (it sets TCP_NODELAY only when proto is
# IPPROTO_TCP), so every keep-alive response waits ~40 ms for the client's delayed ACK
# (uvicorn issue #3149, open at 0.54). `--workers 1` (`xborder serve`) is unaffected. The
# benchmark measures the server, not that bug: it re-wraps the bound socket so that its proto
# is read from the descriptor (6), unless --uvicorn-as-is.
UVICORN_NODELAY = """
import socket, sys
import uvicorn.config
from uvicorn.main import main
_bind = uvicorn.config.Config.bind_socket
def bind_socket(self):
    return socket.socket(fileno=_bind(self).detach())
uvicorn.config.Config.bind_socket = bind_socket
sys.exit(main(sys.argv[1:]))
"""


@contextlib.contextmanager
def server(setup: Setup, workers: int, as_is: bool = False) -> Iterator[tuple[str, int]]:
    port = free_port()
    if workers <= 1:
        cmd = [
            sys.executable,
            "-m",
            "xborder.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--data-dir",
            str(setup.data_dir),
        ]
    else:
        launcher = ["-m", "uvicorn"] if as_is else ["-c", UVICORN_NODELAY]
        cmd = [
            sys.executable,
            *launcher,
            "xborder.platform.app:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ]
    log_path = setup.data_dir / "server.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            cmd, env=setup.env(), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                with contextlib.suppress(httpx.HTTPError):
                    if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                        break
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("server did not start: " + log_path.read_text()[-3000:])
                time.sleep(0.1)
            yield base, proc.pid
        finally:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)


def headers(token: str) -> dict[str, str]:
    # What yente-client sends: `Authorization: ApiKey <key>`, JSON.
    return {"Authorization": f"ApiKey {token}", "Content-Type": "application/json"}


def match_path(limit: int | None) -> str:
    return f"/match/{DATASET}" + (f"?limit={limit}" if limit else "")


def wait_for_index(base: str, token: str, q: Queries, workers: int, path: str) -> float:
    """The first `/match` builds the index from the database: seconds until every worker
    answers fast (each uvicorn worker builds its own; new connections spread over them)."""
    t0 = time.perf_counter()
    rounds = 0
    while True:
        rounds += 1
        n = 4 * workers
        took: list[float] = []
        failed: list[str] = []

        def one(i: int, took: list[float] = took, failed: list[str] = failed) -> None:
            with httpx.Client(base_url=base, headers=headers(token), timeout=600) as c:
                s = time.perf_counter()
                res = c.post(path, content=q.bodies[i % len(q.bodies)])
                if res.status_code != 200:
                    failed.append(f"HTTP {res.status_code}: {res.text[:300]}")
                took.append(time.perf_counter() - s)

        threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if failed:
            raise RuntimeError(f"/match failed: {failed[0]}")
        if len(took) == n and max(took) < 1.0:
            return time.perf_counter() - t0
        if rounds > 50:
            raise RuntimeError("the server never answered /match quickly")


def healthz_floor(base: str, pids: list[int], seconds: float) -> dict[str, Any]:
    """The framework's floor: GET /healthz (no auth, one `SELECT 1` transaction), one client."""
    with httpx.Client(base_url=base, timeout=30) as c:
        c.get("/healthz")
        lat: list[float] = []
        cpu0 = tree_cpu_s(pids)
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < seconds:
            s = time.perf_counter()
            c.get("/healthz").raise_for_status()
            lat.append((time.perf_counter() - s) * 1000)
        wall = time.perf_counter() - t0
        cpu = tree_cpu_s(pids) - cpu0
    return {
        "path": "GET /healthz",
        "threads": 1,
        "requests": len(lat),
        "per_s": round(len(lat) / wall, 1),
        "p50_ms": round(pct(lat, 0.5), 2),
        "p99_ms": round(pct(lat, 0.99), 2),
        "server_cpu_ms_per_request": round(cpu / len(lat) * 1000, 2),
    }


# --- the load -----------------------------------------------------------------------------------


@dataclass
class Tally:
    lat_ms: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    samples: list[str] = field(default_factory=list)
    mated: int = 0
    mated_top1: int = 0  # mated queries whose top result is the listed person
    hits: int = 0


def drive(
    threads: int,
    seconds: float,
    warmup: float,
    q: Queries,
    make_worker: Callable[[int], Callable[[int], tuple[str | None, list[str]]]],
    pids: list[int] | None = None,
) -> dict[str, Any]:
    """T threads, each calling its worker on the queries in turn (each thread from its own
    offset), `warmup` seconds unmeasured, then `seconds` measured. A worker answers
    (error or None, result ids best first)."""
    lock = threading.Lock()
    tally = Tally()
    phase = {"measure_from": float("inf"), "stop": float("inf")}
    barrier = threading.Barrier(threads + 1)
    workers = [make_worker(t) for t in range(threads)]

    def loop(t: int) -> None:
        call = workers[t]
        i = t * len(q.bodies) // threads
        barrier.wait()
        while True:
            s = time.perf_counter()
            if s >= phase["stop"]:
                return
            k = i % len(q.bodies)
            i += 1
            try:
                err, ids = call(k)
            except Exception as exc:  # a broken connection is an error, not the end of the run
                err, ids = f"{type(exc).__name__}: {exc}"[:200], []
            e = time.perf_counter()
            if s < phase["measure_from"]:
                continue
            with lock:
                tally.lat_ms.append((e - s) * 1000)
                if err is not None:
                    tally.errors[err.split(":")[0]] += 1
                    if len(tally.samples) < 3:
                        tally.samples.append(err)
                    continue
                tally.hits += len(ids)
                if q.targets[k]:
                    tally.mated += 1
                    tally.mated_top1 += bool(ids) and ids[0] == q.targets[k]

    pool = [threading.Thread(target=loop, args=(t,), daemon=True) for t in range(threads)]
    for th in pool:
        th.start()
    start = time.perf_counter()
    phase["measure_from"] = start + warmup
    phase["stop"] = start + warmup + seconds
    barrier.wait()
    time.sleep(warmup)
    cpu0 = tree_cpu_s(pids) if pids else 0.0
    own0 = time.process_time()
    t0 = time.perf_counter()
    for th in pool:
        th.join()
    wall = time.perf_counter() - t0
    cpu = tree_cpu_s(pids) - cpu0 if pids else 0.0
    own = time.process_time() - own0
    n = len(tally.lat_ms)
    ok = n - sum(tally.errors.values())
    res: dict[str, Any] = {
        "threads": threads,
        "requests": n,
        "ok": ok,
        "errors": sum(tally.errors.values()),
        "error_kinds": dict(tally.errors),
        "error_samples": tally.samples,
        "wall_s": round(wall, 2),
        "per_s": round(ok / wall, 1),
        "p50_ms": round(pct(tally.lat_ms, 0.5), 2),
        "p90_ms": round(pct(tally.lat_ms, 0.9), 2),
        "p99_ms": round(pct(tally.lat_ms, 0.99), 2),
        "mean_ms": round(statistics.fmean(tally.lat_ms), 2) if tally.lat_ms else None,
        "mean_results": round(tally.hits / ok, 2) if ok else None,
        "mated_top1": round(tally.mated_top1 / tally.mated, 3) if tally.mated else None,
    }
    if pids:
        res["server_cpu_ms_per_request"] = round(cpu / max(n, 1) * 1000, 2)
        res["server_cpu_utilisation"] = round(cpu / wall, 2)
        res["client_cpu_utilisation"] = round(own / wall, 2)
    else:
        res["cpu_ms_per_request"] = round(own / max(n, 1) * 1000, 2)
        res["cpu_utilisation"] = round(own / wall, 2)
    return res


def http_workers(
    base: str, token: str, q: Queries, path: str
) -> tuple[Callable[[int], Callable[[int], tuple[str | None, list[str]]]], list[httpx.Client]]:
    clients: list[httpx.Client] = []

    def make(_t: int) -> Callable[[int], tuple[str | None, list[str]]]:
        c = httpx.Client(base_url=base, headers=headers(token), timeout=60)
        c.get("/healthz")  # the keep-alive connection opens before the clock starts
        clients.append(c)

        def call(k: int) -> tuple[str | None, list[str]]:
            res = c.post(path, content=q.bodies[k])
            if res.status_code != 200:
                return f"HTTP {res.status_code}: {res.text[:150]}", []
            results = res.json()["responses"]["q"]["results"]
            return None, [r["id"] for r in results]

        return call

    return make, clients


def in_process(
    setup: Setup,
    token: str,
    q: Queries,
    threads: list[int],
    seconds: float,
    warmup: float,
    limit: int,
) -> dict[str, Any]:
    """The same queries without HTTP, on the same database and index (see the docstring)."""
    from xborder.accounts import service as identity
    from xborder.config import Settings
    from xborder.screening import matching, yente
    from xborder.screening import service as screening
    from xborder.screening.config import DEFAULT as CONFIG
    from xborder.store.db import Database

    settings = Settings(data_dir=setup.data_dir, database_url=setup.db_url)
    db = Database(settings.url)
    actor = identity.token_actor(db, token)
    assert actor is not None, "the demo token does not resolve"
    t0 = time.perf_counter()
    index = screening.refresh(db)
    build_s = time.perf_counter() - t0
    allow = screening.allow_for(actor, DATASET)
    requests = [yente.MatchRequest.model_validate_json(b) for b in q.bodies]

    def search_worker(_t: int) -> Callable[[int], tuple[str | None, list[str]]]:
        def call(k: int) -> tuple[str | None, list[str]]:
            subject, _ = yente.to_subject("q", requests[k].queries["q"])
            hits = index.search(
                matching.prepare(subject),
                limit=limit,
                cutoff=CONFIG.cutoff,
                allow=allow,
                config=CONFIG,
            )
            return None, [h.entry_id.removeprefix(f"list:{DATASET}:") for h in hits]

        return call

    purpose, basis = settings.match_default_purpose, settings.match_default_legal_basis

    def service_worker(_t: int) -> Callable[[int], tuple[str | None, list[str]]]:
        def call(k: int) -> tuple[str | None, list[str]]:
            body = yente.MatchRequest.model_validate_json(q.bodies[k])
            out = yente.match(
                db,
                settings,
                actor,
                body,
                DATASET,
                purpose=purpose,
                legal_basis=basis,
                limit=limit,
            )
            json.dumps(out)
            return None, [r["id"] for r in out["responses"]["q"]["results"]]

        return call

    runs = []
    for t in threads:
        for name, make in (("search", search_worker), ("service", service_worker)):
            r = drive(t, seconds, warmup, q, make)
            runs.append({"path": name, **r})
            console.print(
                f"    in-process {name:7} x{t}: {r['per_s']:.0f}/s "
                f"p50 {r['p50_ms']} ms p99 {r['p99_ms']} ms"
            )
    db.dispose()
    return {"index_build_s": round(build_s, 1), "index_records": len(index), "runs": runs}


# --- one size -----------------------------------------------------------------------------------


def one_size(args: argparse.Namespace, records: int) -> dict[str, Any]:
    tmp = Path(tempfile.mkdtemp(prefix="xborder-http-bench-"))
    setup = Setup(data_dir=tmp / "data", db_url=args.db_url or "")
    out: dict[str, Any] = {"records": records, "workers": args.workers, "data_dir": str(tmp)}
    try:
        console.rule(f"{records:,} records")
        t0 = time.perf_counter()
        setup.xborder(
            "demo", "--no-serve", "--persons", str(DEMO_PERSONS), "--data-dir", str(setup.data_dir)
        )
        setup.timings["demo_s"] = time.perf_counter() - t0
        creds_path = setup.data_dir / "demo-credentials.json"
        if not creds_path.exists():
            raise RuntimeError(f"no {creds_path}: was the database at --db-url empty?")
        creds = json.loads(creds_path.read_text("utf-8"))
        token = next(u["token"] for u in creds["users"] if u["username"] == USER)
        console.print(f"  demo world: {setup.timings['demo_s']:.0f}s")

        list_path = tmp / "bench.ftm.json"
        kept, setup.timings["write_list_s"] = write_list(
            list_path, args.seed, records, args.queries
        )
        t0 = time.perf_counter()
        setup.xborder(
            "import", "ftm", str(list_path), "--dataset", DATASET, "--data-dir", str(setup.data_dir)
        )
        setup.timings["import_s"] = time.perf_counter() - t0
        console.print(
            f"  list: written {setup.timings['write_list_s']:.0f}s, "
            f"imported {setup.timings['import_s']:.0f}s"
        )

        t0 = time.perf_counter()
        q = make_queries(args.seed, kept, args.queries, args.name_only)
        setup.timings["queries_s"] = time.perf_counter() - t0
        out["queries"] = {
            "distinct": len(q.bodies),
            "mated": sum(bool(t) for t in q.targets),
            "name_only": args.name_only,
            "example": q.entities[0],
        }
        path = match_path(args.limit)
        runs: list[dict[str, Any]] = []
        with server(setup, args.workers, args.uvicorn_as_is) as (base, pid):
            t0 = time.perf_counter()
            setup.timings["first_match_s"] = wait_for_index(base, token, q, args.workers, path)
            pids = process_tree(pid)
            out["server"] = {
                "command": "xborder serve"
                if args.workers <= 1
                else f"uvicorn xborder.platform.app:create_app --factory --workers {args.workers}"
                + ("" if args.uvicorn_as_is else " (TCP_NODELAY restored, uvicorn #3149)"),
                "processes": len(pids),
                "rss_mb_after_index": tree_rss_mb(pids),
            }
            console.print(
                f"  server up, index loaded on the first /match in "
                f"{setup.timings['first_match_s']:.0f}s "
                f"(server RSS {out['server']['rss_mb_after_index']:.0f} MB)"
            )
            out["healthz_floor"] = healthz_floor(base, pids, args.floor_seconds)
            for t in args.threads:
                make, clients = http_workers(base, token, q, path)
                try:
                    r = drive(t, args.seconds, args.warmup, q, make, pids)
                finally:
                    for c in clients:
                        c.close()
                runs.append({"path": "http", **r})
                console.print(
                    f"    http x{t}: {r['per_s']:.0f}/s p50 {r['p50_ms']} ms "
                    f"p99 {r['p99_ms']} ms, errors {r['errors']}, server CPU "
                    f"{r['server_cpu_ms_per_request']} ms/request"
                )
        out["http"] = runs
        if args.inproc_seconds > 0:
            out["in_process"] = in_process(
                setup,
                token,
                q,
                args.threads,
                args.inproc_seconds,
                min(args.warmup, 2.0),
                args.limit or 5,
            )
        out["setup_s"] = {k: round(v, 1) for k, v in setup.timings.items()}
        return out
    finally:
        if args.keep:
            console.print(f"  kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


# --- report -------------------------------------------------------------------------------------


def report(res: dict[str, Any]) -> None:
    table = Table(title="/match through HTTP beside the same queries in-process")
    for col in (
        "records",
        "workers",
        "threads",
        "path",
        "requests",
        "q/s",
        "p50 ms",
        "p99 ms",
        "errors",
        "server CPU ms/req",
        "top-1 mated",
    ):
        table.add_column(col, justify="left" if col == "path" else "right")
    for size in res["sizes"]:
        rows = [*size["http"], *size.get("in_process", {}).get("runs", [])]
        for r in sorted(
            rows, key=lambda r: (r["threads"], ["http", "service", "search"].index(r["path"]))
        ):
            cpu = r.get("server_cpu_ms_per_request")
            table.add_row(
                f"{size['records']:,}",
                str(size["workers"]) if r["path"] == "http" else "-",
                str(r["threads"]),
                r["path"] if r["path"] == "http" else f"in-process {r['path']}",
                f"{r['requests']:,}",
                f"{r['per_s']:,.0f}",
                f"{r['p50_ms']:.1f}",
                f"{r['p99_ms']:.1f}",
                str(r["errors"]),
                "" if cpu is None else f"{cpu:.2f}",
                "" if r["mated_top1"] is None else f"{r['mated_top1']:.3f}",
            )
        f = size["healthz_floor"]
        table.add_row(
            f"{size['records']:,}",
            str(size["workers"]),
            "1",
            "GET /healthz",
            f"{f['requests']:,}",
            f"{f['per_s']:,.0f}",
            f"{f['p50_ms']:.1f}",
            f"{f['p99_ms']:.1f}",
            "0",
            f"{f['server_cpu_ms_per_request']:.2f}",
            "",
            end_section=True,
        )
    console.print(table)
    aim = res["aim"]
    console.print(
        f"aim: >= {aim['queries_per_s_min']}/s with {aim['threads']} client threads at "
        f"{aim['records']:,} records: {aim['status']}"
    )


def check_aim(res: dict[str, Any]) -> None:
    got = [
        r["per_s"]
        for s in res["sizes"]
        if s["records"] == AIM["records"]
        for r in s["http"]
        if r["threads"] == AIM["threads"]
    ]
    res["aim"] = {
        **AIM,
        "measured_per_s": max(got) if got else None,
        "status": "not measured"
        if not got
        else ("met" if max(got) >= AIM["queries_per_s_min"] else f"missed ({max(got):.0f}/s)"),
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--records",
        type=int,
        nargs="+",
        default=[100_000],
        help="listed persons (one fresh database each)",
    )
    ap.add_argument("--threads", type=int, nargs="+", default=[4], help="client threads")
    ap.add_argument("--seconds", type=float, default=30.0, help="measured, per thread count")
    ap.add_argument("--warmup", type=float, default=3.0, help="unmeasured, before each")
    ap.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    ap.add_argument(
        "--uvicorn-as-is",
        action="store_true",
        help="--workers > 1 without the TCP_NODELAY workaround (uvicorn #3149)",
    )
    ap.add_argument("--queries", type=int, default=2000, help="distinct queries, cycled")
    ap.add_argument(
        "--limit",
        type=int,
        default=None,
        help="?limit= sent with each match (default: the server's, 5)",
    )
    ap.add_argument("--name-only", action="store_true", help="queries carry the name alone")
    ap.add_argument(
        "--inproc-seconds",
        type=float,
        default=8.0,
        help="in-process comparison, per path and thread count (0: skip)",
    )
    ap.add_argument("--floor-seconds", type=float, default=3.0, help="GET /healthz floor")
    ap.add_argument(
        "--db-url", default=None, help="an EMPTY PostgreSQL database (postgresql://...), not SQLite"
    )
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", action="store_true", help="keep the temporary data directory")
    ap.add_argument("--out", type=Path, default=RESULTS / "screening-http.json")
    args = ap.parse_args(argv)
    if len(args.records) > 1 and args.db_url:
        ap.error("--db-url takes one --records size (the database must start empty)")
    started = datetime.now(UTC)
    t0 = time.perf_counter()
    res: dict[str, Any] = {
        "machine": machine(),
        "started": started.isoformat(timespec="seconds"),
        "parameters": {
            k: (str(v) if isinstance(v, Path) else v)
            for k, v in vars(args).items()
            if k != "db_url"
        }
        | {"database": "postgresql" if args.db_url else "sqlite"},
        "sizes": [],
    }
    for n in args.records:
        res["sizes"].append(one_size(args, n))
    res["elapsed_s"] = round(time.perf_counter() - t0, 1)
    check_aim(res)
    report(res)
    speedbench.write(args.out, res)


if __name__ == "__main__":
    main()
