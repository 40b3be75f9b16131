"""The person search and a person's record, read with a stated purpose."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from xborder.api.deps import ctx
from xborder.identity.policy import Action, allowed
from xborder.kernel.errors import Forbidden, Invalid
from xborder.kernel.purposes import PURPOSE_LABELS, parse_purpose
from xborder.persons import service as persons
from xborder.web.pages import _purposes, gate, render

router = APIRouter(include_in_schema=False)


@router.get("/persons")
def persons_page(request: Request, name: str = "", purpose: str = "") -> Response:
    ws = gate(request)
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
    ws = gate(request)
    if not purpose:
        return render(request, "purpose.html", action=f"/persons/{person_id}", purposes=_purposes())
    p = parse_purpose(purpose)
    person = persons.get_person(ctx(request).db, ws.actor, person_id, p)
    return render(request, "person.html", person=person, purpose_label=PURPOSE_LABELS[p])
