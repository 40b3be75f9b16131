"""The European Arrest Warrant form (Council Framework Decision 2002/584/JHA, annex), as data.

Sections (a)-(i) of the annex are nested frozen dataclasses; `eaw_to_dict` is the structured
JSON (round-trips exactly through `eaw_from_dict`), `eaw_pdf` the printable form. Pure: reads
only a font file when one is installed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from anyascii import anyascii
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from xborder.extradition.requestfile import (
    SEXES,
    FieldReader,
    RequestFile,
    country,
    partial_date_ok,
)

# Art. 2(2), in the Framework Decision's order and wording.
OFFENCE_CATEGORIES: tuple[str, ...] = (
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
)

# Art. 2(2): a listed offence is surrendered without verifying dual criminality when the
# issuing state punishes it by a maximum of at least three years.
LISTED_MIN_PENALTY_MONTHS = 36

# (d) the four situations of art. 4a(1) (FD 2009/299/JHA) in which a decision rendered in
# absentia is still executed.
IN_ABSENTIA_GUARANTEES: tuple[str, ...] = (
    "summoned_in_person",  # 4a(1)(a): summoned in person or otherwise officially informed
    "defended_by_counsel",  # 4a(1)(b): gave a mandate to a lawyer who defended them
    "did_not_contest",  # 4a(1)(c): served the decision, did not ask for a retrial or appeal
    "retrial_on_surrender",  # 4a(1)(d): will be served and has the right to a retrial
)

SECTION_TITLES: dict[str, str] = {
    "a": "(a) Information regarding the identity of the requested person",
    "b": "(b) Decision on which the warrant is based",
    "c": "(c) Indications on the length of the sentence",
    "d": "(d) Decision rendered in absentia",
    "e": "(e) Offences",
    "f": "(f) Other circumstances relevant to the case",
    "g": "(g) Property to be seized and handed over",
    "h": "(h) Life sentence or lifetime detention order",
    "i": "(i) The judicial authority that issued the warrant",
}


class EAWError(ValueError):
    """A form that cannot be read; one message per bad field, named by section."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems) or "invalid European Arrest Warrant")


@dataclass(frozen=True)
class Identity:  # (a)
    family_name: str
    given_names: str
    sex: str = "U"  # "M" | "F" | "U"
    birth_date: str = ""  # ISO 8601, partial allowed
    birth_place: str = ""
    nationalities: tuple[str, ...] = ()  # ISO 3166 alpha-2
    maiden_name: str = ""
    aliases: tuple[str, ...] = ()
    residence: str = ""  # residence and/or known address
    languages_understood: tuple[str, ...] = ()
    distinctive_marks: str = ""  # distinctive marks / description
    photo_refs: tuple[str, ...] = ()
    fingerprint_refs: tuple[str, ...] = ()
    dna_ref: str = ""


@dataclass(frozen=True)
class DecisionBasis:  # (b)
    arrest_warrant_type: str = ""  # arrest warrant or judicial decision having the same effect
    arrest_warrant_reference: str = ""
    judgement_type: str = ""  # enforceable judgement
    judgement_reference: str = ""


@dataclass(frozen=True)
class SentenceLength:  # (c)
    max_penalty_months: int | None = None  # maximum that may be imposed; None with life=...
    max_penalty_life: bool = False
    sentence_imposed_months: int | None = None
    sentence_remaining_months: int | None = None


@dataclass(frozen=True)
class InAbsentia:  # (d)
    in_absentia: bool = False
    guarantee: str = ""  # one of IN_ABSENTIA_GUARANTEES when in_absentia
    details: str = ""


@dataclass(frozen=True)
class EAWOffence:  # one offence of (e)
    description: str  # the circumstances, including the acts
    time: str
    place: str
    participation: str  # degree of participation
    legal_classification: str  # nature and legal classification
    statutory_provision: str  # applicable statutory provision / code
    categories: tuple[str, ...] = ()  # ticked from OFFENCE_CATEGORIES


