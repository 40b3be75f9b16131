"""Requests per second and latency of a real `xborder serve`, driven by `wrk` from a separate
process (issue 14, item 3).

For each backend (SQLite in a temporary data directory; PostgreSQL in a fresh database
`xbbench_<random>`, created and dropped by the benchmark), from nothing:

1. `xborder demo --no-serve --persons 50`: users and their API tokens, the demo notices, and
   the governance records screening needs (the component evaluated, signed off, switched on).
   Then, for each `--workers` W, `xborder serve --workers W` and, with `wrk`:
   - `GET /healthz`: the floor (no auth, one `SELECT 1`);
   - `GET /api/v1/me` with fr.officer's token (`Authorization: Bearer`);
   - `GET /notices/v1/red` anonymous, the default page of 20, on the demo's public notices.
2. `--records` synthetic persons written as FollowTheMoney lines and loaded with `xborder
   import ftm --dataset bench` (`bench/screening/match_http.py`'s preparation, imported from
   it), then `POST /match/bench` (`Authorization: ApiKey`, as yente clients send it), one
   query entity with one name per request, from `--queries` distinct pre-encoded bodies (half
   a listed person's name in another form, perturbed; half travellers from another world),
   which a generated Lua script hands to wrk in turn. Each worker builds its index on its
   first `/match`: that is waited for before measuring.
3. `--records` published Red Notices with public extracts and their persons, loaded through
   the ORM (`bench/http/load_public.py`), then `GET /notices/v1/red` again.

/match is measured before the notices are loaded: published notices are screened too, and
the aim is about a list of `--records`.

Every route: one unmeasured wrk run of `--warmup` seconds, then `wrk -t2 -c<C> -d<S>s
--latency` per `--connections` C. wrk's own figures: Requests/sec and the 50th/99th
percentile latency; errors are the responses with status >= 400 ("Non-2xx or 3xx responses")
plus socket errors (connect, read, write, timeout: a request slower than `--timeout` is one);
a row with errors is marked `!`. Beside each: the server's CPU seconds per request (its whole
process tree, from /proc) and the share of a core wrk itself used (the client runs on the same
machine as the server and takes CPU from it).

Rate limits are switched off in the server (XBORDER_RATE_LIMITS below), so that what is
measured is the work of a request, not the limiter's refusals; the table header and the JSON
say so. Prints a table and writes bench/results/http.json (`--quick`: http-quick.json).

    .venv/bin/python bench/http/run.py --quick
    .venv/bin/python bench/http/run.py                      # sqlite and postgresql, 1 and 2 workers
    .venv/bin/python bench/http/run.py --backends postgresql --workers 2 --records 100000
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path; the repository root goes on it
# for `bench.screening.match_http` and `bench.http.load_public`.
HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import contextlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import resource  # noqa: E402
import secrets  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from http.client import HTTPConnection  # noqa: E402
from typing import Any  # noqa: E402
from urllib.parse import urlsplit  # noqa: E402

import httpx  # noqa: E402
from bench.http import load_public  # noqa: E402
from bench.screening import match_http as mh  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.markup import escape  # noqa: E402
from rich.table import Table  # noqa: E402

RESULTS = ROOT / "bench" / "results"
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
RATE_LIMITS_OFF = {"public": "off", "account": "off", "screening": "off", "auth_failure": "off"}
USER = mh.USER  # fr.officer
# The aims (with 2 workers) and the figures measured before it (1 process, 8
# connections, at the time of the issue; not measured by this script).
AIMS = {
    "workers": 2,
    "records": 100_000,
    "per_s_min": {"me": 1500, "red_full": 1000, "match": 400},
    "p99_ms_max": 100,
    "p99_at_connections": 16,
}
BASELINE = {
    "note": "from issue 14, measured before it: 1 process, 8 connections",
    "per_s": {
        "GET /healthz": 949,
        "GET /api/v1/me": 284,
        "GET /notices/v1/red": 89,
        "POST /match/default": 78,
    },
}
console = Console(width=None if sys.stdout.isatty() else 170)


# --- routes -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    key: str
    method: str
    path: str
    phase: str  # demo | list | notices: the data in the database when measured
    auth: str = ""  # "" | "Bearer" | "ApiKey"

    @property
    def name(self) -> str:
        return f"{self.method} {self.path}"


ROUTES = (
    Route("healthz", "GET", "/healthz", "demo"),
    Route("me", "GET", "/api/v1/me", "demo", "Bearer"),
    Route("red_demo", "GET", "/notices/v1/red", "demo"),
    Route("match", "POST", f"/match/{mh.DATASET}", "list", "ApiKey"),
    Route("red_full", "GET", "/notices/v1/red", "notices"),
    # The search itself, not a kept answer: a different family-name prefix (and sometimes a
    # nationality or an age range) on every request, so the answer cache rarely helps.
    Route("red_search", "GET", "/notices/v1/red", "notices"),
)


# --- wrk ----------------------------------------------------------------------------------------


def wrk_version() -> str | None:
    exe = shutil.which("wrk")
    if exe is None:
        return None
    out = subprocess.run([exe, "--version"], capture_output=True, text=True, check=False)
    text = (out.stdout + out.stderr).strip().splitlines()
    return text[0].split(" Copyright")[0].strip() if text else "wrk"


def lua_string(raw: bytes) -> str:
    """A Lua string literal for any bytes (decimal escapes outside printable ASCII)."""
    return (
        '"'
        + "".join(chr(c) if 32 <= c < 127 and c not in (34, 92) else f"\\{c:03d}" for c in raw)
        + '"'
    )


def search_paths(path: str, n: int = 400, seed: int = 11) -> list[str]:
    """Varied public searches: family-name prefixes of 2-4 letters from synthetic persons, a
    third with a nationality, a fifth with an age range."""
    import random
    from urllib.parse import urlencode

    from xborder.names import fold
    from xborder.twin.world import generate_persons

    rnd = random.Random(seed)
    out: list[str] = []
    for i, person in enumerate(generate_persons(seed, n)):
        family = fold(person.primary_name.family or person.primary_name.full).split()
        if not family:
            continue
        params: dict[str, str | int] = {"name": family[0][: rnd.randint(2, 4)]}
        if i % 3 == 0 and person.nationalities:
            params["nationality"] = person.nationalities[0]
        if i % 5 == 0:
            low = rnd.randint(18, 60)
            params |= {"ageMin": low, "ageMax": low + 10}
        out.append(f"{path}?{urlencode(params)}")
    return out


def lua_script(headers: dict[str, str], requests: list[tuple[str, str, bytes | None]]) -> str:
    """A wrk script that sends the (method, path, body) requests in turn, each thread from its
    own offset, requests formatted once per thread."""
    table = ",\n".join(
        f"  {{{lua_string(m.encode())}, {lua_string(p.encode())}, "
        f"{lua_string(b) if b is not None else 'nil'}}}"
        for m, p, b in requests
    )
    hdrs = ", ".join(
        f"[{lua_string(k.encode())}] = {lua_string(v.encode())}" for k, v in headers.items()
    )
    return f"""-- generated by bench/http/run.py
