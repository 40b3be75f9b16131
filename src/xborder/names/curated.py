"""Curated spellings for scripts with no algorithm that yields real-world Latin names.

Nobody writes محمد as "Mḥmd": it is Mohammed, Muhammad, Mohamed or Mohamad depending on
country and writer. Arabic, Persian, Hebrew, Devanagari and Thai names therefore come with
hand-collected spellings, tagged by style (`common`, `en`, `fr`, `scholarly`, `rtgs`), loaded
once from the packaged JSON files.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from anyascii import anyascii

ARABIC_ARTICLE = "ال"
# How each style writes the Arabic article before a family name; the first is the default.
ARTICLE_FORMS: dict[str, tuple[str, ...]] = {
    "common": ("", "Al-", "Al ", "al-", "El-"),
    "en": ("al-", "", "Al-"),
    "fr": ("", "El ", "El-"),
    "scholarly": ("al-",),
}


@dataclass(frozen=True)
class Entry:
    """One native name and the Latin spellings actually used for it, best first per style."""

    native: str
    sex: str
    spellings: dict[str, tuple[str, ...]]
    where: frozenset[str] = frozenset()
    article: bool = False  # an Arabic family name written with al-, stored without it

    def spell(self, style: str, index: int = 0, article: str | None = None) -> str:
        """The `index`-th spelling in `style` (falling back to `common`), with the article
        written the style's way (or as `article` says) where the name has one."""
        forms = self.spellings.get(style) or self.spellings["common"]
        base = forms[min(index, len(forms) - 1)]
        if not self.article:
            return base
        if article is None:
            article = ARTICLE_FORMS.get(style, ("",))[0]
        return article + base

    def variants(self, style: str) -> int:
        return len(self.spellings.get(style) or self.spellings["common"])


@dataclass(frozen=True)
class Lexicon:
    """The curated names of one script and language family."""

    name: str
    styles: tuple[str, ...]
    given: tuple[Entry, ...]
    family: tuple[Entry, ...]
    _given_by_native: dict[str, Entry] = field(default_factory=dict, repr=False)
    _family_by_native: dict[str, Entry] = field(default_factory=dict, repr=False)

    def lookup(self, native: str, family: bool = False) -> Entry | None:
        first, second = (
            (self._family_by_native, self._given_by_native)
            if family
            else (self._given_by_native, self._family_by_native)
        )
        return first.get(native) or second.get(native)

    def pool(self, role: str, sex: str = "", where: str = "") -> tuple[Entry, ...]:
        """Entries for a role ("given" or "family"), sex ("M"/"F"; "" for any) and country."""
        entries = self.given if role == "given" else self.family
        return tuple(
            e
            for e in entries
            if (not sex or not e.sex or e.sex == sex) and (not e.where or where in e.where)
        )


def _entry(raw: dict[str, Any], family: bool) -> Entry:
    native = str(raw["native"])
    article = family and native.startswith(ARABIC_ARTICLE) and " " not in native
    return Entry(
        native=native,
        sex=str(raw.get("sex", "")),
        spellings={k: tuple(v) for k, v in raw["spellings"].items()},
        where=frozenset(raw.get("where", ())),
        article=article,
    )


def _load(name: str) -> dict[str, Any]:
    text = resources.files("xborder.names").joinpath(f"data/{name}.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def lexicon(name: str) -> Lexicon:
    """The curated lexicon `name`: arabic, persian, hebrew, devanagari or thai."""
    data = _load(name)
    given = tuple(_entry(e, False) for e in data["given"])
    family = tuple(_entry(e, True) for e in data["family"])
    return Lexicon(
        name=name,
        styles=tuple(data["styles"]),
        given=given,
        family=family,
        _given_by_native={e.native: e for e in given},
        _family_by_native={e.native: e for e in family},
    )


LEXICON_BY_SCRIPT = {"Arab": "arabic", "Hebr": "hebrew", "Deva": "devanagari", "Thai": "thai"}


def lexicon_for(script: str, lang: str = "") -> Lexicon | None:
    """The lexicon for a script (Persian-language Arabic script uses the Persian one)."""
    if script == "Arab" and lang in ("fa", "ps", "prs"):
        return lexicon("persian")
    name = LEXICON_BY_SCRIPT.get(script)
    return lexicon(name) if name else None


@dataclass(frozen=True)
class KoreanData:
    family: dict[str, tuple[str, ...]]
    syllables: dict[str, str]


@cache
def korean() -> KoreanData:
    """Korean family-name spellings in use (Kim, Lee, Park) and popular syllable spellings."""
    data = _load("korean")
    return KoreanData(
        family={k: tuple(v) for k, v in data["family"].items()},
        syllables=dict(data["syllables"]),
    )


def _segments(words: Sequence[str], lex: Lexicon) -> Iterator[tuple[str, Entry | None]]:
    """Greedy longest match of consecutive words against the lexicon (عبد الله is one name)."""
    i = 0
    while i < len(words):
        for size in (3, 2, 1):
            chunk = " ".join(words[i : i + size])
            if i + size > len(words):
                continue
            last = i + size == len(words) and i > 0
            entry = lex.lookup(chunk, family=last)
            if entry is not None:
                yield chunk, entry
                i += size
                break
        else:
            yield words[i], None
            i += 1


def spell_text(text: str, lex: Lexicon, style: str, index: int = 0) -> str:
    """A whole name in one style; words the lexicon lacks fall back to anyascii."""
    out = []
    for chunk, entry in _segments(text.split(), lex):
        out.append(entry.spell(style, index) if entry else anyascii(chunk).capitalize())
    return " ".join(p for p in out if p)


def spell_variants(text: str, lex: Lexicon) -> list[tuple[str, str]]:
    """(style, spelling) of a whole name: each style's best form, then the other common forms."""
    segments = list(_segments(text.split(), lex))
    out: dict[str, str] = {}
    for style in lex.styles:
        full = " ".join(e.spell(style) if e else anyascii(c).capitalize() for c, e in segments)
        out.setdefault(full, style)
    most = max((e.variants("common") for _, e in segments if e), default=1)
    for index in range(1, most):
        full = " ".join(
            e.spell("common", index) if e else anyascii(c).capitalize() for c, e in segments
        )
        out.setdefault(full, "common")
    return [(style, full) for full, style in out.items()]
