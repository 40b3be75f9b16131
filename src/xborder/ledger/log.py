"""The event ledger: every event row becomes a leaf of an RFC 6962 tree in the same
transaction that writes it, so an event that has no leaf was not written by the service.

Leaf data is SHA-256(salt || canonical event): the digest is stored beside the leaf, so a
lawful deletion of an event's content leaves the tree verifiable, and the salt keeps anyone
holding a proof from guessing the event behind a leaf.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from joserfc.jwk import OKPKey
from joserfc.util import urlsafe_b64encode
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from xborder.audit.tables import EventRow
from xborder.kernel.canonical import salted_sha256
from xborder.kernel.clock import as_utc, utcnow
from xborder.ledger import merkle
from xborder.ledger.checkpoint import sign_checkpoint, verify_checkpoint
from xborder.ledger.tables import LedgerCheckpointRow, LedgerLeafRow
from xborder.store.db import require_durable

# Arbitrary constant naming the ledger's advisory lock on PostgreSQL.
_PG_LOCK_KEY = 0x7862_6C65_6467  # "xbledg"


def new_salt() -> str:
    return secrets.token_hex(16)


def event_fields(row: EventRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "at": as_utc(row.at).isoformat(),
        "actor_user_id": row.actor_user_id,
        "actor_org_id": row.actor_org_id,
        "actor_label": row.actor_label,
        "action": row.action,
        "subject_type": row.subject_type,
        "subject_id": row.subject_id,
        "payload_digest": row.payload_digest,
        "summary": row.summary,
        "reason": row.reason,
    }


def event_digest(row: EventRow) -> bytes:
    return salted_sha256(row.salt, event_fields(row))


def append_event(session: Session, row: EventRow) -> int:
    """Give the (flushed) event the next leaf index. Appends are serialised: PostgreSQL by an
    advisory lock held to the end of the transaction, SQLite by its single writer (the event
    insert already took the write lock)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
    top = session.scalar(select(func.max(LedgerLeafRow.idx)))
    idx = 0 if top is None else top + 1
    session.add(LedgerLeafRow(idx=idx, event_id=row.id, event_digest=event_digest(row).hex()))
    return idx


@dataclass
class _Cache:
    lock: threading.Lock = field(default_factory=threading.Lock)
    tree: merkle.MerkleTree = field(default_factory=merkle.MerkleTree)


_caches: dict[str, _Cache] = {}


def tree(session: Session) -> merkle.MerkleTree:
    """The process's copy of the tree, brought up to date with committed leaves.

    Leaves are append-only, so catching up reads only the rows past the cached size."""
    key = str(session.get_bind().engine.url)
    cache = _caches.setdefault(key, _Cache())
    with cache.lock:
        rows = session.execute(
            select(LedgerLeafRow.idx, LedgerLeafRow.event_digest)
            .where(LedgerLeafRow.idx >= cache.tree.size)
            .order_by(LedgerLeafRow.idx)
        )
        for idx, digest in rows:
            if idx != cache.tree.size:  # a hole: never cache past it
                break
            cache.tree.append(merkle.leaf_hash(bytes.fromhex(digest)))
        return cache.tree


@dataclass(frozen=True)
class Signer:
    """The secretariat's ledger key and the log's origin line. It signs checkpoints (C2SP)
    and evidences (JWS), and is published as a JWK so anyone can check both."""

    origin: str
    name: str
    key: Ed25519PrivateKey

    def public_jwk(self) -> dict[str, Any]:
        x = urlsafe_b64encode(self.key.public_key().public_bytes_raw()).decode()
        return {
            "kty": "OKP",
            "crv": "Ed25519",
            "x": x,
            "kid": self.name,
            "use": "sig",
            "alg": "Ed25519",
        }

    @cached_property
    def jose_key(self) -> OKPKey:
        """The private key in joserfc's form, imported once per signer."""
        d = urlsafe_b64encode(self.key.private_bytes_raw()).decode()
        return OKPKey.import_key({**self.public_jwk(), "d": d})


def publish_checkpoint(session: Session, signer: Signer) -> str:
    """Sign the current tree head and keep it, so later verification can compare against it."""
    t = tree(session)
    size = t.size
    existing = session.get(LedgerCheckpointRow, size)
    if existing is not None:
        return existing.text
    root = t.root(size)
    note = sign_checkpoint(signer.origin, size, root, signer.name, signer.key)
    require_durable(session)  # a signed checkpoint is handed out once this commits
    try:
        with session.begin_nested():  # another request may publish the same size first
            session.add(
                LedgerCheckpointRow(size=size, root=root.hex(), text=note, created_at=utcnow())
            )
    except IntegrityError:
        stored = session.get(LedgerCheckpointRow, size)
        assert stored is not None
        return stored.text
    return note


