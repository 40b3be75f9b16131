"""Normalised text and word patterns that work the same in Latin, Cyrillic and Arabic script.

A request may quote the national law in its own language, so charge patterns are matched on
normalised words rather than literal English keywords:
- NFKC, case-folded, combining marks removed (é → e, й → и, ё → е, Arabic short vowels);
- Arabic letter variants unified (أ إ آ → ا, ة → ه, ى → ي, tatweel dropped) and the usual
  proclitics (و ف ب ل ك ال) tried off a word, so "والتحريض" meets "تحريض";
- a pattern is a sequence of words; a word ending in `*` matches any word it begins (Russian
  and Arabic inflect, so stems are the general tool); Arabic-script pattern words are always
  stems unless they end in `=`; consecutive pattern words may have up to `gap` other words
  between them (articles, adjectives: "membership of an armed terrorist organisation"), but
  never a sentence end;
- a concept (`Concept`) is a set of slots that must all occur in one sentence, in any order:
  the same charge in other words.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

_WORD = re.compile(r"\w+", re.UNICODE)
_SENTENCE_END = re.compile(r"[.;!?؛。](?=\s|$)|\n")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_ARABIC_MAP = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ـ": ""})
_PROCLITICS = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")

DEFAULT_GAP = 3


@lru_cache(maxsize=65536)
def _norm_char(ch: str) -> str:
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", ch).casefold())
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return kept.translate(_ARABIC_MAP).replace("ß", "ss").replace("ı", "i")


def normalise(text: str) -> str:
    """The comparable form of a text (see the module docstring). Normalised character by
    character, so every character of the result maps back to one of the text's (the words
    a finding quotes are then exactly the request's own)."""
    return "".join(_norm_char(ch) for ch in text)


def _normalise_mapped(text: str) -> tuple[str, list[int]]:
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        n = _norm_char(ch)
        out.append(n)
        origin.extend([i] * len(n))
    return "".join(out), origin


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
    norm, origin = _normalise_mapped(text)
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
        spans.append((origin[m.start()], origin[m.end() - 1] + 1))
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


# Words that, just before a match, say the opposite ("not in absentia", "no death penalty"),
# and stems that, in the same sentence, say a penalty is gone ("abolished").
_NEGATORS = frozenset(
    normalise(w)
    for w in (
        "not",
        "no",
        "never",
        "without",
        "non",
        "pas",
        "ni",
        "sans",
        "jamais",
        "nunca",
        "sin",
        "не",
        "нет",
        "без",
        "لا",
        "لم",
        "لن",
        "ليس",
        "غير",
        "بدون",
        "دون",
        "değil",
        "cannot",
        "can't",
        "ne",  # French: "ne peut être condamné"
    )
)
_ABOLISHED = tuple(normalise(w) for w in ("abolish", "aboli", "abolid", "отмен", "الغاء", "الغي"))


# Negation that follows what it negates ("the death penalty will not be imposed", "la peine
# de mort n'existe plus"), and words that suspend a penalty anywhere in the sentence.
_NEGATORS_AFTER = _NEGATORS | {normalise(w) for w in ("ne", "n")}
_SUSPENDED = tuple(normalise(w) for w in ("moratori", "моратори", "exclu"))
# Words that start another clause: a negation after them is about something else.
_CONJUNCTIONS = frozenset(
    normalise(w) for w in ("and", "but", "then", "et", "mais", "y", "pero", "и", "но", "а", "و")
)


def negated(words: Words, start: int, window: int = 3, after: int = 0) -> bool:
    """Whether the match starting at word `start` is negated or abolished in its sentence;
    with `after`, also a negation among the `after` words that follow its start, or a
    moratorium or exclusion in the sentence (for penalties, which are negated after)."""
    sent = words.sentence[start]
    before = range(max(0, start - window), start)
    if any(words.words[i] in _NEGATORS and words.sentence[i] == sent for i in before):
        return True
    if after:
        following = []
        for i in range(start + 1, min(len(words.words), start + 1 + after)):
            if words.sentence[i] != sent or words.words[i] in _CONJUNCTIONS:
                break  # "convicted in absentia and did not appear": another clause
            following.append(i)
        if any(words.words[i] in _NEGATORS_AFTER for i in following):
            return True
        if any(
            w.startswith(_SUSPENDED)
            for w, s in zip(words.words, words.sentence, strict=True)
            if s == sent
        ):
            return True
    return any(
        w.startswith(_ABOLISHED) or any(b.startswith(_ABOLISHED) for b in _arabic_bases(w))
        for w, s in zip(words.words, words.sentence, strict=True)
        if s == sent
    )


# Words that, just before a match in a narrative, make it the time of the facts rather than an
# act ("a few months after the military coup", "pendant la guerre", "durante la dictadura",
# "во время войны", "بعد الانقلاب"). Turkish puts these after the noun ("darbeden sonra"),
# inflected: not read here.
_TIME_FRAME = frozenset(
    normalise(w)
    for w in (
        "after",
        "before",
        "since",
        "during",
        "following",
        "amid",
        "amidst",
        "throughout",
        "until",
        "apres",
        "avant",
        "depuis",
        "pendant",
        "durant",
        "lors",
        "despues",
        "antes",
        "desde",
        "durante",
        "tras",
        "после",
        "до",
        "время",  # во время
        "ходе",  # в ходе
        "بعد",
        "قبل",
        "خلال",
        "اثناء",
        "منذ",
    )
)


