"""The formal extradition request file (ECE 1957 art. 12; docs/reference/extradition.md), as data.

The file is what the requesting state sends and what the requested state's authority decides on,
so it is kept as plain frozen values that round-trip exactly through JSON: the signed envelope
holds `file_to_dict`, and the checklist reads the same values back with `file_from_dict`.
Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

import pycountry


class RequestFileError(ValueError):
    """A request file that cannot be read; one readable message per bad field."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems) or "invalid request file")


@dataclass(frozen=True)
class Particulars:
    family_name: str
    given_names: str
    birth_date: str  # ISO 8601, partial allowed: "1980", "1980-05", "1980-05-17"
    nationalities: tuple[str, ...]  # ISO 3166 alpha-2
    sex: str  # "M" | "F" | "U"
    description: str = ""
    location: str = ""
    photo_refs: tuple[str, ...] = ()
    fingerprint_refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Warrant:
    kind: str  # "arrest_warrant" | "judgement"
    authority: str
    reference: str
    issued_on: date
    in_absentia: bool = False
    retrial_guaranteed: bool = False
    sentence_months: int | None = None
    sentence_remaining_months: int | None = None


@dataclass(frozen=True)
class Offence:
    ref: str
    title: str
    acts: str
    place: str
    place_country: str
    committed_on: date
    law_text: str
    max_penalty_months: int | None  # None = life imprisonment
    eaw_category: str | None = None  # one of eaw.OFFENCE_CATEGORIES
    requested_state_offence: str = ""  # dual criminality: "" = not shown
    requested_state_penalty_months: int | None = None
    limitation_ends: date | None = None
    nature: frozenset[str] = field(default_factory=frozenset)  # of NATURES
    punishable_by_death: bool = False


@dataclass(frozen=True)
class Assurances:
    death_penalty: bool = False
    fair_trial: bool = False
    prison_conditions: bool = False
    speciality: bool = False
    retrial: bool = False


@dataclass(frozen=True)
class RequestFile:
    person: Particulars
    warrant: Warrant
    offences: tuple[Offence, ...]
    assurances: Assurances
    limitation_rules: str = ""


WARRANT_KINDS: tuple[str, ...] = ("arrest_warrant", "judgement")
NATURES: frozenset[str] = frozenset({"political", "military", "fiscal"})
SEXES: tuple[str, ...] = ("M", "F", "U")


# Used with fullmatch: "$" would also match before a trailing newline ("1980\n").
_FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_PARTIAL_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?", re.ASCII)
T = TypeVar("T")


