"""Use cases on persons. Every read writes an access-log row in the same transaction, so a
read that cannot be logged does not happen."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.orm import Session

from xborder.audit.service import log_access, record_event
from xborder.identity.policy import Action, authorize, may_record_person, person_visibility
from xborder.kernel.actor import Actor
from xborder.kernel.clock import utcnow
from xborder.kernel.errors import Forbidden, Invalid, NotFound
from xborder.kernel.ids import new_id
from xborder.kernel.purposes import Purpose
from xborder.persons import codec
from xborder.persons import repository as repo
from xborder.persons.domain import Person
from xborder.store.db import Database


@dataclass(frozen=True)
class PersonSummary:
    id: str
    display_name: str
    sex: str
    birth_dates: tuple[str, ...]
    nationalities: tuple[str, ...]
    owner_country: str
    restricted: bool


def get_person(db: Database, actor: Actor, person_id: str, purpose: Purpose) -> Person:
    """A record the actor may not see is answered exactly like one that does not exist."""
    authorize(actor, Action.PERSON_READ)
    visibility = person_visibility(actor)
    with db.transaction() as s:
        row = repo.get_visible(s, visibility, person_id)
        if row is None:
            raise NotFound("no such person")
        log_access(s, actor, "person.read", "person", [row.id], purpose)
        return repo.from_row(row)


def search_persons(
    db: Database, actor: Actor, name: str, purpose: Purpose, limit: int = 20
) -> list[PersonSummary]:
    authorize(actor, Action.PERSON_SEARCH)
    if len(name.strip()) < 2:
        raise Invalid("search needs at least two characters of a name", field="name")
    limit = max(1, min(limit, 100))
    with db.transaction() as s:
        rows = repo.search_by_name(s, person_visibility(actor), name, limit)
        log_access(s, actor, "person.search", "person", [r.id for r in rows], purpose)
        out = []
        for r in rows:
            p = repo.from_row(r)
            out.append(
                PersonSummary(
                    p.id,
                    p.display_name,
                    p.sex.value,
                    tuple(d.iso() for d in p.birth_dates),
                    p.nationalities,
                    p.owner_country,
                    p.restricted_to is not None,
                )
            )
        return out


def create_person(db: Database, actor: Actor, person: Person) -> Person:
    """A bureau records a person for its own country; the id and time are the system's."""
    authorize(actor, Action.PERSON_CREATE)
    if not may_record_person(actor) or actor.country is None:
        raise Forbidden("only a bureau records persons")
    person = replace(person, id=new_id(), owner_country=actor.country, created_at=utcnow())
    with db.transaction() as s:
        row = repo.to_row(person, actor.org_id)
        s.add(row)
        s.flush()
        record_event(
            s,
            actor,
            "person.created",
            "person",
            person.id,
            codec.to_json(person),
            summary={
                "owner_country": actor.country,
                "restricted": person.restricted_to is not None,
            },
        )
    return person


def record_behind(s: Session, actor: Actor, person: Person, now: datetime) -> Person:
    """Record the subject of a notice or diffusion, inside the caller's transaction, as an
    owner-only record: other bureaus reach it only through that notice or diffusion while it
    is served to them, never through a person search (a pending, refused or held request
    stays invisible)."""
    assert actor.country is not None
    p = replace(
        person, id=new_id(), owner_country=actor.country, created_at=now, restricted_to=frozenset()
    )
    s.add(repo.to_row(p, actor.org_id))
    s.flush()
    record_event(
        s,
        actor,
        "person.created",
        "person",
        p.id,
        codec.to_json(p),
        summary={"owner_country": actor.country, "restricted": True},
    )
    return p