local specs = {{
{table}
}}
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local reqs, i
function init(args)
  reqs = {{}}
  for k, r in ipairs(specs) do
    reqs[k] = wrk.format(r[1], r[2], {{{hdrs}}}, r[3])
  end
  i = ((tid or 1) - 1) * math.floor(#reqs / 2)
end
function request()
  i = i + 1
  return reqs[(i % #reqs) + 1]
end
"""


_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def _ms(text: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text)
    if m is None:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(m.group(1)) * _UNIT_MS[m.group(2)]


def parse_wrk(out: str) -> dict[str, Any]:
    """wrk's `--latency` report: Requests/sec, the latency percentiles, requests, errors."""
    res: dict[str, Any] = {}
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    res["per_s"] = float(m.group(1)) if m else 0.0
    m = re.search(r"(\d+) requests in ([\d.]+\w+)", out)
    res["requests"] = int(m.group(1)) if m else 0
    res["duration_s"] = round(_ms(m.group(2)) / 1000, 2) if m else None
    for pct in ("50", "75", "90", "99"):
        m = re.search(rf"^\s+{pct}%\s+([\d.]+\w+)\s*$", out, re.M)
        res[f"p{pct}_ms"] = round(_ms(m.group(1)), 2) if m else None
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    sock = (
        dict(zip(("connect", "read", "write", "timeout"), map(int, m.groups()), strict=True))
        if m
        else {}
    )
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    res["non_2xx"] = int(m.group(1)) if m else 0
    res["socket_errors"] = sock
    res["errors"] = res["non_2xx"] + sum(sock.values())
    return res


def run_wrk(
    url: str,
    connections: int,
    seconds: float,
    timeout: float,
    headers: dict[str, str],
    script: Path | None,
) -> dict[str, Any]:
    cmd = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--latency",
        f"--timeout={max(1, round(timeout))}s",
    ]
    for k, v in headers.items():
        cmd += ["-H", f"{k}: {v}"]
    if script is not None:
        cmd += ["-s", str(script)]
    cmd.append(url)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode != 0:
        raise RuntimeError(f"wrk failed ({out.returncode}): {out.stderr[-2000:]}")
    res = parse_wrk(out.stdout)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    res["client_cpu_utilisation"] = round(cpu / wall, 2)
    res["raw"] = out.stdout
    return res


# --- the fallback load generator ----------------------------------------------------------------


def run_python(
    url: str,
    connections: int,
    seconds: float,
    timeout: float,
    headers: dict[str, str],
    bodies: list[bytes] | None,
) -> dict[str, Any]:
    """Only where wrk is absent: one thread per keep-alive connection (http.client). The GIL
    makes it a much weaker client than wrk: its figures are a floor, not the server's rate."""
    parts = urlsplit(url)
    lat: list[float] = []
    errors = {"non_2xx": 0, "socket": 0}
    lock = threading.Lock()
    stop = time.perf_counter() + seconds
    method = "POST" if bodies else "GET"

    def loop(t: int) -> None:
        conn = HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=timeout)
        i = t * 97
        mine: list[float] = []
        bad = sock = 0
        while time.perf_counter() < stop:
            body = bodies[i % len(bodies)] if bodies else None
            i += 1
            s = time.perf_counter()
            try:
                conn.request(method, parts.path, body=body, headers=headers)
                res = conn.getresponse()
                res.read()
                bad += res.status >= 400
            except OSError:
                sock += 1
                conn.close()
                conn = HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=timeout)
                continue
            mine.append((time.perf_counter() - s) * 1000)
        conn.close()
        with lock:
            lat.extend(mine)
            errors["non_2xx"] += bad
            errors["socket"] += sock

    pool = [threading.Thread(target=loop, args=(t,)) for t in range(connections)]
    own0 = time.process_time()
    t0 = time.perf_counter()
    for th in pool:
        th.start()
    for th in pool:
        th.join()
    wall = time.perf_counter() - t0
    return {
        "per_s": round(len(lat) / wall, 1),
        "requests": len(lat),
        "duration_s": round(wall, 2),
        **{f"p{p}_ms": round(mh.pct(lat, p / 100), 2) for p in (50, 75, 90, 99)},
        "non_2xx": errors["non_2xx"],
        "socket_errors": {"any": errors["socket"]},
        "errors": errors["non_2xx"] + errors["socket"],
        "client_cpu_utilisation": round((time.process_time() - own0) / wall, 2),
    }


