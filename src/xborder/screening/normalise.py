"""Names made comparable: Unicode normalisation, Latin variants, tokens, roles and sound keys.

One person is written Владимир Путин, Vladimir Putin, Wladimir Putin and "Poutine, Vladimir";
the matcher must see the same tokens behind all of them. Everything here is pure and cached:
a name is turned into a few *variants* (each a tuple of folded ASCII tokens, tagged with the
transliteration system it came from), and each token has a *sound key* that bridges the
spellings transliteration produces (Gaddafi, Qadhafi, Kadhafi → KTF).

What is deliberately lost: case, diacritics, punctuation and order (the matcher aligns tokens
in any order, so "Mao Zedong", "Zedong Mao" and "Poutine, Vladimir" need no special casing
beyond the comma). What is kept: particles (al-, bin, van, de...), tagged so that they weigh
little, and initials, which match any token they begin.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from xborder.names import curated, latin
from xborder.names.scripts import detect_script, fold
from xborder.names.transliterate import (
    FAMILY_FIRST_SCRIPTS,
    HAN,
    japanese_words,
    latin_variants,
    render,
    systems_for,
)
from xborder.screening import readings
from xborder.screening.model import NameForm


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- particles, titles ------------------------------------------------------------------------

# Each spelling of a particle maps to one canonical form, so that "bin" and "ibn", "al" and
# "el", "Abou" and "Abu", "Mc" and "Mac" agree. Particles are kept (they can be the only
# difference between two people: Abu Hassan is not Hassan) but weigh little.
_PARTICLE_FORMS: dict[str, tuple[str, ...]] = {
    "al": ("al", "el", "ul", "il"),
    "bin": ("bin", "ibn", "bn", "ben", "ibnu", "bint", "binti", "bte", "bt"),
    "abu": ("abu", "abou", "abo", "abul", "aboul"),
    "umm": ("umm", "um", "oum"),
    "van": ("van", "von", "vom", "ver"),
    "de": ("de", "di", "da", "do", "du", "del", "dela", "della", "delle", "dei", "degli",
           "der", "den", "des", "dos", "das", "d", "dal", "dalla", "ter", "ten", "te"),
    "la": ("la", "le", "lo", "los", "las", "les", "l"),
    "y": ("y", "e"),
    "mac": ("mac", "mc"),
    "st": ("st", "ste", "saint", "sainte", "san", "santa", "santo", "sao"),
}  # fmt: skip
PARTICLES: dict[str, str] = {f: canon for canon, forms in _PARTICLE_FORMS.items() for f in forms}
# Sun-letter forms of the Arabic article, only when written attached (ad-Din, as-Sayyid).
_ATTACHED_ARTICLES = _words("al el ul il ad ar as ash at ath az an ed er es esh et en ez adh")
# Titles and generational suffixes: dropped before matching (they are not part of the name).
TITLES = _words("mr mrs ms miss mme mlle dr prof sir hon jr sr ii iii iv shri shrimati smt sushri")
# Honorifics, titles and their abbreviations as each script writes them before a name (Shri,
# Dr., Hon., Mr, the Doctor, Professor, Rabbi, Ayatollah...): dropped before transliteration,
# when the name has another word. Words that are also names (Sheikh, Sayyid, Kumari, Pandit,
# Begum) are not here: they can be the family name (Sheikh Hasina).
NATIVE_TITLES: dict[str, frozenset[str]] = {
    "Deva": _words("श्री श्रीमती सुश्री श्रीमान माननीय मा डा डॉ डॉक्टर प्रो प्रोफेसर स्व स्वर्गीय पं कु"),
    "Beng": _words("শ্রী শ্রীমতী ড ডা ডক্টর অধ্যাপক জনাব মাননীয়"),
    "Arab": _words(
        "الدكتور د السيد السيدة الأستاذ الاستاذ المهندس فضيلة سماحة معالي سيادة"
        " دکتر آقای آقا خانم مهندس آیت‌الله حجت‌الاسلام آيت‌الله"
    ),
    "Hebr": _words('ד"ר דר פרופ פרופסור הרב עו"ד מר גב גברת'),
    "Thai": _words("นาย นาง นางสาว ดร ด.ช ด.ญ ศ รศ ผศ คุณ"),
}
# Single letters that are words in their own right rather than initials.
_LETTER_WORDS = frozenset({"y", "e", "i", "d", "l"})

# --- text and tokens ---------------------------------------------------------------------------

_SPLIT = re.compile(r"[\s,;/|()\[\]{}\"]+")
_HYPHENS = re.compile(r"[-‐‑‒–—―_.·]+")


def nfkc(text: str) -> str:
    """NFKC with whitespace collapsed: full-width letters, ligatures and compatibility forms
    become what a keyboard types (ﬁ → fi, Ｖ → V), and composed and decomposed diacritics
    compare equal."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def is_initial(token: str) -> bool:
    return len(token) == 1 and token not in _LETTER_WORDS


