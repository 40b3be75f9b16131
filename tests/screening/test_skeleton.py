"""The sound skeleton (`screening/skeleton.py`) and its place in the name score: a katakana
transcription of a foreign name against the Latin name, through a Japanese ear."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xborder.screening import blocking, calibration, ears, matching, skeleton
from xborder.screening.config import MatchConfig
from xborder.screening.model import NameForm, Subject


def _p(name: str) -> matching.Prepared:
    return matching.prepare(Subject(id=name, names=(NameForm(full=name),)))


@pytest.mark.parametrize(
    ("latin", "reading"),
    [
        ("Tim Roth", "timurosu"),  # th heard as s, vowels added
        ("Bernard Leach", "baanaadoriichi"),  # l = r, the r after a vowel dropped
        ("Isaac Newton", "aizakkunyuuton"),  # z = s, w a glide, a doubled consonant one
        ("Vivian Leigh", "bibianrii"),  # v = b, gh silent
    ],
)
def test_a_japanese_ear_hears_the_same_consonants(latin: str, reading: str) -> None:
    assert skeleton.skeleton("Jpan", latin) == skeleton.skeleton("Jpan", reading)


def test_what_a_japanese_ear_tells_apart_stays_apart() -> None:
    ear = skeleton.JAPANESE
    assert ear  # one rule list, written from the sound system
    assert skeleton.skeleton("Jpan", "Charles") != skeleton.skeleton("Jpan", "Karls")
    assert skeleton.skeleton("Jpan", "Kim") != skeleton.skeleton("Jpan", "Tim")
    # Too few consonants to say anything: no agreement at all.
    assert skeleton.agreement("Jpan", "aoi", "Ai")[0] == 0.0


def test_the_skeleton_raises_a_katakana_name_to_its_latin_person_and_says_why() -> None:
    config = MatchConfig()
    plain = MatchConfig(calibrate=False)  # no knots: no skeleton either
    q, c = _p("ティムロス"), _p("Tim Roth")
    with_ear = matching.score(q, c, config)
    without = matching.score(q, c, plain)
    assert with_ear.score >= config.threshold > without.score
    assert "sounds alike to a Jpan ear" in with_ear.features[0].detail
    # The same either way round.
    assert matching.score(c, q, config).score == with_ear.score


def test_a_different_person_does_not_sound_alike() -> None:
    config = MatchConfig()
    assert matching.score(_p("ティムロス"), _p("Tom Jones"), config).score < config.threshold
    knot = calibration.calibration()["scripts"]["Jpan" + calibration.EAR_KNOT]["knot"]
    assert ears.ear_agreement(_p("ティムロス"), _p("Tom Jones")) < knot


def test_latin_against_latin_never_uses_an_ear() -> None:
    assert ears.ear_agreement(_p("Tim Roth"), _p("Tim Ross")) == 0.0
    assert ears.ear_agreement(_p("王明"), _p("Wang Ming")) == 0.0


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", max_size=24))
def test_the_skeleton_has_no_vowels_and_no_doubled_letters(text: str) -> None:
    s = skeleton.skeleton("Jpan", text)
    assert not set(s) & set("aeiou")
    assert all(a != b for a, b in itertools.pairwise(s))


def test_the_index_finds_a_katakana_transcription_in_both_directions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A katakana reading shares no token with the Latin name (ヘミングウェイ is read
    "heminguwei"): the person is found through the sound-skeleton keys, and a Latin query
    finds the katakana record the same way; Latin names never find each other by them."""
    from xborder.screening.index import ScreeningIndex

    def build(*names: str) -> ScreeningIndex:
        idx = ScreeningIndex()
        for i, name in enumerate(names):
            idx.add(f"r{i}", _p(name), None)
        return idx

    latin = ("Ernest Hemingway", "Ernesto Heming", "Erna Hemming")
    found = build(*latin).search(_p("アーネストヘミングウェイ"), limit=3)
    assert found and found[0].entry_id == "r0"
    assert "sounds alike" in found[0].scored.features[0].detail
    assert [h.entry_id for h in build("アーネストヘミングウェイ").search(_p(latin[0]))] == ["r0"]
    assert not any(
        k.startswith(blocking.EAR_KEY) for k in blocking.weighted_query_keys(_p("Tim Roth"))
    )
    # Without the skeleton keys, neither is found: they are what finds them.
    monkeypatch.setattr(blocking, "_ear_keys", lambda p, i, posting: set())
    assert build(*latin).search(_p("アーネストヘミングウェイ"), limit=3) == []
    assert build("アーネストヘミングウェイ").search(_p(latin[0])) == []


def test_a_japanese_name_in_hiragana_or_kanji_is_not_heard_as_a_skeleton() -> None:
    """Sato and Saito share a skeleton; as Japanese names their vowels tell them apart, so
    only a katakana name (a learned reading) is compared by ear."""
    assert ears.ear_agreement(_p("さいとう さゆり"), _p("Sato Sayuri")) == 0.0
    assert ears.ear_agreement(_p("斎藤 さゆり"), _p("Sato Sayuri")) == 0.0
    assert ears.ear_agreement(_p("ティムロス"), _p("Tim Roth")) == 1.0


def test_a_hebrew_ear_hears_consonants_and_keeps_l_and_r_apart() -> None:
    # ב is b or v, פ p or f, כ k or kh; vowels are mostly not written
    assert skeleton.skeleton("Hebr", "Avraham Feldman") == skeleton.skeleton("Hebr", "abrhm pldmn")
    assert skeleton.skeleton("Hebr", "Levi") != skeleton.skeleton("Hebr", "Revi")
    assert skeleton.skeleton("Hebr", "Katz") == skeleton.skeleton("Hebr", "kas")
    # Hebrew names are not posted under skeleton keys: they keep their word boundaries.
    assert not {k for k in blocking.blocking_keys(_p("אברהם פלדמן")) if k[:2] in ("e:", "E:")}


