"""The transparency report equals what a person counts by hand on a small year of activity,
on both backends; the JSON and CSV downloads say the same thing."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.conftest import World
from tests.public import factory as f
from xborder.commission import service as ccf
from xborder.commission.commands import AdmissibilityIn, ApplicationIn, DecisionIn
from xborder.commission.domain import Outcome
from xborder.commission.tables import CommissionCaseRow
from xborder.kernel.ids import new_id
from xborder.notices import service as notices
from xborder.notices.commands import CancelIn
from xborder.notices.domain import RefusalGround
from xborder.notices.tables import DecisionRow, DiffusionRow, NoticeRow
from xborder.platform.app import create_app
from xborder.public import transparency

TYPES = ("red", "yellow", "blue", "black", "green", "orange", "purple", "silver", "un")
GROUNDS = ("art2", "art3", "refugee_policy", "threshold", "excluded_offence", "insufficient_data")


def by_type(**counts: int) -> dict[str, int]:
    return {t: counts.get(t, 0) for t in TYPES}


def by_ground(**counts: int) -> dict[str, int]:
    return {g: counts.get(g, 0) for g in (*GROUNDS, "other")}


def _diffusion(world: World, kind: str, state: str, at: datetime) -> None:
    with world.db.transaction() as s:
        s.add(
            DiffusionRow(
                id=new_id(),
                number=f"D{new_id()[:12]}",
                kind=kind,
                state=state,
                sender_country="FR",
                org_id=f.actor(world, "fr.officer").org_id,
                to_all=True,
                title="synthetic diffusion",
                content={},
                created_by="test",
                created_at=at,
            )
        )


def _case(world: World, kind: str, notice_id: str | None = None) -> str:
    """A case through the commission's own service: applied for, the notice named, admitted."""
    app = ccf.apply(
        world.db,
        ApplicationIn(
            kind=kind,
            applicant_name="Applicant Name",
            statement="Please examine the data about me.",
        ),
    )
    c = f.actor(world, "ccf")
    if notice_id is not None:
        ccf.link_notice(world.db, c, app.case_id, f.number(world, notice_id))
    ccf.declare_admissibility(world.db, c, app.case_id, AdmissibilityIn(admissible=True))
    return app.case_id


@pytest.fixture
def year(world: World) -> int:
    """One year of activity, counted by hand in the tests below:

    A red published; B yellow published then deleted by the commission; C red published then
    cancelled (art. 2); D red refused (art. 3 and threshold); E red drafted, never sent; F red
    refused (other) last year. Diffusions: two sent and one held this year, one last year.
    Commission: a deletion case on B decided and carried out this year, an access case
    pending, a correction request declared inadmissible, a revision case received and decided
    (keep) last year."""
    now = datetime.now(UTC)
    last_year = datetime(now.year - 1, 6, 1, tzinfo=UTC)
    f.publish(world, f.red_content(), f.person("Anne", "Alpha"))
    b = f.publish(world, f.yellow_content(), f.person("Bruno", "Bravo"))
    c = f.publish(world, f.red_content(), f.person("Chloe", "Charlie", sex="F"))
    notices.cancel(
        world.db,
        f.actor(world, "reviewer"),
        world.settings,
        c,
        CancelIn(rationale="non-compliant", grounds=[RefusalGround.ART_2]),
    )
    f.refuse(
        world,
        f.red_content(charges=("Insulting the head of state",)),
        f.person("Dan", "Delta"),
        [RefusalGround.ART_3, RefusalGround.THRESHOLD],
    )
    notices.create_request(
        world.db, f.actor(world, "fr.officer"), f.notice_in(f.red_content(), f.person())
    )
    old = f.refuse(world, f.red_content(), f.person("Fay", "Foxtrot"), [RefusalGround.OTHER])
    with world.db.transaction() as s:
        row = s.get(NoticeRow, old)
        assert row is not None
        row.created_at = row.submitted_at = row.decided_at = row.closed_at = last_year
        for d in s.scalars(select(DecisionRow).where(DecisionRow.notice_id == old)):
            d.decided_at = last_year
    c_ccf = f.actor(world, "ccf")
    deletion = _case(world, "deletion", b)
    ccf.decide(
        world.db,
        c_ccf,
        deletion,
        DecisionIn(outcome=Outcome.DELETE, reasons="the data are no longer accurate"),
    )
    ccf.implement(world.db, c_ccf, deletion)  # erases notice B
    _case(world, "access")  # pending
    refused = ccf.apply(
        world.db,
        ApplicationIn(
            kind="correction", applicant_name="Other Applicant", statement="Correct my birth date."
        ),
    )
    ccf.declare_admissibility(
        world.db,
        c_ccf,
        refused.case_id,
        AdmissibilityIn(admissible=False, reasons="no power of attorney"),
    )
    revision = _case(world, "revision")
    ccf.decide(
        world.db, c_ccf, revision, DecisionIn(outcome=Outcome.KEEP, reasons="the data comply")
    )
    with world.db.transaction() as s:
        case = s.get(CommissionCaseRow, revision)
        assert case is not None
        case.received_at = case.decided_at = case.updated_at = last_year
    _diffusion(world, "wanted", "sent", now)
    _diffusion(world, "wanted", "sent", now)
    _diffusion(world, "missing", "held", now)
    _diffusion(world, "wanted", "sent", last_year)
    return now.year


