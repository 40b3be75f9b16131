"""Realistic names, per nationality, in the native script and the Latin forms documents use.

The synthetic world needs a million persons whose names look like real records: a Russian
in Cyrillic with a patronymic, plus the passport's ICAO line (Iuliia), a press form (Yuliya)
and a French or German one; an Algerian written in Arabic with the French-style civil register
spelling (Abdelkader); a Chinese name with Pinyin and Wade-Giles. Every Latin form names the
system that produced it (`PersonName.system`): that is the ground truth a matching benchmark
scores against.

Everything is driven by the caller's `random.Random`, never by global state or Faker's own
seeding: Faker contributes only its name lists, read once.
"""

from __future__ import annotations

import importlib
import json
import random
from bisect import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import accumulate
from typing import Any

from xborder.kernel.names import NameKind, PersonName
from xborder.names import cjk, curated, latin
from xborder.names.transliterate import render

PRIMARY = NameKind.PRIMARY
ALIAS = NameKind.ALIAS
MAIDEN = NameKind.MAIDEN
TRANSLIT = NameKind.TRANSLITERATION

P_ALIAS = 0.12
P_MAIDEN = 0.3  # of women in countries where the family name changes on marriage


@dataclass(frozen=True)
class NameProfile:
    """How names of one nationality are written and which Latin forms they are found in.

    `kind` selects the generator (faker, cyrillic, greek, han, japanese, korean, curated,
    georgian, armenian); `locales` are the Faker locales whose lists feed it; `systems` are the
    Latin renderings produced, the passport's first.
    """

    country: str
    script: str
    lang: str
    kind: str
    locales: tuple[str, ...] = ()
    family_locales: tuple[str, ...] = ()
    systems: tuple[str, ...] = ()
    family_first: bool = False
    patronymic: bool = False
    double_family: str = ""  # "es": paternal maternal; "pt": maternal paternal
    married_name: bool = True
    region: str = ""  # curated lexicon restriction ("maghreb", "np", "af"...)
    lexicon: str = ""


def _p(country: str, script: str, lang: str, kind: str, *locales: str, **kw: Any) -> NameProfile:
    return NameProfile(country, script, lang, kind, tuple(locales), **kw)


def _latin(country: str, lang: str, *locales: str, **kw: Any) -> NameProfile:
    return NameProfile(country, "Latn", lang, "faker", tuple(locales), **kw)


_RU_SYSTEMS = ("icao9303", "bgn_pcgn", "fr", "de", "iso9")
_AR = ("common", "en", "fr", "scholarly")
_AR_FR = ("fr", "common", "en", "scholarly")

