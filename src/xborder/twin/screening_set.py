"""The labelled screening set, built from the synthetic world's ground truth (used by the
benchmark in `bench/screening` and by the governance evaluation harness).

Every name the twin generator gives a person is that person (`xborder.twin.namegen`): the
native form and each Latin form, tagged with the transliteration `system` that made it. So a
labelled pair needs no annotator: index a record carrying *some* of a person's forms, and query
with *another* one, perturbed the way travel documents, typists and foreign registers perturb
names and dates.

Records (the index)
    One per generated person. A non-Latin person's record holds the native name (and aliases,
    maiden names) plus none, one or two of its Latin forms; 15% hold only Latin forms (an
    imported list without the native spelling). A Latin-script person's record holds the
    primary name as written (diacritics kept) and aliases.

Mated queries (label True)
    A form of the person in a system the record does not hold (a different transliteration,
    or the native script against a Latin-only record, or an alias), then 0-2 perturbations:
    typos (1-2 edits), order swap (family first, "Family, Given"), a part dropped (patronymic,
    middle name, second surname, particle) or added (middle name, patronymic, "al-", "bin"),
    initials, diacritics dropped, upper case. Date of birth exact, year-month, year only,
    day/month transposed, year off by one, or missing; nationality and sex sometimes missing.

Hard negatives (label False): a person who is *not* in the index but resembles an indexed one,
    from the same country and of the same sex, written in the same system as a mated query:
    - `same_family`: same family name and birth year, a different real given name;
    - `name_edit`: a real name one or two edits away (or one synthetic edit), and a birth date
      that contradicts beyond what a mated query's perturbation can explain;
    - `namesake`: the same name, a birth date two or more years apart (or a different month).
    Each is checked against the whole index: a look-alike that coincides with another indexed
    person (same folded name, compatible year) is redrawn.

Random negatives (label False): a traveller from a separate world (another seed) with a
    mated-style query: the ordinary non-match of a passenger list.

Queries are stratified by the script group of the target record's name (Latin, Cyrillic,
Arabic, Han, Japanese, Hangul, Greek, Devanagari, Hebrew, Thai, Georgian, Armenian), so rare
scripts get enough pairs for a confidence interval. Everything depends only on the seed.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from anyascii import anyascii
from rapidfuzz.distance import Levenshtein

from xborder.kernel.dates import BirthDate, DateSpan, PartialDate
from xborder.kernel.names import NameKind, PersonName
from xborder.persons.domain import Person
from xborder.screening.model import NameForm, Subject
from xborder.twin.world import generate_persons

DATASET_VERSION = "twin-screening-1"
DONOR_SEED_OFFSET = 1_000_003  # the world of non-indexed people (negatives) uses seed + this
_SCRIPT_GROUP = {"Hans": "Hani", "Hant": "Hani"}
NATIVE = "native"

# Probabilities of each perturbation of a query's name (at most two of the "structural" ones).
P_TYPO = 0.25
P_SWAP = 0.25
P_DROP = 0.15
P_ADD = 0.10
P_INITIAL = 0.05
P_DIACRITICS = 0.5
P_UPPER = 0.15
MAX_STRUCTURAL = 2
# Date of birth in a mated query (cumulative thresholds checked in order).
DOB_MODES: tuple[tuple[str, float], ...] = (
    ("exact", 0.45),
    ("year_month", 0.10),
    ("year", 0.10),
    ("transposed", 0.07),
    ("year_pm1", 0.08),
    ("missing", 0.20),
)
P_NATIONALITY_MISSING = 0.15
P_SEX_MISSING = 0.10
P_LATIN_ONLY_RECORD = 0.15
P_ALIAS_QUERY = 0.08
HARD_KINDS: tuple[tuple[str, float], ...] = (
    ("same_family", 0.4),
    ("name_edit", 0.3),
    ("namesake", 0.3),
)
_ARABIC_PARTICLES = ("al-", "el-", "Al-", "El-", "Al ", "El ", "ad-", "ash-", "as-", "ar-")
_LATIN_PARTICLES = frozenset(
    ("van", "von", "der", "den", "de", "da", "das", "do", "dos", "du", "del", "della", "di",
     "la", "le", "ten", "ter", "zu", "mac")
)  # fmt: skip
_ARABIC_LANGS = frozenset({"ar", "fa"})
_NO_MIDDLE = frozenset({"zh", "ja", "ko", "th"})  # no middle names to add in these cultures
_NON_WORD = re.compile(r"[^\w]+")


def script_group(script: str) -> str:
    """ISO 15924 code of the group a record's script belongs to (Hans and Hant are Han)."""
    return _SCRIPT_GROUP.get(script, script)


