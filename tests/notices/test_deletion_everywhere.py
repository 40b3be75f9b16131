"""A commission deletion: afterwards the person's data are in no table (but the commission's
own case file, which is the applicant's request), no API answer and no page; the statistics
still count the notice; the ledger still verifies against a checkpoint taken before."""

from __future__ import annotations

import json

from sqlalchemy import select

from tests.api.test_api import client, login_client
from tests.conftest import World
from tests.notices.factory import actor, person_json, publish, red_content, submit
from xborder.commission import service as ccf
from xborder.commission.commands import AdmissibilityIn, ApplicationIn, DecisionIn
from xborder.commission.tables import CommissionCaseRow
from xborder.kernel.clock import utcnow
from xborder.ledger import keys
from xborder.ledger import log as ledger
from xborder.notices.tables import NoticeRow
from xborder.public import transparency
from xborder.store.tables import Base

NAME = "Zoltan Quixwell"
PASSPORT = "P99887766"
FACTS = "Quixwell-specific facts of the case"


def _rows_mentioning(world: World, needle: str) -> list[str]:
    """Every row of every table whose text holds `needle` (the commission's case file
    aside: it is the applicant's own request and keeps the applicant's name)."""
    found = []
    with world.db.transaction() as s:
        for table in Base.metadata.sorted_tables:
            if table.name == CommissionCaseRow.__tablename__:
                continue
            for row in s.execute(select(table)):
                text = json.dumps([str(v) for v in row], ensure_ascii=False)
                if needle in text:
                    found.append(table.name)
    return found


def test_commission_deletion_leaves_nothing_behind(world: World) -> None:
    person = person_json(
        NAME,
        "1971-08-09",
        documents=[{"kind": "passport", "number": PASSPORT, "issuing_country": "FR"}],
    )
    content = red_content(public_extract=True, judicial={"facts_summary": FACTS})
    nid = submit(world, content=content, person=person)
    publish(world, nid)
    with world.db.transaction(durable=True) as s:
        ledger.publish_checkpoint(s, keys.signer(world.settings))
        row = s.get(NoticeRow, nid)
        assert row is not None
        number = row.number
    for needle in (NAME, PASSPORT, FACTS):
        assert _rows_mentioning(world, needle), needle  # it was there
    public_id = number.replace("/", "-")
    assert client(world).get(f"/notices/v1/red/{public_id}").status_code == 200

    commission = actor(world, "ccf")
    case = ccf.apply(
        world.db,
        ApplicationIn(
            kind="deletion", applicant_name=NAME, statement="Acquitted.", represented_by="Counsel"
        ),
    )
    ccf.link_notice(world.db, commission, case.case_id, number)
    ccf.declare_admissibility(world.db, commission, case.case_id, AdmissibilityIn(admissible=True))
    ccf.decide(
        world.db,
        commission,
        case.case_id,
        DecisionIn(outcome="delete", reasons="Acquitted in 2025."),
    )
    ccf.implement(world.db, commission, case.case_id)

    for needle in (NAME, PASSPORT, FACTS):
        assert _rows_mentioning(world, needle) == [], needle
    c = client(world)
    assert c.get(f"/notices/v1/red/{public_id}").status_code == 404
    assert c.get("/notices/v1/red", params={"name": "Quixwell"}).json()["total"] == 0
    src = c.get(f"/api/v1/notices/{nid}", headers=world.headers("fr.officer"))
    assert src.status_code == 200 and src.json()["person"] is None
    assert src.json()["state"] == "deleted" and NAME not in src.text and FACTS not in src.text
    found = c.get(
        "/api/v1/persons", params={"name": "Quixwell"}, headers=world.headers("fr.officer")
    )
    assert found.json()["total"] == 0
    page = login_client(world, "fr.officer").get(
        f"/bureau/notices/{nid}", params={"purpose": "investigation"}
    )
    assert page.status_code == 200 and NAME not in page.text and PASSPORT not in page.text

    report = transparency.compute(world.db, utcnow().year)
    assert report.deleted.get("red") == 1 and report.published.get("red") == 1
    public_key = keys.signer(world.settings).key.public_key()
    with world.db.transaction() as s:
        assert ledger.verify(s, keys.KEY_NAME, public_key).ok
