"""What the request itself says the person does (data/profile_terms.json). Pure.

An abusive requester never declares that the person is a journalist or an opposition
politician, but its facts often say so in passing ("editor-in-chief of a daily", "a director
of music videos"). A match proposes the profile to the reviewer with the words quoted; the
art. 3 assessment weighs it like a list match awaiting confirmation (`w_profile_stated`).
Offences are not read: they may name the victims' work ("obstructing journalists").
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from xborder.safeguards.charges import parse_patterns
from xborder.safeguards.text import (
    FirstWords,
    Pattern,
    find,
    normalise,
    words_of,
)


@dataclass(frozen=True)
class Term:
    profile: str
    rationale: str
    sources: tuple[str, ...]
    patterns: tuple[tuple[str, Pattern], ...]


@dataclass(frozen=True)
class StatedProfile:
    profile: str
    field: str
    quotes: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {"profile": self.profile, "field": self.field, "quotes": list(self.quotes)}


def parse(data: dict[str, Any], profiles: Iterable[str]) -> tuple[str, tuple[Term, ...]]:
    """(version, terms) of a profile-terms document whose kinds are among `profiles` (the
    notices' profile kinds, given by the caller: safeguards do not import notices); a bad
    entry is a ValueError naming it."""
    known = set(profiles)
    terms = []
    for raw in data["kinds"]:
        kind = raw["profile"]
        if kind not in known:
            raise ValueError(f"unknown profile {kind!r}")
        if not raw.get("rationale") or not raw.get("sources"):
            raise ValueError(f"{kind}: a profile needs its rationale and sources")
        patterns = parse_patterns(raw["patterns"], kind)
        terms.append(Term(kind, raw["rationale"], tuple(raw["sources"]), patterns))
    return str(data["version"]), tuple(terms)


@cache
def terms(profiles: tuple[str, ...]) -> tuple[str, tuple[Term, ...]]:
    raw = resources.files("xborder.safeguards").joinpath("data/profile_terms.json")
    return parse(json.loads(raw.read_text("utf-8")), profiles)


def _plural(quote: str, pattern: Pattern) -> bool:
    """A Latin-script match of a stem in the plural ("journalists", "deux prêtres") names
    other people (the victims, the colleagues): the person is one."""
    if not pattern.tokens[-1][1] or not quote.endswith("s") or not normalise(quote).isascii():
        return False  # an exact phrase ("music videos") is kept as written
    return bool(find(words_of(quote[:-1]), pattern))


@cache
def _first_words(profiles: tuple[str, ...]) -> FirstWords:
    return FirstWords((id(p), p) for t in terms(profiles)[1] for _, p in t.patterns)


def stated(texts: Iterable[tuple[str, str]], profiles: tuple[str, ...]) -> list[StatedProfile]:
    """The profiles the request's words give, field by field (offences left out); cached,
    since each assessment of a request asks again."""
    return list(_stated(tuple(texts), profiles))


@lru_cache(maxsize=512)
def _stated(
    texts: tuple[tuple[str, str], ...], profiles: tuple[str, ...]
) -> tuple[StatedProfile, ...]:
    out = []
    first = _first_words(profiles)
    for field, text in texts:
        if field.startswith("offence"):
            continue
        words = words_of(text)
        may = first.candidates(words)
        for term in terms(profiles)[1]:
            quotes = tuple(
                dict.fromkeys(
                    words.text[b:e]
                    for _, p in term.patterns
                    if id(p) in may
                    for b, e in find(words, p)
                    if not _plural(words.text[b:e], p)
                )
            )
            if quotes:
                out.append(StatedProfile(term.profile, field, quotes))
    return tuple(out)