ARTICLE = "al"


@lru_cache(maxsize=1 << 18)
def _word_tokens(word: str) -> tuple[tuple[str, str], ...]:
    """(token, kind) of one space-delimited word: hyphenated parts are split; an attached
    article (al-Qadhafi, ad-Din, El-Amine) is kind `a`; the parts of a hyphenated compound
    (Jean-Pierre, Kuei-hua, Smith-Jones) kind `h`, bound to each other; otherwise `w`."""
    pieces = [p for p in _HYPHENS.split(word) if p]
    out: list[tuple[str, str]] = []
    for i, piece in enumerate(pieces):
        folded = fold(piece).split()
        attached = i + 1 < len(pieces) and len(folded) == 1
        for tok in folded:
            kind = "a" if attached and tok in _ATTACHED_ARTICLES else "w"
            out.append((ARTICLE if kind == "a" else tok, kind))
    if sum(1 for _, k in out if k != "a") > 1:
        out = [(t, "h" if k == "w" else k) for t, k in out]
    return tuple(out)


def tokenise(text: str) -> tuple[tuple[str, ...], str]:
    """Folded ASCII tokens of a text in written order, and one flag per token: `p` a
    particle (in canonical spelling: "Moammar El-Gadhafi" → moammar, al, gadhafi; "Usama
    ibn Ladin" → usama, bin, ladin), `i` an initial, `h` a part of a hyphenated compound,
    `w` a word. Titles (Mr, Dr, Jr) are dropped.

    A particle spelling is a particle inside the name, before a word that is not one (bin in
    Osama bin Laden, van and der in Pieter van der Berg); at the end or the start it is a
    name (Wei Du, Le Van Thanh, Ben Smith), except the Arabic article, which never stands
    alone."""
    raw: list[tuple[str, str]] = []
    for word in _SPLIT.split(nfkc(text)):
        if word:
            raw.extend(_word_tokens(word))
    kept = [tk for tk in raw if tk[0] not in TITLES] or raw
    n = len(kept)
    particle = [False] * n
    word_after = False
    for i in range(n - 1, -1, -1):
        tok, kind = kept[i]
        # A part of a hyphenated compound is not a particle (Kim San-ho), save an article.
        candidate = kind == "a" or (
            kind == "w" and tok in PARTICLES and (i > 0 or PARTICLES[tok] == ARTICLE)
        )
        particle[i] = candidate and word_after
        if not candidate:
            word_after = True
    toks: list[str] = []
    flags: list[str] = []
    for (tok, kind), is_p in zip(kept, particle, strict=True):
        if is_p:
            toks.append(PARTICLES.get(tok, ARTICLE))
            flags.append("p")
        else:
            toks.append(tok)
            flags.append("i" if is_initial(tok) else "h" if kind == "h" else "w")
    return tuple(toks), "".join(flags)


def tokens(text: str) -> tuple[str, ...]:
    """The tokens of `tokenise`, without their flags."""
    return tokenise(text)[0]


def comma_form(text: str) -> tuple[str, str] | None:
    """("Poutine", "Vladimir") for "Poutine, Vladimir": the family name written first and set
    off by a comma, as lists and registers do. None when there is no single comma."""
    if text.count(",") != 1:
        return None
    family, given = (p.strip() for p in text.split(","))
    if not family or not given:
        return None
    return family, given


# --- sound keys --------------------------------------------------------------------------------

