"""A foreign person written by the family name alone, as Chinese and Japanese write them."""

from __future__ import annotations

from xborder.screening import matching, readings
from xborder.screening.config import MatchConfig
from xborder.screening.index import ScreeningIndex
from xborder.screening.model import NameForm, Subject


def _p(name: str, lang: str = "") -> matching.Prepared:
    return matching.prepare(Subject(id="x", names=(NameForm(full=name, lang=lang),)))


def test_a_family_name_transcribed_alone_reaches_the_full_latin_name_and_says_why() -> None:
    config = MatchConfig()
    plain = MatchConfig(calibrate=False)  # no knots: no family comparison either
    q, c = _p("费德勒"), _p("Roger Federer")
    got = matching.score(q, c, config)
    assert got.score >= config.threshold > matching.score(q, c, plain).score
    assert "family name alone" in got.features[0].detail
    assert matching.score(c, q, config).score == got.score  # the same either way round


def test_the_family_name_is_the_last_word_not_a_given_name() -> None:
    config = MatchConfig()
    assert matching.score(_p("费德勒"), _p("Federer Smith"), config).score < config.threshold
    assert matching.family_agreement(_p("费德勒"), _p("Federer Smith")) < 0.5


def test_another_family_name_does_not_match() -> None:
    config = MatchConfig()
    for other in ("Roger Moore", "Roger Fischer", "Frederick Douglass"):
        assert matching.score(_p("费德勒"), _p(other), config).score < config.threshold, other


def test_only_a_name_in_transcription_characters_may_be_a_family_name_alone() -> None:
    """A Chinese or Japanese person's name has characters the press does not transcribe
    foreign names with; it is compared as a name, never as somebody's family name."""
    assert _p("费德勒").sounded and _p("门罗").sounded
    for name in ("速見優", "张爱玲", "田中角榮"):
        assert not _p(name).sounded, name
        assert matching.family_agreement(_p(name), _p("Roger Federer")) == 0.0
    assert not _p("费德勒", lang="ja").sounded  # a Japanese name is never one
    assert not _p("卡尔·马克思").sounded  # written with a dot: the whole name, heard by the ear


def test_a_latin_name_of_one_word_has_no_family_name_to_pair() -> None:
    assert matching.family_agreement(_p("费德勒"), _p("Federer")) == 0.0


def test_the_index_finds_a_person_by_the_family_name_transcribed_alone() -> None:
    idx = ScreeningIndex()
    for i, name in enumerate(("Roger Federer", "Roger Moore", "Federico Fellini")):
        idx.add(f"r{i}", _p(name), None)
    found = idx.search(_p("费德勒"), limit=3)
    assert found and found[0].entry_id == "r0"
    assert found[0].scored.score >= MatchConfig().threshold


def test_frequent_characters_are_those_of_many_training_words() -> None:
    words = ["费德勒"] * 3 + [f"费{c}" for c in "一二三四五六七八九十"] + ["勒一"]
    got = readings._frequent(words)
    assert "费" in got  # in eleven distinct words
    assert "一" not in got and "德" not in got  # in two, in one (repeats count once)
    assert readings.Model.from_json(
        {"script": "Hani", "pairs": 1, "emit": {}, "frequent": "费"}
    ).frequent == frozenset("费")
