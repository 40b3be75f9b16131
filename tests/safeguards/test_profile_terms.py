"""What the request's own words say the person does (data/profile_terms.json)."""

from __future__ import annotations

import pytest

from xborder.notices.domain import Profile
from xborder.notices.political import PROFILE_KINDS
from xborder.safeguards.profileterms import parse, stated, terms


def kinds(text: str, field: str = "facts summary") -> set[str]:
    return {s.profile for s in stated([(field, text)], PROFILE_KINDS)}


def test_every_kind_is_a_profile_with_rationale_and_sources() -> None:
    version, found = terms(PROFILE_KINDS)
    assert version and {t.profile for t in found} <= set(Profile._value2member_map_)
    assert all(t.rationale and t.sources and t.patterns for t in found)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The subject was editor-in-chief of a daily newspaper in the capital.", "journalist"),
        ("L'intéressé, journaliste, a quitté le pays.", "journalist"),
        ("El sujeto, periodista, reside en el extranjero.", "journalist"),
        ("Субъект, главный редактор издания, выехал за рубеж.", "journalist"),
        ("المذكور صحفي يقيم خارج البلاد", "journalist"),
        ("The subject, a director of music videos and television commercials.", "writer_or_artist"),
        ("Le suspect est avocat au barreau de la capitale.", "lawyer"),
        ("Является адвокатом коллегии адвокатов.", "lawyer"),
        ("He is a member of parliament for the district.", "politician"),
        ("Депутат городского совета.", "politician"),
        ("The subject is an imam at a mosque in the city.", "religious_figure"),
        ("The subject played for the national team until 2019.", "athlete"),
        ("A trade union leader in the port.", "activist"),
        ("He directed a human rights organisation.", "human_rights_defender"),
    ],
)
def test_a_profile_in_the_request_words(text: str, kind: str) -> None:
    assert kind in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        # other people named by their work: the victims, the colleagues
        "The subject ordered the wiretapping of journalists and trade unionists.",
        "He defrauded several lawyers and priests of their savings.",
        # ordinary work
        "The subject, a businessman, sold cars without paying the tax due.",
        "He signed a power of attorney to transfer the shares.",
        "The subject advocated violence in a private chat.",
    ],
)
def test_no_profile_from_other_peoples_work_or_ordinary_work(text: str) -> None:
    assert kinds(text) == set()


def test_offences_are_not_read() -> None:
    """An offence may name the victims' work ("obstructing journalists")."""
    assert kinds("Obstruction of the professional activity of a journalist", "offence 1") == set()


def test_an_unknown_profile_or_a_missing_source_is_refused() -> None:
    kind = {"profile": "astronaut", "rationale": "r", "sources": ["s"], "patterns": {"en": ["x"]}}
    with pytest.raises(ValueError):
        parse({"version": "0", "kinds": [kind]}, PROFILE_KINDS)
    kind = {"profile": "journalist", "rationale": "r", "sources": [], "patterns": {"en": ["x"]}}
    with pytest.raises(ValueError):
        parse({"version": "0", "kinds": [kind]}, PROFILE_KINDS)


def test_an_official_is_not_a_politician_for_being_a_deputy_head() -> None:
    assert "politician" not in kinds("The subject, former deputy head of the county, fled.")


@pytest.mark.parametrize(
    "text",
    [
        "Поэтому он скрылся.",
        "Сотрудники правоохранительных органов задержали трех человек.",
        "He was represented by his lawyer.",
        "Le jugement est susceptible d'opposition.",
        "The author of the murder fled.",
        "Sahte çek yazarak dolandırdı.",
        "توجه إلى كاتب العدل",
        "وفقا لمدونة الجمارك",
        "He published an advert in a local newspaper.",
        "Il a escroqué deux prêtres.",
    ],
)
def test_ordinary_words_that_look_like_a_profile(text: str) -> None:
    """A review's findings: "therefore" is not a poet, a notary not a writer, the customs
    code not a blog, the lawyer who represents the person not the person."""
    assert kinds(text) == set()
