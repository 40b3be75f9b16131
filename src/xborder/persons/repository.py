"""Adapter between `Person` and its rows, with the visibility rule as a SQL filter.

The filter mirrors `identity.policy.can_see` exactly; the policy decides *who* sees *what*,
this module only says it in SQL.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy import ColumnElement, literal, select
from sqlalchemy.orm import Session

from xborder.identity.policy import Visibility, person_rule
from xborder.kernel.dates import parse_birth_date
from xborder.kernel.names import NameKind, PersonName
from xborder.names import fold, latin_variants
from xborder.persons.domain import (
    DocumentKind,
    IdentityDocument,
    Person,
    PhysicalDescription,
    Sex,
    match_keys,
)
from xborder.persons.tables import PersonMatchKeyRow, PersonNameRow, PersonRestrictionRow, PersonRow


def visible(visibility: Visibility) -> ColumnElement[bool]:
    """`identity.policy.person_rule` as the query's filter."""
    return person_rule(visibility).sql(PersonRow)


def search_key(name: PersonName) -> str:
    """ASCII words a person may type for this name: its folded form and, for other scripts,
    the folds of the Latin spellings it is usually found in (so `chaikovsk` finds Чайковский).
    """
    keys = [fold(name.full)]
    if name.script != "Latn":
        keys += [fold(v) for _, v in latin_variants([name.full], name.script, name.lang)]
    return " ".join(dict.fromkeys(k for k in keys if k))[:400]


def name_rows(person: Person) -> list[PersonNameRow]:
    return [
        PersonNameRow(
            position=i,
            full=n.full,
            given=n.given,
            family=n.family,
            patronymic=n.patronymic,
            script=n.script,
            lang=n.lang,
            kind=n.kind.value,
            system=n.system,
            folded=search_key(n),
        )
        for i, n in enumerate(person.names)
    ]


def to_row(person: Person, owner_org_id: str) -> PersonRow:
    assert person.created_at is not None
    return PersonRow(
        id=person.id,
        owner_org_id=owner_org_id,
        owner_country=person.owner_country,
        restricted=person.restricted_to is not None,
        sex=person.sex.value,
        birth_dates=[d.iso() for d in person.birth_dates],
        place_of_birth=person.place_of_birth,
        country_of_birth=person.country_of_birth,
        nationalities=list(person.nationalities),
        languages=list(person.languages),
        description=asdict(person.description),
        documents=[asdict(d) for d in person.documents],
        source=person.source,
        external_ref=person.external_ref,
        created_at=person.created_at,
        updated_at=person.created_at,
        names=name_rows(person),
        match_keys=[PersonMatchKeyRow(key=k) for k in sorted(match_keys(person))],
        restrictions=[PersonRestrictionRow(country=c) for c in sorted(person.restricted_to or ())],
    )


def from_row(row: PersonRow) -> Person:
    def document(d: dict[str, Any]) -> IdentityDocument:
        return IdentityDocument(
            kind=DocumentKind(d["kind"]),
            number=d["number"],
            issuing_country=d["issuing_country"],
            expires=d.get("expires"),
        )

    return Person(
        id=row.id,
        owner_country=row.owner_country,
        names=tuple(
            PersonName(
                full=n.full,
                given=n.given,
                family=n.family,
                patronymic=n.patronymic,
                script=n.script,
                lang=n.lang,
                kind=NameKind(n.kind),
                system=n.system,
            )
            for n in row.names
        ),
        sex=Sex(row.sex),
        birth_dates=tuple(parse_birth_date(d) for d in row.birth_dates),
        place_of_birth=row.place_of_birth,
        country_of_birth=row.country_of_birth,
        nationalities=tuple(row.nationalities),
        languages=tuple(row.languages),
        description=PhysicalDescription(**row.description),
        documents=tuple(document(d) for d in row.documents),
        restricted_to=frozenset(r.country for r in row.restrictions) if row.restricted else None,
        source=row.source,
        external_ref=row.external_ref,
        created_at=row.created_at,
    )


def get_visible(session: Session, visibility: Visibility, person_id: str) -> PersonRow | None:
    return session.scalar(select(PersonRow).where(PersonRow.id == person_id, visible(visibility)))


def search_by_name(
    session: Session, visibility: Visibility, query: str, limit: int
) -> list[PersonRow]:
    """Persons with a name in which every query word starts a word (folded to ASCII).

    A plain scan with LIKE: good enough for lookups by hand; screening has its own index.
    """
    words = fold(query).split()
    if not words:
        return []
    padded = literal(" ") + PersonNameRow.folded
    matching = select(PersonNameRow.person_id).where(*[padded.like(f"% {w}%") for w in words])
    q = (
        select(PersonRow)
        .where(PersonRow.id.in_(matching), visible(visibility))
        .order_by(PersonRow.created_at.desc(), PersonRow.id)
        .limit(limit)
    )
    return list(session.scalars(q))
