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
from dataclasses import dataclass
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
    """A text as normalised words, each with its sentence number and its span in the text."""

    text: str
    words: tuple[str, ...]
    sentence: tuple[int, ...]
    spans: tuple[tuple[int, int], ...]


def words_of(text: str) -> Words:
    norm = normalise(text)
    # Normalising can change lengths (ß → ss); spans are found on the normalised text and
    # mapped back by proportion, which is exact for the common case of equal lengths.
    ratio = len(text) / len(norm) if norm else 1.0
    ends = [m.start() for m in _SENTENCE_END.finditer(norm)]
    words, sentence, spans = [], [], []
    k = 0
    for m in _WORD.finditer(norm):
        while k < len(ends) and ends[k] < m.start():
            k += 1
        words.append(m.group())
        sentence.append(k)
        spans.append((int(m.start() * ratio), int(m.end() * ratio)))
    return Words(text, tuple(words), tuple(sentence), tuple(spans))


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


def _word_matches(word: str, token: str, stem: bool) -> bool:
    candidates = _arabic_bases(word) if _ARABIC.search(word) else (word,)
    if stem:
        return any(c.startswith(token) for c in candidates)
    # an exact word also takes a plain plural, as English and French catalogues expect
    return any(c in (token, token + "s", token + "es") for c in candidates)


def find(words: Words, pattern: Pattern) -> list[tuple[int, int]]:
    """Spans (in the original text) where the pattern occurs."""
    out: list[tuple[int, int]] = []
    n = len(words.words)
    first_token, first_stem = pattern.tokens[0]
    for start in range(n):
        if not _word_matches(words.words[start], first_token, first_stem):
            continue
        pos = start
        ok = True
        for token, stem in pattern.tokens[1:]:
            nxt = None
            for j in range(pos + 1, min(n, pos + 2 + pattern.gap)):
                if words.sentence[j] != words.sentence[start]:
                    break
                if _word_matches(words.words[j], token, stem):
                    nxt = j
                    break
            if nxt is None:
                ok = False
                break
            pos = nxt
        if ok:
            out.append((words.spans[start][0], words.spans[pos][1]))
    return out
