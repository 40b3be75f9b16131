"""The governance pages: the public algorithm register (`/register`) and responsible-AI page
(`/responsible-ai`), built only from the public register document so that nothing withheld can
reach them; and, for those who oversee, the internal register and switch (`/governance`),
oversight figures (`/governance/oversight`) and the assessments with their sign-off. Each calls
the same service functions as the API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup

from xborder.api.deps import ctx
from xborder.governance import assessments as asm
from xborder.governance import charts, gate, oversight, register
from xborder.governance import service as gov
from xborder.governance.commands import AuthorisationIn, EvaluateIn, SignOffIn, SwitchIn
from xborder.governance.registry import COMPONENTS, USE_CASES, use_case
from xborder.identity.policy import Action, allowed
from xborder.kernel.clock import utcnow
from xborder.kernel.errors import Conflict, Forbidden, Invalid
from xborder.web import forms
from xborder.web.pages import Form, _session, gate_post, render
from xborder.web.pages import gate as page_gate

router = APIRouter(include_in_schema=False)

ATTRIBUTE_LABELS = {
    "script": "Script of the name",
    "region": "Region",
    "sex": "Sex",
    "age_band": "Age band",
}
METRIC_LABELS = {
    "precision": "Precision",
    "recall": "Recall",
    "f1": "F1",
    "false_match_rate": "False match rate",
    "false_non_match_rate": "False non-match rate",
}
TIER2_LABELS = {
    "owner_and_responsibility": "Owner and responsibility",
    "description_and_rationale": "Description and rationale",
    "deployment_context": "Deployment context",
    "tool_specification": "Tool specification",
    "data": "Data",
    "risks_mitigations_impact_assessments": "Risks, mitigations and impact assessments",
}
SAFE_NEXT = frozenset({"/governance", "/governance/oversight"})


def _no_store(resp: Response) -> Response:
    resp.headers["Cache-Control"] = "no-store"
    return resp


def _then_back(request: Request, back: str, run: Callable[[], object]) -> Response:
    """Run a form's action: back to `back` when done, or the refusal page with the reason
    (a 4xx) when the rules refuse it; nothing was written then."""
    try:
        run()
    except (Invalid, Conflict) as exc:
        return _no_store(
            render(
                request,
                "governance/refused.html",
                status=exc.status,
                title=exc.title,
                detail=exc.detail,
                back=back,
            )
        )
    return RedirectResponse(back, status_code=303)


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _charts(
    perf: dict[str, Any] | None, attributes: tuple[str, ...], prefix: str
) -> list[dict[str, Any]]:
    """Forest plots of the error rates per group of each attribute (public figures only)."""
    if not perf:
        return []
    out = []
    for attr in attributes:
        groups = [g for g in perf["groups"] if g["group"].startswith(f"{attr}:")]
        if not groups:
            continue
        for metric in ("false_non_match_rate", "false_match_rate"):
            rows = [(g["group"].split(":", 1)[1], g["metrics"].get(metric)) for g in groups]
            title = f"{METRIC_LABELS[metric]} by {ATTRIBUTE_LABELS.get(attr, attr).lower()}"
            out.append(
                {
                    "attribute": attr,
                    "metric": metric,
                    "title": title,
                    "svg": Markup(charts.forest(f"chart-{prefix}-{attr}-{metric}", title, rows)),  # noqa: S704 - escaped in charts.forest
                }
            )
    return out


def _public_context(request: Request) -> dict[str, Any]:
    _session(request)
    doc = register.public_for(ctx(request).db)
    entries = []
    for e in doc["entries"]:
        entries.append(
            {
                **e,
                "charts": _charts(e["performance"], ("script",), e["id"]),
                "all_charts": _charts(e["performance"], tuple(ATTRIBUTE_LABELS), e["id"]),
            }
        )
    return {
        "doc": doc,
        "entries": entries,
        "tier2_labels": TIER2_LABELS,
        "metric_labels": METRIC_LABELS,
        "attribute_labels": ATTRIBUTE_LABELS,
        "real_name_metrics": register.REAL_NAME_METRICS,
        "label": _label,
    }


@router.get("/register")
def register_page(request: Request) -> Response:
    return render(request, "governance/register.html", **_public_context(request))


@router.get("/responsible-ai")
def responsible_ai(request: Request) -> Response:
    return render(request, "governance/responsible_ai.html", **_public_context(request))


# --- for those who oversee ------------------------------------------------------------------


@router.get("/governance")
def governance_page(request: Request) -> Response:
    ws = page_gate(request, Action.GOVERNANCE_READ)
    db = ctx(request).db
    statuses = gov.overview_for(db, ws.actor)
    internal = register.internal_for(db, ws.actor)
    evaluations = {c: gov.evaluations_for(db, ws.actor, c) for c in COMPONENTS}
    comparisons = {}
    for cid, evs in evaluations.items():
        if len(evs) >= 2:
            rows = gov.compare_for(db, ws.actor, evs[1].id, evs[0].id)
            comparisons[cid] = {
                "old": evs[1],
                "new": evs[0],
                "rows": [r for r in rows if r["metric"] in ("recall", "false_match_rate")],
            }
    perf = {st.component.id: register.performance(st.evaluation) for st in statuses}
    assessments: dict[str, list[dict[str, Any]]] = {}
    for uc in USE_CASES:
        assessments[uc] = []
        for k in asm.Kind:
            versions = gov.assessments_for(db, ws.actor, uc, k.value)
            current = next((v for v in versions if v.signed_at), None)
            assessments[uc].append(
                {
                    "kind": k.value,
                    "label": asm.KIND_LABELS[k],
                    "latest": versions[0] if versions else None,
                    "signed": current,
                }
            )
    return _no_store(
        render(
            request,
            "governance/dashboard.html",
            statuses=statuses,
            internal={e["id"]: e for e in internal["entries"]},
            evaluations=evaluations,
            comparisons=comparisons,
            charts={cid: _charts(p, tuple(ATTRIBUTE_LABELS), cid) for cid, p in perf.items()},
            assessments=assessments,
            use_cases=USE_CASES,
            metric_labels=METRIC_LABELS,
        )
    )


@router.get("/governance/oversight")
def oversight_page(request: Request) -> Response:
    ws = page_gate(request, Action.GOVERNANCE_READ)
    db = ctx(request).db
    rates = oversight.oversight_for(db, ws.actor)
    statuses = gov.overview_for(db, ws.actor)
    pending: list[gate.Pending] = []
    if allowed(ws.actor, Action.SEARCH_AUTHORISE):
        with db.transaction() as s:
            pending = gate.pending_authorisations(s, ws.actor, utcnow())
    return _no_store(
        render(
            request,
            "governance/oversight.html",
            rates=rates,
            statuses=statuses,
            pending=pending,
            min_decisions=oversight.BIAS_MIN_DECISIONS,
            bias_agreement=oversight.BIAS_AGREEMENT,
            fast_seconds=oversight.BIAS_FAST_SECONDS,
        )
    )


@router.post("/governance/components/{component_id}/switch")
def switch(request: Request, component_id: str, form: Form) -> Response:
    ws = gate_post(request, form, Action.AI_CONTROL)
    back = form.get("next")
    back = back if isinstance(back, str) and back in SAFE_NEXT else "/governance"

    def run() -> None:
        gov.set_enabled(ctx(request).db, ws.actor, component_id, forms.read(SwitchIn, form))

    return _then_back(request, back, run)


# A run from the page is the demo's size: seconds, not minutes (larger runs: the CLI).
PAGE_RUN = {"index": 3000, "per_group": 25, "bootstrap": 200}


@router.post("/governance/components/{component_id}/evaluate")
def evaluate(request: Request, component_id: str, form: Form) -> Response:
    ws = gate_post(request, form, Action.GOVERNANCE_ASSESS)

    def run() -> None:
        cmd = forms.read(EvaluateIn, form, component_id=component_id, **PAGE_RUN)
        gov.run_evaluation(ctx(request).db, ws.actor, cmd)

    return _then_back(request, "/governance", run)


@router.post("/governance/authorisations/{use_id}")
def decide_authorisation(request: Request, use_id: str, form: Form) -> Response:
    ws = gate_post(request, form, Action.SEARCH_AUTHORISE)

    def run() -> None:
        # Two buttons: neither is not a refusal.
        decision = form.get("decision")
        if decision not in ("authorised", "refused"):
            raise Invalid("authorise or refuse", field="decision")
        cmd = forms.read(AuthorisationIn, form, authorised=decision == "authorised", org_id=None)
        with ctx(request).db.transaction() as s:
            gate.decide_authorisation(s, ws.actor, use_id, cmd, utcnow())

    return _then_back(request, "/governance/oversight", run)


# --- assessments ----------------------------------------------------------------------------------


def _assessment_page(
    request: Request, use_case_id: str, kind: str, status: int = 200, **extra: Any
) -> Response:
    ws = request.state.web_session
    db = ctx(request).db
    versions = gov.assessments_for(db, ws.actor, use_case_id, kind)
    k = asm.parse_kind(kind)
    latest = versions[0] if versions else None
    return _no_store(
        render(
            request,
            "governance/assessment.html",
            status=status,
            use_case=use_case(use_case_id),
            kind=k.value,
            title=asm.KIND_LABELS[k],
            questionnaire=asm.template(k),
            questions=asm.questions(k),
            scales=asm.scales(),
            versions=versions,
            latest=latest,
            answers=(latest.answers if latest else {}),
            risk_level=asm.risk_level,
            can_sign=latest is not None
            and latest.signed_at is None
            and allowed(ws.actor, Action.GOVERNANCE_SIGN_OFF)
            and latest.written_by != ws.actor.username,
            **extra,
        )
    )


@router.get("/governance/use-cases/{use_case_id}/{kind}")
def assessment_page(request: Request, use_case_id: str, kind: str) -> Response:
    page_gate(request, Action.GOVERNANCE_READ)
    return _assessment_page(request, use_case_id, kind)


@router.post("/governance/use-cases/{use_case_id}/{kind}")
def save_assessment(request: Request, use_case_id: str, kind: str, form: Form) -> Response:
    ws = gate_post(request, form, Action.GOVERNANCE_ASSESS)
    k = asm.parse_kind(kind)
    fields = {
        "risk": ("likelihood", "impact", "mitigation"),
        "readiness": ("level", "notes"),
        "fria": ("text",),
    }[k.value]
    answers: dict[str, dict[str, Any]] = {}
    for q in asm.questions(k):
        row = {f: str(form.get(f"{q.id}.{f}", "")) for f in fields}
        if any(v.strip() for v in row.values()):
            answers[q.id] = row
    try:
        gov.save_assessment(ctx(request).db, ws.actor, use_case_id, k.value, answers)
    except Invalid as exc:
        return _assessment_page(request, use_case_id, kind, status=exc.status, error=exc.detail)
    return RedirectResponse(f"/governance/use-cases/{use_case_id}/{k.value}", status_code=303)


@router.post("/governance/assessments/{assessment_id}/sign-off")
def sign_off(request: Request, assessment_id: str, form: Form) -> Response:
    ws = gate_post(request, form, Action.GOVERNANCE_SIGN_OFF)
    db = ctx(request).db
    with db.transaction() as s:
        a = gov.get_assessment(s, assessment_id)
    try:
        gov.sign_off(db, ws.actor, assessment_id, forms.read(SignOffIn, form).note)
    except (Conflict, Forbidden, Invalid) as exc:  # Forbidden: one's own answers (four eyes)
        return _assessment_page(request, a.use_case_id, a.kind, status=exc.status, error=exc.detail)
    return RedirectResponse(f"/governance/use-cases/{a.use_case_id}/{a.kind}", status_code=303)
