"""The formal request file: exact JSON round trip, one readable problem per bad field, and
what the provisional arrest and the formal request (ECE arts. 16(2), 12) still lack."""

from __future__ import annotations

import json
from copy import deepcopy
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xborder.extradition.eaw import OFFENCE_CATEGORIES
from xborder.extradition.requestfile import (
    Assurances,
    Offence,
    Particulars,
    RequestFile,
    RequestFileError,
    Warrant,
    file_from_dict,
    file_to_dict,
    missing_for_formal_request,
    missing_for_provisional_arrest,
)


def sample_dict(**changes: Any) -> dict[str, Any]:
    """A complete formal request file (French warrant, fraud in Lyon, an offence of 5 years)."""
    d: dict[str, Any] = {
        "person": {
            "family_name": "Moreau",
            "given_names": "Luc Henri",
            "birth_date": "1980-05-17",
            "nationalities": ["FR"],
            "sex": "M",
            "description": "1.82 m, scar on the left hand",
            "location": "Madrid",
            "photo_refs": ["doc:photo-1"],
            "fingerprint_refs": ["doc:fp-1"],
        },
        "warrant": {
            "kind": "arrest_warrant",
            "authority": "Juge d'instruction, Tribunal judiciaire de Lyon",
            "reference": "LYON-2027-0042",
            "issued_on": "2027-11-03",
        },
        "offences": [
            {
                "ref": "o1",
                "title": "Escroquerie en bande organisée",
                "acts": "Sold 40 non-existent cars through a fake dealership, 2026-2027.",
                "place": "Lyon",
                "place_country": "FR",
                "committed_on": "2027-03-01",
                "law_text": "Code pénal art. 313-2: ten years' imprisonment",
                "max_penalty_months": 120,
                "eaw_category": "swindling",
                "requested_state_offence": "Estafa (Código Penal art. 250)",
                "requested_state_penalty_months": 72,
                "limitation_ends": "2033-03-01",
            }
        ],
        "assurances": {"speciality": True},
        "limitation_rules": "Code de procédure pénale art. 8: six years from the acts.",
    }
    for key, value in changes.items():
        d[key] = value
    return d


def sample_file(**changes: Any) -> RequestFile:
    return file_from_dict(sample_dict(**changes))


def test_round_trip_through_json_text() -> None:
    f = sample_file()
    text = json.dumps(file_to_dict(f))
    assert file_from_dict(json.loads(text)) == f
    assert f.offences[0].committed_on == date(2027, 3, 1)
    assert f.offences[0].eaw_category == "swindling"
    assert f.assurances == Assurances(speciality=True)


def test_codes_normalised_and_category_by_number() -> None:
    d = sample_dict()
    d["person"]["nationalities"] = ["fra", "FR", "es"]
    d["offences"][0]["place_country"] = "fr"
    d["offences"][0]["eaw_category"] = 20
    f = file_from_dict(d)
    assert f.person.nationalities == ("FR", "ES")
    assert f.offences[0].place_country == "FR"
    assert f.offences[0].eaw_category == OFFENCE_CATEGORIES[19] == "swindling"


def test_every_bad_field_is_reported_at_once() -> None:
    d = sample_dict()
    d["person"]["family_name"] = ""
    d["person"]["birth_date"] = "1980-13"
    d["person"]["nationalities"] = ["XX"]
    d["person"]["sex"] = "male"
    d["warrant"]["kind"] = "summons"
    d["warrant"]["issued_on"] = "03/11/2027"
    d["offences"][0]["max_penalty_months"] = -1
    d["offences"][0]["eaw_category"] = "shoplifting"
    d["offences"][0]["nature"] = ["religious"]
    d["offences"][0]["punishable_by_death"] = "no"
    d["assurances"] = {"death_penalty": "yes"}
    d["extra"] = 1
    with pytest.raises(RequestFileError) as exc:
        file_from_dict(d)
    problems = exc.value.problems
    for path in (
        "person.family_name:",
        "person.birth_date:",
        "person.nationalities[0]:",
        "person.sex:",
        "warrant.kind:",
        "warrant.issued_on:",
        "offences[0].max_penalty_months:",
        "offences[0].eaw_category:",
        "offences[0].nature:",
        "offences[0].punishable_by_death:",
        "assurances.death_penalty:",
        "extra: unknown field",
    ):
        assert any(p.startswith(path) for p in problems), (path, problems)
    assert len(problems) == 12
    assert "person.sex" in str(exc.value)


