"""Normalised text and word patterns that work the same in Latin, Cyrillic and Arabic script.

A request may quote the national law in its own language, so charge patterns are matched on
normalised words rather than literal English keywords:
- NFKC, case-folded, combining marks removed (é → e, й → и, ё → е, Arabic short vowels);
- Arabic letter variants unified (أ إ آ → ا, ة → ه, ى → ي, tatweel dropped) and the usual
  proclitics (و ف ب ل ك ال) tried off a word, so "والتحريض" meets "تحريض";
- a pattern is a sequence of words; a word ending in `*` matches any word it begins (Russian
  and Arabic inflect, so stems are the general tool); Arabic-script pattern words are always
  stems; consecutive pattern words may have up to `gap` other words between them (articles,
  adjectives: "membership of an armed terrorist organisation"), but never a sentence end.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

_WORD = re.compile(r"\w+", re.UNICODE)
_SENTENCE_END = re.compile(r"[.;!?؛。](?=\s|$)|\n")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_ARABIC_MAP = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ـ": ""})
_PROCLITICS = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")

DEFAULT_GAP = 3


def normalise(text: str) -> str:
    """The comparable form of a text (see the module docstring)."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).translate(_ARABIC_MAP).replace("ß", "ss")


def _arabic_bases(word: str) -> tuple[str, ...]:
    """A word and the same word without a leading proclitic (only if 2+ letters remain)."""
    out = [word]
    for p in _PROCLITICS:
        if word.startswith(p) and len(word) - len(p) >= 2:
            out.append(word[len(p) :])
    return tuple(out)


@dataclass(frozen=True)
class Words:
    """A text as normalised words, each with its sentence number and its span in the text,
    indexed by form (a word, and for Arabic the word without its proclitic) so that a
    pattern word is looked up rather than compared with every word."""

    text: str
    words: tuple[str, ...]
    sentence: tuple[int, ...]
    spans: tuple[tuple[int, int], ...]
    at: dict[str, tuple[int, ...]] = field(default_factory=dict)  # form -> positions
    forms: tuple[str, ...] = ()  # the forms, sorted (prefix look-ups by bisection)
    _memo: dict[tuple[str, bool], frozenset[int]] = field(default_factory=dict)

    def positions(self, token: str, stem: bool) -> frozenset[int]:
        key = (token, stem)
        if key not in self._memo:
            self._memo[key] = self._positions(token, stem)
        return self._memo[key]

    def _positions(self, token: str, stem: bool) -> frozenset[int]:
        if not stem:
            return frozenset(
                p for form in (token, token + "s", token + "es") for p in self.at.get(form, ())
            )
        i = bisect_left(self.forms, token)
        out: set[int] = set()
        while i < len(self.forms) and self.forms[i].startswith(token):
            out.update(self.at[self.forms[i]])
            i += 1
        return frozenset(out)


def words_of(text: str) -> Words:
    norm = normalise(text)
    # Normalising can change lengths (ß → ss); spans are found on the normalised text and
    # mapped back by proportion, which is exact for the common case of equal lengths.
    ratio = len(text) / len(norm) if norm else 1.0
    ends = [m.start() for m in _SENTENCE_END.finditer(norm)]
    words, sentence, spans = [], [], []
    at: dict[str, list[int]] = {}
    k = 0
    for n, m in enumerate(_WORD.finditer(norm)):
        while k < len(ends) and ends[k] < m.start():
            k += 1
        w = m.group()
        words.append(w)
        sentence.append(k)
        spans.append((int(m.start() * ratio), int(m.end() * ratio)))
        for form in _arabic_bases(w) if _ARABIC.search(w) else (w,):
            at.setdefault(form, []).append(n)
    return Words(
        text,
        tuple(words),
        tuple(sentence),
        tuple(spans),
        {f: tuple(p) for f, p in at.items()},
        tuple(sorted(at)),
    )


@dataclass(frozen=True)
class Pattern:
    source: str  # as written in the catalogue
    tokens: tuple[tuple[str, bool], ...]  # (normalised word, is a stem)
    gap: int


@lru_cache(maxsize=8192)
def compile_pattern(source: str, gap: int = DEFAULT_GAP) -> Pattern:
    tokens = []
    for raw in source.split():
        stem = raw.endswith("*")
        word = normalise(raw.rstrip("*"))
        parts = _WORD.findall(word)
        if not parts:
            raise ValueError(f"pattern {source!r} has an empty word")
        # "l'etat" or "282.2" split into several words: all but the last are exact
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            tokens.append((part, (stem and last) or bool(_ARABIC.search(part))))
    if not tokens:
        raise ValueError(f"pattern {source!r} has no words")
    return Pattern(source, tuple(tokens), gap)


def find(words: Words, pattern: Pattern) -> list[tuple[int, int]]:
    """Spans (in the original text) where the pattern occurs."""
    hits = []
    for token, stem in pattern.tokens:  # most patterns fail on their first word: stop there
        found = words.positions(token, stem)
        if not found:
            return []
        hits.append(found)
    out: list[tuple[int, int]] = []
    for start in sorted(hits[0]):
        pos = start
        for nxt_hits in hits[1:]:
            nxt = next(
                (
                    j
                    for j in range(pos + 1, min(len(words.words), pos + 2 + pattern.gap))
                    if j in nxt_hits and words.sentence[j] == words.sentence[start]
                ),
                None,
            )
            if nxt is None:
                break
            pos = nxt
        else:
            out.append((words.spans[start][0], words.spans[pos][1]))
    return out
