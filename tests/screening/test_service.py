"""Screening through the service: what is screenable follows the notices' state and
visibility, every screening is logged with a keyed digest, decisions are recorded, lists load
atomically."""

from __future__ import annotations

import hashlib
import json

import pytest
from sqlalchemy import func, select

from tests.conftest import World
from tests.notices.factory import actor, person_json, publish, red_content, submit
from xborder.audit.tables import AccessLogRow, EventRow
from xborder.kernel.clock import utcnow
from xborder.kernel.errors import Conflict, Invalid, NotFound
from xborder.kernel.purposes import Purpose
from xborder.notices import service as notices
from xborder.notices.commands import ReasonIn
from xborder.notices.tables import NoticeRow
from xborder.screening import service as screening
from xborder.screening.commands import DecisionIn
from xborder.screening.model import NameForm, Subject
from xborder.screening.tables import ListEntryRow, ScreeningResultRow, ScreeningRow

PUTIN = person_json("Vladimir Putin", "1952-10-07", nationalities=["RU"])
PUTIN["names"] = [
    {
        "full": "Владимир Путин",
        "given": "Владимир",
        "family": "Путин",
        "script": "Cyrl",
        "lang": "ru",
    }
]


def q(*names: str, born: str = "", nat: str = "") -> dict[str, Subject]:
    return {
        "q": Subject(
            id="q",
            names=tuple(NameForm(full=n) for n in names),
            birth_dates=(born,) if born else (),
            nationalities=(nat,) if nat else (),
        )
    }


def hits(
    world: World, who: str, *names: str, born: str = "", dataset: str = "default"
) -> list[str]:
    s = screening.screen(
        world.db,
        world.settings,
        actor(world, who),
        q(*names, born=born),
        purpose=Purpose.BORDER_CHECK,
        legal_basis="schengen-borders-code-art8",
        dataset=dataset,
    )
    return [c.meta.ref for c in s.responses["q"] if c.match]


def test_a_published_notice_is_found_across_scripts_and_spellings(world: World) -> None:
    nid = submit(world, "ru", red_content(), PUTIN)
    assert hits(world, "de.officer", "Wladimir Putin", born="1952-10-07") == []  # pending
    publish(world, nid)
    for spelling in ("Wladimir Putin", "Vladimir Putin", "Poutine, Vladimir", "Владимир Путин"):
        assert hits(world, "de.officer", spelling, born="1952") == [nid], spelling


def test_withdrawn_blocked_and_deleted_notices_stop_being_returned(world: World) -> None:
    nid = submit(world, "ru", red_content(), PUTIN)
    publish(world, nid)
    assert hits(world, "fr.officer", "Vladimir Putin", born="1952-10-07") == [nid]
    with world.db.transaction() as s:
        notices.set_blocked(s, actor(world, "ccf"), nid, True, "case pending")
    assert hits(world, "fr.officer", "Vladimir Putin", born="1952-10-07") == []
    with world.db.transaction() as s:
        notices.set_blocked(s, actor(world, "ccf"), nid, False, "case closed")
    assert hits(world, "fr.officer", "Vladimir Putin", born="1952-10-07") == [nid]
    notices.withdraw(
        world.db, actor(world, "ru.supervisor"), nid, ReasonIn(reason="purpose achieved")
    )
    assert hits(world, "fr.officer", "Vladimir Putin", born="1952-10-07") == []


def test_a_restricted_notice_is_never_returned_to_an_excluded_country(world: World) -> None:
    nid = submit(world, "ru", red_content(restricted_to=["DE"]), PUTIN)
    publish(world, nid)
    assert hits(world, "de.officer", "Vladimir Putin", born="1952-10-07") == [nid]
    s = screening.screen(
        world.db,
        world.settings,
        actor(world, "fr.officer"),
        q("Vladimir Putin"),
        purpose=Purpose.BORDER_CHECK,
        legal_basis="schengen-borders-code-art8",
        limit=100,
        cutoff=0.0,
    )
    assert nid not in {c.meta.ref for c in s.responses["q"]}
    assert hits(world, "reviewer", "Vladimir Putin", born="1952-10-07") == [nid]


def test_every_screening_is_logged_with_a_keyed_digest_not_the_query(world: World) -> None:
    nid = submit(world, "ru", red_content(), PUTIN)
    publish(world, nid)
    s = screening.screen(
        world.db,
        world.settings,
        actor(world, "de.officer"),
        q("Vladimir Putin"),
        purpose=Purpose.BORDER_CHECK,
        legal_basis="schengen-borders-code-art8",
    )
    with world.db.transaction() as t:
        row = t.get(ScreeningRow, s.id)
        assert row is not None and row.purpose == "border_check" and row.legal_basis
        plain = hashlib.sha256(b"Vladimir Putin").hexdigest()
        assert len(row.query_digest) == 64 and row.query_digest != plain
        logged = t.scalars(select(AccessLogRow).where(AccessLogRow.subject_id == s.id)).one()
        assert logged.query_digest == row.query_digest
        shown = t.scalars(
            select(AccessLogRow.subject_id).where(AccessLogRow.action == "screen.result")
        )
        assert nid in set(shown)
    again = screening.query_digest(world.settings, q("Vladimir Putin"))
    assert again == row.query_digest  # an auditor shown the query can check it


