"""Defects a review of the cases layer found: a document kind that does not belong to the case
(a 500, or an MLA case showing an extradition file), a warning lost after an extension, an
oracle on other bureaus' notices, and a surrender that falls through."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from tests.conftest import World
from tests.extradition.test_cases_factory import (
    actor,
    eaw_case,
    preservation_request,
    request_file,
)
from tests.notices.factory import person_json, red_content, submit
from xborder.audit.tables import EventRow
from xborder.cli import app as cli_app
from xborder.extradition import mla
from xborder.extradition import service as ext
from xborder.extradition.commands import DecisionIn, DocumentIn, ExtraditionIn, MlaIn
from xborder.extradition.domain import CaseKind
from xborder.kernel.clock import utcnow
from xborder.kernel.errors import Invalid
from xborder.kernel.purposes import Purpose


def _ece_case(world: World) -> str:
    return ext.create_request(
        world.db,
        actor(world, "fr.officer"),
        world.settings,
        ExtraditionIn(
            requested_country="CH",
            legal_basis="ece-1957",
            title="Fraud",
            provisional=False,
            file=request_file(),
        ),
    )


def _versions(world: World, cid: str) -> int:
    v = ext.get_case(world.db, actor(world, "fr.officer"), cid, Purpose.INVESTIGATION)
    return len(v.documents)


def test_a_document_kind_that_does_not_fit_the_case_is_a_422_and_writes_nothing(
    world: World,
) -> None:
    cid = _ece_case(world)
    before = _versions(world, cid)
    fr = actor(world, "fr.officer")
    for content in ({}, {"a": {}}):  # an EAW under the 1957 Convention (was a 500 when empty)
        with pytest.raises(Invalid):
            ext.add_case_document(
                world.db, fr, world.settings, cid, DocumentIn(kind="eaw", content=content)
            )
    assert _versions(world, cid) == before
    m = mla.create_mla(
        world.db,
        fr,
        world.settings,
        MlaIn(
            requested_country="DE",
            mla_kind="preservation",
            legal_basis="budapest-2001",
            title="Ransomware on a hospital",
            request=preservation_request(),
        ),
    )
    # An MLA case holds no extradition file (the EAW was a 500, the request file a 201).
    for kind, content in (("eaw", {}), ("request_file", request_file())):
        with pytest.raises(Invalid):
            ext.add_case_document(
                world.db,
                fr,
                world.settings,
                m,
                DocumentIn(kind=kind, content=content),
                case_kind=CaseKind.MLA,
            )


def test_an_extension_gets_its_own_warning_before_the_new_decision_deadline(
    world: World,
) -> None:
    de = actor(world, "de.supervisor")
    cid = eaw_case(world)
    # Half a day off the day boundary: the 60 days run in Berlin's calendar, so a whole
    # number of UTC days can land either side of a local midnight (and of a DST change).
    arrested = utcnow() - timedelta(days=58, hours=12)
    ext.act(world.db, de, world.settings, cid, "arrest", ext.StepInput(at=arrested))
    ext.act(world.db, de, world.settings, cid, "acknowledge", ext.StepInput())
    first = ext.run_deadline_job(world.db, utcnow())
    assert first.warnings == 1  # the 60-day decision (told to both sides)
    ext.act(world.db, de, world.settings, cid, "extend", ext.StepInput(text="Expert report"))
    assert ext.run_deadline_job(world.db, utcnow()).warnings == 0  # 32 days left now
    near = arrested + timedelta(days=88, hours=12)
    again = ext.run_deadline_job(world.db, near)
    assert again.warnings == 1  # the extended deadline warns again


def test_another_bureaus_notice_answers_like_no_notice(world: World) -> None:
    theirs = submit(world, "ru", red_content(), person_json("Ivan Petrov", "1970"))

    def link(ref: str) -> str:
        with pytest.raises(Invalid) as exc:
            ext.create_request(
                world.db,
                actor(world, "fr.officer"),
                world.settings,
                ExtraditionIn(
                    requested_country="CH",
                    legal_basis="ece-1957",
                    title="Fraud",
                    provisional=False,
                    file=request_file(),
                    notice=ref,
                ),
            )
        return exc.value.detail

    assert link(theirs) == link("no-such-notice")


def test_a_surrender_that_falls_through_ends_in_release(world: World) -> None:
    cid = _ece_case(world)
    ch = actor(world, "ch.supervisor")
    ext.act(world.db, ch, world.settings, cid, "arrest", ext.StepInput(at=utcnow()))
    ext.act(world.db, ch, world.settings, cid, "acknowledge", ext.StepInput())
    ext.decide(
        world.db,
        ch,
        world.settings,
        cid,
        DecisionIn(outcome="granted", reasons="The conditions are met."),
    )
    ext.act(
        world.db,
        ch,
        world.settings,
        cid,
        "arrange_surrender",
        ext.StepInput(at=utcnow() + timedelta(days=5), place="Dover", escort="Police"),
    )
    # Once a date is agreed, the 1957 Convention's release clock runs: 15 days (release
    # possible) and 30 (release due) after it, art. 18(4).
    v = ext.get_case(world.db, actor(world, "fr.officer"), cid, Purpose.INVESTIGATION)
    assert {"surrender_release", "surrender_release_max"} <= {d.key for d in v.deadlines}
    ext.act(
        world.db, ch, world.settings, cid, "release", ext.StepInput(text="Not taken over in time")
    )
    v = ext.get_case(world.db, actor(world, "fr.officer"), cid, Purpose.INVESTIGATION)
    assert v.state == "released"


def test_a_step_time_without_its_offset_is_refused(world: World) -> None:
    from tests.extradition.test_cases_factory import client

    cid = _ece_case(world)
    ch = client(world, "ch.supervisor")
    url = f"/api/v1/extradition/cases/{cid}/transitions"
    naive = ch.post(url, json={"step": "arrest", "at": "2026-01-01T10:00:00"})
    assert naive.status_code == 422
    aware = ch.post(url, json={"step": "arrest", "at": "2026-01-01T10:00:00+09:00"})
    assert aware.status_code == 204, aware.text


def test_the_checklist_says_whether_a_ground_must_or_may_refuse_under_the_basis(
    world: World,
) -> None:
    from tests.extradition.test_cases_factory import ISSUER

    file = request_file()
    file["offences"][0] |= {"requested_state_offence": "", "eaw_category": None}
    fr = actor(world, "fr.officer")

    def dual_criminality(requested: str, basis: str, supervisor: str) -> bool:
        eaw = ext.draft_eaw(file, ISSUER) if basis == "eaw" else None
        cid = ext.create_request(
            world.db,
            fr,
            world.settings,
            ExtraditionIn(
                requested_country=requested,
                legal_basis=basis,
                title="Fraud",
                provisional=False,
                file=file,
                eaw=eaw,
            ),
        )
        found = ext.checklist(
            world.db, actor(world, supervisor), cid, Purpose.INVESTIGATION, ext.CheckInputs()
        )
        [item] = [i for i in found.items if i.ground == "dual_criminality"]
        return item.mandatory

    assert dual_criminality("CH", "ece-1957", "ch.supervisor") is True
    assert dual_criminality("DE", "eaw", "de.supervisor") is False  # FD art. 4(1): optional


def test_one_case_that_cannot_be_computed_does_not_hold_back_the_others(world: World) -> None:
    from xborder.extradition.tables import JudicialCaseRow

    de = actor(world, "de.supervisor")
    ids = [eaw_case(world) for _ in range(2)]
    # The 60-day decision is near; half a day off the local day boundary (see above).
    arrested = utcnow() - timedelta(days=58, hours=12)
    for cid in ids:
        ext.act(world.db, de, world.settings, cid, "arrest", ext.StepInput(at=arrested))
    with world.db.transaction() as s:
        row = s.get(JudicialCaseRow, ids[0])
        assert row is not None
        row.legal_basis = "a-treaty-since-removed"
        broken = row.number
    report = ext.run_deadline_job(world.db, utcnow())
    assert report.skipped == [broken]
    assert report.warnings == 1 and broken not in report.cases


def test_an_export_needs_a_known_purpose_and_writes_nothing_without_one(
    sqlite_world: World, tmp_path: Path
) -> None:
    """The exported file holds the person's data: the operator states why, or nothing leaves
    and no export is recorded."""
    w = sqlite_world
    cid = _ece_case(w)
    out = tmp_path / "case.json"
    base = ["extradition", "export", cid, "--out", str(out), "--data-dir", str(w.settings.data_dir)]
    for extra in ([], ["--purpose", "curiosity"]):
        res = CliRunner().invoke(cli_app, [*base, *extra])
        assert res.exit_code != 0 and not out.exists(), res.output
    with w.db.transaction() as s:
        assert s.scalar(select(EventRow).where(EventRow.action == "extradition.exported")) is None
    res = CliRunner().invoke(cli_app, [*base, "--purpose", "locate_person"])
    assert res.exit_code == 0 and out.exists(), res.output
    with w.db.transaction() as s:
        ev = s.scalars(select(EventRow).where(EventRow.action == "extradition.exported")).one()
        assert ev.summary["purpose"] == "locate_person" and ev.actor_user_id is None
        assert ev.reason.startswith("locate_person: ")


def test_a_decision_command_is_checked_by_its_model_and_then_by_the_service(
    world: World,
) -> None:
    """`DecisionIn` refuses what its types and limits say; the service still refuses what only
    the case can tell (blank reasons, a ground outside the catalogue, an offence not in the
    file), with the field at fault."""
    from pydantic import ValidationError

    from xborder.extradition.commands import GroundIn

    cid = _ece_case(world)
    ch = actor(world, "ch.supervisor")
    ext.act(world.db, ch, world.settings, cid, "acknowledge", ext.StepInput())
    for bad in ({"outcome": "maybe", "reasons": "x"}, {"outcome": "granted", "reasons": ""}):
        with pytest.raises(ValidationError):
            DecisionIn.model_validate(bad)
    refused = "refused"
    wrong = [
        (DecisionIn(outcome="granted", reasons="  "), "reasons"),
        (DecisionIn(outcome=refused, reasons="x", grounds=[GroundIn(ground="whim")]), "grounds"),
        (
            DecisionIn(
                outcome=refused,
                reasons="x",
                grounds=[GroundIn(ground="political_offence", offences=["O9"])],
            ),
            "grounds",
        ),
        (DecisionIn(outcome="partially_granted", reasons="x"), "granted_offences"),
    ]
    for cmd, field in wrong:
        with pytest.raises(Invalid) as exc:
            ext.decide(world.db, ch, world.settings, cid, cmd)
        assert exc.value.extra.get("field") == field, (cmd, exc.value.extra)
    v = ext.get_case(world.db, ch, cid, Purpose.INVESTIGATION)
    assert v.outcome is None and v.state == "acknowledged"
