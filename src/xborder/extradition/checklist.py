"""The pre-decision checklist of refusal grounds, from the case's data and the legal basis."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from xborder.audit.service import log_access
from xborder.extradition.cases import SUBJECT, latest_json, load
from xborder.extradition.deadlines import (
    timezone_of,
)
from xborder.extradition.domain import (
    CaseKind,
    DocKind,
)
from xborder.extradition.grounds import CATALOGUE, CheckContext, partial_outcome
from xborder.extradition.grounds import checklist as grounds_checklist
from xborder.extradition.legal_bases import get_basis
from xborder.extradition.requestfile import (
    file_from_dict,
)
from xborder.identity.policy import Action, authorize
from xborder.kernel.actor import Actor
from xborder.kernel.clock import utcnow
from xborder.kernel.purposes import Purpose
from xborder.notices.tables import DecisionRow, NoticeRow
from xborder.store.db import Database


@dataclass(frozen=True)
class CheckInputs:
    """What the requested state's authority knows beyond the file."""

    pending_proceedings: bool = False
    final_judgment_same_acts: bool = False
    human_rights_sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChecklistItem:
    ground: str
    label: str
    offence_ref: str | None
    level: str
    text: str
    legal_ref: str
    evidence: dict[str, Any]
    mandatory: bool = True  # under this legal basis: must refuse, or may refuse


@dataclass(frozen=True)
class Checklist:
    items: list[ChecklistItem]
    refusable: dict[str, list[str]]  # offence ref -> grounds the file raises against it
    offences: list[str]
    catalogue: list[dict[str, Any]]


def catalogue() -> list[dict[str, Any]]:
    return [
        {
            "ground": g.value,
            "label": info.label,
            "description": info.description,
            "legal_refs": list(info.legal_refs),
            "mandatory": info.mandatory,
        }
        for g, info in CATALOGUE.items()
    ]


def checklist(
    db: Database,
    actor: Actor,
    case_id: str,
    purpose: Purpose,
    inputs: CheckInputs | None = None,
) -> Checklist:
    """Which grounds of refusal the file itself raises, for the requested state's authority
    (the requesting state sees it too: it may complete its file). Includes the linked notice's
    state and the secretariat's refusal grounds (a notice refused or deleted under art. 3)."""
    authorize(actor, Action.EXTRADITION_READ)
    got = inputs or CheckInputs()
    now = utcnow()
    with db.transaction() as s:
        row = load(s, actor, case_id, CaseKind.EXTRADITION)
        request = latest_json(s, row, DocKind.REQUEST_FILE)
        log_access(s, actor, "extradition.checklist", SUBJECT, [row.id], purpose)
        if request is None:
            return Checklist([], {}, [], catalogue())
        f = file_from_dict(request)
        # EAW form section (d): the art. 4a(1) situation the issuing authority certifies.
        form = latest_json(s, row, DocKind.EAW)
        section_d = form.get("d") if isinstance(form, dict) else None
        guarantee = section_d.get("guarantee") if isinstance(section_d, dict) else None
        notice_state: str | None = None
        notice_grounds: tuple[str, ...] = ()
        if row.notice_id:
            notice = s.get(NoticeRow, row.notice_id)
            if notice is not None:
                notice_state = notice.state
                notice_grounds = tuple(
                    str(g)
                    for d in s.scalars(
                        select(DecisionRow).where(DecisionRow.notice_id == notice.id)
                    )
                    for g in (d.grounds or [])
                )
        ctx = CheckContext(
            basis=get_basis(row.legal_basis),
            file=f,
            requesting_state=row.requesting_country,
            requested_state=row.requested_country,
            # Limitation runs in the requested state's calendar (EAW art. 4(4): its law).
            today=now.astimezone(ZoneInfo(timezone_of(row.requested_country))).date(),
            notice_state=notice_state,
            notice_refusal_grounds=notice_grounds,
            pending_proceedings=got.pending_proceedings,
            final_judgment_same_acts=got.final_judgment_same_acts,
            human_rights_sources=got.human_rights_sources,
            in_absentia_guarantee=guarantee if isinstance(guarantee, str) and guarantee else None,
        )
    raised = grounds_checklist(ctx)
    refs = [o.ref for o in f.offences]
    items = [
        ChecklistItem(
            ground=r.ground.value,
            label=CATALOGUE[r.ground].label if r.ground in CATALOGUE else r.ground.value,
            offence_ref=r.offence_ref,
            level=r.level,
            text=r.text,
            legal_ref=r.legal_ref,
            evidence=dict(r.evidence),
            mandatory=r.mandatory,
        )
        for r in raised
    ]
    partial = partial_outcome(raised, refs)
    return Checklist(
        items=items,
        refusable={k: [g.value for g in v] for k, v in partial.items()},
        offences=refs,
        catalogue=catalogue(),
    )
