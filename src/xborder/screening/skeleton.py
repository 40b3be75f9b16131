"""How a Latin name sounds through another language's ear: a consonant skeleton.

A foreign name written in katakana keeps the name's consonants as Japanese hears them and
adds vowels of its own: Tim Roth is ティムロス (timu rosu), Bernard Leach バーナードリーチ
(bānādo rīchi). Japanese does not tell l from r or v from b, hears th as s and f as h, drops an
r after a vowel (the English it borrowed from is non-rhotic) and writes a name's parts without
a space. Spelling the Latin name and the katakana's reading through those same mergers, and
keeping only the consonants, gives two strings that agree where the sounds agree, whatever
vowels were added or how the reading was split into words.

One rule list per script whose transcriptions of foreign names follow such an ear (`EARS`),
written from the script's sound system, not fitted to any name; what a skeleton agreement is
worth on the common score scale is calibrated on the development pairs like every other
score (`data/calibration.json`, the `<script>:ear` knot).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz.distance import OSA

# (pattern, replacement), applied in order to the lower-case ASCII spelling.
Rules = tuple[tuple[re.Pattern[str], str], ...]


def _rules(pairs: list[tuple[str, str]]) -> Rules:
    return tuple((re.compile(p), r) for p, r in pairs)


JAPANESE = _rules(
    [
        ("ph", "f"),
        ("th", "s"),
        ("ck", "k"),
        ("qu", "kw"),
        ("x", "ks"),
        ("sch", "s"),
        ("sh", "s"),
        ("tch", "C"),  # ch: its own sound (chi is not ki), kept apart from c and k
        ("ch", "C"),
        ("dg", "j"),
        ("gh", ""),
        ("wr", "r"),
        ("kn", "n"),
        ("c(?=[eiy])", "s"),
        ("c", "k"),
        ("q", "k"),
        ("l", "r"),  # one liquid
        ("v", "b"),  # no v
        ("z", "s"),
        ("ts", "s"),
        ("w", ""),  # a glide, written as a vowel
        ("h", ""),
        ("y", "i"),
        ("f", "h"),  # f and h are one sound before u
        ("(?<=[aeiou])r(?=[^aeiou]|$)", ""),  # non-rhotic: bernard, baanaado
        ("[aeiou]+", ""),  # the skeleton: vowels are what katakana adds
        (r"(.)\1+", r"\1"),  # a doubled consonant (sokuon) is one
    ]
)

# Hebrew writes consonants and leaves most vowels out; its letters stand for b or v (ב), p or f
# (פ), k or kh (כ), and one letter for ts and z sounds a Latin spelling tells apart. A Hebrew
# ear keeps l and r apart.
HEBREW = _rules(
    [
        ("ph", "p"),
        ("f", "p"),
        ("th", "t"),
        ("sch", "S"),
        ("sh", "S"),
        ("ch", "h"),
        ("kh", "h"),
        ("gh", "g"),
        ("ck", "k"),
        ("q", "k"),
        ("c", "k"),
        ("x", "ks"),
        ("w", "b"),
        ("v", "b"),
        ("tz", "s"),
        ("ts", "s"),
        ("z", "s"),
        ("j", "g"),
        ("y", "i"),
        ("(?<=[aeiou])h$", ""),  # a final he after a vowel is not heard
        ("[aeiou]+", ""),
        (r"(.)\1+", r"\1"),
    ]
)

# Scripts whose names' learned readings are compared with Latin names by their skeleton, and
# their ear. Only katakana names have a learned Japanese reading (`matching._heard`): names
# in hiragana or kanji are Japanese names, compared as such. Arabic would take the Hebrew ear,
# but its development pairs are single words, which cannot calibrate a full name's skeleton.
EARS: dict[str, Rules] = {"Jpan": JAPANESE, "Hebr": HEBREW}
# Scripts that write a name's parts without a space (katakana), whose token keys then miss the
# person: the index also posts and looks up skeletons for them (`matching._ear_keys`).
JOINED: frozenset[str] = frozenset({"Jpan"})


@lru_cache(maxsize=1 << 16)
def skeleton(script: str, text: str) -> str:
    """`text` (any script; read through anyascii) as the ear of `script` hears it."""
    s = anyascii(unicodedata.normalize("NFKC", text)).lower()
    s = re.sub(r"[^a-z]", "", s)
    for pattern, replacement in EARS[script]:
        s = pattern.sub(replacement, s)
    return s


def agreement(script: str, native_reading: str, latin: str) -> tuple[float, str, str]:
    """How far a Latin reading of a `script` name and a Latin name agree in their skeletons
    (normalised edit similarity, 0-1), with the two skeletons for the explanation. Names of
    fewer than three consonants say too little and agree in nothing."""
    a, b = skeleton(script, native_reading), skeleton(script, latin)
    if len(a) < 3 or len(b) < 3:
        return 0.0, a, b
    return float(OSA.normalized_similarity(a, b)), a, b