@dataclass(frozen=True)
class Offences:  # (e)
    number: int
    offences: tuple[EAWOffence, ...]
    other_description: str = ""  # II: offences not covered by the listed categories


@dataclass(frozen=True)
class LifeSentence:  # (h)
    applies: bool = False
    review_after_years: int | None = None  # review on request or at the latest after N years
    clemency: bool = False  # measures of clemency available
    details: str = ""


@dataclass(frozen=True)
class IssuingAuthority:  # (i)
    name: str
    representative: str
    representative_title: str
    reference: str
    address: str
    signature_date: date
    telephone: str = ""
    fax: str = ""
    email: str = ""
    contact_person: str = ""
    central_authority: str = ""


@dataclass(frozen=True)
class EAWForm:
    identity: Identity  # (a)
    decision: DecisionBasis  # (b)
    sentence: SentenceLength  # (c)
    in_absentia: InAbsentia  # (d)
    offences: Offences  # (e)
    other_circumstances: str  # (f)
    property: str  # (g)
    life_sentence: LifeSentence  # (h)
    authority: IssuingAuthority  # (i)


_SECTION_KEYS = ("a", "b", "c", "d", "e", "f", "g", "h", "i")


def _names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _ints(r: FieldReader, d: Mapping[str, Any], key: str, path: str) -> int | None:
    return r.months(d, key, path)


def _identity(r: FieldReader, d: Mapping[str, Any]) -> Identity:
    p = "(a)"
    birth = r.text(d, "birth_date", f"{p} birth_date")
    if birth and not partial_date_ok(birth):
        r.problems.append(f"{p} birth_date: must be YYYY, YYYY-MM or YYYY-MM-DD, got {birth!r}")
    sex = r.text(d, "sex", f"{p} sex") or "U"
    if sex not in SEXES:
        r.problems.append(f"{p} sex: must be one of {', '.join(SEXES)}, got {sex!r}")
    nats: list[str] = []
    for i, code in enumerate(r.texts(d, "nationalities", f"{p} nationalities")):
        c = country(code)
        if c is None:
            r.problems.append(f"{p} nationalities[{i}]: unknown ISO 3166 country code {code!r}")
        elif c not in nats:
            nats.append(c)
    return Identity(
        family_name=r.text(d, "family_name", f"{p} family_name"),
        given_names=r.text(d, "given_names", f"{p} given_names"),
        sex=sex,
        birth_date=birth,
        birth_place=r.text(d, "birth_place", f"{p} birth_place"),
        nationalities=tuple(nats),
        maiden_name=r.text(d, "maiden_name", f"{p} maiden_name"),
        aliases=r.texts(d, "aliases", f"{p} aliases"),
        residence=r.text(d, "residence", f"{p} residence"),
        languages_understood=r.texts(d, "languages_understood", f"{p} languages_understood"),
        distinctive_marks=r.text(d, "distinctive_marks", f"{p} distinctive_marks"),
        photo_refs=r.texts(d, "photo_refs", f"{p} photo_refs"),
        fingerprint_refs=r.texts(d, "fingerprint_refs", f"{p} fingerprint_refs"),
        dna_ref=r.text(d, "dna_ref", f"{p} dna_ref"),
    )


def _offence(r: FieldReader, raw: Any, p: str) -> EAWOffence | None:
    d = r.mapping(raw, p, _names(EAWOffence))
    if d is None:
        return None
    cats = r.texts(d, "categories", f"{p} categories")
    for c in cats:
        if c not in OFFENCE_CATEGORIES:
            r.problems.append(f"{p} categories: {c!r} is not one of the 32 categories of art. 2(2)")
    if len(set(cats)) != len(cats):
        r.problems.append(f"{p} categories: a category is ticked twice")
    return EAWOffence(
        description=r.text(d, "description", f"{p} description"),
        time=r.text(d, "time", f"{p} time"),
        place=r.text(d, "place", f"{p} place"),
        participation=r.text(d, "participation", f"{p} participation"),
        legal_classification=r.text(d, "legal_classification", f"{p} legal_classification"),
        statutory_provision=r.text(d, "statutory_provision", f"{p} statutory_provision"),
        categories=cats,
    )


