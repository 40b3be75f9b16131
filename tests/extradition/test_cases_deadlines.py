"""The deadline job: a deadline about to pass, and an overdue provisional arrest (no formal
request in time), are raised to both states, exactly once per deadline and level."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.conftest import World
from tests.extradition.test_cases_factory import actor, provisional_data, request_file
from xborder.extradition import service as ext
from xborder.extradition.commands import ExtraditionIn
from xborder.kernel.clock import utcnow
from xborder.kernel.errors import Conflict, Forbidden, Invalid
from xborder.kernel.purposes import Purpose


def _provisional(world: World) -> str:
    return ext.create_request(
        world.db,
        actor(world, "fr.officer"),
        world.settings,
        ExtraditionIn(
            requested_country="CH",
            legal_basis="ece-1957",
            title="Fraud",
            provisional=True,
            file=provisional_data(),
        ),
    )


def _alerts(world: World, username: str, case_id: str) -> list[tuple[str, str]]:
    v = ext.get_case(world.db, actor(world, username), case_id, Purpose.INVESTIGATION)
    return [
        (e.details["deadline"], e.details["level"])
        for e in v.timeline
        if e.step.startswith("deadline_")
    ]


def test_the_job_warns_both_sides_once_then_raises_the_overdue_arrest_once(world: World) -> None:
    cid = _provisional(world)
    ch = actor(world, "ch.officer")
    arrested = utcnow() - timedelta(days=60)
    ext.act(world.db, ch, world.settings, cid, "arrest", ext.StepInput(at=arrested))
    # Before anything is near: nothing.
    assert ext.run_deadline_job(world.db, arrested + timedelta(days=5)).warnings == 0
    # Two days before the 18-day limit (ECE art. 16(4)): one warning, however often it runs.
    near = arrested + timedelta(days=16, hours=12)
    first = ext.run_deadline_job(world.db, near)
    assert (first.warnings, first.overdue) == (1, 0)
    again = ext.run_deadline_job(world.db, near + timedelta(hours=1))
    assert (again.warnings, again.overdue) == (0, 0)
    # Both sides see the same warning on the case.
    assert _alerts(world, "fr.officer", cid) == [("formal_request", "warning")]
    assert _alerts(world, "ch.supervisor", cid) == [("formal_request", "warning")]
    # Past 18 days the arrest is overdue; past 40 the absolute limit too. Once each.
    late = arrested + timedelta(days=45)
    report = ext.run_deadline_job(world.db, late)
    assert report.overdue == 2 and report.warnings == 0
    assert ext.run_deadline_job(world.db, late + timedelta(days=1)).overdue == 0
    expected = [
        ("formal_request", "warning"),
        ("formal_request", "overdue"),
        ("formal_request_max", "overdue"),
    ]
    assert sorted(_alerts(world, "fr.officer", cid)) == sorted(expected)
    assert sorted(_alerts(world, "ch.officer", cid)) == sorted(expected)


def test_the_formal_request_in_time_silences_the_provisional_arrest_clock(world: World) -> None:
    cid = _provisional(world)
    ch, fr = actor(world, "ch.officer"), actor(world, "fr.officer")
    ext.act(
        world.db, ch, world.settings, cid, "arrest", ext.StepInput(at=utcnow() - timedelta(days=3))
    )
    ext.send_formal_request(world.db, fr, world.settings, cid, request_file())
    report = ext.run_deadline_job(world.db, utcnow() + timedelta(days=60))
    assert (report.warnings, report.overdue) == (0, 0)
    assert _alerts(world, "fr.officer", cid) == []


def test_an_eaw_decision_period_is_extended_once_by_30_days(world: World) -> None:
    from tests.extradition.test_cases_factory import ISSUER

    fr, de = actor(world, "fr.officer"), actor(world, "de.supervisor")
    file = request_file()
    cid = ext.create_request(
        world.db,
        fr,
        world.settings,
        ExtraditionIn(
            requested_country="DE",
            legal_basis="eaw",
            title="Swindling",
            provisional=False,
            file=file,
            eaw=ext.draft_eaw(file, ISSUER),
        ),
    )
    arrested = utcnow() - timedelta(days=50)
    ext.act(world.db, de, world.settings, cid, "arrest", ext.StepInput(at=arrested))
    ext.act(world.db, de, world.settings, cid, "acknowledge", ext.StepInput())

    def due() -> float:
        v = ext.get_case(world.db, fr, cid, Purpose.INVESTIGATION)
        [d] = [d for d in v.deadlines if d.key == "decision"]
        return (d.due - arrested).total_seconds() / 86400

    before = due()
    with pytest.raises(Invalid):  # reasons are required
        ext.act(world.db, de, world.settings, cid, "extend", ext.StepInput())
    ext.act(
        world.db, de, world.settings, cid, "extend", ext.StepInput(text="Expert report awaited")
    )
    assert 29 < due() - before < 31
    with pytest.raises(Conflict):
        ext.act(world.db, de, world.settings, cid, "extend", ext.StepInput(text="Again"))
    # The requesting state may not extend the requested state's period.
    with pytest.raises(Forbidden):
        ext.act(
            world.db,
            actor(world, "fr.supervisor"),
            world.settings,
            cid,
            "extend",
            ext.StepInput(text="x"),
        )
