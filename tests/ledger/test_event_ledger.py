"""The event ledger over the real store, on SQLite and PostgreSQL: every event is a leaf,
proofs verify against signed checkpoints, and tampering with rows by plain SQL is caught."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from tests.conftest import World
from xborder.accounts import service as identity
from xborder.audit.tables import EventRow
from xborder.kernel.actor import Role
from xborder.ledger import keys, merkle
from xborder.ledger import log as ledger
from xborder.ledger.checkpoint import verify_checkpoint
from xborder.ledger.tables import LedgerLeafRow


def report(world: World) -> ledger.Report:
    public = keys.signer(world.settings).key.public_key()
    with world.db.transaction() as s:
        return ledger.verify(s, keys.KEY_NAME, public)


def checkpoint(world: World) -> str:
    with world.db.transaction(durable=True) as s:
        return ledger.publish_checkpoint(s, keys.signer(world.settings))


def test_every_event_has_exactly_one_leaf_in_order(world: World) -> None:
    identity.create_user(world.db, None, "fr.extra", Role.NCB_OFFICER, "FR")
    with world.db.transaction() as s:
        events = s.scalar(select(func.count()).select_from(EventRow))
        idx = s.scalars(select(LedgerLeafRow.idx).order_by(LedgerLeafRow.idx)).all()
    assert idx == list(range(events))
    checkpoint(world)
    assert report(world).ok


def test_inclusion_and_consistency_proofs_verify_against_signed_checkpoints(world: World) -> None:
    public = keys.signer(world.settings).key.public_key()
    old = verify_checkpoint(checkpoint(world), keys.KEY_NAME, public)
    new_user = identity.create_user(world.db, None, "fr.extra2", Role.NCB_OFFICER, "FR")
    new = verify_checkpoint(checkpoint(world), keys.KEY_NAME, public)
    assert new.size > old.size
    with world.db.transaction() as s:
        event_id = s.scalars(select(EventRow.id).where(EventRow.subject_id == new_user.id)).one()
        proof = ledger.inclusion(s, event_id, new.size)
        cons = ledger.consistency(s, old.size, new.size)
    assert merkle.verify_inclusion(
        bytes.fromhex(proof["leaf_hash"]),
        proof["index"],
        new.size,
        [bytes.fromhex(h) for h in proof["proof"]],
        new.root,
    )
    assert merkle.verify_consistency(
        old.size, new.size, old.root, new.root, [bytes.fromhex(h) for h in cons["proof"]]
    )


def test_plain_sql_update_of_an_event_is_caught_and_named(world: World) -> None:
    checkpoint(world)
    with world.db.transaction() as s:
        s.execute(text("UPDATE events SET reason = 'rewritten' WHERE id = 7"))
    r = report(world)
    assert not r.ok and r.problems[0] == "event 7 (leaf 6) was altered"


def test_deleted_and_inserted_rows_are_caught(world: World) -> None:
    checkpoint(world)
    with world.db.transaction() as s:
        s.execute(text("DELETE FROM events WHERE id = 3"))
        s.execute(
            text(
                "INSERT INTO events (at, actor_label, action, subject_type, subject_id, "
                "payload_digest, summary, reason, salt) VALUES (CURRENT_TIMESTAMP, 'x', "
                "'user.created', 'user', 'forged', 'x', '{}', '', '')"
            )
        )
    problems = report(world).problems
    assert "event 3 (leaf 2) was removed" in problems
    assert any("not in the ledger" in p for p in problems)


def test_rewriting_event_and_leaf_together_breaks_the_signed_root(world: World) -> None:
    checkpoint(world)
    with world.db.transaction() as s:
        s.execute(text("UPDATE events SET reason = 'rewritten' WHERE id = 5"))
        row = s.get(EventRow, 5)
        assert row is not None
        s.execute(
            text("UPDATE ledger_leaves SET event_digest = :d WHERE event_id = 5"),
            {"d": ledger.event_digest(row).hex()},
        )
    problems = report(world).problems
    assert problems and all("checkpoint" in p for p in problems)


def test_workers_starting_together_share_one_ledger_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two workers that both find no key make one each; only one is linked into place, and
    the other worker reads it (it used to fail with FileExistsError)."""
    from cryptography.hazmat.primitives import serialization

    path = tmp_path / "keys" / "ledger-ed25519.pem"
    first = keys._load_or_create(path)
    monkeypatch.setattr(Path, "exists", lambda self: False)  # the second saw no file yet
    second = keys._load_or_create(path)
    raw = serialization.Encoding.Raw, serialization.PublicFormat.Raw
    assert second.public_key().public_bytes(*raw) == first.public_key().public_bytes(*raw)
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left
    assert path.stat().st_mode & 0o777 == 0o600