def eaw_from_dict(data: Mapping[str, Any]) -> EAWForm:
    """Read the structured JSON (keys "a" to "i", as on the form); every bad field is reported
    at once, named by its section. Completeness is `eaw_problems`'s business."""
    problems: list[str] = []
    r = FieldReader(problems)
    top = r.mapping(data, "", _SECTION_KEYS)
    if top is None:
        raise EAWError(["the form must be an object with sections a to i"])

    def section(key: str, cls: type) -> Mapping[str, Any]:
        raw = top.get(key, {})
        return r.mapping(raw, f"({key})", _names(cls)) or {}

    a = section("a", Identity)
    identity = _identity(r, a)
    b = section("b", DecisionBasis)
    decision = DecisionBasis(**{k: r.text(b, k, f"(b) {k}") for k in _names(DecisionBasis)})
    c = section("c", SentenceLength)
    sentence = SentenceLength(
        max_penalty_months=_ints(r, c, "max_penalty_months", "(c) max_penalty_months"),
        max_penalty_life=r.flag(c, "max_penalty_life", "(c) max_penalty_life"),
        sentence_imposed_months=_ints(
            r, c, "sentence_imposed_months", "(c) sentence_imposed_months"
        ),
        sentence_remaining_months=_ints(
            r, c, "sentence_remaining_months", "(c) sentence_remaining_months"
        ),
    )
    dd = section("d", InAbsentia)
    guarantee = r.text(dd, "guarantee", "(d) guarantee")
    if guarantee and guarantee not in IN_ABSENTIA_GUARANTEES:
        problems.append(
            f"(d) guarantee: must be one of {', '.join(IN_ABSENTIA_GUARANTEES)}, got {guarantee!r}"
        )
    absentia = InAbsentia(
        in_absentia=r.flag(dd, "in_absentia", "(d) in_absentia"),
        guarantee=guarantee,
        details=r.text(dd, "details", "(d) details"),
    )
    e = section("e", Offences)
    number = e.get("number", 0)
    if isinstance(number, bool) or not isinstance(number, int) or number < 0:
        problems.append(f"(e) number: must be a whole number, got {number!r}")
        number = 0
    raw_offences = e.get("offences", [])
    items: list[EAWOffence | None] = []
    if not isinstance(raw_offences, list | tuple):
        problems.append("(e) offences: must be a list")
    else:
        items = [_offence(r, x, f"(e) offences[{i}]") for i, x in enumerate(raw_offences)]
    offences = Offences(
        number=number,
        offences=tuple(x for x in items if x is not None),
        other_description=r.text(e, "other_description", "(e) other_description"),
    )
    other = r.text(top, "f", "(f)")
    prop = r.text(top, "g", "(g)")
    h = section("h", LifeSentence)
    life = LifeSentence(
        applies=r.flag(h, "applies", "(h) applies"),
        review_after_years=_ints(r, h, "review_after_years", "(h) review_after_years"),
        clemency=r.flag(h, "clemency", "(h) clemency"),
        details=r.text(h, "details", "(h) details"),
    )
    i = section("i", IssuingAuthority)
    signed = r.day(i, "signature_date", "(i) signature_date", required=True)
    authority = IssuingAuthority(
        signature_date=signed or date.min,
        **{k: r.text(i, k, f"(i) {k}") for k in _names(IssuingAuthority) if k != "signature_date"},
    )
    if problems:
        raise EAWError([re.sub(r"^\(([a-i])\)\.", r"(\1) ", m) for m in problems])
    return EAWForm(
        identity=identity,
        decision=decision,
        sentence=sentence,
        in_absentia=absentia,
        offences=offences,
        other_circumstances=other,
        property=prop,
        life_sentence=life,
        authority=authority,
    )


