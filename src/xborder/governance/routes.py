"""The governance API: the public algorithm register and its schema (no login); the internal
register, evaluations, assessments, oversight figures and the switch (by role)."""

from __future__ import annotations

from dataclasses import asdict, is_dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Query, Request, Response
from pydantic import ConfigDict, Field

from xborder.api import problems
from xborder.api.deps import ctx, require
from xborder.api.responses import IdOut, Out
from xborder.governance import gate, oversight, register
from xborder.governance import service as gov
from xborder.governance.commands import AnswersIn, AuthorisationIn, EvaluateIn, SignOffIn, SwitchIn
from xborder.identity.policy import Action
from xborder.kernel.actor import Actor
from xborder.kernel.clock import iso, utcnow

router = APIRouter(tags=["governance"], responses=problems.AUTHENTICATED)
Id = Annotated[str, Path(max_length=64)]
P = "/api/v1/governance"
WRITE = problems.WRITE
PUBLIC = problems.PUBLIC
Time = str  # ISO 8601 in UTC, as kernel.clock.iso writes it
# A register entry is the document /api/v1/register/schema describes (its JSON Schema is the
# register's own contract, versioned with `schema_version`): the entries are passed through.
Entry = dict[str, Any]


class PublicRegisterOut(Out):
    model_config = ConfigDict(populate_by_name=True)
    schema_: str = Field(alias="$schema")
    schema_version: str
    generated_at: Time
    publisher: Any
    standard: str
    entries: list[Entry]


class HistoryItemOut(Out):
    id: str
    component_id: str
    entry_version: str
    status: str
    recorded_at: Time


class PastEntryOut(Out):
    id: str
    component_id: str
    entry_version: str
    recorded_at: Time
    entry: Entry


class InternalRegisterOut(Out):
    schema_version: str
    generated_at: Time
    entries: list[Entry]


class ComponentOut(Out):
    id: str
    version: str
    enabled: bool
    changed_at: Time | None
    reason: str
    blockers: list[str] = Field(description="what keeps it from running")
    evaluation_id: str | None
    risk_assessment_id: str | None


class EvaluationOut(Out):
    id: str
    component_id: str
    version: str
    dataset: str
    threshold: str
    source: str
    evaluated_at: Time
    parameters: dict[str, Any]
    rows: list[dict[str, Any]] = Field(description="one figure per group and metric")
    disparities: list[dict[str, Any]]


class ChangeOut(Out):
    group: str
    metric: str
    before: float | None
    after: float | None
    delta: float | None
    intervals_overlap: bool | None


class IdsOut(Out):
    ids: list[str]


class AssessmentOut(Out):
    id: str
    use_case_id: str
    kind: str
    version: int
    template: str
    scales: str
    answers: dict[str, Any] = Field(description="keyed by question id")
    written_by: str
    written_at: Time
    signed_by: str | None
    signed_at: Time | None
    sign_note: str
    gaps: list[str]
    summary: dict[str, Any]


class AgreementOut(Out):
    component_id: str
    reviewer_id: str
    reviewer: str
    decisions: int
    confirmed: int
    rejected: int
    agreed: int
    agreement: float | None
    median_seconds: float | None
    automation_bias: bool
    signals: list[str]


class PendingOut(Out):
    use_id: str
    component_id: str
    org_id: str
    used_by: str | None
    used_at: Time | None
    due_at: Time | None
    overdue: bool


class AuthorisationOut(Out):
    use_id: str
    decision: str


