"""Pages. Each calls the same service functions as the API; errors render as HTML pages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from joserfc.util import urlsafe_b64decode

from xborder.api.deps import SESSION_COOKIE, CsrfFailure, ctx
from xborder.audit.purposes import PURPOSE_LABELS, Purpose, parse_purpose
from xborder.exchange import hub
from xborder.exchange.envelope import read_header
from xborder.identity import secrets
from xborder.identity import service as identity
from xborder.identity.policy import Action, allowed
from xborder.kernel.actor import Role
from xborder.kernel.errors import Forbidden, Invalid, TooManyAttempts, Unauthenticated
from xborder.ledger import keys
from xborder.ledger import log as ledger
from xborder.ledger.checkpoint import verify_checkpoint
from xborder.persons import service as persons

LOGIN_CSRF_COOKIE = "xb_login_csrf"
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.add_extension("jinja2.ext.i18n")
templates.env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]

router = APIRouter(include_in_schema=False)

PANELS: dict[Role, list[dict[str, str]]] = {
    Role.NCB_OFFICER: [
        {
            "title": "Persons",
            "text": "Look up a person your bureau may see.",
            "href": "/persons",
            "link": "Find a person",
        },
        {
            "title": "Notices",
            "text": "Your bureau's requests and drafts, and the notices of other countries.",
            "href": "/bureau/notices",
            "link": "Requests and notices",
        },
        {
            "title": "New request",
            "text": "Request a notice: names in any script, partial dates, judicial data.",
            "href": "/bureau/notices/new",
            "link": "Start a request",
        },
        {
            "title": "Diffusions",
            "text": "Send a diffusion; read those sent to your bureau.",
            "href": "/bureau/diffusions",
            "link": "Diffusions",
        },
    ],
    Role.NCB_SUPERVISOR: [
        {
            "title": "Persons",
            "text": "Look up a person your bureau may see.",
            "href": "/persons",
            "link": "Find a person",
        },
        {
            "title": "Approvals",
            "text": "Four-eyes approval of the requests your bureau sends out.",
            "href": "/approvals",
            "link": "Requests awaiting approval",
        },
        {
            "title": "Notices",
            "text": "Your bureau's requests and notices: suspend, withdraw, renew, answer hits.",
            "href": "/bureau/notices",
            "link": "Requests and notices",
        },
        {
            "title": "Diffusions",
            "text": "Send a diffusion; read those sent to your bureau.",
            "href": "/bureau/diffusions",
            "link": "Diffusions",
        },
    ],
    Role.REVIEWER: [
        {
            "title": "Review queue",
            "text": "Notice requests by risk, then age: findings, evidence and the decision.",
            "href": "/review",
            "link": "Open the review queue",
        },
        {
            "title": "Diffusions",
            "text": "Held diffusions to release or refuse, sent ones to review.",
            "href": "/review/diffusions",
            "link": "Diffusions to review",
        },
        {
            "title": "Country context",
            "text": "Country notes, human-rights risks, elections and protests; "
            "the protected-status register.",
            "href": "/review/context",
            "link": "Country context",
        },
        {
            "title": "Persons",
            "text": "All records, for compliance review.",
            "href": "/persons",
            "link": "Find a person",
        },
    ],
    Role.SECRETARIAT_ADMIN: [
        {"title": "Persons", "text": "All records.", "href": "/persons", "link": "Find a person"},
        {
            "title": "Corrective measures",
            "text": "Impose and lift measures on a member country.",
            "href": "/measures",
            "link": "Corrective measures",
        },
        {
            "title": "Country context",
            "text": "Country notes and the protected-status register.",
            "href": "/review/context",
            "link": "Country context",
        },
        {
            "title": "Users",
            "text": "Manage users with `xborder users` or the API.",
            "href": "/docs",
            "link": "API reference",
        },
    ],
    Role.CCF: [
        {
            "title": "Persons",
            "text": "Records concerned by individuals' requests.",
            "href": "/persons",
            "link": "Find a person",
        },
    ],
    Role.AUDITOR: [
        {
            "title": "Ledger",
            "text": "The signed checkpoint; check that any event is in it.",
            "href": "/ledger",
            "link": "Open the ledger",
        },
        {
            "title": "Access log",
            "text": "Who read which record, when and why.",
            "href": "/api/v1/audit/access-log",
            "link": "Access log (JSON)",
        },
        {
            "title": "Events",
            "text": "Every state change.",
            "href": "/api/v1/audit/events",
            "link": "Events (JSON)",
        },
        {
            "title": "Corrective measures",
            "text": "Measures imposed on member countries, and their lifting.",
            "href": "/measures",
            "link": "Corrective measures",
        },
    ],
    Role.CYBER_ANALYST: [
        {
            "title": "Cybercrime desk",
            "text": "Threat intelligence tools arrive in a later release.",
            "href": "",
        }
    ],
    Role.PARTNER: [
        {
            "title": "Partner",
            "text": "Intelligence submission arrives in a later release.",
            "href": "",
        }
    ],
}


def _purposes() -> list[tuple[str, str]]:
    return [(p.value, PURPOSE_LABELS[p]) for p in Purpose]


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    ws = getattr(request.state, "web_session", None)
    actor = ws.actor if ws else None
    base = {
        "lang": "en",
        "actor": actor,
        "csrf_token": ws.csrf_token if ws else "",
        "can": (lambda a: actor is not None and allowed(actor, Action(a))),
    }
    return templates.TemplateResponse(request, template, {**base, **context}, status_code=status)


def _session(request: Request) -> identity.WebSession | None:
    sid = request.cookies.get(SESSION_COOKIE)
    ws = identity.session_actor(ctx(request).db, sid) if sid else None
    if ws is not None and getattr(request.state, "web_session", None) is None:
        ctx(request).limits.account(ws.actor.user_id, request.url.path)  # once per request
    request.state.web_session = ws
    return ws


def _secure(request: Request) -> bool:
    mode = ctx(request).settings.secure_cookies
    return mode == "always" or (mode == "auto" and request.url.scheme == "https")


def _local(target: str) -> str:
    """Where to go after logging in: a path on this site only (no open redirect)."""
    ok = target.startswith("/") and not target.startswith("//") and "\\" not in target
    return target if ok and len(target) <= 500 else "/"


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    if _session(request):
        return RedirectResponse(_local(next), status_code=303)
    token = secrets.new_opaque()
    resp = render(request, "login.html", login_csrf=token, next=_local(next))
    resp.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=_secure(request),
        max_age=3600,
    )
    return resp


@router.post("/login")
def login_submit(
    request: Request,
    username: str = Form(""),
    password: str = Form(""),
    csrf_token: str = Form(""),
    next: str = Form("/"),
) -> Response:
    request.state.web_session = None
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not cookie or not secrets.same(cookie, csrf_token):
        raise CsrfFailure("the login form expired; reload it and try again")
    try:
        ws = identity.login(
            ctx(request).db,
            ctx(request).settings,
            username,
            password,
            client=request.client.host if request.client else "",
        )
    except (Unauthenticated, TooManyAttempts) as exc:
        return render(
            request,
            "login.html",
            status=exc.status,
            error=exc.detail,
            username=username,
            login_csrf=cookie,
            next=_local(next),
        )
    resp = RedirectResponse(_local(next), status_code=303)
    resp.set_cookie(
        SESSION_COOKIE,
        ws.session_id,
        httponly=True,
        samesite="strict",
        secure=_secure(request),
        max_age=ctx(request).settings.session_hours * 3600,
    )
    resp.delete_cookie(LOGIN_CSRF_COOKIE)
    return resp


@router.post("/logout")
def logout(request: Request, csrf_token: str = Form("")) -> Response:
    ws = _session(request)
    if ws is not None:
        if not secrets.same(ws.csrf_token, csrf_token):
            raise CsrfFailure("log out from the page's button")
        identity.logout(ctx(request).db, ws.session_id)
    resp = RedirectResponse("/login", status_code=303)
    resp.delete_cookie(SESSION_COOKIE)
    return resp


@router.get("/")
def home(request: Request) -> Response:
    ws = _session(request)
    if ws is None:
        return RedirectResponse("/login", status_code=303)
    me = identity.get_user(ctx(request).db, ws.actor.user_id)
    return render(
        request,
        "home.html",
        display_name=me.display_name,
        organisation=me.org.name,
        panels=PANELS[ws.actor.role],
    )


@router.get("/persons")
def persons_page(request: Request, name: str = "", purpose: str = "") -> Response:
    ws = _session(request)
    if ws is None:
        return RedirectResponse("/login", status_code=303)
    results = None
    error = ""
    if name:
        try:
            results = persons.search_persons(
                ctx(request).db, ws.actor, name, parse_purpose(purpose)
            )
        except Invalid as exc:
            error = exc.detail
    elif not allowed(ws.actor, Action.PERSON_SEARCH):
        raise Forbidden("your role may not search persons")
    return render(
        request,
        "persons.html",
        name=name,
        purpose=purpose,
        purposes=_purposes(),
        results=results,
        error=error,
    )


@router.get("/persons/{person_id}")
def person_page(request: Request, person_id: str, purpose: str = "") -> Response:
    ws = _session(request)
    if ws is None:
        return RedirectResponse(f"/login?next=/persons/{person_id}", status_code=303)
    if not purpose:
        return render(request, "purpose.html", action=f"/persons/{person_id}", purposes=_purposes())
    p = parse_purpose(purpose)
    person = persons.get_person(ctx(request).db, ws.actor, person_id, p)
    return render(request, "person.html", person=person, purpose_label=PURPOSE_LABELS[p])


@router.get("/exchange")
def exchange_page(request: Request) -> Response:
    ws = _session(request)
    if ws is None:
        return RedirectResponse("/login", status_code=303)
    db = ctx(request).db
    return render(
        request,
        "exchange.html",
        inbox=hub.inbox(db, ws.actor, True),
        outbox=hub.outbox(db, ws.actor),
    )


@router.get("/exchange/{msg_id}")
def message_page(request: Request, msg_id: str, purpose: str = "") -> Response:
    """Opening a message as its recipient is a retrieval, with its evidence."""
    ws = _session(request)
    if ws is None:
        return RedirectResponse("/login", status_code=303)
    if not purpose:
        return render(request, "purpose.html", action=f"/exchange/{msg_id}", purposes=_purposes())
    c = ctx(request)
    got = hub.fetch(c.db, ws.actor, keys.signer(c.settings), msg_id, parse_purpose(purpose))
    header = read_header(got["envelope"])
    document = json.loads(urlsafe_b64decode(got["envelope"]["payload"].encode()))
    can_ack = got["my_state"] not in (None, "acknowledged")
    return render(
        request,
        "message.html",
        msg_id=msg_id,
        header=header,
        document=json.dumps(document, indent=2, ensure_ascii=False),
        evidence=hub.evidence_chain(c.db, ws.actor, msg_id),
        can_ack=can_ack,
    )


@router.post("/exchange/{msg_id}/ack")
def message_ack(request: Request, msg_id: str, csrf_token: str = Form("")) -> Response:
    ws = _session(request)
    if ws is None:
        return RedirectResponse("/login", status_code=303)
    if not secrets.same(ws.csrf_token, csrf_token):
        raise CsrfFailure("acknowledge from the message page")
    hub.acknowledge(ctx(request).db, ws.actor, msg_id)
    return RedirectResponse("/exchange", status_code=303)


@router.get("/ledger")
def ledger_page(request: Request, event: int | None = None) -> Response:
    """The ledger's signed head, and an inclusion check any logged-in user can run."""
    ws = _session(request)
    if ws is None:
        return RedirectResponse("/login", status_code=303)
    c = ctx(request)
    proof: dict[str, Any] | None = None
    verified = False
    error = ""
    with c.db.transaction(durable=True) as s:
        note = ledger.publish_checkpoint(s, keys.signer(c.settings))
        if event is not None and not 1 <= event < 2**31:
            error = "no such event"
        elif event is not None:
            size = int(note.split("\n")[1])
            try:
                proof = ledger.inclusion(s, event, size)
            except LookupError as exc:
                error = str(exc)
    if proof is not None:
        cp = verify_checkpoint(note, keys.KEY_NAME, keys.signer(c.settings).key.public_key())
        verified = ledger.proof_verifies(proof, cp.root, cp.size)
    return render(
        request,
        "ledger.html",
        checkpoint=note,
        event=event,
        proof=proof,
        verified=verified,
        error=error,
        proof_json=json.dumps(proof, indent=2) if proof else "",
    )
