"""Chinese, Japanese and Korean names in Latin letters.

Chinese: Hanyu Pinyin (mainland passports: "Xi Jinping") and Wade-Giles (Taiwan and older
Western sources: "Mao Tse-tung"), from pypinyin, with the surname readings pypinyin gets wrong
for names (曾 is Zeng as a surname, not Ceng). Japanese: Hepburn from the kana reading, in
the passport form (Sato), with macrons (Satō) and as typed (Satou). Korean: Revised
Romanization computed from the Hangul (Gim Minjun); the popular spellings (Kim Min-joon) come
from packaged data.
"""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin

from xborder.names import curated

# --- Chinese ---------------------------------------------------------------------------------

_COMPOUND = (
    "欧阳 歐陽 司马 司馬 诸葛 諸葛 上官 张简 張簡 范姜 司徒 东方 東方 尉迟 尉遲 长孙 長孫 慕容"
    " 公孙 公孫 夏侯 皇甫 令狐 端木 西门 西門 南宫 南宮 宇文 轩辕 軒轅"
)
COMPOUND_SURNAMES = frozenset(_COMPOUND.split())
# Surnames whose reading differs from the character's everyday reading: map each to a
# homophone so that every pypinyin style (pinyin, Wade-Giles) gets the surname reading.
_SURNAME_HOMOPHONE = {
    "曾": "增", "覃": "秦", "翟": "宅", "单": "善", "單": "善", "解": "谢", "仇": "求",
    "缪": "妙", "繆": "妙", "区": "欧", "區": "歐", "朴": "嫖", "盖": "葛", "蓋": "葛",
    "乐": "月", "樂": "月", "查": "渣", "阚": "看", "闞": "看", "薄": "伯", "种": "崇",
    "都": "杜", "卜": "补", "粘": "年", "尉": "位",
}  # fmt: skip


def split_han(text: str) -> tuple[str, str]:
    """(family, given) of a Chinese name written family first, with or without a space."""
    text = text.strip()
    if " " in text:
        family, given = text.split(" ", 1)
        return family, given.replace(" ", "")
    n = 2 if text[:2] in COMPOUND_SURNAMES and len(text) > 2 else 1
    return text[:n], text[n:]


@lru_cache(maxsize=65536)
def han_syllables(chars: str, wade_giles: bool = False, surname: bool = False) -> tuple[str, ...]:
    """Toneless syllables of `chars` (pypinyin is slow, so every distinct string is cached)."""
    if surname:
        chars = "".join(_SURNAME_HOMOPHONE.get(c, c) for c in chars)
    style = Style.WADEGILES if wade_giles else Style.NORMAL
    out = lazy_pinyin(chars, style=style, v_to_u=not wade_giles, errors="ignore")
    if wade_giles:
        out = [s.replace("v", "ü") for s in out]
    return tuple(s for s in out if s)


def pinyin_parts(family: str, given: str) -> tuple[str, str]:
    """("Xi", "Jinping"): syllables of each part run together, as in PRC passports."""
    fam = "".join(han_syllables(family, surname=True)).capitalize()
    giv = "".join(han_syllables(given)).capitalize()
    return fam, giv


def wade_giles_parts(family: str, given: str) -> tuple[str, str]:
    """("Mao", "Tse-tung"): syllables of the given name hyphenated, apostrophes kept."""
    fam = "-".join(han_syllables(family, True, surname=True)).capitalize()
    giv = "-".join(han_syllables(given, True)).capitalize()
    return fam, giv


def _join(family: str, given: str) -> str:
    return f"{family} {given}".strip()


def pinyin(text: str) -> str:
    """Hanyu Pinyin without tones, family first: 习近平 → Xi Jinping."""
    return _join(*pinyin_parts(*split_han(text)))


def wade_giles(text: str) -> str:
    """Wade-Giles without tone numbers: 毛泽东 → Mao Tse-tung, 习近平 → Hsi Chin-p'ing."""
    return _join(*wade_giles_parts(*split_han(text)))


def plain_wade_giles(text: str) -> str:
    """Wade-Giles as Taiwanese passports print it: no apostrophes, no umlaut (Chen Shui-pien)."""
    return wade_giles(text).replace("'", "").replace("ü", "u").replace("Ü", "U")


# --- Japanese --------------------------------------------------------------------------------

_KANA_CHARS = (
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨ"
    "ラリルレロワヰヱヲンガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポヴ"
)
_KANA_ROMAJI = (
    "a i u e o ka ki ku ke ko sa shi su se so ta chi tsu te to na ni nu ne no ha hi fu he"
    " ho ma mi mu me mo ya yu yo ra ri ru re ro wa i e o n ga gi gu ge go za ji zu ze zo"
    " da ji zu de do ba bi bu be bo pa pi pu pe po vu"
)
_KANA = dict(zip(_KANA_CHARS, _KANA_ROMAJI.split(), strict=True))
_SMALL_Y = {"ャ": "a", "ュ": "u", "ョ": "o"}
_SMALL_V = {"ァ": "a", "ィ": "i", "ゥ": "u", "ェ": "e", "ォ": "o"}
_MACRON = {"a": "ā", "i": "ī", "u": "ū", "e": "ē", "o": "ō"}
JAPANESE_STYLES = ("hepburn", "hepburn_macron", "wapuro", "hepburn_oh")


def katakana(text: str) -> str:
    """Hiragana turned into katakana (the form registers use for readings)."""
    return "".join(chr(ord(c) + 0x60) if "\u3041" <= c <= "\u3096" else c for c in text)


