"""The algorithm register: a public entry per component (UK ATRS tier 1 and tier 2, with the
Dutch algorithm register and Eurocities field mapping) and a non-public section with what the
AI Act asks of law-enforcement high-risk systems (art. 49(4), Annex VIII).

Withheld fields are published as `{"withheld": true, "reason": ...}`: the reader learns that
something is not shown and why, never the value (it is in the internal section only). Entry
ids are the component ids and stay the same across versions; `schema_version` versions the
document's shape (`data/register.schema.json`), `entry_version` an entry's content (the
component's version and the texts' revision); the entry is kept as published at each switch
(`history`). Performance comes from the latest stored evaluation of the version in use; for the
name-screening component, a second block (`performance_real_names`) gives the per-script figures
on the real-name test set shipped with the package (`data/screening-realnames.json`, written by
`bench/screening/realset.py evaluate`), shown only when they are of the version in use."""

from __future__ import annotations

import json
from datetime import datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from xborder.governance import assessments as asm
from xborder.governance import evaluation as ev
from xborder.governance import service as gov
from xborder.governance.oversight import agreement_rates, reviewer_scope
from xborder.governance.registry import COMPONENTS, Component, get, use_case
from xborder.governance.tables import RegisterEntryRow
from xborder.identity.policy import Action, authorize
from xborder.kernel.actor import Actor
from xborder.kernel.clock import as_utc, iso, utcnow
from xborder.kernel.errors import Invalid, NotFound
from xborder.kernel.ids import new_id
from xborder.kernel.purposes import LEGAL_BASES
from xborder.screening.tables import ScreeningResultRow, ScreeningRow
from xborder.store.db import Database
from xborder.store.tables import UserRow

DATA = Path(__file__).parent / "data"
SCHEMA_VERSION = "1.1.0"
SCHEMA_ID = "https://xborder.example/schemas/algorithm-register/1.json"
RECENT_USES = 20
HEADLINE_METRICS = ("recall", "precision", "false_match_rate", "false_non_match_rate")
# The real-name block also gives F1: the benchmark reports it, and on real names precision and
# recall trade off more visibly than on the synthetic twin.
REAL_NAME_METRICS = ("recall", "precision", "f1", "false_match_rate", "false_non_match_rate")
REAL_NAMES_FILE = "screening-realnames.json"
METHOD = "one global threshold for every group (NISTIR 8280); bootstrap 95% intervals"
DISPARITY_KEYS = (
    "attribute",
    "metric",
    "max_group",
    "min_group",
    "difference",
    "max_min_ratio",
    "undefined",
)

# Where each field of the Dutch national algorithm register and of the Eurocities (Amsterdam /
# Helsinki) standard is found in an entry (a dotted path).
MAPPINGS: dict[str, dict[str, str]] = {
    "nl_algoritmeregister": {
        "naam": "tier1.name",
        "korte_omschrijving": "tier1.description",
        "publicatiecategorie": "publication_category",
        "doel": "component.intended_use",
        "proportionaliteit": "tier2.description_and_rationale.alternatives_considered",
        "menselijke_tussenkomst": "tier2.deployment_context.human_review",
        "risicobeheer": "tier2.risks_mitigations_impact_assessments.mitigations",
        "wettelijke_basis": "legal_basis",
        "impacttoetsen": "assessments",
        "bron_data": "tier2.data.source_data",
        "methoden_en_modellen": "tier2.tool_specification.model_type",
        "contact": "tier1.contact",
    },
    "eurocities": {
        "name": "tier1.name",
        "overview": "tier1.description",
        "purpose": "component.intended_use",
        "human_oversight": "tier2.deployment_context.human_review",
        "data": "tier2.data.source_data",
        "data_processing": "tier2.description_and_rationale.detailed_description",
        "non_discrimination": "performance",
        "risks": "tier2.risks_mitigations_impact_assessments.risks",
        "contact": "tier1.contact",
    },
}


@cache
def texts() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / "register.json").read_text("utf-8"))
    return data


@cache
def schema() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / "register.schema.json").read_text("utf-8"))
    return data


