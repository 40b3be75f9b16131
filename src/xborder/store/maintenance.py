"""The store's own background job: keep the query planner's statistics current.

SQLite plans from the statistics ANALYZE gathers and keeps none by itself: without them a
public search starts from every published notice instead of the few whose words match.
ANALYZE with `analysis_limit` samples a bounded number of rows per index, so it stays cheap
on a large database (SQLite 3.32+; the `PRAGMA optimize` flags that would pick stale tables
only came with 3.46). PostgreSQL's autovacuum does this on its own.
"""

from __future__ import annotations

from sqlalchemy import text

from xborder.config import Settings
from xborder.store.db import Database
from xborder.store.jobs import Job


def optimize(db: Database, settings: Settings | None = None, tables: tuple[str, ...] = ()) -> None:
    """Refresh the statistics: every table on SQLite; on PostgreSQL only the `tables` named
    (after a bulk load, before autovacuum has caught up)."""
    if db.engine.dialect.name != "sqlite":
        if tables:
            with db.engine.connect() as conn:
                conn.execute(text("ANALYZE " + ", ".join(tables)))
                conn.commit()
        return
    with db.engine.connect() as conn:
        conn.execute(text("PRAGMA analysis_limit=1000"))
        conn.execute(text("ANALYZE"))
        conn.commit()


JOBS = [Job("store.optimize", 3600, optimize)]
