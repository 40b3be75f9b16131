"""Pages of the files commission: the commission's dashboard and case pages, the owning
bureau's consultations, and the public application form and applicant portal. Each calls the
same service functions as the API (`xborder.commission.service`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from xborder.api.deps import CsrfFailure, ctx
from xborder.commission import service as ccf
from xborder.commission.domain import KIND_LABELS, OUTCOME_LABELS, CaseKind, Outcome
from xborder.identity import secrets
from xborder.kernel.actor import Actor
from xborder.kernel.errors import Conflict, Invalid, NotFound
from xborder.web.pages import _secure, gate, render

router = APIRouter(include_in_schema=False)

# Public forms have no session: a double-submit cookie guards them, as the login form's does.
PUBLIC_CSRF_COOKIE = "xb_public_csrf"
KINDS = [(k.value, KIND_LABELS[k]) for k in CaseKind]
OUTCOME_NAMES = {o.value: OUTCOME_LABELS[o] for o in Outcome}


def _login(path: str) -> Response:
    return RedirectResponse(f"/login?next={path}", status_code=303)


def _no_store(resp: Response) -> Response:
    resp.headers["Cache-Control"] = "no-store"
    return resp


# --- the commission ---------------------------------------------------------------------------


@router.get("/commission")
def dashboard(request: Request) -> Response:
    ws = gate(request)
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
    ws = gate(request)
    return _case_page(request, ws.actor, case_id)


def _act(
    request: Request, case_id: str, csrf_token: str, action: Callable[[Actor], None]
) -> Response:
    """Run one of the case page's forms; a refusal re-renders the page with the reason."""
    ws = gate(request)
    if not secrets.same(ws.csrf_token, csrf_token):
        raise CsrfFailure("use the forms of the case page")
    try:
        action(ws.actor)
    except (Invalid, Conflict) as exc:
        return _case_page(request, ws.actor, case_id, status=exc.status, error=exc.detail)
    return RedirectResponse(f"/commission/cases/{case_id}", status_code=303)


@router.post("/commission/cases/{case_id}/notice")
def link_notice(
    request: Request, case_id: str, notice: str = Form(""), csrf_token: str = Form("")
) -> Response:
    db = ctx(request).db
    return _act(request, case_id, csrf_token, lambda a: ccf.link_notice(db, a, case_id, notice))


@router.post("/commission/cases/{case_id}/admissibility")
def admissibility(
    request: Request,
    case_id: str,
    admissible: str = Form(""),
    reasons: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    db = ctx(request).db

    def run(a: Actor) -> None:
        if admissible not in ("yes", "no"):
            raise Invalid("choose admissible or not admissible", field="admissible")
        ccf.declare_admissibility(db, a, case_id, admissible == "yes", reasons)

    return _act(request, case_id, csrf_token, run)


@router.post("/commission/cases/{case_id}/block")
def block(
    request: Request,
    case_id: str,
    blocked: str = Form(""),
    reason: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    db = ctx(request).db
    return _act(
        request,
        case_id,
        csrf_token,
        lambda a: ccf.set_blocking(db, a, case_id, blocked == "1", reason),
    )


@router.post("/commission/cases/{case_id}/consult")
def consult(
    request: Request, case_id: str, question: str = Form(""), csrf_token: str = Form("")
) -> Response:
    db = ctx(request).db
    return _act(request, case_id, csrf_token, lambda a: ccf.consult(db, a, case_id, question))


@router.post("/commission/cases/{case_id}/decide")
def decide(
    request: Request,
    case_id: str,
    outcome: str = Form(""),
    reasons: str = Form(""),
    applicant_message: str = Form(""),
    grounds: Annotated[list[str], Form()] = [],  # noqa: B006 (FastAPI copies defaults)
    csrf_token: str = Form(""),
) -> Response:
    db = ctx(request).db
    return _act(
        request,
        case_id,
        csrf_token,
        lambda a: ccf.decide(db, a, case_id, outcome, reasons, applicant_message, grounds[:10]),
    )


@router.post("/commission/cases/{case_id}/implement")
def implement(
    request: Request, case_id: str, note: str = Form(""), csrf_token: str = Form("")
) -> Response:
    db = ctx(request).db
    return _act(request, case_id, csrf_token, lambda a: ccf.implement(db, a, case_id, note))


@router.post("/commission/cases/{case_id}/notify")
def notify(
    request: Request,
    case_id: str,
    channel: str = Form(""),
    note: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    db = ctx(request).db
    return _act(
        request,
        case_id,
        csrf_token,
        lambda a: ccf.record_notification(db, a, case_id, channel, note),
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
    ws = gate(request)
    return _consultations_page(request, ws.actor)


@router.post("/commission/consultations/{case_id}/answer")
def answer(
    request: Request,
    case_id: str,
    consent: str = Form(""),
    comments: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    ws = gate(request)
    if not secrets.same(ws.csrf_token, csrf_token):
        raise CsrfFailure("answer from the consultations page")
    given = {"yes": True, "no": False}.get(consent)
    try:
        ccf.answer_consultation(ctx(request).db, ws.actor, case_id, given, comments)
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


def _check_public_csrf(request: Request, sent: str) -> None:
    cookie = request.cookies.get(PUBLIC_CSRF_COOKIE, "")
    if not cookie or not secrets.same(cookie, sent):
        raise CsrfFailure("the form expired; reload it and try again")


@router.get("/commission/apply")
def apply_form(request: Request) -> Response:
    return _public_form(request, "commission/apply.html", form={})


@router.post("/commission/apply")
def apply_submit(
    request: Request,
    kind: str = Form(""),
    applicant_name: str = Form(""),
    represented_by: str = Form(""),
    contact: str = Form(""),
    statement: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    _check_public_csrf(request, csrf_token)
    form = {
        "kind": kind,
        "applicant_name": applicant_name,
        "represented_by": represented_by,
        "contact": contact,
        "statement": statement,
    }
    try:
        got = ccf.apply(ctx(request).db, kind, applicant_name, statement, represented_by, contact)
    except Invalid as exc:
        return _public_form(
            request, "commission/apply.html", status=exc.status, form=form, error=exc.detail
        )
    # Shown once: the page is not cached and the code is not in any URL.
    return _no_store(render(request, "commission/applied.html", application=got))


@router.get("/commission/portal")
def portal_form(request: Request) -> Response:
    return _public_form(request, "commission/portal.html", status_view=None)


@router.post("/commission/portal")
def portal_submit(
    request: Request, number: str = Form(""), code: str = Form(""), csrf_token: str = Form("")
) -> Response:
    _check_public_csrf(request, csrf_token)
    try:
        view = ccf.portal_status(ctx(request).db, number[:40], code[:64])
    except NotFound as exc:
        return _public_form(
            request,
            "commission/portal.html",
            status=exc.status,
            status_view=None,
            number=number[:40],
            error=exc.detail,
        )
    return _public_form(request, "commission/portal.html", status_view=view, number=view.number)
