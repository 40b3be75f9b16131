"""The supervisor's approvals and the review task force: the queue, country context,
protected status, one request under review and the decision."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from xborder.api.deps import ctx
from xborder.identity.policy import Action
from xborder.kernel.actor import WebSession
from xborder.kernel.countries import normalise_country
from xborder.kernel.errors import Conflict, Invalid
from xborder.kernel.purposes import PURPOSE_LABELS, Purpose, parse_purpose
from xborder.notices import context, diffusions, rules
from xborder.notices import service as notices
from xborder.notices.commands import (
    CancelIn,
    ContextIn,
    DecisionIn,
    ProtectedIn,
    ReviewIn,
    SourcesIn,
)
from xborder.notices.domain import State
from xborder.notices.page_kit import (
    LONG,
    MIN_EVENT_ROWS,
    MIN_RISK_ROWS,
    PROFILE_LABELS,
    TEXT,
    Id,
    form_all,
    form_date,
    form_str,
    page,
)
from xborder.safeguards import service as country_data
from xborder.safeguards.countrydata import SCHEMAS
from xborder.web import forms
from xborder.web.pages import (
    Form,
    gate,
    gate_post,
    redirect_to,
    render,
)

router = APIRouter(include_in_schema=False)


@router.get("/approvals")
def approvals(request: Request) -> Response:
    ws = gate(request, Action.NOTICE_APPROVE, bureau=True)
    waiting = notices.list_notices(
        ctx(request).db, ws.actor, state=State.AWAITING_APPROVAL.value, own=True
    )
    return page(request, "notices/approvals.html", waiting=waiting)


@router.get("/review")
def review_queue(request: Request) -> Response:
    ws = gate(request, Action.NOTICE_REVIEW)
    return page(
        request, "notices/review_queue.html", queue=notices.review_queue(ctx(request).db, ws.actor)
    )


# Registered before /review/{notice_id} so that "diffusions" and "context" are not ids.
@router.get("/review/diffusions")
def diffusion_review_queue(request: Request, done: str = "") -> Response:
    ws = gate(request, Action.DIFFUSION_REVIEW)
    queue = diffusions.review_queue(ctx(request).db, ws.actor)
    return page(request, "notices/diffusion_review.html", queue=queue, done=done[:40])


@router.post("/review/diffusions/{diffusion_id}")
def diffusion_review(request: Request, diffusion_id: Id, form: Form) -> Response:
    ws = gate_post(request, form, Action.DIFFUSION_REVIEW)
    verdict = form_str(form, "verdict", 20)
    if verdict not in ("compliant", "non_compliant"):
        raise Invalid("choose compliant or not", field="verdict")
    db = ctx(request).db
    try:
        cmd = forms.read(ReviewIn, form, compliant=verdict == "compliant")
        state = diffusions.review(db, ws.actor, diffusion_id, cmd)
    except (Invalid, Conflict) as exc:
        queue = diffusions.review_queue(db, ws.actor)
        return page(
            request,
            "notices/diffusion_review.html",
            status=exc.status,
            queue=queue,
            error=exc.detail,
            error_for=diffusion_id,
        )
    return redirect_to("/review/diffusions", done=state)


@router.get("/review/context")
def context_pick(request: Request, country: str = "") -> Response:
    gate(request, Action.CONTEXT_MANAGE)
    if country:
        return redirect_to(f"/review/context/{normalise_country(country[:3])}")
    return page(request, "notices/context_pick.html")


def render_context_page(
    request: Request,
    ws: WebSession,
    country: str,
    error: str = "",
    status: int = 200,
    recorded: str = "",
    on: date | None = None,
) -> Response:
    c = context.get_context(ctx(request).db, ws.actor, country)
    data = country_data.view(ctx(request).db, ws.actor, country, on)
    risks = [{"risk": r.risk, "source": r.source, "note": r.note} for r in c.art2_risks]
    events = [
        {
            "kind": e.kind,
            "starts_on": e.starts_on.isoformat(),
            "ends_on": e.ends_on.isoformat() if e.ends_on else "",
            "label": e.label,
        }
        for e in c.events
    ]
    risks += [{"risk": "", "source": "", "note": ""}] * MIN_RISK_ROWS
    events += [{"kind": "", "starts_on": "", "ends_on": "", "label": ""}] * MIN_EVENT_ROWS
    return page(
        request,
        "notices/context.html",
        status=status,
        c=c,
        data=data,
        datasets=sorted(SCHEMAS),
        risks=risks,
        events=events,
        error=error,
        recorded=recorded,
    )


@router.get("/review/context/{country}")
def context_page(request: Request, country: str, recorded: str = "", on: str = "") -> Response:
    ws = gate(request, Action.CONTEXT_MANAGE)
    try:
        when = date.fromisoformat(on[:10]) if on else None
    except ValueError:
        return render_context_page(
            request, ws, country[:3], error="Give the date as YYYY-MM-DD.", status=422
        )
    return render_context_page(request, ws, country[:3], recorded=recorded[:10], on=when)


@router.post("/review/context/{country}")
def context_save(request: Request, country: str, form: Form) -> Response:
    ws = gate_post(request, form, Action.CONTEXT_MANAGE)
    try:
        cmd = forms.read(ContextIn, form)
        context.set_context(ctx(request).db, ws.actor, country[:3], cmd)
    except Invalid as exc:
        return render_context_page(request, ws, country[:3], exc.detail, exc.status)
    return redirect_to(f"/review/context/{normalise_country(country[:3])}", recorded="context")


@router.post("/review/protected-status")
def protected_status(request: Request, form: Form) -> Response:
    ws = gate_post(request, form, Action.CONTEXT_MANAGE)
    fled = form_str(form, "fled_country", 3)
    try:
        # one name a line; the date picked is checked here (the API takes the text as given)
        names = [n for n in form_str(form, "names", TEXT).splitlines() if n.strip()]
        granted = form_date(form_str(form, "granted_on", 10), "granted on")
        cmd = forms.read(
            ProtectedIn, form, names=names[:20], granted_on=granted.isoformat() if granted else ""
        )
        context.record_protected_status(ctx(request).db, ws.actor, cmd)
    except Invalid as exc:
        try:
            country = normalise_country(fled)
        except Invalid:
            return page(request, "notices/context_pick.html", status=exc.status, error=exc.detail)
        return render_context_page(request, ws, country, exc.detail, exc.status)
    return redirect_to(f"/review/context/{normalise_country(fled)}", recorded="protected")


def stated_profiles(findings: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The profiles the request's own words suggest (the `stated` part of the art. 3
    finding's profile signal), one per kind not yet attached, with the words to cite as
    the source when the reviewer attaches one."""
    out: dict[str, dict[str, str]] = {}
    for f in findings:
        ev = f.get("evidence")
        if f.get("rule_id") != "art3_predominance" or not isinstance(ev, dict):
            continue
        for sig in ev.get("signals", []):
            if sig.get("signal") not in ("profile", "profile_stated"):
                continue
            for st in sig["evidence"].get("stated", []):
                words = ", ".join(f"“{q}”" for q in st["quotes"])
                out.setdefault(
                    st["profile"],
                    {"kind": st["profile"], "words": f"{st['field']}: {words}"},
                )
    return list(out.values())


