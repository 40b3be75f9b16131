"""Persons: search by name, read one, record one. Reads need a stated purpose."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from xborder.api import problems
from xborder.api.deps import PurposeHeader, PurposeQuery, ctx, require
from xborder.api.responses import Out, PersonOut
from xborder.api.schemas import PersonIn
from xborder.identity.policy import Action
from xborder.kernel.actor import Actor
from xborder.kernel.purposes import parse_purpose
from xborder.persons import codec
from xborder.persons import service as persons

router = APIRouter(prefix="/api/v1/persons", tags=["persons"], responses=problems.AUTHENTICATED)


class PersonSummaryOut(Out):
    id: str
    display_name: str
    sex: str
    birth_dates: list[str]
    nationalities: list[str]
    owner_country: str
    restricted: bool


class PersonSearchOut(Out):
    total: int
    results: list[PersonSummaryOut]


@router.get(
    "",
    summary="Search persons by name (every result read is logged)",
    response_model=PersonSearchOut,
)
def search(
    request: Request,
    actor: Annotated[Actor, Depends(require(Action.PERSON_SEARCH))],
    name: Annotated[str, Query(min_length=2, max_length=200)],
    purpose: PurposeQuery = None,
    x_purpose: PurposeHeader = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    found = persons.search_persons(
        ctx(request).db, actor, name, parse_purpose(purpose or x_purpose), limit
    )
    return {"total": len(found), "results": [asdict(p) for p in found]}


@router.get(
    "/{person_id}",
    summary="One person's identity particulars (logged)",
    response_model=PersonOut,
    response_model_exclude_unset=True,  # a name's empty parts stay left out
)
def read(
    request: Request,
    person_id: str,
    actor: Annotated[Actor, Depends(require(Action.PERSON_READ))],
    purpose: PurposeQuery = None,
    x_purpose: PurposeHeader = None,
) -> dict[str, Any]:
    p = persons.get_person(ctx(request).db, actor, person_id, parse_purpose(purpose or x_purpose))
    return codec.to_json(p)


@router.post(
    "",
    status_code=201,
    summary="Record a person for your bureau",
    response_model=PersonOut,
    response_model_exclude_unset=True,
    responses=problems.WRITE,
)
def create(
    request: Request,
    body: PersonIn,
    actor: Annotated[Actor, Depends(require(Action.PERSON_CREATE))],
) -> dict[str, Any]:
    person = codec.from_json(body.model_dump())
    return codec.to_json(persons.create_person(ctx(request).db, actor, person))
