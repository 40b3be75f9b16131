"""The demo world gives a reviewer a real queue: notices in every state, and requests that a
legal reviewer would refuse, each with the finding that says why."""

from __future__ import annotations

from sqlalchemy import select

from tests.conftest import World
from tests.notices.factory import actor
from xborder.kernel.purposes import Purpose
from xborder.notices import profiles
from xborder.notices import service as notices
from xborder.notices.domain import State
from xborder.twin.notices import seed_notices


def test_demo_has_every_state_and_a_queue_with_recognisable_findings(sqlite_world: World) -> None:
    counts = seed_notices(sqlite_world.db, sqlite_world.settings)
    assert set(counts) == {s.value for s in State}
    reviewer = actor(sqlite_world, "reviewer")
    queue = notices.review_queue(sqlite_world.db, reviewer)
    assert queue[0].blocking > 0  # the riskiest first
    rules_by_title = {}
    for item in queue:
        v = notices.get_notice(sqlite_world.db, reviewer, item.id, Purpose.NOTICE_REVIEW)
        rules_by_title[item.title] = {
            (f["rule_id"], f["severity"]) for f in v.findings if f["severity"] != "info"
        }
    assert ("refugee_policy", "blocking") in rules_by_title["Large-scale fraud"]
    # a protected status notified by a member state over the signed exchange, matched by the
    # screening matcher, bars the request and weighs in the art. 2 and 3 checks
    hooligan = rules_by_title["Malicious hooliganism"]
    assert {("refugee_policy", "blocking"), ("art3_predominance", "needs_review")} <= hooligan
    (item,) = [q for q in queue if q.title == "Malicious hooliganism"]
    found = notices.get_notice(sqlite_world.db, reviewer, item.id, Purpose.NOTICE_REVIEW).findings
    art3 = next(f for f in found if f["rule_id"] == "art3_predominance")
    assert "protected_status" in {s["signal"] for s in art3["evidence"]["signals"]}
    refugee = next(f for f in found if f["rule_id"] == "refugee_policy")
    assert refugee["evidence"]["granting_country"] == "NL" and "NL" not in refugee["message"]
    # screening the imported lists proposes the profile of the extremism request's subject
    (extremist,) = [q for q in queue if q.title == "Extremist organisation"]
    proposed = profiles.screen_lists(sqlite_world.db, sqlite_world.settings, reviewer, extremist.id)
    assert [(p["kind"], p["status"]) for p in proposed] == [("journalist", "proposed")]
    assert "demo_press" in proposed[0]["source"]
    assert ("penalty_threshold", "blocking") in rules_by_title["Theft of a mobile phone"]
    assert ("excluded_offence", "blocking") in rules_by_title["Bounced cheques"]
    assert ("art3_predominance", "needs_review") in rules_by_title["Organising mass riots"]
    # requests with no declared profile: the charges, in their own language, and the data
    assert ("art3_predominance", "needs_review") in rules_by_title["Abus de fonction"]
    assert ("art3_predominance", "needs_review") in rules_by_title["Extremist organisation"]
    assert ("art2_risk", "needs_review") in rules_by_title["Extremist organisation"]
    assert ("excluded_offence", "blocking") in rules_by_title["نشر أخبار كاذبة"]
    assert ("private_dispute", "needs_review") in rules_by_title["Qualified fraud (commercial)"]
    assert ("art2_risk", "needs_review") in rules_by_title["Murder (in absentia)"]
    assert ("duplicate", "needs_review") in rules_by_title["Second robbery (same suspect)"]
    assert ("art2_risk", "needs_review") in rules_by_title["Cocaine export"]
    assert rules_by_title["Burglary gang"] == set()
    # another state's judge, charged for a verdict given at home; a tax charge whose facts
    # say the person runs a news outlet
    assert ("art3_predominance", "needs_review") in rules_by_title["Unjust verdict"]
    assert ("art3_predominance", "needs_review") in rules_by_title["Tax evasion"]
    by_title = {
        item.title: {
            s["signal"]
            for f in notices.get_notice(
                sqlite_world.db, reviewer, item.id, Purpose.NOTICE_REVIEW
            ).findings
            if f["rule_id"] == "art3_predominance"
            for s in f["evidence"]["signals"]
        }
        for item in queue
        if item.title in ("Unjust verdict", "Tax evasion")
    }
    assert "foreign_official" in by_title["Unjust verdict"]
    assert "profile_stated" in by_title["Tax evasion"]
    signals = {
        s["signal"]
        for item in queue
        if item.title == "Organising mass riots"
        for f in notices.get_notice(
            sqlite_world.db, reviewer, item.id, Purpose.NOTICE_REVIEW
        ).findings
        if f["rule_id"] == "art3_predominance"
        for s in f["evidence"]["signals"]
    }
    assert {"charge_pattern", "profile", "timing", "country_record"} <= signals
    # substantive findings come before the data-only ones in the queue
    first_data_only = next(i for i, q in enumerate(queue) if q.title == "Theft of a mobile phone")
    first_political = next(i for i, q in enumerate(queue) if q.title == "Extremist organisation")
    assert first_political < first_data_only


def test_demo_has_commission_cases_in_several_states(sqlite_world: World) -> None:
    from xborder.commission import service as ccf

    seed_notices(sqlite_world.db, sqlite_world.settings)
    cases = ccf.list_cases(sqlite_world.db, actor(sqlite_world, "ccf"))
    states = {c.state for c in cases}
    assert {"closed", "received"} <= states and len(states) >= 3


def test_demo_public_extracts_answer_the_public_api(sqlite_world: World) -> None:
    from tests.api.test_api import client

    seed_notices(sqlite_world.db, sqlite_world.settings)
    c = client(sqlite_world)
    red = c.get("/notices/v1/red").json()
    assert red["total"] >= 4
    first = red["_embedded"]["notices"][0]
    images = c.get(first["_links"]["images"]["href"]).json()
    assert images["_embedded"]["images"]
    assert c.get("/notices/v1/yellow").json()["total"] >= 2


def test_demo_list_is_screenable(sqlite_world: World) -> None:
    from xborder.screening import service as screening
    from xborder.screening.model import NameForm, Subject
    from xborder.twin.notices import seed_list

    assert seed_list(sqlite_world.db, count=30) == 30
    from xborder.screening.tables import ListEntryRow

    with sqlite_world.db.transaction() as s:
        row = s.scalars(select(ListEntryRow)).first()
        assert row is not None
        name = row.properties["name"][0]
    found = screening.screen(
        sqlite_world.db,
        sqlite_world.settings,
        actor(sqlite_world, "fr.officer"),
        {"q": Subject(id="q", names=(NameForm(full=name),))},
        purpose=Purpose.BORDER_CHECK,
        legal_basis="schengen-borders-code-art8",
        dataset="demo_sanctions",
    )
    assert found.responses["q"][0].meta.ref == row.entity_id
