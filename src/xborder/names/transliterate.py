"""The registry of transliteration systems, and the name-level helpers built on it.

A system is a convention (the passport's ICAO table, French press usage, Pinyin...), not a
script: `fr` turns Путин into Poutine and القذافي into Kadhafi. Each Latin form the
synthetic world produces names its system in `PersonName.system`, which is what lets a
benchmark know that two spellings are the same person.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from anyascii import anyascii

from xborder.kernel.errors import Invalid
from xborder.names import alphabets, cjk, curated, cyrillic, greek, latin
from xborder.names.scripts import detect_script

HAN = ("Hani", "Hans", "Hant")
FAMILY_FIRST_SCRIPTS = frozenset((*HAN, "Jpan", "Hang"))


@dataclass(frozen=True)
class System:
    """A transliteration system: what it is, which scripts it covers, where it comes from."""

    code: str
    label: str
    scripts: tuple[str, ...]
    source: str


def _s(code: str, label: str, scripts: tuple[str, ...], source: str) -> tuple[str, System]:
    return code, System(code, label, scripts, source)


_CURATED = ("Arab", "Hebr", "Deva", "Thai")
SYSTEMS: dict[str, System] = dict(
    [
        _s("icao9303", "ICAO 9303 (passports)", ("Cyrl", "Latn"),
           "ICAO Doc 9303 Machine Readable Travel Documents, 7th ed., part 3, section 6"),
        _s("mrz", "Machine-readable zone", ("*",),
           "The country's passport form, upper case, ICAO letters only (Doc 9303 part 3)"),
        _s("ua_kmu2010", "Ukrainian national", ("Cyrl",),
           "Resolution 55 of the Cabinet of Ministers of Ukraine, 27 January 2010"),
        _s("bg_2009", "Bulgarian streamlined", ("Cyrl",),
           "Bulgarian Transliteration Act 2009 (Streamlined System)"),
        _s("sr_latn", "Serbian Latin alphabet", ("Cyrl",),
           "Gaj's Latin alphabet, official in Serbia"),
        _s("bgn_pcgn", "BGN/PCGN", ("Cyrl",),
           "BGN/PCGN 1947 system for Russian, practical form (soft/hard signs dropped)"),
        _s("iso9", "ISO 9", ("Cyrl",), "ISO 9:1995 transliteration of Cyrillic characters"),
        _s("fr", "French usage", ("Cyrl", *_CURATED),
           "French press usage (Cyrillic); Maghreb civil registers (Arabic); curated lists"),
        _s("de", "German usage", ("Cyrl", "Latn"),
           "Duden transliteration (Cyrillic); German umlaut expansion ae/oe/ue/ss (Latin)"),
        _s("elot743", "ELOT 743", ("Grek",), "ELOT 743:2001 type 2, used on Greek passports"),
        _s("common", "Common spelling", ("Grek", "Hang", *_CURATED),
           "The spelling bearers and the press use most; curated for Arabic-script, Hebrew, "
           "Devanagari, Thai and Korean"),
        _s("en", "English usage", _CURATED, "English-language press spellings, curated"),
        _s("scholarly", "Scholarly", ("Geor", *_CURATED),
           "ALA-LC-like romanisation with diacritics (curated); Georgian with ejectives marked"),
        _s("rtgs", "RTGS", ("Thai",), "Royal Thai General System of Transcription, curated"),
        _s("pinyin", "Hanyu Pinyin", HAN, "ISO 7098; pypinyin, family name first, no tones"),
        _s("wade_giles", "Wade-Giles", HAN, "Wade-Giles via pypinyin, given name hyphenated"),
        _s("wade_giles_plain", "Wade-Giles (passport)", HAN,
           "Wade-Giles without apostrophes or umlauts, as Taiwanese passports print it"),
        _s("hepburn", "Hepburn (passport)", ("Jpan",),
           "Hepburn as in Japanese passports: long vowels unmarked, m before b/m/p"),
        _s("hepburn_macron", "Modified Hepburn", ("Jpan",), "Hepburn with macrons (Satō)"),
        _s("wapuro", "Wāpuro", ("Jpan",), "Romanisation as typed on a keyboard (Satou)"),
        _s("hepburn_oh", "Hepburn with oh", ("Jpan",),
           "Passport Hepburn with the permitted 'oh' for long o (Satoh)"),
        _s("katakana", "Kana reading", ("Jpan",),
           "The katakana reading Japanese registers record beside the kanji (furigana)"),
        _s("rr", "Revised Romanization", ("Hang",),
           "Revised Romanization of Korean (2000), names without sound assimilation"),
        _s("ge_national", "Georgian national", ("Geor",), "Georgian national system (2002)"),
        _s("hy_national", "Armenian national", ("Armn",),
           "Romanisation used on Armenian passports (-yan)"),
        _s("hy_diaspora", "Armenian diaspora", ("Armn",), "Western/diaspora spelling (-ian)"),
        _s("ascii", "Diacritics dropped", ("*",), "anyascii: what a keyboard without them types"),
    ]
)  # fmt: skip

# Systems a name in (script, language) is typically found in, the passport's first.
SYSTEMS_FOR: dict[tuple[str, str], tuple[str, ...]] = {
    ("Cyrl", "ru"): ("icao9303", "bgn_pcgn", "fr", "de", "iso9"),
    ("Cyrl", "be"): ("icao9303", "bgn_pcgn", "fr", "de", "iso9"),
    ("Cyrl", "kk"): ("icao9303", "bgn_pcgn", "fr", "de", "iso9"),
    ("Cyrl", "uk"): ("ua_kmu2010", "icao9303", "bgn_pcgn", "fr", "de", "iso9"),
    ("Cyrl", "bg"): ("bg_2009", "icao9303", "bgn_pcgn", "de", "iso9"),
    ("Cyrl", "mk"): ("icao9303", "bgn_pcgn", "iso9"),
    ("Cyrl", "sr"): ("sr_latn", "ascii", "icao9303", "iso9"),
    ("Grek", "el"): ("elot743", "common"),
    ("Hani", "zh"): ("pinyin", "wade_giles", "wade_giles_plain"),
    ("Hans", "zh"): ("pinyin", "wade_giles", "wade_giles_plain"),
    ("Hant", "zh"): ("wade_giles_plain", "pinyin", "wade_giles"),
    ("Jpan", "ja"): ("hepburn", "hepburn_macron", "wapuro", "hepburn_oh"),
    ("Hang", "ko"): ("common", "rr"),
    ("Arab", "ar"): ("common", "en", "fr", "scholarly"),
    ("Arab", "fa"): ("common", "en", "fr", "scholarly"),
    ("Hebr", "he"): ("common", "en", "fr", "scholarly"),
    ("Deva", "hi"): ("common", "scholarly"),
    ("Deva", "ne"): ("common", "scholarly"),
    ("Thai", "th"): ("common", "rtgs"),
    ("Geor", "ka"): ("ge_national", "scholarly"),
    ("Armn", "hy"): ("hy_national", "hy_diaspora"),
    ("Latn", ""): ("ascii", "icao9303", "de"),
}
_DEFAULT_LANG = {"Cyrl": "ru", "Grek": "el", "Jpan": "ja", "Hang": "ko", "Arab": "ar",
                 "Hebr": "he", "Deva": "hi", "Thai": "th", "Geor": "ka", "Armn": "hy",
                 "Hani": "zh", "Hans": "zh", "Hant": "zh"}  # fmt: skip


# Letters Persian (and Urdu, Pashto) add to the Arabic alphabet: a name written with them is
# not Arabic, and its vowels and spellings follow the Persian lexicon (Hosseini, not Husayni).
_PERSIAN_LETTERS = frozenset("\u067e\u0686\u0698\u06af\u06a9\u06cc")


def default_lang(script: str, text: str = "") -> str:
    """The language a name in `script` is most likely in, when the caller did not say."""
    if script == "Arab" and any(c in _PERSIAN_LETTERS for c in text):
        return "fa"
    return _DEFAULT_LANG.get(script, "")


def systems_for(script: str, lang: str = "") -> tuple[str, ...]:
    """Systems in which a name of this script and language is found, passport form first."""
    if script == "Latn":
        return SYSTEMS_FOR[("Latn", "")]
    lang = lang or _DEFAULT_LANG.get(script, "")
    return SYSTEMS_FOR.get((script, lang)) or SYSTEMS_FOR.get(
        (script, _DEFAULT_LANG.get(script, "")), ("ascii",)
    )


def _title_ascii(text: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in anyascii(text).split())


_CYRILLIC: dict[str, Callable[[str, str, str], str]] = {
    "icao9303": lambda t, lang, role: cyrillic.icao9303(t, lang),
    "ua_kmu2010": lambda t, lang, role: cyrillic.ua_kmu2010(t),
    "bg_2009": lambda t, lang, role: cyrillic.bg_2009(t),
    "sr_latn": lambda t, lang, role: cyrillic.serbian_latin(t),
    "bgn_pcgn": lambda t, lang, role: cyrillic.bgn_pcgn(t),
    "iso9": lambda t, lang, role: cyrillic.iso9(t),
    "fr": lambda t, lang, role: cyrillic.french(t, surname=None if not role else role == "family"),
    "de": lambda t, lang, role: cyrillic.german(t),
    "ascii": lambda t, lang, role: (
        cyrillic.serbian_ascii(t) if lang == "sr" else cyrillic.icao9303(t, lang)
    ),
}


def _japanese(text: str, system: str) -> str:
    """Kana is romanised directly; kanji names are read (known readings, then pykakasi)."""
    words = []
    for word in text.split():
        kana = word if detect_script(word) == "Jpan" and _all_kana(word) else _reading(word)
        if system == "katakana":
            words.append(cjk.katakana(kana) if kana else word)
        else:
            words.append(cjk.hepburn(kana, system) if kana else _title_ascii(word))
    return " ".join(words)


def _all_kana(word: str) -> bool:
    return all("\u3040" <= c <= "\u30ff" for c in word)


@cache
def _kanji_readings() -> dict[str, str]:
    from faker.providers.person.ja_JP import Provider

    pairs = [*Provider.last_name_pairs, *Provider.first_name_pairs]
    return {kanji: kana for kanji, kana, _ in pairs}


@cache
def _kakasi() -> Any:
    import pykakasi

    return pykakasi.kakasi()  # type: ignore[no-untyped-call]


def _reading(word: str) -> str:
    """Kana reading of a kanji name: the registers' known readings first (a name's reading is
    often not the dictionary one), then pykakasi's dictionary reading."""
    known = _kanji_readings().get(word)
    if known:
        return known
    hira = "".join(item["hira"] for item in _kakasi().convert(word))
    return hira if hira and _all_kana(hira) else ""


