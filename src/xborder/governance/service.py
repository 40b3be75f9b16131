"""Use cases of responsible-AI governance: the switch (on only when registered, evaluated at
this version and covered by a current signed risk assessment; off in one action), evaluations
(run by the harness or imported from the benchmark), and assessments (versioned answers,
signed off by someone else: four eyes).

`ensure_runnable` is what a component asks before each use: it reads the switch, the
evaluation and the assessment in one query, in the caller's transaction, so a stop takes
effect on the next use with no cache to go stale."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, exists, select
from sqlalchemy.orm import Session

from xborder.audit.service import record_event
from xborder.governance import assessments as asm
from xborder.governance import evaluation as ev
from xborder.governance.commands import MAX_REASON, EvaluationRunIn, SwitchIn
from xborder.governance.registry import COMPONENTS, Component, evaluator, get, use_case
from xborder.governance.tables import (
    AssessmentRow,
    ComponentStateRow,
    EvaluationRow,
)
from xborder.identity.policy import Action, authorize
from xborder.kernel.actor import Actor
from xborder.kernel.clock import as_utc, iso, utcnow
from xborder.kernel.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from xborder.kernel.ids import new_id
from xborder.store.db import Database
from xborder.store.tables import UserRow

SUBJECT = "ai_component"


class ComponentUnavailable(DomainError):
    """The component may not run now: the answer names why (the operator can act on it)."""

    slug = "component-unavailable"
    status = 503
    title = "This AI component is not available"


# --- the switch --------------------------------------------------------------------------------


def _risk_cutoff(now: datetime) -> datetime:
    """Risk assessments signed before this are due for review: no longer current."""
    return now - timedelta(days=int(asm.scales()["review_after_days"]))


def _signed_risk(use_case_id: str, now: datetime) -> Any:
    return exists().where(
        and_(
            AssessmentRow.use_case_id == use_case_id,
            AssessmentRow.kind == asm.Kind.RISK.value,
            AssessmentRow.signed_at.is_not(None),
            AssessmentRow.signed_at >= _risk_cutoff(now),
        )
    )


def stored_threshold(threshold: float) -> str:
    """A threshold as `ai_evaluations.threshold` holds it."""
    return f"{threshold:.3f}"


def _evaluated(component: Component, version: str) -> Any:
    """An evaluation of this exact version at the component's configured threshold: figures
    measured at another threshold do not describe what the component does. (Completeness is
    checked when an evaluation is stored.)"""
    return exists().where(
        and_(
            EvaluationRow.component_id == component.id,
            EvaluationRow.version == version,
            EvaluationRow.threshold == stored_threshold(component.evaluation.threshold),
        )
    )


def blockers(s: Session, component: Component, now: datetime) -> list[str]:
    """Why the component, at its declared version, could not be switched on now (empty: it
    can)."""
    evaluated, signed = s.execute(
        select(_evaluated(component, component.version), _signed_risk(component.use_case_id, now))
    ).one()
    out = []
    if not evaluated:
        out.append(
            f"no evaluation of version {component.version} at threshold "
            f"{stored_threshold(component.evaluation.threshold)} is stored"
        )
    if not signed:
        out.append(f"no current signed-off risk assessment for use case {component.use_case_id}")
    return out


# `ensure_runnable`'s one query, built once (every screening asks it): the component's
# switch, an evaluation of this version at its threshold, a current signed risk assessment.
_RUNNABLE = select(
    ComponentStateRow.enabled,
    ComponentStateRow.version,
    exists().where(
        EvaluationRow.component_id == bindparam("component"),
        EvaluationRow.version == bindparam("version"),
        EvaluationRow.threshold == bindparam("threshold"),
    ),
    exists().where(
        AssessmentRow.use_case_id == bindparam("use_case"),
        AssessmentRow.kind == asm.Kind.RISK.value,
        AssessmentRow.signed_at.is_not(None),
        AssessmentRow.signed_at >= bindparam("signed_after"),
    ),
).where(ComponentStateRow.component_id == bindparam("component"))


def ensure_runnable(s: Session, component_id: str, version: str) -> None:
    """Raise `ComponentUnavailable` unless the component is registered at this version, an
    evaluation of this exact version at its configured threshold is stored, a current signed
    risk assessment covers its use case, and it is switched on at this version (a switch-on
    at an earlier version does not carry over to a new one: it was evaluated and judged as it
    was). One indexed query."""
    component = COMPONENTS.get(component_id)
    if component is None:
        raise ComponentUnavailable(f"{component_id} is not a registered AI component")
    if component.version != version:
        raise ComponentUnavailable(
            f"{component_id} is registered at version {component.version}, not {version}"
        )
    row = s.execute(
        _RUNNABLE,
        {
            "component": component_id,
            "version": version,
            "threshold": stored_threshold(component.evaluation.threshold),
            "use_case": component.use_case_id,
            "signed_after": _risk_cutoff(utcnow()),
        },
    ).first()
    if row is None or not row[0]:
        raise ComponentUnavailable(f"{component_id} is switched off")
    if row[1] != version:
        raise ComponentUnavailable(
            f"{component_id} was switched on at version {row[1]}, not {version}: switch it on again"
        )
    if not row[2]:
        raise ComponentUnavailable(
            f"{component_id} {version} has no stored evaluation at threshold "
            f"{stored_threshold(component.evaluation.threshold)}"
        )
    if not row[3]:
        raise ComponentUnavailable(
            f"{component_id} has no current signed-off risk assessment "
            f"(use case {component.use_case_id})"
        )


def set_enabled(db: Database, actor: Actor | None, component_id: str, cmd: SwitchIn) -> None:
    """Switch a component on (refused, 409, with what is missing) or off (always allowed: one
    action). Logged as an event either way, and the register entry as it now stands is kept
    (the register's history). `actor=None` is the local operator (CLI)."""
    if actor is not None:
        authorize(actor, Action.AI_CONTROL)
    on, reason = cmd.on, cmd.reason.strip()
    if len(reason) > MAX_REASON:
        raise Invalid(f"reason is too long (max {MAX_REASON})", field="reason")
    component = COMPONENTS.get(component_id)
    if component is None:
        raise Conflict(f"{component_id!r} is not a registered AI component", field="component_id")
    if not on and not reason:
        raise Invalid("say why the component is stopped", field="reason")
    with db.transaction() as s:
        now = utcnow()
        if on:
            missing = blockers(s, component, now)
            if missing:
                raise Conflict(
                    f"{component_id} cannot be switched on: " + "; ".join(missing), missing=missing
                )
        row = s.get(ComponentStateRow, component_id)
        if row is None:
            row = ComponentStateRow(component_id=component_id, reason="")
            s.add(row)
        row.enabled, row.version, row.changed_at = on, component.version, now
        row.changed_by, row.reason = (actor.user_id if actor else None), reason
        record_event(
            s,
            actor,
            f"governance.component.{'on' if on else 'off'}",
            SUBJECT,
            component_id,
            {"reason": reason},
            summary={"component": component_id, "version": component.version, "enabled": on},
            reason=reason,
        )
        s.flush()
        from xborder.governance import register  # imports this module

        register.record_entry(s, component, now)


# --- evaluations -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evaluation:
    id: str
    component_id: str
    version: str
    dataset: str
    threshold: str
    source: str
    evaluated_at: datetime
    parameters: dict[str, Any]
    rows: list[dict[str, Any]]
    disparities: list[dict[str, Any]]

    def figure(self, group: str, metric: str) -> dict[str, Any] | None:
        for r in self.rows:
            if r["group"] == group and r["metric"] == metric:
                return r
        return None

    def groups(self, attribute: str) -> list[str]:
        seen = dict.fromkeys(
            r["group"] for r in self.rows if str(r["group"]).startswith(f"{attribute}:")
        )
        return list(seen)


def _evaluation(r: EvaluationRow) -> Evaluation:
    return Evaluation(
        id=r.id,
        component_id=r.component_id,
        version=r.version,
        dataset=r.dataset,
        threshold=r.threshold,
        source=r.source,
        evaluated_at=as_utc(r.evaluated_at),
        parameters=dict(r.parameters),
        rows=list(r.rows),
        disparities=list(r.disparities),
    )


def _store(
    s: Session,
    actor: Actor | None,
    component_id: str,
    version: str,
    dataset: str,
    threshold: float,
    source: str,
    evaluated_at: datetime,
    parameters: dict[str, Any],
    rows: list[dict[str, Any]],
    disparities: list[dict[str, Any]],
) -> str:
    eid = new_id()
    s.add(
        EvaluationRow(
            id=eid,
            component_id=component_id,
            version=version,
            dataset=dataset,
            threshold=stored_threshold(threshold),
            source=source,
            evaluated_at=evaluated_at,
            recorded_at=utcnow(),
            recorded_by=actor.user_id if actor else None,
            parameters=parameters,
            rows=rows,
            disparities=disparities,
        )
    )
    s.flush()
    record_event(
        s,
        actor,
        "governance.evaluation",
        SUBJECT,
        component_id,
        {"evaluation": eid, "rows": len(rows)},
        summary={"component": component_id, "version": version, "source": source},
    )
    return eid


def run_evaluation(db: Database, actor: Actor | None, cmd: EvaluationRunIn) -> str:
    """Run the harness on the component's labelled set and store the result. The sizes are
    checked here, not only by the API's `EvaluateIn`: the CLI runs larger ones."""
    if actor is not None:
        authorize(actor, Action.GOVERNANCE_ASSESS)
    component_id, seed, n_index = cmd.component_id, cmd.seed, cmd.index
    per_group, bootstrap = cmd.per_group, cmd.bootstrap
    component = get(component_id)
    evaluate = evaluator(component_id)
    if evaluate is None:
        raise Invalid(f"no evaluation adapter for {component_id}", field="component_id")
    if not (100 <= n_index <= 1_000_000 and 1 <= per_group <= 10_000):
        raise Invalid("index 100-1,000,000 and per-group 1-10,000", field="index")
    if not 0 <= bootstrap <= 10_000:
        raise Invalid("bootstrap 0-10,000", field="bootstrap")
    now = utcnow()
    result = evaluate(seed, n_index, per_group, now.year, bootstrap)
    rows = result.frame.rows(
        component.id, result.version, result.dataset, result.threshold, iso(now)
    )
    disparities = [vars(d) | {"undefined": list(d.undefined)} for d in result.frame.disparities()]
    with db.transaction() as s:
        return _store(
            s,
            actor,
            component.id,
            result.version,
            result.dataset,
            result.threshold,
            "harness",
            now,
            dict(result.parameters),
            rows,
            disparities,
        )


def import_evaluation(db: Database, actor: Actor | None, rows: Any) -> list[str]:
    """Store rows in the benchmark's format (bench/results/screening-evaluation.json), one
    evaluation per (component, version, dataset). Only registered components; each evaluation
    at one threshold, dated no later than now, and complete as the component declares (every
    metric overall, a group of every attribute). All or nothing."""
    if actor is not None:
        authorize(actor, Action.GOVERNANCE_ASSESS)
    now = utcnow()
    checked = ev.check_rows(rows, now)
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in checked:
        if r["component_id"] not in COMPONENTS:
            raise Invalid(
                f"{r['component_id']!r} is not a registered AI component", field="component_id"
            )
        groups[(r["component_id"], r["version"], r["dataset"])].append(r)
    batches = []
    for (cid, version, dataset), rs in groups.items():
        thresholds = {float(r["threshold"]) for r in rs}
        if len(thresholds) != 1:
            raise Invalid(f"{cid} {version} {dataset}: one threshold per evaluation")
        spec = COMPONENTS[cid].evaluation
        missing = ev.coverage_gaps(rs, spec.metrics, spec.groups)
        if missing:
            raise Invalid(
                f"{cid} {version} {dataset} is incomplete: " + "; ".join(missing),
                field="rows",
                missing=missing,
            )
        stamp = rs[0].get("evaluated_at")
        when = ev.parse_time(stamp, f"{cid} {version}") if stamp is not None else now
        batches.append((cid, version, dataset, thresholds.pop(), when, rs))
    with db.transaction() as s:
        return [
            _store(
                s,
                actor,
                cid,
                version,
                dataset,
                threshold,
                "import",
                when,
                {"rows": len(rs)},
                rs,
                ev.disparities_from_rows(rs),
            )
            for cid, version, dataset, threshold, when, rs in batches
        ]


def evaluations(s: Session, component_id: str) -> list[Evaluation]:
    """Newest first."""
    rows = s.scalars(
        select(EvaluationRow)
        .where(EvaluationRow.component_id == component_id)
        .order_by(EvaluationRow.evaluated_at.desc(), EvaluationRow.recorded_at.desc())
    )
    return [_evaluation(r) for r in rows]


def latest_evaluation(
    s: Session, component_id: str, version: str | None = None, threshold: float | None = None
) -> Evaluation | None:
    at = None if threshold is None else stored_threshold(threshold)
    for e in evaluations(s, component_id):
        if (version is None or e.version == version) and (at is None or e.threshold == at):
            return e
    return None


def get_evaluation(s: Session, evaluation_id: str) -> Evaluation:
    r = s.get(EvaluationRow, evaluation_id)
    if r is None:
        raise NotFound("no such evaluation")
    return _evaluation(r)


def compare_evaluations(s: Session, old_id: str, new_id_: str) -> list[dict[str, Any]]:
    a, b = get_evaluation(s, old_id), get_evaluation(s, new_id_)
    if a.component_id != b.component_id:
        raise Invalid("compare evaluations of the same component")
    return ev.compare(a.rows, b.rows)


# --- assessments -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Assessment:
    id: str
    use_case_id: str
    kind: str
    version: int
    template: str
    scales: str
    answers: dict[str, Any]
    written_by: str
    written_at: datetime
    signed_by: str | None
    signed_at: datetime | None
    sign_note: str
    gaps: list[str]
    summary: dict[str, Any]


def _usernames(s: Session, ids: set[str]) -> dict[str, str]:
    ids.discard("")
    if not ids:
        return {}
    q = select(UserRow.id, UserRow.username).where(UserRow.id.in_(ids))
    return {uid: name for uid, name in s.execute(q)}


def _assessment(s: Session, r: AssessmentRow) -> Assessment:
    names = _usernames(s, {r.written_by, r.signed_by or ""})
    return Assessment(
        id=r.id,
        use_case_id=r.use_case_id,
        kind=r.kind,
        version=r.version,
        template=r.template,
        scales=r.scales,
        answers=dict(r.answers),
        written_by=names.get(r.written_by, r.written_by),
        written_at=as_utc(r.written_at),
        signed_by=names.get(r.signed_by, r.signed_by) if r.signed_by else None,
        signed_at=as_utc(r.signed_at) if r.signed_at else None,
        sign_note=r.sign_note,
        gaps=list(r.gaps),
        summary=dict(r.summary),
    )


def save_assessment(
    db: Database, actor: Actor, use_case_id: str, kind: str, answers: Any
) -> Assessment:
    """A new version of the answers (drafts may be partial); earlier versions stay. Its gaps
    and summary are judged now, under today's questionnaire and scales, and stored with their
    ids: what was signed keeps meaning what it meant."""
    authorize(actor, Action.GOVERNANCE_ASSESS)
    use_case(use_case_id)
    k = asm.parse_kind(kind)
    checked = asm.check_answers(k, answers)
    with db.transaction() as s:
        last = s.scalar(
            select(AssessmentRow.version)
            .where(AssessmentRow.use_case_id == use_case_id, AssessmentRow.kind == k.value)
            .order_by(AssessmentRow.version.desc())
            .limit(1)
        )
        row = AssessmentRow(
            id=new_id(),
            use_case_id=use_case_id,
            kind=k.value,
            version=(last or 0) + 1,
            template=str(asm.template(k)["id"]),
            scales=str(asm.scales()["id"]),
            answers=checked,
            summary=asm.summary(k, checked),
            gaps=asm.gaps(k, checked),
            written_by=actor.user_id,
            written_at=utcnow(),
            sign_note="",
        )
        s.add(row)
        s.flush()
        record_event(
            s,
            actor,
            "governance.assessment.saved",
            "ai_assessment",
            row.id,
            checked,
            summary={"use_case": use_case_id, "kind": k.value, "version": row.version},
        )
        return _assessment(s, row)


def sign_off(db: Database, actor: Actor, assessment_id: str, note: str = "") -> Assessment:
    """Sign the latest version off: complete, and not by the person who wrote it (four eyes)."""
    authorize(actor, Action.GOVERNANCE_SIGN_OFF)
    note = (note or "").strip()
    if len(note) > MAX_REASON:
        raise Invalid(f"note is too long (max {MAX_REASON})", field="note")
    with db.transaction() as s:
        row = s.get(AssessmentRow, assessment_id)
        if row is None:
            raise NotFound("no such assessment")
        if row.signed_at is not None:
            raise Conflict("this version is already signed off")
        latest = s.scalar(
            select(AssessmentRow.version)
            .where(AssessmentRow.use_case_id == row.use_case_id, AssessmentRow.kind == row.kind)
            .order_by(AssessmentRow.version.desc())
            .limit(1)
        )
        if latest != row.version:
            raise Conflict(f"version {row.version} is not the latest (version {latest} is)")
        if row.written_by == actor.user_id:
            raise Forbidden("you wrote these answers: someone else must sign them off")
        current = (str(asm.template(row.kind)["id"]), str(asm.scales()["id"]))
        if (row.template, row.scales) != current:
            raise Conflict(
                f"these answers were written under {row.template} and {row.scales}; the "
                f"configuration is now {current[0]} and {current[1]}: save them again to sign off"
            )
        missing = list(row.gaps)
        if missing:
            raise Conflict(
                "the assessment is not complete: " + "; ".join(missing[:5]), gaps=missing
            )
        row.signed_by, row.signed_at, row.sign_note = actor.user_id, utcnow(), note
        record_event(
            s,
            actor,
            "governance.assessment.signed",
            "ai_assessment",
            row.id,
            {"note": note},
            summary={"use_case": row.use_case_id, "kind": row.kind, "version": row.version},
        )
        return _assessment(s, row)


def assessment_versions(s: Session, use_case_id: str, kind: str) -> list[Assessment]:
    """Newest first."""
    k = asm.parse_kind(kind)
    rows = s.scalars(
        select(AssessmentRow)
        .where(AssessmentRow.use_case_id == use_case_id, AssessmentRow.kind == k.value)
        .order_by(AssessmentRow.version.desc())
    )
    return [_assessment(s, r) for r in rows]


def get_assessment(s: Session, assessment_id: str) -> Assessment:
    r = s.get(AssessmentRow, assessment_id)
    if r is None:
        raise NotFound("no such assessment")
    return _assessment(s, r)


def current_signed(s: Session, use_case_id: str, kind: str, now: datetime) -> Assessment | None:
    """The newest signed version still within its review period."""
    for a in assessment_versions(s, use_case_id, kind):
        if a.signed_at is not None:
            return a if a.signed_at >= _risk_cutoff(now) else None
    return None


# --- overview ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComponentStatus:
    component: Component
    enabled: bool
    changed_at: datetime | None
    reason: str
    blockers: list[str]
    evaluation: Evaluation | None  # latest of the declared version at its threshold
    risk: Assessment | None  # current signed


def status(s: Session, component: Component, now: datetime) -> ComponentStatus:
    st = s.get(ComponentStateRow, component.id)
    return ComponentStatus(
        component=component,
        # Switched on at another version is off for this one (as `ensure_runnable` says).
        enabled=bool(st and st.enabled and st.version == component.version),
        changed_at=as_utc(st.changed_at) if st else None,
        reason=st.reason if st else "",
        blockers=blockers(s, component, now),
        evaluation=latest_evaluation(
            s, component.id, component.version, component.evaluation.threshold
        ),
        risk=current_signed(s, component.use_case_id, asm.Kind.RISK.value, now),
    )


def overview(db: Database) -> list[ComponentStatus]:
    with db.transaction() as s:
        now = utcnow()
        return [status(s, c, now) for c in COMPONENTS.values()]


# --- reads for the interfaces (each checks the role) -------------------------------------------


def overview_for(db: Database, actor: Actor) -> list[ComponentStatus]:
    authorize(actor, Action.GOVERNANCE_READ)
    return overview(db)


def evaluations_for(db: Database, actor: Actor, component_id: str) -> list[Evaluation]:
    authorize(actor, Action.GOVERNANCE_READ)
    get(component_id)
    with db.transaction() as s:
        return evaluations(s, component_id)


def evaluation_for(db: Database, actor: Actor, evaluation_id: str) -> Evaluation:
    authorize(actor, Action.GOVERNANCE_READ)
    with db.transaction() as s:
        return get_evaluation(s, evaluation_id)


def compare_for(db: Database, actor: Actor, old: str, new: str) -> list[dict[str, Any]]:
    authorize(actor, Action.GOVERNANCE_READ)
    with db.transaction() as s:
        return compare_evaluations(s, old, new)


def assessments_for(db: Database, actor: Actor, use_case_id: str, kind: str) -> list[Assessment]:
    authorize(actor, Action.GOVERNANCE_READ)
    use_case(use_case_id)
    with db.transaction() as s:
        return assessment_versions(s, use_case_id, kind)