def _is_withheld(v: Any) -> bool:
    """Any object with a `withheld` key is withheld, whatever else it holds: a field written
    without `value` (or with its value under another key) must not leak by being missed."""
    return isinstance(v, dict) and "withheld" in v


def _reason(node: dict[str, Any]) -> str:
    why = node["withheld"]
    return str(node.get("reason", "")) if why is True else str(why)


def public_fields(node: Any) -> Any:
    """Replace each withheld field, at any depth (in lists too), by its marker and reason;
    nothing of the value remains."""
    if _is_withheld(node):
        return {"withheld": True, "reason": _reason(node)}
    if isinstance(node, dict):
        return {k: public_fields(v) for k, v in node.items()}
    if isinstance(node, list):
        return [public_fields(v) for v in node]
    return node


def withheld_values(node: Any, path: str = "") -> list[dict[str, str]]:
    """Internal: each withheld field's path, value and reason."""
    if _is_withheld(node):
        rest = {k: v for k, v in node.items() if k not in ("withheld", "reason")}
        value = node["value"] if set(rest) == {"value"} else json.dumps(rest, ensure_ascii=False)
        return [{"path": path, "value": str(value), "reason": _reason(node)}]
    out: list[dict[str, str]] = []
    if isinstance(node, dict):
        for k, v in node.items():
            out += withheld_values(v, f"{path}.{k}" if path else k)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += withheld_values(v, f"{path}[{i}]")
    return out


def _estimate(r: dict[str, Any] | None) -> dict[str, Any] | None:
    if r is None:
        return None
    return {"value": r["value"], "ci_low": r.get("ci_low"), "ci_high": r.get("ci_high")}


def _groups(rows: list[dict[str, Any]], metrics: tuple[str, ...]) -> list[dict[str, Any]]:
    """Each group once, in the rows' order, with its count and each metric's interval (the
    first row of a group and metric counts, as `Evaluation.figure` has it)."""
    by: dict[tuple[str, str], dict[str, Any]] = {}
    for r in rows:
        by.setdefault((r["group"], r["metric"]), r)
    out = []
    for key in dict.fromkeys(r["group"] for r in rows):
        n = next(r["n"] for r in rows if r["group"] == key)
        out.append(
            {
                "group": key,
                "n": n,
                "metrics": {m: _estimate(by.get((key, m))) for m in metrics},
            }
        )
    return out


