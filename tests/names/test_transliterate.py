"""Transliteration systems against the spellings real documents and newspapers use."""

from __future__ import annotations

import pytest

from xborder.kernel.errors import Invalid
from xborder.names import (
    SYSTEMS,
    curated,
    default_lang,
    detect_script,
    german_expand,
    icao_latin,
    latin_variants,
    mrz,
    render,
    strip_diacritics,
    systems_for,
    transliterate,
)


@pytest.mark.parametrize(
    ("text", "system", "latin"),
    [
        # Cyrillic
        ("Владимир Путин", "icao9303", "Vladimir Putin"),
        ("Владимир Путин", "fr", "Vladimir Poutine"),
        ("Владимир Путин", "de", "Wladimir Putin"),
        ("Владимир Путин", "iso9", "Vladimir Putin"),
        ("Владимир Путин", "bgn_pcgn", "Vladimir Putin"),
        ("Владимир Путин", "mrz", "VLADIMIR PUTIN"),
        ("Михаил Горбачёв", "icao9303", "Mikhail Gorbachev"),
        ("Михаил Горбачёв", "de", "Michail Gorbatschow"),
        ("Михаил Горбачёв", "fr", "Mikhaïl Gorbatchev"),
        ("Михаил Горбачёв", "iso9", "Mihail Gorbačëv"),
        ("Михаил Горбачёв", "bgn_pcgn", "Mikhail Gorbachëv"),
        ("Юлия", "icao9303", "Iuliia"),
        ("Юлия", "bgn_pcgn", "Yuliya"),
        ("Юлия", "de", "Julija"),
        ("Юлия", "fr", "Ioulia"),
        ("Юлія Тимошенко", "ua_kmu2010", "Yuliia Tymoshenko"),
        ("Фёдор Достоевский", "fr", "Fiodor Dostoïevski"),
        ("Фёдор Достоевский", "de", "Fjodor Dostojewski"),
        ("Фёдор Достоевский", "bgn_pcgn", "Fëdor Dostoyevskiy"),
        ("Александр Ильич", "de", "Alexander Iljitsch"),
        ("Сергей Алексеев", "fr", "Sergueï Alexeïev"),
        ("Валентин Распутин", "fr", "Valentin Raspoutine"),  # -ine for the surname only
        ("Христо Стоичков", "bg_2009", "Hristo Stoichkov"),
        ("Ђорђе Ђокић", "sr_latn", "Đorđe Đokić"),
        ("Щукин", "iso9", "Ŝukin"),
        ("ЖУКОВ", "icao9303", "ZHUKOV"),
        # Greek
        ("Ζορμπάς", "elot743", "Zormpas"),
        ("Ζορμπάς", "common", "Zorbas"),
        ("Γιάννης Αντετοκούνμπο", "elot743", "Giannis Antetokounmpo"),
        ("Γιάννης", "common", "Yiannis"),
        ("Ευάγγελος Παπαδόπουλος", "elot743", "Evangelos Papadopoulos"),
        ("Μπακογιάννη", "elot743", "Bakogianni"),
        ("Ευθύμιος", "elot743", "Efthymios"),
        # Chinese
        ("习近平", "pinyin", "Xi Jinping"),
        ("习近平", "wade_giles", "Hsi Chin-p'ing"),
        ("习近平", "mrz", "XI JINPING"),
        ("毛泽东", "wade_giles", "Mao Tse-tung"),
        ("陳水扁", "wade_giles_plain", "Chen Shui-pien"),
        ("曾志伟", "pinyin", "Zeng Zhiwei"),  # the surname reading, not ceng
        ("欧阳娜娜", "pinyin", "Ouyang Nana"),
        ("吕小明", "pinyin", "Lü Xiaoming"),
        ("吕小明", "mrz", "LYU XIAOMING"),
        # Japanese
        ("佐藤 晃", "hepburn", "Sato Akira"),
        ("佐藤 晃", "hepburn_macron", "Satō Akira"),
        ("佐藤 晃", "wapuro", "Satou Akira"),
        ("佐藤 晃", "hepburn_oh", "Satoh Akira"),
        ("佐藤 晃", "katakana", "サトウ アキラ"),
        ("いのうえ けんいち", "hepburn", "Inoue Kenichi"),
        ("いのうえ けんいち", "hepburn_macron", "Inoue Ken'ichi"),
        ("ほんま", "hepburn", "Homma"),
        ("はっとり", "hepburn", "Hattori"),
        ("おおた", "hepburn_macron", "Ōta"),
        # kanji outside the registers' known readings: pykakasi's dictionary reads them
        ("鳩山 由紀夫", "hepburn", "Hatoyama Yukio"),
        ("中曽根 康弘", "hepburn", "Nakasone Yasuhiro"),
        ("安倍 晋三", "hepburn_macron", "Abe Shinzō"),
        ("安倍 晋三", "katakana", "アベ シンゾウ"),
        # Korean
        ("김민준", "rr", "Gim Minjun"),
        ("김민준", "common", "Kim Min-joon"),
        ("김민준", "mrz", "KIM MINJUN"),
        ("이영희", "common", "Lee Young-hee"),
        ("박지훈", "rr", "Bak Jihun"),
        # Curated
        ("معمر القذافي", "common", "Muammar Gaddafi"),
        ("معمر القذافي", "fr", "Mouammar Kadhafi"),
        ("معمر القذافي", "en", "Muammar al-Qadhafi"),
        ("عبد الله", "common", "Abdullah"),
        ("عبد القادر", "fr", "Abdelkader"),
        ("محمد", "fr", "Mohamed"),
        ("राहुल श्रीवास्तव", "common", "Rahul Srivastava"),
        ("דוד כהן", "common", "David Cohen"),
        ("ทักษิณ ชินวัตร", "common", "Thaksin Shinawatra"),
        ("ทักษิณ ชินวัตร", "rtgs", "Thaksin Chinnawat"),
        # Georgian, Armenian
        ("მიხეილ სააკაშვილი", "ge_national", "Mikheil Saakashvili"),
        ("Նիկոլ Փաշինյան", "hy_national", "Nikol Pashinyan"),
        ("Սարգսյան", "hy_diaspora", "Sargsian"),
        # Latin
        ("Müller-Lüdenscheidt", "icao9303", "Mueller-Luedenscheidt"),
        ("Müller", "de", "Mueller"),
        ("Müller", "ascii", "Muller"),
    ],
)
def test_classic_spellings(text: str, system: str, latin: str) -> None:
    assert transliterate(text, system) == latin