def eaw_to_dict(form: EAWForm) -> dict[str, Any]:
    """The structured JSON: one key per section, "a" to "i"; lists for tuples, ISO dates."""
    a = form.identity
    return {
        "a": {
            k: list(v) if isinstance(v, tuple) else v
            for k, v in ((f, getattr(a, f)) for f in _names(Identity))
        },
        "b": {k: getattr(form.decision, k) for k in _names(DecisionBasis)},
        "c": {k: getattr(form.sentence, k) for k in _names(SentenceLength)},
        "d": {k: getattr(form.in_absentia, k) for k in _names(InAbsentia)},
        "e": {
            "number": form.offences.number,
            "offences": [
                {
                    k: list(v) if isinstance(v, tuple) else v
                    for k, v in ((f, getattr(o, f)) for f in _names(EAWOffence))
                }
                for o in form.offences.offences
            ],
            "other_description": form.offences.other_description,
        },
        "f": form.other_circumstances,
        "g": form.property,
        "h": {k: getattr(form.life_sentence, k) for k in _names(LifeSentence)},
        "i": {
            k: v.isoformat() if isinstance(v, date) else v
            for k, v in ((f, getattr(form.authority, f)) for f in _names(IssuingAuthority))
        },
    }


def _blank(v: str) -> bool:
    return not v.strip()


def eaw_problems(form: EAWForm) -> list[str]:
    """What keeps the form from being issued: the scope of art. 2(1) (punishable by at least 12
    months, or a sentence of at least 4), ticked categories that do not reach the 3 years of
    art. 2(2), the in absentia guarantees of art. 4a, and the fields the form requires."""
    out: list[str] = []
    a, b, c, d, e, h, i = (
        form.identity,
        form.decision,
        form.sentence,
        form.in_absentia,
        form.offences,
        form.life_sentence,
        form.authority,
    )
    if _blank(a.family_name):
        out.append("(a) family_name: required")
    if _blank(a.given_names) and _blank(a.birth_date) and _blank(a.distinctive_marks):
        out.append("(a) given_names, birth_date or distinctive_marks: something to identify")
    warrant = not _blank(b.arrest_warrant_reference)
    judgement = not _blank(b.judgement_reference)
    if not warrant and not judgement:
        out.append("(b) an arrest warrant or an enforceable judgement (with its reference)")
    if warrant and _blank(b.arrest_warrant_type):
        out.append("(b) arrest_warrant_type: required with its reference")
    if judgement and _blank(b.judgement_type):
        out.append("(b) judgement_type: required with its reference")
    if c.max_penalty_life and c.max_penalty_months is not None:
        out.append("(c) max_penalty_months: give a number of months or life, not both")
    if c.max_penalty_months is None and not c.max_penalty_life:
        out.append("(c) max_penalty_months: the maximum penalty that may be imposed")
    if judgement and c.sentence_imposed_months is None:
        out.append("(c) sentence_imposed_months: required for an enforceable judgement")
    if judgement and c.sentence_remaining_months is None:
        out.append("(c) sentence_remaining_months: required for an enforceable judgement")
    if (
        c.sentence_imposed_months is not None
        and c.sentence_remaining_months is not None
        and c.sentence_remaining_months > c.sentence_imposed_months
    ):
        out.append("(c) sentence_remaining_months: more than the sentence imposed")
    # Scope, art. 2(1): a sentence passed must be at least 4 months; otherwise the offence
    # must be punishable by at least 12.
    if c.sentence_imposed_months is not None:
        if c.sentence_imposed_months < 4:
            out.append(
                f"(c) sentence_imposed_months: {c.sentence_imposed_months} months is under the"
                " 4 months of art. 2(1)"
            )
    elif c.max_penalty_months is not None and c.max_penalty_months < 12:
        out.append(
            f"(c) max_penalty_months: {c.max_penalty_months} months is under the 12 months of"
            " art. 2(1)"
        )
    if d.in_absentia and d.guarantee not in IN_ABSENTIA_GUARANTEES:
        out.append("(d) guarantee: a decision in absentia needs one of the art. 4a(1) situations")
    if not d.in_absentia and d.guarantee:
        out.append("(d) guarantee: only for a decision rendered in absentia")
    if not e.offences:
        out.append("(e) offences: at least one")
    if e.number != len(e.offences):
        out.append(f"(e) number: {e.number}, but {len(e.offences)} offences are described")
    below = not c.max_penalty_life and (
        c.max_penalty_months is None or c.max_penalty_months < LISTED_MIN_PENALTY_MONTHS
    )
    for n, o in enumerate(e.offences):
        p = f"(e) offences[{n}]"
        for key in ("description", "time", "place", "legal_classification"):
            if _blank(getattr(o, key)):
                out.append(f"{p} {key}: required")
        if _blank(o.statutory_provision):
            out.append(f"{p} statutory_provision: the applicable statutory provision / code")
        if o.categories and below:
            out.append(
                f"{p} categories: a listed category needs a maximum of at least 3 years"
                " (art. 2(2)); describe the offence under (e) II instead"
            )
    if c.max_penalty_life and not h.applies:
        out.append("(h) applies: the penalty is life imprisonment: say whether it can be reviewed")
    if h.applies and h.review_after_years is None and not h.clemency:
        out.append("(h) review_after_years or clemency: how a life sentence can be reviewed")
    for key in ("name", "representative", "reference", "address"):
        if _blank(getattr(i, key)):
            out.append(f"(i) {key}: required")
    if _blank(i.telephone) and _blank(i.email):
        out.append("(i) telephone or email: a contact")
    return out


