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
from xborder.notices.commands import ProfileDecisionIn, ProfileIn
from xborder.notices.page_kit import TEXT, Id, form_str
from xborder.notices.review_pages import render_context_page, review_page
from xborder.safeguards import service as country_data
from xborder.safeguards.commands import CountryDataIn, SourceIn
from xborder.web import forms
from xborder.web.pages import Form, gate_post, redirect_to

router = APIRouter()


def _back(notice_id: str) -> Response:
    return redirect_to(f"/review/{notice_id}", purpose=Purpose.NOTICE_REVIEW.value)


@router.post("/review/{notice_id}/profiles")
def attach_profile(request: Request, notice_id: Id, form: Form) -> Response:
    ws = gate_post(request, form, Action.NOTICE_REVIEW)
    try:
        cmd = forms.read(ProfileIn, form)
        profiles.attach(ctx(request).db, ws.actor, notice_id, cmd.kind, cmd.source, cmd.note)
    except (Invalid, Conflict) as exc:
        return review_page(request, ws, notice_id, exc.detail, exc.status)
    return _back(notice_id)


@router.post("/review/{notice_id}/profiles/screen")
def screen_profiles(request: Request, notice_id: Id, form: Form) -> Response:
    ws = gate_post(request, form, Action.NOTICE_REVIEW)
    c = ctx(request)
    try:
        profiles.screen_lists(c.db, c.settings, ws.actor, notice_id)
    except (Invalid, Conflict) as exc:
        return review_page(request, ws, notice_id, exc.detail, exc.status)
    return _back(notice_id)


@router.post("/review/{notice_id}/profiles/{index}")
def decide_profile(request: Request, notice_id: Id, index: int, form: Form) -> Response:
    ws = gate_post(request, form, Action.NOTICE_REVIEW)
    try:
        cmd = forms.read(ProfileDecisionIn, form)
        profiles.decide(ctx(request).db, ws.actor, notice_id, index, cmd.status, cmd.note)
    except (Invalid, Conflict, NotFound) as exc:
        return review_page(request, ws, notice_id, exc.detail, exc.status)
    return _back(notice_id)


@router.post("/review/country-data/{country}")
def record_country_data(request: Request, country: str, form: Form) -> Response:
    ws = gate_post(request, form, Action.CONTEXT_MANAGE)
    code = country[:3]
    try:
        # the values are typed as JSON, the source as one field per part
        try:
            values = untrusted.loads(form_str(form, "values", TEXT) or "{}")
        except Invalid as exc:
            raise Invalid(f"values: {exc.detail}", field="values") from None
        source = {k: form_str(form, f"source_{k}", 1000) for k in SourceIn.model_fields}
        cmd = forms.read(CountryDataIn, form, values=values, source=source)
        country_data.update(ctx(request).db, ws.actor, code, form_str(form, "dataset", 30), cmd)
    except Invalid as exc:
        return render_context_page(request, ws, code, exc.detail, exc.status)
    return redirect_to(f"/review/context/{normalise_country(code)}", recorded="data")
