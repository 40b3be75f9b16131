"""The notices' background job: expiry after five years, ends of suspensions, reminders."""

from __future__ import annotations

from xborder.config import Settings
from xborder.store.db import Database
from xborder.store.jobs import Job


def _lifecycle(db: Database, settings: Settings) -> object:
    from xborder.notices.service import run_lifecycle_job

    return run_lifecycle_job(db)


JOBS = [Job("notices.lifecycle", 3600, _lifecycle)]
