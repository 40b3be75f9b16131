"""Diffusions in pages: a bureau sends and acknowledges them, the review task force checks them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from xborder.api.deps import ctx
from xborder.identity.policy import Action
from xborder.kernel.actor import WebSession
from xborder.kernel.errors import Conflict, Invalid
from xborder.kernel.purposes import PURPOSE_LABELS, parse_purpose
from xborder.names.scripts import detect_script
from xborder.notices import diffusions
from xborder.notices.commands import DiffusionIn
from xborder.notices.page_kit import LONG, SHORT, TEXT, Id, form_countries, form_str, page
from xborder.persons.domain import Sex
from xborder.web import forms
from xborder.web.pages import (
    Form,
    _purposes,
    gate,
    gate_post,
    redirect_to,
    render,
)

router = APIRouter(include_in_schema=False)


@dataclass
class DiffusionForm:
    kind: str = diffusions.DiffusionKind.WANTED.value
    title: str = ""
    summary: str = ""
    offence: str = ""
    to: str = "some"
    recipients: str = ""
    name: str = ""
    birth_date: str = ""
    sex: str = Sex.UNKNOWN.value
    nationalities: str = ""

    @classmethod
    def parse(cls, form: FormData) -> DiffusionForm:
        return cls(
            kind=form_str(form, "kind", 20),
            title=form_str(form, "title", SHORT),
            summary=form_str(form, "summary", LONG),
            offence=form_str(form, "offence", TEXT),
            to=form_str(form, "to", 10),
            recipients=form_str(form, "recipients", TEXT),
            name=form_str(form, "person_name", SHORT),
            birth_date=form_str(form, "person_birth_date", 30),
            sex=form_str(form, "person_sex", 1) or Sex.UNKNOWN.value,
            nationalities=form_str(form, "person_nationalities", SHORT),
        )

    def person(self) -> dict[str, Any] | None:
        """The one-name person of the form as the API's `person` carries it."""
        if not self.name:
            return None
        script = detect_script(self.name)
        return {
            "names": [{"full": self.name, "script": "Latn" if script.startswith("Z") else script}],
            "sex": self.sex,
            "birth_dates": [self.birth_date] if self.birth_date else [],
            "nationalities": form_countries(self.nationalities, "nationalities"),
        }

    def to_countries(self) -> list[str] | None:
        """The API's `recipients`: None for all members, else the countries typed."""
        if self.to == "all":
            return None
        recipients = form_countries(self.recipients, "recipients")
        if not recipients:
            raise Invalid("name the recipient countries, or send to all members")
        return recipients


def _diffusions_page(
    request: Request,
    ws: WebSession,
    f: DiffusionForm | None = None,
    error: str = "",
    status: int = 200,
    done: str = "",
    sent_id: str = "",
) -> Response:
    found = diffusions.list_diffusions(ctx(request).db, ws.actor)
    me = ws.actor.country
    return page(
        request,
        "notices/bureau_diffusions.html",
        status=status,
        sent=[d for d in found if d["sender_country"] == me],
        received=[d for d in found if d["sender_country"] != me],
        f=f or DiffusionForm(),
        error=error,
        done=done,
        just_sent=next((d for d in found if d["id"] == sent_id), None) if sent_id else None,
    )


@router.get("/bureau/diffusions")
def bureau_diffusions(request: Request, done: str = "", sent: str = "") -> Response:
    ws = gate(request, Action.DIFFUSION_READ, bureau=True)
    return _diffusions_page(request, ws, done=done[:40], sent_id=sent[:40])


@router.post("/bureau/diffusions")
def send_diffusion(request: Request, form: Form) -> Response:
    ws = gate_post(request, form, Action.DIFFUSION_SEND, bureau=True)
    c = ctx(request)
    f = DiffusionForm.parse(form)
    try:
        cmd = forms.read(DiffusionIn, form, recipients=f.to_countries(), person=f.person())
        did = diffusions.send(c.db, ws.actor, c.settings, cmd)
    except (Invalid, Conflict) as exc:
        return _diffusions_page(request, ws, f, exc.detail, exc.status)
    return redirect_to("/bureau/diffusions", done="sent", sent=did)


@router.post("/bureau/diffusions/{diffusion_id}/acknowledge")
def acknowledge_diffusion(request: Request, diffusion_id: Id, form: Form) -> Response:
    ws = gate_post(request, form, Action.DIFFUSION_READ, bureau=True)
    try:
        diffusions.acknowledge_update(ctx(request).db, ws.actor, diffusion_id)
    except Conflict as exc:
        return _diffusions_page(request, ws, error=exc.detail, status=exc.status)
    return redirect_to("/bureau/diffusions", done="acknowledged")


@router.get("/diffusions/{diffusion_id}")
def diffusion_page(request: Request, diffusion_id: Id, purpose: str = "") -> Response:
    ws = gate(request, Action.DIFFUSION_READ)
    if not purpose:
        return render(
            request, "purpose.html", action=f"/diffusions/{diffusion_id}", purposes=_purposes()
        )
    p = parse_purpose(purpose)
    d = diffusions.get(ctx(request).db, ws.actor, diffusion_id, p)
    return page(request, "notices/diffusion.html", d=d, purpose_label=PURPOSE_LABELS[p])