def fold(text: str) -> str:
    """Lower-case ASCII with single spaces: the comparison key for "is this the same
    spelling" (anyascii, so Cyrillic and Latin spellings of a name fold alike)."""
    return " ".join(_NON_WORD.sub(" ", anyascii(text).lower()).split())


def fold_key(text: str) -> str:
    """Order-free spelling key: the folded tokens sorted."""
    return " ".join(sorted(fold(text).split()))


# --- data types ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    """One indexed person: the subject xborder indexes and what the evaluation groups by."""

    subject: Subject
    script: str  # script group of the record's (native) name
    sex: str
    country: str
    systems: frozenset[str]  # name systems the record holds ("native", "icao9303", ...)


@dataclass(frozen=True)
class Query:
    """One labelled pair: a query and the record it is about.

    `target` is the record's entry id: the true record of a mated query, the look-alike of a
    hard negative, "" for a random traveller. `script` and `sex` are the target's (for a
    random negative the traveller's own)."""

    qid: str
    subject: Subject
    target: str
    mated: bool
    kind: str  # mated | same_family | name_edit | namesake | random
    script: str
    sex: str
    variations: tuple[str, ...]


@dataclass
class Dataset:
    seed: int
    records: list[Record]
    queries: list[Query]
    info: dict[str, Any] = field(default_factory=dict)
    # Set B: the mated queries re-spelled by ICU (see `icu_queries`) plus set A's negatives.
    icu_queries: list[Query] = field(default_factory=list)

    def by_id(self) -> dict[str, Record]:
        return {r.subject.id: r for r in self.records}


# --- name structure ----------------------------------------------------------------------------


@dataclass
class Parts:
    """A name split into roles so it can be re-ordered and have parts added or dropped."""

    given: list[str]
    patronymic: list[str]
    family: list[str]
    order: str  # "gf" given first, "fg" family first, "comma" "Family, Given"
    sep: str = " "  # "" for Chinese and Korean written without spaces
    script: str = "Latn"
    lang: str = ""

    def render(self) -> str:
        g = self.sep.join(self.given + self.patronymic)
        f = self.sep.join(self.family)
        if not g:
            return f
        if not f:
            return g
        if self.order == "comma":
            return f"{f}, {g}"
        if self.order == "fg":
            return f"{f}{self.sep}{g}"
        return f"{g}{self.sep}{f}"


def split_name(name: PersonName) -> Parts | None:
    """Roles of a generated name's tokens, or None when the parts do not spell the full form
    (an alias written without parts): such a form is used as it is."""
    full, given, family, patr = name.full, name.given, name.family, name.patronymic
    if not given or not family:
        return None
    for sep in (" ", ""):
        gp = sep.join(p for p in (given, patr) if p)
        if full == f"{gp}{sep}{family}":
            order = "gf"
        elif full == f"{family}{sep}{gp}":
            order = "fg"
        else:
            continue
        if sep == " ":
            return Parts(given.split(), patr.split(), family.split(), order, " ", name.script,
                         name.lang)  # fmt: skip
        return Parts([given], [patr] if patr else [], [family], order, "", name.script,
                     name.lang)  # fmt: skip
    return None


def system_of(name: PersonName) -> str:
    return NATIVE if name.script != "Latn" and not name.system else name.system or NATIVE


def to_form(name: PersonName) -> NameForm:
    return NameForm(
        full=name.full,
        script=name.script,
        lang=name.lang,
        given=name.given,
        family=name.family,
        patronymic=name.patronymic,
    )


# --- records -------------------------------------------------------------------------------------