def test_language_switches_the_national_conventions() -> None:
    assert transliterate("Тимошенко", "icao9303", "uk") == "Tymoshenko"
    assert transliterate("Тимошенко", "icao9303") == "Timoshenko"
    assert transliterate("Ђорђе Ђокић", "ascii", "sr") == "Djordje Djokic"
    assert transliterate("Ђорђе Ђокић", "mrz", "sr") == "DJORDJE DJOKIC"
    assert transliterate("محمد رضایی", "common", "fa") == "Mohammad Rezaei"


def test_french_surname_rule_can_be_told_the_part() -> None:
    assert render("Валентин", "fr", "Cyrl", "ru", "given") == "Valentin"
    assert render("Путин", "fr", "Cyrl", "ru", "family") == "Poutine"


def test_unknown_or_inapplicable_systems_are_refused() -> None:
    with pytest.raises(Invalid):
        transliterate("Путин", "klingon")
    with pytest.raises(Invalid):
        transliterate("Путин", "pinyin")


def test_registry_describes_every_system() -> None:
    assert {"icao9303", "bgn_pcgn", "iso9", "fr", "de", "elot743", "pinyin", "wade_giles",
            "hepburn", "rr", "common", "mrz"} <= set(SYSTEMS)  # fmt: skip
    for code, system in SYSTEMS.items():
        assert system.code == code and system.label and system.source and system.scripts
    for (script, _lang), systems in [(k, v) for k, v in _all_systems_for().items()]:
        for code in systems:
            assert script in SYSTEMS[code].scripts or "*" in SYSTEMS[code].scripts, code