def test_structure_problems() -> None:
    with pytest.raises(RequestFileError) as exc:
        file_from_dict({"offences": []})
    assert set(exc.value.problems) >= {
        "person: required",
        "warrant: required",
        "offences: at least one is required",
    }
    d = sample_dict()
    d["offences"].append(deepcopy(d["offences"][0]))
    del d["offences"][1]["max_penalty_months"]
    with pytest.raises(RequestFileError) as exc:
        file_from_dict(d)
    assert "offences: the reference 'o1' is used more than once" in exc.value.problems
    assert any(p.startswith("offences[1].max_penalty_months: required") for p in exc.value.problems)


@pytest.mark.parametrize("birth", ["1980\n", "1980-05\n", "1980-05-17\n", "١٩٨٠"])
def test_a_date_with_a_trailing_newline_or_other_digits_is_refused(birth: str) -> None:
    """`$` matches before a final newline: the patterns must match the whole text."""
    d = sample_dict()
    d["person"]["birth_date"] = birth
    with pytest.raises(RequestFileError, match=r"person\.birth_date"):
        file_from_dict(d)
    d = sample_dict()
    d["warrant"]["issued_on"] = "2027-11-03\n"
    with pytest.raises(RequestFileError, match=r"warrant\.issued_on: must be a date"):
        file_from_dict(d)


def test_dates_in_an_impossible_order_are_refused() -> None:
    d = sample_dict()
    d["offences"][0]["committed_on"] = "2027-11-04"  # the warrant is of 2027-11-03
    with pytest.raises(RequestFileError) as exc:
        file_from_dict(d)
    assert exc.value.problems == [
        "offences[0].committed_on: 2027-11-04 is after the warrant or judgement (2027-11-03)"
    ]
    d = sample_dict()
    d["offences"][0]["committed_on"] = "2027-11-03"  # the same day is possible
    assert file_from_dict(d).offences[0].committed_on == date(2027, 11, 3)
    d = sample_dict()
    d["offences"][0]["limitation_ends"] = "2027-02-28"  # the acts are of 2027-03-01
    with pytest.raises(RequestFileError) as exc:
        file_from_dict(d)
    assert exc.value.problems == [
        "offences[0].limitation_ends: 2027-02-28 is before the acts (2027-03-01)"
    ]


@pytest.mark.parametrize("empty", ["", 0, {}, False])
def test_only_null_is_an_empty_list(empty: object) -> None:
    d = sample_dict()
    d["person"]["photo_refs"] = empty
    with pytest.raises(RequestFileError, match=r"person\.photo_refs: must be a list of texts"):
        file_from_dict(d)
    d["person"]["photo_refs"] = None
    assert file_from_dict(d).person.photo_refs == ()


def test_life_imprisonment_is_null_penalty() -> None:
    d = sample_dict()
    d["offences"][0]["max_penalty_months"] = None
    assert file_from_dict(d).offences[0].max_penalty_months is None


def test_sentence_rules() -> None:
    d = sample_dict()
    d["warrant"].update(sentence_months=12)
    with pytest.raises(RequestFileError, match="an arrest warrant has no sentence"):
        file_from_dict(d)
    d["warrant"].update(kind="judgement", sentence_months=12, sentence_remaining_months=18)
    with pytest.raises(RequestFileError, match="more than the sentence"):
        file_from_dict(d)


def test_missing_for_formal_request() -> None:
    assert missing_for_formal_request(sample_file()) == []
    d = sample_dict(limitation_rules="")
    d["person"].update(given_names="", birth_date="", description="", nationalities=[])
    d["warrant"].update(kind="judgement")
    d["offences"][0].update(acts=" ", place="", law_text="", limitation_ends=None)
    missing = missing_for_formal_request(file_from_dict(d))
    heads = [m.split(":")[0] for m in missing]
    assert heads == [
        "person.given_names",
        "person.birth_date or person.description",
        "person.nationalities",
        "warrant.sentence_months",
        "warrant.sentence_remaining_months",
        "offences[o1].acts",
        "offences[o1].place",
        "offences[o1].law_text",
        "limitation_rules",
    ]
    assert all("ECE" in m or "docs/reference/extradition.md" in m for m in missing)


def test_limitation_shown_per_offence_is_enough() -> None:
    f = sample_file(limitation_rules="")
    assert f.offences[0].limitation_ends is not None
    assert missing_for_formal_request(f) == []


