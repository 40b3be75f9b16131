"""Two server processes on one PostgreSQL database (issue 14): every background job runs once
per due time across both, the deadline alert is raised once, and no write sent to either
server is lost."""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from tests.conftest import PG_URL, REQUIRE_PG, Template, World, _fresh, free_port, start_server
from tests.extradition.test_cases_deadlines import _alerts
from tests.extradition.test_cases_factory import actor, eaw_case
from xborder.extradition import service as ext
from xborder.kernel.clock import utcnow
from xborder.store.tables import ApiTokenRow, JobRow

pytestmark = pytest.mark.skipif(
    not PG_URL and not REQUIRE_PG,
    reason="PostgreSQL tests skipped: set XBORDER_TEST_POSTGRES_URL (CI sets it)",
)
JOBS = ("exchange.delivery", "exchange.timeouts", "notices.lifecycle", "extradition.deadlines")


@pytest.fixture
def pg_world(
    templates: dict[str, Template],
    tmp_path_factory: pytest.TempPathFactory,
    tmp_path: Path,
) -> Iterator[World]:
    yield from _fresh("postgresql", templates, tmp_path_factory, tmp_path)


def _serve(world: World, port: int, log: Path) -> subprocess.Popen[bytes]:
    return start_server(
        world.settings.data_dir,
        port,
        database_url=world.url,
        log=log,
        # Every job due each second, so that a few seconds show whether any ran twice.
        XBORDER_JOB_INTERVALS=json.dumps(dict.fromkeys(JOBS, 1)),
        XBORDER_RATE_LIMITS=json.dumps({"account": "off"}),
    )


def _runs_reported(base: str) -> dict[str, float]:
    """This server's own count of the job runs it made, from its /metrics."""
    out: dict[str, float] = {}
    for line in httpx.get(f"{base}/metrics", timeout=5).text.splitlines():
        if line.startswith("xborder_job_runs_total{"):
            job = line.split('job="', 1)[1].split('"', 1)[0]
            out[job] = out.get(job, 0.0) + float(line.rsplit(" ", 1)[1])
    return out


def test_two_servers_run_each_job_once_and_lose_no_write(pg_world: World, tmp_path: Path) -> None:
    w = pg_world
    # A European Arrest Warrant whose 60-day decision is two days away: one warning is due.
    cid = eaw_case(w)
    arrested = utcnow() - timedelta(days=58, hours=12)
    ext.act(w.db, actor(w, "de.supervisor"), w.settings, cid, "arrest", ext.StepInput(at=arrested))
    w.db.dispose()
    ports = [free_port(), free_port()]
    servers = [_serve(w, p, tmp_path / f"server{i}.log") for i, p in enumerate(ports)]
    bases = [f"http://127.0.0.1:{p}" for p in ports]
    try:
        # Writes to both servers at once while their jobs run.
        headers = {"Authorization": f"Bearer {w.token('fr.officer')}"}

        def write(i: int) -> int:
            body = {"name": f"worker-test-{i}", "scopes": ["read"], "days": 1}
            res = httpx.post(f"{bases[i % 2]}/api/v1/tokens", json=body, headers=headers)
            return res.status_code

        with ThreadPoolExecutor(max_workers=8) as pool:
            codes = list(pool.map(write, range(60)))
        assert codes == [201] * 60
        # Let every job come due several times.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with w.db.transaction() as s:
                runs = dict(s.execute(select(JobRow.name, JobRow.runs)).all())
            if all(runs.get(j, 0) >= 4 for j in JOBS):
                break
            time.sleep(0.5)
        reported = [_runs_reported(b) for b in bases]
    finally:
        for proc in servers:
            proc.terminate()
        for proc in servers:
            proc.wait(15)
    with w.db.transaction() as s:
        rows = {r.name: r for r in s.scalars(select(JobRow))}
        tokens = s.scalar(
            select(func.count())
            .select_from(ApiTokenRow)
            .where(ApiTokenRow.name.like("worker-test-%"))
        )
    assert tokens == 60  # every write landed
    for job in JOBS:
        claimed = rows[job].runs
        ran = sum(r.get(job, 0.0) for r in reported)
        assert claimed >= 4
        # Each claim ran exactly once, in one of the two servers (a run may finish after the
        # scrape, hence the margin of one per server).
        assert claimed - 2 <= ran <= claimed, (job, claimed, reported)
        assert rows[job].lease_until is None
        assert rows[job].failures == 0, (job, rows[job].last_error)
    # Both servers ran jobs: the claims really were contended, not won by one process alone.
    assert all(sum(r.values()) > 0 for r in reported)
    # The deadline job ran many times in two processes; the warning was raised once.
    assert _alerts(w, "fr.officer", cid) == [("decision", "warning")]
