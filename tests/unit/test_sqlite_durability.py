"""SQLite commits that hand out something signed are durable before they return (issue 14);
the others keep WAL's NORMAL sync, which never corrupts but may lose the last commits on a
power cut."""

from pathlib import Path

import pytest
from sqlalchemy import text

from tests.conftest import World
from xborder.store.db import Database, NotDurable


def _sync(db: Database) -> int:
    with db.transaction() as s:
        return int(s.execute(text("PRAGMA synchronous")).scalar_one())


def test_a_durable_transaction_syncs_fully_and_the_next_one_does_not(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'x.db'}")
    assert _sync(db) == 1  # NORMAL
    with db.transaction(durable=True) as s:
        s.execute(text("CREATE TABLE t (x INTEGER)"))
        s.execute(text("INSERT INTO t VALUES (1)"))
        assert s.execute(text("PRAGMA synchronous")).scalar_one() == 2  # FULL for this commit
    assert _sync(db) == 1  # the pooled connection is set back
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("SELECT x FROM t")).scalar() == 1
    db.dispose()


def test_evidences_and_checkpoints_need_a_durable_transaction(sqlite_world: World) -> None:
    """Every signed evidence goes through record_evidence, every checkpoint through
    publish_checkpoint: in a transaction not opened durable, both refuse."""
    from xborder.exchange import hub
    from xborder.kernel.clock import utcnow
    from xborder.ledger import keys, log

    signer = keys.signer(sqlite_world.settings)
    with pytest.raises(NotDurable), sqlite_world.db.transaction() as s:
        log.publish_checkpoint(s, signer)
    with pytest.raises(NotDurable), sqlite_world.db.transaction() as s:
        hub.record_evidence(s, signer, "Delivery", None, utcnow())
    with sqlite_world.db.transaction(durable=True) as s:
        log.publish_checkpoint(s, signer)
        hub.record_evidence(s, signer, "Delivery", None, utcnow())
        assert s.execute(text("PRAGMA synchronous")).scalar_one() == 2
