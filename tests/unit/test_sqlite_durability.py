"""SQLite commits are durable before they are acknowledged (issue 14)."""

from pathlib import Path

from sqlalchemy import text

from xborder.store.db import Database


def test_every_sqlite_connection_syncs_fully_in_wal_mode(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'x.db'}")
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    db.dispose()