def review_page(
    request: Request,
    ws: WebSession,
    notice_id: str,
    error: str = "",
    status: int = 200,
    typed: dict[str, Any] | None = None,
) -> Response:
    v = notices.get_notice(ctx(request).db, ws.actor, notice_id, Purpose.NOTICE_REVIEW)
    inputs = v.review_inputs or {}
    risks = [dict(r) for r in inputs.get("art2_risks", [])]
    risks += [{"risk": "", "source": "", "note": ""}] * MIN_RISK_ROWS
    counts = {s.value: 0 for s in rules.Severity}
    for f in v.findings:
        counts[f["severity"]] = counts.get(f["severity"], 0) + 1
    # what the data findings ask the bureau for, offered as the question to send
    asks = [
        str(f["evidence"]["question"])
        for f in v.findings
        if f["severity"] != "info"
        and isinstance(f.get("evidence"), dict)
        and f["evidence"].get("question")
    ]
    return page(
        request,
        "notices/review.html",
        stated_profiles=stated_profiles(v.findings),
        suggested_question="\n".join(dict.fromkeys(asks)),
        status=status,
        v=v,
        purpose=Purpose.NOTICE_REVIEW.value,
        purpose_label=PURPOSE_LABELS[Purpose.NOTICE_REVIEW],
        risks=risks,
        profile_facts=list(enumerate(inputs.get("profiles", []))),
        profile_kinds=[(p.value, v) for p, v in PROFILE_LABELS.items()],
        asylum_claim_on=inputs.get("asylum_claim_on") or "",
        counts=counts,
        pending=v.state in (State.REQUESTED.value, State.MORE_INFO.value),
        live=v.state in (State.PUBLISHED.value, State.SUSPENDED.value),
        error=error,
        typed=typed or {},
    )