PROFILES: dict[str, NameProfile] = {
    p.country: p
    for p in (
        # Cyrillic
        _p("RU", "Cyrl", "ru", "cyrillic", "ru_RU", systems=_RU_SYSTEMS, patronymic=True),
        _p("BY", "Cyrl", "ru", "cyrillic", "ru_RU", systems=_RU_SYSTEMS, patronymic=True),
        _p("UA", "Cyrl", "uk", "cyrillic", "uk_UA", patronymic=True,
           systems=("ua_kmu2010", "icao9303", "bgn_pcgn", "fr", "de", "iso9")),
        _p("KZ", "Cyrl", "kk", "cyrillic", "kk", systems=("icao9303", "bgn_pcgn", "fr", "de"),
           patronymic=True),
        _p("BG", "Cyrl", "bg", "cyrillic", "bg_BG", patronymic=True,
           systems=("bg_2009", "icao9303", "bgn_pcgn", "de", "iso9")),
        _p("MK", "Cyrl", "mk", "cyrillic", "mk_MK", systems=("icao9303", "bgn_pcgn", "iso9")),
        _p("RS", "Cyrl", "sr", "cyrillic", "sr", systems=("sr_latn", "ascii"), married_name=True),
        # Greek
        _p("GR", "Grek", "el", "greek", "el_GR", systems=("elot743", "common"),
           married_name=False),
        _p("CY", "Grek", "el", "greek", "el_GR", systems=("elot743", "common"),
           married_name=False),
        # East Asia: family name first
        _p("CN", "Hans", "zh", "han", "zh_CN", systems=("pinyin", "wade_giles"),
           family_first=True, married_name=False),
        _p("TW", "Hant", "zh", "han", "zh_TW", systems=("wade_giles_plain", "pinyin", "wade_giles"),
           family_first=True, married_name=False),
        _p("JP", "Jpan", "ja", "japanese", "ja_JP", family_first=True,
           systems=("hepburn", "hepburn_macron", "wapuro", "hepburn_oh")),
        _p("KR", "Hang", "ko", "korean", "ko_KR", systems=("common", "rr"), family_first=True,
           married_name=False),
        # Curated scripts
        _p("IN", "Deva", "hi", "curated", lexicon="devanagari", region="in",
           systems=("common", "scholarly")),
        _p("NP", "Deva", "ne", "curated", lexicon="devanagari", region="np",
           systems=("common", "scholarly")),
        _p("IR", "Arab", "fa", "curated", lexicon="persian", region="ir", systems=_AR,
           married_name=False),
        _p("AF", "Arab", "fa", "curated", lexicon="persian", region="af", systems=_AR,
           married_name=False),
        *(
            _p(cc, "Arab", "ar", "curated", lexicon="arabic", region=region,
               systems=_AR_FR if cc in ("MA", "DZ", "TN", "MR", "LB") else _AR,
               married_name=False)
            for cc, region in (
                ("EG", "egypt"), ("SA", "gulf"), ("AE", "gulf"), ("KW", "gulf"), ("QA", "gulf"),
                ("BH", "gulf"), ("OM", "gulf"), ("YE", "gulf"), ("MA", "maghreb"),
                ("DZ", "maghreb"), ("TN", "maghreb"), ("LY", "maghreb"), ("MR", "maghreb"),
                ("IQ", "iraq"), ("SY", "levant"), ("JO", "levant"), ("LB", "levant"),
                ("PS", "levant"), ("SD", "egypt"),
            )
        ),
        _p("IL", "Hebr", "he", "curated", lexicon="hebrew", systems=("common", "en", "fr")),
        _p("TH", "Thai", "th", "curated", "th_TH", lexicon="thai", systems=("common", "rtgs"),
           married_name=True),
        _p("GE", "Geor", "ka", "georgian", "ka_GE", systems=("ge_national", "scholarly")),
        _p("AM", "Armn", "hy", "armenian", "hy_AM", systems=("hy_national", "hy_diaspora")),
        _p("BD", "Beng", "bn", "faker", "bn_BD", systems=("ascii",)),
        _p("LK", "Sinh", "si", "faker", "si_LK", systems=("ascii",)),
        # Latin script
        _latin("US", "en", "en_US"),
        _latin("GB", "en", "en_GB"),
        _latin("IE", "en", "en_IE", "ga_IE"),
        _latin("CA", "en", "en_US", "fr_CA"),
        _latin("AU", "en", "en_GB", "en_NZ"),
        _latin("NZ", "en", "en_NZ"),
        _latin("FR", "fr", "fr_FR"),
        _latin("BE", "fr", "fr_BE", "nl_BE"),
        _latin("LU", "fr", "de_LU", "fr_FR"),
        _latin("CH", "de", "de_CH", "fr_CH"),
        _latin("LI", "de", "de_LI"),
        _latin("DE", "de", "de_DE"),
        _latin("AT", "de", "de_AT"),
        _latin("NL", "nl", "nl_NL"),
        _latin("ES", "es", "es_ES", double_family="es", married_name=False),
        _latin("MX", "es", "es_MX", double_family="es", married_name=False),
        _latin("AR", "es", "es_AR", married_name=False),
        _latin("CO", "es", "es_CO", double_family="es", married_name=False),
        _latin("CL", "es", "es_CL", double_family="es", married_name=False),
        _latin("PE", "es", "es_MX", "es_CO", double_family="es", married_name=False),
        _latin("VE", "es", "es_CO", "es_ES", double_family="es", married_name=False),
        _latin("BR", "pt", "pt_BR", double_family="pt"),
        _latin("PT", "pt", "pt_PT", double_family="pt"),
        _latin("IT", "it", "it_IT", married_name=False),
        _latin("PL", "pl", "pl_PL"),
        _latin("CZ", "cs", "cs_CZ"),
        _latin("SK", "sk", "sk_SK"),
        _latin("HU", "hu", "hu_HU", family_first=True),
        _latin("RO", "ro", "ro_RO"),
        _latin("HR", "hr", "hr_HR"),
        _latin("SI", "sl", "sl_SI"),
        _latin("SE", "sv", "sv_SE"),
        _latin("NO", "no", "no_NO"),
        _latin("DK", "da", "da_DK"),
        _latin("FI", "fi", "fi_FI"),
        _latin("IS", "is", "is_IS", married_name=False),
        _latin("EE", "et", "et_EE"),
        _latin("LV", "lv", "lv_LV"),
        _latin("LT", "lt", "lt_LT"),
        _latin("TR", "tr", "tr_TR"),
        _latin("AZ", "az", "az_AZ"),
        _latin("UZ", "uz", "uz_UZ"),
        _latin("PK", "ur", "en_PK", married_name=False),
        _latin("NG", "en", "en_NG", "yo_NG", "ig_NG", "ha_NG"),
        _latin("GH", "en", "tw_GH"),
        _latin("KE", "en", "en_KE", "sw"),
        _latin("TZ", "sw", "sw"),
        _latin("ZA", "en", "zu_ZA", "en_GB"),
        _latin("ID", "id", "id_ID", married_name=False),
        _latin("PH", "tl", "en_US", family_locales=("es_ES",)),
        _latin("VN", "vi", "vi_VN", family_first=True, married_name=False),
    )
}  # fmt: skip

