"""Extradition and MLA deadlines: warnings before, and overdue, both states told."""

from __future__ import annotations

from xborder.config import Settings
from xborder.store.db import Database
from xborder.store.jobs import Job


def _deadlines(db: Database, settings: Settings) -> object:
    from xborder.extradition.service import run_deadline_job

    return run_deadline_job(db)


JOBS = [Job("extradition.deadlines", 900, _deadlines)]
