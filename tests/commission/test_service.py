"""The commission's use cases on the real store (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from pydantic import ValidationError
from sqlalchemy import func, select, update

from tests.commission.factory import FULL, actor, published_notice
from tests.conftest import World
from xborder.audit.tables import AccessLogRow, EventRow
from xborder.commission import service as ccf
from xborder.commission.commands import (
    AdmissibilityIn,
    AnswerIn,
    ApplicationIn,
    BlockIn,
    DecisionIn,
    NotificationIn,
)
from xborder.commission.domain import Outcome
from xborder.commission.tables import CommissionCaseRow
from xborder.kernel.clock import utcnow
from xborder.kernel.errors import Conflict, Forbidden, Invalid, NotFound
from xborder.kernel.purposes import Purpose
from xborder.ledger import keys
from xborder.ledger import log as ledger
from xborder.notices import service as notices
from xborder.notices.tables import NoticeRow
from xborder.persons.tables import PersonNameRow, PersonRow


def number_of(world: World, notice_id: str) -> str:
    with world.db.transaction() as s:
        row = s.get(NoticeRow, notice_id)
        assert row is not None
        return row.number


def ledger_report(world: World) -> ledger.Report:
    public = keys.signer(world.settings).key.public_key()
    with world.db.transaction() as s:
        return ledger.verify(s, keys.KEY_NAME, public)


def checkpoint(world: World) -> None:
    with world.db.transaction(durable=True) as s:
        ledger.publish_checkpoint(s, keys.signer(world.settings))


def applied(world: World, kind: str, name: str, statement: str, **more: str) -> ccf.Application:
    """An application as the public form sends it."""
    cmd = ApplicationIn.model_validate(
        {"kind": kind, "applicant_name": name, "statement": statement, **more}
    )
    return ccf.apply(world.db, cmd)


def admitted_case(world: World, kind: str, notice_id: str) -> ccf.Application:
    app = applied(
        world,
        kind,
        FULL,
        "I ask the Commission to examine the data held about me.",
        represented_by="Maître Anne Leclerc",
        contact="leclerc@avocats.example",
    )
    c = actor(world, "ccf")
    ccf.link_notice(world.db, c, app.case_id, number_of(world, notice_id))
    ccf.declare_admissibility(world.db, c, app.case_id, AdmissibilityIn(admissible=True))
    return app


def test_a_deletion_case_ends_with_the_data_erased_and_the_ledger_verifying(world: World) -> None:
    nid = published_notice(world)
    checkpoint(world)
    app = applied(
        world,
        "deletion",
        FULL,
        "I was acquitted of these charges in 2025.",
        represented_by="Maître Anne Leclerc",
        contact="leclerc@avocats.example",
    )
    assert app.number.startswith("CCF/") and len(app.portal_code) == 23
    c, fr_sup = actor(world, "ccf"), actor(world, "fr.supervisor")
    de_officer, fr_officer = actor(world, "de.officer"), actor(world, "fr.officer")

    ccf.link_notice(world.db, c, app.case_id, number_of(world, nid))
    ccf.declare_admissibility(world.db, c, app.case_id, AdmissibilityIn(admissible=True))
    ccf.set_blocking(world.db, c, app.case_id, BlockIn(blocked=True, reason="pending examination"))

    # Blocked: gone for other bureaus (lists and reads); the source still sees its own.
    assert nid not in {n.id for n in notices.list_notices(world.db, de_officer)}
    with pytest.raises(NotFound):
        notices.get_notice(world.db, de_officer, nid, Purpose.INVESTIGATION)
    assert notices.get_notice(world.db, fr_officer, nid, Purpose.INVESTIGATION).blocked

    ccf.consult(world.db, c, app.case_id, "Is the warrant still in force?")
    ccf.answer_consultation(
        world.db, fr_sup, app.case_id, AnswerIn(consent=None, comments="The warrant is in force.")
    )
    view = ccf.get_case(world.db, c, app.case_id)
    assert view.notice is not None and view.notice["person"]["names"][0]["full"] == FULL
    assert view.consultation[-1]["comments"] == "The warrant is in force."

    ccf.decide(
        world.db,
        c,
        app.case_id,
        DecisionIn(
            outcome=Outcome.DELETE,
            reasons="The applicant was acquitted; the data are no longer accurate.",
            applicant_message="The notice concerning you will be deleted.",
        ),
    )
    before = ccf.portal_status(world.db, app.number, app.portal_code)
    assert before.outcome is None and "communicated" in before.state_text

    ccf.implement(world.db, c, app.case_id)
    ccf.record_notification(world.db, c, app.case_id, NotificationIn(channel="letter to counsel"))

    with world.db.transaction() as s:
        notice = s.get(NoticeRow, nid)
        assert notice is not None and notice.state == "deleted" and notice.person_id is None
        assert notice.content == {"notice_type": "red"} and FULL not in notice.title
        assert notice.envelope is None and notice.review_inputs == {}
        assert s.scalar(select(func.count()).where(PersonNameRow.full == FULL)) == 0
        assert not s.scalars(
            select(PersonRow.id).where(PersonRow.id == view.notice["person"]["id"])
        ).all()
        events = s.scalars(select(EventRow)).all()
        assert not any(FULL in json.dumps(e.summary) or FULL in e.reason for e in events)
        case = s.get(CommissionCaseRow, app.case_id)
        assert case is not None and case.state == "closed" and not case.blocked
        actions = [
            e.action
            for e in s.scalars(
                select(EventRow).where(EventRow.subject_id == app.case_id).order_by(EventRow.id)
            )
        ]
        logged = s.scalars(select(AccessLogRow.purpose).where(AccessLogRow.subject_id == nid)).all()
    assert actions == [
        "commission.received",
        "commission.notice_linked",
        "commission.admissible",
        "commission.blocked",
        "commission.consulted",
        "commission.consultation_answered",
        "commission.decided",
        "commission.implemented",
        "commission.applicant_notified",
    ]
    assert "data_subject_request" in logged
    deleted = notices.get_notice(world.db, c, nid, Purpose.DATA_SUBJECT_REQUEST)
    assert deleted.state == "deleted" and deleted.person is None

    after = ccf.portal_status(world.db, app.number, app.portal_code.lower().replace("-", ""))
    assert after.outcome == "delete" and after.carried_out_at is not None
    assert after.message == "The notice concerning you will be deleted."
    assert after.disclosure is None

    checkpoint(world)
    report = ledger_report(world)
    assert report.ok, report.problems


def test_an_access_case_the_bureau_refuses_discloses_nothing(world: World) -> None:
    nid = published_notice(world)
    app = admitted_case(world, "access", nid)
    c, fr_sup = actor(world, "ccf"), actor(world, "fr.supervisor")
    ccf.consult(world.db, c, app.case_id, "Do you consent to disclosure to the applicant?")
    with pytest.raises(Invalid):
        ccf.answer_consultation(world.db, fr_sup, app.case_id, AnswerIn(consent=None, comments=""))
    ccf.answer_consultation(
        world.db, fr_sup, app.case_id, AnswerIn(consent=False, comments="Ongoing investigation.")
    )
    with pytest.raises(Conflict):
        ccf.decide(
            world.db, c, app.case_id, DecisionIn(outcome=Outcome.DISCLOSE, reasons="consented")
        )
    with pytest.raises(Invalid):
        ccf.decide(
            world.db,
            c,
            app.case_id,
            DecisionIn(outcome=Outcome.DELETE, reasons="not for an access case"),
        )
    ccf.decide(
        world.db,
        c,
        app.case_id,
        DecisionIn(outcome=Outcome.WITHHOLD, reasons="The owning bureau refused."),
    )
    ccf.implement(world.db, c, app.case_id)
    ccf.record_notification(world.db, c, app.case_id, NotificationIn(channel="e-mail to counsel"))
    seen = ccf.portal_status(world.db, app.number, app.portal_code)
    assert seen.outcome == "withhold" and seen.disclosure is None
    shown = repr(seen).replace(app.number, "")
    for secret in (FULL, number_of(world, nid), "FR", "Ongoing investigation", "refused"):
        assert secret not in shown


def test_an_access_case_the_bureau_consents_to_shows_the_data(world: World) -> None:
    nid = published_notice(world)
    app = admitted_case(world, "access", nid)
    c, fr_sup = actor(world, "ccf"), actor(world, "fr.supervisor")
    ccf.consult(world.db, c, app.case_id, "Do you consent to disclosure?")
    ccf.answer_consultation(world.db, fr_sup, app.case_id, AnswerIn(consent=True, comments=""))
    ccf.decide(
        world.db,
        c,
        app.case_id,
        DecisionIn(outcome=Outcome.DISCLOSE, reasons="The bureau consented."),
    )
    told_early = ccf.portal_status(world.db, app.number, app.portal_code)
    assert told_early.disclosure is None
    ccf.implement(world.db, c, app.case_id)
    ccf.record_notification(world.db, c, app.case_id, NotificationIn(channel="portal"))
    seen = ccf.portal_status(world.db, app.number, app.portal_code)
    assert seen.outcome == "disclose" and seen.disclosure is not None
    assert seen.disclosure["person"]["names"] == [FULL]
    assert seen.disclosure["offences"] == ["Aggravated fraud"]
    with world.db.transaction() as s:
        purposes = s.scalars(
            select(AccessLogRow.purpose).where(AccessLogRow.action == "commission.disclose")
        ).all()
    assert purposes and set(purposes) == {"data_subject_request"}


def test_a_wrong_code_and_an_unknown_number_get_the_same_answer(world: World) -> None:
    app = applied(world, "access", "Jane Applicant", "What do you hold about me?")
    other = applied(world, "deletion", "John Other", "Delete it.")
    answers = []
    for number, code in (
        (app.number, other.portal_code),
        ("CCF/1999/00001", app.portal_code),
        (app.number, ""),
        ("", ""),
    ):
        with pytest.raises(NotFound) as err:
            ccf.portal_status(world.db, number, code)
        answers.append((err.value.detail, err.value.status))
    assert len(set(answers)) == 1
    assert ccf.portal_status(world.db, app.number, app.portal_code).number == app.number
    with world.db.transaction() as s:
        stored = s.scalars(select(CommissionCaseRow.portal_code_hash)).all()
    assert app.portal_code not in stored and all(len(h) == 64 for h in stored)


def test_the_portal_does_not_reveal_that_a_bureau_is_consulted(world: World) -> None:
    nid = published_notice(world)
    app = admitted_case(world, "access", nid)
    admissible = ccf.portal_status(world.db, app.number, app.portal_code)
    ccf.consult(world.db, actor(world, "ccf"), app.case_id, "Consent?")
    consulting = ccf.portal_status(world.db, app.number, app.portal_code)
    assert admissible.state_text == consulting.state_text
    assert consulting.decision_due is not None and consulting.decision_clock is not None
    assert 115 <= consulting.decision_clock.days_left <= 124  # four months


def test_only_the_commission_reads_cases(world: World) -> None:
    app = applied(world, "deletion", "Jane Applicant", "Delete it.")
    for username in ("fr.officer", "fr.supervisor", "reviewer", "auditor", "admin"):
        who = actor(world, username)
        with pytest.raises(Forbidden):
            ccf.get_case(world.db, who, app.case_id)
        with pytest.raises(Forbidden):
            ccf.list_cases(world.db, who)
        with pytest.raises(Forbidden):
            ccf.declare_admissibility(world.db, who, app.case_id, AdmissibilityIn(admissible=True))
    with pytest.raises(NotFound):
        ccf.get_case(world.db, actor(world, "ccf"), "no-such-case")
    with pytest.raises(Invalid):
        ccf.list_cases(world.db, actor(world, "ccf"), state="pending")


def test_only_the_owning_bureau_answers_and_it_never_sees_the_applicant(world: World) -> None:
    nid = published_notice(world)
    app = admitted_case(world, "deletion", nid)
    c = actor(world, "ccf")
    ccf.consult(world.db, c, app.case_id, "Is the warrant in force?")
    de_sup, fr_sup = actor(world, "de.supervisor"), actor(world, "fr.supervisor")
    with pytest.raises(NotFound):
        ccf.answer_consultation(
            world.db, de_sup, app.case_id, AnswerIn(consent=None, comments="Yes")
        )
    assert ccf.list_consultations(world.db, de_sup) == []
    with pytest.raises(Forbidden):
        ccf.answer_consultation(world.db, c, app.case_id, AnswerIn(consent=None, comments="Yes"))
    with pytest.raises(Forbidden):
        ccf.list_consultations(world.db, actor(world, "fr.officer"))
    [item] = ccf.list_consultations(world.db, fr_sup)
    assert item.waiting and item.notice_number == number_of(world, nid)
    for private in (FULL, "Leclerc", "leclerc@avocats.example", "examine the data"):
        assert private not in repr(item)
    ccf.answer_consultation(
        world.db, fr_sup, app.case_id, AnswerIn(consent=None, comments="Yes, in force.")
    )
    with pytest.raises(Conflict):
        ccf.answer_consultation(
            world.db, fr_sup, app.case_id, AnswerIn(consent=None, comments="Again")
        )
    [answered] = ccf.list_consultations(world.db, fr_sup)
    assert not answered.waiting and answered.rounds[0]["comments"] == "Yes, in force."


def test_an_inadmissible_request_is_closed_once_the_applicant_is_told(world: World) -> None:
    app = applied(world, "correction", "Jane Applicant", "Correct my birth date.")
    c = actor(world, "ccf")
    with pytest.raises(Invalid):
        ccf.declare_admissibility(
            world.db, c, app.case_id, AdmissibilityIn(admissible=False, reasons="")
        )
    ccf.declare_admissibility(
        world.db,
        c,
        app.case_id,
        AdmissibilityIn(admissible=False, reasons="No power of attorney was given."),
    )
    with pytest.raises(Conflict):
        ccf.decide(world.db, c, app.case_id, DecisionIn(outcome=Outcome.KEEP, reasons="too late"))
    ccf.record_notification(world.db, c, app.case_id, NotificationIn(channel="letter"))
    seen = ccf.portal_status(world.db, app.number, app.portal_code)
    assert seen.state_text == "The request is not admissible."
    assert seen.message == "No power of attorney was given."
    assert ccf.get_case(world.db, c, app.case_id).state == "closed"


def test_unblocking_keeps_the_notice_blocked_while_another_case_blocks_it(world: World) -> None:
    nid = published_notice(world)
    first = admitted_case(world, "deletion", nid)
    second = admitted_case(world, "correction", nid)
    c = actor(world, "ccf")
    ccf.set_blocking(world.db, c, first.case_id, BlockIn(blocked=True, reason="pending"))
    ccf.set_blocking(world.db, c, second.case_id, BlockIn(blocked=True, reason="pending"))
    ccf.set_blocking(world.db, c, first.case_id, BlockIn(blocked=False, reason="no longer needed"))
    assert notices.get_notice(world.db, c, nid, Purpose.DATA_SUBJECT_REQUEST).blocked
    ccf.decide(
        world.db, c, second.case_id, DecisionIn(outcome=Outcome.KEEP, reasons="The data comply.")
    )
    ccf.implement(world.db, c, second.case_id)
    assert not notices.get_notice(world.db, c, nid, Purpose.DATA_SUBJECT_REQUEST).blocked
    de = actor(world, "de.officer")
    assert nid in {n.id for n in notices.list_notices(world.db, de)}


def test_a_deletion_decision_blocks_the_notice_until_it_is_carried_out(world: World) -> None:
    nid = published_notice(world)
    app = admitted_case(world, "deletion", nid)
    c = actor(world, "ccf")
    ccf.decide(
        world.db, c, app.case_id, DecisionIn(outcome=Outcome.DELETE, reasons="Not compliant.")
    )
    assert notices.get_notice(world.db, c, nid, Purpose.DATA_SUBJECT_REQUEST).blocked
    view = ccf.get_case(world.db, c, app.case_id)
    assert [d.name for d in view.deadlines] == ["decision", "implementation", "notification"]
    assert view.actions == ["implement", "notify"]
    with pytest.raises(Conflict):
        ccf.set_blocking(
            world.db, c, app.case_id, BlockIn(blocked=False, reason="changed our mind")
        )


def test_decisions_need_a_notice_and_reasons(world: World) -> None:
    app = applied(world, "deletion", "Jane Applicant", "Delete it.")
    c = actor(world, "ccf")
    ccf.declare_admissibility(world.db, c, app.case_id, AdmissibilityIn(admissible=True))
    with pytest.raises(Conflict):
        ccf.decide(
            world.db, c, app.case_id, DecisionIn(outcome=Outcome.DELETE, reasons="Not compliant.")
        )
    with pytest.raises(Invalid):
        ccf.decide(world.db, c, app.case_id, DecisionIn(outcome=Outcome.KEEP, reasons=" "))
    with pytest.raises(Conflict):
        ccf.consult(world.db, c, app.case_id, "Whom would we ask?")
    with pytest.raises(Conflict):
        ccf.set_blocking(world.db, c, app.case_id, BlockIn(blocked=True, reason="nothing to block"))
    ccf.decide(
        world.db,
        c,
        app.case_id,
        DecisionIn(outcome=Outcome.KEEP, reasons="No data held about the applicant."),
    )


def test_overdue_cases_come_first_on_the_dashboard_and_in_the_job(world: World) -> None:
    c = actor(world, "ccf")
    older = applied(world, "deletion", "A", "Delete it.")
    urgent = applied(world, "access", "B", "Show me.")
    fresh = applied(world, "access", "C", "Show me.")
    for app in (older, urgent):
        ccf.declare_admissibility(world.db, c, app.case_id, AdmissibilityIn(admissible=True))
    with world.db.transaction() as s:
        s.execute(
            update(CommissionCaseRow)
            .where(CommissionCaseRow.id == urgent.case_id)
            .values(due_at=utcnow() - timedelta(days=3))
        )
    listed = [x.number for x in ccf.list_cases(world.db, c)]
    assert listed[:3] == [urgent.number, older.number, fresh.number]
    top = ccf.list_cases(world.db, c)[0].next_deadline
    assert top is not None and top.clock.overdue and top.clock.label == "overdue by 3 days"
    due = ccf.due_cases(world.db)
    assert [(d.number, d.overdue) for d in due] == [(urgent.number, True)]
    later = ccf.due_cases(world.db, now=utcnow() + timedelta(days=300))
    assert {d.number for d in later} == {urgent.number, older.number}
    with pytest.raises(Forbidden):
        ccf.due_for(world.db, actor(world, "auditor"))


def test_applications_are_validated(world: World) -> None:
    # What the command's model refuses never reaches the service...
    for bad in (
        {"kind": "erasure", "applicant_name": "Jane", "statement": "x"},
        {"kind": "access", "applicant_name": "Jane", "statement": ""},
        {"kind": "access", "applicant_name": "J" * 301, "statement": "x"},
    ):
        with pytest.raises(ValidationError):
            ApplicationIn.model_validate(bad)
    # ...and the service refuses what the model lets through: a name of blanks only.
    with pytest.raises(Invalid, match="applicant name is required"):
        ccf.apply(world.db, ApplicationIn(kind="access", applicant_name=" ", statement="x"))
