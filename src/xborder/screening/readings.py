"""Learned Latin readings of names written in other scripts: how a name *sounds* to the people
who write it in Latin letters, learned from real name pairs instead of a transliteration table.

Transliteration tables give a Chinese name's Pinyin and a katakana name's Hepburn; neither
gives Donald for 唐纳德 or Trump for トランプ: a foreign name written in Han characters or
katakana is a sound-based transcription, and reading it back as Chinese or Japanese yields
"tangnade" or "donarudo". Unvocalised Arabic and Hebrew, and Indic scripts with their
inherent vowel, raise the same problem in a milder form.

The model is a character-to-sound table: for each written character (with a little context:
what follows it - a letter, a vowel sign or mark, or the end of the word) the Latin letter
groups it is heard as, with their probabilities. It is learned by expectation-maximisation
over (native, Latin) name pairs, each character emitting zero to `max_seg` Latin letters
(the monotone alignment of joint-sequence transliteration models); nothing is written by
hand, so the same mechanism serves every script the development pairs cover.

At run time `read` decodes a native word to its most likely Latin letters (and a runner-up
where one character is uncertain): 唐纳德·特朗普 → "donald trump"-like readings that the
matcher then compares like any other reading, explained as system `learned`. Pure: the
trained tables are data (`data/readings.json`) and training is a function of the pairs.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from anyascii import anyascii
from rapidfuzz.distance import Levenshtein

from xborder.names.scripts import char_script

FORMAT = "xborder-readings/1"
# Native word separators: spaces, the middle dots of Chinese and Japanese transcriptions of
# foreign names (·, ・, ‧), the katakana double hyphen (=, ゠), hyphens and commas.
_SEPARATORS = re.compile(r"[\s·・‧•∙⸱=゠\-‐‑‒–—,，、.()]+")
_LATIN = re.compile(r"[^a-z]+")

END, MARK, LETTER = "$", "^", "_"  # what follows a character: the end, a mark, a letter
Table = dict[str, list[tuple[str, float]]]  # context key -> [(Latin letters, probability)]


def _context(word: str, i: int) -> str:
    if i + 1 >= len(word):
        return END
    return MARK if unicodedata.category(word[i + 1])[0] == "M" else LETTER


def latin_letters(text: str) -> str:
    """The letters a Latin name is compared on: NFKD without diacritics, a-z only."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return _LATIN.sub("", "".join(c for c in decomposed if not unicodedata.combining(c)))


def native_words(text: str) -> list[str]:
    """The words of a native-script name, split where the script separates name parts."""
    return [w for w in _SEPARATORS.split(unicodedata.normalize("NFC", text).lower()) if w]


def latin_words(text: str) -> list[str]:
    return [w for w in (latin_letters(p) for p in re.split(r"[\s\-,.]+", text)) if w]


# --- the model -----------------------------------------------------------------------------------


_BOS, _EOS = "^", "$"
_BEAM = 8
_LM_WEIGHT = 0.6  # tuned on held-out development pairs, like _UNIFORM's share
# The letter model scores a reading against letters drawn at random (a likelihood ratio), so
# that every letter written is not a penalty and the search does not favour dropping them.
_UNIFORM = 0.5 * math.log(27)


@dataclass(frozen=True)
class Letters:
    """A letter trigram model of the Latin names a script's names are written as (what a
    reading should look like: "donald", not "dnald"), interpolated with bigrams and letters.
    `counts` holds trigram, bigram and letter counts keyed by the letters themselves."""

    counts: dict[str, int]

    @classmethod
    def fit(cls, words: Iterable[str]) -> Letters:
        counts: dict[str, int] = defaultdict(int)
        for w in words:
            padded = _BOS * 2 + w + _EOS
            for i in range(2, len(padded)):
                counts[padded[i - 2 : i + 1]] += 1
                counts[padded[i - 1 : i + 1]] += 1
                counts[padded[i]] += 1
        return cls(dict(counts))

    # How often each one- and two-letter context is followed by a letter: derived from
    # `counts` once, when the model is made.
    contexts: dict[str, int] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        ctxs: dict[str, int] = defaultdict(int)
        for k, n in self.counts.items():
            ctxs[k[:-1]] += n  # a trigram's context is two letters, a bigram's one, else ""
        object.__setattr__(self, "contexts", dict(ctxs))

    def logp(self, ctx: str, ch: str) -> float:
        """log P(ch | the two letters before), Witten-Bell-like interpolation (beta 2)."""
        c, ctxs = self.counts, self.contexts
        p1 = (c.get(ch, 0) + 1) / (ctxs.get("", 0) + 28)
        b = ctx[-1:]
        p2 = (c.get(b + ch, 0) + 2 * p1) / (ctxs.get(b, 0) + 2)
        p3 = (c.get(ctx + ch, 0) + 2 * p2) / (ctxs.get(ctx, 0) + 2)
        return math.log(p3)


