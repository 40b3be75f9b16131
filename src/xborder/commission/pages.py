"""Pages of the files commission: the commission's dashboard and case pages, the owning
bureau's consultations, and the public application form and applicant portal. Each calls the
same service functions as the API (`xborder.commission.service`), with the same commands
(`xborder.commission.commands`) read from the posted forms."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from xborder.api.deps import CsrfFailure, ctx
from xborder.commission import service as ccf
from xborder.commission.commands import (
    AdmissibilityIn,
    AnswerIn,
    ApplicationIn,
    BlockIn,
    ConsultIn,
    DecisionIn,
    ImplementIn,
    NoticeLinkIn,
    NotificationIn,
)
from xborder.commission.domain import KIND_LABELS, OUTCOME_LABELS, CaseKind, Outcome
from xborder.identity import secrets
from xborder.identity.policy import Action
from xborder.kernel.actor import Actor
from xborder.kernel.errors import Conflict, Invalid, NotFound
from xborder.web import forms
from xborder.web.pages import Form, _secure, gate, gate_post, render

router = APIRouter(include_in_schema=False)

# Public forms have no session: a double-submit cookie guards them, as the login form's does.
PUBLIC_CSRF_COOKIE = "xb_public_csrf"
KINDS = [(k.value, KIND_LABELS[k]) for k in CaseKind]
OUTCOME_NAMES = {o.value: OUTCOME_LABELS[o] for o in Outcome}


def _no_store(resp: Response) -> Response:
    resp.headers["Cache-Control"] = "no-store"
    return resp


# --- the commission ---------------------------------------------------------------------------


@router.get("/commission")
def dashboard(request: Request) -> Response:
    ws = gate(request, Action.COMMISSION_READ)
    cases = ccf.list_cases(ctx(request).db, ws.actor)
    open_cases = [c for c in cases if c.state != "closed"]
    closed = [c for c in cases if c.state == "closed"]
    return _no_store(
        render(request, "commission/dashboard.html", open_cases=open_cases, closed=closed)
    )


def _case_page(
    request: Request, actor: Actor, case_id: str, status: int = 200, **extra: Any
) -> Response:
    view = ccf.get_case(ctx(request).db, actor, case_id)
    return _no_store(
        render(
            request,
            "commission/case.html",
            status=status,
            case=view,
            outcome_names=OUTCOME_NAMES,
            **extra,
        )
    )


@router.get("/commission/cases/{case_id}")
def case_page(request: Request, case_id: str) -> Response:
    ws = gate(request, Action.COMMISSION_READ)
    return _case_page(request, ws.actor, case_id)


def _act(
    request: Request, case_id: str, form: FormData, action: Callable[[Actor], None]
) -> Response:
    """Run one of the case page's forms; a refusal (the form read into its command, or the
    service) re-renders the page with the reason."""
    ws = gate_post(request, form, Action.COMMISSION_MANAGE)
    try:
        action(ws.actor)
    except (Invalid, Conflict) as exc:
        return _case_page(request, ws.actor, case_id, status=exc.status, error=exc.detail)
    return RedirectResponse(f"/commission/cases/{case_id}", status_code=303)


@router.post("/commission/cases/{case_id}/notice")
def link_notice(request: Request, case_id: str, form: Form) -> Response:
    db = ctx(request).db
    return _act(
        request,
        case_id,
        form,
        lambda a: ccf.link_notice(db, a, case_id, forms.read(NoticeLinkIn, form).notice),
    )


@router.post("/commission/cases/{case_id}/admissibility")
def admissibility(request: Request, case_id: str, form: Form) -> Response:
    db = ctx(request).db

    def run(a: Actor) -> None:
        # Two radio buttons: neither chosen is not "not admissible".
        chosen = form.get("admissible")
        if chosen not in ("yes", "no"):
            raise Invalid("choose admissible or not admissible", field="admissible")
        cmd = forms.read(AdmissibilityIn, form, admissible=chosen == "yes")
        ccf.declare_admissibility(db, a, case_id, cmd)

    return _act(request, case_id, form, run)


@router.post("/commission/cases/{case_id}/block")
def block(request: Request, case_id: str, form: Form) -> Response:
    db = ctx(request).db
    return _act(
        request,
        case_id,
        form,
        lambda a: ccf.set_blocking(db, a, case_id, forms.read(BlockIn, form)),
    )


@router.post("/commission/cases/{case_id}/consult")
def consult(request: Request, case_id: str, form: Form) -> Response:
    db = ctx(request).db
    return _act(
        request,
        case_id,
        form,
        lambda a: ccf.consult(db, a, case_id, forms.read(ConsultIn, form).question),
    )


@router.post("/commission/cases/{case_id}/decide")
def decide(request: Request, case_id: str, form: Form) -> Response:
    db = ctx(request).db
    return _act(
        request,
        case_id,
        form,
        lambda a: ccf.decide(db, a, case_id, forms.read(DecisionIn, form)),
    )


@router.post("/commission/cases/{case_id}/implement")
def implement(request: Request, case_id: str, form: Form) -> Response:
    db = ctx(request).db
    return _act(
        request,
        case_id,
        form,
        lambda a: ccf.implement(db, a, case_id, forms.read(ImplementIn, form).note),
    )


@router.post("/commission/cases/{case_id}/notify")
def notify(request: Request, case_id: str, form: Form) -> Response:
    db = ctx(request).db
    return _act(
        request,
        case_id,
        form,
        lambda a: ccf.record_notification(db, a, case_id, forms.read(NotificationIn, form)),
    )


# --- the owning bureau ------------------------------------------------------------------------


def _consultations_page(
    request: Request, actor: Actor, status: int = 200, **extra: Any
) -> Response:
    items = ccf.list_consultations(ctx(request).db, actor)
    return render(
        request,
        "commission/consultations.html",
        status=status,
        items=items,
        kinds=dict(KINDS),
        **extra,
    )


@router.get("/commission/consultations")
def consultations(request: Request) -> Response:
    ws = gate(request, Action.COMMISSION_CONSULT)
    return _consultations_page(request, ws.actor)


@router.post("/commission/consultations/{case_id}/answer")
def answer(request: Request, case_id: str, form: Form) -> Response:
    ws = gate_post(request, form, Action.COMMISSION_CONSULT)
    # Two radio buttons: neither chosen is no answer on consent (the service asks for one in
    # an access case), not a refusal.
    consent = {"yes": True, "no": False}.get(str(form.get("consent", "")))
    try:
        cmd = forms.read(AnswerIn, form, consent=consent)
        ccf.answer_consultation(ctx(request).db, ws.actor, case_id, cmd)
    except (Invalid, Conflict) as exc:
        return _consultations_page(request, ws.actor, status=exc.status, error=exc.detail)
    return RedirectResponse("/commission/consultations", status_code=303)


# --- public: the applicant --------------------------------------------------------------------


def _public_form(request: Request, template: str, status: int = 200, **extra: Any) -> Response:
    token = request.cookies.get(PUBLIC_CSRF_COOKIE) or secrets.new_opaque()
    resp = render(request, template, status=status, form_csrf=token, kinds=KINDS, **extra)
    resp.set_cookie(
        PUBLIC_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=_secure(request),
        max_age=3600,
    )
    return _no_store(resp)


def _posted(form: FormData, name: str, limit: int) -> str:
    value = form.get(name, "")
    return value[:limit] if isinstance(value, str) else ""


def _check_public_csrf(request: Request, form: FormData) -> None:
    """The double-submit check of the public forms: the token posted is the cookie's."""
    cookie = request.cookies.get(PUBLIC_CSRF_COOKIE, "")
    if not cookie or not secrets.same(cookie, _posted(form, "csrf_token", 200)):
        raise CsrfFailure("the form expired; reload it and try again")