def test_a_person_confirms_or_rejects_and_it_is_recorded(world: World) -> None:
    nid = submit(world, "ru", red_content(), PUTIN)
    publish(world, nid)
    s = screening.screen(
        world.db,
        world.settings,
        actor(world, "de.officer"),
        q("Vladimir Putin", born="1952"),
        purpose=Purpose.BORDER_CHECK,
        legal_basis="schengen-borders-code-art8",
    )
    rid = s.responses["q"][0].result_id
    with pytest.raises(Invalid):
        screening.decide(
            world.db, actor(world, "de.officer"), rid, DecisionIn(confirmed=False, reason="")
        )
    with pytest.raises(Invalid):  # a confirmation says what showed it, too
        screening.decide(
            world.db, actor(world, "de.officer"), rid, DecisionIn(confirmed=True, reason="  ")
        )
    with pytest.raises(NotFound):  # another organisation
        screening.decide(
            world.db,
            actor(world, "fr.officer"),
            rid,
            DecisionIn(confirmed=True, reason="passport photo"),
        )
    screening.decide(
        world.db,
        actor(world, "de.supervisor"),
        rid,
        DecisionIn(confirmed=True, reason="passport photo"),
    )
    with pytest.raises(Conflict):
        screening.decide(
            world.db,
            actor(world, "de.officer"),
            rid,
            DecisionIn(confirmed=False, reason="changed my mind"),
        )
    with world.db.transaction() as t:
        r = t.get(ScreeningResultRow, rid)
        assert r is not None and r.decision == "confirmed"


def test_an_imported_list_is_its_own_dataset_and_a_bad_line_changes_nothing(world: World) -> None:
    lines = [
        json.dumps(
            {
                "id": "un-1",
                "schema": "Person",
                "properties": {
                    "name": ["Muammar Gaddafi"],
                    "alias": ["Moammar El Gadhafi"],
                    "birthDate": ["1942"],
                    "nationality": ["ly"],
                },
            }
        ),
        json.dumps({"id": "org-1", "schema": "Organization", "properties": {"name": ["Acme"]}}),
    ]
    report = screening.import_ftm(world.db, None, "un_sc", lines)
    assert (report.entities, report.screenable) == (2, 2)
    assert hits(world, "fr.officer", "Muammar Qadhafi", born="1942", dataset="un_sc") == ["un-1"]
    assert hits(world, "fr.officer", "Muammar Qadhafi", born="1942", dataset="notices") == []
    with pytest.raises(Invalid, match="line 2"):
        screening.import_ftm(world.db, None, "un_sc", [lines[0], "{not json"])
    with world.db.transaction() as t:
        assert len(t.scalars(select(ListEntryRow)).all()) == 2
    with pytest.raises(Invalid):
        screening.import_ftm(world.db, None, "notices", lines)


def test_screening_is_refused_to_a_country_whose_screening_is_suspended(world: World) -> None:
    from xborder.kernel.errors import Forbidden
    from xborder.measures import service as measures
    from xborder.measures.commands import MeasureIn

    measures.impose(
        world.db,
        actor(world, "admin"),
        MeasureIn(country="FR", scopes=["suspend_screening"], reason="misuse"),
    )
    with pytest.raises(Forbidden):
        hits(world, "fr.officer", "Vladimir Putin")


def _raw_event(event_id: int, kind: str, subject: str) -> EventRow:
    return EventRow(
        id=event_id,
        at=utcnow(),
        actor_label="test",
        action="test.change",
        subject_type=kind,
        subject_id=subject,
        payload_digest="0" * 64,
        summary={},
        reason="",
        salt="",
    )


def test_an_event_committed_late_with_a_lower_id_is_still_applied(world: World) -> None:
    # PostgreSQL hands out event ids before commit: a transaction can commit event N+1 while
    # the one holding N is still open. The index must not skip N when it commits.
    nid = submit(world, "ru", red_content(), PUTIN)
    publish(world, nid)
    assert hits(world, "fr.officer", "Vladimir Putin", born="1952-10-07") == [nid]
    with world.db.transaction() as s:
        top = s.scalar(select(func.max(EventRow.id)))
        assert top is not None
        s.add(_raw_event(top + 2, "notice", "another"))  # the later transaction commits first
    assert hits(world, "fr.officer", "Vladimir Putin", born="1952-10-07") == [nid]
    with world.db.transaction() as s:
        row = s.get(NoticeRow, nid)
        assert row is not None
        row.blocked = True
        s.add(_raw_event(top + 1, "notice", nid))  # the earlier one commits now
    assert hits(world, "fr.officer", "Vladimir Putin", born="1952-10-07") == []


def test_screening_reads_the_notices_published_state_by_its_stored_value() -> None:
    # Screening sits below notices (it cannot import their State); the value must agree.
    from xborder.notices.domain import State

    assert State.PUBLISHED.value == screening.PUBLISHED
