"""Which countries a place text names, in the languages requests are written in. Pure.

A request says where the facts happened in free text ("The Hague, Netherlands", "Suisse et
Algérie", "Донецкая область, Украина"). The country names come from CLDR through Babel (the
territory names of each request language) and pycountry, matched on normalised words;
`data/place_names.json` adds common names CLDR lacks ("USA"), names of regions that contain
a country's name ("New Mexico"), and country names that are also places elsewhere
("Georgia", "Granada"), which count only when no other country is named.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pycountry
from babel import Locale

from xborder.safeguards.charges import LANGUAGES
from xborder.safeguards.text import Pattern, compile_pattern, find, normalise, words_of

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class _Name:
    pattern: Pattern
    code: str | None  # None: a region's name, which names no country
    ambiguous: bool


def _source(name: str) -> str:
    # each word exact ("=": an Arabic name is not a stem, مصر is not مصرف)
    return " ".join(w + "=" for w in _WORD.findall(normalise(name)))


@cache
def _names() -> tuple[_Name, ...]:
    """Every country name in every request language (names of two letters are left out:
    codes and words, not names), with the corrections of data/place_names.json."""
    raw = resources.files("xborder.safeguards").joinpath("data/place_names.json")
    fixes = json.loads(raw.read_text("utf-8"))
    codes = {str(c.alpha_2) for c in pycountry.countries}
    found: dict[str, str | None] = {}
    for name, code in fixes["aliases"].items():
        found.setdefault(_source(name), code)
    for name in fixes["not_countries"]:
        found.setdefault(_source(name), None)
    for lang in LANGUAGES:
        for code, name in Locale.parse(lang).territories.items():
            if code in codes and len(name) >= 3:
                found.setdefault(_source(name), code)
    for c in pycountry.countries:
        for name in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if name and "," not in name:
                found.setdefault(_source(name), str(c.alpha_2))
    ambiguous = {_source(n) for n in fixes["ambiguous"]}
    return tuple(
        _Name(compile_pattern(source, gap=0), code, source in ambiguous)
        for source, code in found.items()
        if source
    )


def countries_named(text: str) -> frozenset[str]:
    """The ISO alpha-2 codes of the countries the text names."""
    if not text.strip():
        return frozenset()
    words = words_of(text)
    spans = [(span, n) for n in _names() for span in find(words, n.pattern)]
    # a name inside a longer one is not named ("Guinea" in "Papua New Guinea", "Mexico" in
    # "New Mexico")
    outer = [
        (span, n)
        for span, n in spans
        if not any(o[0] <= span[0] and span[1] <= o[1] and o != span for o, _ in spans)
    ]
    sure = {n.code for _, n in outer if n.code and not n.ambiguous}
    maybe = {n.code for _, n in outer if n.code and n.ambiguous}
    return frozenset(sure or maybe)