_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
_RTL = frozenset({"R", "AL", "AN"})


def _months(m: int | None) -> str:
    return "" if m is None else f"{m} months"


def _rows(form: EAWForm) -> list[tuple[str, list[tuple[str, str]]]]:
    a, b, c, d, e, h, i = (
        form.identity,
        form.decision,
        form.sentence,
        form.in_absentia,
        form.offences,
        form.life_sentence,
        form.authority,
    )
    offences: list[tuple[str, str]] = [
        ("This warrant relates to in total", f"{e.number} offence(s)")
    ]
    for n, o in enumerate(e.offences, 1):
        offences += [
            (f"Offence {n}", o.legal_classification),
            ("Circumstances", o.description),
            ("Time", o.time),
            ("Place", o.place),
            ("Degree of participation", o.participation),
            ("Statutory provision / code", o.statutory_provision),
            (
                "Listed categories (art. 2(2))",
                "; ".join(f"[x] {x}" for x in o.categories) or "none ticked",
            ),
        ]
    offences.append(("II. Offences not covered above", e.other_description))
    return [
        (
            SECTION_TITLES["a"],
            [
                ("Name", a.family_name),
                ("Forename(s)", a.given_names),
                ("Maiden name, where applicable", a.maiden_name),
                ("Aliases, where applicable", ", ".join(a.aliases)),
                ("Sex", a.sex),
                ("Nationality", ", ".join(a.nationalities)),
                ("Date of birth", a.birth_date),
                ("Place of birth", a.birth_place),
                ("Residence and/or known address", a.residence),
                ("Language(s) understood", ", ".join(a.languages_understood)),
                ("Distinctive marks / description", a.distinctive_marks),
                ("Photo references", ", ".join(a.photo_refs)),
                ("Fingerprint references", ", ".join(a.fingerprint_refs)),
                ("DNA profile reference", a.dna_ref),
            ],
        ),
        (
            SECTION_TITLES["b"],
            [
                ("1. Arrest warrant or judicial decision having the same effect", ""),
                ("Type", b.arrest_warrant_type),
                ("Reference", b.arrest_warrant_reference),
                ("2. Enforceable judgement", b.judgement_type),
                ("Reference", b.judgement_reference),
            ],
        ),
        (
            SECTION_TITLES["c"],
            [
                (
                    "1. Maximum length of the custodial sentence or detention order",
                    "life" if c.max_penalty_life else _months(c.max_penalty_months),
                ),
                ("2. Length of the custodial sentence imposed", _months(c.sentence_imposed_months)),
                ("Remaining sentence to be served", _months(c.sentence_remaining_months)),
            ],
        ),
        (
            SECTION_TITLES["d"],
            [
                ("Decision rendered in absentia", "yes" if d.in_absentia else "no"),
                ("Guarantee (art. 4a(1))", d.guarantee),
                ("Details", d.details),
            ],
        ),
        (SECTION_TITLES["e"], offences),
        (SECTION_TITLES["f"], [("", form.other_circumstances)]),
        (SECTION_TITLES["g"], [("", form.property)]),
        (
            SECTION_TITLES["h"],
            [
                ("Life sentence or lifetime detention order", "yes" if h.applies else "no"),
                (
                    "Review at the latest after",
                    "" if h.review_after_years is None else f"{h.review_after_years} years",
                ),
                ("Measures of clemency", "yes" if h.clemency else "no"),
                ("Details", h.details),
            ],
        ),
        (
            SECTION_TITLES["i"],
            [
                ("Official name", i.name),
                ("Name of its representative", i.representative),
                ("Post held (title/grade)", i.representative_title),
                ("File reference", i.reference),
                ("Address", i.address),
                ("Tel.", i.telephone),
                ("Fax", i.fax),
                ("E-mail", i.email),
                ("Contact person", i.contact_person),
                ("Central authority", i.central_authority),
                ("Date", i.signature_date.isoformat()),
            ],
        ),
    ]