@router.get("/review/{notice_id}")
def review_notice(request: Request, notice_id: Id, purpose: str = "") -> Response:
    ws = gate(request, Action.NOTICE_REVIEW)
    if not purpose:
        only = Purpose.NOTICE_REVIEW
        return render(
            request,
            "purpose.html",
            action=f"/review/{notice_id}",
            purposes=[(only.value, PURPOSE_LABELS[only])],
        )
    if parse_purpose(purpose) != Purpose.NOTICE_REVIEW:
        raise Invalid("the decision page is opened for compliance review", field="purpose")
    return review_page(request, ws, notice_id)


@router.post("/review/{notice_id}/decision")
def review_decision(request: Request, notice_id: Id, form: Form) -> Response:
    ws = gate_post(request, form, Action.NOTICE_REVIEW)
    c = ctx(request)
    typed = {
        "decision": form_str(form, "decision", 20),
        "rationale": form_str(form, "rationale", LONG),
        "question": form_str(form, "question", TEXT),
        "grounds": form_all(form, "grounds", 40),
        "particular_importance": form_str(form, "particular_importance", 5) == "yes",
    }
    try:
        notices.decide(c.db, ws.actor, c.settings, notice_id, forms.read(DecisionIn, form))
    except (Invalid, Conflict) as exc:
        return review_page(request, ws, notice_id, exc.detail, exc.status, typed)
    return redirect_to(f"/review/{notice_id}", purpose=Purpose.NOTICE_REVIEW.value)


@router.post("/review/{notice_id}/cancel")
def review_cancel(request: Request, notice_id: Id, form: Form) -> Response:
    ws = gate_post(request, form, Action.NOTICE_REVIEW)
    c = ctx(request)
    try:
        notices.cancel(c.db, ws.actor, c.settings, notice_id, forms.read(CancelIn, form))
    except (Invalid, Conflict) as exc:
        return review_page(request, ws, notice_id, exc.detail, exc.status)
    return redirect_to(f"/review/{notice_id}", purpose=Purpose.NOTICE_REVIEW.value)


@router.post("/review/{notice_id}/sources")
def review_sources(request: Request, notice_id: Id, form: Form) -> Response:
    ws = gate_post(request, form, Action.NOTICE_REVIEW)
    try:
        notices.set_review_inputs(ctx(request).db, ws.actor, notice_id, forms.read(SourcesIn, form))
    except (Invalid, Conflict) as exc:
        return review_page(request, ws, notice_id, exc.detail, exc.status)
    return redirect_to(f"/review/{notice_id}", purpose=Purpose.NOTICE_REVIEW.value)


@router.post("/review/{notice_id}/checks")
def review_rerun(request: Request, notice_id: Id, form: Form) -> Response:
    ws = gate_post(request, form, Action.NOTICE_REVIEW)
    try:
        notices.rerun_checks(ctx(request).db, ws.actor, notice_id)
    except Conflict as exc:
        return review_page(request, ws, notice_id, exc.detail, exc.status)
    return redirect_to(f"/review/{notice_id}", purpose=Purpose.NOTICE_REVIEW.value)
