"""Cyrillic to Latin, the way real documents do it.

The same Russian name reaches a police file as the passport's ICAO form (Iuliia), an
English-language press form (Yuliya), a French one (Ioulia) or a German one (Julija); a
matcher has to know all of them, so each convention is its own pure function here.
Every function works word by word, keeps the case pattern of the source (Title, UPPER) and
leaves characters it does not know untouched.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

_VOWELS = frozenset("аеёиоуыэюяіїєўәөұүі")
_SOFT_HARD = frozenset("ьъ")
_SIBILANTS = frozenset("жчшщц")
_WORD = re.compile(r"([^\W\d_]+)")

# A rule sees the lower-cased word and a position and returns (Latin piece, letters used).
Rule = Callable[[str, int], tuple[str, int]]


def _convert(text: str, rule: Rule) -> str:
    """Apply `rule` to each word of `text`, keeping the source's capitalisation."""
    parts = _WORD.split(text)
    for k in range(1, len(parts), 2):
        word = parts[k]
        low = word.lower()
        out: list[str] = []
        i = 0
        while i < len(low):
            piece, used = rule(low, i)
            if piece and word[i] != low[i]:
                piece = piece[0].upper() + piece[1:]
            out.append(piece)
            i += used
        result = "".join(out)
        if len(word) > 1 and word.isupper():
            result = result.upper()
        parts[k] = result
    return "".join(parts)


def _prev(low: str, i: int) -> str:
    return low[i - 1] if i > 0 else ""


def _next(low: str, i: int) -> str:
    return low[i + 1] if i + 1 < len(low) else ""


# --- ICAO Doc 9303 (7th ed., part 3): the Latin line of Russian and most post-Soviet passports.
_ICAO = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu",
    "я": "ia", "і": "i", "ї": "i", "є": "ie", "ґ": "g", "ў": "u", "ђ": "d", "ј": "j",
    "љ": "lj", "њ": "nj", "ћ": "c", "џ": "dz", "ѓ": "g", "ќ": "k", "ѕ": "dz",
    "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h",
}  # fmt: skip


def _icao_rule(ukrainian: bool) -> Rule:
    def rule(low: str, i: int) -> tuple[str, int]:
        ch = low[i]
        if ukrainian and ch == "и":
            return "y", 1
        return _ICAO.get(ch, ch), 1

    return rule


_ICAO_RU = _icao_rule(False)
_ICAO_UK = _icao_rule(True)


def icao9303(text: str, lang: str = "ru") -> str:
    """ICAO 9303 transliteration (Ж→Zh, Х→Kh, Ц→Ts, Ю→Iu, Я→Ia, Ъ→Ie, Ё→E); И→Y for Ukrainian."""
    return _convert(text, _ICAO_UK if lang == "uk" else _ICAO_RU)


# --- Ukrainian national system (KMU 2010), used in Ukrainian passports since 2010.
_UA = dict(_ICAO)
_UA.update({"г": "h", "и": "y", "й": "i", "ь": "", "ї": "i", "є": "ie", "ю": "iu", "я": "ia"})
_UA_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}


def _ua_rule(low: str, i: int) -> tuple[str, int]:
    ch = low[i]
    if i == 0 and ch in _UA_INITIAL:
        return _UA_INITIAL[ch], 1
    if ch == "г" and _prev(low, i) == "з":
        return "gh", 1
    return _UA.get(ch, ch), 1


def ua_kmu2010(text: str) -> str:
    """Ukrainian national romanisation (Г→H, И→Y, word-initial Ю→Yu, else Iu): Yuliia."""
    return _convert(text, _ua_rule)


# --- BGN/PCGN (Russian 1947, practical: the soft and hard signs are dropped).
_BGN = dict(_ICAO)
_BGN.update({
    "е": "e", "ё": "ë", "й": "y", "ъ": "", "ь": "", "ю": "yu", "я": "ya", "ї": "yi",
    "є": "ye", "ђ": "đ", "ћ": "ć", "џ": "dž", "ә": "ä", "ғ": "gh", "қ": "q", "ң": "ng",
    "ө": "ö", "ү": "ü",
})  # fmt: skip
_BGN_Y = {"е": "ye", "ё": "yë"}