def drawable(s: str, cmap: set[int] | frozenset[int]) -> str:
    """The text as a font with these code points can draw it: as is where every glyph exists
    and it reads left to right (fpdf2 has no shaping engine here), else transliterated to ASCII
    (anyascii: CJK, Arabic, Hebrew ... with DejaVu; anything beyond ASCII with the core font)."""
    if all(ord(ch) < 128 for ch in s):
        return s
    if cmap and all(
        ch == "\n" or (ord(ch) in cmap and unicodedata.bidirectional(ch) not in _RTL) for ch in s
    ):
        return s
    return anyascii(s)


def eaw_pdf(form: EAWForm, *, compress: bool = True) -> bytes:
    """The form as a PDF with headings (a) to (i), each also a bookmark. DejaVu Sans (when
    installed) draws Latin, Greek and Cyrillic; text it cannot draw, and all non-ASCII text
    when only the core font is available, is transliterated (see `drawable`). Deterministic:
    the PDF's dates are the signature date, not the clock."""
    regular, bold = _FONT_DIR / "DejaVuSans.ttf", _FONT_DIR / "DejaVuSans-Bold.ttf"
    unicode_font = regular.is_file() and bold.is_file()
    pdf = FPDF(format="A4")
    pdf.set_compression(compress)
    pdf.set_creation_date(
        datetime.combine(form.authority.signature_date, datetime.min.time(), tzinfo=UTC)
    )
    pdf.set_title("European Arrest Warrant")
    pdf.set_author(form.authority.name)
    if unicode_font:
        pdf.add_font("DejaVu", "", str(regular))
        pdf.add_font("DejaVu", "B", str(bold))
        family = "DejaVu"
        pdf.set_font(family, "", 9)
        font = pdf.current_font
        cmap: set[int] = set(getattr(font, "cmap", {}) or {})
    else:
        family, cmap = "Helvetica", set()

    def t(s: str) -> str:
        return drawable(s, cmap)

    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font(family, "B", 14)
    pdf.cell(0, 8, "EUROPEAN ARREST WARRANT", new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="C")
    pdf.set_font(family, "", 9)
    pdf.multi_cell(
        0,
        5,
        "This warrant has been issued by a competent judicial authority. I request that the"
        " person mentioned below be arrested and surrendered for the purposes of conducting a"
        " criminal prosecution or executing a custodial sentence or detention order.",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    for title, rows in _rows(form):
        pdf.ln(2)
        pdf.set_font(family, "B", 11)
        pdf.start_section(title)  # a bookmark per section: the reader's outline is (a)-(i)
        pdf.multi_cell(0, 7, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(family, "", 9)
        for label, value in rows:
            text = f"{label}: {value}" if label else (value or "-")
            pdf.multi_cell(0, 5, t(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    pdf.set_font(family, "", 9)
    pdf.multi_cell(
        0,
        5,
        t(
            f"Signature of the issuing judicial authority and/or its representative: "
            f"{form.authority.representative} ({form.authority.signature_date.isoformat()})"
        ),
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    return bytes(pdf.output())


def eaw_from_request_file(f: RequestFile, authority: str) -> EAWForm:
    """A form prefilled from the request file, for the issuing authority to complete: the
    representative, the address, a contact and the degree of participation are not in the file
    (eaw_problems says so). The signature date is the warrant's date (no clock here)."""
    p, w = f.person, f.warrant
    penalties = [o.max_penalty_months for o in f.offences]
    life = any(m is None for m in penalties)
    max_months = None if life or not penalties else max(m for m in penalties if m is not None)
    judgement = w.kind == "judgement"

    def listed(m: int | None) -> bool:
        """Art. 2(2): a category is ticked only for an offence punishable by at least three
        years (life counts); below that the offence is described under (e) II."""
        return m is None or m >= LISTED_MIN_PENALTY_MONTHS

    unlisted = [o for o in f.offences if o.eaw_category and not listed(o.max_penalty_months)]
    return EAWForm(
        identity=Identity(
            family_name=p.family_name,
            given_names=p.given_names,
            sex=p.sex,
            birth_date=p.birth_date,
            nationalities=p.nationalities,
            residence=p.location,
            distinctive_marks=p.description,
            photo_refs=p.photo_refs,
            fingerprint_refs=p.fingerprint_refs,
        ),
        decision=DecisionBasis(
            arrest_warrant_type=""
            if judgement
            else f"Arrest warrant, {w.authority}, {w.issued_on}",
            arrest_warrant_reference="" if judgement else w.reference,
            judgement_type=f"Judgement, {w.authority}, {w.issued_on}" if judgement else "",
            judgement_reference=w.reference if judgement else "",
        ),
        sentence=SentenceLength(
            max_penalty_months=max_months,
            max_penalty_life=life,
            sentence_imposed_months=w.sentence_months,
            sentence_remaining_months=w.sentence_remaining_months,
        ),
        in_absentia=InAbsentia(
            in_absentia=w.in_absentia,
            guarantee=(
                "retrial_on_surrender"
                if w.in_absentia and (w.retrial_guaranteed or f.assurances.retrial)
                else ""
            ),
        ),
        offences=Offences(
            number=len(f.offences),
            offences=tuple(
                EAWOffence(
                    description=o.acts,
                    time=o.committed_on.isoformat(),
                    place=", ".join(x for x in (o.place, o.place_country) if x),
                    participation="",
                    legal_classification=o.title,
                    statutory_provision=o.law_text,
                    categories=(o.eaw_category,)
                    if o.eaw_category and listed(o.max_penalty_months)
                    else (),
                )
                for o in f.offences
            ),
            other_description="; ".join(
                f"{o.title} ({o.ref}): punishable by {o.max_penalty_months} months, under the"
                " three years of art. 2(2)"
                for o in unlisted
            ),
        ),
        other_circumstances=f.limitation_rules,
        property="",
        life_sentence=LifeSentence(applies=life),
        authority=IssuingAuthority(
            name=authority,
            representative="",
            representative_title="",
            reference=w.reference,
            address="",
            signature_date=w.issued_on,
        ),
    )
