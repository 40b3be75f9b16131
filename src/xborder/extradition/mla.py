"""Mutual legal assistance (e-MLA) on the extradition machinery: requests for evidence,
hearings, search and seizure, bank information, and the expedited preservation of stored
computer data (Budapest Convention art. 29). Same visibility, signatures, timeline and
deadline job as an extradition case (`xborder.extradition.service`); its own lifecycle
(`domain.MLA_TRANSITIONS`) and deadlines (`deadlines.mla_deadlines`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from xborder.config import Settings
from xborder.extradition import cases as svc
from xborder.extradition.commands import MlaIn, MlaStepIn
from xborder.extradition.deadlines import MlaKind
from xborder.extradition.domain import (
    MLA_BASES,
    MLA_DECIDING_STEPS,
    CaseKind,
    DocKind,
    MlaState,
    MlaStep,
    missing_mla_fields,
    mla_may_act,
    mla_next_state,
)
from xborder.extradition.tables import JudicialCaseRow
from xborder.identity.policy import Action, authorize
from xborder.kernel.actor import Actor, OrgKind
from xborder.kernel.clock import iso, utcnow
from xborder.kernel.errors import Conflict, Forbidden, Invalid
from xborder.kernel.ids import new_id
from xborder.store.db import Database

MLA_KIND_LABELS: dict[MlaKind, str] = {
    MlaKind.EVIDENCE: "Taking of evidence",
    MlaKind.HEARING: "Hearing of a witness, expert or suspect",
    MlaKind.SEARCH_SEIZURE: "Search and seizure",
    MlaKind.BANK_INFORMATION: "Bank information",
    MlaKind.PRESERVATION: "Expedited preservation of stored computer data",
}
STEP_TEXT: dict[MlaStep, str] = {
    MlaStep.ACKNOWLEDGE: "Receipt acknowledged",
    MlaStep.ASK_INFO: "Additional information requested",
    MlaStep.ANSWER_INFO: "Additional information sent",
    MlaStep.ACCEPT: "Request accepted, being executed",
    MlaStep.REFUSE: "Request refused",
    MlaStep.EXECUTE: "Request executed, results sent",
    MlaStep.WITHDRAW: "Request withdrawn",
    MlaStep.CLOSE: "Case closed",
}
STEP_DOCUMENT: dict[MlaStep, DocKind] = {
    MlaStep.ACKNOWLEDGE: DocKind.ACKNOWLEDGEMENT,
    MlaStep.ASK_INFO: DocKind.INFO_REQUEST,
    MlaStep.ANSWER_INFO: DocKind.INFO_ANSWER,
    MlaStep.ACCEPT: DocKind.MLA_DECISION,
    MlaStep.REFUSE: DocKind.MLA_DECISION,
    MlaStep.EXECUTE: DocKind.MLA_RESULT,
}


def create_mla(db: Database, actor: Actor, settings: Settings, cmd: MlaIn) -> str:
    """Send an MLA request, signed by the actor's bureau. A preservation request states the
    art. 29(2) fields and is urgent by nature; a request that `follows` a preservation (the
    formal request for the preserved data) stops that preservation's clock."""
    authorize(actor, Action.MLA_SEND)
    if actor.org_kind != OrgKind.BUREAU or actor.country is None:
        raise Forbidden("only a bureau sends a request for mutual legal assistance")
    kind, legal_basis, request, follows = cmd.mla_kind, cmd.legal_basis, cmd.request, cmd.follows
    if legal_basis not in MLA_BASES:
        raise Invalid(
            f"unknown legal basis {legal_basis!r}", field="legal_basis", allowed=list(MLA_BASES)
        )
    what = svc.text(cmd.title, "title", 300, required=True)
    missing = missing_mla_fields(kind.value, request)
    if missing:
        raise Invalid("the request lacks: " + "; ".join(missing), field="request", missing=missing)
    now = utcnow()
    with db.transaction() as s:
        requested = svc.bureau_country(s, cmd.requested_country, "requested_country")
        if requested == actor.country:
            raise Invalid("a state does not request itself", field="requested_country")
        earlier: JudicialCaseRow | None = None
        if follows:
            earlier = svc.load(s, actor, follows, CaseKind.MLA)
            if (
                earlier.mla_kind != MlaKind.PRESERVATION.value
                or earlier.requesting_country != actor.country
                or earlier.requested_country != requested
            ):
                raise Invalid(
                    "a follow-up request follows this bureau's preservation request to the same"
                    " state",
                    field="follows",
                )
        row = JudicialCaseRow(
            id=new_id(),
            number=svc.next_number(s, CaseKind.MLA, now),
            kind=CaseKind.MLA.value,
            mla_kind=kind.value,
            state=MlaState.SENT.value,
            outcome=None,
            urgent=cmd.urgent or kind == MlaKind.PRESERVATION,
            requesting_country=actor.country,
            requested_country=requested,
            legal_basis=legal_basis,
            via_secretariat=cmd.via_secretariat,
            notice_id=None,
            hit_id=None,
            title=what,
            data={"follows": earlier.number} if earlier else {},
            requested_at=now,
            created_by=actor.user_id,
            updated_at=now,
        )
        s.add(row)
        s.flush()
        label = f"{MLA_KIND_LABELS[kind]} requested on the basis of {MLA_BASES[legal_basis]}"
        details = {"mla_kind": kind.value, "follows": earlier.number if earlier else None}
        svc.entry(s, actor, row, svc.Entry("request", label, details), now)
        doc = svc.JsonDocument(DocKind.MLA_REQUEST, dict(request))
        svc.json_document(s, settings, actor, row, doc, now)
        svc.event(s, actor, row, "requested", {"title": what}, mla_kind=kind.value)
        if earlier is not None:
            svc.set_data(earlier, "follow_up_at", iso(now))
            svc.set_data(earlier, "follow_up", row.number)
            earlier.updated_at = now
            said = f"Mutual assistance request {row.number} sent for the preserved data"
            line = svc.Entry("follow_up", said, {"follow_up": row.number})
            svc.entry(s, actor, earlier, line, now)
        return row.id


