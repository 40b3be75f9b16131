"""Throughput of the signed exchange: signatures, hub accepts (HTTP and in-process) and ledger
appends, on SQLite and PostgreSQL. The project's target: the hub accepts at least 1,000 signed
envelopes/s on this machine.

1. Ed25519 sign/verify with `cryptography` on a 1 KB message (the floor), then `envelope.sign`
   and `envelope.verify` (the JOSE + schema overhead).
2. A real `xborder serve` on a free loopback port, its data dir made by
   `xborder demo --no-serve --persons 50`; an FR key registered through `POST /api/v1/keys`;
   pre-signed envelopes (message/send, FR -> DE) posted to `/api/v1/exchange/messages` by K
   client threads (httpx). Then the same hub work in-process (`hub.submit` loop, no HTTP), each
   per-request stage timed apart, and, when the target is missed, a cProfile of that loop.
3. `record_event` (one ledger leaf per event) in transactions of 1 and of 100 events.
4. The inclusion-proof line of bench/results/ledger_proofs.json (read, not rerun).

Prints tables and writes bench/results/exchange.json.

    .venv/bin/python bench/exchange/run.py           # full (about 3-4 minutes)
    .venv/bin/python bench/exchange/run.py --quick   # under a minute
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import json
import os
import platform
import pstats
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from joserfc.jwk import OKPKey
from rich.console import Console
from rich.table import Table

from xborder.accounts import service as identity
from xborder.audit.service import record_event
from xborder.config import Settings
from xborder.exchange import envelope as env
from xborder.exchange import hub, key_service
from xborder.exchange.keys import BureauKey
from xborder.ledger import keys as ledger_keys
from xborder.store.db import Database

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "results"
TARGET_PER_S = 1000
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_BASE = "postgresql://postgres@127.0.0.1:5432/"
CHEAP_HASHER = (
    "from argon2 import PasswordHasher; from xborder.identity import secrets; "
    "secrets.use_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)); "
    "from xborder.cli import app; import sys; app(sys.argv[1:], prog_name='xborder')"
)
console = Console(width=None if sys.stdout.isatty() else 150)


@dataclass(frozen=True)
class Params:
    quick: bool
    sig_seconds: float  # per signature measurement
    http_n: int  # envelopes per concurrency level
    http_deadline_s: float  # per concurrency level
    concurrency: tuple[int, ...]
    inproc_n: int
    stage_n: int
    profile_n: int
    ledger_single: int  # transactions of 1 event
    ledger_batches: int  # transactions of 100 events
    persons: int = 50


FULL = Params(False, 1.0, 1500, 20.0, (1, 4, 16), 1000, 300, 400, 1000, 20)
QUICK = Params(True, 0.2, 120, 4.0, (1, 4, 16), 150, 50, 100, 150, 3)


# --- helpers ----------------------------------------------------------------------------------


def document(size: int = 1024) -> dict[str, Any]:
    """A message/send document whose canonical JSON is `size` bytes."""
    doc = {"reference": "FR-BENCH-0001", "subject": "Request for information", "body": ""}
    doc["body"] = "x" * (size - len(env.canonical(doc)))
    assert len(env.canonical(doc)) == size
    return doc


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q * len(s)) - 1))] if s else float("nan")


def rate(fn: Callable[[], object], seconds: float, batch: int = 50) -> dict[str, float]:
    """Calls per second of `fn`, run in batches until `seconds` have passed."""
    for _ in range(min(batch, 20)):  # warm caches and lazy imports
        fn()
    n = 0
    t0 = time.perf_counter()
    while True:
        for _ in range(batch):
            fn()
        n += batch
        elapsed = time.perf_counter() - t0
        if elapsed >= seconds:
            return {
                "per_s": round(n / elapsed, 1),
                "us_per_op": round(elapsed / n * 1e6, 1),
                "ops": n,
            }


def timed(fn: Callable[[], object], n: int) -> dict[str, float]:
    """Mean, p50 and p99 of `n` calls, in microseconds."""
    fn()
    us = []
    for _ in range(n):
        t0 = time.perf_counter_ns()
        fn()
        us.append((time.perf_counter_ns() - t0) / 1000)
    return {
        "n": n,
        "mean_us": round(statistics.fmean(us), 1),
        "p50_us": round(pct(us, 0.5), 1),
        "p99_us": round(pct(us, 0.99), 1),
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def proc_cpu_s(pid: int) -> float:
    """utime + stime of a process, in seconds (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine() -> dict[str, Any]:
    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_gb = None
    with contextlib.suppress(OSError, ValueError, IndexError):
        kb = int(Path("/proc/meminfo").read_text().split("\n")[0].split()[1])
        mem_gb = round(kb / 1024 / 1024, 1)
    versions = {}
    for pkg in (
        "xborder",
        "cryptography",
        "joserfc",
        "sqlalchemy",
        "fastapi",
        "starlette",
        "uvicorn",
        "httpx",
        "pydantic",
        "psycopg",
    ):
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions[pkg] = metadata.version(pkg)
    return {
        "cpus": os.cpu_count(),
        "cpu_model": cpu,
        "memory_gb": mem_gb,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "sqlite": sqlite3.sqlite_version,
        "packages": versions,
    }


# --- 1. signatures ----------------------------------------------------------------------------


def bench_signatures(p: Params) -> dict[str, Any]:
    msg = os.urandom(1024)
    raw = Ed25519PrivateKey.generate()
    pub = raw.public_key()
    sig = raw.sign(msg)
    jwk = {**OKPKey.generate_key("Ed25519").as_dict(private=True), "kid": "FR-bench"}
    bureau = BureauKey(
        kid="FR-bench",
        country="FR",
        use="sig",
        public_jwk={k: jwk[k] for k in ("kty", "crv", "x")},
        created_at=datetime.now(UTC),
    )
    doc = document()

    def sign_env() -> dict[str, Any]:
        return env.sign(
            jwk, sender="FR", recipients=["DE"], service="message", action="send", document=doc
        )

    signed = sign_env()
    now = datetime.now(UTC)
    return {
        "message_bytes": len(msg),
        "ed25519_sign": rate(lambda: raw.sign(msg), p.sig_seconds),
        "ed25519_verify": rate(lambda: pub.verify(sig, msg), p.sig_seconds),
        "envelope_sign": rate(sign_env, p.sig_seconds),
        "envelope_verify": rate(
            lambda: env.verify(signed, lambda _c: [bureau], now), p.sig_seconds
        ),
        "envelope_bytes": len(env.canonical(signed)),
        "note": "envelope.verify here uses keys from memory (no database)",
    }


# --- 2. the hub -------------------------------------------------------------------------------


@dataclass
class Backend:
    name: str  # sqlite | postgresql
    data_dir: Path
    database_url: str  # "" for SQLite
    pg_db: str | None = None

    def env(self) -> dict[str, str]:
        e = {k: v for k, v in os.environ.items() if k != "XBORDER_DATABASE_URL"}
        e.pop("XBORDER_DATA_DIR", None)
        if self.database_url:
            e["XBORDER_DATABASE_URL"] = self.database_url
        return e

    def settings(self) -> Settings:
        return Settings(data_dir=self.data_dir, database_url=self.database_url)


def pg_exec(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def pg_version() -> dict[str, str] | None:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN, connect_timeout=3) as conn:
            got = {}
            for name in ("server_version", "synchronous_commit", "fsync", "shared_buffers"):
                row = conn.execute(f"SHOW {name}").fetchone()  # type: ignore[arg-type]
                got[name] = str(row[0]) if row else "?"
            return got
    except Exception as exc:  # unreachable, no driver, refused: all mean "skip"
        console.print(f"[yellow]PostgreSQL not reachable ({exc}); skipping it[/yellow]")
        return None


def make_demo(b: Backend, p: Params) -> dict[str, Any]:
    """`xborder demo --no-serve`; in --quick mode with the tests' cheap password hasher (the
    benchmark uses API tokens only, so argon2 parameters change nothing it measures)."""
    args = ["demo", "--no-serve", "--persons", str(p.persons), "--data-dir", str(b.data_dir)]
    cmd = (
        [sys.executable, "-c", CHEAP_HASHER, *args]
        if p.quick
        else [sys.executable, "-m", "xborder.cli", *args]
    )
    t0 = time.perf_counter()
    out = subprocess.run(cmd, env=b.env(), capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"xborder demo failed:\n{out.stdout[-2000:]}\n{out.stderr[-2000:]}")
    return {
        "seconds": round(time.perf_counter() - t0, 1),
        "password_hasher": "tests' cheap argon2id" if p.quick else "production argon2id",
    }


@contextlib.contextmanager
def server(b: Backend) -> Iterator[tuple[str, int]]:
    port = free_port()
    log = (b.data_dir / "server.log").open("wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "xborder.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--data-dir",
            str(b.data_dir),
        ],
        env=b.env(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    "server did not start: " + (b.data_dir / "server.log").read_text()[-2000:]
                )
            time.sleep(0.1)
        yield base, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        log.close()


def sign_many(jwk: dict[str, Any], n: int, tag: str) -> list[dict[str, Any]]:
    doc = document()
    return [
        env.sign(
            jwk,
            sender="FR",
            recipients=["DE"],
            service="message",
            action="send",
            document=doc,
            msg_id=f"bench-{tag}-{i}-{uuid.uuid4().hex[:8]}",
        )
        for i in range(n)
    ]


def http_run(
    base: str, token: str, bodies: list[bytes], k: int, deadline_s: float, server_pid: int
) -> dict[str, Any]:
    """K threads, each with its own keep-alive connection, pull envelopes from one queue."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    clients = [httpx.Client(base_url=base, headers=headers, timeout=60) for _ in range(k)]
    for c in clients:  # open each connection before the clock starts
        c.get("/healthz")
    lock = threading.Lock()
    it = iter(bodies)
    lat_ms: list[float] = []
    status: Counter[int] = Counter()
    reasons: Counter[str] = Counter()
    samples: list[str] = []
    stop_at = [0.0]
    start = threading.Barrier(k + 1)

    def worker(c: httpx.Client) -> None:
        start.wait()
        while True:
            with lock:
                body = next(it, None)
            if body is None or time.perf_counter() > stop_at[0]:
                return
            t0 = time.perf_counter()
            res = c.post("/api/v1/exchange/messages", content=body)
            dt = (time.perf_counter() - t0) * 1000
            with lock:
                lat_ms.append(dt)
                status[res.status_code] += 1
                if res.status_code != 202:
                    with contextlib.suppress(ValueError):
                        reasons[str(res.json().get("reason") or res.json().get("title"))] += 1
                    if len(samples) < 3:
                        samples.append(res.text[:300])

    threads = [threading.Thread(target=worker, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    cpu0, ccpu0 = proc_cpu_s(server_pid), time.process_time()
    t0 = time.perf_counter()
    stop_at[0] = t0 + deadline_s
    start.wait()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    server_cpu = proc_cpu_s(server_pid) - cpu0
    client_cpu = time.process_time() - ccpu0
    for c in clients:
        c.close()
    accepted = status.get(202, 0)
    sent = sum(status.values())
    return {
        "concurrency": k,
        "sent": sent,
        "accepted": accepted,
        "status": {str(s): n for s, n in sorted(status.items())},
        "reject_reasons": dict(reasons),
        "error_samples": samples,
        "wall_s": round(wall, 2),
        "accepted_per_s": round(accepted / wall, 1),
        "p50_ms": round(pct(lat_ms, 0.5), 2),
        "p99_ms": round(pct(lat_ms, 0.99), 2),
        "mean_ms": round(statistics.fmean(lat_ms), 2) if lat_ms else None,
        "server_cpu_ms_per_request": round(server_cpu / max(sent, 1) * 1000, 2),
        "server_cpu_utilisation": round(server_cpu / wall, 2),
        "client_cpu_utilisation": round(client_cpu / wall, 2),
    }


def healthz_run(base: str, server_pid: int, n: int) -> dict[str, Any]:
    """The framework's floor: GET /healthz (no auth, one SELECT 1 transaction), one client."""
    with httpx.Client(base_url=base, timeout=30) as c:
        c.get("/healthz")
        lat: list[float] = []
        cpu0 = proc_cpu_s(server_pid)
        t0 = time.perf_counter()
        for _ in range(n):
            s0 = time.perf_counter()
            c.get("/healthz").raise_for_status()
            lat.append((time.perf_counter() - s0) * 1000)
        wall = time.perf_counter() - t0
        cpu = proc_cpu_s(server_pid) - cpu0
    return {
        "requests": n,
        "per_s": round(n / wall, 1),
        "p50_ms": round(pct(lat, 0.5), 2),
        "p99_ms": round(pct(lat, 0.99), 2),
        "server_cpu_ms_per_request": round(cpu / n * 1000, 2),
    }


def bench_http(b: Backend, p: Params) -> tuple[dict[str, Any], dict[str, Any]]:
    creds = json.loads((b.data_dir / "demo-credentials.json").read_text())
    tokens = {u["username"]: u["token"] for u in creds["users"]}
    key = OKPKey.generate_key("Ed25519")
    runs: list[dict[str, Any]] = []
    with server(b) as (base, pid):
        res = httpx.post(
            f"{base}/api/v1/keys",
            json=key.as_dict(private=False),
            timeout=30,
            headers={"Authorization": f"Bearer {tokens['fr.supervisor']}"},
        )
        res.raise_for_status()
        jwk = {**key.as_dict(private=True), "kid": res.json()["kid"]}
        warm = [json.dumps(e).encode() for e in sign_many(jwk, 30, f"{b.name}-warm")]
        http_run(base, tokens["fr.officer"], warm, 1, 30, pid)
        floor = healthz_run(base, pid, max(50, p.http_n // 3))
        console.print(
            f"  {b.name} HTTP floor GET /healthz K=1: {floor['per_s']:,.0f}/s, "
            f"server CPU {floor['server_cpu_ms_per_request']} ms/req"
        )
        for k in p.concurrency:
            t0 = time.perf_counter()
            bodies = [
                json.dumps(e).encode() for e in sign_many(jwk, p.http_n, f"{b.name}-http-k{k}")
            ]
            presign_s = time.perf_counter() - t0
            run = http_run(base, tokens["fr.officer"], bodies, k, p.http_deadline_s, pid)
            run["presign_s"] = round(presign_s, 2)
            runs.append(run)
            console.print(
                f"  {b.name} HTTP K={k}: {run['accepted_per_s']:,.0f} accepted/s, "
                f"p50 {run['p50_ms']} ms, p99 {run['p99_ms']} ms, status "
                f"{run['status']}"
            )
    return {
        "runs": runs,
        "healthz_floor": floor,
        "envelopes_per_level": p.http_n,
        "deadline_s_per_level": p.http_deadline_s,
    }, {"jwk": jwk, "tokens": tokens}


def bench_inprocess(
    b: Backend, p: Params, jwk: dict[str, Any], tokens: dict[str, str], profile: bool
) -> dict[str, Any]:
    """The hub's work without HTTP, on the same database the server used (server stopped)."""
    settings = b.settings()
    db = Database(settings.url)
    try:
        token = tokens["fr.officer"]
        actor = identity.token_actor(db, token)
        assert actor is not None
        signer = ledger_keys.signer(settings)
        probe = sign_many(jwk, 1, f"{b.name}-probe")[0]
        bureau = [k for k in key_service.keys_of_db(db, "FR") if k.kid == jwk["kid"]]
        now = datetime.now(UTC)
        claims = {
            "evidence": "SubmissionAcceptance",
            "msg_id": "m",
            "at": now.isoformat(),
            "recipient": None,
            "reason": "",
            "digest": "0" * 64,
            "sender": "FR",
        }
        stages = {
            "token_actor (auth, per request)": timed(
                lambda: identity.token_actor(db, token), p.stage_n
            ),
            "keys.signer (reads the PEM, per request)": timed(
                lambda: ledger_keys.signer(settings), p.stage_n
            ),
            "envelope.verify (keys in memory)": timed(
                lambda: env.verify(probe, lambda _c: bureau, now), p.stage_n
            ),
            "sign_evidence (x2 per accept)": timed(
                lambda: hub.sign_evidence(signer, claims), p.stage_n
            ),
        }
        envs = sign_many(jwk, p.inproc_n, f"{b.name}-inproc")
        outcomes: Counter[str] = Counter()
        lat: list[float] = []
        cpu0 = time.process_time()
        t0 = time.perf_counter()
        for e in envs:
            s0 = time.perf_counter_ns()
            out = hub.submit(db, actor, signer, e)
            lat.append((time.perf_counter_ns() - s0) / 1e6)
            outcomes["accepted" if out.accepted else str(out.reason)] += 1
        wall = time.perf_counter() - t0
        cpu = time.process_time() - cpu0
        stages["hub.submit (whole)"] = {
            "n": len(lat),
            "mean_us": round(statistics.fmean(lat) * 1000, 1),
            "p50_us": round(pct(lat, 0.5) * 1000, 1),
            "p99_us": round(pct(lat, 0.99) * 1000, 1),
        }
        result: dict[str, Any] = {
            "submit_loop": {
                "n": len(envs),
                "outcomes": dict(outcomes),
                "wall_s": round(wall, 2),
                "accepted_per_s": round(outcomes["accepted"] / wall, 1),
                "cpu_ms_per_submit": round(cpu / len(envs) * 1000, 2),
                "wall_ms_per_submit": round(wall / len(envs) * 1000, 2),
                "p50_ms": round(pct(lat, 0.5), 3),
                "p99_ms": round(pct(lat, 0.99), 3),
            },
            "stages": stages,
        }
        if profile:
            result["profile"] = profile_submit(db, actor, signer, jwk, b.name, p.profile_n)
        return result
    finally:
        db.dispose()


def package_of(key: tuple[str, int, str]) -> str:
    """Which library a profiled function belongs to (for self-time totals)."""
    file, _, fn = key
    where = fn if file == "~" else file
    for pkg in (
        "sqlalchemy",
        "psycopg",
        "sqlite3",
        "joserfc",
        "cryptography",
        "pydantic",
        "xborder",
        "json",
        "uuid",
        "datetime",
    ):
        if pkg in where:
            return pkg
    return "other (stdlib, builtins)"


def profile_submit(
    db: Database, actor: Any, signer: Any, jwk: dict[str, Any], tag: str, n: int
) -> dict[str, Any]:
    envs = sign_many(jwk, n, f"{tag}-prof")
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    for e in envs:
        hub.submit(db, actor, signer, e)
    prof.disable()
    wall = time.perf_counter() - t0
    st = pstats.Stats(prof)
    raw: dict[tuple[str, int, str], tuple[int, int, float, float, Any]] = st.stats  # type: ignore[attr-defined]
    total = st.total_tt  # type: ignore[attr-defined]

    def name(key: tuple[str, int, str]) -> str:
        file, line, fn = key
        if file == "~":
            return fn
        parts = Path(file).parts
        for anchor in ("site-packages", "src", "lib"):
            if anchor in parts:
                parts = parts[len(parts) - parts[::-1].index(anchor) :]
                break
        return f"{'/'.join(parts[-3:])}:{line}({fn})"

    def row(key: tuple[str, int, str]) -> dict[str, Any]:
        _cc, nc, tt, ct, _ = raw[key]
        return {
            "function": name(key),
            "calls": nc,
            "calls_per_submit": round(nc / n, 1),
            "tottime_s": round(tt, 3),
            "cumtime_s": round(ct, 3),
            "cum_ms_per_submit": round(ct / n * 1000, 3),
            "cum_share": round(ct / total, 3),
        }

    by_cum = sorted(raw, key=lambda k: raw[k][3], reverse=True)
    packages: Counter[str] = Counter()
    for k, v in raw.items():
        packages[package_of(k)] += v[2]
    ours = [k for k in by_cum if "/xborder/" in k[0]]
    by_tot = sorted(raw, key=lambda k: raw[k][2], reverse=True)
    buf = []
    for k in by_cum[:15]:
        r = row(k)
        buf.append(
            f"{r['cumtime_s']:8.3f}s {r['cum_share']:6.1%} "
            f"{r['calls_per_submit']:7.1f}/submit  {r['function']}"
        )
    return {
        "envelopes": n,
        "profiled_wall_s": round(wall, 2),
        "profiled_ms_per_submit": round(wall / n * 1000, 3),
        "total_tt_s": round(total, 3),
        "top15_cumulative": [row(k) for k in by_cum[:15]],
        "top15_tottime": [row(k) for k in by_tot[:15]],
        "self_time_by_package": [
            {
                "package": pkg,
                "self_s": round(t, 3),
                "share": round(t / total, 3),
                "ms_per_submit": round(t / n * 1000, 3),
            }
            for pkg, t in packages.most_common()
        ],
        "xborder_functions_cumulative": [row(k) for k in ours[:25]],
        "text": buf,
        "note": "cProfile adds overhead; shares, not absolute times, are what to read",
    }


# --- 3. ledger appends ------------------------------------------------------------------------


def commit_floor(db: Database, n: int) -> dict[str, Any]:
    """One-row INSERT + COMMIT through the same engine: the durability cost of a transaction
    (SQLite in WAL with synchronous=NORMAL does not fsync per commit; PostgreSQL with
    synchronous_commit=on does)."""
    from sqlalchemy import text

    with db.engine.begin() as c:
        c.execute(text("CREATE TABLE IF NOT EXISTS bench_commit (x INTEGER)"))
    t0 = time.perf_counter()
    for i in range(n):
        with db.engine.begin() as c:
            c.execute(text("INSERT INTO bench_commit (x) VALUES (:x)"), {"x": i})
    wall = time.perf_counter() - t0
    with db.engine.begin() as c:
        c.execute(text("DROP TABLE bench_commit"))
    return {"commits": n, "per_s": round(n / wall, 1), "ms_per_commit": round(wall / n * 1000, 3)}


def bench_ledger(b: Backend, p: Params) -> dict[str, Any]:
    db = Database(b.settings().url)
    try:
        floor = commit_floor(db, max(100, p.ledger_single // 2))

        def txn(events: int, tag: str) -> None:
            with db.transaction() as s:
                for i in range(events):
                    record_event(
                        s,
                        None,
                        "bench.append",
                        "bench",
                        f"{tag}-{i}",
                        {"i": i},
                        summary={"bench": True},
                        label="bench",
                    )

        txn(1, "warm")
        t0 = time.perf_counter()
        for i in range(p.ledger_single):
            txn(1, f"one-{i}")
        one = time.perf_counter() - t0
        t0 = time.perf_counter()
        for i in range(p.ledger_batches):
            txn(100, f"hundred-{i}")
        hundred = time.perf_counter() - t0
        return {
            "commit_floor": floor,
            "txn_of_1": {
                "transactions": p.ledger_single,
                "events": p.ledger_single,
                "wall_s": round(one, 2),
                "events_per_s": round(p.ledger_single / one, 1),
            },
            "txn_of_100": {
                "transactions": p.ledger_batches,
                "events": 100 * p.ledger_batches,
                "wall_s": round(hundred, 2),
                "events_per_s": round(100 * p.ledger_batches / hundred, 1),
            },
        }
    finally:
        db.dispose()


# --- driver -----------------------------------------------------------------------------------


def run_backend(name: str, p: Params, tmp: Path) -> dict[str, Any]:
    data_dir = tmp / name
    b = Backend(name, data_dir, "")
    if name == "postgresql":
        b.pg_db = f"xb_bench_{uuid.uuid4().hex[:10]}"
        pg_exec(f'CREATE DATABASE "{b.pg_db}"')
        b.database_url = PG_BASE + b.pg_db
    try:
        console.print(f"[bold]{name}[/bold]: building the demo world ({p.persons} persons)")
        out: dict[str, Any] = {
            "database": b.database_url or "sqlite (data dir)",
            "demo": make_demo(b, p),
        }
        http, keys = bench_http(b, p)
        out["http"] = http
        best = max(r["accepted_per_s"] for r in http["runs"])
        console.print(f"  {name}: in-process hub.submit")
        out["inprocess"] = bench_inprocess(
            b, p, keys["jwk"], keys["tokens"], profile=best < TARGET_PER_S
        )
        loop = out["inprocess"]["submit_loop"]
        k1 = next(r for r in http["runs"] if r["concurrency"] == 1)
        out["cost_split"] = {
            "server_cpu_ms_http_k1": k1["server_cpu_ms_per_request"],
            "inprocess_cpu_ms": loop["cpu_ms_per_submit"],
            "http_layer_cpu_ms": round(
                k1["server_cpu_ms_per_request"] - loop["cpu_ms_per_submit"], 2
            ),
            "inprocess_wall_ms": loop["wall_ms_per_submit"],
            "db_wait_ms": round(loop["wall_ms_per_submit"] - loop["cpu_ms_per_submit"], 2),
            "one_core_ceiling_per_s": round(1000 / k1["server_cpu_ms_per_request"], 1),
        }
        console.print(f"  {name}: ledger appends")
        out["ledger"] = bench_ledger(b, p)
        return out
    finally:
        if b.pg_db:
            pg_exec(f'DROP DATABASE IF EXISTS "{b.pg_db}" WITH (FORCE)')


def proofs_reference() -> dict[str, Any] | None:
    path = RESULTS / "ledger_proofs.json"
    if not path.exists():
        return None
    data = json.loads(path.read_text())
    key = next(
        (k for k in data.get("results", {}) if k.startswith("inclusion @ ") and "random" not in k),
        None,
    )
    return {
        "source": "bench/results/ledger_proofs.json (not rerun)",
        "leaves": data.get("leaves"),
        "line": key,
        "inclusion": data["results"][key] if key else None,
        "machine": data.get("machine"),
    }


def _table(title: str, cols: list[str], left: int = 1) -> Table:
    t = Table(title=title, title_justify="left")
    for i, col in enumerate(cols):
        t.add_column(col, justify="left" if i < left else "right")
    return t


def report(res: dict[str, Any]) -> None:
    sig = res["signatures"]
    t = _table("1. Signatures alone (one thread, 1 KB)", ["operation", "ops/s", "µs/op"])
    for label, key in (
        ("Ed25519 sign (cryptography)", "ed25519_sign"),
        ("Ed25519 verify (cryptography)", "ed25519_verify"),
        ("envelope.sign (JWS JSON serialisation)", "envelope_sign"),
        ("envelope.verify (JWS + checks + schema)", "envelope_verify"),
    ):
        t.add_row(label, f"{sig[key]['per_s']:,.0f}", f"{sig[key]['us_per_op']:.1f}")
    console.print(t)

    live = {n: b for n, b in res["backends"].items() if "skipped" not in b}
    t = _table(
        f"2. Hub accept, message/send FR->DE (target {TARGET_PER_S:,} envelopes/s)",
        ["backend", "path", "K", "accepted", "/s", "p50 ms", "p99 ms", "srv CPU ms/req", "srv CPU"],
        left=2,
    )
    for name, b in res["backends"].items():
        if name not in live:
            t.add_row(name, f"skipped: {b['skipped']}", "", "", "", "", "", "", "")
            continue
        f = b["http"]["healthz_floor"]
        t.add_row(
            name,
            "HTTP GET /healthz (floor)",
            "1",
            str(f["requests"]),
            f"{f['per_s']:,.0f}",
            f"{f['p50_ms']:.1f}",
            f"{f['p99_ms']:.1f}",
            f"{f['server_cpu_ms_per_request']:.2f}",
            "",
        )
        for r in b["http"]["runs"]:
            t.add_row(
                name,
                "HTTP POST (xborder serve)",
                str(r["concurrency"]),
                f"{r['accepted']}/{r['sent']}",
                f"{r['accepted_per_s']:,.0f}",
                f"{r['p50_ms']:.1f}",
                f"{r['p99_ms']:.1f}",
                f"{r['server_cpu_ms_per_request']:.2f}",
                f"{r['server_cpu_utilisation']:.0%}",
            )
        loop = b["inprocess"]["submit_loop"]
        t.add_row(
            name,
            "in-process hub.submit",
            "1",
            f"{loop['outcomes'].get('accepted', 0)}/{loop['n']}",
            f"{loop['accepted_per_s']:,.0f}",
            f"{loop['p50_ms']:.1f}",
            f"{loop['p99_ms']:.1f}",
            f"{loop['cpu_ms_per_submit']:.2f}",
            "",
        )
    console.print(t)

    if live:
        t = _table("2b. Cost split per accepted envelope (ms)", ["", *[f"{n}" for n in live]])
        rows = [
            ("server CPU per HTTP request (K=1)", "server_cpu_ms_http_k1"),
            ("in-process hub.submit CPU", "inprocess_cpu_ms"),
            ("=> HTTP + auth layer CPU", "http_layer_cpu_ms"),
            ("in-process hub.submit wall", "inprocess_wall_ms"),
            ("=> waiting on the database (wall - CPU)", "db_wait_ms"),
        ]
        for label, key in rows:
            t.add_row(label, *[f"{b['cost_split'][key]:.2f}" for b in live.values()])
        first = next(iter(live.values()))
        for stage in first["inprocess"]["stages"]:
            t.add_row(
                f"  stage: {stage} (mean)",
                *[
                    f"{b['inprocess']['stages'][stage]['mean_us'] / 1000:.3f}"
                    for b in live.values()
                ],
            )
        console.print(t)

        t = _table(
            "3. Ledger appends (record_event = event row + leaf)",
            ["backend", "transaction", "events", "per s", "ms each"],
        )
        for name, b in live.items():
            c = b["ledger"]["commit_floor"]
            t.add_row(
                name,
                "1-row INSERT+COMMIT (floor)",
                str(c["commits"]),
                f"{c['per_s']:,.0f}",
                f"{c['ms_per_commit']:.2f}",
            )
            for key, label in (("txn_of_1", "1 event"), ("txn_of_100", "100 events")):
                r = b["ledger"][key]
                t.add_row(
                    name,
                    label,
                    str(r["events"]),
                    f"{r['events_per_s']:,.0f}",
                    f"{1000 / r['events_per_s']:.2f}",
                )
        console.print(t)

    ref = res.get("ledger_proofs_reference")
    if ref and ref.get("inclusion"):
        inc = ref["inclusion"]
        t = _table(
            "4. Ledger proofs (from bench/results/ledger_proofs.json, not rerun)",
            ["proof", "generate p50/p99 µs", "verify p50/p99 µs", "bytes"],
        )
        t.add_row(
            f"{ref['line']} leaves",
            f"{inc['generate']['p50_us']} / {inc['generate']['p99_us']}",
            f"{inc['verify']['p50_us']} / {inc['verify']['p99_us']}",
            str(inc["proof_bytes_mean"]),
        )
        console.print(t)

    for name, b in live.items():
        prof = b["inprocess"].get("profile")
        if not prof:
            continue
        console.print(
            f"[bold]cProfile of hub.submit on {name}[/bold] ({prof['envelopes']} envelopes, "
            f"{prof['profiled_ms_per_submit']} ms/submit under the profiler), "
            "top 15 by cumulative time (cum s, share, calls per submit):"
        )
        for line in prof["text"]:
            console.print("  " + line, markup=False, highlight=False)
        console.print(
            "  self time by package: "
            + ", ".join(f"{r['package']} {r['share']:.0%}" for r in prof["self_time_by_package"])
        )
    console.print(f"[bold]verdict:[/bold] {res['verdict']}")


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--quick", action="store_true", help="small counts (under a minute)")
    ap.add_argument(
        "--out",
        type=Path,
        default=None,
        help="default bench/results/exchange.json (exchange-quick.json with --quick)",
    )
    args = ap.parse_args()
    args.out = args.out or RESULTS / ("exchange-quick.json" if args.quick else "exchange.json")
    p = QUICK if args.quick else FULL
    t_start = time.perf_counter()
    res: dict[str, Any] = {
        "machine": machine(),
        "parameters": {**p.__dict__, "document_bytes": 1024, "target_per_s": TARGET_PER_S},
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    console.print("[bold]1. signatures[/bold]")
    res["signatures"] = bench_signatures(p)
    res["backends"] = {}
    pg = pg_version()
    res["machine"]["postgresql"] = pg
    with tempfile.TemporaryDirectory(prefix="xb-bench-") as tmp:
        for name in ("sqlite", "postgresql"):
            if name == "postgresql" and pg is None:
                res["backends"][name] = {"skipped": "PostgreSQL not reachable on 127.0.0.1:5432"}
                continue
            res["backends"][name] = run_backend(name, p, Path(tmp))
    res["ledger_proofs_reference"] = proofs_reference()
    best = max(
        (r["accepted_per_s"], n, r["concurrency"])
        for n, b in res["backends"].items()
        if "http" in b
        for r in b["http"]["runs"]
    )
    res["best_http"] = {"accepted_per_s": best[0], "backend": best[1], "concurrency": best[2]}
    res["target_met"] = best[0] >= TARGET_PER_S
    res["verdict"] = (
        f"best HTTP accept rate {best[0]:,.0f}/s ({best[1]}, K={best[2]}): target "
        f"{TARGET_PER_S:,}/s {'MET' if res['target_met'] else 'MISSED'}"
    )
    res["elapsed_s"] = round(time.perf_counter() - t_start, 1)
    report(res)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n")
    shown = args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out
    console.print(f"wrote {shown} in {res['elapsed_s']}s")


if __name__ == "__main__":
    main()
