"""Writers for the two audit trails, used inside a service's own transaction so that a change
and its event (or a read and its log row) commit together or not at all."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from xborder.audit.tables import AccessLogRow, EventRow
from xborder.identity.policy import Action, authorize
from xborder.kernel.actor import Actor
from xborder.kernel.canonical import salted_sha256
from xborder.kernel.clock import utcnow
from xborder.kernel.purposes import LEGAL_BASIS, Purpose
from xborder.ledger.log import append_event, new_salt


def record_event(
    session: Session,
    actor: Actor | None,
    action: str,
    subject_type: str,
    subject_id: str,
    payload: Any = None,
    *,
    summary: dict[str, Any] | None = None,
    reason: str = "",
    label: str | None = None,
) -> EventRow:
    """Append an event. `summary` must hold no personal data (it outlives deletions);
    the payload itself is kept only as a digest. `actor=None` is the local operator (CLI)."""
    salt = new_salt()
    row = EventRow(
        at=utcnow(),
        actor_user_id=actor.user_id if actor else None,
        actor_org_id=actor.org_id if actor else None,
        actor_label=label or (f"{actor.username} via {actor.via}" if actor else "operator (cli)"),
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        # Salted, so a digest of low-entropy data (an IP address, a name) cannot be reversed
        # by trying candidates; the salt is kept with the event to check a payload later.
        payload_digest=salted_sha256(salt, payload).hex(),
        summary=summary or {},
        reason=reason,
        salt=salt,
    )
    session.add(row)
    session.flush()
    append_event(session, row)
    return row


def log_access(
    session: Session,
    actor: Actor,
    action: str,
    subject_type: str,
    subject_ids: list[str],
    purpose: Purpose,
    query_digest: str | None = None,
) -> None:
    """One row per person read: who, from which organisation, for what, on which basis.

    The query itself is never recorded: a plain hash of a searched name is reversible by
    guessing, so `query_digest` is only ever a keyed HMAC (screening supplies one)."""
    now = utcnow()
    session.add_all(
        AccessLogRow(
            at=now,
            user_id=actor.user_id,
            org_id=actor.org_id,
            role=actor.role.value,
            via=actor.via,
            action=action,
            subject_type=subject_type,
            subject_id=sid,
            purpose=purpose.value,
            legal_basis=LEGAL_BASIS[purpose],
            query_digest=query_digest,
        )
        for sid in subject_ids
    )


_ACCESS_LOG = cast(Table, AccessLogRow.__table__)
_INSERT_ACCESS = insert(_ACCESS_LOG)


def log_reads(
    session: Session,
    actor: Actor,
    purpose: Purpose,
    reads: Iterable[tuple[str, str, str, str | None]],
) -> int:
    """`log_access` for many reads at once, in one statement: each read is (action,
    subject_type, subject_id, query_digest), one row each, written now (an `executemany`,
    not an ORM flush) inside the caller's transaction, so that the rows commit with the
    use they record or not at all. For hot paths (screening); returns the rows written."""
    now = utcnow()
    common = {
        "at": now,
        "user_id": actor.user_id,
        "org_id": actor.org_id,
        "role": actor.role.value,
        "via": actor.via,
        "purpose": purpose.value,
        "legal_basis": LEGAL_BASIS[purpose],
    }
    rows = [
        {
            **common,
            "action": action,
            "subject_type": subject_type,
            "subject_id": sid,
            "query_digest": digest,
        }
        for action, subject_type, sid, digest in reads
    ]
    if rows:
        session.execute(_INSERT_ACCESS, rows)
    return len(rows)


def access_log_for(
    session: Session, actor: Actor, subject_id: str | None = None, limit: int = 100
) -> list[AccessLogRow]:
    """For auditors: who read what, and why."""
    authorize(actor, Action.AUDIT_READ)
    q = select(AccessLogRow).order_by(AccessLogRow.id.desc()).limit(min(limit, 1000))
    if subject_id:
        q = q.where(AccessLogRow.subject_id == subject_id)
    return list(session.scalars(q))


def events_for(
    session: Session, actor: Actor, subject_id: str | None = None, limit: int = 100
) -> list[EventRow]:
    authorize(actor, Action.AUDIT_READ)
    q = select(EventRow).order_by(EventRow.id.desc()).limit(min(limit, 1000))
    if subject_id:
        q = q.where(EventRow.subject_id == subject_id)
    return list(session.scalars(q))