def inclusion(session: Session, event_id: int, size: int | None = None) -> dict[str, Any]:
    leaf = session.scalar(select(LedgerLeafRow).where(LedgerLeafRow.event_id == event_id))
    t = tree(session)
    size = t.size if size is None else size
    if size > t.size:
        raise LookupError(f"the tree has {t.size} leaves")
    if leaf is None or leaf.idx >= size:
        raise LookupError("event not in the ledger at that size")
    return {
        "event": event_id,
        "index": leaf.idx,
        "tree_size": size,
        "event_digest": leaf.event_digest,
        "leaf_hash": t.leaf_hash(leaf.idx).hex(),
        "proof": [h.hex() for h in t.inclusion_proof(leaf.idx, size)],
        "root": t.root(size).hex(),
    }


def proof_verifies(proof: dict[str, Any], root: bytes, size: int) -> bool:
    """Check an `inclusion()` answer against a root and size taken from a verified checkpoint:
    the leaf is the hash of the stated event digest, and the path leads to that root."""
    leaf = bytes.fromhex(proof["leaf_hash"])
    return merkle.leaf_hash(bytes.fromhex(proof["event_digest"])) == leaf and (
        merkle.verify_inclusion(
            leaf, proof["index"], size, [bytes.fromhex(h) for h in proof["proof"]], root
        )
    )


def consistency(session: Session, old: int, new: int) -> dict[str, Any]:
    t = tree(session)
    if not 0 <= old <= new <= t.size:
        raise LookupError(f"sizes must satisfy 0 <= from <= to <= {t.size}")
    return {
        "from": old,
        "to": new,
        "old_root": t.root(old).hex(),
        "new_root": t.root(new).hex(),
        "proof": [h.hex() for h in t.consistency_proof(old, new)],
    }


@dataclass
class Report:
    leaves: int = 0
    checkpoints: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(session: Session, signer_name: str, public_key: Any) -> Report:
    """Recompute everything from the rows, trusting none of the service's caches.

    Finds: an event whose content changed (digest mismatch), a leaf whose event vanished, an
    event that has no leaf (inserted behind the service's back), leaf digests that no longer
    give the roots of the signed checkpoints, and checkpoints with a bad signature."""
    report = Report()
    hashes: list[bytes] = []
    leaf_events: set[int] = set()
    rows = session.execute(
        select(LedgerLeafRow, EventRow)
        .join(EventRow, EventRow.id == LedgerLeafRow.event_id, isouter=True)
        .order_by(LedgerLeafRow.idx)
    )
    for leaf, event in rows:
        if leaf.idx != len(hashes):
            report.problems.append(f"leaf {len(hashes)} is missing (next is {leaf.idx})")
            break
        leaf_events.add(leaf.event_id)
        if event is None:
            report.problems.append(f"event {leaf.event_id} (leaf {leaf.idx}) was removed")
        elif event_digest(event).hex() != leaf.event_digest:
            report.problems.append(f"event {leaf.event_id} (leaf {leaf.idx}) was altered")
        hashes.append(merkle.leaf_hash(bytes.fromhex(leaf.event_digest)))
    report.leaves = len(hashes)
    orphans = session.scalars(
        select(EventRow.id)
        .where(EventRow.id.not_in(select(LedgerLeafRow.event_id)))
        .order_by(EventRow.id)
    ).all()
    report.problems += [
        f"event {e} is not in the ledger (inserted outside the service)" for e in orphans
    ]
    full = merkle.MerkleTree(hashes)
    for cp in session.scalars(select(LedgerCheckpointRow).order_by(LedgerCheckpointRow.size)):
        report.checkpoints += 1
        try:
            signed = verify_checkpoint(cp.text, signer_name, public_key)
        except ValueError as exc:
            report.problems.append(f"checkpoint {cp.size}: {exc}")
            continue
        if signed.size > full.size:
            report.problems.append(f"checkpoint {cp.size} covers leaves that are gone")
        elif full.root(signed.size) != signed.root:
            report.problems.append(f"checkpoint {cp.size}: leaves no longer give its root")
    return report