# --- one backend --------------------------------------------------------------------------------


@dataclass
class Backend:
    name: str  # sqlite | postgresql
    setup: mh.Setup
    database: str = ""  # the PostgreSQL database created for the run
    timings: dict[str, float] = field(default_factory=dict)


@contextlib.contextmanager
def fresh_backend(name: str, admin_url: str, keep: bool) -> Iterator[Backend]:
    tmp = Path(tempfile.mkdtemp(prefix=f"xborder-http-{name}-"))
    database, db_url = "", ""
    engine: Any = None
    if name == "postgresql":
        from sqlalchemy import create_engine, text

        database = f"xbbench_{secrets.token_hex(4)}"
        base = admin_url.replace("postgresql://", "postgresql+psycopg://", 1)
        engine = create_engine(base, isolation_level="AUTOCOMMIT")
        with engine.connect() as c:
            c.execute(text(f'CREATE DATABASE "{database}"'))
        db_url = admin_url.rsplit("/", 1)[0] + f"/{database}"
    try:
        yield Backend(name, mh.Setup(data_dir=tmp / "data", db_url=db_url), database)
    finally:
        if engine is not None:
            from sqlalchemy import text

            if keep:
                console.print(f"  kept database {database}")
            else:
                with engine.connect() as c:
                    c.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            engine.dispose()
        if keep:
            console.print(f"  kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def server_env(b: Backend) -> dict[str, str]:
    e = b.setup.env()
    e["XBORDER_RATE_LIMITS"] = json.dumps(RATE_LIMITS_OFF)
    return e


@contextlib.contextmanager
def serve(b: Backend, workers: int, label: str) -> Iterator[tuple[str, int]]:
    """`xborder serve --workers W` on a free port; (base url, the serve process's pid)."""
    port = mh.free_port()
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
        str(b.setup.data_dir),
        "--workers",
        str(workers),
    ]
    log_path = b.setup.data_dir / f"server-{label}-w{workers}.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            cmd, env=server_env(b), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 90
            while True:
                with contextlib.suppress(httpx.HTTPError):
                    if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                        break
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("server did not start: " + log_path.read_text()[-3000:])
                time.sleep(0.2)
            # every worker up: uvicorn starts them one after another (the tree also holds
            # multiprocessing's helper), so wait until it has stopped growing for a second
            deadline = time.monotonic() + 60
            seen, since = 0, time.monotonic()
            while workers > 1 and time.monotonic() < deadline:
                n = len(mh.process_tree(proc.pid))
                if n != seen:
                    seen, since = n, time.monotonic()
                elif n >= workers + 1 and time.monotonic() - since >= 1.0:
                    break
                time.sleep(0.2)
            yield base, proc.pid
        finally:
            pids = mh.process_tree(proc.pid)
            proc.terminate()
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
            for pid in pids[1:]:  # a worker left behind by its parent
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, 9)