@pytest.mark.parametrize(
    ("native", "latin"),
    [
        ("卡尔·马克思", "Karl Marx"),  # er is the r, x heard as k s
        ("伦敦", "London"),  # a syllable's final n kept
        ("湯姆‧克蘭西", "Tom Clancy"),  # traditional characters, the other name dot
        ("列夫·托尔斯泰", "Lev Tolstoy"),  # v heard as f
    ],
)
def test_a_chinese_ear_hears_a_transcription_like_its_latin_name(native: str, latin: str) -> None:
    raw, a, b = skeleton.agreement("Hani", native, latin)
    assert raw >= 0.8, (a, b)


def test_a_chinese_ear_tells_apart_what_mandarin_does() -> None:
    assert skeleton.skeleton("Hani", "Mark") != skeleton.skeleton("Hani", "Park")
    assert skeleton.han_skeleton("马克") != skeleton.han_skeleton("帕克")
    assert skeleton.agreement("Hani", "伊隆·马斯克", "Lin Xu")[0] < 0.7


def test_only_a_chinese_name_written_with_a_name_dot_is_heard() -> None:
    """A Chinese person's name (王明) is compared as a Chinese name; a foreign name written by
    sound carries a dot between its parts, and only it is heard, from its characters."""
    assert _p("卡尔·马克思").transcribed and not _p("王明").transcribed
    assert not _p("ティム・ロス").transcribed  # the katakana dot, no Han characters
    assert not _p("Paral·lel").transcribed  # a Catalan name
    assert ears.ear_agreement(_p("王明"), _p("Wang Ming")) == 0.0
    assert ears.ear_agreement(_p("卡尔·马克思"), _p("Karl Marx")) > 0.8


def test_the_index_finds_a_chinese_transcription_by_its_skeleton() -> None:
    from xborder.screening.index import ScreeningIndex

    idx = ScreeningIndex()
    for i, name in enumerate(("Karl Marx", "Carla Marsh", "Karl Kraus")):
        idx.add(f"r{i}", _p(name), None)
    keys = blocking.weighted_query_keys(_p("卡尔·马克思"))
    assert any(k.startswith(blocking.EAR_KEY + "Hani:") for k in keys)
    found = idx.search(_p("卡尔·马克思"), limit=3)
    assert found and found[0].entry_id == "r0"


def _person(*names: str, lang: str = "") -> matching.Prepared:
    return matching.prepare(
        Subject(id="x", names=tuple(NameForm(full=n, lang=lang) for n in names))
    )


def test_only_the_transcribed_name_of_a_person_is_heard() -> None:
    """A record with a dotted alias and a Chinese name: the Chinese name is not heard (张建国
    and Jan Cook share a skeleton), the alias is."""
    both = _person("卡尔·马克思", "张建国")
    assert both.transcribed == ("卡尔马克思",)
    assert ears.ear_agreement(both, _p("Jan Cook")) < 0.5  # the alias, not 张建国 (1.0)
    assert ears.ear_agreement(both, _p("Karl Marx")) > 0.8


@pytest.mark.parametrize("dot", ["·", "・", "‧", "•", "∙", "⸱", "･", "\u0387"])
def test_every_name_dot_marks_a_transcription(dot: str) -> None:
    assert _p(f"卡尔{dot}马克思").transcribed


def test_a_japanese_or_korean_name_with_a_dot_is_not_a_chinese_transcription() -> None:
    assert not _person("山田・太郎", lang="ja").transcribed
    assert not _p("ジョン・山田").transcribed  # kana with the kanji


def test_a_short_skeleton_keeps_its_liquids_and_nasals_as_a_key() -> None:
    """Lionel Messi: LNLMS would be MS without them, too short to find anyone by."""
    assert skeleton.index_key("Hani", "LNLMS") == "LNLMS"
    assert skeleton.index_key("Hani", "KLMLKS") == "KMKS"
    keys = blocking.weighted_query_keys(_p("莱昂内尔·梅西"))
    assert "e:Hani:LNLMS" in keys and "e:Hani:LNLMS" in blocking.blocking_keys(_p("Lionel Messi"))


def test_a_transcription_character_is_read_as_in_transcriptions_and_long_text_is_cut() -> None:
    assert skeleton.han_skeleton("布什") == skeleton.skeleton("Hani", "Bush")  # 什 is shi here
    assert len(skeleton.han_skeleton("卡" * 5000)) <= skeleton.MAX_HAN_SYLLABLES


def test_the_index_finds_a_katakana_name_whose_skeleton_differs_in_one_consonant() -> None:
    """アレクサンダー・カルダー is heard rkstdkd, Alexander Calder rksndkd: no whole-skeleton key
    is shared, the runs of three letters are."""
    from xborder.screening.index import ScreeningIndex

    q = _p("アレクサンダーカルダー")
    calder = _p("Alexander Calder")
    whole = {k for k in blocking.weighted_query_keys(q) if k.startswith(blocking.EAR_KEY)}
    assert whole and not whole & blocking.blocking_keys(calder)
    idx = ScreeningIndex()
    for i, name in enumerate(("Alexander Calder", "Alexander Fleming", "Calder Smith")):
        idx.add(f"r{i}", _p(name), None)
    found = idx.candidates(q, limit=3)
    assert found and found[0][0] == "r0"
