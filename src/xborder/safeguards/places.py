"""Which countries a place text names, in the languages requests are written in. Pure.

A request says where the facts happened in free text ("The Hague, Netherlands", "Suisse et
Algérie", "Донецкая область, Украина"). The country names come from CLDR through Babel (the
territory names of each request language), matched on normalised words, so no list of
names is kept here.
"""

from __future__ import annotations

import re
from functools import cache

import pycountry
from babel import Locale

from xborder.safeguards.charges import LANGUAGES
from xborder.safeguards.text import Pattern, compile_pattern, find, normalise, words_of

_WORD = re.compile(r"\w+")


@cache
def _names() -> tuple[tuple[Pattern, str], ...]:
    """(name pattern, ISO alpha-2) for every country, in every request language; names
    of two letters are left out (codes and words, not names)."""
    codes = {str(c.alpha_2) for c in pycountry.countries}
    out: dict[str, str] = {}
    for lang in LANGUAGES:
        for code, name in Locale.parse(lang).territories.items():
            if code in codes and len(name) >= 3:
                out.setdefault(name, code)
    for c in pycountry.countries:
        for name in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if name and "," not in name:
                out.setdefault(name, str(c.alpha_2))
    patterns: dict[str, str] = {}
    for name, code in out.items():
        # each word exact ("=": an Arabic name is not a stem, مصر is not مصرف)
        source = " ".join(w + "=" for w in _WORD.findall(normalise(name)))
        if source:
            patterns.setdefault(source, code)
    return tuple((compile_pattern(source, gap=0), code) for source, code in patterns.items())


def countries_named(text: str) -> frozenset[str]:
    """The ISO alpha-2 codes of the countries the text names."""
    if not text.strip():
        return frozenset()
    words = words_of(text)
    spans = [(span, code) for pattern, code in _names() for span in find(words, pattern)]
    # a name inside a longer one is not named ("Guinea" in "Papua New Guinea")
    return frozenset(
        code
        for (b, e), code in spans
        if not any(o_b <= b and e <= o_e and (o_b, o_e) != (b, e) for (o_b, o_e), _ in spans)
    )