# Rewrites applied before the consonant skeleton, longest first: they fold the letter groups
# transliteration systems disagree on (German tsch, French tch and English ch for ч; dh, th
# and d for Arabic ذ/ض; kh and ch for х; ph and f; ts, tz and z).
_REWRITES: tuple[tuple[str, str], ...] = (
    ("tsch", "C"), ("dzh", "J"), ("tch", "C"), ("sch", "S"), ("shch", "S"), ("ch", "C"),
    ("sh", "S"), ("zh", "J"), ("dj", "J"), ("kh", "H"), ("gh", "K"), ("ph", "F"),
    ("th", "T"), ("dh", "T"), ("ts", "S"), ("tz", "S"), ("dz", "S"), ("ck", "K"),
    ("x", "KS"), ("ng", "N"),
)  # fmt: skip
_REWRITE = re.compile(
    "|".join(re.escape(a) for a, _ in sorted(_REWRITES, key=lambda r: -len(r[0])))
)
_REWRITE_MAP = dict(_REWRITES)
_CLASS = str.maketrans(
    {
        "b": "B", "p": "B", "f": "F", "v": "F", "w": "F", "k": "K", "q": "K", "g": "K",
        "c": "K", "d": "T", "t": "T", "s": "S", "z": "S", "j": "J", "l": "L", "m": "M",
        "n": "N", "r": "R", "h": "H",
        "a": "a", "e": "a", "i": "a", "o": "a", "u": "a", "y": "a",
    }
)  # fmt: skip
_SOFT_C = re.compile(r"c(?=[eiy])")


def _skeleton(t: str, ch: str) -> str:
    if t.startswith("mc"):
        t = "mac" + t[2:]
    t = _SOFT_C.sub("s", t)
    t = _REWRITE.sub(lambda m: ch if m.group(0) == "ch" else _REWRITE_MAP[m.group(0)], t)
    t = t.translate(_CLASS)
    out: list[str] = ["a"] if t[0] == "a" else []
    prev = ""
    for c in t:
        if c != "a" and c != prev:
            out.append(c)
        prev = c
    return "".join(out)


@lru_cache(maxsize=1 << 17)
def phonetic_keys(token: str) -> tuple[str, ...]:
    """The sound key of a token (see `phonetic_key`), and a second one where "ch" is read as
    German, Polish or Czech write х (Michail = Mikhail) rather than as English ч."""
    t = "".join(c for c in token.lower() if "a" <= c <= "z")
    if not t:
        return ("",)
    first = _skeleton(t, "C")
    if "ch" not in t:
        return (first,)
    second = _skeleton(t, "H")
    return (first,) if second == first else (first, second)


def phonetic_key(token: str) -> str:
    """A consonant skeleton that transliteration variants share: Gaddafi, Qadhafi, Kadhafi
    and Gadafi give KTF; Gorbachev and Gorbatschow KRBCF; Putin and Poutine BTN; Mohammed,
    Muhammad and Mehmet MHMT; Osama and Usama aSM.

    Letter groups the systems disagree on are folded first (tsch/tch/ch, kh, dh/th, ph, ts/tz,
    w/v/f, q/k/g/c, b/p), then a leading vowel is kept as `a` (the key of Ali is not just L)
    and other vowels, y and doubled letters are dropped. Unvocalised renderings of Arabic and
    Hebrew (Ldn) so share the key of the vocalised spelling (Laden). jellyfish's Metaphone
    keeps Q apart from G and K, W apart from V and TSCH apart from CH, which are exactly the
    differences transliteration makes, hence a key of our own."""
    return phonetic_keys(token)[0]


# --- Chinese romanisations in Latin text -------------------------------------------------------

# The commonest Chinese family names in Pinyin: a Latin name carrying one of them, all of whose
# tokens read as Pinyin, also gets a Wade-Giles reading (Mao Zedong → Mao Tse-tung).
_CHINESE_SURNAMES = _words(
    """ai an bai bao bi cai cao chai chang che chen cheng cui dai deng ding dong du duan fan
    fang feng fu gan gao ge geng gong gu guan guo han hao he hong hou hu hua huang huo ji jia
    jian jiang jiao jin kang ke kong lai lan lei li lian liang liao lin ling liu long lu luo lv
    ma mai mao mei meng miao mo mou mu ni nie ning niu nong ou ouyang pan pang pei peng pu qi
    qian qiao qin qiu qu ran rao ren ruan shan shang shao shen sheng shi shu si song su sun tan
    tang tao teng tian tong tu wan wang wei wen weng wu xia xiang xiao xie xin xing xiong xu xue
    yan yang yao ye yi yin you yu yuan yue zeng zhai zhan zhang zhao zheng zhong zhou zhu
    zhuang zhuo zou zuo situ zhuge shangguan sima"""
)