@lru_cache(maxsize=1 << 14)
def japanese_words(text: str) -> tuple[str, ...]:
    """A kanji name written without a space, cut where pykakasi's dictionary cuts it
    (三島由紀夫 -> 三島, 由紀夫); empty unless there are two parts or more and every part has a
    Japanese reading (a Chinese name in simplified characters usually has none)."""
    if not text or " " in text:
        return ()
    words = tuple(item["orig"] for item in _kakasi().convert(text))
    if len(words) < 2 or any(not _reading(w) for w in words):
        return ()
    return words


def _han(text: str, system: str, role: str) -> str:
    family, given = (
        ("", text) if role == "given" else (text, "") if role == "family" else (cjk.split_han(text))
    )
    if system == "pinyin":
        parts = cjk.pinyin_parts(family, given)
    else:
        parts = cjk.wade_giles_parts(family, given)
        if system == "wade_giles_plain":
            parts = tuple(  # type: ignore[assignment]
                p.replace("'", "").replace("ü", "u") for p in parts
            )
    return " ".join(p for p in parts if p)


def _hangul(text: str, system: str, role: str) -> str:
    family, given = (
        ("", text)
        if role == "given"
        else (text, "")
        if role == "family"
        else (cjk.split_hangul(text))
    )
    if system == "rr":
        parts = cjk.rr_parts(family, given)
    else:
        parts = cjk.korean_common_parts(family, given)
    return " ".join(p for p in parts if p)


