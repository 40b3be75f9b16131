"""Logging in and out, and each role's home page."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from xborder.accounts import service as identity
from xborder.api.deps import SESSION_COOKIE, CsrfFailure, ctx
from xborder.identity import secrets
from xborder.kernel.errors import TooManyAttempts, Unauthenticated
from xborder.web.pages import (
    LOGIN_CSRF_COOKIE,
    PANELS,
    LoginRequired,
    _local,
    _secure,
    _session,
    gate,
    gate_post,
    render,
)
from xborder.web.pages import Form as PostedForm

router = APIRouter(include_in_schema=False)


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


# The login form has no session yet: a double-submit cookie guards it, not `gate_post`; it
# keeps its FastAPI form fields (the API takes bearer tokens: no login body to share).
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
def logout(request: Request, form: PostedForm) -> Response:
    try:
        ws = gate_post(request, form)
    except LoginRequired:  # no session (expired, or logged out in another tab): nothing to end
        ws = None
    if ws is not None:
        identity.logout(ctx(request).db, ws.session_id)
    resp = RedirectResponse("/login", status_code=303)
    resp.delete_cookie(SESSION_COOKIE)
    return resp


@router.get("/")
def home(request: Request) -> Response:
    ws = gate(request)
    me = identity.get_user(ctx(request).db, ws.actor.user_id)
    return render(
        request,
        "home.html",
        display_name=me.display_name,
        organisation=me.org.name,
        panels=PANELS[ws.actor.role],
    )