def framed(words: Words, start: int, window: int = 3) -> bool:
    """Whether the match starting at word `start` is the time frame of a narrative: a word
    like "after" or "during" among the `window` words before it, in its sentence."""
    sent = words.sentence[start]
    return any(
        words.words[i] in _TIME_FRAME and words.sentence[i] == sent
        for i in range(max(0, start - window), start)
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
        exact = raw.endswith("=")  # an Arabic word that must not be read as a stem
        word = normalise(raw.rstrip("*="))
        parts = _WORD.findall(word)
        if not parts:
            raise ValueError(f"pattern {source!r} has an empty word")
        # "l'etat" or "282.2" split into several words: all but the last are exact
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            arabic_stem = bool(_ARABIC.search(part)) and not (exact and last)
            tokens.append((part, (stem and last) or arabic_stem))
    if not tokens:
        raise ValueError(f"pattern {source!r} has no words")
    return Pattern(source, tuple(tokens), gap)


def find(words: Words, pattern: Pattern) -> list[tuple[int, int]]:
    """Spans (in the original text) where the pattern occurs."""
    return [(words.spans[b][0], words.spans[e][1]) for b, e in _find_words(words, pattern)]


def _find_words(words: Words, pattern: Pattern) -> list[tuple[int, int]]:
    """First and last word index of each place the pattern occurs."""
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
            out.append((start, pos))
    return out


class FirstWords:
    """Which of many patterns may occur in a text: those whose first word does. A catalogue
    of a few thousand patterns is looked up from the text's few dozen words (each word, its
    singular, each of its prefixes for stems) instead of trying every pattern on every text.
    Keys are `id()`s of the (cached, long-lived) patterns and concepts given."""

    def __init__(self, items: Iterable[tuple[int, Pattern]]) -> None:
        self.exact: dict[str, set[int]] = {}
        self.stems: dict[str, set[int]] = {}
        for key, pattern in items:
            token, stem = pattern.tokens[0]
            (self.stems if stem else self.exact).setdefault(token, set()).add(key)
        self.longest_stem = max((len(t) for t in self.stems), default=0)

    def candidates(self, words: Words) -> set[int]:
        out: set[int] = set()
        for form in words.forms:
            for token in (form, form[:-1] if form.endswith("s") else "", form[:-2]):
                out.update(self.exact.get(token, ()))
            for k in range(1, min(len(form), self.longest_stem) + 1):
                out.update(self.stems.get(form[:k], ()))
        return out


CONCEPT_WINDOW = 12


@dataclass(frozen=True)
class Concept:
    """A charge said in other words: every slot (a set of alternative patterns) must occur in
    one sentence, in any order, all within `window` words. "Assisting him to leave the
    Kingdom illegally" is the leaving-the-country charge though no fixed phrase says it, so
    a family's meaning is written as slots (an act, its object, its unlawfulness) rather than
    as every phrasing a bureau may use."""

    source: str  # the slots as written, for the evidence
    slots: tuple[tuple[Pattern, ...], ...]
    window: int = CONCEPT_WINDOW


def compile_concept(slots: list[list[str]], window: int = CONCEPT_WINDOW) -> Concept:
    if len(slots) < 2 or not all(slots):
        raise ValueError(f"a concept needs two or more non-empty slots: {slots!r}")
    return Concept(
        " + ".join("(" + " | ".join(alts) + ")" for alts in slots),
        tuple(tuple(compile_pattern(a, gap=1) for a in alts) for alts in slots),
        window,
    )


def find_concept(words: Words, concept: Concept) -> list[tuple[int, int]]:
    """Spans (in the original text) from the first to the last word of each shortest
    stretch of a sentence, at most `window` words, in which every slot occurs (anchored on
    each occurrence of the first slot; every window start around it is tried, so the result
    does not depend on the order of the slots)."""
    per_slot: list[list[tuple[int, int]]] = []
    for alts in concept.slots:
        found = sorted({hit for p in alts for hit in _find_words(words, p)})
        if not found:
            return []
        per_slot.append(found)
    out: list[tuple[int, int]] = []
    for a_start, a_end in per_slot[0]:
        sent = words.sentence[a_start]
        best: tuple[int, int] | None = None
        for lo in range(max(0, a_end - concept.window), a_start + 1):
            hi_limit = lo + concept.window
            lo_used, hi_used = a_start, a_end
            for hits in per_slot[1:]:
                inside = [
                    h
                    for h in hits
                    if lo <= h[0] and h[1] <= hi_limit and words.sentence[h[0]] == sent
                ]
                if not inside:
                    break
                pick = min(inside, key=lambda h: max(hi_used, h[1]) - min(lo_used, h[0]))
                lo_used, hi_used = min(lo_used, pick[0]), max(hi_used, pick[1])
            else:
                if best is None or hi_used - lo_used < best[1] - best[0]:
                    best = (lo_used, hi_used)
        if best is not None:
            span = (words.spans[best[0]][0], words.spans[best[1]][1])
            if span not in out:
                out.append(span)
    return out
