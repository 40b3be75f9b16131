"""Corrective measures in pages: the secretariat imposes and lifts them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from xborder.api.deps import ctx
from xborder.identity.policy import Action
from xborder.kernel.actor import WebSession
from xborder.kernel.clock import utcnow
from xborder.kernel.countries import normalise_country
from xborder.kernel.errors import Conflict, Invalid
from xborder.measures import service as measures
from xborder.measures.commands import LiftIn, MeasureIn
from xborder.notices.page_kit import TEXT, Id, form_all, form_date, form_str, midnight, page
from xborder.web import forms
from xborder.web.pages import (
    Form,
    gate,
    gate_post,
    redirect_to,
)

router = APIRouter(include_in_schema=False)


def _measures_page(
    request: Request,
    ws: WebSession,
    country: str = "",
    error: str = "",
    status: int = 200,
    typed: dict[str, Any] | None = None,
    done: str = "",
) -> Response:
    found = measures.list_measures(ctx(request).db, ws.actor, country or None)
    now = utcnow()
    return page(
        request,
        "notices/measures.html",
        status=status,
        found=found,
        in_force={
            m.id
            for m in found
            if m.lifted_at is None and m.starts_at <= now and (m.ends_at is None or m.ends_at > now)
        },
        country=country,
        error=error,
        typed=typed or {},
        done=done,
        now=now,
    )


@router.get("/measures")
def measures_page(request: Request, country: str = "", done: str = "") -> Response:
    ws = gate(request, Action.MEASURE_READ)
    return _measures_page(
        request, ws, normalise_country(country[:3]) if country else "", done=done[:20]
    )


@router.post("/measures")
def impose_measure(request: Request, form: Form) -> Response:
    ws = gate_post(request, form, Action.MEASURE_MANAGE)
    country, reason = form_str(form, "country", 3), form_str(form, "reason", TEXT)
    scopes = form_all(form, "scopes", 40)
    starts, ends = form_str(form, "starts_on", 10), form_str(form, "ends_on", 10)
    typed = {
        "country": country,
        "scopes": scopes,
        "reason": reason,
        "starts_on": starts,
        "ends_on": ends,
    }
    try:
        # the form picks days: a measure runs from midnight UTC
        cmd = forms.read(
            MeasureIn,
            form,
            starts_at=midnight(form_date(starts, "start")),
            ends_at=midnight(form_date(ends, "end")),
        )
        measures.impose(ctx(request).db, ws.actor, cmd)
    except (Invalid, Conflict) as exc:
        return _measures_page(request, ws, error=exc.detail, status=exc.status, typed=typed)
    return redirect_to("/measures", done="imposed")


@router.post("/measures/{measure_id}/lift")
def lift_measure(request: Request, measure_id: Id, form: Form) -> Response:
    ws = gate_post(request, form, Action.MEASURE_MANAGE)
    try:
        measures.lift(ctx(request).db, ws.actor, measure_id, forms.read(LiftIn, form))
    except (Invalid, Conflict) as exc:
        return _measures_page(request, ws, error=exc.detail, status=exc.status)
    return redirect_to("/measures", done="lifted")
