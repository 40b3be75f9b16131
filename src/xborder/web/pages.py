"""What every page shares: the templates, rendering with the session, the logged-in session
and the role homes' panels. Each capability's pages call the same service functions as its API;
errors render as HTML pages."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.datastructures import FormData

from xborder.api.deps import SESSION_COOKIE, CsrfFailure, ctx
from xborder.identity import secrets
from xborder.identity.policy import Action, allowed
from xborder.kernel.actor import OrgKind, Role, WebSession
from xborder.kernel.errors import Forbidden, Unauthenticated
from xborder.kernel.purposes import PURPOSE_LABELS, Purpose

LOGIN_CSRF_COOKIE = "xb_login_csrf"
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.add_extension("jinja2.ext.i18n")
templates.env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]


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


def _session(request: Request) -> WebSession | None:
    c = ctx(request)
    sid = request.cookies.get(SESSION_COOKIE)
    ws = c.authenticator.session_actor(c.db, sid) if sid else None
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


# --- the one gate of every page: login, role, organisation, CSRF ------------------------------


async def _read_form(request: Request) -> FormData:
    return await request.form()


# A page's posted form, as a parameter: `form: Form`.
Form = Annotated[FormData, Depends(_read_form)]


class LoginRequired(Unauthenticated):
    """A page was asked for without a session: answered with the login page, whatever the
    client accepts (an API route raises the plain `Unauthenticated`: a 401 problem)."""


def login_redirect(request: Request) -> Response:
    """To the login page, and back to this page afterwards."""
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(here, safe='/')}", status_code=303)


def redirect_to(path: str, **query: str) -> Response:
    q = {k: v for k, v in query.items() if v}
    return RedirectResponse(path + (f"?{urlencode(q)}" if q else ""), status_code=303)


def gate(request: Request, action: Action | None = None, bureau: bool = False) -> WebSession:
    """The logged-in session, for every page: without one, `Unauthenticated`, which a page
    request turns into the login page (platform.app); Forbidden for a role without the
    action; `bureau` pages are a bureau's own work and refuse the secretariat too. The
    services check role and organisation again: this decides what a page offers."""
    ws = _session(request)
    if ws is None:
        raise LoginRequired("log in first")
    if action is not None and not allowed(ws.actor, action):
        raise Forbidden(f"role {ws.actor.role.value} may not {action.value}")
    if bureau and (ws.actor.org_kind != OrgKind.BUREAU or ws.actor.country is None):
        raise Forbidden("this page is a bureau's own work")
    return ws


def gate_post(
    request: Request, form: FormData, action: Action | None = None, bureau: bool = False
) -> WebSession:
    """`gate` for a posted form, which must carry the session's CSRF token."""
    ws = _session(request)
    if ws is None:
        raise LoginRequired("log in first")
    sent = form.get("csrf_token", "")
    if not isinstance(sent, str) or not secrets.same(ws.csrf_token, sent[:200]):
        raise CsrfFailure("send the form from its page (the CSRF token is missing or wrong)")
    return gate(request, action, bureau)