# Countries without a profile of their own borrow a neighbour's naming customs.
_BORROWED = {
    "MX": "UY PY BO EC CR PA GT HN SV NI CU DO PR GQ",
    "PT": "AO MZ CV GW ST TL",
    "FR": "SN CI ML BF NE TD CM GA CG CD BJ TG GN MG HT BI RW DJ KM",
    "KE": "UG ZM ZW MW SL LR GM BW NA SS ET SO ER LS SZ",
    "RU": "KG TJ TM MD",
    "HR": "ME BA",
    "IT": "AL XK MT MC SM VA AD",
    "ID": "MY BN SG",
    "KZ": "MN",
    "TW": "HK MO",
    "KR": "KP",
    "TH": "MM KH LA",
    "NP": "BT",
    "PK": "MV",
    "GB": "JM TT BS BB GY BZ FJ PG",
}
_FALLBACK = {code: home for home, codes in _BORROWED.items() for code in codes.split()}


def profile_for(country: str) -> NameProfile:
    """The naming profile for an ISO 3166 alpha-2 nationality, a neighbour's for countries
    without one, and the United States' for anything unknown."""
    code = country.upper()
    return PROFILES.get(code) or PROFILES[_FALLBACK.get(code, "US")]


# --- name pools ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pool:
    """Names to draw from, uniformly or by weight (Faker's weighted lists: Wang, Kim, Smith)."""

    names: tuple[str, ...]
    cum_weights: tuple[float, ...] = ()

    def pick(self, rng: random.Random) -> str:
        if self.cum_weights:
            return self.names[bisect(self.cum_weights, rng.random() * self.cum_weights[-1])]
        return self.names[int(rng.random() * len(self.names))]


def _pool(*sources: Sequence[str] | dict[str, float]) -> Pool:
    names: list[str] = []
    weights: list[float] = []
    weighted = len(sources) == 1 and isinstance(sources[0], dict)
    for src in sources:
        if isinstance(src, dict):
            names.extend(src)
            weights.extend(float(w) for w in src.values())
        else:
            names.extend(src)
    names = [n for n in names if n and n.strip()]
    if weighted:
        return Pool(tuple(names), tuple(accumulate(weights)))
    return Pool(tuple(dict.fromkeys(names)))


@cache
def _provider(locale: str) -> Any:
    return importlib.import_module(f"faker.providers.person.{locale}").Provider


def _attr(locale: str, *names: str) -> Sequence[str] | dict[str, float]:
    provider = _provider(locale)
    for name in names:
        value = vars(provider).get(name)
        if value:
            return value  # type: ignore[no-any-return]
    for name in names:
        value = getattr(provider, name, None)
        if value:
            return value  # type: ignore[no-any-return]
    return ()