def _kana_syllables(kana: str) -> list[str]:
    """Romaji per mora; a long vowel is a "~" marker plus the kana's own vowel ("" for ー)."""
    out: list[str] = []
    geminate = False
    for c in katakana(kana):
        if c == "ッ":
            geminate = True
            continue
        if c == "ー" and out:
            out.append("~")
            continue
        if c in _SMALL_Y and out and out[-1].endswith("i"):
            base = out[-1][:-1]
            out[-1] = base + _SMALL_Y[c] if base in ("sh", "ch", "j") else base + "y" + _SMALL_Y[c]
            continue
        if c in _SMALL_V and out and out[-1] != "n" and not out[-1].startswith("~"):
            out[-1] = out[-1][:-1] + _SMALL_V[c]
            continue
        roma = _KANA.get(c, _SMALL_V.get(c, c))
        if geminate and roma and roma[0] not in "aiueon":
            roma = ("t" if roma.startswith("ch") else roma[0]) + roma
        geminate = False
        out.append(roma)
    # ウ after an o- or u-sound, and オ after an o-sound, lengthen it (unless a vowel follows
    # that makes it part of the next word, as in イノウエ Inoue).
    marked: list[str] = []
    for i, s in enumerate(out):
        prev = marked[-1] if marked else ""
        nxt = out[i + 1] if i + 1 < len(out) else ""
        lengthens = (s == "u" and prev[-1:] in ("o", "u")) or (s == "o" and prev[-1:] == "o")
        if lengthens and nxt not in ("e", "o"):
            marked.append("~" + s)
            continue
        marked.append(s)
    return marked


@lru_cache(maxsize=16384)
def hepburn(kana: str, style: str = "hepburn") -> str:
    """Romanise a kana reading. `style`: "hepburn" (passport: Sato, Homma), "hepburn_macron"
    (Satō, Ken'ichi), "wapuro" (Satou) or "hepburn_oh" (Satoh)."""
    syl = _kana_syllables(kana)
    out: list[str] = []
    for i, s in enumerate(syl):
        nxt = syl[i + 1] if i + 1 < len(syl) else ""
        if s.startswith("~"):
            vowel = out[-1][-1] if out and out[-1] else ""
            if style == "hepburn_macron" and vowel in _MACRON:
                out[-1] = out[-1][:-1] + _MACRON[vowel]
            elif style == "wapuro":
                out.append(s[1:] or vowel)
            elif style == "hepburn_oh" and vowel == "o":
                out.append("h")
            continue
        if s == "n":
            if style in ("hepburn", "hepburn_oh") and nxt[:1] in ("b", "m", "p"):
                s = "m"
            elif style == "hepburn_macron" and nxt[:1] in ("a", "i", "u", "e", "o", "y"):
                s = "n'"
        out.append(s)
    return "".join(out).capitalize()


# --- Korean ----------------------------------------------------------------------------------

_RR_INITIALS = "g kk n d tt r m b pp s ss - j jj ch k t p h"
_RR_VOWELS = "a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i"
_RR_FINALS = "- k k k n n n t l k m l l l p l m p p t t ng t t k t p t"
_RR_INITIAL = _RR_INITIALS.split()
_RR_VOWEL = _RR_VOWELS.split()
_RR_FINAL = [f.strip("-") for f in _RR_FINALS.split()]
_TWO_SYLLABLE = "남궁 제갈 선우 독고 황보 사공 서문 동방 어금"
TWO_SYLLABLE_SURNAMES = frozenset(_TWO_SYLLABLE.split())


def rr_syllable(ch: str) -> str:
    """Revised Romanization of one Hangul syllable, as names are written (no assimilation)."""
    code = ord(ch) - 0xAC00
    if not 0 <= code < 11172:
        return ch
    initial = _RR_INITIAL[code // 588]
    return ("" if initial == "-" else initial) + _RR_VOWEL[code % 588 // 28] + _RR_FINAL[code % 28]


def split_hangul(text: str) -> tuple[str, str]:
    """(family, given) of a Korean name written family first."""
    text = text.strip()
    if " " in text:
        family, given = text.split(" ", 1)
        return family, given.replace(" ", "")
    n = 2 if text[:2] in TWO_SYLLABLE_SURNAMES and len(text) > 2 else 1
    return text[:n], text[n:]


@lru_cache(maxsize=16384)
def rr_parts(family: str, given: str, hyphen: bool = False) -> tuple[str, str]:
    """("Gim", "Minjun") or with `hyphen` ("Gim", "Min-jun")."""
    fam = "".join(rr_syllable(c) for c in family).capitalize()
    giv = ("-" if hyphen else "").join(rr_syllable(c) for c in given).capitalize()
    return fam, giv


@lru_cache(maxsize=16384)
def korean_common_parts(family: str, given: str) -> tuple[str, str]:
    """("Kim", "Min-joon"): the family name as its bearers spell it, popular syllables."""
    data = curated.korean()
    fam = data.family.get(family, ("".join(rr_syllable(c) for c in family).capitalize(),))[0]
    giv = "-".join(data.syllables.get(c, rr_syllable(c).capitalize()) for c in given)
    return fam, giv.capitalize()


def revised_romanization(text: str) -> str:
    """Revised Romanization, family first: 김민준 → Gim Minjun."""
    return _join(*rr_parts(*split_hangul(text)))


def korean_common(text: str) -> str:
    """The spelling Koreans most often use abroad: 김민준 → Kim Min-joon, 이영희 → Lee Young-hee."""
    return _join(*korean_common_parts(*split_hangul(text)))