@dataclass(frozen=True)
class Model:
    """One script's table: `emit[char + context]` and `emit[char]` (context-free back-off),
    each a list of (Latin letters, probability), most probable first; and the letter model
    of the Latin names it was learned from."""

    script: str
    emit: Table
    pairs: int  # name pairs (and mined name words) it was learned from
    letters: Letters | None = None
    # The characters found in at least FREQUENT_IN training words: for Chinese, the few
    # hundred characters the press transcribes foreign names with (费, 德, 勒...); a name
    # written in these alone is likely a transcription, one with others a Chinese or
    # Japanese name (速見優).
    frequent: frozenset[str] = frozenset()
    _memo: dict[tuple[str, str], tuple[float, str]] = field(
        default_factory=dict, compare=False, repr=False, hash=False
    )

    def options(self, word: str, i: int) -> list[tuple[str, float]]:
        ch = word[i]
        return self.emit.get(ch + _context(word, i)) or self.emit.get(ch) or []

    def read(self, word: str, alternatives: int = 1) -> list[str]:
        """The most likely Latin readings of one native word, best first: a beam search over
        each character's letter groups, scored by the table and by how Latin names of this
        kind are spelled (the letter model). Characters the table has never seen are left
        out of the reading; a word with none it knows has no reading."""
        beams: list[tuple[float, str, str]] = [(0.0, "", _BOS * 2)]
        known = False
        for i in range(len(word)):
            opts = self.options(word, i)
            if not opts:
                continue
            known = True
            grown: dict[str, tuple[float, str, str]] = {}
            for score, text, ctx in beams:
                for seg, p in opts:
                    gain, c2 = self._spell(ctx, seg)
                    s2 = score + math.log(p) + gain
                    key = text + seg
                    if key not in grown or grown[key][0] < s2:
                        grown[key] = (s2, key, c2)
            if self.letters is not None and i + 1 < len(word):
                # A word boundary here, where the letter model knows names to have one: a
                # name written without spaces (katakana) read back as separate names.
                for sc, text, ctx in list(grown.values()):
                    if text and text[-1] != " ":
                        gain, c2 = self._spell(ctx, " ")
                        key = text + " "
                        if key not in grown or grown[key][0] < sc + gain:
                            grown[key] = (sc + gain, key, c2)
            beams = sorted(grown.values(), reverse=True)[:_BEAM]
        if not known:
            return []
        if self.letters is not None:
            lm = self.letters
            beams = sorted(
                ((sc + _LM_WEIGHT * lm.logp(ctx, _EOS), t, ctx) for sc, t, ctx in beams),
                reverse=True,
            )
        return [t.strip() for _, t, _ in beams if t.strip()][: 1 + alternatives]

    def _spell(self, ctx: str, seg: str) -> tuple[float, str]:
        """What writing `seg` after the two letters `ctx` adds to a reading's score (the
        letter model's, weighted) and the context after it; memoised (decoding asks the
        same few hundred questions for every name)."""
        got = self._memo.get((ctx, seg))
        if got is None:
            gain, c2 = 0.0, ctx
            if self.letters is not None:
                for ch in seg:
                    gain += _LM_WEIGHT * (self.letters.logp(c2, ch) + _UNIFORM)
                    c2 = (c2 + ch)[-2:]
            got = self._memo[(ctx, seg)] = (gain, c2)
        return got

    def to_json(self) -> dict[str, Any]:
        return {
            "script": self.script,
            "pairs": self.pairs,
            "emit": {k: [[s, round(p, 4)] for s, p in v] for k, v in sorted(self.emit.items())},
            "letters": dict(sorted(self.letters.counts.items())) if self.letters else None,
            "frequent": "".join(sorted(self.frequent)),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Model:
        letters = data.get("letters")
        return cls(
            script=str(data["script"]),
            pairs=int(data["pairs"]),
            emit={k: [(str(s), float(p)) for s, p in v] for k, v in data["emit"].items()},
            letters=Letters({str(k): int(v) for k, v in letters.items()}) if letters else None,
            frequent=frozenset(str(data.get("frequent", ""))),
        )


# --- training ------------------------------------------------------------------------------------


def _keys(word: str) -> list[tuple[str, str]]:
    return [(word[i] + _context(word, i), word[i]) for i in range(len(word))]


def _align_pair(
    keys: Sequence[tuple[str, str]],
    target: str,
    prob: dict[tuple[str, str], float],
    max_seg: int,
    counts: dict[tuple[str, str], float] | None,
) -> float:
    """Forward-backward over the monotone alignments of native keys to the Latin letters
    (each key emitting 0..max_seg letters). Adds expected counts to `counts` when given;
    returns the log-likelihood (-inf when no alignment is possible)."""
    n, m = len(keys), len(target)
    # Before the first estimate a character is heard as one to three letters rather than as
    # nothing or a whole word; afterwards an unseen short segment keeps a tiny chance.
    first = not prob
    floor = 1e-6
    fwd = [[0.0] * (m + 1) for _ in range(n + 1)]
    fwd[0][0] = 1.0
    scale = [1.0] * (n + 1)
    for i in range(n):
        key = keys[i][0]
        row, nxt = fwd[i], fwd[i + 1]
        for j in range(m + 1):
            f = row[j]
            if f == 0.0:
                continue
            for k in range(min(max_seg, m - j) + 1):
                p = prob.get((key, target[j : j + k]), _p0(first, key, target[j : j + k], floor))
                if p:
                    nxt[j + k] += f * p
        total = sum(nxt)
        if total <= 0.0:
            return -math.inf
        scale[i + 1] = total
        fwd[i + 1] = [v / total for v in nxt]
    if fwd[n][m] <= 0.0:
        return -math.inf
    loglik = sum(math.log(s) for s in scale[1:]) + math.log(fwd[n][m])
    if counts is None:
        return loglik
    bwd = [[0.0] * (m + 1) for _ in range(n + 1)]
    bwd[n][m] = 1.0
    for i in range(n - 1, -1, -1):
        key = keys[i][0]
        nxt, row = bwd[i + 1], bwd[i]
        for j in range(m + 1):
            acc = 0.0
            for k in range(min(max_seg, m - j) + 1):
                b = nxt[j + k]
                if b:
                    p = prob.get(
                        (key, target[j : j + k]), _p0(first, key, target[j : j + k], floor)
                    )
                    acc += p * b
            row[j] = acc
        total = scale[i + 1]
        bwd[i] = [v / total for v in row]
    z = fwd[n][m]
    for i in range(n):
        key = keys[i][0]
        for j in range(m + 1):
            f = fwd[i][j]
            if f == 0.0:
                continue
            for k in range(min(max_seg, m - j) + 1):
                b = bwd[i + 1][j + k]
                if not b:
                    continue
                seg = target[j : j + k]
                p = prob.get((key, seg), _p0(first, key, seg, floor))
                c = f * p * b / z
                if c > 1e-9:
                    counts[(key, seg)] = counts.get((key, seg), 0.0) + c
    return loglik


_PRIOR = (0.02, 0.3, 0.3, 0.2, 0.1, 0.05, 0.03)  # by number of letters, before learning


def _p0(first: bool, key: str, seg: str, floor: float) -> float:
    """The chance of a segment the estimate has not seen. Before the first estimate: by its
    length, and by how close it is to the character's conventional romanisation (anyascii:
    Pinyin for Han, Hepburn for kana, the letter's name for an abjad) - a seed, not a
    rule, so that a few hundred pairs suffice for a script of thousands of characters."""
    k = len(seg)
    if not first:
        return floor if k <= 2 else 0.0
    base = _PRIOR[k] if k < len(_PRIOR) else _PRIOR[-1]
    seed = _seed(key[:-1])
    if not seed:
        return base
    return base * (0.05 + Levenshtein.normalized_similarity(seg, seed))


@lru_cache(maxsize=1 << 14)
def _seed(ch: str) -> str:
    return latin_letters(anyascii(ch))


Option = list[tuple[list[tuple[str, str]], str]]  # (keyed native word, Latin letters)


def _options(native: str, latin: str) -> list[Option]:
    """The ways one name pair may align: word by word when both sides have as many words,
    in written order or reversed (Japanese and Chinese write the family name first, English
    labels often do not), else each side run together, in both orders of the Latin words."""
    nw, lw = native_words(native), latin_words(latin)
    if not nw or not lw:
        return []
    if len(nw) == len(lw):
        return [
            [(_keys(a), b) for a, b in zip(nw, lw, strict=True)],
            [(_keys(a), b) for a, b in zip(nw, reversed(lw), strict=True)],
        ]
    whole = _keys("".join(nw))
    options = [[(whole, "".join(lw))], [(whole, "".join(reversed(lw)))]]
    if len(nw) == 1:  # a transcription may give one of the names only (普罗科菲夫: Prokofiev)
        options += [[(whole, w)] for w in lw]
    return options


def _plausible(data: list[list[Option]]) -> list[list[Option]]:
    """Keep only the alignments whose length fits the script: a Latin side with far more or
    far fewer letters per native character than is usual for the script (measured on the
    pairs themselves, as the median) is a partial or unrelated label, not a transcription.
    Mined pairs carry such noise (a title in the native name, one name of two in the
    label), and one option that lets most characters be silent teaches the model silence."""

    def ratio(option: Option) -> float:
        chars = sum(len(k) for k, _ in option)
        return sum(len(t) for _, t in option) / chars if chars else 0.0

    ratios = sorted(ratio(options[0]) for options in data)
    if not ratios:
        return []
    usual = ratios[len(ratios) // 2]
    kept = []
    for options in data:
        fit = [o for o in options if usual / 2 <= ratio(o) <= usual * 2]
        if fit:
            kept.append(fit)
    return kept


def train(
    pairs: Iterable[tuple[str, str]],
    script: str,
    max_seg: int = 4,
    iterations: int = 8,
    words: Iterable[tuple[str, str]] = (),
    spell_words: bool = True,
) -> Model:
    """Learn one script's table from (native, Latin) name pairs by EM; `words` are single
    name words (tokens mined from longer names) that teach the table how characters sound
    and, with `spell_words`, the letter model how names are spelled. Without it the letter
    model learns from the whole names alone: where a script writes a full name as one word
    (katakana), words without spaces would teach it that names have none.

    Each pair is aligned word by word when both sides have as many words (in the order that
    fits the model better: Japanese and Chinese write the family name first, English labels
    often do not), else as one run of letters. Emissions start uniform; each iteration
    re-estimates P(letters | character, context) from the expected counts, and the
    context-free table from the same counts summed over contexts."""
    pairs = list(pairs)
    words = list(words)
    data = _plausible([o for native, latin in pairs + words if (o := _options(native, latin))])
    prob: dict[tuple[str, str], float] = {}
    for iteration in range(iterations):
        counts: dict[tuple[str, str], float] = {}
        for options in data:
            if iteration == 0:  # nothing known yet: each way of aligning counts alike
                for option in options:
                    part: dict[tuple[str, str], float] = {}
                    for k, t in option:
                        _align_pair(k, t, prob, max_seg, part)
                    for key, c in part.items():
                        counts[key] = counts.get(key, 0.0) + c / len(options)
                continue
            best_ll, best = -math.inf, None
            for option in options:
                ll = sum(_align_pair(k, t, prob, max_seg, None) for k, t in option)
                if ll > best_ll:
                    best_ll, best = ll, option
            if best is None:
                continue
            for k, t in best:
                _align_pair(k, t, prob, max_seg, counts)
        prob = _normalise(counts)
    return Model(
        script=script,
        emit=_table(prob),
        pairs=len(data),
        letters=Letters.fit(_spelled(pairs + words if spell_words else pairs)),
        frequent=_frequent(native for native, _ in pairs + words),
    )


FREQUENT_IN = 10


def _frequent(natives: Iterable[str]) -> frozenset[str]:
    """The characters found in at least FREQUENT_IN distinct training words."""
    counts: dict[str, int] = defaultdict(int)
    for word in {w for native in natives for w in native_words(native)}:
        for ch in set(word):
            counts[ch] += 1
    return frozenset(ch for ch, n in counts.items() if n >= FREQUENT_IN)


def _spelled(pairs: Sequence[tuple[str, str]]) -> list[str]:
    """What the letter model learns from: the Latin names, whole (with their spaces) where
    the native name is written as one word, else word by word."""
    out: list[str] = []
    for native, latin in pairs:
        lw = latin_words(latin)
        if len(native_words(native)) == 1 and len(lw) > 1:
            out.append(" ".join(lw))
        else:
            out += lw
    return out


def _normalise(counts: dict[tuple[str, str], float]) -> dict[tuple[str, str], float]:
    totals: dict[str, float] = defaultdict(float)
    for (key, _), c in counts.items():
        totals[key] += c
    out = {(key, seg): c / totals[key] for (key, seg), c in counts.items()}
    return {k: p for k, p in out.items() if p > 1e-4}


def _table(prob: dict[tuple[str, str], float], keep: int = 4, min_p: float = 0.02) -> Table:
    by_key: dict[str, dict[str, float]] = defaultdict(dict)
    by_char: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for (key, seg), p in prob.items():
        by_key[key][seg] = p
        by_char[key[:-1]][seg] += p
    out: Table = {}
    for source in (by_key, by_char):
        for key, segs in source.items():
            total = sum(segs.values())
            ranked = sorted(((s, p / total) for s, p in segs.items()), key=lambda x: -x[1])
            out[key] = [(s, p) for s, p in ranked[:keep] if p >= min_p] or ranked[:1]
    return out


# --- the shipped models ------------------------------------------------------------------------


@cache
def models() -> dict[str, Model]:
    """The trained tables that ship with the package, by script (empty if none)."""
    try:
        text = resources.files("xborder.screening").joinpath("data/readings.json").read_text()
    except (FileNotFoundError, OSError):
        return {}
    data = json.loads(text)
    if data.get("format") != FORMAT:
        return {}
    return {s: Model.from_json(m) for s, m in data["models"].items()}


def model_for(script: str) -> Model | None:
    ms = models()
    if script in ms:
        return ms[script]
    if script in ("Hans", "Hant"):
        return ms.get("Hani")
    return None


def word_script(word: str) -> str:
    """The script of a word's first letter (a katakana word inside a Japanese name is Kana)."""
    for ch in word:
        s = char_script(ch)
        if s not in ("Zyyy", "Zzzz"):
            return s
    return "Zyyy"


@lru_cache(maxsize=1 << 16)
def read(text: str, alternatives: int = 1) -> tuple[str, ...]:
    """Learned Latin readings of a whole native name, words in written order: the best
    reading of every word, then readings where one word takes its runner-up. Empty when no
    word's script has a model."""
    words = native_words(text)
    per_word: list[list[str]] = []
    known = False
    for w in words:
        m = model_for(word_script(w))
        r = m.read(w, alternatives) if m is not None else []
        known = known or bool(r)
        per_word.append(r or [latin_letters(w)])
    if not known:
        return ()
    first = " ".join(r[0] for r in per_word if r[0])
    out = [first]
    for i, r in enumerate(per_word):
        for alt in r[1 : 1 + alternatives]:
            cand = " ".join(alt if j == i else x[0] for j, x in enumerate(per_word) if x[0])
            if cand not in out:
                out.append(cand)
    return tuple(out[: 1 + alternatives])
