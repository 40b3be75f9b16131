"""What every extradition and mutual-legal-assistance use case shares: loading a case the
actor may see, its side, numbering, events and journal entries, stored documents."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from xborder.audit.service import record_event
from xborder.config import Settings
from xborder.exchange import key_service
from xborder.exchange.hosted import hosted_jwk
from xborder.extradition import bundle as sealing
from xborder.extradition.domain import (
    DOC_LABELS,
    CaseKind,
    DocKind,
    Side,
    number_prefix,
)
from xborder.extradition.tables import JudicialCaseRow, JudicialDocumentRow, JudicialEntryRow
from xborder.identity.policy import Action, judicial_case_rule
from xborder.kernel.actor import Actor, OrgKind
from xborder.kernel.canonical import canonical_json
from xborder.kernel.clock import as_utc
from xborder.kernel.countries import normalise_country
from xborder.kernel.errors import Forbidden, Invalid, NotFound
from xborder.kernel.ids import new_id
from xborder.store.db import next_number as store_next_number
from xborder.store.tables import OrgRow

SUBJECT = "judicial_case"


MAX_TEXT = 20_000


MAX_DOC_BYTES = 2 * 1024 * 1024


JSON_TYPE = "application/json"


PDF_TYPE = "application/pdf"


READ = {CaseKind.EXTRADITION: Action.EXTRADITION_READ, CaseKind.MLA: Action.MLA_READ}


SEND = {CaseKind.EXTRADITION: Action.EXTRADITION_SEND, CaseKind.MLA: Action.MLA_SEND}


DECIDE = {CaseKind.EXTRADITION: Action.EXTRADITION_DECIDE, CaseKind.MLA: Action.MLA_DECIDE}


def text(value: str | None, name: str, limit: int = MAX_TEXT, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise Invalid(f"{name.replace('_', ' ')} is required", field=name)
    if len(value) > limit:
        raise Invalid(f"{name.replace('_', ' ')} is too long (max {limit})", field=name)
    return value


def at(value: datetime | None) -> datetime | None:
    return as_utc(value) if value is not None else None


def side_of(actor: Actor, row: JudicialCaseRow) -> Side | None:
    if actor.org_kind != OrgKind.BUREAU or actor.country is None:
        return None
    if actor.country == row.requesting_country:
        return Side.REQUESTING
    if actor.country == row.requested_country:
        return Side.REQUESTED
    return None


def can_see(actor: Actor, row: JudicialCaseRow) -> bool:
    """Who sees a case (`identity.policy.judicial_case_rule`), for a row in memory."""
    return judicial_case_rule(actor).holds(row)


def visible(actor: Actor) -> ColumnElement[bool]:
    """The same rule as SQL."""
    return judicial_case_rule(actor).sql(JudicialCaseRow)


def load(s: Session, actor: Actor, case_id: str, kind: CaseKind) -> JudicialCaseRow:
    """The row, or 404 alike for a missing case and one the actor may not see."""
    row = s.get(JudicialCaseRow, case_id)
    if row is None or row.kind != kind.value or not can_see(actor, row):
        raise NotFound("no such case")
    return row


def require_side(actor: Actor, row: JudicialCaseRow) -> Side:
    side = side_of(actor, row)
    if side is None:
        raise Forbidden("only the two states concerned act on a case")
    return side


def bureau_country(s: Session, value: str, name: str) -> str:
    try:
        code = normalise_country(value or "")
    except Invalid:
        raise Invalid(f"{name.replace('_', ' ')}: not a country code", field=name) from None
    if s.scalar(select(OrgRow.id).where(OrgRow.country == code)) is None:
        raise Invalid(f"{name.replace('_', ' ')}: no bureau for {code}", field=name)
    return code


def next_number(s: Session, kind: CaseKind, now: datetime) -> str:
    return store_next_number(s, JudicialCaseRow.number, number_prefix(kind, now.year))


def set_data(row: JudicialCaseRow, key: str, value: Any) -> None:
    # JSON columns are not mutation-tracked: assign a new dict.
    row.data = {**(row.data or {}), key: value}


def event(
    s: Session, actor: Actor | None, row: JudicialCaseRow, action: str, payload: Any, **summary: Any
) -> None:
    record_event(
        s,
        actor,
        f"{row.kind}.{action}",
        SUBJECT,
        row.id,
        payload,
        summary={
            "number": row.number,
            "state": row.state,
            "requesting_country": row.requesting_country,
            "requested_country": row.requested_country,
            "legal_basis": row.legal_basis,
            **summary,
        },
    )


@dataclass(frozen=True)
class Entry:
    """One line of a case's timeline, as both sides see it: the step, its words, details, and
    a key that keeps a repeated warning from being written twice."""

    step: str
    what: str
    details: dict[str, Any] = field(default_factory=dict)
    dedupe: str | None = None


def entry(
    s: Session, actor: Actor | None, row: JudicialCaseRow, line: Entry, now: datetime
) -> JudicialEntryRow:
    e = JudicialEntryRow(
        case_id=row.id,
        at=now,
        step=line.step,
        country=actor.country if actor else None,
        user_id=actor.user_id if actor else None,
        text=line.what,
        details=dict(line.details),
        dedupe=line.dedupe,
    )
    s.add(e)
    s.flush()
    return e


def _keys(s: Session, country: str) -> dict[str, dict[str, Any]]:
    return {k.kid: k.public_jwk for k in key_service.keys_of(s, country)}


@dataclass(frozen=True)
class NewDocument:
    """A document to sign and keep: its kind, bytes, media type and the sender's note."""

    kind: DocKind
    content: bytes
    media_type: str
    note: str = ""


