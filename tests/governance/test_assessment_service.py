"""Assessments are versioned and signed off by someone other than their author."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from sqlalchemy import select

from tests.conftest import World
from tests.governance.factory import USE_CASE, actor, clear, complete_answers
from xborder.audit.tables import EventRow
from xborder.governance import assessments as asm
from xborder.governance import register
from xborder.governance import service as gov
from xborder.governance.assessments import Kind
from xborder.kernel.clock import utcnow
from xborder.kernel.errors import Conflict, Forbidden, Invalid, NotFound


def test_answers_are_versioned_and_earlier_versions_stay(world: World) -> None:
    clear(world)
    r = actor(world, "reviewer")
    v1 = gov.save_assessment(
        world.db, r, USE_CASE, "risk", {"law-1": {"likelihood": 1, "impact": 1}}
    )
    v2 = gov.save_assessment(world.db, r, USE_CASE, "risk", complete_answers(Kind.RISK))
    assert (v1.version, v2.version) == (1, 2)
    assert v1.gaps and not v2.gaps
    with world.db.transaction() as s:
        versions = gov.assessment_versions(s, USE_CASE, "risk")
        assert [v.version for v in versions] == [2, 1]
        assert versions[1].answers == {"law-1": {"likelihood": 1, "impact": 1, "mitigation": ""}}
        assert versions[0].written_by == "reviewer"


def test_no_one_signs_off_their_own_answers(world: World) -> None:
    clear(world)
    admin = actor(world, "admin")
    mine = gov.save_assessment(world.db, admin, USE_CASE, "fria", complete_answers(Kind.FRIA))
    with pytest.raises(Forbidden, match="someone else"):
        gov.sign_off(world.db, admin, mine.id)
    with pytest.raises(Forbidden):  # the reviewer answers but may not sign off
        gov.sign_off(world.db, actor(world, "reviewer"), mine.id)
    with world.db.transaction() as s:
        assert gov.current_signed(s, USE_CASE, "fria", utcnow()) is None


def test_sign_off_needs_a_complete_latest_version(world: World) -> None:
    clear(world)
    r, admin = actor(world, "reviewer"), actor(world, "admin")
    full = gov.save_assessment(world.db, r, USE_CASE, "risk", complete_answers(Kind.RISK))
    partial = gov.save_assessment(
        world.db, r, USE_CASE, "risk", {"law-1": {"likelihood": 5, "impact": 5}}
    )
    with pytest.raises(Conflict, match="not the latest"):
        gov.sign_off(world.db, admin, full.id)
    with pytest.raises(Conflict, match="not complete"):
        gov.sign_off(world.db, admin, partial.id)
    with pytest.raises(NotFound):
        gov.sign_off(world.db, admin, "no-such-id")


def test_a_signed_version_stays_current_while_a_new_draft_is_written(world: World) -> None:
    clear(world)
    r, admin = actor(world, "reviewer"), actor(world, "admin")
    v1 = gov.save_assessment(world.db, r, USE_CASE, "readiness", complete_answers(Kind.READINESS))
    signed = gov.sign_off(world.db, admin, v1.id, "ok")
    assert signed.signed_by == "admin" and signed.sign_note == "ok"
    with pytest.raises(Conflict, match="already signed"):
        gov.sign_off(world.db, admin, v1.id)
    gov.save_assessment(world.db, r, USE_CASE, "readiness", {"rd-law-1": {"level": 1}})
    with world.db.transaction() as s:
        current = gov.current_signed(s, USE_CASE, "readiness", utcnow())
        assert current is not None and current.version == 1
        ids = [v.id for v in gov.assessment_versions(s, USE_CASE, "readiness")]
        q = select(EventRow.action).where(
            EventRow.subject_type == "ai_assessment", EventRow.subject_id.in_(ids)
        )
        actions = list(s.scalars(q))
    assert actions.count("governance.assessment.saved") == 2
    assert actions.count("governance.assessment.signed") == 1


def test_bad_answers_change_nothing(world: World) -> None:
    clear(world)
    r = actor(world, "reviewer")
    with pytest.raises(Invalid):
        gov.save_assessment(world.db, r, USE_CASE, "risk", {"law-1": {"likelihood": 9}})
    with pytest.raises(NotFound):
        gov.save_assessment(world.db, r, "no-such-use-case", "risk", {})
    with pytest.raises(Forbidden):
        gov.save_assessment(world.db, actor(world, "auditor"), USE_CASE, "risk", {})
    with world.db.transaction() as s:
        assert gov.assessment_versions(s, USE_CASE, "risk") == []


def _rescaled() -> dict[str, Any]:
    """Today's configuration, edited after the fact: every risk is now "severe"."""
    cfg = copy.deepcopy(asm.scales())
    cfg["id"] = "scales-2"
    cfg["matrix"] = [{"up_to": 25, "level": "severe"}]
    cfg["mitigation_required_from"] = "severe"
    return cfg


def test_a_signed_assessment_keeps_the_judgement_it_was_signed_with(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    clear(world)
    r, admin = actor(world, "reviewer"), actor(world, "admin")
    answers = complete_answers(Kind.RISK)  # 2 x 3: "medium" on scales-1
    signed = gov.sign_off(
        world.db, admin, gov.save_assessment(world.db, r, USE_CASE, "risk", answers).id
    )
    draft = gov.save_assessment(
        world.db, r, USE_CASE, "readiness", complete_answers(Kind.READINESS)
    )
    assert (signed.scales, signed.summary["overall"]) == ("scales-1", "medium")
    rescaled = _rescaled()
    monkeypatch.setattr(asm, "scales", lambda: rescaled)
    with world.db.transaction() as s:
        again = gov.get_assessment(s, signed.id)
    assert (again.scales, again.summary, again.gaps) == ("scales-1", signed.summary, [])
    [e] = register.public_for(world.db)["entries"]
    assert next(a for a in e["assessments"] if a["kind"] == "risk")["overall"] == "medium"
    # A version written under the old configuration is saved again before it is signed off.
    with pytest.raises(Conflict, match="save them again"):
        gov.sign_off(world.db, admin, draft.id)
    new = gov.save_assessment(world.db, r, USE_CASE, "risk", answers)
    assert (new.scales, new.summary["overall"]) == ("scales-2", "severe")
    gov.sign_off(world.db, admin, new.id)  # judged and signed under the new configuration
