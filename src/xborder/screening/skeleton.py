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

from xborder.names.scripts import char_script

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

# A foreign name written in Chinese characters by sound (卡尔·马克思, Karl Marx) gives each
# syllable of the name a character whose Mandarin reading starts with the nearest consonant
# Mandarin has: no voiced/voiceless pair as such (b/p, d/t, g/k are one each), l and r one
# liquid, v and w and f one sound, ki/gi/ge/ji heard as one affricate (基 ji, 吉 ji, 乔 qiao),
# and a syllable's final n kept (伦敦 lun dun, London). The Latin side is spelled into the same
# classes; the Chinese side is read syllable by syllable (`han_skeleton`).
CHINESE = _rules(
    [
        ("ph", "f"),
        ("th", "t"),
        ("sch", "C"),
        ("sh", "C"),
        ("tch", "C"),
        ("ch", "C"),
        ("ck", "k"),
        ("qu", "k"),
        ("x", "ks"),
        ("dg(?=[eiy])", "C"),
        ("[kg](?=[iy])", "C"),
        ("g(?=e)", "C"),
        ("c(?=[eiy])", "s"),
        ("c", "k"),
        ("q", "k"),
        ("j", "C"),
        ("ts|tz|z", "s"),
        ("gh", ""),
        ("kn", "n"),
        ("wr", "l"),
        ("[bp]", "P"),
        ("[dt]", "T"),
        ("[gk]", "K"),
        ("[fvw]", "F"),
        ("h", "H"),
        ("s", "S"),
        ("m", "M"),
        ("n", "N"),
        ("[lr]", "L"),
        ("y", ""),
        ("[aeiou]+", ""),
        (r"(.)\1+", r"\1"),
    ]
)
# Mandarin syllable initials in the classes above (longest first); a syllable "er" (尔, 爾) is
# the Latin r or l, a syllable's final n is kept, its final ng is a vowel's colour.
_INITIALS = (
    ("zh", "C"),
    ("ch", "C"),
    ("sh", "C"),
    ("j", "C"),
    ("q", "C"),
    ("x", "S"),
    ("z", "S"),
    ("c", "S"),
    ("s", "S"),
    ("b", "P"),
    ("p", "P"),
    ("d", "T"),
    ("t", "T"),
    ("g", "K"),
    ("k", "K"),
    ("f", "F"),
    ("w", "F"),
    ("h", "H"),
    ("m", "M"),
    ("n", "N"),
    ("l", "L"),
    ("r", "L"),
    ("y", ""),
)
# Written between the parts of a foreign name in Chinese characters: the mark that the name is
# a transcription by sound (a Chinese person's name has none).
HAN_NAME_DOT = re.compile("[·・‧•∙⸱･]")


def char_is_han(ch: str) -> bool:
    return char_script(ch) == "Hani"


# Characters whose reading in a transcription is not their commonest one (布什, Bush: shi).
_TRANSCRIPTION_READINGS = {"什": "shi"}
MAX_HAN_SYLLABLES = 40  # a name is not longer; the rest of a longer text is not read


@lru_cache(maxsize=1 << 16)
def han_skeleton(text: str) -> str:
    """A Chinese-character name's syllables as consonant classes (see `CHINESE`), read one
    character at a time (a transcription's characters stand for sounds, not words)."""
    from pypinyin import Style, lazy_pinyin

    syllables = [
        _TRANSCRIPTION_READINGS.get(ch) or next(iter(lazy_pinyin(ch, style=Style.NORMAL)), "")
        for ch in text[:MAX_HAN_SYLLABLES]
        if char_is_han(ch)
    ]
    out = []
    for syllable in syllables:
        syllable = syllable.lower()
        if syllable == "er":
            out.append("L")
            continue
        out.append(next((c for i, c in _INITIALS if syllable.startswith(i)), ""))
        if syllable.endswith("n"):
            out.append("N")
    return _undoubled("".join(out))


def _undoubled(sk: str) -> str:
    return re.sub(r"(.)\1+", r"\1", sk)


# Scripts whose names' learned readings are compared with Latin names by their skeleton, and
# their ear. Only katakana names have a learned Japanese reading (`ears.heard`): names
# in hiragana or kanji are Japanese names, compared as such. Chinese names are heard only
# where written with a name dot (`HAN_NAME_DOT`), from their characters (`NATIVE_SIDE`).
# Arabic would take the Hebrew ear, but its development pairs are single words, which cannot
# calibrate a full name's skeleton.
EARS: dict[str, Rules] = {"Jpan": JAPANESE, "Hebr": HEBREW, "Hani": CHINESE}
# Scripts whose own side is read from the characters rather than from a learned reading:
# Chinese transcriptions, syllable by syllable (a Han learned reading is not heard).
NATIVE_SIDE = {"Hani": han_skeleton}
# Scripts whose skeletons are also index keys (`blocking._ear_keys`): katakana, which writes a
# name's parts without a space (its token keys miss the person), and Chinese transcriptions,
# whose learned readings are too unsure to find the person by their tokens.
KEYED: frozenset[str] = frozenset({"Jpan", "Hani"})


def index_key(script: str, sk: str) -> str:
    """The part of a skeleton an index key keeps: for Chinese transcriptions, without the
    liquids and nasals, which a transcription adds and drops most freely (Karl Marx, 卡尔·马克思:
    KLMLKS and KLMKS both KMKS), unless fewer than three letters would be left; the score
    still compares the whole skeletons."""
    if script != "Hani":
        return sk
    loose = _undoubled(re.sub("[LN]", "", sk))
    return loose if len(loose) >= 3 else sk  # Lionel Messi: LNLMS, not MS


@lru_cache(maxsize=1 << 16)
def skeleton(script: str, text: str) -> str:
    """`text` (any script; read through anyascii) as the ear of `script` hears it."""
    s = anyascii(unicodedata.normalize("NFKC", text)).lower()
    s = re.sub(r"[^a-z]", "", s)
    for pattern, replacement in EARS[script]:
        s = pattern.sub(replacement, s)
    return s


def heard_skeleton(script: str, reading: str) -> str:
    """The skeleton of a heard name's side: from its characters where the script reads them
    itself (`NATIVE_SIDE`), else from its learned reading through the script's ear."""
    native = NATIVE_SIDE.get(script)
    return native(reading) if native is not None else skeleton(script, reading)


def agreement(script: str, native_reading: str, latin: str) -> tuple[float, str, str]:
    """How far a Latin reading of a `script` name and a Latin name agree in their skeletons
    (normalised edit similarity, 0-1), with the two skeletons for the explanation. Names of
    fewer than three consonants say too little and agree in nothing."""
    a, b = heard_skeleton(script, native_reading), skeleton(script, latin)
    if len(a) < 3 or len(b) < 3:
        return 0.0, a, b
    return float(OSA.normalized_similarity(a, b)), a, b