def plain(obj: Any) -> Any:
    if is_dataclass(obj) and not isinstance(obj, type):
        return plain(asdict(obj))
    if isinstance(obj, dict):
        return {str(k): plain(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [plain(v) for v in obj]
    if isinstance(obj, datetime):
        return iso(obj)
    return obj


# --- public ---------------------------------------------------------------------------------


@router.get(
    "/api/v1/register",
    summary="The public algorithm register (ATRS tiers 1 and 2)",
    response_model=PublicRegisterOut,
    responses=PUBLIC,
)
def public_register(request: Request) -> dict[str, Any]:
    return register.public_for(ctx(request).db)


@router.get(
    "/api/v1/register/schema",
    summary="The register's JSON Schema",
    responses={200: {"description": "A JSON Schema (draft 2020-12) document"}, **PUBLIC},
)
def register_schema() -> dict[str, Any]:
    return register.schema()


@router.get(
    "/api/v1/register/history",
    summary="A component's register entry as kept at each switch, newest first",
    response_model=list[HistoryItemOut],
    responses=PUBLIC,
)
def register_history(
    request: Request,
    component_id: Annotated[str, Query(max_length=60)] = "screening.name",
) -> list[dict[str, Any]]:
    return register.history_for(ctx(request).db, component_id)


@router.get(
    "/api/v1/register/history/{entry_id}",
    summary="A past register entry",
    response_model=PastEntryOut,
    responses=PUBLIC,
)
def register_past_entry(request: Request, entry_id: Id) -> dict[str, Any]:
    return register.past_entry_for(ctx(request).db, entry_id)


# --- internal -------------------------------------------------------------------------------


@router.get(
    "/api/v1/register/internal",
    summary="The non-public section (AI Act art. 49(4))",
    response_model=InternalRegisterOut,
)
def internal_register(
    request: Request, actor: Annotated[Actor, Depends(require(Action.GOVERNANCE_READ))]
) -> dict[str, Any]:
    return register.internal_for(ctx(request).db, actor)


@router.get(
    f"{P}/components",
    summary="Components, whether on, and what stops them",
    response_model=list[ComponentOut],
)
def components(
    request: Request, actor: Annotated[Actor, Depends(require(Action.GOVERNANCE_READ))]
) -> list[dict[str, Any]]:
    return [
        {
            "id": st.component.id,
            "version": st.component.version,
            "enabled": st.enabled,
            "changed_at": iso(st.changed_at) if st.changed_at else None,
            "reason": st.reason,
            "blockers": st.blockers,
            "evaluation_id": st.evaluation.id if st.evaluation else None,
            "risk_assessment_id": st.risk.id if st.risk else None,
        }
        for st in gov.overview_for(ctx(request).db, actor)
    ]


@router.post(
    f"{P}/components/{{component_id}}/switch",
    status_code=204,
    summary="Switch a component on (refused with what is missing) or off (one action)",
    responses=WRITE,
)
def switch(
    request: Request,
    component_id: Id,
    body: SwitchIn,
    actor: Annotated[Actor, Depends(require(Action.AI_CONTROL))],
) -> Response:
    gov.set_enabled(ctx(request).db, actor, component_id, body)
    return Response(status_code=204)


@router.get(
    f"{P}/evaluations",
    summary="A component's evaluations, newest first",
    response_model=list[EvaluationOut],
)
def evaluations(
    request: Request,
    actor: Annotated[Actor, Depends(require(Action.GOVERNANCE_READ))],
    component_id: Annotated[str, Query(max_length=60)] = "screening.name",
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = plain(gov.evaluations_for(ctx(request).db, actor, component_id))
    return out


@router.get(
    f"{P}/evaluations/compare",
    summary="What changed between two evaluations",
    response_model=list[ChangeOut],
)
def compare(
    request: Request,
    actor: Annotated[Actor, Depends(require(Action.GOVERNANCE_READ))],
    old: Annotated[str, Query(max_length=64)],
    new: Annotated[str, Query(max_length=64)],
) -> list[dict[str, Any]]:
    return gov.compare_for(ctx(request).db, actor, old, new)


@router.get(
    f"{P}/evaluations/{{evaluation_id}}", summary="One evaluation", response_model=EvaluationOut
)
def evaluation(
    request: Request,
    evaluation_id: Id,
    actor: Annotated[Actor, Depends(require(Action.GOVERNANCE_READ))],
) -> dict[str, Any]:
    out: dict[str, Any] = plain(gov.evaluation_for(ctx(request).db, actor, evaluation_id))
    return out


@router.post(
    f"{P}/evaluations",
    status_code=201,
    summary="Run the harness and store the result",
    response_model=IdOut,
    responses=WRITE,
)
def run_evaluation(
    request: Request,
    body: EvaluateIn,
    actor: Annotated[Actor, Depends(require(Action.GOVERNANCE_ASSESS))],
) -> dict[str, Any]:
    return {"id": gov.run_evaluation(ctx(request).db, actor, body)}


@router.post(
    f"{P}/evaluations/import",
    status_code=201,
    summary="Store rows in the benchmark's format (bench/results/screening-evaluation.json)",
    response_model=IdsOut,
    responses=WRITE,
)
def import_evaluation(
    request: Request,
    body: Annotated[list[dict[str, Any]], Body(max_length=20_000)],
    actor: Annotated[Actor, Depends(require(Action.GOVERNANCE_ASSESS))],
) -> dict[str, Any]:
    return {"ids": gov.import_evaluation(ctx(request).db, actor, body)}


@router.get(
    f"{P}/use-cases/{{use_case_id}}/assessments/{{kind}}",
    summary="An assessment's versions, newest first (kind: risk, readiness, fria)",
    response_model=list[AssessmentOut],
)
def assessment_versions(
    request: Request,
    use_case_id: Id,
    kind: Id,
    actor: Annotated[Actor, Depends(require(Action.GOVERNANCE_READ))],
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = plain(
        gov.assessments_for(ctx(request).db, actor, use_case_id, kind)
    )
    return out


@router.post(
    f"{P}/use-cases/{{use_case_id}}/assessments/{{kind}}",
    status_code=201,
    summary="Save a new version of the answers",
    response_model=AssessmentOut,
    responses=WRITE,
)
def save_assessment(
    request: Request,
    use_case_id: Id,
    kind: Id,
    body: AnswersIn,
    actor: Annotated[Actor, Depends(require(Action.GOVERNANCE_ASSESS))],
) -> dict[str, Any]:
    out: dict[str, Any] = plain(
        gov.save_assessment(ctx(request).db, actor, use_case_id, kind, body.answers)
    )
    return out


@router.post(
    f"{P}/assessments/{{assessment_id}}/sign-off",
    summary="Sign the latest version off (not your own answers)",
    response_model=AssessmentOut,
    responses=WRITE,
)
def sign_off(
    request: Request,
    assessment_id: Id,
    body: SignOffIn,
    actor: Annotated[Actor, Depends(require(Action.GOVERNANCE_SIGN_OFF))],
) -> dict[str, Any]:
    out: dict[str, Any] = plain(gov.sign_off(ctx(request).db, actor, assessment_id, body.note))
    return out


@router.get(
    f"{P}/oversight",
    summary="Agreement rates per component and reviewer",
    response_model=list[AgreementOut],
)
def agreement(
    request: Request,
    actor: Annotated[Actor, Depends(require(Action.GOVERNANCE_READ))],
    since: Annotated[datetime | None, Query()] = None,
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = plain(oversight.oversight_for(ctx(request).db, actor, since))
    return out


@router.get(
    f"{P}/authorisations",
    summary="High-impact uses waiting for authorisation",
    response_model=list[PendingOut],
)
def pending(
    request: Request, actor: Annotated[Actor, Depends(require(Action.SEARCH_AUTHORISE))]
) -> list[dict[str, Any]]:
    with ctx(request).db.transaction() as s:
        out: list[dict[str, Any]] = plain(gate.pending_authorisations(s, actor, utcnow()))
    return out


@router.post(
    f"{P}/authorisations/{{use_id}}",
    summary="Authorise or refuse a high-impact use (before it, or within 48 h after)",
    response_model=AuthorisationOut,
    responses=WRITE,
)
def authorise(
    request: Request,
    use_id: Id,
    body: AuthorisationIn,
    actor: Annotated[Actor, Depends(require(Action.SEARCH_AUTHORISE))],
) -> dict[str, Any]:
    with ctx(request).db.transaction() as s:
        row = gate.decide_authorisation(s, actor, use_id, body, utcnow())
        return {"use_id": row.use_id, "decision": row.decision}