def _bgn_rule(low: str, i: int) -> tuple[str, int]:
    ch = low[i]
    if ch in _BGN_Y:
        p = _prev(low, i)
        if i == 0 or p in _VOWELS or p in _SOFT_HARD or p == "й":
            return _BGN_Y[ch], 1
    return _BGN.get(ch, ch), 1


def bgn_pcgn(text: str) -> str:
    """BGN/PCGN (Ye/Yë after vowels and word-initially, Yu, Ya, Y for Й): Yuliya, Gorbachëv."""
    return _convert(text, _bgn_rule)


# --- ISO 9:1995: one Latin letter (with diacritics) per Cyrillic letter; reversible.
_ISO9 = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "ë", "ж": "ž",
    "з": "z", "и": "i", "й": "j", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "c",
    "ч": "č", "ш": "š", "щ": "ŝ", "ъ": "ʺ", "ы": "y", "ь": "ʹ", "э": "è", "ю": "û",
    "я": "â", "і": "ì", "ї": "ï", "є": "ê", "ґ": "g̀", "ў": "ŭ", "ђ": "đ", "ј": "ǰ",
    "љ": "l̂", "њ": "n̂", "ћ": "ć", "џ": "d̂", "ѓ": "ǵ", "ќ": "ḱ", "ѕ": "ẑ",
    "ә": "a̋", "ғ": "ġ", "қ": "ķ", "ң": "ṇ", "ө": "ô", "ұ": "ū", "ү": "ù", "һ": "ḥ",
}  # fmt: skip


def _iso9_rule(low: str, i: int) -> tuple[str, int]:
    return _ISO9.get(low[i], low[i]), 1


def iso9(text: str) -> str:
    """ISO 9:1995 (Ж→Ž, Х→H, Ц→C, Ч→Č, Ш→Š, Щ→Ŝ, Ю→Û, Я→Â): the scholarly, reversible form."""
    return _convert(text, _iso9_rule)


# --- French press usage (AFP, Le Monde): Ou for У, Tch, Ch, J, Kh; -ine for surnames in -ин.
_FR = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "io", "ж": "j",
    "з": "z", "и": "i", "й": "ï", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "ou", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "tch", "ш": "ch", "щ": "chtch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iou",
    "я": "ia", "і": "i", "ї": "ï", "є": "ie", "ґ": "g", "ў": "ou",
}  # fmt: skip


def _fr_rule(low: str, i: int) -> tuple[str, int]:
    ch, p, n = low[i], _prev(low, i), _next(low, i)
    after_vowel = p in _VOWELS
    if ch == "к" and n == "с":
        return "x", 2
    if ch == "р" and p == "д" and n == "":  # Alexandre
        return "re", 1
    if ch == "г" and n in ("е", "и", "ы", "э"):
        return "gu", 1
    if ch == "с" and after_vowel and n in _VOWELS:
        return "ss", 1
    if ch == "и" and after_vowel:
        return "ï", 1
    if ch == "й" and p in ("и", "ы"):
        return "", 1
    if ch == "е":
        return ("ïe" if after_vowel else "ie" if p in _SOFT_HARD else "e"), 1
    if ch == "ё":
        return ("e" if p in _SIBILANTS else "ïo" if after_vowel else "io"), 1
    if p == "и" and ch in ("я", "ю"):
        return ("a" if ch == "я" else "ou"), 1
    return _FR.get(ch, ch), 1


def _french_surname(word: str, latin: str) -> str:
    """Poutine, Lénine, Staline: French adds a mute e to surnames in -ин/-ын."""
    if len(word) > 3 and word.lower().endswith(("ин", "ын")) and latin[-1:].lower() == "n":
        return latin + ("E" if latin.isupper() else "e")
    return latin