@cache
def _pinyin_to_wade() -> dict[str, str]:
    """Pinyin syllable → Wade-Giles as passports print it (no apostrophes or umlauts).

    Taken from pypinyin's conversion table (its Wade-Giles style), so that the mapping is the
    one the transliteration registry itself uses."""
    try:
        from pypinyin.style import wadegiles
    except ImportError:  # pragma: no cover - pypinyin is a dependency
        return {}
    table: Any = getattr(wadegiles, "_convert_table", [])
    out: dict[str, str] = {}
    for py, wg in table:
        py = str(py).replace("ü", "v")
        if py.isascii() and py.isalpha():
            out[py] = str(wg).replace("'", "").replace("`", "").replace("ü", "u")
    for py, wg in (("zi", "tzu"), ("ci", "tzu"), ("si", "ssu"), ("ri", "jih"), ("shi", "shih"),
                   ("zhi", "chih"), ("chi", "chih")):  # fmt: skip
        out.setdefault(py, wg)
    return out


@lru_cache(maxsize=1 << 16)
def pinyin_syllables(token: str) -> tuple[str, ...] | None:
    """The shortest split of `token` into Pinyin syllables (zedong → ze, dong), or None."""
    table = _pinyin_to_wade()
    n = len(token)
    if n == 0 or n > 18:
        return None
    best: list[tuple[str, ...] | None] = [None] * (n + 1)
    best[0] = ()
    for i in range(n):
        prefix = best[i]
        if prefix is None:
            continue
        for j in range(i + 1, min(n, i + 6) + 1):
            syl = token[i:j]
            if syl in table:
                cand = (*prefix, syl)
                cur = best[j]
                if cur is None or len(cand) < len(cur):
                    best[j] = cand
    return best[n]


def wade_giles_tokens(toks: Sequence[str]) -> tuple[tuple[str, ...], str] | None:
    """Wade-Giles (passport form) tokens for Pinyin tokens, one per syllable, the syllables of
    one name bound together (flag `h`), or None when some token is not Pinyin:
    ("mao", "zedong") → ("mao", "tse", "tung"), "whh"."""
    table = _pinyin_to_wade()
    out: list[str] = []
    flags: list[str] = []
    for tok in toks:
        syllables = pinyin_syllables(tok)
        if not syllables or len(syllables) > 3:
            return None
        out.extend(table[s] for s in syllables)
        flags.extend("h" * len(syllables) if len(syllables) > 1 else "w")
    return tuple(out), "".join(flags)


def looks_chinese(toks: Sequence[str]) -> bool:
    """Two or three Pinyin tokens, the first or last a common Chinese family name."""
    return (
        2 <= len(toks) <= 3
        and (toks[0] in _CHINESE_SURNAMES or toks[-1] in _CHINESE_SURNAMES)
        and all(pinyin_syllables(t) for t in toks)
    )


@cache
def _korean_family() -> dict[str, str]:
    """Other spellings of Korean family names → the common one (gim → kim, i/yi/rhee → lee,
    bak/pak/bag → park), from the curated Korean data."""
    out: dict[str, str] = {}
    for spellings in curated.korean().family.values():
        canon = fold(spellings[0])
        for other in (fold(x) for x in spellings):
            if other != canon:
                out.setdefault(other, canon)
            if other.endswith("k"):  # ICU's transliteration writes a final ㄱ as g: Bag, Baeg
                out.setdefault(other[:-1] + "g", canon)
    return out


def korean_family_tokens(toks: Sequence[str]) -> tuple[str, ...] | None:
    """The tokens with a Korean family name at either end in its common spelling (Gim Jihyeon
    → kim jihyeon, I Sangho → lee sangho), or None when there is none to respell."""
    if not 2 <= len(toks) <= 3:
        return None
    table = _korean_family()
    for i in (0, len(toks) - 1):
        canon = table.get(toks[i])
        if canon is not None:
            out = list(toks)
            out[i] = canon
            return tuple(out)
    return None


# A name read as Japanese syllables (Hepburn): consonant (or none) and vowel, the syllabic n,
# and the first of a doubled consonant (Hattori, Nakku).
_HEPBURN = re.compile(
    r"(?:(?:sh|ch|ts|[kgnhbpmr]y|[kgsztdnhbpmrwfjy])?[aiueo]|n|[kstpc](?=[kstpc]))+"
)
# Long vowels as word processors (Itou, Yuuzou), dictionaries (Oono) and passports (Satoh,
# Ohno) write them; a passport prints them short (Ito, Yuzo, Ono, Sato).
_LONG_VOWEL = re.compile(r"ou|uu|oo|oh(?![aiueoy])")


