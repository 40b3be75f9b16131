"""A subject made ready for comparison, once per record (`prepare`): every Latin reading of
every name (`normalise.name_variants`) as a compact *pattern* of token units, the parsed dates
of birth, the nationalities and sex. The index holds millions of these, so they are small
and interned; `matching` compares them."""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from xborder.kernel.dates import DateSpan, parse_birth_date
from xborder.kernel.errors import Invalid
from xborder.names.scripts import char_script
from xborder.screening import readings, skeleton
from xborder.screening.config import INITIAL_WEIGHT, PARTICLE_WEIGHT, WORD_WEIGHT
from xborder.screening.model import NameForm, Subject
from xborder.screening.normalise import HANZI, LEARNED, NameVariant, name_variants, simplified

MAX_VARIANTS = 16  # Latin readings kept per subject (a record rarely has more than ten)
MAX_TOKENS = 12  # tokens kept per reading; longer strings are not names
_JOIN_UP_TO = 6  # adjacent tokens are also tried written together in readings this short
_JOIN_LETTERS = 12  # ... when both together are this short (Abdul Rahman/Abdulrahman)

# (unit index, token mask, weight, words, bound weight): a token, or adjacent tokens written
# together; words counts the tokens that are not particles, bound weight that of the parts of
# hyphenated compounds (a missing one is a different name: Li Pin-lei is not Li Lei).
Entry = tuple[int, int, float, int, float]
# (system, total weight, bound weight, number of words, closed, entries, script): one
# reading, interned (records share them). A closed reading has no optional parts (Chinese,
# Japanese, Korean names): whatever the other side has beyond it is a contradiction, not a
# middle name it left out. The script is that of the name the reading came from.
Pattern = tuple[str, float, float, int, bool, tuple[Entry, ...], str]
# (earliest ordinal, latest ordinal, year, month, day); 0 where unknown, year 0 for a range.
DateKey = tuple[int, int, int, int, int]

_PATTERNS: dict[Pattern, Pattern] = {}
_READINGS: dict[tuple[Pattern, ...], tuple[Pattern, ...]] = {}


@dataclass(frozen=True, slots=True)
class Prepared:
    """A subject ready for comparison. `units` are the distinct token strings (and adjacent
    tokens written together) of all its readings; each reading is a `Pattern` over them.
    It keeps no reference to the subject it came from: a million-record index holds only this."""

    units: tuple[str, ...]
    variants: tuple[Pattern, ...]
    dates: tuple[DateKey, ...]
    nationalities: tuple[str, ...]
    sex: str
    han: bool = False  # a name written in Han characters (compared as written with another)
    # the Han readings (as written) of the names that are foreign names written by sound (a
    # name dot between the parts): those, and only those, are also heard against Latin names
    # (`skeleton.han_skeleton`)
    transcribed: tuple[str, ...] = ()
    # a name written in Chinese characters that the press transcribes foreign names with,
    # and nothing else (`_sounded`): its one-word reading may be a family name alone
    sounded: bool = False
    # whether the matcher's ear (`ears.by_ear_score`) or family comparison
    # (`ears.by_family_score`) may apply to this subject: fixed here, once per record, so
    # that the scorer does not ask it of every candidate
    ear: bool = False
    family: bool = False

    @property
    def systems(self) -> tuple[str, ...]:
        """The transliteration system (or "as written") of each reading."""
        return tuple(v[0] for v in self.variants)

    def reading(self, index: int) -> str:
        """The tokens of reading `index`, in written order."""
        entries = self.variants[index][5]
        return " ".join(self.units[e[0]] for e in entries if e[1] & (e[1] - 1) == 0)


def _joinable(toks: Sequence[str], flags: str, i: int) -> bool:
    """Whether tokens i and i+1 are also tried written together: a particle and its word
    (Mac Donald/MacDonald, Abu Bakr/Abubakr), the parts of a hyphenated compound
    (Joon-young/Junyeong) and short neighbours (Abdel Kader/Abdelkader, Xiao Ping/Xiaoping,
    Abdul Rahman/Abdulrahman: a missing space). Long pairs are not (Vladimir Putin is never
    Vladimirputin), which keeps records small."""
    a, b = flags[i], flags[i + 1]
    if "i" in (a, b):
        return False
    if "p" in (a, b) or (a == "h" and b == "h"):
        return True
    return len(toks[i]) + len(toks[i + 1]) <= _JOIN_LETTERS


def _pattern(variant: NameVariant, units: dict[str, int]) -> Pattern:
    toks = variant.tokens[:MAX_TOKENS]
    flags = variant.flags[:MAX_TOKENS]
    weights = [
        PARTICLE_WEIGHT if f == "p" else INITIAL_WEIGHT if f == "i" else WORD_WEIGHT for f in flags
    ]
    words = [0 if f == "p" else 1 for f in flags]
    bound = [w if f == "h" else 0.0 for w, f in zip(weights, flags, strict=True)]

    def unit(text: str) -> int:
        idx = units.get(text)
        if idx is None:
            idx = units[sys.intern(text)] = len(units)
        return idx

    def entry(i: int, size: int) -> Entry:
        j = i + size
        return (
            unit("".join(toks[i:j])),
            ((1 << size) - 1) << i,
            sum(weights[i:j]),
            sum(words[i:j]),
            sum(bound[i:j]),
        )

    n = len(toks)
    entries = [entry(i, 1) for i in range(n)]
    if n <= _JOIN_UP_TO:
        entries += [entry(i, 2) for i in range(n - 1) if _joinable(toks, flags, i)]
        entries += [
            entry(i, 3)
            for i in range(n - 2)
            if "p" in flags[i : i + 2] and "i" not in flags[i : i + 2] and flags[i + 2] != "p"
        ]
    closed = all(f in "hp" for f in flags)
    pattern: Pattern = (
        sys.intern(variant.system),
        float(sum(weights)),
        float(sum(bound)),
        sum(words),
        closed,
        tuple(entries),
        sys.intern(variant.script),
    )
    return _PATTERNS.setdefault(pattern, pattern)


