"""JSON form of a person, shared by the API, the twin files and the demo loader.

Names keep their script, language, kind and transliteration system; dates are ISO 8601 with
reduced precision (`1980`, `1980-05`) or intervals (`1978/1982`).
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from xborder.kernel.clock import as_utc
from xborder.kernel.countries import normalise_country
from xborder.kernel.dates import parse_birth_date
from xborder.kernel.errors import Invalid
from xborder.kernel.names import NameKind, PersonName
from xborder.persons.domain import (
    DocumentKind,
    IdentityDocument,
    Person,
    PhysicalDescription,
    Sex,
    language_code,
)


def name_to_json(n: PersonName) -> dict[str, Any]:
    d = asdict(n)
    d["kind"] = n.kind.value
    return {k: v for k, v in d.items() if v != ""}


def to_json(p: Person) -> dict[str, Any]:
    return {
        "id": p.id,
        "owner_country": p.owner_country,
        "names": [name_to_json(n) for n in p.names],
        "sex": p.sex.value,
        "birth_dates": [d.iso() for d in p.birth_dates],
        "place_of_birth": p.place_of_birth,
        "country_of_birth": p.country_of_birth,
        "nationalities": list(p.nationalities),
        "languages": list(p.languages),
        "description": asdict(p.description),
        "documents": [{**asdict(d), "kind": d.kind.value} for d in p.documents],
        "restricted_to": sorted(p.restricted_to) if p.restricted_to is not None else None,
        "source": p.source,
        "external_ref": p.external_ref,
        "created_at": as_utc(p.created_at).isoformat() if p.created_at else None,
    }


def _c(code: str) -> str:
    """Accept alpha-2 or alpha-3 in any case; store alpha-2 upper case."""
    return normalise_country(str(code))


def _country(code: str | None) -> str | None:
    return _c(code) if code else None


def from_json(d: dict[str, Any]) -> Person:
    """Build a person from untrusted JSON; any problem is an `Invalid` naming the field."""
    try:
        names = tuple(
            PersonName(
                full=n["full"],
                given=n.get("given", ""),
                family=n.get("family", ""),
                patronymic=n.get("patronymic", ""),
                script=n.get("script", "Latn"),
                lang=n.get("lang", ""),
                kind=NameKind(n.get("kind", "primary")),
                system=n.get("system", ""),
            )
            for n in d["names"]
        )
        created = d.get("created_at")
        return Person(
            id=d.get("id") or "new",
            owner_country=d.get("owner_country") or "FR",
            names=names,
            sex=Sex(d.get("sex", "U")),
            birth_dates=tuple(parse_birth_date(x) for x in d.get("birth_dates", [])),
            place_of_birth=d.get("place_of_birth") or "",
            country_of_birth=_country(d.get("country_of_birth")),
            nationalities=tuple(dict.fromkeys(_c(c) for c in d.get("nationalities", []))),
            languages=tuple(language_code(x) for x in d.get("languages", [])),
            description=PhysicalDescription(**(d.get("description") or {})),
            documents=tuple(
                IdentityDocument(
                    DocumentKind(x["kind"]), x["number"], _c(x["issuing_country"]), x.get("expires")
                )
                for x in d.get("documents", [])
            ),
            restricted_to=(
                frozenset(_c(c) for c in d["restricted_to"])
                if d.get("restricted_to") is not None
                else None
            ),
            source=d.get("source") or "bureau",
            external_ref=d.get("external_ref"),
            created_at=datetime.fromisoformat(created) if created else None,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise Invalid(f"malformed person: {exc}") from None