@lru_cache(maxsize=1 << 17)
def render(text: str, system: str, script: str = "", lang: str = "", role: str = "") -> str:
    """Latin form of `text` (a whole name, or one part of it when `role` is "given",
    "family" or "patronymic") in `system`. Raises Invalid for a system that does not cover
    the script. Cached, since the synthetic world renders the same names millions of times.
    """
    text = unicodedata.normalize("NFC", text)
    script = script or detect_script(text)
    lang = lang or default_lang(script, text)
    info = SYSTEMS.get(system)
    if info is None:
        raise Invalid(f"unknown transliteration system: {system!r}")
    if script in HAN and (system in cjk.JAPANESE_STYLES or system == "katakana"):
        script = "Jpan"  # a kanji-only Japanese name
    if system == "mrz":
        return _mrz(text, script, lang, role)
    if system == "ascii" and script not in ("Cyrl", "Latn"):
        return _title_ascii(text)
    if script not in info.scripts and "*" not in info.scripts:
        raise Invalid(f"{system} does not transliterate {script} script")
    if script == "Latn":
        return {"ascii": latin.strip_diacritics, "icao9303": latin.icao_latin,
                "de": latin.german_expand}[system](text)  # fmt: skip
    if script == "Cyrl":
        return _CYRILLIC[system](text, lang, role)
    if script == "Grek":
        return greek.elot743(text) if system == "elot743" else greek.greek_press(text)
    if script in HAN:
        return _han(text, system, role)
    if script == "Jpan":
        return _japanese(text, system)
    if script == "Hang":
        return _hangul(text, system, role)
    if script == "Geor":
        return alphabets.georgian(text, scholarly=system == "scholarly")
    if script == "Armn":
        return alphabets.armenian(text, diaspora=system == "hy_diaspora")
    lex = curated.lexicon_for(script, lang)
    if lex is None:  # pragma: no cover - every script in SYSTEMS has a branch above
        return _title_ascii(text)
    return curated.spell_text(text, lex, system)


