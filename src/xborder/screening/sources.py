"""Where screenable records come from: published notices (their subjects) and imported lists
in FollowTheMoney form. Turns each into a `Subject` and the `EntryMeta` the service filters on
(who may see it) and answers with. Pure apart from the row types it reads."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from xborder.kernel.countries import normalise_country
from xborder.kernel.errors import Invalid
from xborder.persons.domain import Person
from xborder.screening.model import NameForm, Subject

NOTICES = "notices"
DEFAULT = "default"
DATASET_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")
# FollowTheMoney schemata we index (a person or an entity that has names).
SCREENABLE_SCHEMATA = frozenset({"Person", "LegalEntity", "Organization", "Company"})
_NAME_PROPS = ("name", "alias", "previousName")
_MAX_VALUES = 50  # per property: a list entry is not an essay


@dataclass(frozen=True, slots=True)
class EntryMeta:
    """What the service needs about a record besides its names: where it comes from, who may
    see it, and how to present it (FollowTheMoney properties as lists of strings)."""

    dataset: str
    ref: str  # notice id, or the list entity's id
    caption: str
    schema: str = "Person"
    owner_country: str | None = None  # notices: the requesting country
    restricted_to: frozenset[str] | None = None  # notices: dissemination restriction
    flagged_by: frozenset[str] = frozenset()  # countries that will not act on it
    number: str | None = None  # notices: the control number
    notice_type: str | None = None
    properties: dict[str, list[str]] = field(default_factory=dict)


def check_dataset_name(name: str) -> str:
    if not DATASET_NAME.match(name) or name in (DEFAULT, NOTICES):
        raise Invalid(
            "a list's dataset name is 1-60 lower-case letters, digits, - or _, and not"
            f" {DEFAULT!r} or {NOTICES!r}",
            field="dataset",
        )
    return name


# --- notices -----------------------------------------------------------------------------------


def notice_subject(entry_id: str, person: Person) -> Subject:
    return Subject(
        id=entry_id,
        names=tuple(
            NameForm(
                full=n.full,
                script=n.script,
                lang=n.lang,
                given=n.given,
                family=n.family,
                patronymic=n.patronymic,
            )
            for n in person.names
        ),
        birth_dates=tuple(d.iso() for d in person.birth_dates),
        nationalities=person.nationalities,
        sex=person.sex.value,
    )


def notice_properties(person: Person, notice_type: str) -> dict[str, list[str]]:
    """The subject as FollowTheMoney `Person` properties (what a yente client reads)."""
    names = [n.full for n in person.names]
    props: dict[str, list[str]] = {
        "name": names[:1],
        "alias": names[1:],
        "birthDate": [d.iso() for d in person.birth_dates],
        "nationality": [c.lower() for c in person.nationalities],
        "gender": [{"M": "male", "F": "female"}[person.sex.value]]
        if person.sex.value in ("M", "F")
        else [],
        "topics": ["wanted"] if notice_type == "red" else ["crime"],
    }
    return {k: v for k, v in props.items() if v}


# --- FollowTheMoney entities ---------------------------------------------------------------------


def parse_ftm(obj: Any) -> tuple[str, str, dict[str, list[str]]]:
    """(id, schema, properties) of one FtM entity; `Invalid` says what is wrong."""
    if not isinstance(obj, dict):
        raise Invalid("an entity is a JSON object")
    eid, schema, props = obj.get("id"), obj.get("schema"), obj.get("properties", {})
    if not isinstance(eid, str) or not 0 < len(eid) <= 200:
        raise Invalid("an entity needs an `id` of 1-200 characters")
    if not isinstance(schema, str) or not 0 < len(schema) <= 40:
        raise Invalid(f"entity {eid}: needs a `schema` of 1-40 characters")
    if not isinstance(props, dict):
        raise Invalid(f"entity {eid}: `properties` is an object of lists of strings")
    clean: dict[str, list[str]] = {}
    for k, values in props.items():
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise Invalid(f"entity {eid}: property {k!r} is a list of strings")
        kept = [v.strip()[:500] for v in values[:_MAX_VALUES] if v.strip()]
        if kept:
            clean[str(k)[:60]] = kept
    return eid, schema, clean


def country_or_none(code: str) -> str | None:
    try:
        return normalise_country(code)
    except Invalid:
        return None  # FtM also has historic codes (suhh, yucs): not screenable by country


def ftm_subject(entry_id: str, schema: str, props: dict[str, list[str]]) -> Subject | None:
    """The screenable form of a listed entity, or None when it has no name."""
    names = [NameForm(full=v) for p in _NAME_PROPS for v in props.get(p, [])]
    first, last = props.get("firstName", []), props.get("lastName", [])
    middle, father = props.get("middleName", []), props.get("fatherName", [])
    for f in first[:3]:
        for la in last[:3]:
            parts = [f, *middle[:1], la]
            names.append(
                NameForm(
                    full=" ".join(parts),
                    given=f,
                    family=la,
                    patronymic=father[0] if father else "",
                )
            )
    unique: dict[str, NameForm] = {}
    for n in names:
        unique.setdefault(n.full, n)
    if not unique:
        return None
    gender = (props.get("gender") or [""])[0].lower()
    nats = [
        c
        for v in props.get("nationality", []) + props.get("citizenship", [])
        if (c := country_or_none(v))
    ]
    return Subject(
        id=entry_id,
        names=tuple(list(unique.values())[:20]),
        birth_dates=tuple(d for d in props.get("birthDate", []) if _date_ok(d)),
        nationalities=tuple(dict.fromkeys(nats)),
        sex={"male": "M", "female": "F"}.get(gender, "U"),
        schema=schema,
    )


def _date_ok(text: str) -> bool:
    return bool(re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text))


def caption_of(props: dict[str, list[str]], fallback: str) -> str:
    for p in ("name", "alias", "lastName"):
        if props.get(p):
            return props[p][0][:500]
    return fallback