def test_the_report_equals_the_hand_count(world: World, year: int) -> None:
    r = transparency.compute(world.db, year)
    assert r.requests == by_type(red=3, yellow=1)
    assert r.published == by_type(red=2, yellow=1)
    assert r.refused == by_type(red=1)
    assert r.refused_by_ground == by_ground(art3=1, threshold=1)
    assert r.cancelled == by_type(red=1)
    assert r.cancelled_by_ground == by_ground(art2=1)
    assert r.refused_or_cancelled_by_ground == by_ground(art2=1, art3=1, threshold=1)
    assert r.deleted == by_type(yellow=1)  # the deleted notice is still counted everywhere
    assert r.in_circulation == by_type(red=1)
    assert r.diffusions_by_state == {"held": 1, "sent": 2}
    assert r.diffusions_by_kind == {"missing": 1, "wanted": 2}
    assert r.cases_by_kind == {"access": 1, "correction": 1, "deletion": 1, "revision": 0}
    assert r.cases_by_outcome == {"delete": 1, "inadmissible": 1}


def test_last_year_holds_only_last_years_activity(world: World, year: int) -> None:
    r = transparency.compute(world.db, year - 1)
    assert r.requests == by_type(red=1)
    assert r.published == by_type() and r.cancelled == by_type() and r.deleted == by_type()
    assert r.refused_by_ground == by_ground(other=1)
    assert r.in_circulation == by_type()
    assert r.diffusions_by_state == {"sent": 1}
    assert r.cases_by_kind == {"access": 0, "correction": 0, "deletion": 0, "revision": 1}
    assert r.cases_by_outcome == {"keep": 1}
    assert transparency.available_years(world.db)[:2] == [year, year - 1]


def _leaves(node: Any, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], int]:
    if isinstance(node, int):
        return {path: node}
    out: dict[tuple[str, ...], int] = {}
    for k, v in node.items():
        out |= _leaves(v, (*path, k))
    return out


def test_json_and_csv_downloads_agree(world: World, year: int) -> None:
    c = TestClient(create_app(world.settings, world.db))
    doc = c.get(f"/transparency.json?year={year}").json()
    assert doc["year"] == year
    assert doc["notices"]["refused_or_cancelled"]["total"] == 2
    assert doc["notices"]["deleted"]["by_type"]["yellow"] == 1
    res = c.get(f"/transparency.csv?year={year}")
    assert res.headers["content-type"].startswith("text/csv")
    assert f"xborder-transparency-{year}.csv" in res.headers["content-disposition"]
    table = list(csv.reader(io.StringIO(res.text)))
    assert tuple(table[0]) == transparency.CSV_HEADER
    from_csv: dict[tuple[str, ...], int] = {}
    for y, section, measure, breakdown, key, value in table[1:]:
        assert int(y) == year
        inner = () if measure == section else (measure,)
        tail = ("total",) if breakdown == "total" else (breakdown, key)
        from_csv[(section, *inner, *tail)] = int(value)
    from_json = {
        p: v
        for section in ("notices", "diffusions", "commission")
        for p, v in _leaves(doc[section], (section,)).items()
    }
    assert from_csv == from_json


@pytest.mark.parametrize("bad", ["1999", "3000", "twenty", "2026.5"])
def test_a_bad_year_is_a_problem(sqlite_world: World, bad: str) -> None:
    c = TestClient(create_app(sqlite_world.settings, sqlite_world.db))
    for path in ("/transparency.json", "/transparency.csv"):
        res = c.get(f"{path}?year={bad}")
        assert res.status_code == 422, (path, bad)
        assert res.headers["content-type"].startswith("application/problem+json")


def test_the_current_year_is_the_default(sqlite_world: World) -> None:
    c = TestClient(create_app(sqlite_world.settings, sqlite_world.db))
    assert c.get("/transparency.json").json()["year"] == datetime.now(UTC).year


def test_an_outcome_is_a_plain_key_even_in_a_spreadsheet() -> None:
    assert transparency.case_outcome({"final": {"outcome": "=HYPERLINK(x)"}}) == "hyperlink_x"
    assert transparency.case_outcome({"final": {"outcome": "delete"}}) == "delete"
    assert transparency.case_outcome({}) == transparency.UNSPECIFIED
    assert transparency.case_outcome(None) == transparency.UNSPECIFIED
    refused = {"admissibility": {"admissible": False, "at": "2025-03-01T10:00:00+00:00"}}
    start, end = datetime(2025, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC)
    assert transparency.case_outcome(refused, start, end, decided=False) == "inadmissible"
    assert transparency.case_outcome(refused, end, None, decided=False) is None
    admitted = {"admissibility": {"admissible": True, "at": "2025-03-01T10:00:00+00:00"}}
    assert transparency.case_outcome(admitted, start, end, decided=False) is None


def test_the_report_counts_extradition_and_mla_cases_of_its_year(world: World) -> None:
    from xborder.extradition.tables import JudicialCaseRow
    from xborder.twin.extradition import seed_extradition

    assert seed_extradition(world.db, world.settings, seed=3) > 0
    with world.db.transaction() as s:
        rows = list(s.scalars(select(JudicialCaseRow)))
    years = {r.requested_at.year for r in rows}
    for year in years:
        of_year = [r for r in rows if r.requested_at.year == year]
        doc = transparency.to_json(transparency.compute(world.db, year))["extradition_and_mla"]
        assert doc["extradition_cases"] == sum(r.kind == "extradition" for r in of_year)
        assert doc["mla_cases"] == sum(r.kind == "mla" for r in of_year)
        assert sum(doc["by_legal_basis"].values()) == doc["extradition_cases"]
        # A bilateral treaty names two states: published only together with the others.
        assert not any(k.startswith("bilateral-") for k in doc["by_legal_basis"])
    empty = transparency.to_json(transparency.compute(world.db, min(years) - 1))
    assert empty["extradition_and_mla"]["extradition_cases"] == 0
    html = TestClient(create_app(world.settings, world.db)).get(f"/transparency?year={max(years)}")
    assert html.status_code == 200 and "Extradition and mutual legal assistance" in html.text