def make_record(person: Person, rng: random.Random) -> Record:
    """The indexed form of a person: native names plus a few of its Latin forms (see the
    module docstring)."""
    primary = person.names[0]
    native_script = primary.script
    names = list(person.names)
    translit = [n for n in names if n.kind == NameKind.TRANSLITERATION and n.script == "Latn"]
    others = [n for n in names if n.kind in (NameKind.ALIAS, NameKind.MAIDEN)]
    keep: list[PersonName]
    if native_script == "Latn":
        keep = [primary, *others]
        if translit and rng.random() < 0.3:
            keep.append(translit[int(rng.random() * len(translit))])
    else:
        latin_pick = [n for n in translit if n.system != "mrz"] or translit
        rng.shuffle(latin_pick)
        if latin_pick and rng.random() < P_LATIN_ONLY_RECORD:
            k = 1 if rng.random() < 0.6 else 2
            keep = latin_pick[:k] + [n for n in others if n.script == "Latn"]
        else:
            r = rng.random()
            k = 0 if r < 0.4 else 1 if r < 0.8 else 2
            keep = [n for n in names if n.kind == NameKind.PRIMARY] + others + latin_pick[:k]
    keep = list(dict.fromkeys(keep))
    subject = Subject(
        id=person.id,
        names=tuple(to_form(n) for n in keep),
        birth_dates=tuple(d.iso() for d in person.birth_dates),
        nationalities=person.nationalities,
        sex=person.sex.value,
    )
    return Record(
        subject=subject,
        script=script_group(native_script),
        sex=person.sex.value,
        country=person.nationalities[0],
        systems=frozenset(system_of(n) for n in keep),
    )


# --- perturbations -----------------------------------------------------------------------------

_VOWELS = "aeiou"
_KEYBOARD = {
    c: n
    for row in ("qwertyuiop", "asdfghjkl", "zxcvbnm")
    for i, c in enumerate(row)
    for n in [row[max(0, i - 1)] + row[min(len(row) - 1, i + 1)]]
}


def _edit(token: str, rng: random.Random) -> str:
    """One typing error: a neighbouring key, a dropped, doubled or swapped letter."""
    if len(token) < 2:
        return token
    i = 1 + int(rng.random() * (len(token) - 1))  # keep the first letter: people do
    op = rng.random()
    c = token[i]
    if op < 0.3:
        low = c.lower()
        if low in _KEYBOARD:
            near = _KEYBOARD[low]
            sub = near[int(rng.random() * len(near))]
        elif low in _VOWELS:
            sub = _VOWELS[int(rng.random() * 5)]
        else:
            sub = token[int(rng.random() * len(token))].lower()
        sub = sub.upper() if c.isupper() else sub
        return token[:i] + sub + token[i + 1 :] if sub != c else token[:i] + token[i + 1 :]
    if op < 0.55:
        return token[:i] + token[i + 1 :]
    if op < 0.8:
        return token[:i] + c + token[i:]
    if i + 1 < len(token) and token[i + 1] != c:
        return token[:i] + token[i + 1] + c + token[i + 2 :]
    return token[:i] + token[i + 1 :]


def _typo(parts: Parts, rng: random.Random, edits: int) -> bool:
    tokens = [
        (role, j)
        for role in ("given", "family")
        for j, t in enumerate(getattr(parts, role))
        if len(t) >= 4 and not t.endswith("-")
    ]
    if not tokens:
        return False
    for _ in range(edits):
        role, j = tokens[int(rng.random() * len(tokens))]
        lst: list[str] = getattr(parts, role)
        lst[j] = _edit(lst[j], rng)
    return True


def _drop(parts: Parts, rng: random.Random) -> str:
    if parts.patronymic:
        parts.patronymic = []
        return "patronymic_dropped"
    fam = parts.family
    if len(fam) > 1:
        if fam[0].lower() in _LATIN_PARTICLES:
            parts.family = [t for t in fam if t.lower() not in _LATIN_PARTICLES] or fam
            return "particle_dropped"
        del fam[int(rng.random() * len(fam))]
        return "family_part_dropped"
    for p in _ARABIC_PARTICLES:
        if fam and fam[0].startswith(p) and len(fam[0]) > len(p) + 2:
            fam[0] = fam[0][len(p) :]
            return "particle_dropped"
    if len(parts.given) > 1:
        del parts.given[1 + int(rng.random() * (len(parts.given) - 1))]
        return "middle_dropped"
    return ""


def _add(parts: Parts, rng: random.Random, person: Person, extra_given: str) -> str:
    if not parts.patronymic:
        for n in person.names:
            usable = parts.script != "Latn" or n.system not in ("", "mrz")
            same = n.script == parts.script and n.patronymic != parts.given[0]
            if n.patronymic and same and usable:
                parts.patronymic = n.patronymic.split() if parts.sep else [n.patronymic]
                return "patronymic_added"
    if parts.lang in _ARABIC_LANGS and parts.script == "Latn" and parts.family:
        if parts.patronymic and rng.random() < 0.6:
            parts.patronymic = ["bin", *parts.patronymic]
            return "bin_added"
        if not parts.family[0].lower().startswith(("al-", "el-", "al ", "el ")):
            parts.family[0] = ("al-" if rng.random() < 0.6 else "el-") + parts.family[0]
            return "particle_added"
    if (
        extra_given
        and parts.sep
        and extra_given not in parts.given
        and parts.lang not in _NO_MIDDLE
    ):
        parts.given.append(extra_given)
        return "middle_added"
    return ""


