"""Latin-script names as other documents write them.

A German passport prints MÜLLER in the visual zone and MUELLER in the machine-readable zone;
a foreign register without umlauts types Muller. Each is a form a screening hit must bridge.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

# ICAO Doc 9303 part 3, transliteration of multinational Latin characters (the rest lose
# their diacritics). Capitals map to title case; all-caps words are upper-cased afterwards.
_ICAO = str.maketrans(
    {
        "Ä": "Ae", "ä": "ae", "Å": "Aa", "å": "aa", "Æ": "Ae", "æ": "ae", "Ö": "Oe",
        "ö": "oe", "Ø": "Oe", "ø": "oe", "Œ": "Oe", "œ": "oe", "Ü": "Ue", "ü": "ue",
        "ß": "ss", "ẞ": "Ss", "Þ": "Th", "þ": "th", "Ĳ": "Ij", "ĳ": "ij", "Ð": "D",
        "ð": "d", "Đ": "D", "đ": "d", "Ł": "L", "ł": "l", "Ħ": "H", "ħ": "h", "ı": "i",
    }
)  # fmt: skip
# Letters whose ICAO form is not just the letter without its diacritic (ø -> oe, å -> aa).
ICAO_EXPANDED = frozenset("ÄäÅåÆæÖöØøŒœÜüßẞÞþĲĳ")
_GERMAN = str.maketrans(
    {"Ä": "Ae", "ä": "ae", "Ö": "Oe", "ö": "oe", "Ü": "Ue", "ü": "ue", "ß": "ss", "ẞ": "Ss"}
)
_NOT_LETTER = re.compile(r"[^A-Z]+")


def has_diacritics(text: str) -> bool:
    """Whether `text` has anything beyond plain ASCII letters, spaces and punctuation."""
    return not text.isascii()


@lru_cache(maxsize=65536)
def strip_diacritics(text: str) -> str:
    """Müller → Muller, Łukasz → Lukasz, Þór → Thor: what a keyboard without them types."""
    return anyascii(unicodedata.normalize("NFC", text))


def _translate(text: str, table: dict[int, str]) -> str:
    words = unicodedata.normalize("NFC", text).split(" ")
    out = []
    for w in words:
        t = w.translate(table)
        out.append(t.upper() if len(w) > 1 and w.isupper() else t)
    return strip_diacritics(" ".join(out))


@lru_cache(maxsize=65536)
def german_expand(text: str) -> str:
    """German convention for umlauts without the letters: Müller → Mueller, WEIß → WEISS."""
    return _translate(text, _GERMAN)


@lru_cache(maxsize=65536)
def icao_latin(text: str) -> str:
    """ICAO 9303 transliteration of Latin letters, case kept: Müller → Mueller, Øre → Oere."""
    return _translate(text, _ICAO)


@lru_cache(maxsize=65536)
def mrz(text: str) -> str:
    """The name as the machine-readable zone has it: ICAO letters, upper case, apostrophes
    dropped and every other separator a single space (O'Brien-Smith → OBRIEN SMITH)."""
    upper = icao_latin(text).replace("'", "").replace("’", "").upper()
    return _NOT_LETTER.sub(" ", upper).strip()