def short_vowel_tokens(toks: Sequence[str]) -> tuple[str, ...] | None:
    """A Japanese name's tokens with their long vowels written short (Honda Yuuzou → honda
    yuzo), or None when it has none, or a token does not read as Japanese syllables. Readings
    of names written in Japanese are short; lists and dictionaries often are not."""
    if not 2 <= len(toks) <= 3:
        return None
    out = tuple(_LONG_VOWEL.sub(lambda m: m.group(0)[0], t) for t in toks)
    if out == tuple(toks) or not all(_HEPBURN.fullmatch(t) for t in out):
        return None
    return out


# --- Arabic and Hebrew words no lexicon knows ---------------------------------------------------

_ARABIC = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ء": "", "ؤ": "u", "ئ": "i", "ب": "b", "ت": "t",
    "ة": "a", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r",
    "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "gh",
    "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ى": "a", "پ": "p",
    "چ": "ch", "ژ": "zh", "گ": "g", "ک": "k",
}  # fmt: skip
_HEBREW = {
    "א": "a", "ב": "b", "ג": "g", "ד": "d", "ה": "h", "ז": "z", "ח": "ch", "ט": "t",
    "כ": "k", "ך": "kh", "ל": "l", "מ": "m", "ם": "m", "נ": "n", "ן": "n", "ס": "s",
    "ע": "", "פ": "p", "ף": "f", "צ": "ts", "ץ": "ts", "ק": "k", "ר": "r", "ש": "sh", "ת": "t",
}  # fmt: skip
_WAW = {"Arab": ("و", "w", "u"), "Hebr": ("ו", "v", "o")}
_YOD = {"Arab": ("ي", "y", "i"), "Hebr": ("י", "y", "i")}


def _abjad_word(word: str, script: str) -> str:
    """A vocalised guess for an Arabic or Hebrew word: consonants by the common English
    values, waw and yod as vowels inside the word (שרון → shron, لادن → ladn). Good enough
    for the sound key and a fuzzy comparison; the lexicon's spellings come first."""
    table = _ARABIC if script == "Arab" else _HEBREW
    waw, waw_c, waw_v = _WAW[script]
    yod, yod_c, yod_v = _YOD[script]
    prefix = ""
    if script == "Arab" and word.startswith("ال") and len(word) > 3:
        prefix, word = "al-", word[2:]
    out: list[str] = []
    for i, ch in enumerate(word):
        if ch == waw or (script == "Arab" and ch == "ی"):
            c, v = (waw_c, waw_v) if ch == waw else ("y", "i")
            out.append(c if i == 0 else v)
        elif ch == yod:
            out.append(yod_c if i == 0 else yod_v)
        elif (i == 0 and ch in "عא") or (ch == "ה" and i == len(word) - 1):
            out.append("a")  # an initial guttural is heard as a vowel (Abd, Ali); final he
        else:
            out.append(table.get(ch, ""))
    return prefix + "".join(out)


def _abjad_variant(text: str, script: str, lang: str) -> str | None:
    """The name with the lexicon's common spelling where it knows a word (or two or three
    words: عبد الله) and the vocalised guess where it does not; None when it knows every word
    (latin_variants covers it)."""
    lex = curated.lexicon_for(script, lang)
    words = text.split()
    out: list[str] = []
    unknown = False
    i = 0
    while i < len(words):
        for size in (3, 2, 1):
            if lex is None or i + size > len(words):
                continue
            last = i + size == len(words) and i > 0
            entry = lex.lookup(" ".join(words[i : i + size]), family=last)
            if entry is not None:
                out.append(entry.spell("common"))
                i += size
                break
        else:
            unknown = True
            out.append(_abjad_word(words[i], script))
            i += 1
    return " ".join(out) if unknown else None


# --- variants ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NameVariant:
    """One Latin reading of a name: its folded tokens in written order and the system (or
    habit) that produced it ("as written", "icao9303", "fr", "wade_giles"...)."""

    system: str
    tokens: tuple[str, ...]
    flags: str  # one per token: p particle, i initial, h bound, w word (see tokenise)
    script: str = "Latn"  # the script the name was written in (ISO 15924)


