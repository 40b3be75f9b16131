"""The jobs' shared schedule (store/jobs.py): a due run is claimed by one worker only, a dead
worker's claim expires, a failure is recorded and retried."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import delete

from tests.conftest import World
from xborder.config import Settings
from xborder.kernel.clock import utcnow
from xborder.store import jobs
from xborder.store.db import Database
from xborder.store.tables import JobRow

RAN: list[str] = []


def _record(db: Database, settings: Settings) -> None:
    RAN.append("ran")


def _fail(db: Database, settings: Settings) -> None:
    raise RuntimeError("the remote is down")


JOB = jobs.Job("test.record", 60, _record, lease_seconds=30)


def _row(world: World, name: str) -> JobRow:
    [row] = [r for r in jobs.schedule(world.db) if r.name == name]
    return row


def test_a_due_run_is_claimed_by_one_of_many_workers(world: World) -> None:
    jobs.ensure(world.db, [JOB])
    jobs.ensure(world.db, [JOB])  # idempotent: the schedule is kept
    with ThreadPoolExecutor(max_workers=8) as pool:
        won = list(pool.map(lambda i: jobs.claim(world.db, JOB, f"worker-{i}"), range(8)))
    assert won.count(True) == 1
    row = _row(world, JOB.name)
    assert row.runs == 1 and row.owner == f"worker-{won.index(True)}"


def test_after_a_run_the_job_waits_for_its_interval(world: World) -> None:
    RAN.clear()
    jobs.ensure(world.db, [JOB])
    settings = world.settings
    assert jobs.run_if_due(world.db, settings, JOB, "a") is not None
    assert jobs.run_if_due(world.db, settings, JOB, "b") is None  # not due for 60 s
    assert RAN == ["ran"]
    row = _row(world, JOB.name)
    assert row.lease_until is None and row.last_finished_at is not None
    # The operator's interval applies.
    fast = settings.with_(job_intervals_json='{"test.record": 0}')
    assert jobs.interval(JOB, fast) == 0


def test_a_dead_workers_claim_expires_and_another_takes_over(world: World) -> None:
    jobs.ensure(world.db, [JOB])
    now = utcnow()
    assert jobs.claim(world.db, JOB, "dies", now)  # and never finishes
    assert not jobs.claim(world.db, JOB, "other", now + timedelta(seconds=10))
    assert jobs.claim(world.db, JOB, "other", now + timedelta(seconds=31))
    # The dead worker's late finish does not release the new owner's claim.
    jobs.finish(world.db, JOB, world.settings, "dies")
    assert _row(world, JOB.name).owner == "other"
    assert _row(world, JOB.name).lease_until is not None


def test_a_failed_run_is_recorded_and_retried_at_the_next_due_time(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    failing = jobs.Job("test.fail", 0, _fail)
    jobs.ensure(world.db, [failing])
    outcome = jobs.run_if_due(world.db, world.settings, failing, "a")
    assert outcome is not None and not outcome.ok and "remote is down" in outcome.error
    row = _row(world, failing.name)
    assert row.failures == 1 and row.last_error and "remote is down" in row.last_error
    assert "job test.fail failed" in caplog.text
    again = jobs.run_if_due(world.db, world.settings, failing, "b")
    assert again is not None and _row(world, failing.name).failures == 2


def test_every_capability_declares_its_jobs_with_unique_names() -> None:
    from xborder.platform.app import all_jobs

    names = [j.name for j in all_jobs()]
    assert len(names) == len(set(names))
    assert {"exchange.delivery", "notices.lifecycle", "extradition.deadlines"} <= set(names)


def test_the_store_keeps_sqlites_planner_statistics(sqlite_world: World) -> None:
    """Without them SQLite starts a public search from every published notice."""
    from sqlalchemy import text

    from xborder.store.maintenance import JOBS, optimize

    assert [j.name for j in JOBS] == ["store.optimize"]
    optimize(sqlite_world.db)
    with sqlite_world.db.transaction() as s:
        tables = set(s.scalars(text("SELECT tbl FROM sqlite_stat1")))
    assert {"users", "persons", "events"} <= tables  # every table that holds rows


def test_a_replica_may_stay_out_of_the_jobs_and_a_bad_period_stops_the_start(
    sqlite_world: World,
) -> None:
    from fastapi.testclient import TestClient

    from xborder.platform.app import create_app

    with sqlite_world.db.transaction() as s:
        s.execute(delete(JobRow))
    quiet = sqlite_world.settings.with_(run_jobs=False)
    with TestClient(create_app(quiet, sqlite_world.db)) as c:
        assert c.get("/livez").status_code == 200
    assert jobs.schedule(sqlite_world.db) == []  # it did not even create the schedule
    # Broken intervals stop the settings themselves, before any app is built.
    with pytest.raises(ValueError, match="XBORDER_JOB_INTERVALS must be a JSON object"):
        sqlite_world.settings.with_(job_intervals_json="[60]")