def _swap(parts: Parts, rng: random.Random) -> str:
    if parts.order == "gf":
        parts.order = "fg" if rng.random() < 0.5 or not parts.sep else "comma"
    else:
        parts.order = "gf" if rng.random() < 0.7 or not parts.sep else "comma"
    return f"order_{parts.order}"


def _initial(parts: Parts, rng: random.Random) -> bool:
    if parts.script != "Latn" or not parts.given or len(parts.given[0]) < 2:
        return False
    if parts.lang in _NO_MIDDLE:  # East Asian and Thai names are not written with initials
        return False
    parts.given[0] = parts.given[0][0].upper() + ("." if rng.random() < 0.5 else "")
    return True


def _strip_diacritics(text: str) -> str:
    return anyascii(unicodedata.normalize("NFC", text))


def perturb_name(
    name: PersonName,
    rng: random.Random,
    person: Person,
    extra_given: str = "",
    *,
    structural: bool = True,
    force: bool = False,
) -> tuple[str, list[str]]:
    """A query spelling of `name` and the list of what was done to it. `structural=False`
    keeps the spelling (order, diacritics and case only): for look-alikes whose difference
    must stay the one chosen. `force` makes sure at least one structural change happens."""
    tags: list[str] = []
    parts = split_name(name)
    if parts is None:
        text = name.full
    else:
        budget = MAX_STRUCTURAL
        ops = ["typo", "swap", "drop", "add", "initial"]
        probs = {"typo": P_TYPO, "swap": P_SWAP, "drop": P_DROP, "add": P_ADD, "initial": P_INITIAL}
        rng.shuffle(ops)
        chosen = [op for op in ops if rng.random() < probs[op]]
        if force and not chosen:
            chosen = [ops[0]]
        for op in chosen:
            if budget == 0:
                break
            if op == "swap":
                tags.append(_swap(parts, rng))
            elif not structural:
                continue
            elif op == "typo" and parts.script not in ("Hans", "Hant", "Jpan", "Hang"):
                edits = 1 if rng.random() < 0.7 else 2
                if _typo(parts, rng, edits):
                    tags.append(f"typo{edits}")
            elif op == "drop":
                tag = _drop(parts, rng)
                if tag:
                    tags.append(tag)
            elif op == "add":
                tag = _add(parts, rng, person, extra_given)
                if tag:
                    tags.append(tag)
            elif op == "initial" and _initial(parts, rng):
                tags.append("initial")
            else:
                continue
            budget -= 1
        text = parts.render()
    if name.script == "Latn" and not text.isascii() and rng.random() < P_DIACRITICS:
        text = _strip_diacritics(text)
        tags.append("diacritics_dropped")
    if name.script == "Latn" and not text.isupper() and rng.random() < P_UPPER:
        text = text.upper()
        tags.append("upper")
    return text, tags


# --- dates ---------------------------------------------------------------------------------------


def _year_of(d: BirthDate) -> int:
    if isinstance(d, DateSpan):
        return (d.start.year + d.end.year) // 2
    return d.year


def _day_ok(year: int, month: int, day: int) -> bool:
    try:
        PartialDate(year, month, day)
    except Exception:
        return False
    return True


def _fill(d: BirthDate, rng: random.Random) -> PartialDate:
    """A full date consistent with a (partial) recorded one: a passport always has a day."""
    if isinstance(d, DateSpan):
        return PartialDate(
            rng.randint(d.start.year, d.end.year), rng.randint(1, 12), rng.randint(1, 28)
        )
    return PartialDate(d.year, d.month or rng.randint(1, 12), d.day or rng.randint(1, 28))


def query_dob(d: BirthDate | None, rng: random.Random) -> tuple[str | None, str]:
    """A mated query's date of birth and how it was derived."""
    if d is None:
        return None, "dob_missing"
    full = _fill(d, rng)
    r = rng.random()
    acc = 0.0
    mode = "exact"
    for m, p in DOB_MODES:
        acc += p
        if r < acc:
            mode = m
            break
    assert full.month is not None and full.day is not None
    if mode == "year_month":
        return PartialDate(full.year, full.month).iso(), "dob_year_month"
    if mode == "year":
        return PartialDate(full.year).iso(), "dob_year"
    if mode == "transposed" and full.day <= 12 and full.day != full.month:
        return PartialDate(full.year, full.day, full.month).iso(), "dob_transposed"
    if mode == "year_pm1":
        y = full.year + (1 if rng.random() < 0.5 else -1)
        day = full.day if _day_ok(y, full.month, full.day) else 28
        return PartialDate(y, full.month, day).iso(), "dob_year_pm1"
    if mode == "missing":
        return None, "dob_missing"
    return full.iso(), "dob_exact"


