"""A person's identity particulars (docs/reference/notices.md, Red Notice content), free of I/O."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

import pycountry

from xborder.kernel.countries import normalise_country
from xborder.kernel.dates import BirthDate
from xborder.kernel.errors import Invalid
from xborder.kernel.names import NameKind, PersonName


class Sex(StrEnum):
    MALE = "M"
    FEMALE = "F"
    UNKNOWN = "U"


class DocumentKind(StrEnum):
    PASSPORT = "passport"
    NATIONAL_ID = "national_id"
    DRIVING_LICENCE = "driving_licence"
    RESIDENCE_PERMIT = "residence_permit"
    OTHER = "other"


@dataclass(frozen=True)
class IdentityDocument:
    kind: DocumentKind
    number: str
    issuing_country: str
    expires: str | None = None  # ISO date, as printed on the document

    def __post_init__(self) -> None:
        if not self.number.strip():
            raise Invalid("an identity document needs a number")
        normalise_country(self.issuing_country)


@dataclass(frozen=True)
class PhysicalDescription:
    """Codes follow the public notices API (eyes `BRO`, hair `BLA`); units are m and kg."""

    height_m: float | None = None
    weight_kg: float | None = None
    eye_colour: str | None = None
    hair_colour: str | None = None
    distinguishing_marks: str = ""

    def __post_init__(self) -> None:
        if self.height_m is not None and not 0.3 <= self.height_m <= 2.8:
            raise Invalid("height must be given in metres (0.3-2.8)")
        if self.weight_kg is not None and not 1 <= self.weight_kg <= 400:
            raise Invalid("weight must be given in kilograms (1-400)")


def _alpha2(code: str) -> None:
    """Stored codes are ISO alpha-2 upper case; interfaces normalise before building."""
    if normalise_country(code) != code:
        raise Invalid(f"country codes are stored as ISO alpha-2 (got {code!r})")


def language_code(code: str) -> str:
    """Languages are ISO 639-3, upper case as in the public notices API (`ENG`, `RUS`)."""
    lang = pycountry.languages.get(alpha_3=code.lower())
    if lang is None and len(code) == 2:
        lang = pycountry.languages.get(alpha_2=code.lower())
    if lang is None:
        raise Invalid(f"unknown ISO 639 language code: {code!r}")
    return str(lang.alpha_3).upper()


@dataclass(frozen=True)
class Person:
    """The record of a person as a bureau entered it.

    `owner_country` is the bureau that owns the data (it decides on disclosure);
    `restricted_to` is None when every member may see the record, else the set of countries
    the owner chose (its own country always sees it).
    """

    id: str
    owner_country: str
    names: tuple[PersonName, ...]
    sex: Sex = Sex.UNKNOWN
    birth_dates: tuple[BirthDate, ...] = ()
    place_of_birth: str = ""
    country_of_birth: str | None = None
    nationalities: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    description: PhysicalDescription = field(default_factory=PhysicalDescription)
    documents: tuple[IdentityDocument, ...] = ()
    restricted_to: frozenset[str] | None = None
    source: str = "bureau"
    external_ref: str | None = None
    created_at: datetime | None = None

    def __post_init__(self) -> None:
        if not self.names:
            raise Invalid("a person needs at least one name")
        if not any(n.kind == NameKind.PRIMARY for n in self.names):
            raise Invalid("a person needs a primary name")
        _alpha2(self.owner_country)
        for c in self.nationalities:
            _alpha2(c)
        if self.country_of_birth:
            _alpha2(self.country_of_birth)
        for c in self.restricted_to or ():
            _alpha2(c)
        for d in self.documents:
            _alpha2(d.issuing_country)

    @property
    def primary_name(self) -> PersonName:
        return next(n for n in self.names if n.kind == NameKind.PRIMARY)

    @property
    def display_name(self) -> str:
        """A Latin form for lists when there is one, else the primary form."""
        primary = self.primary_name
        if primary.script == "Latn":
            return primary.full
        latin = next((n for n in self.names if n.script == "Latn"), None)
        return f"{latin.full} ({primary.full})" if latin else primary.full


def match_keys(person: Person) -> set[str]:
    """Order-free folded keys for every name and its usual Latin spellings: two records that
    share one are candidates for being the same person (then dates decide). Deliberately
    simple (screening has the real matcher): it must not miss a refugee whose name a request
    spells in another script or order."""
    return name_match_keys((n.full, n.script, n.lang) for n in person.names)


def name_match_keys(names: Iterable[tuple[str, str, str]]) -> set[str]:
    """`match_keys` of (full name, script, language) triples (also used by the migration that
    fills the keys of records made before they existed)."""
    from xborder.names.scripts import fold
    from xborder.names.transliterate import latin_variants

    keys: set[str] = set()
    for full, script, lang in names:
        forms = [full]
        if script != "Latn":
            forms += [v for _, v in latin_variants([full], script, lang)]
        for f in forms:
            words = sorted(fold(f).split())
            if words:
                keys.add(" ".join(words)[:400])
    return keys
