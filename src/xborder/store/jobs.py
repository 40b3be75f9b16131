"""Background jobs that run once across every worker and replica.

Each capability declares its jobs (`JOBS` in its `jobs.py`); every server process loops over
them, but a run starts only after an atomic claim of the job's row in the shared database:

    UPDATE jobs SET owner = me, lease_until = now + lease, runs = runs + 1
     WHERE name = :job AND next_due_at <= now AND (lease_until IS NULL OR lease_until <= now)

Exactly one claimer sees one row updated, on SQLite and on PostgreSQL alike (the row lock of
the UPDATE decides), with no lock held while the job runs. The winner runs the job and then
sets the next due time; if it dies mid-run, the lease expires and another worker takes over.
The jobs themselves stay safe to repeat (deliveries claim copies with SKIP LOCKED, alerts are
recorded once per deadline), so a run repeated after a crash does no harm.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update

from xborder.config import Settings
from xborder.kernel.clock import utcnow
from xborder.store.db import Database, insert_if_absent
from xborder.store.tables import JobRow

log = logging.getLogger("xborder.jobs")


@dataclass(frozen=True)
class Job:
    """A background job: what it does, how often, and how long a run may hold its claim."""

    name: str
    every_seconds: float
    run: Callable[[Database, Settings], object]
    lease_seconds: float = 600.0


@dataclass(frozen=True)
class Outcome:
    job: str
    ok: bool
    seconds: float
    error: str = ""


def worker_id() -> str:
    """Who claimed a run: host and process, as an operator would look for it."""
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def interval(job: Job, settings: Settings) -> float:
    """The job's period, or the operator's override (XBORDER_JOB_INTERVALS)."""
    return float(settings.job_intervals().get(job.name, job.every_seconds))


def ensure(db: Database, jobs: Iterable[Job], now: datetime | None = None) -> None:
    """Create the schedule rows that are missing (due at once); existing ones are kept."""
    now = now or utcnow()
    with db.transaction() as s:
        for job in jobs:
            values = {"name": job.name, "next_due_at": now, "runs": 0, "failures": 0}
            insert_if_absent(s, JobRow, values, ["name"])


def claim(db: Database, job: Job, owner: str, now: datetime | None = None) -> bool:
    """Take the job's due run for `owner`; False when it is not due or another holds it."""
    now = now or utcnow()
    with db.transaction() as s:
        result = s.execute(
            update(JobRow)
            .where(
                JobRow.name == job.name,
                JobRow.next_due_at <= now,
                or_(JobRow.lease_until.is_(None), JobRow.lease_until <= now),
            )
            .values(
                owner=owner,
                lease_until=now + timedelta(seconds=job.lease_seconds),
                last_started_at=now,
                runs=JobRow.runs + 1,
            )
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def finish(
    db: Database,
    job: Job,
    settings: Settings,
    owner: str,
    error: str = "",
    now: datetime | None = None,
) -> None:
    """Release the claim and set the next due time (from the end of this run)."""
    now = now or utcnow()
    values: dict[str, object] = {
        "lease_until": None,
        "last_finished_at": now,
        "next_due_at": now + timedelta(seconds=interval(job, settings)),
        "last_error": error[:2000] or None,
    }
    if error:
        values["failures"] = JobRow.failures + 1
    with db.transaction() as s:
        s.execute(
            update(JobRow)
            .where(JobRow.name == job.name, JobRow.owner == owner)
            .values(**values)
            .execution_options(synchronize_session=False)
        )


def run_if_due(db: Database, settings: Settings, job: Job, owner: str) -> Outcome | None:
    """Claim and run the job if it is due; None when this worker did not run it."""
    if not claim(db, job, owner):
        return None
    started = time.perf_counter()
    error = ""
    try:
        job.run(db, settings)
    except Exception as exc:  # the run failed: recorded, retried at the next due time
        error = f"{type(exc).__name__}: {exc}"
        log.exception("job %s failed", job.name, extra={"job": job.name})
    finish(db, job, settings, owner, error)
    return Outcome(job.name, not error, time.perf_counter() - started, error)


def schedule(db: Database) -> Sequence[JobRow]:
    """Every job's row, for operators (`xborder jobs`) and the metrics."""
    with db.transaction() as s:
        return list(s.scalars(select(JobRow).order_by(JobRow.name)))