class FieldReader:
    """Reads one mapping, collecting a readable problem per bad field instead of stopping at
    the first, so that a form can show them all at once (eaw.py reads its form with it too)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems

    def mapping(self, data: Any, path: str, allowed: tuple[str, ...]) -> Mapping[str, Any] | None:
        if not isinstance(data, Mapping):
            self.problems.append(f"{path}: must be an object")
            return None
        for key in data:
            if key not in allowed:
                self.problems.append(
                    f"{path}.{key}: unknown field" if path else f"{key}: unknown field"
                )
        return data

    def _get(self, data: Mapping[str, Any], key: str, path: str, required: bool) -> Any:
        if key not in data or data[key] is None:
            if required:
                self.problems.append(f"{path}: required")
            return None
        return data[key]

    def text(self, data: Mapping[str, Any], key: str, path: str, *, required: bool = False) -> str:
        v = self._get(data, key, path, required)
        if v is None:
            return ""
        if not isinstance(v, str):
            self.problems.append(f"{path}: must be text")
            return ""
        if required and not v.strip():
            self.problems.append(f"{path}: must not be empty")
        return v

    def flag(self, data: Mapping[str, Any], key: str, path: str) -> bool:
        v = data.get(key, False)
        if not isinstance(v, bool):
            self.problems.append(f"{path}: must be true or false")
            return False
        return v

    def months(self, data: Mapping[str, Any], key: str, path: str) -> int | None:
        v = data.get(key)
        if v is None:
            return None
        if isinstance(v, bool) or not isinstance(v, int) or v < 0:
            self.problems.append(f"{path}: must be a whole number of months, 0 or more")
            return None
        return v

    def day(self, data: Mapping[str, Any], key: str, path: str, *, required: bool) -> date | None:
        v = self._get(data, key, path, required)
        if v is None:
            return None
        if isinstance(v, date) and not isinstance(v, datetime):
            return v
        if isinstance(v, str) and _FULL_DATE.fullmatch(v):
            try:
                return date.fromisoformat(v)
            except ValueError:
                pass
        self.problems.append(f"{path}: must be a date YYYY-MM-DD, got {v!r}")
        return None

    def texts(self, data: Mapping[str, Any], key: str, path: str) -> tuple[str, ...]:
        v = data.get(key)
        if v is None:  # only null or absent is "none": "", 0 or {} are errors
            return ()
        if not isinstance(v, list | tuple) or not all(isinstance(x, str) for x in v):
            self.problems.append(f"{path}: must be a list of texts")
            return ()
        return tuple(v)

    def countries(self, data: Mapping[str, Any], key: str, path: str) -> tuple[str, ...]:
        out: list[str] = []
        for i, code in enumerate(self.texts(data, key, path)):
            c = country(code)
            if c is None:
                self.problems.append(f"{path}[{i}]: unknown ISO 3166 country code {code!r}")
            elif c not in out:
                out.append(c)
        return tuple(out)

    def items(
        self, data: Mapping[str, Any], key: str, path: str, read: Callable[[Any, str], T]
    ) -> list[T]:
        v = data.get(key)
        if not isinstance(v, list | tuple) or not v:
            self.problems.append(f"{path}: at least one is required")
            return []
        return [read(x, f"{path}[{i}]") for i, x in enumerate(v)]


def country(code: str) -> str | None:
    """Alpha-2 (upper case) of an ISO 3166 alpha-2 or alpha-3 code, or None."""
    code = code.strip().upper()
    c = None
    if len(code) == 2:
        c = pycountry.countries.get(alpha_2=code)
    elif len(code) == 3:
        c = pycountry.countries.get(alpha_3=code)
    return None if c is None else str(c.alpha_2)


def partial_date_ok(v: str) -> bool:
    if not _PARTIAL_DATE.fullmatch(v):
        return False
    parts = [int(x) for x in v.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


_PERSON_FIELDS = (
    "family_name",
    "given_names",
    "birth_date",
    "nationalities",
    "sex",
    "description",
    "location",
    "photo_refs",
    "fingerprint_refs",
)
_WARRANT_FIELDS = (
    "kind",
    "authority",
    "reference",
    "issued_on",
    "in_absentia",
    "retrial_guaranteed",
    "sentence_months",
    "sentence_remaining_months",
)
_OFFENCE_FIELDS = (
    "ref",
    "title",
    "acts",
    "place",
    "place_country",
    "committed_on",
    "law_text",
    "max_penalty_months",
    "eaw_category",
    "requested_state_offence",
    "requested_state_penalty_months",
    "limitation_ends",
    "nature",
    "punishable_by_death",
)
_ASSURANCE_FIELDS = ("death_penalty", "fair_trial", "prison_conditions", "speciality", "retrial")
_FILE_FIELDS = ("person", "warrant", "offences", "assurances", "limitation_rules")


def _person(r: FieldReader, raw: Any, path: str) -> Particulars | None:
    d = r.mapping(raw, path, _PERSON_FIELDS)
    if d is None:
        return None
    birth = r.text(d, "birth_date", f"{path}.birth_date")
    if birth and not partial_date_ok(birth):
        r.problems.append(
            f"{path}.birth_date: must be YYYY, YYYY-MM or YYYY-MM-DD (a real date), got {birth!r}"
        )
    sex = r.text(d, "sex", f"{path}.sex") or "U"
    if sex not in SEXES:
        r.problems.append(f"{path}.sex: must be one of {', '.join(SEXES)}, got {sex!r}")
    return Particulars(
        family_name=r.text(d, "family_name", f"{path}.family_name", required=True),
        given_names=r.text(d, "given_names", f"{path}.given_names"),
        birth_date=birth,
        nationalities=r.countries(d, "nationalities", f"{path}.nationalities"),
        sex=sex,
        description=r.text(d, "description", f"{path}.description"),
        location=r.text(d, "location", f"{path}.location"),
        photo_refs=r.texts(d, "photo_refs", f"{path}.photo_refs"),
        fingerprint_refs=r.texts(d, "fingerprint_refs", f"{path}.fingerprint_refs"),
    )


def _warrant(r: FieldReader, raw: Any, path: str) -> Warrant | None:
    d = r.mapping(raw, path, _WARRANT_FIELDS)
    if d is None:
        return None
    kind = r.text(d, "kind", f"{path}.kind", required=True)
    if kind and kind not in WARRANT_KINDS:
        r.problems.append(f"{path}.kind: must be one of {', '.join(WARRANT_KINDS)}, got {kind!r}")
    sentence = r.months(d, "sentence_months", f"{path}.sentence_months")
    remaining = r.months(d, "sentence_remaining_months", f"{path}.sentence_remaining_months")
    if sentence is not None and remaining is not None and remaining > sentence:
        r.problems.append(
            f"{path}.sentence_remaining_months: {remaining} is more than the sentence ({sentence})"
        )
    if kind == "arrest_warrant" and (sentence is not None or remaining is not None):
        r.problems.append(f"{path}.sentence_months: an arrest warrant has no sentence")
    issued = r.day(d, "issued_on", f"{path}.issued_on", required=True)
    return Warrant(
        kind=kind,
        authority=r.text(d, "authority", f"{path}.authority", required=True),
        reference=r.text(d, "reference", f"{path}.reference", required=True),
        issued_on=issued or date.min,
        in_absentia=r.flag(d, "in_absentia", f"{path}.in_absentia"),
        retrial_guaranteed=r.flag(d, "retrial_guaranteed", f"{path}.retrial_guaranteed"),
        sentence_months=sentence,
        sentence_remaining_months=remaining,
    )


def _offence(r: FieldReader, raw: Any, path: str) -> Offence | None:
    d = r.mapping(raw, path, _OFFENCE_FIELDS)
    if d is None:
        return None
    place_country = r.text(d, "place_country", f"{path}.place_country", required=True)
    pc = country(place_country) if place_country else None
    if place_country and pc is None:
        r.problems.append(f"{path}.place_country: unknown ISO 3166 country code {place_country!r}")
    if "max_penalty_months" not in d:
        r.problems.append(f"{path}.max_penalty_months: required (null for life imprisonment)")
    max_penalty = r.months(d, "max_penalty_months", f"{path}.max_penalty_months")
    # Imported here: eaw.py imports this module (FieldReader) at its top.
    from xborder.extradition.eaw import OFFENCE_CATEGORIES

    category = d.get("eaw_category")
    if (
        isinstance(category, int)
        and not isinstance(category, bool)
        and 1 <= category <= len(OFFENCE_CATEGORIES)
    ):
        category = OFFENCE_CATEGORIES[category - 1]
    if category is not None and category not in OFFENCE_CATEGORIES:
        r.problems.append(
            f"{path}.eaw_category: not one of the 32 categories of FD 2002/584/JHA art. 2(2)"
            f" (their wording, or their number 1-32), got {category!r}"
        )
        category = None
    nature = r.texts(d, "nature", f"{path}.nature")
    bad = sorted(set(nature) - NATURES)
    if bad:
        r.problems.append(f"{path}.nature: unknown {bad}, allowed {sorted(NATURES)}")
    committed = r.day(d, "committed_on", f"{path}.committed_on", required=True)
    limitation = r.day(d, "limitation_ends", f"{path}.limitation_ends", required=False)
    if committed is not None and limitation is not None and limitation < committed:
        r.problems.append(
            f"{path}.limitation_ends: {limitation.isoformat()} is before the acts"
            f" ({committed.isoformat()})"
        )
    return Offence(
        ref=r.text(d, "ref", f"{path}.ref", required=True),
        title=r.text(d, "title", f"{path}.title", required=True),
        acts=r.text(d, "acts", f"{path}.acts"),
        place=r.text(d, "place", f"{path}.place"),
        place_country=pc or "",
        committed_on=committed or date.min,
        law_text=r.text(d, "law_text", f"{path}.law_text"),
        max_penalty_months=max_penalty,
        eaw_category=category,
        requested_state_offence=r.text(
            d, "requested_state_offence", f"{path}.requested_state_offence"
        ),
        requested_state_penalty_months=r.months(
            d, "requested_state_penalty_months", f"{path}.requested_state_penalty_months"
        ),
        limitation_ends=limitation,
        nature=frozenset(nature) & NATURES,
        punishable_by_death=r.flag(d, "punishable_by_death", f"{path}.punishable_by_death"),
    )


def file_from_dict(data: Mapping[str, Any]) -> RequestFile:
    """Read a request file from its JSON form; every bad field is reported at once."""
    problems: list[str] = []
    r = FieldReader(problems)
    d = r.mapping(data, "", _FILE_FIELDS)
    if d is None:
        raise RequestFileError(["the request file must be an object"])
    person = _person(r, d.get("person"), "person") if "person" in d else None
    if "person" not in d:
        problems.append("person: required")
    warrant = _warrant(r, d.get("warrant"), "warrant") if "warrant" in d else None
    if "warrant" not in d:
        problems.append("warrant: required")
    offences = r.items(d, "offences", "offences", lambda x, p: _offence(r, x, p))
    refs = [o.ref for o in offences if o is not None and o.ref]
    for ref in sorted({x for x in refs if refs.count(x) > 1}):
        problems.append(f"offences: the reference {ref!r} is used more than once")
    if warrant is not None and warrant.issued_on != date.min:
        for i, o in enumerate(offences):
            if o is not None and o.committed_on != date.min and o.committed_on > warrant.issued_on:
                problems.append(
                    f"offences[{i}].committed_on: {o.committed_on.isoformat()} is after the"
                    f" warrant or judgement ({warrant.issued_on.isoformat()})"
                )
    a = r.mapping(d.get("assurances", {}), "assurances", _ASSURANCE_FIELDS) or {}
    assurances = Assurances(**{k: r.flag(a, k, f"assurances.{k}") for k in _ASSURANCE_FIELDS})
    limitation_rules = r.text(d, "limitation_rules", "limitation_rules")
    if problems or person is None or warrant is None:
        raise RequestFileError(problems)
    return RequestFile(
        person=person,
        warrant=warrant,
        offences=tuple(o for o in offences if o is not None),
        assurances=assurances,
        limitation_rules=limitation_rules,
    )


def file_to_dict(f: RequestFile) -> dict[str, Any]:
    """The JSON form (dates ISO 8601, sets as sorted lists); `file_from_dict` reads it back
    to an equal file."""
    p, w = f.person, f.warrant
    return {
        "person": {
            "family_name": p.family_name,
            "given_names": p.given_names,
            "birth_date": p.birth_date,
            "nationalities": list(p.nationalities),
            "sex": p.sex,
            "description": p.description,
            "location": p.location,
            "photo_refs": list(p.photo_refs),
            "fingerprint_refs": list(p.fingerprint_refs),
        },
        "warrant": {
            "kind": w.kind,
            "authority": w.authority,
            "reference": w.reference,
            "issued_on": w.issued_on.isoformat(),
            "in_absentia": w.in_absentia,
            "retrial_guaranteed": w.retrial_guaranteed,
            "sentence_months": w.sentence_months,
            "sentence_remaining_months": w.sentence_remaining_months,
        },
        "offences": [
            {
                "ref": o.ref,
                "title": o.title,
                "acts": o.acts,
                "place": o.place,
                "place_country": o.place_country,
                "committed_on": o.committed_on.isoformat(),
                "law_text": o.law_text,
                "max_penalty_months": o.max_penalty_months,
                "eaw_category": o.eaw_category,
                "requested_state_offence": o.requested_state_offence,
                "requested_state_penalty_months": o.requested_state_penalty_months,
                "limitation_ends": None
                if o.limitation_ends is None
                else o.limitation_ends.isoformat(),
                "nature": sorted(o.nature),
                "punishable_by_death": o.punishable_by_death,
            }
            for o in f.offences
        ],
        "assurances": {k: getattr(f.assurances, k) for k in _ASSURANCE_FIELDS},
        "limitation_rules": f.limitation_rules,
    }


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip()) or v == [] or v == ()


def missing_for_provisional_arrest(data: Mapping[str, Any]) -> list[str]:
    """What the urgent request lacks of its minimum (ECE art. 16(2)): the existence of a warrant
    or judgement, the offence with its time and place, and the person as far as known. Works on
    the raw (possibly partial) mapping, since an urgent request is sent before the file is
    complete."""
    ref = "ECE art. 16(2)"
    out: list[str] = []
    person = data.get("person")
    person = person if isinstance(person, Mapping) else {}
    if _blank(person.get("family_name")):
        out.append(f"person.family_name: the person's name ({ref})")
    if _blank(person.get("birth_date")) and _blank(person.get("description")):
        out.append(
            f"person.birth_date or person.description: something to identify the person ({ref})"
        )
    warrant = data.get("warrant")
    warrant = warrant if isinstance(warrant, Mapping) else {}
    for key, what in (
        ("kind", "whether an arrest warrant or a judgement exists"),
        ("authority", "the authority that issued it"),
        ("reference", "its reference"),
        ("issued_on", "its date"),
    ):
        if _blank(warrant.get(key)):
            out.append(f"warrant.{key}: {what} ({ref})")
    offences = data.get("offences")
    if not isinstance(offences, list | tuple) or not offences:
        out.append(f"offences: at least one offence ({ref})")
        return out
    for i, o in enumerate(offences):
        o = o if isinstance(o, Mapping) else {}
        for key, what in (
            ("title", "the offence"),
            ("committed_on", "when it was committed"),
            ("place", "where it was committed"),
            ("place_country", "in which country"),
        ):
            if _blank(o.get(key)):
                out.append(f"offences[{i}].{key}: {what} ({ref})")
    return out


def missing_for_formal_request(f: RequestFile) -> list[str]:
    """What ECE art. 12(2) asks of the formal request that this file does not give. Photographs
    and fingerprints are asked for "where available" and are not required here."""
    out: list[str] = []
    p, w = f.person, f.warrant
    if not p.given_names.strip():
        out.append("person.given_names: the person's given names (ECE art. 12(2)(c))")
    if not p.birth_date and not p.description.strip():
        out.append(
            "person.birth_date or person.description: a description of the person"
            " (ECE art. 12(2)(c))"
        )
    if not p.nationalities:
        out.append("person.nationalities: information establishing nationality (ECE art. 12(2)(c))")
    if w.kind == "judgement":
        if w.sentence_months is None:
            out.append("warrant.sentence_months: the sentence imposed (ECE art. 12(2)(a))")
        if w.sentence_remaining_months is None:
            out.append(
                "warrant.sentence_remaining_months: the part of the sentence to be served"
                " (ECE art. 12(2)(a))"
            )
    for o in f.offences:
        at = f"offences[{o.ref}]"
        if not o.acts.strip():
            out.append(f"{at}.acts: a statement of the acts (ECE art. 12(2)(b))")
        if not o.place.strip():
            out.append(f"{at}.place: where the offence was committed (ECE art. 12(2)(b))")
        if not o.law_text.strip():
            out.append(f"{at}.law_text: the text of the law applied (ECE art. 12(2)(c))")
    if not f.limitation_rules.strip() and any(o.limitation_ends is None for o in f.offences):
        out.append(
            "limitation_rules: the rules on limitation, or when each offence's limitation ends"
            " (docs/reference/extradition.md; ECE art. 10)"
        )
    return out