def auth_headers(route: Route, token: str) -> dict[str, str]:
    h: dict[str, str] = {}
    if route.auth:
        h["Authorization"] = f"{route.auth} {token}"
    if route.method == "POST":
        h["Content-Type"] = "application/json"
    return h


def check_route(base: str, route: Route, token: str, body: bytes | None) -> dict[str, Any]:
    """One request before measuring: the route answers 200, with what it should."""
    res = httpx.request(
        route.method,
        base + route.path,
        headers=auth_headers(route, token),
        content=body,
        timeout=300,
    )
    if res.status_code != 200:
        raise RuntimeError(f"{route.name} answered {res.status_code}: {res.text[:500]}")
    out: dict[str, Any] = {"status": res.status_code, "bytes": len(res.content)}
    doc = res.json()
    if route.key == "me":
        out["username"] = doc.get("username")
    elif route.key.startswith("red"):
        out["total"] = doc.get("total")
        out["shown"] = len(doc.get("_embedded", {}).get("notices", []))
    elif route.key == "match":
        out["results"] = sum(len(r.get("results", [])) for r in doc["responses"].values())
    return out


def load(
    args: argparse.Namespace,
    url: str,
    connections: int,
    seconds: float,
    headers: dict[str, str],
    script: Path | None,
    bodies: list[bytes] | None,
) -> dict[str, Any]:
    if args.python_client:
        return run_python(url, connections, seconds, args.timeout, headers, bodies)
    return run_wrk(url, connections, seconds, args.timeout, headers, script)


