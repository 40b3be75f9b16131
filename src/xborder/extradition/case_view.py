"""One case as the actor may see it: its state, basis, deadlines, documents and what the
actor may do next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from xborder.audit.service import log_access
from xborder.extradition.cases import READ, SUBJECT, at, latest_json, load, side_of
from xborder.extradition.clocks import DeadlineView, deadline_views
from xborder.extradition.documents import DocumentView, EntryView, documents, timeline
from xborder.extradition.domain import (
    MLA_BASES,
    CaseKind,
    DocKind,
)
from xborder.extradition.legal_bases import get_basis
from xborder.extradition.listing import actions_for, state_label
from xborder.extradition.tables import JudicialCaseRow
from xborder.identity.policy import authorize
from xborder.kernel.actor import Actor
from xborder.kernel.clock import as_utc, utcnow
from xborder.kernel.purposes import Purpose
from xborder.notices.tables import NoticeRow
from xborder.store.db import Database


@dataclass(frozen=True)
class CaseView:
    id: str
    number: str
    kind: str
    mla_kind: str | None
    state: str
    state_label: str
    outcome: str | None
    urgent: bool
    requesting_country: str
    requested_country: str
    legal_basis: dict[str, Any]
    via_secretariat: bool
    title: str
    side: str | None
    notice: dict[str, Any] | None
    hit_id: str | None
    requested_at: datetime
    arrested_at: datetime | None
    formal_received_at: datetime | None
    acknowledged_at: datetime | None
    consent_at: datetime | None
    decided_at: datetime | None
    surrender_at: datetime | None
    ended_at: datetime | None
    closed_at: datetime | None
    data: dict[str, Any]
    request: dict[str, Any] | None  # the latest request file (or provisional arrest data)
    documents: list[DocumentView]
    timeline: list[EntryView]
    deadlines: list[DeadlineView]
    actions: list[str]


def _basis_view(row: JudicialCaseRow) -> dict[str, Any]:
    if row.kind == CaseKind.MLA.value:
        return {"id": row.legal_basis, "name": MLA_BASES.get(row.legal_basis, row.legal_basis)}
    b = get_basis(row.legal_basis)
    return {"id": b.id, "name": b.name, "kind": b.kind.value, "source": b.source}


def view(s: Session, actor: Actor, row: JudicialCaseRow, now: datetime) -> CaseView:
    notice = s.get(NoticeRow, row.notice_id) if row.notice_id else None
    request = None
    for k in (DocKind.REQUEST_FILE, DocKind.PROVISIONAL_ARREST, DocKind.MLA_REQUEST):
        request = latest_json(s, row, k)
        if request is not None:
            break
    side = side_of(actor, row)
    return CaseView(
        id=row.id,
        number=row.number,
        kind=row.kind,
        mla_kind=row.mla_kind,
        state=row.state,
        state_label=state_label(row),
        outcome=row.outcome,
        urgent=row.urgent,
        requesting_country=row.requesting_country,
        requested_country=row.requested_country,
        legal_basis=_basis_view(row),
        via_secretariat=row.via_secretariat,
        title=row.title,
        side=side.value if side else None,
        notice=None
        if notice is None
        else {
            "id": notice.id,
            "number": notice.number,
            "state": notice.state,
            "type": notice.notice_type,
        },
        hit_id=row.hit_id,
        requested_at=as_utc(row.requested_at),
        arrested_at=at(row.arrested_at),
        formal_received_at=at(row.formal_received_at),
        acknowledged_at=at(row.acknowledged_at),
        consent_at=at(row.consent_at),
        decided_at=at(row.decided_at),
        surrender_at=at(row.surrender_at),
        ended_at=at(row.ended_at),
        closed_at=at(row.closed_at),
        data=dict(row.data or {}),
        request=request,
        documents=documents(s, row),
        timeline=timeline(s, row),
        deadlines=deadline_views(row, now),
        actions=actions_for(actor, row),
    )


def get_case(
    db: Database,
    actor: Actor,
    case_id: str,
    purpose: Purpose,
    kind: CaseKind = CaseKind.EXTRADITION,
) -> CaseView:
    """The whole case: reading it is a read of the person's data, logged with its purpose."""
    authorize(actor, READ[kind])
    now = utcnow()
    with db.transaction() as s:
        row = load(s, actor, case_id, kind)
        log_access(s, actor, f"{kind.value}.case.read", SUBJECT, [row.id], purpose)
        return view(s, actor, row, now)
