"""Notices through the service layer, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from joserfc.util import urlsafe_b64decode
from sqlalchemy import select

from tests.conftest import World
from tests.notices.factory import actor, notice_in, person_json, publish, red_content, submit
from xborder.api.schemas import PersonIn
from xborder.audit.tables import AccessLogRow, EventRow
from xborder.exchange import envelope, key_service
from xborder.kernel.clock import as_utc, utcnow
from xborder.kernel.errors import Conflict, Forbidden, NotFound
from xborder.kernel.purposes import Purpose
from xborder.measures import service as measures
from xborder.measures.commands import LiftIn, MeasureIn
from xborder.notices import context, diffusions
from xborder.notices import service as notices
from xborder.notices.commands import (
    DecisionIn,
    DiffusionIn,
    DiffusionKind,
    FlagIn,
    HitAnswerIn,
    HitIn,
    ProtectedIn,
    ReasonIn,
    ReviewIn,
    SuspendIn,
)
from xborder.notices.domain import Decision, FlagReason, HitAction, RefusalGround, content_from_json
from xborder.notices.tables import NoticeRow
from xborder.persons.tables import PersonRow

WANTED = DiffusionKind.WANTED


def test_full_red_notice_scenario(world: World) -> None:
    nid = submit(world)
    reviewer = actor(world, "reviewer")
    queue = notices.review_queue(world.db, reviewer)
    assert [q.id for q in queue] == [nid]
    assert queue[0].blocking == 0
    publish(world, nid)
    de = actor(world, "de.officer")
    seen = notices.get_notice(world.db, de, nid, Purpose.LOCATE_PERSON)
    assert seen.state == "published" and seen.person is not None
    assert seen.findings == [] and seen.decisions == []  # another bureau sees neither
    hit = notices.report_hit(
        world.db,
        de,
        nid,
        HitIn(
            seen_at=utcnow() - timedelta(hours=1),
            place="Frankfurt airport",
            action=HitAction.ARRESTED,
        ),
    )
    fr_sup = actor(world, "fr.supervisor")
    due = notices.open_hits(world.db, fr_sup)
    assert [h["id"] for h in due] == [hit]
    assert due[0]["answer_due"] - due[0]["seen_at"] > timedelta(hours=11)
    notices.answer_hit(world.db, fr_sup, hit, HitAnswerIn(answer="Extradition request follows."))
    notices.withdraw(world.db, fr_sup, nid, ReasonIn(reason="Person surrendered."))
    with pytest.raises(NotFound):
        notices.get_notice(world.db, de, nid, Purpose.LOCATE_PERSON)
    own = notices.get_notice(world.db, fr_sup, nid, Purpose.INVESTIGATION)
    assert own.state == "withdrawn"
    assert [d["decision"] for d in own.decisions] == ["publish"]
    with world.db.transaction() as s:
        actions = list(s.scalars(select(EventRow.action).where(EventRow.subject_id == nid)))
        logged = s.scalars(select(AccessLogRow.purpose).where(AccessLogRow.subject_id == nid))
        assert "locate_person" in set(logged)
    assert actions == [
        "notice.drafted",
        "notice.sent_for_approval",
        "notice.submitted",
        "notice.publish",
        "notice.hit",
        "notice.hit_answered",
        "notice.withdraw",
    ]


def test_submission_is_an_envelope_signed_by_the_bureau(world: World) -> None:
    nid = submit(world)
    with world.db.transaction() as s:
        row = s.get(NoticeRow, nid)
        assert row is not None and row.envelope is not None
        assert row.submitted_at is not None
        v = envelope.verify(
            row.envelope, lambda c: key_service.keys_of(s, c), as_utc(row.submitted_at)
        )
        assert v.sender == "FR" and v.service == "notice" and v.document["number"] == row.number
        assert v.digest == row.envelope_digest


def test_four_eyes_drafter_cannot_approve(world: World) -> None:
    sup = actor(world, "fr.supervisor")
    nid = notices.create_request(world.db, sup, notice_in(person=person_json()))
    notices.send_for_approval(world.db, sup, nid)
    with pytest.raises(Forbidden):
        notices.approve(world.db, sup, world.settings, nid)
    with pytest.raises(NotFound):  # another bureau's supervisor does not even see it
        notices.approve(world.db, actor(world, "de.supervisor"), world.settings, nid)


def test_officer_cannot_approve(world: World) -> None:
    officer = actor(world, "fr.officer")
    nid = notices.create_request(world.db, officer, notice_in(person=person_json()))
    notices.send_for_approval(world.db, officer, nid)
    with pytest.raises(Forbidden):
        notices.approve(world.db, officer, world.settings, nid)


def test_below_threshold_cannot_be_published_without_the_exception(world: World) -> None:
    content = red_content(
        judicial={
            "offences": [{"description": "Theft", "law": "PC 311-3", "max_penalty_months": 12}]
        }
    )
    nid = submit(world, content=content)
    reviewer = actor(world, "reviewer")
    with pytest.raises(Conflict):
        notices.decide(
            world.db,
            reviewer,
            world.settings,
            nid,
            DecisionIn(decision=Decision.PUBLISH, rationale="ok"),
        )
    notices.decide(
        world.db,
        reviewer,
        world.settings,
        nid,
        DecisionIn(
            decision=Decision.PUBLISH,
            rationale="Of particular importance: serial offender across borders.",
            particular_importance=True,
        ),
    )
    v = notices.get_notice(world.db, reviewer, nid, Purpose.NOTICE_REVIEW)
    assert v.state == "published"
    assert v.decisions[-1]["particular_importance"] is True
    assert "penalty_threshold" in v.decisions[-1]["rule_versions"]


def test_refugee_request_is_blocked_and_the_protecting_state_never_disclosed(world: World) -> None:
    admin = actor(world, "reviewer")
    context.record_protected_status(
        world.db,
        admin,
        ProtectedIn(
            fled_country="RU", granting_country="DE", names=["Ivan Petrov"], birth_date="1975-02-03"
        ),
    )
    content = red_content(
        judicial={
            "offences": [{"description": "Fraud", "law": "UK RF 159", "max_penalty_months": 120}],
            "extradition_countries": ["DE"],
        }
    )
    nid = submit(
        world, "ru", content, person_json("Ivan Petrov", "1975-02-03", nationalities=["RU"])
    )
    reviewer = actor(world, "reviewer")
    v = notices.get_notice(world.db, reviewer, nid, Purpose.NOTICE_REVIEW)
    refugee = [f for f in v.findings if f["rule_id"] == "refugee_policy"]
    assert refugee and refugee[0]["severity"] == "blocking"
    with pytest.raises(Conflict):
        notices.decide(
            world.db,
            reviewer,
            world.settings,
            nid,
            DecisionIn(decision=Decision.PUBLISH, rationale="ok"),
        )
    notices.decide(
        world.db,
        reviewer,
        world.settings,
        nid,
        DecisionIn(
            decision=Decision.REFUSE,
            rationale="Refugee status confirmed by Germany in 2019.",
            grounds=[RefusalGround.REFUGEE_POLICY],
        ),
    )
    ru = notices.get_notice(world.db, actor(world, "ru.supervisor"), nid, Purpose.INVESTIGATION)
    signed = [d.pop("signed") for d in ru.decisions]
    payloads = [urlsafe_b64decode(t.split(".")[1].encode()).decode() for t in signed]
    told = repr((ru.findings, ru.decisions, ru.notes, payloads))
    assert ru.state == "refused"
    assert "DE" not in told and "Germany" not in told and "German" not in told
    assert "refugee" in ru.decisions[0]["disclosed"].lower()


def test_ask_for_information_and_answer_reruns_checks(world: World) -> None:
    content = red_content(judicial={"warrant_reference": ""})
    nid = submit(world, content=content)
    reviewer, officer = actor(world, "reviewer"), actor(world, "fr.officer")
    first = notices.get_notice(world.db, reviewer, nid, Purpose.NOTICE_REVIEW)
    assert any(f["rule_id"] == "minimum_data" for f in first.findings)
    signed_before = first.envelope_digest
    notices.decide(
        world.db,
        reviewer,
        world.settings,
        nid,
        DecisionIn(
            decision=Decision.ASK_INFO,
            rationale="Warrant missing",
            question="Send the warrant reference.",
        ),
    )
    # An answer that amends the request goes back to a supervisor, to be signed again.
    notices.answer_info(
        world.db, officer, nid, "Warrant AW-1 attached.", content_from_json(red_content())
    )
    with pytest.raises(NotFound):  # back in the bureau's hands: not the secretariat's yet
        notices.get_notice(world.db, reviewer, nid, Purpose.NOTICE_REVIEW)
    notices.approve(world.db, actor(world, "fr.supervisor"), world.settings, nid)
    after = notices.get_notice(world.db, reviewer, nid, Purpose.NOTICE_REVIEW)
    assert after.state == "requested" and after.envelope_digest != signed_before
    assert not any(f["rule_id"] == "minimum_data" for f in after.findings), after.findings
    assert [n["kind"] for n in after.notes] == ["question", "answer"]


def test_a_plain_answer_returns_to_the_queue(world: World) -> None:
    nid = submit(world)
    reviewer = actor(world, "reviewer")
    notices.decide(
        world.db,
        reviewer,
        world.settings,
        nid,
        DecisionIn(decision=Decision.ASK_INFO, rationale="Check", question="Why?"),
    )
    notices.answer_info(world.db, actor(world, "fr.officer"), nid, "Because.")
    assert notices.get_notice(world.db, reviewer, nid, Purpose.NOTICE_REVIEW).state == "requested"


def test_a_supervisor_who_edited_the_request_cannot_approve_it(world: World) -> None:
    officer, sup = actor(world, "fr.officer"), actor(world, "fr.supervisor")
    nid = notices.create_request(world.db, officer, notice_in(person=person_json()))
    notices.update_draft(world.db, sup, nid, notice_in(red_content(title="Rewritten")))
    notices.send_for_approval(world.db, sup, nid)
    with pytest.raises(Forbidden):
        notices.approve(world.db, sup, world.settings, nid)


def test_notice_subjects_are_not_found_by_other_bureaus_person_search(world: World) -> None:
    from xborder.persons import service as persons

    nid = submit(world, person=person_json("Quentin Vaillancourt", "1966"))
    de = actor(world, "de.officer")
    assert persons.search_persons(world.db, de, "Vaillancourt", Purpose.INVESTIGATION) == []
    publish(world, nid)
    assert persons.search_persons(world.db, de, "Vaillancourt", Purpose.INVESTIGATION) == []
    assert notices.get_notice(world.db, de, nid, Purpose.INVESTIGATION).person is not None


def test_drafts_are_the_bureaus_own(world: World) -> None:
    officer = actor(world, "fr.officer")
    nid = notices.create_request(world.db, officer, notice_in(person=person_json()))
    for who in ("reviewer", "ccf"):
        with pytest.raises(NotFound):
            notices.get_notice(world.db, actor(world, who), nid, Purpose.NOTICE_REVIEW)


def test_a_refugee_flag_never_names_the_protecting_state_to_others(world: World) -> None:
    nid = submit(world)
    publish(world, nid)
    notices.add_flag(
        world.db, actor(world, "de.officer"), nid, FlagIn(reason=FlagReason.REFUGEE_STATUS_GRANTED)
    )
    notices.add_flag(
        world.db, actor(world, "es.officer"), nid, FlagIn(reason=FlagReason.OTHER, note="x")
    )
    src = notices.get_notice(world.db, actor(world, "fr.officer"), nid, Purpose.INVESTIGATION)
    assert sorted((f["country"] or "-", f["reason"]) for f in src.flags) == [
        ("-", "other"),
        ("ES", "other"),
    ]
    other = notices.get_notice(world.db, actor(world, "it.officer"), nid, Purpose.INVESTIGATION)
    assert other.flags == []
    sec = notices.get_notice(world.db, actor(world, "reviewer"), nid, Purpose.NOTICE_REVIEW)
    assert ("DE", "refugee_status") in {(f["country"], f["reason"]) for f in sec.flags}


def test_publication_rechecks_the_register_at_decision_time(world: World) -> None:
    content = red_content(judicial={"extradition_countries": ["DE"]})
    nid = submit(world, "ru", content, person_json("Boris Sidorov", "1970-01-01"))
    context.record_protected_status(
        world.db,
        actor(world, "reviewer"),
        ProtectedIn(
            fled_country="RU", granting_country="DE", names=["Борис Сидоров"], birth_date="1970"
        ),
    )
    with pytest.raises(Conflict):
        notices.decide(
            world.db,
            actor(world, "reviewer"),
            world.settings,
            nid,
            DecisionIn(decision=Decision.PUBLISH, rationale="ok"),
        )


def test_a_blocked_notice_cannot_be_published(world: World) -> None:
    nid = submit(world)
    with world.db.transaction() as s:
        notices.set_blocked(s, actor(world, "ccf"), nid, True, "case pending")
    with pytest.raises(Conflict):
        notices.decide(
            world.db,
            actor(world, "reviewer"),
            world.settings,
            nid,
            DecisionIn(decision=Decision.PUBLISH, rationale="ok"),
        )


def test_flag_by_receiving_country(world: World) -> None:
    nid = submit(world)
    publish(world, nid)
    es = actor(world, "es.officer")
    notices.add_flag(
        world.db,
        es,
        nid,
        FlagIn(reason=FlagReason.INCOMPATIBLE_WITH_NATIONAL_LAW, note="Statute lapsed"),
    )
    with pytest.raises(Conflict):
        notices.add_flag(world.db, es, nid, FlagIn(reason=FlagReason.OTHER))
    with pytest.raises(Conflict):
        notices.add_flag(world.db, actor(world, "fr.officer"), nid, FlagIn(reason=FlagReason.OTHER))
    v = notices.get_notice(world.db, actor(world, "fr.officer"), nid, Purpose.INVESTIGATION)
    assert [(f["country"], f["reason"], f["note"]) for f in v.flags] == [("ES", "national_law", "")]


def test_restricted_notice_hidden_from_other_countries(world: World) -> None:
    nid = submit(world, content=red_content(restricted_to=["DE"]))
    publish(world, nid)
    assert notices.get_notice(world.db, actor(world, "de.officer"), nid, Purpose.INVESTIGATION)
    with pytest.raises(NotFound):
        notices.get_notice(world.db, actor(world, "es.officer"), nid, Purpose.INVESTIGATION)
    listed = notices.list_notices(world.db, actor(world, "es.officer"))
    assert nid not in [n.id for n in listed]


def test_pending_request_visible_to_requester_only(world: World) -> None:
    nid = submit(world)
    with pytest.raises(NotFound):
        notices.get_notice(world.db, actor(world, "de.officer"), nid, Purpose.INVESTIGATION)
    with pytest.raises(Forbidden):
        notices.get_notice(world.db, actor(world, "auditor"), nid, Purpose.INVESTIGATION)


def test_lifecycle_job_expires_and_reminds(world: World) -> None:
    nid = submit(world)
    publish(world, nid)
    with world.db.transaction() as s:
        row = s.get(NoticeRow, nid)
        assert row is not None and row.expires_at is not None
        expires = as_utc(row.expires_at)
    report = notices.run_lifecycle_job(world.db, expires - timedelta(days=20))
    assert report.reminded and not report.expired
    again = notices.run_lifecycle_job(world.db, expires - timedelta(days=19))
    assert not again.reminded  # one reminder per threshold
    report = notices.run_lifecycle_job(world.db, expires + timedelta(seconds=1))
    assert len(report.expired) == 1
    v = notices.get_notice(world.db, actor(world, "fr.officer"), nid, Purpose.INVESTIGATION)
    assert v.state == "expired"


def test_suspension_is_at_most_six_months_and_ends(world: World) -> None:
    nid = submit(world)
    publish(world, nid)
    sup = actor(world, "fr.supervisor")
    from xborder.kernel.errors import Invalid

    with pytest.raises(Invalid):
        notices.suspend(
            world.db, sup, nid, SuspendIn(until=utcnow() + timedelta(days=200), reason="too long")
        )
    notices.suspend(
        world.db,
        sup,
        nid,
        SuspendIn(until=utcnow() + timedelta(days=30), reason="negotiating surrender"),
    )
    with pytest.raises(NotFound):
        notices.get_notice(world.db, actor(world, "de.officer"), nid, Purpose.INVESTIGATION)
    report = notices.run_lifecycle_job(world.db, utcnow() + timedelta(days=31))
    assert len(report.resumed) == 1


def test_diffusion_from_country_under_measures_is_held(world: World) -> None:
    admin = actor(world, "admin")
    m = measures.impose(
        world.db,
        admin,
        MeasureIn(country="RU", scopes=["no_direct_diffusions"], reason="Misuse (EC decision)"),
    )
    ru = actor(world, "ru.officer")
    did = diffusions.send(
        world.db,
        ru,
        world.settings,
        DiffusionIn(
            kind=WANTED, title="Wanted", summary="Wanted for fraud", recipients=["DE", "FR"]
        ),
    )
    de = actor(world, "de.officer")
    with pytest.raises(NotFound):
        diffusions.get(world.db, de, did, Purpose.INVESTIGATION)
    reviewer = actor(world, "reviewer")
    assert [d["id"] for d in diffusions.review_queue(world.db, reviewer)] == [did]
    compliant = ReviewIn(compliant=True, rationale="Compliant")
    assert diffusions.review(world.db, reviewer, did, compliant) == "sent"
    assert diffusions.get(world.db, de, did, Purpose.INVESTIGATION).state == "sent"
    measures.lift(world.db, admin, m.id, LiftIn(reason="EC lifted the measure"))
    did2 = diffusions.send(
        world.db, ru, world.settings, DiffusionIn(kind=WANTED, title="Wanted", summary="Other")
    )
    assert diffusions.get(world.db, de, did2, Purpose.INVESTIGATION).state == "sent"


def test_non_compliant_diffusion_stops_being_served(world: World) -> None:
    fr = actor(world, "fr.officer")
    did = diffusions.send(
        world.db,
        fr,
        world.settings,
        DiffusionIn(
            kind=WANTED,
            title="Wanted for debt",
            summary="Unpaid commercial debt",
            recipients=["DE", "ES"],
            person=PersonIn.model_validate(person_json()),
        ),
    )
    de = actor(world, "de.officer")
    assert diffusions.get(world.db, de, did, Purpose.INVESTIGATION).person is not None
    refused = ReviewIn(compliant=False, rationale="Private dispute")
    assert diffusions.review(world.db, actor(world, "reviewer"), did, refused) == "non_compliant"
    v = diffusions.get(world.db, de, did, Purpose.INVESTIGATION)
    assert v.update_notice and v.person is None and v.content == {}
    listed = diffusions.list_diffusions(world.db, de)
    assert listed[0]["update_your_records"] is True
    diffusions.acknowledge_update(world.db, de, did)
    assert diffusions.list_diffusions(world.db, de)[0]["acknowledged"] is True


def test_suspended_tool_refuses_new_requests(world: World) -> None:
    measures.impose(
        world.db,
        actor(world, "admin"),
        MeasureIn(country="FR", scopes=["suspend_notice_requests"], reason="misuse"),
    )
    with pytest.raises(Forbidden):
        submit(world)


def test_reviewer_sees_the_persons_history_and_similar_past_decisions(world: World) -> None:
    reviewer = actor(world, "reviewer")
    below = red_content(
        judicial={"offences": [{"description": "Theft", "law": "PC", "max_penalty_months": 6}]}
    )
    first = submit(world, content=below, person=person_json("Marc Lenoir", "1990"))
    notices.decide(
        world.db,
        reviewer,
        world.settings,
        first,
        DecisionIn(
            decision=Decision.REFUSE,
            rationale="Below threshold.",
            grounds=[RefusalGround.THRESHOLD],
        ),
    )
    second = submit(world, content=below, person=person_json("Marc Lenoir", "1990-04-02"))
    v = notices.get_notice(world.db, reviewer, second, Purpose.NOTICE_REVIEW)
    assert [(h["id"], h["state"]) for h in v.history] == [(first, "refused")]
    assert v.similar[0]["id"] == first
    assert "penalty_threshold" in v.similar[0]["shared_rules"]
    bureau = notices.get_notice(world.db, actor(world, "fr.officer"), second, Purpose.INVESTIGATION)
    assert bureau.history == [] and bureau.similar == []


def test_erasing_one_notice_keeps_a_person_another_notice_rests_on(world: World) -> None:
    first = submit(world)
    with world.db.transaction() as s:
        row = s.get(NoticeRow, first)
        assert row is not None
        pid = row.person_id
    officer = actor(world, "fr.officer")
    second = notices.create_request(world.db, officer, notice_in(person_id=pid))
    notices.send_for_approval(world.db, officer, second)
    notices.approve(world.db, actor(world, "fr.supervisor"), world.settings, second)
    with world.db.transaction() as s:
        notices.erase(s, actor(world, "ccf"), first, "commission decision")
    with world.db.transaction() as s:
        assert s.get(PersonRow, pid) is not None
        kept = s.get(NoticeRow, second)
        assert kept is not None and kept.person_id == pid
    with world.db.transaction() as s:
        notices.erase(s, actor(world, "ccf"), second, "commission decision")
    with world.db.transaction() as s:
        assert s.get(PersonRow, pid) is None


def test_a_revoked_hosted_key_is_replaced_and_submission_goes_on(world: World) -> None:
    from xborder.exchange import key_service
    from xborder.exchange.hosted import hosted_jwk

    first = submit(world)
    with world.db.transaction() as s:
        row = s.get(NoticeRow, first)
        assert row is not None and row.envelope is not None
        old_kid = hosted_jwk(s, world.settings, "FR")["kid"]
    key_service.revoke_key(world.db, actor(world, "admin"), old_kid, "compromised")
    second = submit(world)
    with world.db.transaction() as s:
        row = s.get(NoticeRow, second)
        assert row is not None and row.envelope is not None
        kid = envelope.read_header(row.envelope)["kid"]
    assert kid != old_kid


def test_two_writers_on_one_notice_cannot_both_win(world: World) -> None:
    from sqlalchemy import update
    from sqlalchemy.orm.exc import StaleDataError

    nid = submit(world)
    with pytest.raises(StaleDataError), world.db.transaction() as s:
        mine = s.get(NoticeRow, nid)
        assert mine is not None
        # Another writer's change lands between my read and my write.
        s.execute(
            update(NoticeRow)
            .where(NoticeRow.id == nid)
            .values(version=NoticeRow.version + 1)
            .execution_options(synchronize_session=False)
        )
        mine.state = "refused"
        s.flush()
    with world.db.transaction() as s:
        row = s.get(NoticeRow, nid)
        assert row is not None and row.state == "requested"  # nothing was written
