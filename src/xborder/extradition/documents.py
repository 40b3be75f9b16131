"""A case file's documents and its timeline, and one document read with its content."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xborder.audit.service import log_access
from xborder.extradition.cases import PDF_TYPE, READ, SUBJECT, load
from xborder.extradition.domain import (
    DOC_LABELS,
    CaseKind,
    DocKind,
)
from xborder.extradition.tables import JudicialCaseRow, JudicialDocumentRow, JudicialEntryRow
from xborder.identity.policy import authorize
from xborder.kernel.actor import Actor
from xborder.kernel.clock import as_utc
from xborder.kernel.errors import NotFound
from xborder.kernel.purposes import Purpose
from xborder.store.db import Database


@dataclass(frozen=True)
class DocumentView:
    id: str
    kind: str
    label: str
    version: int
    latest: bool
    media_type: str
    sha256: str
    country: str
    kid: str
    note: str
    created_at: datetime
    size: int


@dataclass(frozen=True)
class EntryView:
    at: datetime
    step: str
    country: str | None
    text: str
    details: dict[str, Any]


def documents(s: Session, row: JudicialCaseRow) -> list[DocumentView]:
    docs = list(
        s.scalars(
            select(JudicialDocumentRow)
            .where(JudicialDocumentRow.case_id == row.id)
            .order_by(JudicialDocumentRow.created_at, JudicialDocumentRow.version)
        )
    )
    newest: dict[str, int] = {}
    for d in docs:
        newest[d.kind] = max(newest.get(d.kind, 0), d.version)
    return [
        DocumentView(
            id=d.id,
            kind=d.kind,
            label=DOC_LABELS.get(DocKind(d.kind), d.kind),
            version=d.version,
            latest=d.version == newest[d.kind],
            media_type=d.media_type,
            sha256=d.sha256,
            country=d.country,
            kid=d.kid,
            note=d.note,
            created_at=as_utc(d.created_at),
            size=len(d.content),
        )
        for d in docs
    ]


def timeline(s: Session, row: JudicialCaseRow) -> list[EntryView]:
    return [
        EntryView(as_utc(e.at), e.step, e.country, e.text, dict(e.details))
        for e in s.scalars(
            select(JudicialEntryRow)
            .where(JudicialEntryRow.case_id == row.id)
            .order_by(JudicialEntryRow.at, JudicialEntryRow.id)
        )
    ]


@dataclass(frozen=True)
class DocumentContent:
    id: str
    kind: str
    version: int
    media_type: str
    sha256: str
    content: bytes
    filename: str


def get_document(
    db: Database, actor: Actor, case_id: str, document_id: str, purpose: Purpose, kind: CaseKind
) -> DocumentContent:
    authorize(actor, READ[kind])
    with db.transaction() as s:
        row = load(s, actor, case_id, kind)
        doc = s.get(JudicialDocumentRow, document_id)
        if doc is None or doc.case_id != row.id:
            raise NotFound("no such document")
        log_access(s, actor, f"{kind.value}.document.read", SUBJECT, [row.id], purpose)
        ext = "pdf" if doc.media_type == PDF_TYPE else "json"
        name = f"{row.number.replace('/', '-')}-{doc.kind}-v{doc.version}.{ext}"
        return DocumentContent(
            doc.id, doc.kind, doc.version, doc.media_type, doc.sha256, bytes(doc.content), name
        )