def same_year_dob(d: BirthDate, rng: random.Random) -> str:
    """A full date in the same birth year (any month and day)."""
    return PartialDate(_year_of(d), rng.randint(1, 12), rng.randint(1, 28)).iso()


def contradicting_dob(d: BirthDate, rng: random.Random) -> str:
    """A full date no mated perturbation (exact, partial, transposed, year +-1) explains:
    same year with another month (when the month is known), or 2-6 years away."""
    if isinstance(d, PartialDate) and d.month is not None and rng.random() < 0.5:
        # Month and day both differ: one wrong part could be a typo, both hardly.
        m = rng.randint(1, 12)
        while m == d.month or (d.day is not None and m == d.day):
            m = rng.randint(1, 12)
        day = rng.randint(1, 28)
        while d.day is not None and day in (d.day, d.month):
            day = rng.randint(1, 28)
        return PartialDate(d.year, m, day).iso()
    k = rng.randint(2, 6)
    if isinstance(d, DateSpan):
        y = d.start.year - k if rng.random() < 0.5 else d.end.year + k
    else:
        y = d.year + (k if rng.random() < 0.5 else -k)
    return PartialDate(y, rng.randint(1, 12), rng.randint(1, 28)).iso()


# --- query builders ------------------------------------------------------------------------------


class Donors:
    """People from a separate world: given and family names to build look-alikes with, and
    random travellers. Indexed by (country, sex, system)."""

    def __init__(self, persons: Iterable[Person]) -> None:
        self.persons: list[Person] = []
        self.given: dict[tuple[str, str, str], list[str]] = defaultdict(list)
        self.family: dict[tuple[str, str, str], list[str]] = defaultdict(list)
        for p in persons:
            self.persons.append(p)
            country, sex = p.nationalities[0], p.sex.value
            for n in p.names:
                if n.given and n.family and n.kind != NameKind.ALIAS:
                    key = (country, sex, system_of(n))
                    self.given[key].append(n.given)
                    self.family[key].append(n.family)
        for d in (self.given, self.family):
            for k, v in d.items():
                d[k] = list(dict.fromkeys(v))

    def pick_given(self, key: tuple[str, str, str], rng: random.Random) -> str:
        pool = self.given.get(key) or []
        return pool[int(rng.random() * len(pool))] if pool else ""


class IndexNames:
    """Folded names of the index with the birth years recorded: is a look-alike in fact
    (indistinguishably) someone who is in the index?"""

    def __init__(self, records: Iterable[Record]) -> None:
        self.years: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for r in records:
            span = _years(r.subject.birth_dates)
            for n in r.subject.names:
                self.years[fold_key(n.full)].append(span)

    def collides(self, name: str, dob: str | None) -> bool:
        spans = self.years.get(fold_key(name))
        if not spans:
            return False
        if dob is None:
            return True
        y = int(dob[:4])
        return any(lo - 1 <= y <= hi + 1 for lo, hi in spans)


def _years(dates: Sequence[str]) -> tuple[int, int]:
    if not dates:
        return (0, 9999)
    ys = [int(p[:4]) for d in dates for p in d.split("/")]
    return (min(ys), max(ys))


def _choose_kind(rng: random.Random, table: Sequence[tuple[str, float]]) -> str:
    r, acc = rng.random(), 0.0
    for k, p in table:
        acc += p
        if r < acc:
            return k
    return table[-1][0]