AS_WRITTEN = "as written"
HANZI = "hanzi"  # a Han (or Japanese) name as written, simplified: compared only with its kind
LEARNED = "learned"  # readings.read: how the name sounds, learned from real name pairs
MAX_VARIANTS_PER_NAME = 12


@lru_cache(maxsize=1 << 14)
def simplified(text: str) -> str:
    """A Han name in simplified characters, separators and spaces removed (OpenCC's
    traditional-to-simplified table), so that 習近平 and 习近平 are the same written name."""
    return "".join(readings.native_words(_t2s().convert(text)))


@cache
def _t2s() -> Any:
    from opencc import OpenCC  # type: ignore[import-untyped,unused-ignore]

    return OpenCC("t2s")


def _rendered(parts: Sequence[str], script: str, lang: str) -> list[tuple[str, str]]:
    """latin_variants, with the Japanese readings first for a kanji name that has them; an
    unusual name (a script no system covers, a character a table lacks) gives what it can,
    never an error that would stop screening."""
    out: list[tuple[str, str]] = []
    try:
        if script in HAN and lang in ("", "ja") and len(parts) == 1:
            # Written without a space, a kanji name is Chinese or Japanese: read it both ways.
            # Hepburn only: a guess should not triple every Chinese name's readings.
            words = japanese_words(parts[0])
            if words:
                out += [v for v in latin_variants(words, "Jpan", "ja") if v[0] == "hepburn"]
        if script in HAN and _reads_as_japanese(parts):
            out += latin_variants(parts, "Jpan", "ja")
        out += latin_variants(parts, script, lang)
    except Exception:
        return out
    return out


def _reads_as_japanese(parts: Sequence[str]) -> bool:
    """A kanji-only name whose parts, written apart, all have a known Japanese reading
    (橋本 里佳): without kana it is told from a Chinese name only by the readings."""
    return len(parts) >= 2 and all(render(p, "katakana", "Jpan", "ja") != p for p in parts)


# The Latin alphabet's letter names as Hindi and Bengali write them: Indian names carry
# initials (R. Rajendran, A.N. Boopathiraja), which these scripts spell out (आर राजेंद्रन).
LETTER_NAMES: dict[str, dict[str, str]] = {
    "Deva": {
        "ए": "a", "बी": "b", "सी": "c", "सि": "c", "डी": "d", "ई": "e", "एफ": "f", "जी": "g",
        "एच": "h", "आई": "i", "जे": "j", "के": "k", "एल": "l", "एम": "m", "एन": "n", "ओ": "o",
        "पी": "p", "क्यू": "q", "आर": "r", "एस": "s", "टी": "t", "यू": "u", "वी": "v",
        "डब्ल्यू": "w", "डबल्यू": "w", "एक्स": "x", "वाई": "y", "जेड": "z", "ज़ेड": "z",
    },
    "Beng": {
        "এ": "a", "বি": "b", "সি": "c", "ডি": "d", "ই": "e", "এফ": "f", "জি": "g", "এইচ": "h",
        "আই": "i", "জে": "j", "কে": "k", "এল": "l", "এম": "m", "এন": "n", "ও": "o", "পি": "p",
        "কিউ": "q", "আর": "r", "এস": "s", "টি": "t", "ইউ": "u", "ভি": "v", "ডব্লিউ": "w",
        "এক্স": "x", "ওয়াই": "y", "জেড": "z",
    },
}  # fmt: skip
_INITIAL_MARKS = re.compile(r"[.।,]")  # full stop, danda, comma after an initial