def measure(
    args: argparse.Namespace,
    b: Backend,
    workers: int,
    phase: str,
    token: str,
    queries: mh.Queries | None,
    extra: dict[str, Any],
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    routes = [r for r in ROUTES if r.phase == phase and r.key in args.routes]
    if not routes:
        return rows
    with serve(b, workers, phase) as (base, pid):
        script: Path | None = None
        bodies: list[bytes] | None = None
        if phase == "list":
            assert queries is not None
            t0 = time.perf_counter()
            mh.wait_for_index(base, token, queries, workers, f"/match/{mh.DATASET}")
            extra["first_match_s"] = round(time.perf_counter() - t0, 1)
            console.print(f"    indexes built on the first /match: {extra['first_match_s']}s")
        pids = mh.process_tree(pid)
        server = {"processes": len(pids), "rss_mb": mh.tree_rss_mb(pids)}
        for route in routes:
            headers = auth_headers(route, token)
            if route.key == "red_search":
                script = b.setup.data_dir / "search.lua"
                searches = [("GET", p, None) for p in search_paths(route.path)]
                script.write_text(lua_script(headers, searches), "utf-8")
            elif route.key == "match":
                assert queries is not None
                bodies = queries.bodies
                script = b.setup.data_dir / "match.lua"
                posts = [("POST", route.path, body) for body in bodies]
                script.write_text(lua_script(headers, posts), "utf-8")
            check = check_route(base, route, token, bodies[0] if bodies else None)
            url = base + route.path
            for c in args.connections:
                load(args, url, c, args.warmup, headers, script, bodies)  # unmeasured
                pids = mh.process_tree(pid)
                cpu0 = mh.tree_cpu_s(pids)
                t0 = time.perf_counter()
                r = load(args, url, c, args.seconds, headers, script, bodies)
                wall = time.perf_counter() - t0
                cpu = mh.tree_cpu_s(pids) - cpu0
                row = {
                    "backend": b.name,
                    "workers": workers,
                    "route": route.name,
                    "key": route.key,
                    "data": data_label(route, args),
                    "connections": c,
                    **{k: v for k, v in r.items() if k != "raw"},
                    "server_cpu_ms_per_request": round(cpu / max(r["requests"], 1) * 1000, 2),
                    "server_cpu_utilisation": round(cpu / wall, 2),
                    "check": check,
                    "server": server,
                }
                if r["errors"] and "raw" in r:
                    row["wrk_output"] = r["raw"]
                rows.append(row)
                flag = " !" if r["errors"] else ""
                console.print(
                    f"    {route.name:22} {row['data']:>22} c{c:<3} {r['per_s']:8.0f}/s  "
                    f"p50 {r['p50_ms']} ms  p99 {r['p99_ms']} ms  errors {r['errors']}{flag}  "
                    f"server CPU {row['server_cpu_ms_per_request']} ms/req"
                )
            script, bodies = None, None
    return rows


def data_label(route: Route, args: argparse.Namespace) -> str:
    if route.phase == "list":
        return f"{args.records:,} list records"
    if route.phase == "notices":
        kind = ", varied searches" if route.key == "red_search" else ", first page"
        return f"{args.records:,} public red{kind}"
    return "demo" if route.key != "healthz" else "-"


def one_backend(args: argparse.Namespace, name: str) -> dict[str, Any]:
    console.rule(f"{name}")
    out: dict[str, Any] = {"backend": name, "rows": []}
    with fresh_backend(name, args.pg_admin_url, args.keep) as b:
        out["database"] = b.database or "sqlite (temporary data directory)"
        t0 = time.perf_counter()
        b.setup.xborder(
            "demo",
            "--no-serve",
            "--persons",
            str(mh.DEMO_PERSONS),
            "--data-dir",
            str(b.setup.data_dir),
        )
        b.timings["demo_s"] = time.perf_counter() - t0
        creds = json.loads((b.setup.data_dir / "demo-credentials.json").read_text("utf-8"))
        token = next(u["token"] for u in creds["users"] if u["username"] == USER)
        console.print(f"  demo world: {b.timings['demo_s']:.0f}s")
        extra: dict[str, Any] = {}
        for w in args.workers:
            console.print(f"  [bold]demo data, {w} worker(s)[/bold]")
            out["rows"] += measure(args, b, w, "demo", token, None, extra)

        queries: mh.Queries | None = None
        if "match" in args.routes:
            list_path = b.setup.data_dir.parent / "bench.ftm.json"
            kept, b.timings["write_list_s"] = mh.write_list(
                list_path, args.seed, args.records, args.queries
            )
            t0 = time.perf_counter()
            b.setup.xborder(
                "import",
                "ftm",
                str(list_path),
                "--dataset",
                mh.DATASET,
                "--data-dir",
                str(b.setup.data_dir),
            )
            b.timings["import_list_s"] = time.perf_counter() - t0
            list_path.unlink()
            queries = mh.make_queries(args.seed, kept, args.queries, name_only=True)
            out["queries"] = {
                "distinct": len(queries.bodies),
                "mated": sum(bool(t) for t in queries.targets),
                "example": json.loads(queries.bodies[0]),
            }
            console.print(
                f"  list: {args.records:,} records written {b.timings['write_list_s']:.0f}s, "
                f"imported {b.timings['import_list_s']:.0f}s"
            )
            for w in args.workers:
                console.print(f"  [bold]{args.records:,} list records, {w} worker(s)[/bold]")
                extra = {}
                out["rows"] += measure(args, b, w, "list", token, queries, extra)
                out.setdefault("first_match_s", {})[str(w)] = extra.get("first_match_s")

        if "red_full" in args.routes or "red_search" in args.routes:
            t0 = time.perf_counter()
            out["public_load"] = load_public.load(
                b.setup.env().get("XBORDER_DATABASE_URL")
                or f"sqlite:///{(b.setup.data_dir / 'xborder.db').resolve()}",
                args.records,
                args.seed + load_public.DEFAULT_SEED,
            )
            b.timings["load_public_s"] = time.perf_counter() - t0
            console.print(
                f"  {args.records:,} public Red Notices loaded in {b.timings['load_public_s']:.0f}s"
                + (
                    f" ({out['public_load']['search_index_rebuild']} "
                    f"{out['public_load']['search_index_rebuild_s']}s)"
                    if out["public_load"]["search_index_rebuild"]
                    else ""
                )
            )
            for w in args.workers:
                console.print(f"  [bold]{args.records:,} public notices, {w} worker(s)[/bold]")
                out["rows"] += measure(args, b, w, "notices", token, None, {})
        out["setup_s"] = {k: round(v, 1) for k, v in b.timings.items()}
    return out


# --- report -------------------------------------------------------------------------------------


def check_aims(rows: list[dict[str, Any]], records: int, quick: bool) -> dict[str, Any]:
    """Each aim per backend: req/s at the better of the connection counts, p99 at 16, no
    errors. A --quick run's rows are too short to judge by: its status says so."""
    out: dict[str, Any] = {}
    for key, floor in AIMS["per_s_min"].items():
        for backend in sorted({r["backend"] for r in rows}):
            mine = [
                r
                for r in rows
                if r["key"] == key and r["backend"] == backend and r["workers"] == AIMS["workers"]
            ]
            label = f"{key}/{backend}"
            if not mine or (key != "me" and records != AIMS["records"]):
                out[label] = {"status": "not measured"}
                continue
            best = max(r["per_s"] for r in mine)
            at16 = [r["p99_ms"] for r in mine if r["connections"] == AIMS["p99_at_connections"]]
            p99 = at16[0] if at16 else None
            ok = best >= floor and (p99 is not None and p99 < AIMS["p99_ms_max"])
            out[label] = {
                "per_s": best,
                "per_s_min": floor,
                "p99_ms_at_16": p99,
                "errors": sum(r["errors"] for r in mine),
                "status": ("met" if ok and not any(r["errors"] for r in mine) else "missed")
                + (" (indicative only: --quick)" if quick else ""),
            }
    return out


def report(res: dict[str, Any]) -> None:
    p = res["settings"]
    title = (
        f"xborder serve driven by {p['client']}, {p['seconds']:g}s per row; rate limits "
        f"OFF (XBORDER_RATE_LIMITS={json.dumps(RATE_LIMITS_OFF)})"
    )
    table = Table(title=escape(title))
    for col in (
        "backend",
        "workers",
        "route",
        "data",
        "conns",
        "req/s",
        "p50 ms",
        "p99 ms",
        "errors",
        "server CPU ms/req",
        "client CPU",
    ):
        table.add_column(col, justify="left" if col in ("backend", "route", "data") else "right")
    rows = res["rows"]
    for i, r in enumerate(rows):
        last = i + 1 == len(rows) or (rows[i + 1]["backend"], rows[i + 1]["workers"]) != (
            r["backend"],
            r["workers"],
        )
        table.add_row(
            r["backend"],
            str(r["workers"]),
            r["route"],
            r["data"],
            str(r["connections"]),
            f"{r['per_s']:,.0f}",
            "-" if r["p50_ms"] is None else f"{r['p50_ms']:.1f}",
            "-" if r["p99_ms"] is None else f"{r['p99_ms']:.1f}",
            f"{r['errors']} !" if r["errors"] else "0",
            f"{r['server_cpu_ms_per_request']:.2f}",
            "" if r["client_cpu_utilisation"] is None else f"{r['client_cpu_utilisation']:.2f}",
            end_section=last,
        )
    console.print(table)
    base = ", ".join(f"{k} {v}" for k, v in BASELINE["per_s"].items())
    console.print(f"before issue 14 ({BASELINE['note']}): {base} req/s")
    for label, a in res["aims"].items():
        if a["status"] == "not measured":
            console.print(
                f"aim {label}: not measured (needs {AIMS['workers']} workers"
                + ("" if label.startswith("me") else f", --records {AIMS['records']:,}")
                + ")"
            )
        else:
            console.print(
                f"aim {label}: >= {a['per_s_min']}/s and p99 < {AIMS['p99_ms_max']} ms at "
                f"{AIMS['p99_at_connections']} connections, {AIMS['workers']} workers: "
                f"{a['per_s']:,.0f}/s, p99 {a['p99_ms_at_16']} ms -> {a['status']}"
            )


def machine() -> dict[str, Any]:
    m = mh.machine()
    m["wrk"] = wrk_version()
    return m


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--quick",
        action="store_true",
        help="smoke test: 5,000 records, 3 s per row, SQLite, 1 worker",
    )
    ap.add_argument("--backends", default=None, help="sqlite,postgresql (default: both)")
    ap.add_argument("--workers", default=None, help="worker counts, e.g. 1,2 (default: 1,2)")
    ap.add_argument("--connections", default="8,16", help="wrk connections, e.g. 8,16")
    ap.add_argument(
        "--records",
        type=int,
        default=None,
        help="list records for /match and public Red Notices (default 100000)",
    )
    ap.add_argument("--seconds", type=float, default=None, help="measured per row (default 10)")
    ap.add_argument("--warmup", type=float, default=None, help="unmeasured before each row")
    ap.add_argument(
        "--timeout",
        type=float,
        default=10.0,
        help="wrk's request timeout: a slower request counts as an error",
    )
    ap.add_argument(
        "--queries",
        type=int,
        default=None,
        help="distinct /match bodies, in the Lua script (default 500)",
    )
    ap.add_argument(
        "--routes",
        default=",".join(r.key for r in ROUTES),
        help="a subset of " + ",".join(r.key for r in ROUTES),
    )
    ap.add_argument(
        "--pg-admin-url", default=PG_ADMIN, help="where to create and drop the fresh database"
    )
    ap.add_argument(
        "--python-client",
        action="store_true",
        help="the Python load generator even where wrk is installed",
    )
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", action="store_true", help="keep the data directory and database")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    q = args.quick
    args.backends = (args.backends or ("sqlite" if q else "sqlite,postgresql")).split(",")
    args.workers = [int(w) for w in (args.workers or ("1" if q else "1,2")).split(",")]
    args.connections = [int(c) for c in args.connections.split(",")]
    args.records = args.records or (5_000 if q else 100_000)
    args.seconds = args.seconds or (3.0 if q else 10.0)
    args.warmup = args.warmup if args.warmup is not None else (1.0 if q else 2.0)
    args.queries = args.queries or (200 if q else 500)
    args.routes = args.routes.split(",")
    args.out = args.out or RESULTS / ("http-quick.json" if q else "http.json")
    for b in args.backends:
        if b not in ("sqlite", "postgresql"):
            ap.error(f"unknown backend {b!r}")
    unknown = set(args.routes) - {r.key for r in ROUTES}
    if unknown:
        ap.error(f"unknown routes {sorted(unknown)}")
    if not args.python_client and shutil.which("wrk") is None:
        console.print(
            "[yellow]wrk is not installed (apt-get install -y wrk): falling back to a Python "
            "load generator, one thread per connection. Its figures are a floor (the client "
            "is the bottleneck), not comparable with wrk's.[/yellow]"
        )
        args.python_client = True
    client = (
        "Python threads (http.client), one per connection"
        if args.python_client
        else f"{wrk_version() or 'wrk'} -t2 --latency"
    )

    started = datetime.now(UTC)
    t0 = time.perf_counter()
    res: dict[str, Any] = {
        "machine": machine(),
        "started": started.isoformat(timespec="seconds"),
        "settings": {
            "quick": q,
            "backends": args.backends,
            "workers": args.workers,
            "connections": args.connections,
            "wrk_threads": 2,
            "records": args.records,
            "seconds": args.seconds,
            "warmup_s": args.warmup,
            "timeout_s": args.timeout,
            "distinct_match_queries": args.queries,
            "routes": args.routes,
            "seed": args.seed,
            "client": client,
            "rate_limits": RATE_LIMITS_OFF,
            "rate_limits_note": "XBORDER_RATE_LIMITS switches these limits off in the server "
            "so that they do not distort the measure",
            "server_command": "xborder serve --workers W (uvicorn, "
            "xborder.platform.app:create_app --factory)",
        },
        "aims": {},
        "baseline": BASELINE,
        "backends": [],
        "rows": [],
    }
    try:
        for name in args.backends:
            out = one_backend(args, name)
            res["rows"] += out.pop("rows")
            res["backends"].append(out)
    finally:
        res["elapsed_s"] = round(time.perf_counter() - t0, 1)
        res["aims"] = check_aims(res["rows"], args.records, q)
        if res["rows"]:
            report(res)
        mh.speedbench.write(args.out, res)


if __name__ == "__main__":
    main()
