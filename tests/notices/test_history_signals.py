"""History as an art. 3 signal, from the store: an earlier refusal for the same person
(matched by the screening matcher across spellings), and the requesting bureau's record of
art. 3 refusals on the same kind of charges."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from tests.conftest import World
from tests.notices.factory import actor, person_json, publish, red_content, submit
from xborder.audit.tables import AccessLogRow
from xborder.commission import commands as ccf_cmd
from xborder.commission import service as ccf
from xborder.kernel.purposes import Purpose
from xborder.notices import service as notices
from xborder.notices.commands import DecisionIn
from xborder.notices.domain import Decision, RefusalGround
from xborder.notices.rulebase import RuleConfig
from xborder.notices.tables import NoticeRow


def _fraud(**over: Any) -> dict[str, Any]:
    return red_content(
        title="Large-scale fraud",
        judicial={
            "offences": [
                {"description": "Large-scale fraud", "law": "CC 159", "max_penalty_months": 120}
            ],
            **over,
        },
    )


def _art3(world: World, nid: str) -> dict[str, Any]:
    v = notices.get_notice(world.db, actor(world, "reviewer"), nid, Purpose.NOTICE_REVIEW)
    return next(f for f in v.findings if f["rule_id"] == "art3_predominance")


def _refuse(world: World, nid: str, grounds: list[RefusalGround]) -> None:
    notices.decide(
        world.db,
        actor(world, "reviewer"),
        world.settings,
        nid,
        DecisionIn(decision=Decision.REFUSE, rationale="Predominantly political.", grounds=grounds),
    )


def test_an_earlier_art3_refusal_for_the_same_person_is_a_strong_signal(world: World) -> None:
    first = submit(world, "ru", _fraud(), person_json("Sergei Ivanov", "1971-03-02"))
    _refuse(world, first, [RefusalGround.ART_3])
    again = submit(world, "ru", _fraud(), person_json("Sergey Ivanov", "1971-03-02"))
    f = _art3(world, again)
    hist = [s for s in f["evidence"]["signals"] if s["signal"] == "history_person"]
    assert hist and hist[0]["evidence"]["items"][0]["grounds"] == ["art3"]
    assert "screening score" in hist[0]["evidence"]["items"][0]["match"]
    assert f["severity"] == "needs_review"


def test_another_person_with_a_different_birth_date_brings_no_history(world: World) -> None:
    first = submit(world, "ru", _fraud(), person_json("Sergei Ivanov", "1971-03-02"))
    _refuse(world, first, [RefusalGround.ART_3])
    other = submit(world, "ru", _fraud(), person_json("Sergei Ivanov", "1990-11-20"))
    signals = {s["signal"] for s in _art3(world, other)["evidence"]["signals"]}
    assert "history_person" not in signals


def test_the_bureau_record_on_similar_charges_counts_after_enough_decisions(world: World) -> None:
    for i in range(3):
        nid = submit(world, "ru", _fraud(), person_json(f"Person Number{i}", f"196{i}-01-01"))
        _refuse(world, nid, [RefusalGround.ART_3])
    nid = submit(world, "ru", _fraud(), person_json("Oleg Smirnov", "1980-01-01"))
    rec = [s for s in _art3(world, nid)["evidence"]["signals"] if s["signal"] == "requester_record"]
    assert rec and rec[0]["evidence"]["decided"] == 3 and rec[0]["evidence"]["refused_art3"] == 3
    # another bureau's record is its own
    other = submit(world, "fr", _fraud(), person_json("Jean Martin", "1980-01-01"))
    signals = {s["signal"] for s in _art3(world, other)["evidence"]["signals"]}
    assert "requester_record" not in signals


def _deleted_by_the_commission(
    world: World, country: str, name: str, applicant: str, grounds: list[str]
) -> None:
    nid = submit(world, country.lower(), _fraud(), person_json(name, "1966-05-04"))
    publish(world, nid)
    with world.db.transaction() as s:
        row = s.get(NoticeRow, nid)
        assert row is not None
        number = row.number
    commission = actor(world, "ccf")
    case = ccf.apply(
        world.db,
        ccf_cmd.ApplicationIn(
            kind="deletion", applicant_name=applicant, statement="Persecuted for my opinions."
        ),
    )
    ccf.link_notice(world.db, commission, case.case_id, number)
    ccf.declare_admissibility(
        world.db, commission, case.case_id, ccf_cmd.AdmissibilityIn(admissible=True)
    )
    ccf.decide(
        world.db,
        commission,
        case.case_id,
        ccf_cmd.DecisionIn(outcome="delete", reasons="Political.", grounds=grounds),
    )
    ccf.implement(world.db, commission, case.case_id)


def test_a_commission_deletion_for_the_same_name_and_requester_is_a_strong_signal(
    world: World,
) -> None:
    _deleted_by_the_commission(world, "RU", "Oleg Smirnov", "Oleg Smirnov", ["art3"])
    again = submit(world, "ru", _fraud(), person_json("Олег Смирнов", "1966-05-04"))
    f = _art3(world, again)
    hist = [s for s in f["evidence"]["signals"] if s["signal"] == "history_person"]
    (item,) = hist[0]["evidence"]["items"]
    assert item["kind"] == "commission_deletion" and item["grounds"] == ["art3"]
    assert item["requesting_country"] == "RU" and "name alone" in item["match"]
    assert item["name_only"] is True
    # a name alone weighs less than a match confirmed by the date of birth
    assert hist[0]["weight"] == RuleConfig().w_history_name_only < RuleConfig().w_history_person
    # the matched case is logged as read by the checks, for the review
    with world.db.transaction() as s:
        logged = s.scalars(
            select(AccessLogRow).where(AccessLogRow.subject_type == "commission_case")
        ).all()
        assert logged and {r.purpose for r in logged} == {"notice_review"}


def test_a_commission_deletion_counts_only_for_the_same_requester_a_name_and_weighty_grounds(
    world: World,
) -> None:
    _deleted_by_the_commission(world, "RU", "Oleg Smirnov", "Oleg Smirnov", ["art3"])
    _deleted_by_the_commission(world, "RU", "Pavel Orlov", "Pavel Orlov", ["data"])
    for country, name in (
        ("by", "Oleg Smirnov"),
        ("ru", "Dmitri Kuznetsov"),
        ("ru", "Pavel Orlov"),
    ):
        other = submit(world, country, _fraud(), person_json(name, "1966-05-04"))
        signals = {s["signal"] for s in _art3(world, other)["evidence"]["signals"]}
        assert "history_person" not in signals, (country, name)