def letter_name_initials(text: str, script: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """The name without the initials it spells as letter names at its start or end, and
    those initials as Latin letters (front, back). A name made of letter names only is
    left alone: it is no longer a name with initials."""
    names = LETTER_NAMES.get(script)
    if not names:
        return text, (), ()
    words = [w for w in _INITIAL_MARKS.sub(" ", text).split() if w]
    letters = [names.get(w) for w in words]
    i = 0
    while i < len(words) and letters[i]:
        i += 1
    j = len(words)
    while j > i and letters[j - 1]:
        j -= 1
    if i == j or (i == 0 and j == len(words)):
        return text, (), ()
    front = tuple(str(x) for x in letters[:i])
    back = tuple(str(x) for x in letters[j:])
    return " ".join(words[i:j]), front, back


_QUOTES = str.maketrans({"\u05f4": '"', "\u05f3": "'", "\u2019": "'", "\u201d": '"'})


def drop_native_titles(text: str, script: str) -> str:
    """The name without the honorifics its script writes before it (श्री, डा., ד"ר, นาย),
    as words or abbreviations ending in a full stop; unchanged when nothing else is left."""
    titles = NATIVE_TITLES.get(script)
    if not titles:
        return text
    words = text.split()
    kept: list[str] = []
    for i, word in enumerate(words):
        bare = word.translate(_QUOTES).rstrip(".'")
        if bare in titles and i < len(words) - 1 and not kept:
            continue
        head, dot, rest = word.partition(".")
        if dot and rest and head in titles and not kept:  # written attached: डा.राम
            kept.append(rest)
            continue
        kept.append(word)
    return " ".join(kept) if kept else text


def _native_parts(form: NameForm, text: str, script: str) -> list[str]:
    """The parts of a non-Latin name in native order, for the transliterators."""
    if form.given or form.family:
        if script in FAMILY_FIRST_SCRIPTS:
            parts = [form.family, form.given]
        else:
            parts = [form.given, form.patronymic, form.family]
        parts = [nfkc(p) for p in parts if p and p.strip()]
        if parts:
            return parts
    return text.split()


def _intern(toks: Iterable[str]) -> tuple[str, ...]:
    return tuple(sys.intern(t) for t in toks)


def _looks_latin(text: str) -> bool:
    """ASCII, or nothing beyond the Latin blocks (cheaper than detect_script)."""
    return text.isascii() or all(ord(c) < 0x250 or 0x1E00 <= ord(c) <= 0x1EFF for c in text)


@lru_cache(maxsize=1 << 16)
def _variants_cached(
    full: str, script: str, lang: str, given: str, family: str, patronymic: str
) -> tuple[NameVariant, ...]:
    form = NameForm(full, script, lang, given, family, patronymic)
    text = nfkc(full)
    if not script or (script == "Latn" and not _looks_latin(text)):
        script = detect_script(text)
    detected = "Latn" if _looks_latin(text) else script
    out: dict[tuple[str, ...], NameVariant] = {}

    bind = script in FAMILY_FIRST_SCRIPTS
    script_of = "Latn" if detected == "Latn" or script in ("Zyyy", "Zzzz") else script

    front: tuple[str, ...] = ()
    back: tuple[str, ...] = ()

    def add(system: str, tf: tuple[tuple[str, ...], str]) -> None:
        toks, flags = tf
        if toks and (front or back):  # initials written as letter names (आर: R)
            toks = (*front, *toks, *back)
            flags = "i" * len(front) + flags + "i" * len(back)
        # Chinese, Japanese, Korean names have no optional parts; a learned reading is a
        # foreign name transcribed (a katakana Arthur Evans may have a middle name).
        if bind and system != LEARNED:
            flags = "".join("h" if f == "w" else f for f in flags)
        if toks and toks not in out and len(out) < MAX_VARIANTS_PER_NAME:
            out[toks] = NameVariant(system, _intern(toks), flags, script_of)

    if script in ("Latn", "Zyyy", "Zzzz") or detected == "Latn":
        comma = comma_form(text)
        if comma is not None:
            family_t, given_t = tokenise(comma[0]), tokenise(comma[1])
            base = ((*given_t[0], *family_t[0]), given_t[1] + family_t[1])
        else:
            base = tokenise(text)
        bind = lang in ("zh", "ko", "ja") or looks_chinese(base[0])
        add(AS_WRITTEN, base)
        if any(c in latin.ICAO_EXPANDED for c in text):
            # As the passport's machine-readable zone writes it: Müller -> Mueller (also the
            # German convention), Sørensen -> Soerensen, Ångström -> Aangstroem.
            add("icao9303", tokenise(latin.icao_latin(text)))
        if lang == "zh" or looks_chinese(base[0]):
            wg = wade_giles_tokens(base[0])
            if wg is not None:
                add("wade_giles", wg)
        korean = korean_family_tokens(base[0])
        if korean is not None:
            add("common", (korean, base[1]))
        short = short_vowel_tokens(base[0])
        if short is not None:
            add("hepburn", (short, base[1]))
        return tuple(out.values())

    text = drop_native_titles(text, script)
    text, front, back = letter_name_initials(text, script)
    if script in HAN:
        # Compared as written when the other side is Han too: order and characters are the
        # name (王明 is not 明王, 张伟 is not 章伟), traditional and simplified alike.
        add(HANZI, ((simplified(text),), "w"))
    parts = _native_parts(form, text, script)
    rendered = _rendered(parts, script, lang)
    for system, latin_text in rendered:
        if system != "mrz":
            add(system, tokenise(latin_text))
    if script in ("Arab", "Hebr"):
        guess = _abjad_variant(" ".join(parts), script, lang)
        if guess is not None:
            add("vocalised", tokenise(guess))
    for reading in readings.read(text, 0):
        add(LEARNED, tokenise(reading))
    if not rendered or systems_for(script, lang) == ("ascii",):
        add("anyascii", tokenise(text))
    if not out:
        add(AS_WRITTEN, tokenise(text))
    return tuple(out.values())


def name_variants(form: NameForm) -> tuple[NameVariant, ...]:
    """Every Latin reading of one written name, the form as written first, spellings that
    fold alike given once. Native-script names get one reading per transliteration system in
    which such names are found (ICAO 9303, BGN/PCGN, ISO 9, French and German press for
    Cyrillic; Pinyin and Wade-Giles for Chinese; the curated spellings for Arabic, Persian,
    Hebrew, Devanagari and Thai; Hepburn for Japanese kana...); Latin names get their German
    umlaut form and, when they read as Chinese Pinyin, their Wade-Giles form."""
    return _variants_cached(
        form.full, form.script, form.lang, form.given, form.family, form.patronymic
    )


# --- roles -------------------------------------------------------------------------------------

_FAMILY_FIRST_LANGS = frozenset({"zh", "ko", "ja", "hu", "vi", "mn", "km"})


@dataclass(frozen=True, slots=True)
class ParsedName:
    """A Latin reading split by role. Roles come from the record when it gives them (given,
    family, patronymic), else from the comma form or the language's order (family name first
    in Chinese, Japanese, Korean, Hungarian and Vietnamese)."""

    given: tuple[str, ...]
    family: tuple[str, ...]
    patronymic: tuple[str, ...] = ()
    particles: tuple[str, ...] = ()
    initials: tuple[str, ...] = ()
    family_first: bool = False


def parse_name(form: NameForm) -> ParsedName:
    """Given, family and patronymic tokens of a name's first Latin reading."""
    text = nfkc(form.full)
    script = form.script or detect_script(text)
    family_first = script in FAMILY_FIRST_SCRIPTS or form.lang in _FAMILY_FIRST_LANGS
    latin_readings = [v for v in name_variants(form) if v.system != HANZI] if text else []
    variant = latin_readings[0] if latin_readings else NameVariant(AS_WRITTEN, (), "")
    words = [t for t, f in zip(variant.tokens, variant.flags, strict=True) if f != "p"]
    family_first = family_first or (script == "Latn" and looks_chinese(words))
    comma = comma_form(text) if script in ("Latn", "Zyyy") else None
    patronymic: tuple[str, ...] = ()
    if comma is not None:
        family, given = _part_words(comma[0], family=True), _part_words(comma[1])
        family_first = True
    elif script == "Latn" and (form.given or form.family):
        given, family = _part_words(form.given), _part_words(form.family, family=True)
        patronymic = _part_words(form.patronymic)
    elif not words:
        given, family = (), ()
    elif len(words) == 1:
        given, family = (), (words[0],)
    elif family_first:
        family, given = (words[0],), tuple(words[1:])
    else:
        given, family, patronymic = (words[0],), (words[-1],), tuple(words[1:-1])
    particles = [t for t, f in zip(variant.tokens, variant.flags, strict=True) if f == "p"]
    particles += [t for t in tokens(form.family) if t in PARTICLES and t not in family]
    return ParsedName(
        given=given,
        family=family,
        patronymic=patronymic,
        particles=tuple(dict.fromkeys(PARTICLES.get(t, t) for t in particles)),
        initials=tuple(t for t in words if is_initial(t)),
        family_first=family_first,
    )


def _part_words(text: str, family: bool = False) -> tuple[str, ...]:
    """The words of one name part; a family name's leading particles (bin Laden, van der
    Berg) are particles even though they start the part."""
    toks, flags = tokenise(text)
    words = [t for t, f in zip(toks, flags, strict=True) if f != "p"]
    if family:
        while len(words) > 1 and words[0] in PARTICLES:
            words.pop(0)
    return tuple(words)
