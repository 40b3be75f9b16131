"""Which writing system a name is in, and the ASCII key names are matched on.

Screening compares names written in different scripts and spellings; everything downstream
(search, the matching benchmark) agrees on `fold` as the one comparison key, and on
`detect_script` to pick a transliteration system for text whose origin is unknown.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache

from anyascii import anyascii

# (first code point, last code point, ISO 15924 code), sorted; "Kana" is folded into "Jpan".
_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0041, 0x005A, "Latn"),
    (0x0061, 0x007A, "Latn"),
    (0x00AA, 0x00AA, "Latn"),
    (0x00BA, 0x00BA, "Latn"),
    (0x00C0, 0x024F, "Latn"),
    (0x0250, 0x02AF, "Latn"),
    (0x0370, 0x03FF, "Grek"),
    (0x0400, 0x052F, "Cyrl"),
    (0x0530, 0x058F, "Armn"),
    (0x0590, 0x05FF, "Hebr"),
    (0x0600, 0x06FF, "Arab"),
    (0x0700, 0x074F, "Syrc"),
    (0x0750, 0x077F, "Arab"),
    (0x0780, 0x07BF, "Thaa"),
    (0x08A0, 0x08FF, "Arab"),
    (0x0900, 0x097F, "Deva"),
    (0x0980, 0x09FF, "Beng"),
    (0x0A00, 0x0A7F, "Guru"),
    (0x0A80, 0x0AFF, "Gujr"),
    (0x0B00, 0x0B7F, "Orya"),
    (0x0B80, 0x0BFF, "Taml"),
    (0x0C00, 0x0C7F, "Telu"),
    (0x0C80, 0x0CFF, "Knda"),
    (0x0D00, 0x0D7F, "Mlym"),
    (0x0D80, 0x0DFF, "Sinh"),
    (0x0E00, 0x0E7F, "Thai"),
    (0x0E80, 0x0EFF, "Laoo"),
    (0x0F00, 0x0FFF, "Tibt"),
    (0x1000, 0x109F, "Mymr"),
    (0x10A0, 0x10FF, "Geor"),
    (0x1100, 0x11FF, "Hang"),
    (0x1200, 0x139F, "Ethi"),
    (0x1780, 0x17FF, "Khmr"),
    (0x1800, 0x18AF, "Mong"),
    (0x1C80, 0x1C8F, "Cyrl"),
    (0x1C90, 0x1CBF, "Geor"),
    (0x1E00, 0x1EFF, "Latn"),
    (0x1F00, 0x1FFF, "Grek"),
    (0x2C60, 0x2C7F, "Latn"),
    (0x2D00, 0x2D2F, "Geor"),
    (0x2DE0, 0x2DFF, "Cyrl"),
    (0x2E80, 0x2FDF, "Hani"),
    (0x3005, 0x3007, "Hani"),
    (0x3021, 0x3029, "Hani"),
    (0x3038, 0x303B, "Hani"),
    (0x3040, 0x309F, "Kana"),
    (0x30A0, 0x30FF, "Kana"),
    (0x3130, 0x318F, "Hang"),
    (0x31F0, 0x31FF, "Kana"),
    (0x3400, 0x4DBF, "Hani"),
    (0x4E00, 0x9FFF, "Hani"),
    (0xA640, 0xA69F, "Cyrl"),
    (0xA720, 0xA7FF, "Latn"),
    (0xA8E0, 0xA8FF, "Deva"),
    (0xA960, 0xA97F, "Hang"),
    (0xAB30, 0xAB6F, "Latn"),
    (0xAC00, 0xD7AF, "Hang"),
    (0xD7B0, 0xD7FF, "Hang"),
    (0xF900, 0xFAFF, "Hani"),
    (0xFB00, 0xFB06, "Latn"),
    (0xFB1D, 0xFB4F, "Hebr"),
    (0xFB50, 0xFDFF, "Arab"),
    (0xFE70, 0xFEFF, "Arab"),
    (0xFF21, 0xFF3A, "Latn"),
    (0xFF41, 0xFF5A, "Latn"),
    (0xFF66, 0xFF9F, "Kana"),
    (0xFFA0, 0xFFDC, "Hang"),
    (0x1B000, 0x1B16F, "Kana"),
    (0x20000, 0x323AF, "Hani"),
)
_STARTS = [r[0] for r in _RANGES]


def char_script(ch: str) -> str:
    """ISO 15924 code of one letter; `Zyyy` for characters no script owns (digits, marks)."""
    cp = ord(ch)
    i = bisect_right(_STARTS, cp) - 1
    if i >= 0 and cp <= _RANGES[i][1]:
        return _RANGES[i][2]
    return "Zyyy" if not unicodedata.category(ch).startswith("L") else "Zzzz"


@lru_cache(maxsize=65536)
def detect_script(text: str) -> str:
    """Dominant script of the letters in `text`.

    Han and kana together are Japanese (`Jpan`); Han alone is `Hani`, since a short name
    rarely says whether it is simplified or traditional. No letters at all gives `Zyyy`.
    """
    counts: dict[str, int] = {}
    for ch in text:
        if not ch.isalpha():
            continue
        s = char_script(ch)
        if s == "Zyyy":
            continue
        counts[s] = counts.get(s, 0) + 1
    if not counts:
        return "Zyyy"
    if "Kana" in counts:
        counts["Jpan"] = counts.pop("Kana") + counts.pop("Hani", 0)
    # max() keeps the first of equal counts, i.e. the script met first in the text.
    return max(counts, key=lambda s: counts[s])


_APOSTROPHES = re.compile(r"['\"`]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=262144)
def fold(text: str) -> str:
    """ASCII matching key: NFKC, anyascii, lower case, punctuation and spaces to one space.

    Apostrophes are dropped rather than spaced, so that O'Brien, OBrien, Ol'ga/Olga and
    Chin-p'ing/Chin-ping fold alike; the result is idempotent and always ASCII.
    """
    ascii_text = anyascii(unicodedata.normalize("NFKC", text)).lower()
    ascii_text = _APOSTROPHES.sub("", ascii_text)
    return _NON_ALNUM.sub(" ", ascii_text).strip()