@cache
def _pools_json() -> dict[str, Any]:
    text = resources.files("xborder.twin").joinpath("namedata/pools.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@dataclass(frozen=True)
class Pools:
    given_m: Pool
    given_f: Pool
    family_m: Pool
    family_f: Pool
    patronymic_m: Pool | None = None
    patronymic_f: Pool | None = None
    middle: Pool | None = None


def _feminine_polish(name: str) -> str:
    for male, female in (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")):
        if name.endswith(male):
            return name[: -len(male)] + female
    return name


def _feminine_lithuanian(name: str) -> str:
    for male, female in (("ius", "ienė"), ("as", "ienė"), ("is", "ienė"), ("ys", "ienė"),
                         ("us", "uvienė")):  # fmt: skip
        if name.endswith(male):
            return name[: -len(male)] + female
    return name


def _feminine_russian(name: str) -> str:
    if name.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return name + "а"
    if name.endswith(("ский", "цкий")):
        return name[:-2] + "ая"
    return name


@cache
def pools(country: str) -> Pools:
    """Name pools for a Faker-backed profile, loaded once per country."""
    prof = profile_for(country)
    locs = prof.locales
    if locs == ("kk",):
        kk = _pools_json()["kk"]
        return Pools(
            _pool(kk["given_male"]), _pool(kk["given_female"]), _pool(kk["family_male"]),
            _pool([_feminine_russian(f) for f in kk["family_male"]]),
        )  # fmt: skip
    if locs == ("sr",):
        sr = _pools_json()["sr"]
        return Pools(_pool(sr["given_male"]), _pool(sr["given_female"]), _pool(sr["family"]),
                     _pool(sr["family"]))  # fmt: skip

    def merged(*names: str, locales: tuple[str, ...] = locs) -> Pool:
        return _pool(*(_attr(loc, *names) for loc in locales))

    fam_locs = prof.family_locales or locs
    given_m = merged("first_names_male", "first_names")
    given_f = merged("first_names_female", "first_names")
    family_m = merged("last_names_male", "last_names", locales=fam_locs)
    family_f = merged("last_names_female", "last_names", locales=fam_locs)
    if locs == ("pl_PL",):
        male = list(_provider("pl_PL").male_last_names) * 8
        unisex = list(_provider("pl_PL").unisex_last_names)
        family_m = _pool(male + unisex)
        family_f = _pool([_feminine_polish(n) for n in male] + unisex)
    elif locs == ("lt_LT",):  # one mixed list: Lithuanian men's names end in -s
        given_m = _pool([n for n in given_m.names if n.endswith("s")])
        given_f = _pool([n for n in given_f.names if not n.endswith("s")])
        family_f = _pool([_feminine_lithuanian(n) for n in family_m.names])
    elif locs == ("is_IS",):
        stems = _provider("is_IS").last_names_without_suffix
        family_m = _pool([s + "son" for s in stems])
        family_f = _pool([s + "dóttir" for s in stems])
    patronymic_m = patronymic_f = middle = None
    if prof.patronymic and locs[0] in ("ru_RU", "uk_UA"):
        patronymic_m = merged("middle_names_male")
        patronymic_f = merged("middle_names_female")
    elif prof.patronymic and locs[0] == "bg_BG":
        patronymic_m, patronymic_f = family_m, family_f
    if locs[0] == "vi_VN":
        middle = merged("middle_names")
    return Pools(given_m, given_f, family_m, family_f, patronymic_m, patronymic_f, middle)


@cache
def _han_pools(country: str) -> Pools:
    prov = _provider(profile_for(country).locales[0])
    family = _pool(dict(prov.last_names))
    return Pools(
        _pool(prov.first_names_male), _pool(prov.first_names_female), family, family
    )  # fmt: skip


@cache
def _korean_pools() -> Pools:
    prov = _provider("ko_KR")
    family = _pool(dict(prov.last_names))
    return Pools(_pool(prov.first_names_male), _pool(prov.first_names_female), family, family)


@dataclass(frozen=True)
class _JaName:
    kanji: str
    kana: str


@cache
def _japanese_pools() -> tuple[tuple[_JaName, ...], tuple[_JaName, ...], tuple[_JaName, ...]]:
    prov = _provider("ja_JP")
    family = tuple(_JaName(k, kana) for k, kana, _ in prov.last_name_pairs)
    male = tuple(_JaName(k, kana) for k, kana, _ in prov.first_name_male_pairs)
    female = tuple(_JaName(k, kana) for k, kana, _ in prov.first_name_female_pairs)
    return family, male, female


@cache
def _curated_pools(country: str, sex: str) -> tuple[tuple[curated.Entry, ...], ...]:
    prof = profile_for(country)
    lex = curated.lexicon(prof.lexicon)
    given = lex.pool("given", sex, prof.region)
    family = lex.pool("family", "", prof.region)
    fathers = lex.pool("given", "M", prof.region)
    return given, family, fathers


@cache
def _nicknames(lang: str) -> dict[str, list[str]]:
    data: dict[str, list[str]] = _pools_json()["nicknames"].get(lang, {})
    return data


def _kazakh_patronymic(father: str, female: bool) -> str:
    """Russian-style patronymic from a Kazakh father's name (Абиш → Абишевич/Абишевна)."""
    if father.endswith("й"):
        stem, male_end, female_end = father[:-1], "евич", "евна"
    elif father[-1:] in "жшчщц":
        stem, male_end, female_end = father, "евич", "евна"
    elif father[-1:] in "аеиоуыэюяь":
        return ""
    else:
        stem, male_end, female_end = father, "ович", "овна"
    return stem + (female_end if female else male_end)


# --- generation ------------------------------------------------------------------------------


class _Names:
    """Collects a person's names, dropping a form already present with the same spelling."""

    __slots__ = ("lang", "out", "script", "seen")

    def __init__(self, script: str, lang: str) -> None:
        self.out: list[PersonName] = []
        self.seen: set[str] = set()
        self.script = script
        self.lang = lang

    def add(self, full: str, given: str, family: str, patronymic: str = "", *,
            kind: NameKind = TRANSLIT, system: str = "", script: str = "Latn") -> None:  # fmt: skip
        if not full or full in self.seen:
            return
        self.seen.add(full)
        self.out.append(
            PersonName(full, given, family, patronymic, script, self.lang, kind, system)
        )

    def native(self, full: str, given: str, family: str, patronymic: str = "",
               kind: NameKind = PRIMARY) -> None:  # fmt: skip
        self.add(full, given, family, patronymic, kind=kind, script=self.script)


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def _sex(rng: random.Random, sex: str) -> str:
    if sex in ("M", "F"):
        return sex
    return "F" if rng.random() < 0.5 else "M"


def _gen_faker(rng: random.Random, prof: NameProfile, sex: str, names: _Names) -> None:
    pl = pools(prof.country)
    female = sex == "F"
    given = (pl.given_f if female else pl.given_m).pick(rng)
    fam_pool = pl.family_f if female else pl.family_m
    family = fam_pool.pick(rng)
    if pl.middle is not None:  # Vietnamese: Văn/Thị or another middle name
        middle = "Thị" if female and rng.random() < 0.6 else pl.middle.pick(rng)
        if middle == "Thị" and not female:
            middle = "Văn"
        given = f"{middle} {given}"
    alias_family = ""
    if prof.double_family:
        second = fam_pool.pick(rng)
        if second != family:
            family, alias_family = (
                f"{family} {second}",
                (family if prof.double_family == "es" else second),
            )
    full = _join(family, given) if prof.family_first else _join(given, family)
    names.native(full, given, family)
    if prof.script != "Latn":  # Thai, Bengali, Sinhala lists: anyascii is all there is
        _latin_forms(names, prof, given, family, "", ("ascii",))
    elif not full.isascii():
        _add_latin_variants(names, prof, given, family)
    if alias_family and rng.random() < 0.5:  # the first (es) or last (pt) surname alone
        names.native(_join(alias_family, given) if prof.family_first
                     else _join(given, alias_family), given, alias_family, kind=ALIAS)  # fmt: skip
    _extras(rng, prof, sex, names, given, family, fam_pool, pl)


def _add_latin_variants(names: _Names, prof: NameProfile, given: str, family: str) -> None:
    """Latin-script names with diacritics: keyboard form, MRZ, and German umlaut form."""
    order = (family, given) if prof.family_first else (given, family)
    parts = [(latin.strip_diacritics(p), p) for p in order]
    full = _join(*(a for a, _ in parts))
    g, f = latin.strip_diacritics(given), latin.strip_diacritics(family)
    names.add(full, g, f, system="ascii")
    names.add(latin.mrz(_join(*order)), latin.mrz(given), latin.mrz(family), system="mrz")
    if prof.lang == "de":
        g, f = latin.german_expand(given), latin.german_expand(family)
        names.add(_join(f, g) if prof.family_first else _join(g, f), g, f, system="de")


def _latin_forms(names: _Names, prof: NameProfile, given: str, family: str,
                 patronymic: str, systems: Sequence[str] | None = None,
                 kind: NameKind = TRANSLIT) -> None:  # fmt: skip
    """Rendered Latin forms for an algorithmic script; MRZ after the passport's form."""
    script, lang = prof.script, prof.lang
    for i, system in enumerate(systems if systems is not None else prof.systems):
        g = render(given, system, script, lang, "given")
        f = render(family, system, script, lang, "family")
        # The patronymic is in English-language and scholarly forms, not in a passport's
        # Latin line nor usually in the French or German press.
        with_patronymic = patronymic and system in ("bgn_pcgn", "iso9")
        p = render(patronymic, system, script, lang, "patronymic") if with_patronymic else ""
        full = _join(f, g) if prof.family_first else _join(g, p, f)
        names.add(full, g, f, p, kind=kind, system=system)
        if i == 0:
            m_g = render(given, "mrz", script, lang, "given")
            m_f = render(family, "mrz", script, lang, "family")
            mrz_full = _join(m_f, m_g) if prof.family_first else _join(m_g, m_f)
            names.add(mrz_full, m_g, m_f, kind=kind, system="mrz")


def _gen_cyrillic(rng: random.Random, prof: NameProfile, sex: str, names: _Names) -> None:
    pl = pools(prof.country)
    female = sex == "F"
    given = (pl.given_f if female else pl.given_m).pick(rng)
    fam_pool = pl.family_f if female else pl.family_m
    family = fam_pool.pick(rng)
    patronymic = ""
    if prof.patronymic:
        if prof.locales == ("kk",):
            patronymic = _kazakh_patronymic(pl.given_m.pick(rng), female)
        else:
            pat = pl.patronymic_f if female else pl.patronymic_m
            patronymic = pat.pick(rng) if pat is not None else ""
    names.native(_join(given, patronymic, family), given, family, patronymic)
    systems = _choose_systems(rng, prof.systems, 3)
    _latin_forms(names, prof, given, family, patronymic, systems)
    _extras(rng, prof, sex, names, given, family, fam_pool, pl)


def _choose_systems(rng: random.Random, systems: Sequence[str], keep: int) -> list[str]:
    """The passport's system, the next one, and a random subset of the rest: documents about
    one person rarely show every convention."""
    head = list(systems[:keep])
    head.extend(s for s in systems[keep:] if rng.random() < 0.5)
    return head


def _gen_greek(rng: random.Random, prof: NameProfile, sex: str, names: _Names) -> None:
    pl = pools(prof.country)
    female = sex == "F"
    given = (pl.given_f if female else pl.given_m).pick(rng)
    fam_pool = pl.family_f if female else pl.family_m
    family = fam_pool.pick(rng)
    names.native(_join(given, family), given, family)
    _latin_forms(names, prof, given, family, "")
    _extras(rng, prof, sex, names, given, family, fam_pool, pl)


def _gen_han(rng: random.Random, prof: NameProfile, sex: str, names: _Names) -> None:
    pl = _han_pools(prof.country)
    family = pl.family_m.pick(rng)
    given = (pl.given_f if sex == "F" else pl.given_m).pick(rng)
    if len(given) == 1 and rng.random() < 0.5:
        given += (pl.given_f if sex == "F" else pl.given_m).pick(rng)[:1]
    names.native(family + given, given, family)
    _latin_forms(names, prof, given, family, "")
    if rng.random() < 0.5:  # Western order, as foreign registers and the press often write it
        g = render(given, prof.systems[0], prof.script, "zh", "given")
        f = render(family, prof.systems[0], prof.script, "zh", "family")
        names.add(_join(g, f), g, f, system=prof.systems[0])
    _extras(rng, prof, sex, names, given, family, pl.family_m, pl)


def _gen_japanese(rng: random.Random, prof: NameProfile, sex: str, names: _Names) -> None:
    families, male, female = _japanese_pools()
    fam = families[int(rng.random() * len(families))]
    pool = female if sex == "F" else male
    giv = pool[int(rng.random() * len(pool))]
    names.native(f"{fam.kanji} {giv.kanji}", giv.kanji, fam.kanji)
    if rng.random() < 0.5:  # the kana reading, as registers record it
        names.add(f"{fam.kana} {giv.kana}", giv.kana, fam.kana, system="katakana",
                  script="Jpan")  # fmt: skip
    for i, system in enumerate(prof.systems):
        if i > 1 and rng.random() < 0.5:
            continue
        g, f = cjk.hepburn(giv.kana, system), cjk.hepburn(fam.kana, system)
        names.add(f"{f} {g}", g, f, system=system)
        if i == 0:
            names.add(f"{f} {g}".upper(), g.upper(), f.upper(), system="mrz")
            if rng.random() < 0.6:  # given name first, as in Western usage before 2020
                names.add(f"{g} {f}", g, f, system=system)
    if rng.random() < P_ALIAS or (sex == "F" and rng.random() < P_MAIDEN):
        other = families[int(rng.random() * len(families))]
        if other.kanji != fam.kanji:
            kind = MAIDEN if sex == "F" and rng.random() < 0.7 else ALIAS
            names.native(f"{other.kanji} {giv.kanji}", giv.kanji, other.kanji, kind=kind)
            g, f = cjk.hepburn(giv.kana), cjk.hepburn(other.kana)
            names.add(f"{f} {g}", g, f, kind=kind, system="hepburn")


def _gen_korean(rng: random.Random, prof: NameProfile, sex: str, names: _Names) -> None:
    pl = _korean_pools()
    family = pl.family_m.pick(rng)
    given = (pl.given_f if sex == "F" else pl.given_m).pick(rng)
    names.native(family + given, given, family)
    fam_spellings = curated.korean().family.get(family, ())
    c_f, c_g = cjk.korean_common_parts(family, given)
    rr_f, rr_g = cjk.rr_parts(family, given)
    rr_joined = cjk.rr_parts("", given)[1]
    names.add(_join(c_f, rr_joined).upper(), rr_joined.upper(), c_f.upper(), system="mrz")
    names.add(_join(c_f, c_g), c_g, c_f, system="common")
    names.add(_join(rr_f, rr_g), rr_g, rr_f, system="rr")
    if rng.random() < 0.6:
        names.add(_join(c_g, c_f), c_g, c_f, system="common")
    if len(fam_spellings) > 1 and rng.random() < 0.4:
        alt = fam_spellings[1 + int(rng.random() * (len(fam_spellings) - 1))]
        hyphen = cjk.rr_parts("", given, hyphen=True)[1]
        names.add(_join(alt, hyphen), hyphen, alt, system="common")
    _extras(rng, prof, sex, names, given, family, pl.family_m, pl)


def _gen_alphabet(rng: random.Random, prof: NameProfile, sex: str, names: _Names) -> None:
    """Georgian and Armenian: Faker lists and the national romanisation."""
    pl = pools(prof.country)
    given = (pl.given_f if sex == "F" else pl.given_m).pick(rng)
    fam_pool = pl.family_f if sex == "F" else pl.family_m
    family = fam_pool.pick(rng)
    names.native(_join(given, family), given, family)
    _latin_forms(names, prof, given, family, "")
    _extras(rng, prof, sex, names, given, family, fam_pool, pl)


def _spell(entry: curated.Entry, rng: random.Random, style: str) -> str:
    """A spelling in `style`: usually the first, sometimes another one in use (Mohammad)."""
    n = entry.variants(style)
    index = int(rng.random() * n) if n > 1 and rng.random() < 0.35 else 0
    article = None
    if entry.article and rng.random() < 0.5:
        forms = curated.ARTICLE_FORMS.get(style, ("",))
        article = forms[int(rng.random() * len(forms))]
    return entry.spell(style, index, article)


def _gen_curated(rng: random.Random, prof: NameProfile, sex: str, names: _Names) -> None:
    if prof.locales and rng.random() < 0.5:  # Thai: Faker's list, romanised by anyascii
        _gen_faker(rng, prof, sex, names)
        return
    given_pool, family_pool, fathers = _curated_pools(prof.country, sex)
    given = given_pool[int(rng.random() * len(given_pool))]
    family = family_pool[int(rng.random() * len(family_pool))]
    father = None
    if prof.lang == "ar" and rng.random() < 0.35:  # given, father's name, family name
        father = fathers[int(rng.random() * len(fathers))]
        if father.native == given.native:
            father = None
    f_native = father.native if father else ""
    names.native(_join(given.native, f_native, family.native), given.native, family.native,
                 f_native)  # fmt: skip
    styles = _choose_systems(rng, prof.systems, 2)
    for i, style in enumerate(styles):
        g, f = _spell(given, rng, style), _spell(family, rng, style)
        p = _spell(father, rng, style) if father else ""
        names.add(_join(g, p, f), g, f, p, system=style)
        if i == 0:
            names.add(latin.mrz(_join(g, p, f)), latin.mrz(g), latin.mrz(f), latin.mrz(p),
                      system="mrz")  # fmt: skip
    if rng.random() < 0.5:  # another spelling in common use, all parts at once
        g, f = _spell(given, rng, "common"), _spell(family, rng, "common")
        names.add(_join(g, f), g, f, system="common")
    if rng.random() < P_ALIAS:
        _curated_alias(rng, prof, sex, names, given, family, family_pool, fathers)
    if sex == "F" and prof.married_name and rng.random() < P_MAIDEN:
        maiden = family_pool[int(rng.random() * len(family_pool))]
        if maiden.native != family.native:
            names.native(_join(given.native, maiden.native), given.native, maiden.native,
                         kind=MAIDEN)  # fmt: skip
            g, f = given.spell(prof.systems[0]), maiden.spell(prof.systems[0])
            names.add(_join(g, f), g, f, kind=MAIDEN, system=prof.systems[0])


def _curated_alias(rng: random.Random, prof: NameProfile, sex: str, names: _Names,
                   given: curated.Entry, family: curated.Entry,
                   family_pool: Sequence[curated.Entry],
                   fathers: Sequence[curated.Entry]) -> None:  # fmt: skip
    style = prof.systems[0]
    if prof.lang == "ar" and sex == "M" and rng.random() < 0.5:
        # A kunya, "father of": the nom de guerre of many Arab men.
        son = fathers[int(rng.random() * len(fathers))]
        abu = "Abou" if style == "fr" else "Abu"
        names.native(f"أبو {son.native}", "", "", kind=ALIAS)
        names.add(f"{abu} {son.spell(style)}", "", "", kind=ALIAS, system=style)
        return
    other = family_pool[int(rng.random() * len(family_pool))]
    if other.native == family.native:
        return
    names.native(_join(given.native, other.native), given.native, other.native, kind=ALIAS)
    g, f = given.spell(style), other.spell(style)
    names.add(_join(g, f), g, f, kind=ALIAS, system=style)


def _extras(rng: random.Random, prof: NameProfile, sex: str, names: _Names, given: str,
            family: str, fam_pool: Pool, pl: Pools) -> None:  # fmt: skip
    """With some probability an alias (nickname, other given name or second family name) and,
    for women where names change on marriage, a maiden name."""
    if rng.random() < P_ALIAS:
        if rng.random() < 0.5:
            nicks = _nicknames(prof.lang).get(given)
            other = (nicks[int(rng.random() * len(nicks))] if nicks
                     else (pl.given_f if sex == "F" else pl.given_m).pick(rng))  # fmt: skip
            _alias(names, prof, other, family)
        else:
            other = fam_pool.pick(rng)
            if other != family:
                _alias(names, prof, given, other)
    if sex == "F" and prof.married_name and rng.random() < P_MAIDEN:
        maiden = fam_pool.pick(rng)
        if maiden != family:
            _alias(names, prof, given, maiden, MAIDEN)


def _alias(names: _Names, prof: NameProfile, given: str, family: str,
           kind: NameKind = ALIAS) -> None:  # fmt: skip
    spaced = prof.kind != "han" and prof.kind != "korean"
    if prof.family_first:
        full = f"{family} {given}" if spaced else family + given
    else:
        full = _join(given, family)
    names.native(full, given, family, kind=kind)
    if prof.script != "Latn":
        systems = ("ascii",) if prof.kind in ("faker", "curated") else prof.systems[:1]
        _latin_forms(names, prof, given, family, "", systems, kind)


_GENERATORS = {
    "faker": _gen_faker,
    "cyrillic": _gen_cyrillic,
    "greek": _gen_greek,
    "han": _gen_han,
    "japanese": _gen_japanese,
    "korean": _gen_korean,
    "curated": _gen_curated,
    "georgian": _gen_alphabet,
    "armenian": _gen_alphabet,
}


def generate_names(rng: random.Random, nationality: str, sex: str) -> list[PersonName]:
    """A person's names: the primary form in the native script and order first, then the Latin
    forms documents would carry (each naming its `system`), sometimes an alias or, for a
    woman, a maiden name. Depends only on `rng`'s state and the arguments.
    """
    prof = profile_for(nationality)
    sex = _sex(rng, sex)
    names = _Names(prof.script, prof.lang)
    _GENERATORS[prof.kind](rng, prof, sex, names)
    return names.out