def query_source(
    person: Person, record: Record, rng: random.Random
) -> tuple[PersonName, str] | None:
    """Which of the person's forms a query is written in, and how it relates to the record:
    `translit` (a Latin spelling the record lacks), `native` (the native script against a
    Latin-only record), `alias`, or `same_form` (no other spelling exists: perturbed)."""
    names = list(person.names)
    held = {fold_key(n.full) for n in record.subject.names}
    aliases = [
        n
        for n in names
        if n.kind in (NameKind.ALIAS, NameKind.MAIDEN) and n.script == "Latn" and n.given
    ]
    if aliases and rng.random() < P_ALIAS_QUERY:
        return aliases[int(rng.random() * len(aliases))], "alias"
    primary = names[0]
    if primary.script != "Latn" and NATIVE not in record.systems:
        return primary, "native"
    fresh = [
        n
        for n in names
        if n.kind in (NameKind.TRANSLITERATION, NameKind.PRIMARY)
        and n.script == "Latn"
        and system_of(n) not in record.systems
        and fold_key(n.full) not in held
    ]
    if fresh:
        return fresh[int(rng.random() * len(fresh))], "translit"
    latin = [n for n in names if n.script == "Latn" and n.kind != NameKind.ALIAS]
    if latin:
        return latin[int(rng.random() * len(latin))], "same_form"
    return (primary, "same_form") if primary.given else None


def _subject(qid: str, name: str, dob: str | None, nat: str, sex: str) -> Subject:
    return Subject(
        id=qid,
        names=(NameForm(full=name),),
        birth_dates=(dob,) if dob else (),
        nationalities=(nat,) if nat else (),
        sex=sex,
    )


def _query_meta(rng: random.Random, person: Person) -> tuple[str, str, list[str]]:
    tags: list[str] = []
    nat = person.nationalities[0]
    if rng.random() < P_NATIONALITY_MISSING:
        nat = ""
        tags.append("nationality_missing")
    sex = person.sex.value
    if rng.random() < P_SEX_MISSING:
        sex = "U"
        tags.append("sex_missing")
    return nat, sex, tags


def mated_query(
    qid: str, person: Person, record: Record, donors: Donors, rng: random.Random
) -> Query | None:
    src = query_source(person, record, rng)
    if src is None:
        return None
    name, mode = src
    tags = [f"query:{mode}", f"system:{system_of(name)}"]
    extra = donors.pick_given((person.nationalities[0], person.sex.value, system_of(name)), rng)
    held = {fold_key(n.full) for n in record.subject.names}
    force = mode == "same_form" or fold_key(name.full) in held  # never a verbatim copy
    text, ptags = perturb_name(name, rng, person, extra, force=force)
    dob, dtag = query_dob(person.birth_dates[0] if person.birth_dates else None, rng)
    nat, sex, mtags = _query_meta(rng, person)
    return Query(
        qid=qid,
        subject=_subject(qid, text, dob, nat, sex),
        target=record.subject.id,
        mated=True,
        kind="mated",
        script=record.script,
        sex=record.sex,
        variations=(*tags, *ptags, dtag, *mtags),
    )


def _nearest_family(family: str, pool: Sequence[str], rng: random.Random) -> str:
    """A real family name one (else two) edits from `family`, or ""."""
    f = fold(family)
    close = [(Levenshtein.distance(f, fold(c), score_cutoff=2), c) for c in pool]
    for d in (1, 2):
        options = [c for dist, c in close if dist == d and fold(c) != f]
        if options:
            return options[int(rng.random() * len(options))]
    return ""


def hard_negative(
    qid: str,
    person: Person,
    record: Record,
    donors: Donors,
    index_names: IndexNames,
    rng: random.Random,
) -> Query | None:
    """A look-alike of `person` who is not in the index (see the module docstring)."""
    src = query_source(person, record, rng)
    if src is None or not person.birth_dates:
        return None
    name, mode = src
    parts = split_name(name)
    if parts is None:
        return None
    d = person.birth_dates[0]
    key = (person.nationalities[0], person.sex.value, system_of(name))
    for _ in range(6):
        kind = _choose_kind(rng, HARD_KINDS)
        p = Parts(list(parts.given), list(parts.patronymic), list(parts.family), parts.order,
                  parts.sep, parts.script, parts.lang)  # fmt: skip
        g0 = fold(" ".join(parts.given))
        if kind == "same_family":
            other = donors.pick_given(key, rng)
            if not other or Levenshtein.distance(fold(other), g0) <= 2:
                continue
            p.given = other.split() if p.sep else [other]
            dob = same_year_dob(d, rng)
        elif kind == "name_edit":
            fam = " ".join(parts.family) if parts.sep else parts.family[0]
            near = _nearest_family(fam, donors.family.get(key, ()), rng)
            if near:
                p.family = near.split() if p.sep else [near]
            elif parts.sep and _typo(p, rng, 1):
                kind = "name_edit_synthetic"
            else:
                continue
            dob = contradicting_dob(d, rng)
        else:
            dob = contradicting_dob(d, rng)
        look = PersonName(p.render(), " ".join(p.given), " ".join(p.family),
                          " ".join(p.patronymic), name.script, name.lang, name.kind,
                          name.system)  # fmt: skip
        text, ptags = perturb_name(look, rng, person, structural=False)
        if fold_key(text) == fold_key(name.full) and kind != "namesake":
            continue
        if index_names.collides(text, dob):
            continue
        nat, sex, mtags = _query_meta(rng, person)
        return Query(
            qid=qid,
            subject=_subject(qid, text, dob, nat, sex),
            target=record.subject.id,
            mated=False,
            kind=kind.removesuffix("_synthetic"),
            script=record.script,
            sex=record.sex,
            variations=(
                f"query:{mode}",
                f"system:{system_of(name)}",
                f"hard:{kind}",
                *ptags,
                *mtags,
            ),
        )
    return None


