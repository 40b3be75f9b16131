"""A server killed (SIGKILL) in the middle of concurrent writes loses nothing it acknowledged
and leaves nothing half written, on SQLite and on PostgreSQL (issue 14: the crash probe made
part of the suite). Bounded: a few writers for about two seconds, then the kill, whatever was
in flight; the assertions hold for any timing."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx
from sqlalchemy import func, select

from tests.conftest import World, free_port, start_server
from xborder.audit.tables import EventRow
from xborder.ledger import keys
from xborder.ledger import log as ledger
from xborder.persons.tables import PersonNameRow, PersonRow

WRITERS = 6
SECONDS = 2.0


def _write(base: str, token: str, worker: int, acked: list[str], stop: threading.Event) -> None:
    """POST persons until stopped or the server is gone; keep the ids it acknowledged."""
    with httpx.Client(base_url=base, timeout=5) as c:
        i = 0
        while not stop.is_set():
            body = {
                "names": [{"full": f"Crash Probe {worker}-{i}", "given": "Crash"}],
                "birth_dates": ["1980-01-01"],
                "nationalities": ["FR"],
            }
            try:
                res = c.post(
                    "/api/v1/persons", json=body, headers={"Authorization": f"Bearer {token}"}
                )
            except httpx.HTTPError:
                return  # the server died with this request in flight: not acknowledged
            if res.status_code == 201:
                acked.append(res.json()["id"])
            i += 1


def test_a_killed_server_loses_no_acknowledged_write(world: World, tmp_path: Path) -> None:
    port = free_port()
    proc = start_server(
        world.settings.data_dir,
        port,
        database_url=world.url if world.backend != "sqlite" else "",
        log=tmp_path / "server.log",
        XBORDER_RATE_LIMITS='{"account": "off", "application": "off"}',
        XBORDER_RUN_JOBS="0",
    )
    acked: list[str] = []
    stop = threading.Event()
    writers = [
        threading.Thread(
            target=_write,
            args=(f"http://127.0.0.1:{port}", world.token("fr.officer"), w, acked, stop),
        )
        for w in range(WRITERS)
    ]
    try:
        for t in writers:
            t.start()
        time.sleep(SECONDS)
        proc.kill()  # SIGKILL: no shutdown, no flush, writes in flight
        proc.wait(timeout=10)
    finally:
        stop.set()
        for t in writers:
            t.join(timeout=10)
        if proc.poll() is None:
            proc.kill()
    assert acked, "no write was acknowledged before the kill: the probe proved nothing"

    with world.db.transaction() as s:
        stored = set(s.scalars(select(PersonRow.id).where(PersonRow.id.in_(acked))))
        assert stored == set(acked)  # nothing acknowledged is lost
        # Nothing half written: every probe person has its name and its creation event, and
        # every creation event names a person that exists.
        probes = set(
            s.scalars(
                select(PersonNameRow.person_id).where(PersonNameRow.full.like("Crash Probe %"))
            )
        )
        created = set(
            s.scalars(
                select(EventRow.subject_id).where(
                    EventRow.action == "person.created", EventRow.subject_id.in_(probes)
                )
            )
        )
        assert created == probes
        people = s.scalar(
            select(func.count()).select_from(PersonRow).where(PersonRow.id.in_(probes))
        )
        assert people == len(probes)
        # The event ledger still verifies end to end.
        public = keys.signer(world.settings).key.public_key()
        report = ledger.verify(s, keys.KEY_NAME, public)
    assert report.ok, report.problems[:3]