def _all_systems_for() -> dict[tuple[str, str], tuple[str, ...]]:
    from xborder.names.transliterate import SYSTEMS_FOR

    return SYSTEMS_FOR


def test_latin_variants_of_gaddafi() -> None:
    variants = latin_variants(["معمر", "القذافي"])
    fulls = [full for _, full in variants]
    assert "Muammar Gaddafi" in fulls and "Mouammar Kadhafi" in fulls
    assert ("en", "Muammar al-Qadhafi") in variants
    assert ("mrz", "MUAMMAR GADDAFI") in variants
    assert len(fulls) == len(set(fulls)) >= 5


def test_latin_variants_follow_native_order() -> None:
    assert latin_variants(["习", "近平"])[:2] == [
        ("pinyin", "Xi Jinping"),
        ("wade_giles", "Hsi Chin-p'ing"),
    ]
    putin = dict((s, f) for s, f in latin_variants(["Владимир", "Путин"]))
    assert putin["icao9303"] == "Vladimir Putin" and putin["fr"] == "Vladimir Poutine"
    assert putin["mrz"] == "VLADIMIR PUTIN"
    assert ("mrz", "HANS MUELLER") in latin_variants(["Hans", "Müller"])
    assert systems_for("Cyrl", "uk")[0] == "ua_kmu2010"


def test_latin_helpers() -> None:
    assert strip_diacritics("Łukasz Żółć") == "Lukasz Zolc"
    assert german_expand("MÜLLER Weiß") == "MUELLER Weiss"
    assert icao_latin("Øre Ångström") == "Oere Aangstroem"
    assert mrz("O'Brien-Smith") == "OBRIEN SMITH"
    assert mrz("Müller") == "MUELLER"


@pytest.mark.parametrize(
    ("name", "script"),
    [("arabic", "Arab"), ("persian", "Arab"), ("hebrew", "Hebr"), ("devanagari", "Deva"),
     ("thai", "Thai")],
)  # fmt: skip
def test_curated_data_is_well_formed(name: str, script: str) -> None:
    lex = curated.lexicon(name)
    assert len(lex.given) >= 30 and len(lex.family) >= 20
    for entry in (*lex.given, *lex.family):
        assert detect_script(entry.native) == script, entry.native
        assert entry.spellings["common"], entry.native
        assert set(entry.spellings) <= set(lex.styles)
        for spellings in entry.spellings.values():
            for spelling in spellings:
                assert detect_script(spelling) == "Latn" and spelling == spelling.strip()
    for entry in lex.given:
        assert entry.sex in ("M", "F")
    assert len({e.native for e in lex.given}) == len(lex.given)


def test_curated_sizes_match_the_brief() -> None:
    assert len(curated.lexicon("arabic").given) >= 80
    assert len(curated.lexicon("arabic").family) >= 80
    assert len(curated.lexicon("persian").given) >= 50
    assert len(curated.lexicon("persian").family) >= 50
    assert len(curated.lexicon("devanagari").given) >= 60
    assert len(curated.lexicon("devanagari").family) >= 50
    assert len(curated.lexicon("hebrew").given) >= 40
    assert len(curated.lexicon("hebrew").family) >= 40
    assert len(curated.korean().family) >= 30


def test_arabic_article_is_written_per_style() -> None:
    entry = curated.lexicon("arabic").lookup("القذافي", family=True)
    assert entry is not None and entry.article
    assert entry.spell("common") == "Gaddafi"
    assert entry.spell("scholarly") == "al-Qadhdhāfī"
    assert entry.spell("fr", article="El ") == "El Kadhafi"


def test_persian_letters_select_the_persian_lexicon_without_a_language() -> None:
    # ی and ک are Persian letters: without a language tag the name is still read as Persian
    # (Hosseini), not as an unvocalised Arabic name (Hsyny).
    forms = latin_variants(["محمد", "حسینی"])
    assert forms[0] == ("common", "Mohammad Hosseini")
    assert all("Hsyny" not in latin for _, latin in forms)
    assert default_lang("Arab", "علی کریمی") == "fa"
    assert default_lang("Arab", "محمد علي") == "ar"