def random_negative(
    qid: str, traveller: Person, donors: Donors, index_names: IndexNames, rng: random.Random
) -> Query | None:
    """An ordinary traveller (from the donor world) queried the way a mated query is."""
    record = make_record(traveller, rng)
    q = mated_query(qid, traveller, record, donors, rng)
    if q is None:
        return None
    name = q.subject.names[0].full
    dob = q.subject.birth_dates[0] if q.subject.birth_dates else None
    if index_names.collides(name, dob):
        return None
    return Query(
        qid=qid,
        subject=q.subject,
        target="",
        mated=False,
        kind="random",
        script=record.script,
        sex=record.sex,
        variations=q.variations,
    )


# --- set B: an independent transliterator ---------------------------------------------------

# ICU's transforms where their output is a spelling people use. Left out: Arabic, Hebrew and
# Thai (ICU writes consonants only: "hsn alahmd"), Devanagari (no schwa deletion: "sandipa"),
# and Japanese kanji (ICU reads them as Chinese); Japanese comes from the kana reading.
ICU_RULES: dict[str, str] = {
    "Cyrl": "Cyrillic-Latin; Latin-ASCII",
    "Grek": "Greek-Latin; Latin-ASCII",
    "Hani": "Han-Latin/Names; Latin-ASCII",
    "Hang": "Hangul-Latin; Latin-ASCII",
    "Jpan": "Katakana-Latin; Latin-ASCII",
    "Geor": "Georgian-Latin; Latin-ASCII",
    "Armn": "Armenian-Latin; Latin-ASCII",
}


def _icu(rule: str) -> Any:
    import icu  # type: ignore[import-not-found,import-untyped,unused-ignore]  # PyICU (`bench` extra)

    return icu.Transliterator.createInstance(rule)


def icu_name(person: Person, group: str, cache: dict[str, Any]) -> PersonName | None:
    """The person's native name as ICU spells it in Latin, part by part, in the native order.
    Independent of xborder's own transliteration tables (which the twin generator and the
    matcher share)."""
    rule = ICU_RULES.get(group)
    if rule is None:
        return None
    source = person.names[0]
    if group == "Jpan":
        kana = [n for n in person.names if n.system == "katakana"]
        if not kana:
            return None
        source = kana[0]
    if not source.given or not source.family:
        return None
    t = cache.get(rule)
    if t is None:
        t = cache[rule] = _icu(rule)

    def latin(text: str) -> str:
        if not text:
            return ""
        out = str(t.transliterate(text))
        if group in ("Hani", "Hang"):  # syllables of one name are written together
            out = out.replace(" ", "")
        return " ".join(w[:1].upper() + w[1:] for w in out.split())

    given, family, patr = latin(source.given), latin(source.family), latin(source.patronymic)
    parts = split_name(source)
    if parts is None or not given or not family:
        return None
    gp = " ".join(p for p in (given, patr) if p)
    full = f"{family} {gp}" if parts.order == "fg" else f"{gp} {family}"
    return PersonName(full, given, family, patr, "Latn", source.lang, NameKind.TRANSLITERATION,
                      f"icu:{rule.split(';')[0]}")  # fmt: skip