# Scripts whose press and reference works write a foreign person by the family name alone
# (费德勒 for Roger Federer): Chinese characters. Katakana does too (チトー for Tito), but
# on the development rows comparing it so found nothing more within the target rate.
FAMILY_ALONE = frozenset({"Hani"})


def heard(pattern: Pattern) -> bool:
    """Whether `pattern` is the learned reading of a name in a script with an ear: a Hebrew
    name, or a katakana one (a foreign name as Japanese writes it). Japanese names in hiragana
    or kanji have no learned reading; they are compared as Japanese names, whose vowels tell
    them apart (Sato, Saito) where a skeleton would not."""
    return (
        pattern[0] == LEARNED
        and pattern[6] in skeleton.EARS
        and pattern[6] not in skeleton.NATIVE_SIDE
    )


def alone(p: Prepared, pattern: Pattern) -> bool:
    """A one-word learned reading of a name that may be a foreigner's family name alone: a
    Chinese name written in transcription characters (`_sounded`)."""
    return p.sounded and _one_learned_word(pattern)


def _one_learned_word(pattern: Pattern) -> bool:
    return pattern[0] == LEARNED and pattern[3] == 1 and pattern[6] in FAMILY_ALONE


@lru_cache(maxsize=1 << 16)
def _date_key(text: str) -> DateKey | None:
    try:
        parsed = parse_birth_date(text)
    except (Invalid, ValueError):
        return None
    lo, hi = parsed.earliest().toordinal(), parsed.latest().toordinal()
    if isinstance(parsed, DateSpan):
        return (lo, hi, 0, 0, 0)
    return (lo, hi, parsed.year, parsed.month or 0, parsed.day or 0)


@lru_cache(maxsize=1 << 16)
def _dates(texts: tuple[str, ...]) -> tuple[DateKey, ...]:
    return tuple(k for k in dict.fromkeys(_date_key(t) for t in texts) if k is not None)


@lru_cache(maxsize=4096)
def _nationalities(codes: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted({c.strip().upper() for c in codes if c and c.strip()}))


def _sex(value: str) -> str:
    v = (value or "U").strip().upper()[:1]
    return v if v in ("M", "F") else "U"


def _transcription(form: NameForm) -> bool:
    """A foreign name written in Han characters by sound: Han characters with a name dot
    between the parts, and not a Japanese or Korean name (which may carry a dot too)."""
    if form.lang[:2].lower() in ("ja", "ko"):
        return False
    text = unicodedata.normalize("NFKC", form.full)
    if not skeleton.HAN_NAME_DOT.search(text):
        return False
    scripts = {char_script(ch) for ch in text if ch.isalpha()}
    return "Hani" in scripts and not scripts & {"Hira", "Kana", "Hang"}


def _sounded(form: NameForm) -> bool:
    """A name of Han characters only, each among those the learned Chinese reading met in
    many transcribed names (`readings.Model.frequent`), traditional or simplified; not a
    Japanese or Korean name. Such a name without a dot may still be a foreign person's family
    name alone (费德勒: Federer); a name with any other character is read as Chinese."""
    if form.lang[:2].lower() in ("ja", "ko"):
        return False
    model = readings.model_for("Hani")
    if model is None or not model.frequent:
        return False
    letters = [ch for ch in unicodedata.normalize("NFKC", form.full) if not ch.isspace()]
    if not letters or not all(map(skeleton.char_is_han, letters)):
        return False
    return all(ch in model.frequent or simplified(ch) in model.frequent for ch in letters)


def prepare(subject: Subject) -> Prepared:
    """Everything comparison needs, computed once per record: the Latin readings of every
    name (each spelling once, whatever its order), the parsed dates of birth, the
    nationalities and sex."""
    units: dict[str, int] = {}
    variants: list[Pattern] = []
    seen: set[tuple[str, ...]] = set()
    heard_as: list[str] = []
    sounded = False
    for form in subject.names:
        if not form.full or not form.full.strip():
            continue
        transcription = _transcription(form)
        sounded = sounded or (not transcription and _sounded(form))
        for variant in name_variants(form):
            if transcription and variant.system == HANZI:
                heard_as.append(" ".join(variant.tokens))
            signature = tuple(sorted(variant.tokens))
            if signature in seen or len(variants) >= MAX_VARIANTS:
                continue
            seen.add(signature)
            variants.append(_pattern(variant, units))
    kept = tuple(variants)
    transcribed = tuple(dict.fromkeys(heard_as))
    return Prepared(
        units=tuple(units),
        variants=_READINGS.setdefault(kept, kept),
        dates=_dates(tuple(subject.birth_dates)),
        nationalities=_nationalities(tuple(subject.nationalities)),
        sex=_sex(subject.sex),
        han=any(v[0] == HANZI for v in variants),
        transcribed=transcribed,
        sounded=sounded,
        ear=bool(transcribed) or any(map(heard, variants)),
        family=sounded and any(map(_one_learned_word, variants)),
    )