def french(text: str, surname: bool | None = None) -> str:
    """French press transliteration ("Владимир Путин" → "Vladimir Poutine").

    `surname` says whether `text` is a family name; None treats the last of several words
    as one, which is right for "given family" order.
    """
    latin = _convert(text, _fr_rule)
    if surname is False:
        return latin
    src, out = text.split(" "), latin.split(" ")
    if len(src) != len(out):
        return latin
    if surname:
        return " ".join(_french_surname(s, o) for s, o in zip(src, out, strict=True))
    if len(src) > 1:
        out[-1] = _french_surname(src[-1], out[-1])
    return " ".join(out)


# --- German press usage (Duden): W for В, Sch, Tsch, Ch, S for З, Z for Ц, J-glides.
_DE = {
    "а": "a", "б": "b", "в": "w", "г": "g", "д": "d", "е": "e", "ё": "jo", "ж": "sch",
    "з": "s", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "ch", "ц": "z",
    "ч": "tsch", "ш": "sch", "щ": "schtsch", "ъ": "", "ы": "y", "ь": "", "э": "e",
    "ю": "ju", "я": "ja", "і": "i", "ї": "ji", "є": "je", "ґ": "g", "ў": "u",
}  # fmt: skip


def _de_rule(low: str, i: int) -> tuple[str, int]:
    ch, p, n = low[i], _prev(low, i), _next(low, i)
    if ch == "к" and n == "с":
        return "x", 2
    if ch == "с" and p in _VOWELS and n in _VOWELS:
        return "ss", 1
    if ch == "р" and p == "д" and n == "":  # Alexander
        return "er", 1
    if ch == "е" and (i == 0 or p in _VOWELS or p in _SOFT_HARD):
        return "je", 1
    if ch == "ё" and p in _SIBILANTS:
        return "o", 1
    if ch == "й":
        if p == "е":
            return "j", 1
        if p in ("и", "ы") and n == "":
            return "", 1
    if ch == "ь" and n in ("и", "о", "а", "у"):
        return "j", 1
    return _DE.get(ch, ch), 1


def german(text: str) -> str:
    """German press transliteration ("Михаил Горбачёв" → "Michail Gorbatschow")."""
    return _convert(text, _de_rule)


# --- Bulgarian official system (2009 law): Щ→Sht, Ъ→A, Х→H; final -ия → -ia.
_BG = dict(_ICAO)
_BG.update({"й": "y", "х": "h", "щ": "sht", "ъ": "a", "ь": "y", "ю": "yu", "я": "ya"})


def _bg_rule(low: str, i: int) -> tuple[str, int]:
    if low[i] == "и" and low[i + 1 : i + 2] == "я" and i + 2 == len(low):
        return "ia", 2
    return _BG.get(low[i], low[i]), 1


def bg_2009(text: str) -> str:
    """Bulgarian Streamlined System, the one on Bulgarian passports ("Христо Стоичков")."""
    return _convert(text, _bg_rule)


# --- Serbian: the country's own Latin alphabet (Gaj), written by Serbs themselves.
_SR = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "е": "e", "ж": "ž",
    "з": "z", "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n",
    "њ": "nj", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "ć", "у": "u",
    "ф": "f", "х": "h", "ц": "c", "ч": "č", "џ": "dž", "ш": "š",
}  # fmt: skip


def _sr_rule(low: str, i: int) -> tuple[str, int]:
    return _SR.get(low[i], low[i]), 1


def serbian_latin(text: str) -> str:
    """Serbian Cyrillic to Serbian Latin (Ђорђевић → Đorđević), a 1:1 official mapping."""
    return _convert(text, _sr_rule)


@lru_cache(maxsize=65536)
def serbian_ascii(text: str) -> str:
    """Serbian Latin without diacritics as travel documents' MRZ write it (Đ→Dj): Djordjevic."""
    latin = serbian_latin(text)
    table = str.maketrans(
        {"đ": "dj", "Đ": "Dj", "ž": "z", "Ž": "Z", "ć": "c", "Ć": "C", "č": "c", "Č": "C",
         "š": "s", "Š": "S"}
    )  # fmt: skip
    out = latin.translate(table)
    return out.upper() if latin.isupper() else out
