"""A component cannot run unregistered, unevaluated, unassessed or switched off; stopping it is
one logged action."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.conftest import World
from tests.governance.factory import (
    USE_CASE,
    actor,
    clear,
    complete_answers,
    make_runnable,
    rows,
    signed_risk,
)
from xborder.audit.tables import EventRow
from xborder.governance import service as gov
from xborder.governance.assessments import Kind
from xborder.governance.commands import SwitchIn
from xborder.governance.registry import get
from xborder.governance.tables import ComponentStateRow
from xborder.kernel.clock import utcnow
from xborder.kernel.errors import Conflict, Forbidden, Invalid
from xborder.kernel.purposes import Purpose
from xborder.screening import service as screening
from xborder.screening.component import SCREENING_NAME
from xborder.screening.model import NameForm, Subject

VERSION = get(SCREENING_NAME).version


def runnable(world: World, component: str = SCREENING_NAME, version: str = VERSION) -> None:
    with world.db.transaction() as s:
        gov.ensure_runnable(s, component, version)


def test_an_unregistered_component_cannot_run(world: World) -> None:
    make_runnable(world)
    with pytest.raises(gov.ComponentUnavailable, match="not a registered"):
        runnable(world, "face.search", "1.0")
    with pytest.raises(gov.ComponentUnavailable, match="registered at version"):
        runnable(world, version="xborder-v0/0.0.1")  # a version the registry does not declare


def test_nothing_runs_until_evaluated_assessed_and_switched_on(world: World) -> None:
    clear(world)
    admin = actor(world, "admin")
    with pytest.raises(gov.ComponentUnavailable, match="switched off"):
        runnable(world)
    with pytest.raises(Conflict) as refused:
        gov.set_enabled(world.db, admin, SCREENING_NAME, SwitchIn(on=True))
    assert len(refused.value.extra["missing"]) == 2  # type: ignore[arg-type]
    # An evaluation of another version does not count.
    gov.import_evaluation(world.db, None, rows(version="xborder-v0/0.9.0"))
    with pytest.raises(Conflict, match=f"no evaluation of version {VERSION}"):
        gov.set_enabled(world.db, admin, SCREENING_NAME, SwitchIn(on=True))
    gov.import_evaluation(world.db, None, rows())
    # A risk assessment that is written but not signed off does not count either.
    draft = gov.save_assessment(
        world.db, actor(world, "reviewer"), USE_CASE, "risk", complete_answers(Kind.RISK)
    )
    with pytest.raises(Conflict, match="no current signed-off risk assessment"):
        gov.set_enabled(world.db, admin, SCREENING_NAME, SwitchIn(on=True))
    gov.sign_off(world.db, admin, draft.id)
    gov.set_enabled(
        world.db, admin, SCREENING_NAME, SwitchIn(on=True, reason="evaluated and assessed")
    )
    runnable(world)


def test_stopping_is_one_logged_action_that_takes_effect_at_once(world: World) -> None:
    make_runnable(world)
    runnable(world)
    with pytest.raises(Invalid, match="say why"):
        gov.set_enabled(world.db, actor(world, "admin"), SCREENING_NAME, SwitchIn(on=False))
    gov.set_enabled(
        world.db,
        actor(world, "admin"),
        SCREENING_NAME,
        SwitchIn(on=False, reason="drift in recall"),
    )
    with pytest.raises(gov.ComponentUnavailable, match="switched off"):
        runnable(world)
    with world.db.transaction() as s:
        ev = s.scalars(select(EventRow).where(EventRow.action == "governance.component.off")).one()
        assert ev.subject_id == SCREENING_NAME and ev.reason == "drift in recall"
        assert ev.summary["enabled"] is False


def test_only_the_secretariat_admin_switches(world: World) -> None:
    make_runnable(world)
    for who in ("reviewer", "fr.supervisor", "auditor", "fr.officer"):
        with pytest.raises(Forbidden):
            gov.set_enabled(
                world.db, actor(world, who), SCREENING_NAME, SwitchIn(on=False, reason="no")
            )
    runnable(world)


def test_an_unavailable_component_is_a_503_problem() -> None:
    assert (gov.ComponentUnavailable.status, gov.ComponentUnavailable.slug) == (
        503,
        "component-unavailable",
    )


def test_only_a_complete_evaluation_at_the_configured_threshold_lets_it_on(world: World) -> None:
    clear(world)
    admin = actor(world, "admin")
    signed_risk(world)
    # One row, one metric: refused when imported, naming what is missing; nothing stored.
    with pytest.raises(Invalid, match="incomplete") as refused:
        gov.import_evaluation(world.db, None, rows(groups={"all": 0.9}, complete=False)[:1])
    missing = refused.value.extra["missing"]
    assert "no overall recall" in missing and "no group of region" in missing  # type: ignore[operator]
    with pytest.raises(Invalid, match="no group of age_band"):
        gov.import_evaluation(
            world.db, None, rows(groups={"all": 0.9, "script:Latn": 0.9}, complete=False)
        )
    with world.db.transaction() as s:
        assert gov.evaluations(s, SCREENING_NAME) == []
    # Complete, but measured at another threshold: stored, yet it does not describe the
    # component as configured.
    gov.import_evaluation(world.db, None, rows(threshold=0.55))
    with pytest.raises(Conflict, match=r"at threshold 0\.700"):
        gov.set_enabled(world.db, admin, SCREENING_NAME, SwitchIn(on=True))
    gov.import_evaluation(world.db, None, rows())
    gov.set_enabled(world.db, admin, SCREENING_NAME, SwitchIn(on=True, reason="evaluated at 0.7"))
    runnable(world)


def test_a_switch_on_at_another_version_does_not_carry_over(world: World) -> None:
    make_runnable(world)
    with world.db.transaction() as s:  # as if switched on when an earlier version was declared
        state = s.get(ComponentStateRow, SCREENING_NAME)
        assert state is not None
        state.version = "xborder-v1/0.9.0"
    with pytest.raises(
        gov.ComponentUnavailable, match=r"switched on at version xborder-v1/0\.9\.0"
    ):
        runnable(world)
    with pytest.raises(gov.ComponentUnavailable, match="switched on at version"):
        screening.screen(  # the real path refuses as well
            world.db,
            world.settings,
            actor(world, "de.officer"),
            {"q": Subject(id="q", names=(NameForm(full="Ivan Petrov"),))},
            purpose=Purpose.BORDER_CHECK,
            legal_basis="schengen-borders-code-art8",
        )
    with world.db.transaction() as s:
        assert gov.status(s, get(SCREENING_NAME), utcnow()).enabled is False
    gov.set_enabled(
        world.db, actor(world, "admin"), SCREENING_NAME, SwitchIn(on=True, reason="at this version")
    )
    runnable(world)