def _mrz(text: str, script: str, lang: str, role: str) -> str:
    """The passport's Latin form in upper case, with national MRZ habits: Serbian Đ is DJ,
    Chinese ü is YU (LYU), Korean family names keep their customary spelling (KIM MINJUN)."""
    if script == "Cyrl" and lang == "sr":
        return latin.mrz(cyrillic.serbian_ascii(text))
    if script in HAN:
        system = "wade_giles_plain" if script == "Hant" else "pinyin"
        return latin.mrz(render(text, system, script, lang, role).replace("ü", "yu"))
    if script == "Hang":
        family, given = (
            cjk.split_hangul(text) if not role else ((text, "") if role == "family" else ("", text))
        )
        fam = cjk.korean_common_parts(family, "")[0] if family else ""
        return latin.mrz(f"{fam} {cjk.rr_parts('', given)[1]}")
    passport = systems_for(script, lang)[0] if script != "Latn" else "icao9303"
    return latin.mrz(render(text, passport, script, lang, role))


def transliterate(text: str, system: str, lang: str = "") -> str:
    """`text` in Latin letters by `system` (see SYSTEMS), e.g.
    transliterate("Владимир Путин", "fr") == "Vladimir Poutine"."""
    return render(text, system, "", lang, "")


def latin_variants(parts: Sequence[str], script: str = "", lang: str = "") -> list[tuple[str, str]]:
    """(system, Latin full name) for a name given as its parts in native order, one per
    system in which such a name is usually found, passport form first, spellings distinct.

    For Arabic-script, Hebrew, Devanagari and Thai names every curated spelling style is
    included, then the other common spellings (Mohammed, Mohammad, Mohamad...).
    """
    text = " ".join(p for p in parts if p)
    script = script or detect_script(text)
    lang = lang or default_lang(script, text)
    out: dict[str, str] = {}
    lex = curated.lexicon_for(script, lang) if script in _CURATED else None
    if lex is not None:
        for style, full in curated.spell_variants(text, lex):
            out.setdefault(full, style)
    else:
        for system in systems_for(script, lang):
            out.setdefault(_render_parts(parts, system, script, lang), system)
    out.setdefault(_render_parts(parts, "mrz", script, lang), "mrz")
    return [(system, full) for full, system in out.items() if full]


def _render_parts(parts: Sequence[str], system: str, script: str, lang: str) -> str:
    """Render each part with its role: the first is the family name in family-first
    scripts, the last one otherwise."""
    parts = [p for p in parts if p]
    if len(parts) < 2:
        return render(" ".join(parts), system, script, lang) if parts else ""
    family_at = 0 if script in FAMILY_FIRST_SCRIPTS else len(parts) - 1
    return " ".join(
        render(p, system, script, lang, "family" if i == family_at else "given")
        for i, p in enumerate(parts)
    )