@dataclass(frozen=True)
class JsonDocument:
    """A document whose content is JSON (stored in its canonical form)."""

    kind: DocKind
    payload: dict[str, Any]
    note: str = ""


def add_document(
    s: Session,
    settings: Settings,
    actor: Actor,
    row: JudicialCaseRow,
    doc: NewDocument,
    now: datetime,
) -> JudicialDocumentRow:
    """Hash, sign (the acting bureau's hosted key) and keep a new version of a document; the
    signature is verified at once, as the other side would."""
    kind, content, media_type = doc.kind, doc.content, doc.media_type
    if len(content) > MAX_DOC_BYTES:
        raise Invalid(f"a document is at most {MAX_DOC_BYTES} bytes", field="content")
    assert actor.country is not None
    last = s.scalar(
        select(func.max(JudicialDocumentRow.version)).where(
            JudicialDocumentRow.case_id == row.id, JudicialDocumentRow.kind == kind.value
        )
    )
    version = int(last or 0) + 1
    digest = sealing.sha256_hex(content)
    signed = sealing.manifest(row.number, row.id, kind.value, version, media_type, digest)
    jwk = hosted_jwk(s, settings, actor.country)
    recipient = (
        row.requested_country if actor.country == row.requesting_country else row.requesting_country
    )
    env = sealing.sign_document(
        jwk,
        sender=actor.country,
        recipient=recipient,
        service=row.kind,
        document=signed,
        created=now,
    )
    sealing.verify_document(env, _keys(s, actor.country), signed)
    stored = JudicialDocumentRow(
        id=new_id(),
        case_id=row.id,
        kind=kind.value,
        version=version,
        media_type=media_type,
        content=content,
        sha256=digest,
        envelope=env,
        kid=str(jwk["kid"]),
        country=actor.country,
        note=doc.note,
        created_at=now,
        created_by=actor.user_id,
    )
    s.add(stored)
    s.flush()
    entry(
        s,
        actor,
        row,
        Entry(
            "document",
            f"{DOC_LABELS[kind]} v{version} signed by {actor.country}",
            {"document": stored.id, "kind": kind.value, "version": version, "sha256": digest},
        ),
        now,
    )
    return stored


def json_document(
    s: Session,
    settings: Settings,
    actor: Actor,
    row: JudicialCaseRow,
    doc: JsonDocument,
    now: datetime,
) -> JudicialDocumentRow:
    content = canonical_json(doc.payload)
    return add_document(
        s, settings, actor, row, NewDocument(doc.kind, content, JSON_TYPE, doc.note), now
    )


def latest_json(s: Session, row: JudicialCaseRow, kind: DocKind) -> dict[str, Any] | None:
    doc = s.scalar(
        select(JudicialDocumentRow)
        .where(JudicialDocumentRow.case_id == row.id, JudicialDocumentRow.kind == kind.value)
        .order_by(JudicialDocumentRow.version.desc())
        .limit(1)
    )
    if doc is None:
        return None
    value: dict[str, Any] = json.loads(doc.content)
    return value
