"""Georgian and Armenian: alphabets with a near one-to-one national romanisation.

Georgian passports follow the 2002 national system (Saakashvili), which drops the marks
scholars put on ejective consonants (Saak'ashvili). Armenian passports write -yan
(Sargsyan) where the diaspora and older Western sources write -ian (Sargsian).
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"([^\W\d_]+)")

_GEORGIAN_LETTERS = "აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ"
_GEORGIAN_LATIN = "a b g d e v z t i k l m n o p zh r s t u p k gh q sh ch ts dz ts ch kh j h"
_GEORGIAN = dict(zip(_GEORGIAN_LETTERS, _GEORGIAN_LATIN.split(), strict=True))
_GEORGIAN_EJECTIVE = {"კ": "k'", "პ": "p'", "ტ": "t'", "ყ": "q'", "წ": "ts'", "ჭ": "ch'"}

_ARMENIAN_LETTERS = "աբգդեզէըթժիլխծկհձղճմյնշոչպջռսվտրցւփքօֆ"
_ARMENIAN_LATIN = (
    "a b g d e z e y t zh i l kh ts k h dz gh ch m y n sh o ch p j r s v t r ts v p k o f"
)
_ARMENIAN = dict(zip(_ARMENIAN_LETTERS, _ARMENIAN_LATIN.split(), strict=True))
_ARMENIAN_ASPIRATE = {"թ": "t'", "չ": "ch'", "ց": "ts'", "փ": "p'", "ք": "k'"}


def _georgian_word(word: str, scholarly: bool) -> str:
    out = [(_GEORGIAN_EJECTIVE.get(c) if scholarly else None) or _GEORGIAN.get(c, c) for c in word]
    return "".join(out).capitalize()


@lru_cache(maxsize=16384)
def georgian(text: str, scholarly: bool = False) -> str:
    """Georgian national romanisation (ავთანდილ → Avtandil); `scholarly` marks ejectives (k')."""
    words = _WORD.split(text)
    for k in range(1, len(words), 2):
        words[k] = _georgian_word(words[k], scholarly)
    return "".join(words)


def _armenian_word(word: str, diaspora: bool, scholarly: bool) -> str:
    word = word.lower()
    out: list[str] = []
    i = 0
    while i < len(word):
        c = word[i]
        n = word[i + 1] if i + 1 < len(word) else ""
        if c == "ո" and n == "ւ":
            out.append("u")
            i += 2
            continue
        if c == "և":
            out.append("ev" if i else "yev")
        elif i == 0 and c == "ե":
            out.append("ye")
        elif i == 0 and c == "ո":
            out.append("vo")
        elif scholarly and c in _ARMENIAN_ASPIRATE:
            out.append(_ARMENIAN_ASPIRATE[c])
        else:
            out.append(_ARMENIAN.get(c, c))
        i += 1
    latin = "".join(out)
    if diaspora and latin.endswith("yan"):
        latin = latin[:-3] + "ian"
    return latin.capitalize()


@lru_cache(maxsize=16384)
def armenian(text: str, diaspora: bool = False, scholarly: bool = False) -> str:
    """Armenian national romanisation (Սարգսյան → Sargsyan); `diaspora` writes -ian."""
    words = _WORD.split(text)
    for k in range(1, len(words), 2):
        words[k] = _armenian_word(words[k], diaspora, scholarly)
    return "".join(words)
