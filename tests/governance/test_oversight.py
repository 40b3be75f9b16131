"""Human decisions on possible matches are recorded, and agreement rates per component and
reviewer computed from them, with the automation-bias signal."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.conftest import World
from tests.governance.factory import actor, screening_with
from xborder.governance import oversight
from xborder.governance.registry import get
from xborder.kernel.clock import utcnow
from xborder.screening import service as screening
from xborder.screening.commands import DecisionIn
from xborder.screening.component import SCREENING_NAME

ALGORITHM = get(SCREENING_NAME).version


def test_decisions_are_recorded_and_agreement_computed(world: World) -> None:
    officer = actor(world, "fr.officer")
    ids = screening_with(world, officer, [True, True, True, False])
    screening.decide(world.db, officer, ids[0], DecisionIn(confirmed=True, reason="same person"))
    screening.decide(world.db, officer, ids[1], DecisionIn(confirmed=True, reason="same person"))
    screening.decide(
        world.db, officer, ids[2], DecisionIn(confirmed=False, reason="different date of birth")
    )
    # confirmed below the threshold
    screening.decide(world.db, officer, ids[3], DecisionIn(confirmed=True, reason="same person"))
    with world.db.transaction() as s:
        [rate] = oversight.agreement_rates(s)
    assert (rate.component_id, rate.reviewer) == (SCREENING_NAME, "fr.officer")
    assert (rate.decisions, rate.confirmed, rate.rejected) == (4, 3, 1)
    assert rate.agreed == 2 and rate.agreement == 0.5  # two confirmations of proposals
    assert rate.median_seconds is not None and rate.median_seconds >= 299
    assert not rate.automation_bias  # four decisions: too few to say


def test_a_reviewer_who_always_agrees_raises_the_signal(world: World) -> None:
    officer, other = actor(world, "fr.officer"), actor(world, "fr.supervisor")
    n = oversight.BIAS_MIN_DECISIONS
    ids = screening_with(world, officer, [True] * n)
    for rid in ids:
        screening.decide(world.db, officer, rid, DecisionIn(confirmed=True, reason="same person"))
    mixed = screening_with(world, other, [True] * n)
    for i, rid in enumerate(mixed):
        screening.decide(
            world.db, other, rid, DecisionIn(confirmed=i % 3 != 0, reason="not the person")
        )
    with world.db.transaction() as s:
        rates = {r.reviewer: r for r in oversight.agreement_rates(s)}
    assert rates["fr.officer"].agreement == 1.0 and rates["fr.officer"].automation_bias
    assert "100%" in rates["fr.officer"].signals[0]
    assert rates["fr.supervisor"].agreement == pytest.approx(13 / 20)
    assert not rates["fr.supervisor"].automation_bias


def test_fast_decisions_are_a_signal_too() -> None:
    assert oversight.signals_for(25, 0.6, 3.0) == ("median decision time 3 s",)
    assert oversight.signals_for(5, 1.0, 3.0) == ()


def test_a_bureau_supervisor_sees_only_the_bureaus_reviewers(world: World) -> None:
    fr, de = actor(world, "fr.officer"), actor(world, "de.officer")
    for who in (fr, de):
        [rid] = screening_with(world, who, [True])
        screening.decide(world.db, who, rid, DecisionIn(confirmed=True, reason="same person"))
    seen = {r.reviewer for r in oversight.oversight_for(world.db, actor(world, "fr.supervisor"))}
    assert seen == {"fr.officer"}
    everyone = {r.reviewer for r in oversight.oversight_for(world.db, actor(world, "auditor"))}
    assert everyone == {"fr.officer", "de.officer"}


def test_since_limits_the_window(world: World) -> None:
    officer = actor(world, "fr.officer")
    [rid] = screening_with(world, officer, [True])
    screening.decide(world.db, officer, rid, DecisionIn(confirmed=True, reason="same person"))
    with world.db.transaction() as s:
        assert oversight.agreement_rates(s, since=utcnow() + timedelta(minutes=1)) == []
        assert len(oversight.agreement_rates(s, since=utcnow() - timedelta(hours=1))) == 1
