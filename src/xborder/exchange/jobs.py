"""The exchange's background jobs: push deliveries, and NonRetrieval evidences for copies left
unread past the timeout."""

from __future__ import annotations

from datetime import timedelta

from xborder.config import Settings
from xborder.store.db import Database
from xborder.store.jobs import Job


def _deliver(db: Database, settings: Settings) -> object:
    from xborder.exchange.delivery import deliver_due
    from xborder.ledger import keys

    return deliver_due(db, keys.signer(settings), settings)


def _timeouts(db: Database, settings: Settings) -> object:
    from xborder.exchange.hub import apply_timeouts
    from xborder.ledger import keys

    return apply_timeouts(
        db, keys.signer(settings), timedelta(hours=settings.retrieval_timeout_hours)
    )


JOBS = [
    # Every few seconds (XBORDER_DELIVERY_INTERVAL_SECONDS), resuming whatever a worker that
    # died left in flight. A short claim: after a crash the next server must resume within
    # seconds, and an overlapping round is harmless (each copy is claimed on its own, with
    # SKIP LOCKED and a lease, before it is posted).
    Job("exchange.delivery", 1, _deliver, lease_seconds=10),
    Job("exchange.timeouts", 60, _timeouts),
]
