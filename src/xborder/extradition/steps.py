"""Both states act on a case step by step (the state machine of the domain), and the
requested state decides on the grounds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from xborder.config import Settings
from xborder.extradition.cases import (
    Entry,
    JsonDocument,
    at,
    entry,
    event,
    json_document,
    latest_json,
    load,
    set_data,
    text,
)
from xborder.extradition.commands import DecisionIn
from xborder.extradition.domain import (
    DECIDING_STEPS,
    CaseKind,
    DocKind,
    Outcome,
    Step,
)
from xborder.extradition.grounds import CATALOGUE, Ground
from xborder.extradition.legal_bases import get_basis
from xborder.extradition.requesting import send_formal_request, take_step
from xborder.identity.policy import Action, authorize
from xborder.kernel.actor import Actor
from xborder.kernel.clock import iso, utcnow
from xborder.kernel.errors import Conflict, Invalid
from xborder.store.db import Database


@dataclass(frozen=True)
class StepInput:
    """What a step may carry; each step reads the fields it needs."""

    text: str = ""
    at: datetime | None = None  # arrest, consent, surrender date
    place: str = ""
    escort: str = ""
    file: dict[str, Any] | None = None
    eaw: dict[str, Any] | None = None


STEP_TEXT: dict[Step, str] = {
    Step.ARREST: "Person arrested",
    Step.ACKNOWLEDGE: "Receipt of the formal request acknowledged",
    Step.ASK_INFO: "Additional information requested",
    Step.EXTEND: "Decision period extended",
    Step.ANSWER_INFO: "Additional information sent",
    Step.CONSENT: "The person consented to simplified surrender",
    Step.ARRANGE_SURRENDER: "Surrender arranged",
    Step.SURRENDER: "Person surrendered",
    Step.RELEASE: "Person released",
    Step.WITHDRAW: "Request withdrawn",
    Step.CLOSE: "Case closed",
}


STEP_DOCUMENT: dict[Step, DocKind] = {
    Step.ACKNOWLEDGE: DocKind.ACKNOWLEDGEMENT,
    Step.ASK_INFO: DocKind.INFO_REQUEST,
    Step.ANSWER_INFO: DocKind.INFO_ANSWER,
    Step.CONSENT: DocKind.CONSENT,
    Step.ARRANGE_SURRENDER: DocKind.SURRENDER,
    Step.RELEASE: DocKind.RELEASE,
}


def act(
    db: Database, actor: Actor, settings: Settings, case_id: str, step: Step | str, data: StepInput
) -> None:
    """One step of the case, by the side whose step it is; decisions go through `decide`."""
    try:
        st = Step(step)
    except ValueError:
        raise Invalid(
            f"unknown step {step!r}", field="step", allowed=[x.value for x in Step]
        ) from None
    if st == Step.DECIDE:
        raise Invalid("a decision is recorded with its grounds (the decision route)", field="step")
    if st == Step.FORMAL:
        send_formal_request(db, actor, settings, case_id, data.file or {}, data.eaw)
        return
    authorize(actor, Action.EXTRADITION_DECIDE if st in DECIDING_STEPS else Action.EXTRADITION_SEND)
    note = text(data.text, "text", required=st in (Step.ASK_INFO, Step.ANSWER_INFO, Step.RELEASE))
    now = utcnow()
    with db.transaction() as s:
        row = load(s, actor, case_id, CaseKind.EXTRADITION)
        if st == Step.CONSENT and row.consent_at is not None:
            raise Conflict("the consent is already recorded")
        if st == Step.ARREST and row.arrested_at is not None:
            raise Conflict("the arrest is already recorded")
        if st == Step.ARRANGE_SURRENDER and row.outcome == Outcome.REFUSED.value:
            raise Conflict("extradition was refused: release the person")
        take_step(row, actor, st, now)
        payload: dict[str, Any] = {"text": note, "at": iso(now), "by_country": actor.country}
        when = at(data.at) or now
        if st == Step.ARREST:
            if when > now:
                raise Invalid("the arrest cannot be in the future", field="at")
            row.arrested_at = when
            payload["arrested_at"] = iso(when)
        elif st == Step.ACKNOWLEDGE:
            row.acknowledged_at = now
        elif st == Step.EXTEND:
            if get_basis(row.legal_basis).decision_extension_days is None:
                raise Conflict("this legal basis allows no extension of the decision period")
            if (row.data or {}).get("decision_extended"):
                raise Conflict("the decision period was already extended")
            if not note:
                raise Invalid("give the reasons for the extension", field="text")
            set_data(row, "decision_extended", True)
        elif st == Step.ASK_INFO:
            rounds = list((row.data or {}).get("info", []))
            rounds.append({"question": note, "asked_at": iso(now), "answer": None})
            set_data(row, "info", rounds)
        elif st == Step.ANSWER_INFO:
            rounds = list((row.data or {}).get("info", []))
            if rounds:
                rounds[-1] = {**rounds[-1], "answer": note, "answered_at": iso(now)}
            set_data(row, "info", rounds)
        elif st == Step.CONSENT:
            if when > now:
                raise Invalid("the consent cannot be in the future", field="at")
            row.consent_at = when
            payload["consent_at"] = iso(when)
        elif st == Step.ARRANGE_SURRENDER:
            place = text(data.place, "place", 300, required=True)
            escort = text(data.escort, "escort", 300, required=True)
            if data.at is None:
                raise Invalid("give the date of surrender", field="at")
            row.surrender_at = when
            payload.update({"surrender_at": iso(when), "place": place, "escort": escort})
            set_data(row, "surrender", payload)
        elif st == Step.SURRENDER:
            row.ended_at = now
        elif st == Step.RELEASE:
            row.ended_at = now
            set_data(row, "release", payload)
        elif st == Step.WITHDRAW:
            row.ended_at = now
        elif st == Step.CLOSE:
            row.closed_at = now
        label = STEP_TEXT[st]
        details: dict[str, Any] = {"text": note} if note else {}
        if st == Step.ARRANGE_SURRENDER:
            label += f" at {payload['place']}, escort: {payload['escort']}"
            details["surrender_at"] = payload["surrender_at"]
        entry(s, actor, row, Entry(st.value, label, details), now)
        if st in STEP_DOCUMENT:
            json_document(s, settings, actor, row, JsonDocument(STEP_DOCUMENT[st], payload), now)
        event(s, actor, row, st.value, payload)


def decide(db: Database, actor: Actor, settings: Settings, case_id: str, cmd: DecisionIn) -> None:
    """The requested state's decision: granted; refused on one or more grounds of the
    catalogue, each with its legal basis; or partially granted, offence by offence (the
    refused offences each need a ground). Signed as a document of the file."""
    authorize(actor, Action.EXTRADITION_DECIDE)
    o = cmd.outcome
    why = text(cmd.reasons, "reasons", required=True)  # the model lets blank text through
    chosen = list(cmd.grounds)
    now = utcnow()
    with db.transaction() as s:
        row = load(s, actor, case_id, CaseKind.EXTRADITION)
        take_step(row, actor, Step.DECIDE, now)
        request = latest_json(s, row, DocKind.REQUEST_FILE) or {}
        refs = [str(x.get("ref")) for x in request.get("offences", [])]
        picked: list[dict[str, Any]] = []
        for g in chosen:
            try:
                ground = Ground(g.ground)
            except ValueError:
                raise Invalid(
                    f"unknown ground {g.ground!r}",
                    field="grounds",
                    allowed=[x.value for x in Ground],
                ) from None
            info = CATALOGUE.get(ground)
            unknown = [r for r in g.offences if r not in refs]
            if unknown:
                raise Invalid(f"no offence {unknown[0]!r} in the request file", field="grounds")
            basis_text = text(g.legal_basis, "legal_basis", 300) or (
                info.legal_refs[0] if info and info.legal_refs else ""
            )
            if not basis_text:
                raise Invalid(f"give the legal basis of {ground.value}", field="grounds")
            picked.append(
                {
                    "ground": ground.value,
                    "label": info.label if info else ground.value,
                    "legal_basis": basis_text,
                    "offences": list(g.offences),
                    "reasons": text(g.reasons, "reasons"),
                }
            )
        granted = list(cmd.granted_offences)
        if o == Outcome.GRANTED and picked:
            raise Invalid("a grant gives no ground of refusal", field="grounds")
        if o == Outcome.REFUSED and not picked:
            raise Invalid("a refusal states at least one ground", field="grounds")
        if o == Outcome.PARTIALLY_GRANTED:
            unknown = [r for r in granted if r not in refs]
            if not granted or unknown:
                raise Invalid(
                    "name the offences granted (refs of the request file)",
                    field="granted_offences",
                    allowed=refs,
                )
            refused = [r for r in refs if r not in granted]
            if not refused:
                raise Invalid("every offence is granted: that is a grant", field="outcome")
            covered = {r for g in picked for r in (g["offences"] or refused)}
            if not set(refused) <= covered:
                raise Invalid(
                    "each refused offence needs a ground: "
                    + ", ".join(sorted(set(refused) - covered)),
                    field="grounds",
                )
        elif o == Outcome.GRANTED:
            granted = refs
        else:
            granted = []
        row.outcome = o.value
        row.decided_at = now
        decision = {
            "outcome": o.value,
            "reasons": why,
            "grounds": picked,
            "granted_offences": granted,
            "decided_at": iso(now),
            "by_country": actor.country,
            "consent": row.consent_at is not None,
        }
        set_data(row, "decision", decision)
        label = f"Extradition {o.value.replace('_', ' ')}" + (
            f" ({', '.join(g['ground'] for g in picked)})" if picked else ""
        )
        details = {"outcome": o.value, "grounds": [g["ground"] for g in picked]}
        entry(s, actor, row, Entry(Step.DECIDE.value, label, details), now)
        json_document(s, settings, actor, row, JsonDocument(DocKind.DECISION, decision), now)
        event(
            s,
            actor,
            row,
            "decided",
            decision,
            outcome=o.value,
            grounds=[g["ground"] for g in picked],
        )