def test_missing_for_provisional_arrest() -> None:
    minimal = {
        "person": {"family_name": "Moreau", "birth_date": "1980"},
        "warrant": {
            "kind": "arrest_warrant",
            "authority": "TJ Lyon",
            "reference": "R1",
            "issued_on": "2027-11-03",
        },
        "offences": [
            {"title": "Fraud", "committed_on": "2027-03-01", "place": "Lyon", "place_country": "FR"}
        ],
    }
    assert missing_for_provisional_arrest(minimal) == []
    assert missing_for_provisional_arrest(sample_dict()) == []
    lacking = missing_for_provisional_arrest({"person": {"family_name": ""}, "offences": [{}]})
    heads = [m.split(":")[0] for m in lacking]
    assert heads == [
        "person.family_name",
        "person.birth_date or person.description",
        "warrant.kind",
        "warrant.authority",
        "warrant.reference",
        "warrant.issued_on",
        "offences[0].title",
        "offences[0].committed_on",
        "offences[0].place",
        "offences[0].place_country",
    ]
    assert missing_for_provisional_arrest({})[-1].startswith("offences: at least one")


# --- property: any valid file survives the JSON round trip unchanged --------------------------

_text = st.text(st.characters(codec="utf-8"), max_size=30)
_days = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
_months = st.none() | st.integers(min_value=0, max_value=2000)
_codes = st.sampled_from(["FR", "DE", "US", "GB", "JP", "NZ", "BR", "RU"])


@st.composite
def _files(draw: st.DrawFn) -> RequestFile:
    judgement = draw(st.booleans())
    sentence = draw(st.integers(0, 600)) if judgement else None
    remaining = draw(st.none() | st.integers(0, sentence)) if sentence is not None else None
    refs = draw(
        st.lists(st.text("abc123", min_size=1, max_size=4), min_size=1, max_size=3, unique=True)
    )
    issued = draw(_days)
    # The acts precede the warrant; limitation ends after the acts.
    committed = {ref: draw(st.dates(min_value=date(1900, 1, 1), max_value=issued)) for ref in refs}
    return RequestFile(
        person=Particulars(
            family_name=draw(_text.filter(lambda s: bool(s.strip()))),
            given_names=draw(_text),
            birth_date=draw(st.sampled_from(["", "1980", "1980-05", "1980-05-17", "2000-02-29"])),
            nationalities=tuple(draw(st.lists(_codes, max_size=3, unique=True))),
            sex=draw(st.sampled_from(["M", "F", "U"])),
            description=draw(_text),
            location=draw(_text),
            photo_refs=tuple(draw(st.lists(_text, max_size=2))),
            fingerprint_refs=tuple(draw(st.lists(_text, max_size=2))),
        ),
        warrant=Warrant(
            kind="judgement" if judgement else "arrest_warrant",
            authority=draw(_text.filter(lambda s: bool(s.strip()))),
            reference=draw(_text.filter(lambda s: bool(s.strip()))),
            issued_on=issued,
            in_absentia=draw(st.booleans()),
            retrial_guaranteed=draw(st.booleans()),
            sentence_months=sentence,
            sentence_remaining_months=remaining,
        ),
        offences=tuple(
            Offence(
                ref=ref,
                title=draw(_text.filter(lambda s: bool(s.strip()))),
                acts=draw(_text),
                place=draw(_text),
                place_country=draw(_codes),
                committed_on=committed[ref],
                law_text=draw(_text),
                max_penalty_months=draw(_months),
                eaw_category=draw(st.none() | st.sampled_from(OFFENCE_CATEGORIES)),
                requested_state_offence=draw(_text),
                requested_state_penalty_months=draw(_months),
                limitation_ends=draw(
                    st.none() | st.dates(min_value=committed[ref], max_value=date(2100, 12, 31))
                ),
                nature=frozenset(
                    draw(st.sets(st.sampled_from(["political", "military", "fiscal"])))
                ),
                punishable_by_death=draw(st.booleans()),
            )
            for ref in refs
        ),
        assurances=Assurances(*draw(st.tuples(*[st.booleans()] * 5))),
        limitation_rules=draw(_text),
    )


@settings(max_examples=150, deadline=None)
@given(_files())
def test_round_trip_property(f: RequestFile) -> None:
    assert file_from_dict(json.loads(json.dumps(file_to_dict(f)))) == f
