"""The charge-pattern catalogue (data/charge_patterns.json) and its matcher. Pure.

Each family carries its rationale and sources, a kind that says how much a match weighs
(see `Kind`), and patterns per language matched on normalised words (`safeguards.text`),
so a request that quotes the national law in Russian or Arabic is read like one in English.
A match is a signal with its evidence (field, the words quoted from the request, the
language of the pattern); the reviewer decides.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from xborder.safeguards.text import (
    Concept,
    FirstWords,
    Pattern,
    Words,
    compile_concept,
    compile_pattern,
    find,
    find_concept,
    framed,
    words_of,
)

LANGUAGES = ("en", "fr", "es", "ar", "ru", "tr")
FACTS = "facts summary"  # the field label `notices.rulebase.texts` gives the facts
"""English, French, Spanish and Arabic (the working languages of requests), Russian and
Turkish (national law often quoted in its own words)."""


class Kind(StrEnum):
    DISSENT = "dissent"  # speech, assembly, belief charged as crime: a strong art. 3 signal
    POLITICAL = "political"  # political or military by nature: a strong art. 3 signal
    CONTEXT = "context"  # ordinary offences that frame political cases: needs corroboration
    PRIVATE_DISPUTE = "private_dispute"  # a marker of a dispute between private parties
    ORDINARY = "ordinary"  # no signal; penalty range and capital status only


@dataclass(frozen=True)
class Family:
    id: str
    label: str
    kind: Kind
    rationale: str
    sources: tuple[str, ...]
    patterns: tuple[tuple[str, Pattern], ...]  # (language, pattern)
    unless: tuple[tuple[str, Pattern], ...] = ()
    excluded_offence: bool = False  # also an offence excluded from notices
    # looked for only in what the request charges (title, summary, offences), never in the
    # facts it recounts ("he crossed the border" in a narrative charges nothing)
    charged_only: bool = False
    # capital in "all" retentionist states (intentional killing) or only in "some"
    capital: str | None = None
    typical_max_months: tuple[int, int] | None = None
    # the family's meaning as slots that must all occur in a sentence (`text.Concept`), for
    # the phrasings its patterns do not list
    concepts: tuple[tuple[str, Concept], ...] = ()


@dataclass(frozen=True)
class Catalogue:
    id: str
    version: str
    families: tuple[Family, ...]

    def family(self, family_id: str) -> Family:
        for f in self.families:
            if f.id == family_id:
                return f
        raise KeyError(family_id)


@dataclass(frozen=True)
class ChargeMatch:
    family: str
    label: str
    kind: Kind
    field: str  # where in the request: "offence 1", "facts summary", ...
    quotes: tuple[str, ...]  # the words of the request that matched, as written
    languages: tuple[str, ...]  # languages of the patterns that matched

    def as_json(self) -> dict[str, Any]:
        return {
            "family": self.family,
            "label": self.label,
            "kind": self.kind.value,
            "field": self.field,
            "quotes": list(self.quotes),
            "languages": list(self.languages),
        }


def parse_patterns(raw: Any, where: str) -> tuple[tuple[str, Pattern], ...]:
    """A data file's patterns by language (language -> list of word sequences), validated;
    the charge catalogue and the profile terms share the form."""
    if not isinstance(raw, dict) or not raw:
        raise ValueError(f"{where}: patterns are an object of language -> list")
    out = []
    for lang, items in raw.items():
        if lang not in LANGUAGES:
            raise ValueError(f"{where}: unknown language {lang!r}")
        if not isinstance(items, list) or not all(isinstance(p, str) for p in items):
            raise ValueError(f"{where}: {lang} patterns are a list of strings")
        out += [(lang, compile_pattern(p)) for p in items]
    return tuple(out)


def _concepts(raw: Any, where: str) -> tuple[tuple[str, Concept], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: concepts are an object of language -> list of slot lists")
    out = []
    for lang, items in raw.items():
        if lang not in LANGUAGES:
            raise ValueError(f"{where}: unknown language {lang!r}")
        for slots in items:
            if not isinstance(slots, list) or not all(
                isinstance(alts, list) and all(isinstance(a, str) for a in alts) for alts in slots
            ):
                raise ValueError(f"{where}: a {lang} concept is a list of lists of strings")
            out.append((lang, compile_concept(slots)))
    return tuple(out)


def _capital(raw: Any, fid: str) -> str | None:
    if raw in (None, "all", "some"):
        return raw  # type: ignore[no-any-return]
    raise ValueError(f"{fid}: capital_in_retentionist_states is 'all', 'some' or absent")


def parse(data: dict[str, Any]) -> Catalogue:
    """Validate a catalogue document; a bad entry is a ValueError naming it."""
    families = []
    seen: set[str] = set()
    for raw in data["families"]:
        fid = raw["id"]
        if fid in seen:
            raise ValueError(f"duplicate family {fid}")
        seen.add(fid)
        if not raw.get("rationale") or not raw.get("sources"):
            raise ValueError(f"{fid}: a family needs its rationale and sources")
        typical = raw.get("typical_max_penalty_months")
        if typical is not None and not (
            len(typical) == 2 and 0 <= typical[0] <= typical[1] <= 1200
        ):
            raise ValueError(f"{fid}: typical_max_penalty_months is [low, high] in 0-1200")
        families.append(
            Family(
                id=fid,
                label=raw["label"],
                kind=Kind(raw["kind"]),
                rationale=raw["rationale"],
                sources=tuple(raw["sources"]),
                patterns=parse_patterns(raw["patterns"], fid),
                unless=parse_patterns(raw["unless"], fid) if raw.get("unless") else (),
                excluded_offence=bool(raw.get("excluded_offence", False)),
                charged_only=bool(raw.get("charged_only", False)),
                capital=_capital(raw.get("capital_in_retentionist_states"), fid),
                typical_max_months=(typical[0], typical[1]) if typical else None,
                concepts=_concepts(raw.get("concepts"), fid),
            )
        )
    return Catalogue(data["id"], data["version"], tuple(families))


@cache
def catalogue() -> Catalogue:
    raw = resources.files("xborder.safeguards").joinpath("data/charge_patterns.json")
    return parse(json.loads(raw.read_text("utf-8")))


@cache
def _first_words() -> FirstWords:
    """The catalogue's patterns and concepts by their first word (a concept by each first
    word of its first slot)."""
    items: list[tuple[int, Pattern]] = []
    for fam in catalogue().families:
        items += [(id(p), p) for _, p in fam.patterns]
        items += [(id(c), alt) for _, c in fam.concepts for alt in c.slots[0]]
    return FirstWords(items)


def _found(
    words: Words, fam: Family, may: set[int], narrative: bool = False
) -> tuple[list[str], list[str]]:
    """The quotes and languages of a family's matches in one text. In a narrative (the facts
    a request recounts), a political or military term that dates the facts ("after the
    coup", "during the war") is the time of the facts, not an act charged: left out."""
    quotes: list[str] = []
    langs: list[str] = []
    spans = [
        (lang, span)
        for lang, pattern in fam.patterns
        if id(pattern) in may
        for span in find(words, pattern)
    ]
    spans += [
        (lang, span) for lang, c in fam.concepts if id(c) in may for span in find_concept(words, c)
    ]
    if narrative and fam.kind == Kind.POLITICAL and spans:
        start_of = {span[0]: i for i, span in enumerate(words.spans)}
        spans = [(lang, sp) for lang, sp in spans if not framed(words, start_of[sp[0]])]
    for lang, (b, e) in spans:
        q = words.text[b:e]
        if q not in quotes:
            quotes.append(q)
        if lang not in langs:
            langs.append(lang)
    # a quote inside a longer quote of the same family says nothing more
    quotes = [q for q in quotes if not any(q != o and q in o for o in quotes)]
    return quotes, langs


def _suppressed(fam: Family, all_words: Sequence[Words]) -> bool:
    return any(find(w, p) for _, p in fam.unless for w in all_words)


def match_text(field: str, text: str) -> list[ChargeMatch]:
    """The families whose patterns occur in one text (none of their `unless` patterns in it)."""
    return analyse([(field, text)])


def analyse(texts: Iterable[tuple[str, str]]) -> list[ChargeMatch]:
    """Every family found in a request's labelled texts (see `_analyse`); cached, since
    several rules read the same request."""
    return list(_analyse(tuple(texts)))


@lru_cache(maxsize=512)
def _analyse(texts: tuple[tuple[str, str], ...]) -> tuple[ChargeMatch, ...]:
    """Every family found in a request's labelled texts, field by field. A family's `unless`
    patterns are looked for in everything the request charges (title, summary, offences,
    laws), not in the facts it recounts: a bombing charged takes a membership charge out of
    the speech family, a killing the facts mention does not."""
    indexed = [(field, words_of(text)) for field, text in texts]
    first = _first_words()
    may = [first.candidates(words) for _, words in indexed]
    # what the request charges (not what its facts recount): a killing the facts report does
    # not make a membership charge violent, a bombing charged does
    charged = [w for field, w in indexed if field != FACTS]
    out = []
    for fam in catalogue().families:
        found = []
        for (field, words), candidates in zip(indexed, may, strict=True):
            if fam.charged_only and field == FACTS:
                continue
            quotes, langs = _found(words, fam, candidates, field == FACTS)
            if quotes:
                found.append(
                    ChargeMatch(fam.id, fam.label, fam.kind, field, tuple(quotes), tuple(langs))
                )
        if found and not (fam.unless and _suppressed(fam, charged)):
            out += found
    return tuple(out)


def families_in(matches: Iterable[ChargeMatch], *kinds: Kind) -> list[str]:
    out: list[str] = []
    for m in matches:
        if (not kinds or m.kind in kinds) and m.family not in out:
            out.append(m.family)
    return out
