"""Pages for the safeguards the reviewer works with: researched profiles on the review page,
and the sourced country data on the country-context page. The same service functions as the
API (`notices.profiles`, `safeguards.service`)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from xborder.api.deps import ctx
from xborder.identity.policy import Action
from xborder.kernel import untrusted
from xborder.kernel.countries import normalise_country
from xborder.kernel.errors import Conflict, Invalid, NotFound
from xborder.kernel.purposes import Purpose
from xborder.notices import profiles
from xborder.notices.pages import (
    LONG,
    TEXT,
    Form,
    Id,
    _context_page,
    _gate_post,
    _login,
    _review_page,
    _str,
    _to,
)
from xborder.safeguards import service as country_data

router = APIRouter()


def _back(notice_id: str) -> Response:
    return _to(f"/review/{notice_id}", purpose=Purpose.NOTICE_REVIEW.value)


@router.post("/review/{notice_id}/profiles")
def attach_profile(request: Request, notice_id: Id, form: Form) -> Response:
    ws = _gate_post(request, form, Action.NOTICE_REVIEW)
    if ws is None:
        return _login()
    try:
        profiles.attach(
            ctx(request).db,
            ws.actor,
            notice_id,
            _str(form, "kind", 40),
            _str(form, "source", 500),
            _str(form, "note", 2000),
        )
    except (Invalid, Conflict) as exc:
        return _review_page(request, ws, notice_id, exc.detail, exc.status)
    return _back(notice_id)


@router.post("/review/{notice_id}/profiles/screen")
def screen_profiles(request: Request, notice_id: Id, form: Form) -> Response:
    ws = _gate_post(request, form, Action.NOTICE_REVIEW)
    if ws is None:
        return _login()
    c = ctx(request)
    try:
        profiles.screen_lists(c.db, c.settings, ws.actor, notice_id)
    except (Invalid, Conflict) as exc:
        return _review_page(request, ws, notice_id, exc.detail, exc.status)
    return _back(notice_id)


@router.post("/review/{notice_id}/profiles/{index}")
def decide_profile(request: Request, notice_id: Id, index: int, form: Form) -> Response:
    ws = _gate_post(request, form, Action.NOTICE_REVIEW)
    if ws is None:
        return _login()
    try:
        profiles.decide(
            ctx(request).db,
            ws.actor,
            notice_id,
            index,
            _str(form, "status", 20),
            _str(form, "note", 2000),
        )
    except (Invalid, Conflict, NotFound) as exc:
        return _review_page(request, ws, notice_id, exc.detail, exc.status)
    return _back(notice_id)


@router.post("/review/country-data/{country}")
def record_country_data(request: Request, country: str, form: Form) -> Response:
    ws = _gate_post(request, form, Action.CONTEXT_MANAGE)
    if ws is None:
        return _login()
    code = country[:3]
    try:
        try:
            values = untrusted.loads(_str(form, "values", TEXT) or "{}")
        except Invalid as exc:
            raise Invalid(f"values: {exc.detail}", field="values") from None
        try:
            year = int(_str(form, "year", 4))
        except ValueError:
            raise Invalid("the year is a number", field="year") from None
        if not isinstance(values, dict):
            raise Invalid("values are a JSON object", field="values")
        country_data.update(
            ctx(request).db,
            ws.actor,
            code,
            _str(form, "dataset", 30),
            year,
            values,
            {
                k: _str(form, f"source_{k}", 1000)
                for k in ("title", "citation", "url", "licence", "edition")
            },
            _str(form, "note", LONG),
        )
    except Invalid as exc:
        return _context_page(request, ws, code, exc.detail, exc.status)
    return _to(f"/review/context/{normalise_country(code)}", recorded="data")