def act(db: Database, actor: Actor, settings: Settings, case_id: str, cmd: MlaStepIn) -> None:
    """One step of an MLA case by the side whose step it is; accepting or refusing is the
    requested state's supervisor's."""
    st = cmd.step
    authorize(actor, Action.MLA_DECIDE if st in MLA_DECIDING_STEPS else Action.MLA_SEND)
    required = st in (MlaStep.ASK_INFO, MlaStep.ANSWER_INFO, MlaStep.REFUSE, MlaStep.EXECUTE)
    why = svc.text(cmd.text, "text", required=required)
    now = utcnow()
    with db.transaction() as s:
        row = svc.load(s, actor, case_id, CaseKind.MLA)
        side = svc.require_side(actor, row)
        if not mla_may_act(st, side):
            raise Forbidden(f"the {side.value} state does not {st.value}")
        if row.state == MlaState.CLOSED.value:
            raise Conflict("the case is closed")
        row.state = mla_next_state(MlaState(row.state), st).value
        row.updated_at = now
        payload: dict[str, Any] = {"text": why, "at": iso(now), "by_country": actor.country}
        if st == MlaStep.ACKNOWLEDGE:
            row.acknowledged_at = now
        elif st == MlaStep.ASK_INFO:
            rounds = list((row.data or {}).get("info", []))
            rounds.append({"question": why, "asked_at": iso(now), "answer": None})
            svc.set_data(row, "info", rounds)
        elif st == MlaStep.ANSWER_INFO:
            rounds = list((row.data or {}).get("info", []))
            if rounds:
                rounds[-1] = {**rounds[-1], "answer": why, "answered_at": iso(now)}
            svc.set_data(row, "info", rounds)
        elif st in (MlaStep.ACCEPT, MlaStep.REFUSE):
            row.decided_at = now
            row.outcome = "accepted" if st == MlaStep.ACCEPT else "refused"
            payload["outcome"] = row.outcome
            if st == MlaStep.REFUSE:
                row.ended_at = now
            svc.set_data(row, "decision", payload)
        elif st == MlaStep.EXECUTE:
            row.ended_at = now
            payload["results"] = dict(cmd.results or {})
            svc.set_data(row, "execution", {"text": why, "at": iso(now)})
        elif st == MlaStep.WITHDRAW:
            row.ended_at = now
        elif st == MlaStep.CLOSE:
            row.closed_at = now
        label = STEP_TEXT[st]
        if st == MlaStep.ACCEPT and row.mla_kind == MlaKind.PRESERVATION.value:
            label = "Data preserved (kept at least 60 days pending the request for them)"
        svc.entry(s, actor, row, svc.Entry(st.value, label, {"text": why} if why else {}), now)
        if st in STEP_DOCUMENT:
            doc = svc.JsonDocument(STEP_DOCUMENT[st], payload)
            svc.json_document(s, settings, actor, row, doc, now)
        svc.event(s, actor, row, st.value, payload)


def preservations_awaiting(db: Database, actor: Actor) -> list[str]:
    """This bureau's preservation requests still without their follow-up request (for the
    form that sends one)."""
    authorize(actor, Action.MLA_SEND)
    with db.transaction() as s:
        rows = s.scalars(
            select(JudicialCaseRow).where(
                JudicialCaseRow.kind == CaseKind.MLA.value,
                JudicialCaseRow.mla_kind == MlaKind.PRESERVATION.value,
                JudicialCaseRow.requesting_country == (actor.country or ""),
            )
        )
        return [r.id for r in rows if not (r.data or {}).get("follow_up")]
