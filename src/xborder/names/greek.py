"""Greek to Latin: the passport standard and the press spelling.

Greek and Cypriot passports follow ELOT 743 (type 2, transcription), which keeps the letters
recognisable (Zormpas, Antonis, Georgios); newspapers and the bearers themselves often write
what they hear (Zorbas, Yiannis). A match has to bridge both.
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"([^\W\d_]+)")

_BASE = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th",
    "ι": "i", "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p",
    "ρ": "r", "σ": "s", "ς": "s", "τ": "t", "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps",
    "ω": "o",
}  # fmt: skip
_VOWELS = frozenset("αεηιουω")
_VOICED = frozenset("βγδζλμνρ") | _VOWELS
_DIAERESIS = "\u0308"


def _letters(word: str) -> list[tuple[str, bool]]:
    """Lower-case base letters of `word`, each with whether it bore a diaeresis."""
    out: list[tuple[str, bool]] = []
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch == _DIAERESIS and out:
            out[-1] = (out[-1][0], True)
        elif not unicodedata.combining(ch):
            out.append((ch, False))
    return out


def _word(word: str, press: bool) -> str:
    letters = _letters(word)
    chars = [c for c, _ in letters]
    n = len(chars)
    out: list[str] = []
    i = 0
    while i < n:
        c = chars[i]
        nxt = chars[i + 1] if i + 1 < n else ""
        nxt_plain = nxt and not letters[i + 1][1]
        after = chars[i + 2] if i + 2 < n else ""
        if c in "αεη" and nxt == "υ" and nxt_plain:
            out.append(_BASE[c] + ("v" if after in _VOICED else "f"))
            i += 2
        elif c == "ο" and nxt == "υ" and nxt_plain:
            out.append("ou")
            i += 2
        elif c == "μ" and nxt == "π":
            out.append("b" if i == 0 or press else "mp")
            i += 2
        elif c == "ν" and nxt == "τ":
            out.append("d" if press and i == 0 else "nt")
            i += 2
        elif c == "γ" and nxt in ("γ", "ξ", "χ"):
            out.append("n" + _BASE[nxt])
            i += 2
        elif c == "γ" and nxt == "κ":
            out.append(("g" if i == 0 else "ng") if press else "gk")
            i += 2
        elif press and c == "γ" and nxt == "ι" and after in _VOWELS:
            out.append("yi")
            i += 2
        else:
            out.append(_BASE.get(c, c))
            i += 1
    result = "".join(out)
    if word[:1].isupper():
        result = result.upper() if len(word) > 1 and word.isupper() else result.capitalize()
    return result


def _convert(text: str, press: bool) -> str:
    parts = _WORD.split(unicodedata.normalize("NFC", text))
    for k in range(1, len(parts), 2):
        parts[k] = _word(parts[k], press)
    return "".join(parts)


def elot743(text: str) -> str:
    """ELOT 743 type 2, as on Greek and Cypriot passports: Ζορμπάς → Zormpas, Γιάννης → Giannis.

    Μπ is b only at the start of a word; αυ/ευ become av/ev before voiced sounds and af/ef
    before voiceless ones; ου is ou.
    """
    return _convert(text, press=False)


def greek_press(text: str) -> str:
    """The spelling Greeks and the press commonly use: Ζορμπάς → Zorbas, Γιάννης → Yiannis."""
    return _convert(text, press=True)
