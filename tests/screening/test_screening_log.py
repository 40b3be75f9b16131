"""A screening's use log is whole or absent: the screening, every possible match shown and one
access-log row per record shown commit together before the answer is given; a failure while
writing them writes none of them and answers nothing."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.conftest import World
from tests.notices.factory import actor, person_json, publish, red_content, submit
from xborder.audit.service import log_reads
from xborder.audit.tables import AccessLogRow
from xborder.kernel.actor import Actor
from xborder.kernel.errors import NotFound
from xborder.kernel.purposes import LEGAL_BASIS, Purpose
from xborder.screening import service as screening
from xborder.screening.model import NameForm, Subject
from xborder.screening.tables import ScreeningResultRow, ScreeningRow

BASIS = "schengen-borders-code-art8"
LIST = [
    {
        "id": "un-1",
        "schema": "Person",
        "properties": {"name": ["Muammar Gaddafi"], "birthDate": ["1942"]},
    },
    {
        "id": "un-2",
        "schema": "Person",
        "properties": {"name": ["Muammar Gaddafi"], "birthDate": ["1943"]},
    },
    {"id": "un-3", "schema": "Person", "properties": {"name": ["Vladimir Putin"]}},
]


def subject(key: str, name: str) -> Subject:
    return Subject(id=key, names=(NameForm(full=name),))


def counts(world: World) -> tuple[int, int, int]:
    with world.db.transaction() as t:
        return (
            t.scalar(select(func.count()).select_from(ScreeningRow)) or 0,
            t.scalar(select(func.count()).select_from(ScreeningResultRow)) or 0,
            t.scalar(select(func.count()).select_from(AccessLogRow)) or 0,
        )


@pytest.fixture
def listed(world: World) -> str:
    """A published notice on Putin and a list with him and two forms of Gaddafi."""
    nid = submit(world, "ru", red_content(), person_json("Vladimir Putin", "1952-10-07"))
    publish(world, nid)
    screening.import_ftm(world.db, None, "un_sc", [json.dumps(e) for e in LIST])
    return nid


def test_every_result_and_every_record_shown_is_logged_with_the_screening(
    world: World, listed: str
) -> None:
    who = actor(world, "de.officer")
    queries = {
        "a": subject("a", "Muammar Gaddafi"),
        "b": subject("b", "Vladimir Putin"),
        "c": subject("c", "Zzyzx Qwertyuiop"),  # no possible match
    }
    s = screening.screen(
        world.db,
        world.settings,
        who,
        queries,
        purpose=Purpose.BORDER_CHECK,
        legal_basis=BASIS,
        limit=10,
    )
    shown = [c for cs in s.responses.values() for c in cs]
    assert {c.meta.ref for c in s.responses["a"]} >= {"un-1", "un-2"}
    assert listed in {c.meta.ref for c in s.responses["b"]}
    assert s.responses["c"] == []
    with world.db.transaction() as t:
        row = t.get(ScreeningRow, s.id)
        assert row is not None
        assert (row.queries, row.results) == (3, len(shown))
        assert row.user_id == who.user_id and row.ended_at is not None
        results = t.scalars(
            select(ScreeningResultRow).where(ScreeningResultRow.screening_id == s.id)
        ).all()
        assert sorted(r.id for r in results) == sorted(c.result_id for c in shown)
        by_id = {c.result_id: (key, c) for key, cs in s.responses.items() for c in cs}
        for r in results:
            key, c = by_id[r.id]
            assert (r.query_key, r.entry_id, r.dataset) == (key, c.entry_id, c.meta.dataset)
            assert r.score == f"{c.score:.4f}" and r.is_match == c.match
            assert r.features and {f["name"] for f in r.features} == {f.name for f in c.features}
            assert r.decision is None and r.reason == ""
            # The one query behind the result, as a keyed digest, not the batch's.
            assert r.query_digest == screening.query_digest(world.settings, {key: queries[key]})
        log = t.scalars(select(AccessLogRow).where(AccessLogRow.user_id == who.user_id)).all()
    assert {(a.purpose, a.legal_basis) for a in log} == {
        ("border_check", LEGAL_BASIS[Purpose.BORDER_CHECK])
    }
    use = [a for a in log if a.action == "screen"]
    assert [(a.subject_type, a.subject_id, a.query_digest) for a in use] == [
        ("screening", s.id, row.query_digest)
    ]
    reads = sorted((a.subject_type, a.subject_id) for a in log if a.action == "screen.result")
    expected = {("notice", c.meta.ref) for c in shown if c.meta.dataset == "notices"} | {
        ("list_entry", c.entry_id) for c in shown if c.meta.dataset != "notices"
    }
    assert reads == sorted(expected)  # each record shown once, however many queries showed it
    assert ("notice", listed) in expected


def test_a_single_query_results_carry_its_digest(world: World, listed: str) -> None:
    queries = {"q": subject("q", "Vladimir Putin")}
    s = screening.screen(
        world.db,
        world.settings,
        actor(world, "fr.officer"),
        queries,
        purpose=Purpose.BORDER_CHECK,
        legal_basis=BASIS,
    )
    digest = screening.query_digest(world.settings, queries)
    with world.db.transaction() as t:
        row = t.get(ScreeningRow, s.id)
        assert row is not None and row.query_digest == digest
        got = t.scalars(
            select(ScreeningResultRow.query_digest).where(ScreeningResultRow.screening_id == s.id)
        ).all()
    assert got and set(got) == {digest}


def test_a_failure_writing_the_log_writes_nothing_and_answers_nothing(
    world: World, listed: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = counts(world)

    def fails_after_writing(
        session: Session,
        who: Actor,
        purpose: Purpose,
        reads: Iterable[tuple[str, str, str, str | None]],
    ) -> Any:
        log_reads(session, who, purpose, reads)  # the screening, its results and its reads...
        session.flush()
        raise RuntimeError("disk full")  # ...then the commit cannot happen

    monkeypatch.setattr(screening, "log_reads", fails_after_writing)
    with pytest.raises(RuntimeError, match="disk full"):
        screening.screen(
            world.db,
            world.settings,
            actor(world, "de.officer"),
            {"a": subject("a", "Muammar Gaddafi"), "b": subject("b", "Vladimir Putin")},
            purpose=Purpose.BORDER_CHECK,
            legal_basis=BASIS,
        )
    assert counts(world) == before
    monkeypatch.undo()
    s = screening.screen(
        world.db,
        world.settings,
        actor(world, "de.officer"),
        {"a": subject("a", "Muammar Gaddafi")},
        purpose=Purpose.BORDER_CHECK,
        legal_basis=BASIS,
    )
    n = len(s.responses["a"])
    assert n and counts(world) == (before[0] + 1, before[1] + n, before[2] + 1 + n)


def test_a_dataset_exists_while_it_has_entries(world: World) -> None:
    who = actor(world, "fr.officer")

    def screen(dataset: str) -> list[str]:
        s = screening.screen(
            world.db,
            world.settings,
            who,
            {"q": subject("q", "Muammar Gaddafi")},
            purpose=Purpose.BORDER_CHECK,
            legal_basis=BASIS,
            dataset=dataset,
        )
        return [c.meta.ref for c in s.responses["q"]]

    with pytest.raises(NotFound):
        screen("un_sc")
    screening.import_ftm(world.db, None, "un_sc", [json.dumps(LIST[0])])
    assert screen("un_sc") == ["un-1"]
    org = {"id": "org-1", "schema": "Organization", "properties": {"name": ["Acme"]}}
    screening.import_ftm(world.db, None, "un_sc", [json.dumps(org)])
    assert screen("un_sc") == []  # there, with nothing screenable in it
    screening.import_ftm(world.db, None, "un_sc", [])
    with pytest.raises(NotFound):
        screen("un_sc")
    assert "un_sc" not in {d["name"] for d in screening.datasets(world.db, who)}
