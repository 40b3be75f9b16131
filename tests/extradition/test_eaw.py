"""The European Arrest Warrant form: the 32 categories, the JSON round trip, validation by
section, the scope of art. 2(1)-(2), the PDF with its headings (a)-(i), the prefill."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.extradition.test_requestfile import sample_dict, sample_file
from xborder.extradition import eaw as eaw_module
from xborder.extradition.eaw import (
    IN_ABSENTIA_GUARANTEES,
    OFFENCE_CATEGORIES,
    SECTION_TITLES,
    EAWError,
    EAWForm,
    drawable,
    eaw_from_dict,
    eaw_from_request_file,
    eaw_pdf,
    eaw_problems,
    eaw_to_dict,
)
from xborder.extradition.requestfile import file_from_dict


def form_dict() -> dict[str, Any]:
    return {
        "a": {
            "family_name": "Kowalski",
            "given_names": "Jan Łukasz",
            "sex": "M",
            "birth_date": "1979-11-02",
            "birth_place": "Łódź",
            "nationalities": ["PL"],
            "aliases": ["Johnny K"],
            "residence": "unknown, believed in Spain",
            "languages_understood": ["pl", "en"],
            "distinctive_marks": "tattoo of an anchor, right forearm",
            "photo_refs": ["doc:photo-7"],
        },
        "b": {
            "arrest_warrant_type": "Postanowienie o tymczasowym aresztowaniu",
            "arrest_warrant_reference": "II Kp 123/27",
        },
        "c": {"max_penalty_months": 96},
        "d": {"in_absentia": False},
        "e": {
            "number": 1,
            "offences": [
                {
                    "description": "Imported 12 kg of cocaine hidden in a lorry of fruit.",
                    "time": "2027-04-03",
                    "place": "Gdańsk port, Poland",
                    "participation": "organiser",
                    "legal_classification": "drug trafficking",
                    "statutory_provision": "Ustawa o przeciwdziałaniu narkomanii art. 55(3)",
                    "categories": [
                        "illicit trafficking in narcotic drugs and psychotropic substances"
                    ],
                }
            ],
        },
        "f": "",
        "g": "the lorry, registration GD 12345",
        "h": {"applies": False},
        "i": {
            "name": "Sąd Okręgowy w Gdańsku",
            "representative": "Anna Nowak",
            "representative_title": "judge",
            "reference": "II Kp 123/27",
            "address": "ul. Nowe Ogrody 30/34, 80-803 Gdańsk",
            "telephone": "+48 58 000 00 00",
            "email": "eaw@gdansk.example",
            "signature_date": "2027-06-01",
        },
    }


# FD 2002/584/JHA art. 2(2), in its order and its English wording (OJ L 190, 18.7.2002).
ART_2_2 = [
    "participation in a criminal organisation",
    "terrorism",
    "trafficking in human beings",
    "sexual exploitation of children and child pornography",
    "illicit trafficking in narcotic drugs and psychotropic substances",
    "illicit trafficking in weapons, munitions and explosives",
    "corruption",
    "fraud, including that affecting the financial interests of the European Communities within"
    " the meaning of the Convention of 26 July 1995 on the protection of the European"
    " Communities' financial interests",
    "laundering of the proceeds of crime",
    "counterfeiting currency, including of the euro",
    "computer-related crime",
    "environmental crime, including illicit trafficking in endangered animal species and in"
    " endangered plant species and varieties",
    "facilitation of unauthorised entry and residence",
    "murder, grievous bodily injury",
    "illicit trade in human organs and tissue",
    "kidnapping, illegal restraint and hostage-taking",
    "racism and xenophobia",
    "organised or armed robbery",
    "illicit trafficking in cultural goods, including antiques and works of art",
    "swindling",
    "racketeering and extortion",
    "counterfeiting and piracy of products",
    "forgery of administrative documents and trafficking therein",
    "forgery of means of payment",
    "illicit trafficking in hormonal substances and other growth promoters",
    "illicit trafficking in nuclear or radioactive materials",
    "trafficking in stolen vehicles",
    "rape",
    "arson",
    "crimes within the jurisdiction of the International Criminal Court",
    "unlawful seizure of aircraft/ships",
    "sabotage",
]


def test_the_32_categories() -> None:
    assert len(ART_2_2) == 32
    assert list(OFFENCE_CATEGORIES) == ART_2_2


def test_round_trip_json() -> None:
    form = eaw_from_dict(form_dict())
    assert form.identity.given_names == "Jan Łukasz"
    assert form.authority.signature_date == date(2027, 6, 1)
    d = eaw_to_dict(form)
    assert set(d) == set("abcdefghi")
    assert eaw_from_dict(json.loads(json.dumps(d))) == form
    assert eaw_problems(form) == []


def test_bad_fields_named_by_section() -> None:
    d = form_dict()
    d["a"]["sex"] = "X"
    d["a"]["nationalities"] = ["POLAND"]
    d["c"]["max_penalty_months"] = "eight years"
    d["d"]["guarantee"] = "trust me"
    d["e"]["number"] = "one"
    d["e"]["offences"][0]["categories"] = ["shoplifting"]
    d["i"]["signature_date"] = "1 June 2027"
    d["h"]["colour"] = "red"
    d["z"] = {}
    with pytest.raises(EAWError) as exc:
        eaw_from_dict(d)
    problems = exc.value.problems
    for head in (
        "(a) sex:",
        "(a) nationalities[0]:",
        "(c) max_penalty_months:",
        "(d) guarantee:",
        "(e) number:",
        "(e) offences[0] categories:",
        "(i) signature_date:",
        "(h) colour: unknown field",
        "z: unknown field",
    ):
        assert any(p.startswith(head) for p in problems), (head, problems)
    assert len(problems) == 9
    with pytest.raises(EAWError):
        eaw_from_dict([])  # type: ignore[arg-type]


def problems_of(**sections: Any) -> list[str]:
    d = form_dict()
    for key, value in sections.items():
        if isinstance(value, dict):
            d[key] = {**d[key], **value}
        else:
            d[key] = value
    return eaw_problems(eaw_from_dict(d))


def test_scope_of_article_2_1() -> None:
    assert problems_of(c={"max_penalty_months": 12}, e=_uncategorised()) == []
    assert problems_of(c={"max_penalty_months": 11}, e=_uncategorised()) == [
        "(c) max_penalty_months: 11 months is under the 12 months of art. 2(1)"
    ]
    judgement = {
        "arrest_warrant_type": "",
        "arrest_warrant_reference": "",
        "judgement_type": "Wyrok",
        "judgement_reference": "II K 9/26",
    }
    ok = problems_of(
        b=judgement,
        c={"max_penalty_months": 6, "sentence_imposed_months": 4, "sentence_remaining_months": 4},
        e=_uncategorised(),
    )
    assert ok == []  # a sentence of 4 months is enough even for a 6-month offence
    short = problems_of(
        b=judgement,
        c={"sentence_imposed_months": 3, "sentence_remaining_months": 3},
    )
    assert short == ["(c) sentence_imposed_months: 3 months is under the 4 months of art. 2(1)"]
    missing = problems_of(b=judgement)
    assert "(c) sentence_imposed_months: required for an enforceable judgement" in missing


def _uncategorised() -> dict[str, Any]:
    e: dict[str, Any] = form_dict()["e"]
    e["offences"][0]["categories"] = []
    return e


def test_listed_categories_need_three_years() -> None:
    assert problems_of(c={"max_penalty_months": 36}) == []
    (p,) = problems_of(c={"max_penalty_months": 35})
    assert p.startswith("(e) offences[0] categories: a listed category needs")
    assert (
        problems_of(
            c={"max_penalty_months": None, "max_penalty_life": True},
            h={"applies": True, "review_after_years": 20},
        )
        == []
    )


def test_required_fields_and_consistency() -> None:
    blank = problems_of(
        a={"family_name": " ", "given_names": "", "birth_date": "", "distinctive_marks": ""},
        b={"arrest_warrant_reference": ""},
        c={"max_penalty_months": None},
        d={"in_absentia": True},
        e={"number": 2},
        i={"name": "", "telephone": "", "email": ""},
    )
    assert blank == [
        "(a) family_name: required",
        "(a) given_names, birth_date or distinctive_marks: something to identify",
        "(b) an arrest warrant or an enforceable judgement (with its reference)",
        "(c) max_penalty_months: the maximum penalty that may be imposed",
        "(d) guarantee: a decision in absentia needs one of the art. 4a(1) situations",
        "(e) number: 2, but 1 offences are described",
        "(e) offences[0] categories: a listed category needs a maximum of at least 3 years"
        " (art. 2(2)); describe the offence under (e) II instead",
        "(i) name: required",
        "(i) telephone or email: a contact",
    ]
    assert problems_of(d={"in_absentia": True, "guarantee": IN_ABSENTIA_GUARANTEES[3]}) == []
    assert problems_of(d={"guarantee": "summoned_in_person"}) == [
        "(d) guarantee: only for a decision rendered in absentia"
    ]
    life = problems_of(c={"max_penalty_months": None, "max_penalty_life": True})
    assert life == ["(h) applies: the penalty is life imprisonment: say whether it can be reviewed"]


def _literal(text: str) -> bytes:
    """How a PDF writes an ASCII text as a literal string: parentheses escaped."""
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("ascii")


def _outline_titles(pdf: bytes) -> list[str]:
    """The bookmark titles: literal strings (ASCII) or hex UTF-16BE (anything else)."""
    out = [
        bytes.fromhex(h.decode()).decode("utf-16-be").lstrip("\ufeff")
        for h in re.findall(rb"/Title <([0-9a-fA-F]+)>", pdf)
    ]
    for lit in re.findall(rb"/Title \(((?:\\.|[^\\)])*)\)", pdf):
        out.append(re.sub(rb"\\(.)", rb"\1", lit).decode("latin-1"))
    return out


def test_pdf_has_the_sections() -> None:
    form = eaw_from_dict(form_dict())
    pdf = eaw_pdf(form)
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    titles = _outline_titles(pdf)
    for key in "abcdefghi":
        assert SECTION_TITLES[key] in titles, key
    assert "European Arrest Warrant" in titles  # document title
    assert eaw_pdf(form) == pdf  # deterministic: no clock inside


def test_pdf_without_unicode_font_transliterates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(eaw_module, "_FONT_DIR", Path("/nonexistent"))
    pdf = eaw_pdf(eaw_from_dict(form_dict()), compress=False)
    assert pdf.startswith(b"%PDF-")
    for key in "abcdefghi":
        assert _literal(SECTION_TITLES[key]) in pdf, key
    assert b"Jan Lukasz" in pdf and b"Sad Okregowy w Gdansku" in pdf


def test_text_the_font_cannot_draw_is_transliterated() -> None:
    latin_greek_cyrillic = {ord(c) for c in "Łódźαβγжи"}
    assert drawable("Łódź", latin_greek_cyrillic) == "Łódź"
    assert drawable("Name: 山田 太郎", latin_greek_cyrillic) == "Name: ShanTian TaiLang"
    assert drawable("محمد", latin_greek_cyrillic | {ord(c) for c in "محمد"}) == "mhmd"  # RTL
    assert drawable("Łódź", set()) == "Lodz"
    assert drawable("plain", set()) == "plain"
    d = form_dict()
    d["a"].update(family_name="山田", given_names="محمد", birth_place="Ελλάδα")
    pdf = eaw_pdf(eaw_from_dict(d))
    assert pdf.startswith(b"%PDF-")


def test_prefill_from_request_file() -> None:
    f = sample_file()
    form = eaw_from_request_file(f, "Tribunal judiciaire de Lyon")
    assert form.identity.family_name == "Moreau"
    assert form.identity.nationalities == ("FR",)
    assert form.decision.arrest_warrant_reference == "LYON-2027-0042"
    assert form.sentence.max_penalty_months == 120
    assert form.offences.number == 1
    assert form.offences.offences[0].categories == ("swindling",)
    assert form.authority.name == "Tribunal judiciaire de Lyon"
    assert form.authority.signature_date == date(2027, 11, 3)
    problems = eaw_problems(form)
    assert problems == [
        "(i) representative: required",
        "(i) address: required",
        "(i) telephone or email: a contact",
    ]
    done = replace(
        form,
        authority=replace(
            form.authority, representative="M. Durand", address="Lyon", email="x@example.org"
        ),
    )
    assert eaw_problems(done) == []
    assert eaw_from_dict(eaw_to_dict(done)) == done


def test_prefill_ticks_a_category_only_from_three_years() -> None:
    """Art. 2(2): under three years the offence is described under (e) II, not ticked (the
    form would otherwise fail its own check, and dual criminality would be skipped)."""
    d = sample_dict()
    d["offences"][0]["max_penalty_months"] = 35
    form = eaw_from_request_file(file_from_dict(d), "TJ Lyon")
    assert form.offences.offences[0].categories == ()
    assert form.offences.other_description == (
        "Escroquerie en bande organisée (o1): punishable by 35 months, under the three years"
        " of art. 2(2)"
    )
    assert not any("categories" in p for p in eaw_problems(form))
    for months in (36, None):  # three years, and life, are enough
        d["offences"][0]["max_penalty_months"] = months
        form = eaw_from_request_file(file_from_dict(d), "TJ Lyon")
        assert form.offences.offences[0].categories == ("swindling",)
        assert form.offences.other_description == ""


def test_prefill_life_and_judgement_in_absentia() -> None:
    d = sample_dict()
    d["offences"][0]["max_penalty_months"] = None
    d["warrant"].update(
        kind="judgement",
        sentence_months=48,
        sentence_remaining_months=40,
        in_absentia=True,
        retrial_guaranteed=True,
    )
    form = eaw_from_request_file(file_from_dict(d), "TJ Lyon")
    assert form.sentence.max_penalty_life and form.sentence.max_penalty_months is None
    assert form.life_sentence.applies
    assert form.decision.judgement_reference == "LYON-2027-0042"
    assert form.decision.arrest_warrant_reference == ""
    assert form.in_absentia.guarantee == "retrial_on_surrender"
    assert "(h) review_after_years or clemency: how a life sentence can be reviewed" in (
        eaw_problems(form)
    )


_text = st.text(st.characters(codec="utf-8"), max_size=20)


@settings(max_examples=100, deadline=None)
@given(
    _text,
    st.lists(st.sampled_from(OFFENCE_CATEGORIES), unique=True, max_size=3),
    st.none() | st.integers(0, 600),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
)
def test_round_trip_property(name: str, cats: list[str], months: int | None, day: date) -> None:
    d = form_dict()
    d["a"]["family_name"] = name
    d["e"]["offences"][0]["categories"] = cats
    d["c"]["max_penalty_months"] = months
    d["i"]["signature_date"] = day.isoformat()
    form = eaw_from_dict(d)
    assert isinstance(form, EAWForm)
    assert eaw_from_dict(json.loads(json.dumps(eaw_to_dict(form)))) == form
