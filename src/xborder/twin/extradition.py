"""Demo extradition data."""

from __future__ import annotations

from xborder.config import Settings
from xborder.store.db import Database


def seed_extradition(db: Database, settings: Settings, seed: int = 7) -> int:
    """Seed the demo world; returns how many records it wrote."""
    return 0