@router.get("/commission/apply")
def apply_form(request: Request) -> Response:
    return _public_form(request, "commission/apply.html", form={})


APPLICATION_FIELDS = ("kind", "applicant_name", "represented_by", "contact", "statement")


@router.post("/commission/apply")
def apply_submit(request: Request, form: Form) -> Response:
    _check_public_csrf(request, form)
    typed = {k: _posted(form, k, ccf.MAX_STATEMENT) for k in APPLICATION_FIELDS}
    try:
        got = ccf.apply(ctx(request).db, forms.read(ApplicationIn, form))
    except Invalid as exc:
        return _public_form(
            request, "commission/apply.html", status=exc.status, form=typed, error=exc.detail
        )
    # Shown once: the page is not cached and the code is not in any URL.
    return _no_store(render(request, "commission/applied.html", application=got))


@router.get("/commission/portal")
def portal_form(request: Request) -> Response:
    return _public_form(request, "commission/portal.html", status_view=None)


@router.post("/commission/portal")
def portal_submit(request: Request, form: Form) -> Response:
    _check_public_csrf(request, form)
    number = _posted(form, "number", 40)
    try:
        view = ccf.portal_status(ctx(request).db, number, _posted(form, "code", 64))
    except NotFound as exc:
        return _public_form(
            request,
            "commission/portal.html",
            status=exc.status,
            status_view=None,
            number=number,
            error=exc.detail,
        )
    return _public_form(request, "commission/portal.html", status_view=view, number=view.number)
