"""The screening page: a name (any script), a date of birth, a nationality; candidates shown
beside the query with each feature's evidence, and a decision per candidate. Posted, not a
GET: a searched name never ends up in a URL or an access log of the web server."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from xborder.api.deps import ctx
from xborder.governance.service import ComponentUnavailable
from xborder.identity.policy import Action
from xborder.kernel.errors import Invalid, NotFound
from xborder.kernel.purposes import LEGAL_BASES
from xborder.screening import service as screening
from xborder.screening.commands import DecisionIn, ScreenIn
from xborder.screening.routes import subject
from xborder.web import forms
from xborder.web.pages import Form, _purposes, gate, gate_post, render

router = APIRouter(include_in_schema=False)
PAGE_LIMIT = 10  # candidates shown per screening


def _legal_bases() -> list[tuple[str, str]]:
    return [(b.id, b.label) for b in LEGAL_BASES.values()]


def _posted(form: FormData, name: str, default: str = "") -> str:
    value = form.get(name)
    return value if isinstance(value, str) else default


@router.get("/screen")
def screen_form(request: Request) -> Response:
    ws = gate(request, Action.SCREEN)
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


def _query(form: FormData) -> ScreenIn:
    """The form into the API's own body: one name a line, at most one date of birth and one
    nationality."""
    one = {k: _posted(form, k).strip() for k in ("birth_date", "nationality")}
    return forms.read(
        ScreenIn,
        form,
        names=[n.strip() for n in _posted(form, "names").splitlines() if n.strip()],
        birth_dates=[one["birth_date"]] if one["birth_date"] else [],
        nationalities=[one["nationality"]] if one["nationality"] else [],
        limit=PAGE_LIMIT,
    )


@router.post("/screen")
def screen_run(request: Request, form: Form) -> Response:
    ws = gate_post(request, form, Action.SCREEN)
    c = ctx(request)
    typed = {
        k: _posted(form, k, default)
        for k, default in (
            ("names", ""),
            ("birth_date", ""),
            ("nationality", ""),
            ("sex", "U"),
            ("dataset", "default"),
            ("purpose", ""),
            ("legal_basis", ""),
        )
    }
    result, error = None, ""
    try:
        body = _query(form)
        result = screening.screen(
            c.db,
            c.settings,
            ws.actor,
            {"q": subject("q", body)},
            purpose=typed["purpose"],
            legal_basis=typed["legal_basis"],
            dataset=body.dataset,
            limit=body.limit,
        )
    except (Invalid, NotFound, ComponentUnavailable) as exc:
        error = exc.detail
    return render(
        request,
        "screening.html",
        form=typed,
        purposes=_purposes(),
        legal_bases=_legal_bases(),
        datasets=screening.datasets(c.db, ws.actor),
        result=result,
        candidates=result.responses["q"] if result else [],
        error=error,
    )


@router.post("/screen/results/{result_id}")
def screen_decide(request: Request, result_id: str, form: Form) -> Response:
    ws = gate_post(request, form, Action.SCREEN)
    # Two buttons, "confirm" and "reject": the API's `confirmed`.
    body = forms.read(DecisionIn, form, confirmed=form.get("decision") == "confirm")
    screening.decide(ctx(request).db, ws.actor, result_id, body)
    return render(
        request, "screening_decided.html", decision="confirm" if body.confirmed else "reject"
    )
