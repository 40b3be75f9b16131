"""The screening page: a name (any script), a date of birth, a nationality; candidates shown
beside the query with each feature's evidence, and a decision per candidate. Posted, not a
GET: a searched name never ends up in a URL or an access log of the web server."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from xborder.api.deps import CsrfFailure, ctx
from xborder.governance.service import ComponentUnavailable
from xborder.identity import secrets
from xborder.identity.policy import Action, allowed
from xborder.kernel.actor import WebSession
from xborder.kernel.countries import normalise_country
from xborder.kernel.errors import Forbidden, Invalid, NotFound
from xborder.kernel.purposes import LEGAL_BASES
from xborder.screening import service as screening
from xborder.screening.model import NameForm, Subject
from xborder.web.pages import _purposes, gate, render

router = APIRouter(include_in_schema=False)


def _may(request: Request) -> WebSession | Response:
    """The session of someone who may screen, or the redirect to the login page."""
    ws = gate(request)
    if not allowed(ws.actor, Action.SCREEN):
        raise Forbidden("your role may not screen people")
    return ws


def _legal_bases() -> list[tuple[str, str]]:
    return [(b.id, b.label) for b in LEGAL_BASES.values()]


@router.get("/screen")
def screen_form(request: Request) -> Response:
    ws = _may(request)
    if isinstance(ws, Response):
        return ws
    return render(
        request,
        "screening.html",
        form={"names": "", "birth_date": "", "nationality": "", "sex": "U", "dataset": "default"},
        purposes=_purposes(),
        legal_bases=_legal_bases(),
        datasets=screening.datasets(ctx(request).db, ws.actor),
        result=None,
        error="",
    )


@router.post("/screen")
def screen_run(
    request: Request,
    names: str = Form(""),
    birth_date: str = Form(""),
    nationality: str = Form(""),
    sex: str = Form("U"),
    dataset: str = Form("default"),
    purpose: str = Form(""),
    legal_basis: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    ws = _may(request)
    if isinstance(ws, Response):
        return ws
    if not secrets.same(ws.csrf_token, csrf_token):
        raise CsrfFailure("screen from the screening page")
    c = ctx(request)
    form = {
        "names": names,
        "birth_date": birth_date,
        "nationality": nationality,
        "sex": sex,
        "dataset": dataset,
        "purpose": purpose,
        "legal_basis": legal_basis,
    }
    result, error = None, ""
    try:
        query = Subject(
            id="q",
            names=tuple(NameForm(full=n.strip()[:300]) for n in names.splitlines() if n.strip()),
            birth_dates=(birth_date.strip(),) if birth_date.strip() else (),
            nationalities=(normalise_country(nationality.strip()),) if nationality.strip() else (),
            sex=sex if sex in ("M", "F", "U") else "U",
        )
        result = screening.screen(
            c.db,
            c.settings,
            ws.actor,
            {"q": query},
            purpose=purpose,
            legal_basis=legal_basis,
            dataset=dataset,
            limit=10,
        )
    except (Invalid, NotFound, ComponentUnavailable) as exc:
        error = exc.detail
    return render(
        request,
        "screening.html",
        form=form,
        purposes=_purposes(),
        legal_bases=_legal_bases(),
        datasets=screening.datasets(c.db, ws.actor),
        result=result,
        candidates=result.responses["q"] if result else [],
        error=error,
    )


@router.post("/screen/results/{result_id}")
def screen_decide(
    request: Request,
    result_id: str,
    decision: str = Form(""),
    reason: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    ws = _may(request)
    if isinstance(ws, Response):
        return ws
    if not secrets.same(ws.csrf_token, csrf_token):
        raise CsrfFailure("decide from the screening page")
    screening.decide(ctx(request).db, ws.actor, result_id, decision == "confirm", reason)
    return render(request, "screening_decided.html", decision=decision)
