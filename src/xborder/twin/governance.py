"""Demo governance data."""

from __future__ import annotations

from xborder.config import Settings
from xborder.store.db import Database


def seed_governance(db: Database, settings: Settings, seed: int = 7) -> int:
    """Seed the demo world; returns how many records it wrote."""
    return 0