def _error_disparities(disparities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The spread of the two error rates only: these are what the public compares groups on."""
    return [
        {k: d[k] for k in DISPARITY_KEYS}
        for d in disparities
        if d["metric"] in ("false_match_rate", "false_non_match_rate")
    ]


def performance(e: gov.Evaluation | None) -> dict[str, Any] | None:
    if e is None:
        return None
    return {
        "evaluation_id": e.id,
        "version": e.version,
        "dataset": e.dataset,
        "threshold": float(e.threshold),
        "evaluated_at": iso(e.evaluated_at),
        "source": e.source,
        "method": METHOD,
        "groups": _groups(e.rows, HEADLINE_METRICS),
        "disparities": _error_disparities(e.disparities),
    }


def shipped_real_name_rows() -> Any:
    """The real-name rows as shipped in the package (parsed, not yet checked), or None when
    the file is absent or not JSON: a packaging slip must not take the register down."""
    try:
        res = resources.files("xborder.governance") / "data" / REAL_NAMES_FILE
        return json.loads(res.read_text("utf-8"))
    except (OSError, ValueError):
        return None


def _one(rows: list[dict[str, Any]], key: str) -> Any:
    values = {r[key] for r in rows}
    if len(values) != 1:
        raise Invalid(f"the real-name rows hold {len(values)} values of {key}, expected one")
    return values.pop()


def real_name_performance(c: Component) -> tuple[dict[str, Any] | None, str | None]:
    """The per-script figures on the shipped real-name set, shaped like `performance`, and
    None with the reason when there are none to show. Figures of another version than the one
    in use are never shown: they would describe a matcher that is not running."""
    raw = shipped_real_name_rows()
    if raw is None:
        return None, "No real-name evaluation is shipped with this release."
    try:
        rows = [r for r in ev.check_rows(raw) if r["component_id"] == c.id]
        if not rows:
            raise Invalid(f"no real-name rows for {c.id}")
        version, dataset = _one(rows, "version"), _one(rows, "dataset")
        threshold, stamp = _one(rows, "threshold"), _one(rows, "evaluated_at")
        evaluated_at = ev.parse_time(stamp, "real-name rows")
    except Invalid:
        return None, "The shipped real-name evaluation could not be read."
    if version != c.version:
        return None, (
            f"The shipped real-name figures are for version {version}, not the version in use "
            f"({c.version}); they are not shown."
        )
    return {
        "version": version,
        "dataset": dataset,
        "threshold": float(threshold),
        "evaluated_at": iso(evaluated_at),
        "source": "shipped benchmark",
        "method": METHOD,
        "groups": _groups(rows, REAL_NAME_METRICS),
        "disparities": _error_disparities(ev.disparities_from_rows(rows)),
    }, None


def _assessments(s: Session, c: Component, now: datetime) -> list[dict[str, Any]]:
    out = []
    for k in asm.Kind:
        a = gov.current_signed(s, c.use_case_id, k.value, now)
        out.append(
            {
                "kind": k.value,
                "title": asm.KIND_LABELS[k],
                "signed_off": a is not None,
                "version": a.version if a else None,
                "signed_at": iso(a.signed_at) if a and a.signed_at else None,
                "overall": a.summary.get("overall") if a else None,
            }
        )
    return out


def _oversight(s: Session, c: Component) -> dict[str, Any]:
    """Aggregates only: the public learns how often people agree, not who."""
    rates = [r for r in agreement_rates(s) if r.component_id == c.id]
    decisions = sum(r.decisions for r in rates)
    agreed = sum(r.agreed for r in rates)
    return {
        "decisions": decisions,
        "confirmed": sum(r.confirmed for r in rates),
        "rejected": sum(r.rejected for r in rates),
        "agreement": round(agreed / decisions, 4) if decisions else None,
        "reviewers": len(rates),
        "reviewers_with_automation_bias_signal": sum(1 for r in rates if r.automation_bias),
    }


def _versions(s: Session, c: Component) -> list[dict[str, Any]]:
    seen: dict[str, str] = {}
    for e in gov.evaluations(s, c.id):
        seen.setdefault(e.version, iso(e.evaluated_at))
    return [{"version": v, "last_evaluated_at": at} for v, at in seen.items()]


def entry_version(c: Component) -> str:
    """An entry's version: the component's version and the revision of its register texts
    (`data/register.json`), so that either changing makes a new entry version."""
    return f"{c.version}+r{int(texts()['revision'])}"


def history(s: Session, component_id: str) -> list[dict[str, Any]]:
    """The entries as published at each switch, newest first (ids kept: each can be read)."""
    q = (
        select(RegisterEntryRow)
        .where(RegisterEntryRow.component_id == component_id)
        .order_by(RegisterEntryRow.recorded_at.desc())
    )
    return [
        {
            "id": r.id,
            "component_id": r.component_id,
            "entry_version": r.entry_version,
            "status": r.status,
            "recorded_at": iso(r.recorded_at),
        }
        for r in s.scalars(q)
    ]


def entry(s: Session, c: Component, now: datetime, *, with_history: bool = True) -> dict[str, Any]:
    """One component's public entry. It is "in use" only while switched on at this version
    with nothing stopping it: a component that cannot run is not in use, whatever the switch."""
    st = gov.status(s, c, now)
    t = texts()["entries"].get(c.id, {})
    uc = use_case(c.use_case_id)
    out = {
        "id": c.id,
        "version": c.version,
        "entry_version": entry_version(c),
        "status": "in use" if st.enabled and not st.blockers else "not in use",
        "status_changed_at": iso(st.changed_at) if st.changed_at else None,
        "publication_category": c.risk_category,
        "tier1": public_fields(t.get("tier1", {"name": c.name})),
        "tier2": public_fields(t.get("tier2", {})),
        "component": {
            "intended_use": c.intended_use,
            "not_for": c.not_for,
            "inputs": list(c.inputs),
            "outputs": list(c.outputs),
            "human_decision": c.human_decision,
            "high_impact": c.high_impact,
            "use_case": {"id": uc.id, "name": uc.name, "owner": uc.owner},
            "evaluation_method": c.evaluation.method,
        },
        "legal_basis": [
            {"id": b, "label": LEGAL_BASES[b].label, "source": LEGAL_BASES[b].source}
            for b in c.legal_basis
        ],
        "performance": performance(st.evaluation),
        "assessments": _assessments(s, c, now),
        "oversight": _oversight(s, c),
        "versions": _versions(s, c),
        "mappings": MAPPINGS,
    }
    if c.real_data_figures:
        real, why = real_name_performance(c)
        out["performance_real_names"] = real
        out["performance_real_names_unavailable"] = why
    if with_history:
        out["history"] = history(s, c.id)
    return out


def record_entry(s: Session, c: Component, now: datetime) -> str:
    """Keep the public entry as it stands now (called at each switch, in its transaction):
    what the register said about a component at any time can be shown later."""
    e = entry(s, c, now, with_history=False)
    rid = new_id()
    s.add(
        RegisterEntryRow(
            id=rid,
            component_id=c.id,
            entry_version=e["entry_version"],
            status=e["status"],
            recorded_at=now,
            entry=e,
        )
    )
    s.flush()
    return rid


def past_entry(s: Session, entry_id: str) -> dict[str, Any]:
    r = s.get(RegisterEntryRow, entry_id)
    if r is None:
        raise NotFound("no such register entry")
    return {
        "id": r.id,
        "component_id": r.component_id,
        "entry_version": r.entry_version,
        "recorded_at": iso(r.recorded_at),
        "entry": dict(r.entry),
    }


def public_register(s: Session, now: datetime) -> dict[str, Any]:
    return {
        "$schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "generated_at": iso(now),
        "publisher": texts()["publisher"],
        "standard": "UK Algorithmic Transparency Recording Standard (tiers 1 and 2)",
        "entries": [entry(s, c, now) for c in COMPONENTS.values()],
    }


def _logging(s: Session, c: Component, org_id: str | None = None) -> dict[str, Any]:
    """AI Act art. 12(3): each use's start and end, reference database, the input that led to
    a match (as a keyed digest) and who verified. For a bureau's supervisor (`org_id`) every
    figure, not only the recent uses, counts that bureau's own uses: other bureaus' activity
    is theirs to see."""
    prefix = c.version.split("/", 1)[0]
    mine: list[ColumnElement[bool]] = [ScreeningRow.algorithm.like(f"{prefix}%")]
    if org_id is not None:
        mine.append(ScreeningRow.org_id == org_id)
    uses, first, last = s.execute(
        select(
            func.count(ScreeningRow.id), func.min(ScreeningRow.at), func.max(ScreeningRow.at)
        ).where(*mine)
    ).one()
    q_db = (
        select(ScreeningRow.dataset, func.count(ScreeningRow.id))
        .where(*mine)
        .group_by(ScreeningRow.dataset)
    )
    by_db = {name: int(n) for name, n in s.execute(q_db)}
    verified = s.scalar(
        select(func.count(ScreeningResultRow.id))
        .join(ScreeningRow, ScreeningRow.id == ScreeningResultRow.screening_id)
        .where(*mine, ScreeningResultRow.decided_by.is_not(None))
    )
    recent_q = select(ScreeningRow).where(*mine)
    recent = list(s.scalars(recent_q.order_by(ScreeningRow.at.desc()).limit(RECENT_USES)))
    verifiers: dict[str, set[str]] = {r.id: set() for r in recent}
    if recent:
        q_v = (
            select(ScreeningResultRow.screening_id, UserRow.username)
            .join(UserRow, UserRow.id == ScreeningResultRow.decided_by)
            .where(ScreeningResultRow.screening_id.in_(list(verifiers)))
        )
        for sid, name in s.execute(q_v):
            verifiers[sid].add(name)
    return {
        "uses": int(uses or 0),
        "first_use": iso(as_utc(first)) if first else None,
        "last_use": iso(as_utc(last)) if last else None,
        "uses_by_dataset": by_db,
        "results_verified_by_a_person": int(verified or 0),
        "recorded_per_use": [
            "start and end (screenings.at, ended_at)",
            "reference database (screenings.reference_db, dataset)",
            "input that led to a match (keyed HMAC: screening_results.query_digest)",
            "who verified (screening_results.decided_by, decided_at)",
        ],
        "recent": [
            {
                "id": r.id,
                "start": iso(as_utc(r.at)),
                "end": iso(as_utc(r.ended_at)) if r.ended_at else None,
                "reference_database": r.reference_db or r.dataset,
                "purpose": r.purpose,
                "legal_basis": r.legal_basis,
                "queries": r.queries,
                "results": r.results,
                "verified_by": sorted(verifiers[r.id]),
            }
            for r in recent
        ],
    }


def _annex_viii(c: Component, t: dict[str, Any], publisher: dict[str, Any]) -> list[dict[str, str]]:
    desc = t.get("tier2", {}).get("description_and_rationale", {}).get("detailed_description", "")
    return [
        {"item": "Annex VIII A.1", "label": "Provider", "value": publisher["organisation"]},
        {"item": "Annex VIII A.2", "label": "Contact", "value": publisher["contact"]},
        {
            "item": "Annex VIII A.4",
            "label": "Trade name and reference",
            "value": f"{c.name} ({c.id}, {c.version})",
        },
        {"item": "Annex VIII A.5", "label": "Intended purpose", "value": c.intended_use},
        {
            "item": "Annex VIII A.6",
            "label": "Information used and operating logic",
            "value": f"Inputs: {', '.join(c.inputs)}. {desc}",
        },
        {
            "item": "Annex III",
            "label": "High-risk area",
            "value": "Law enforcement (point 6); biometrics (point 1) when high-impact",
        },
        {"item": "Art. 14", "label": "Human oversight", "value": c.human_decision},
        {"item": "Art. 15", "label": "Declared accuracy", "value": "see performance"},
        {
            "item": "Art. 49(4)",
            "label": "Section",
            "value": "Non-public section for law enforcement, migration and border control",
        },
    ]


def internal_register(s: Session, now: datetime, org_id: str | None = None) -> dict[str, Any]:
    """The non-public section: Annex VIII items, withheld values, art. 12(3) logs, oversight
    per reviewer (of organisation `org_id` only, when given), the switch and its blockers, and
    all evaluations."""
    publisher = texts()["publisher"]
    entries = []
    for c in COMPONENTS.values():
        st = gov.status(s, c, now)
        t = texts()["entries"].get(c.id, {})
        entries.append(
            {
                "id": c.id,
                "version": c.version,
                "enabled": st.enabled,
                "blockers": st.blockers,
                "ai_act": _annex_viii(c, t, publisher),
                "withheld": withheld_values(t),
                "logging": _logging(s, c, org_id),
                "oversight": [
                    {
                        "reviewer": r.reviewer,
                        "decisions": r.decisions,
                        "agreement": r.agreement,
                        "median_seconds": r.median_seconds,
                        "signals": list(r.signals),
                    }
                    for r in agreement_rates(s, org_id=org_id)
                    if r.component_id == c.id
                ],
                "evaluations": [
                    {
                        "id": e.id,
                        "version": e.version,
                        "dataset": e.dataset,
                        "source": e.source,
                        "evaluated_at": iso(e.evaluated_at),
                    }
                    for e in gov.evaluations(s, c.id)
                ],
            }
        )
    return {"schema_version": SCHEMA_VERSION, "generated_at": iso(now), "entries": entries}


def public_for(db: Database) -> dict[str, Any]:
    with db.transaction() as s:
        return public_register(s, utcnow())


def history_for(db: Database, component_id: str) -> list[dict[str, Any]]:
    get(component_id)
    with db.transaction() as s:
        return history(s, component_id)


def past_entry_for(db: Database, entry_id: str) -> dict[str, Any]:
    with db.transaction() as s:
        return past_entry(s, entry_id)


def internal_for(db: Database, actor: Actor) -> dict[str, Any]:
    authorize(actor, Action.GOVERNANCE_READ)
    with db.transaction() as s:
        return internal_register(s, utcnow(), reviewer_scope(actor))
