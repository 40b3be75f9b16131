"""Extradition and mutual legal assistance join the system: cases over the API and in pages,
the deadline job, and the export and verify commands."""

from __future__ import annotations

from xborder.extradition import cli, jobs, pages, routes
from xborder.plugins import Registry


def register(r: Registry) -> None:
    r.api.append(routes.router)
    r.pages.append(pages.router)
    r.jobs.extend(jobs.JOBS)
    r.cli.append(("extradition", cli.app))