def icu_queries(
    seed: int, queries: Sequence[Query], persons: Sequence[Person], donors: Donors
) -> list[Query]:
    """Set B: each mated query of a script ICU handles, re-spelled by ICU (then perturbed as
    set A is), with the same date of birth, nationality and sex; plus set A's non-mated
    queries of those scripts."""
    cache: dict[str, Any] = {}
    out: list[Query] = []
    for q in queries:
        if q.script not in ICU_RULES:
            continue
        if not q.mated:
            out.append(q)
            continue
        i = int(q.qid.split("-", 1)[1])
        person = persons[i]
        name = icu_name(person, q.script, cache)
        if name is None:
            continue
        rng = random.Random(f"{seed}:icu:{i}")
        extra = donors.pick_given((person.nationalities[0], person.sex.value, "native"), rng)
        extra_latin = ""
        if extra and person.names[0].script in ("Cyrl", "Grek", "Geor", "Armn"):
            t = cache.get(ICU_RULES[q.script])
            extra_latin = str(t.transliterate(extra)).capitalize() if t is not None else ""
        text, ptags = perturb_name(name, rng, person, extra_latin)
        out.append(
            Query(
                qid=f"icu-{i}",
                subject=Subject(
                    id=f"icu-{i}",
                    names=(NameForm(full=text),),
                    birth_dates=q.subject.birth_dates,
                    nationalities=q.subject.nationalities,
                    sex=q.subject.sex,
                ),
                target=q.target,
                mated=True,
                kind="mated",
                script=q.script,
                sex=q.sex,
                variations=(
                    "query:icu",
                    f"system:{name.system}",
                    *ptags,
                    *(t for t in q.variations if t.startswith(("dob_", "nationality", "sex"))),
                ),
            )
        )
    return out


# --- the set ---------------------------------------------------------------------------------


def indexed_persons(seed: int, n: int) -> Iterator[tuple[Person, Record]]:
    """The indexed world: person i's record depends only on (seed, i)."""
    for i, person in enumerate(generate_persons(seed, n)):
        yield person, make_record(person, random.Random(f"{seed}:record:{i}"))


def build(
    seed: int,
    n_index: int,
    per_group: int,
    *,
    random_share: float = 0.5,
    n_donors: int = 20_000,
    icu: bool = True,
) -> Dataset:
    """The index (`n_index` records) and the labelled queries: per script group up to
    `per_group` mated queries and as many hard negatives, plus `random_share` times that of
    random travellers."""
    persons: list[Person] = []
    records: list[Record] = []
    for person, record in indexed_persons(seed, n_index):
        persons.append(person)
        records.append(record)
    donors = Donors(generate_persons(seed + DONOR_SEED_OFFSET, n_donors))
    index_names = IndexNames(records)
    by_group: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        by_group[r.script].append(i)
    queries: list[Query] = []
    shortfall: dict[str, int] = {}
    for group in sorted(by_group):
        members = list(by_group[group])
        random.Random(f"{seed}:sample:{group}").shuffle(members)
        mated = [i for i in members[: 2 * per_group]]
        made = 0
        for i in mated:
            if made >= per_group:
                break
            q = mated_query(f"m-{i}", persons[i], records[i], donors,
                            random.Random(f"{seed}:mated:{i}"))  # fmt: skip
            if q is not None:
                queries.append(q)
                made += 1
        made_neg = 0
        # Look-alikes of other members where there are enough, of the same ones otherwise.
        order = members[per_group:] + members[:per_group]
        for i in order:
            if made_neg >= per_group:
                break
            q = hard_negative(f"h-{i}", persons[i], records[i], donors, index_names,
                              random.Random(f"{seed}:hard:{i}"))  # fmt: skip
            if q is not None:
                queries.append(q)
                made_neg += 1
        if made < per_group or made_neg < per_group:
            shortfall[group] = min(made, made_neg)
    # Random travellers, stratified by their own script group like the rest.
    want = max(1, round(per_group * random_share))
    got: dict[str, int] = defaultdict(int)
    for j, traveller in enumerate(donors.persons):
        g = script_group(traveller.names[0].script)
        if got[g] >= want:
            continue
        q = random_negative(f"r-{j}", traveller, donors, index_names,
                            random.Random(f"{seed}:random:{j}"))  # fmt: skip
        if q is not None:
            queries.append(q)
            got[g] += 1
    info = {
        "version": DATASET_VERSION,
        "seed": seed,
        "index_size": n_index,
        "per_group": per_group,
        "random_share": random_share,
        "donor_world": {"seed": seed + DONOR_SEED_OFFSET, "persons": n_donors},
        "groups_short_of_quota": shortfall,
    }
    data = Dataset(seed=seed, records=records, queries=queries, info=info)
    if icu:
        data.icu_queries = icu_queries(seed, queries, persons, donors)
        info["icu_set"] = {
            "rules": ICU_RULES,
            "queries": len(data.icu_queries),
            "mated": sum(q.mated for q in data.icu_queries),
        }
    return data
