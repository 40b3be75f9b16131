"""The public search index (`public/search_index.py`) answers exactly what the Python rule
(`extracts.matches` over every public extract) answers, on generated queries, on both
backends; and it decides nothing about visibility."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from tests.conftest import World
from tests.public import factory as f
from xborder.kernel.clock import utcnow
from xborder.notices.tables import NoticeRow
from xborder.persons import repository as person_repo
from xborder.public import extracts, search_index
from xborder.public.extracts import Section
from xborder.public.tables import PublicIndexRow


def _all_public(world: World, section: Section) -> list[extracts.Extract]:
    with world.db.transaction() as s:
        return [
            extracts.extract_from(row, person_repo.from_row(p) if p is not None else None)
            for row, p in extracts._candidates(s, section, utcnow())
        ]


def _python(world: World, section: Section, q: extracts.PublicQuery, today: date) -> list[str]:
    """The rule in Python, over every public extract (what search did before the index)."""
    allowed = set(extracts.FILTERS[section])
    q = extracts.replace(
        q, **{a: None for a, p in extracts._ATTR_PARAM.items() if p not in allowed}
    )
    return [e.number for e in _all_public(world, section) if extracts.matches(e, q, today)]


def _prefixes(world: World) -> list[str]:
    words: set[str] = set()
    for section in (Section.RED, Section.YELLOW, Section.UN):
        for e in _all_public(world, section):
            for text in (*e.forenames_folded, *e.families_folded, e.text_folded):
                for w in text.split():
                    words |= {w[:1], w[:3], w}
    return sorted(words)


def _query(draw: st.DrawFn, words: list[str]) -> extracts.PublicQuery:
    """One to three filters at a time (all at once would match nothing and prove nothing)."""
    text = st.lists(st.sampled_from(words), min_size=1, max_size=3).map(" ".join)
    values = {
        "forename": text,
        "name": text,
        "free_text": text,
        "nationality": st.sampled_from(["FR", "DE", "RU", "TR", "CN"]),
        "sex_id": st.sampled_from(["F", "M", "U"]),
        "arrest_warrant_country": st.sampled_from(["RU", "FR", "TR"]),
        "age_min": st.integers(0, 90),
        "age_max": st.integers(0, 90),
    }
    chosen = draw(st.lists(st.sampled_from(sorted(values)), min_size=1, max_size=3, unique=True))
    params = {k: draw(values[k]) for k in chosen}
    if "age_min" in params and "age_max" in params and params["age_min"] > params["age_max"]:
        params["age_min"], params["age_max"] = params["age_max"], params["age_min"]
    return extracts.make_query(**params, result_per_page=160)


def test_the_index_answers_what_the_python_rule_answers(world: World, cast: dict[str, str]) -> None:
    # Red Notices in several scripts with partial dates (cast), and a Yellow and a UN one.
    f.publish(world, f.yellow_content(), f.person("Anna", "Schmidt", sex="F", birth="2009"))
    f.publish(world, f.un_content(), f.person("Omar", "Haddad", birth="1975-03"))
    words = _prefixes(world)
    today = utcnow().date()

    answered: list[int] = []

    @settings(
        max_examples=150,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.data(), st.sampled_from(list(Section)))
    def agree(data: st.DataObject, section: Section) -> None:
        q = data.draw(st.composite(lambda draw: _query(draw, words))())
        expected = _python(world, section, q, today)
        answered.append(len(expected))
        found = extracts.search(world.db, section, q, today)
        assert found.total == len(expected)
        assert [e.number for e in found.extracts] == expected[: extracts.MAX_RESULTS]

    agree()
    # The queries found something often enough to test the filters, not only empty answers.
    assert sum(1 for n in answered if n) >= len(answered) // 8


def test_the_edges_agree_too(world: World, cast: dict[str, str]) -> None:
    """What random queries rarely hit: birthdays on the day an age changes, and query words
    that each start a word of a different name form (which must not match)."""
    from datetime import timedelta

    today = utcnow().date()
    thirty = search_index._years_before(today, 30)
    for born in (thirty, thirty + timedelta(days=1), thirty - timedelta(days=1)):
        f.publish(world, f.red_content(), f.person("Edge", "Birthday", birth=born.isoformat()))
    second_form = {
        "full": "Kim Brown",
        "given": "Kim",
        "family": "Brown",
        "kind": "transliteration",
        "system": "icao9303",
    }
    f.publish(world, f.red_content(), f.person("Kim", "Smith Jones", extra_names=[second_form]))
    queries = [
        extracts.make_query(name="birthday", age_min=a, age_max=b, result_per_page=160)
        for a, b in ((30, None), (31, None), (None, 29), (None, 30), (29, 29), (30, 30))
    ]
    queries += [
        extracts.make_query(name=n, result_per_page=160)
        for n in ("smith brown", "smith jones", "brown", "jones smi")
    ]
    hits = 0
    for q in queries:
        expected = _python(world, Section.RED, q, today)
        hits += bool(expected)
        found = extracts.search(world.db, Section.RED, q, today)
        assert [e.number for e in found.extracts] == expected, q
    assert hits >= 6


def test_visibility_comes_from_the_notice_not_the_index(world: World, cast: dict[str, str]) -> None:
    """A change that bypasses the ORM (and so the index's upkeep) still hides the notice at
    once: every search joins `notices` and applies the public condition there."""
    q = extracts.make_query(result_per_page=160)
    before = {e.number for e in extracts.search(world.db, Section.RED, q).extracts}
    with world.db.transaction() as s:
        number = s.scalar(select(NoticeRow.number).where(NoticeRow.id == cast["jean"]))
        s.execute(update(NoticeRow).where(NoticeRow.id == cast["jean"]).values(blocked=True))
    assert number in before
    assert number not in {e.number for e in extracts.search(world.db, Section.RED, q).extracts}


def test_rebuild_gives_the_index_the_flush_hook_keeps(world: World, cast: dict[str, str]) -> None:
    with world.db.transaction() as s:
        kept = sorted(s.execute(select(PublicIndexRow.notice_id, PublicIndexRow.section)).all())
    assert kept
    assert search_index.rebuild(world.db) == len(kept)
    with world.db.transaction() as s:
        assert (
            sorted(s.execute(select(PublicIndexRow.notice_id, PublicIndexRow.section)).all())
            == kept
        )
