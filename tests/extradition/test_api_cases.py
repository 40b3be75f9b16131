"""Extradition cases end to end through the HTTP API, both sides acting with their own
tokens: a treaty case from provisional arrest to surrender, and an EAW between EU members."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tests.conftest import World
from tests.extradition.test_cases_factory import client, provisional_data, request_file
from xborder.audit.tables import AccessLogRow, EventRow
from xborder.kernel.clock import utcnow

BASE = "/api/v1/extradition/cases"


def test_a_treaty_case_runs_from_provisional_arrest_to_surrender(sqlite_world: World) -> None:
    us, gb = client(sqlite_world, "us.officer"), client(sqlite_world, "gb.officer")
    gb_boss = client(sqlite_world, "gb.supervisor")
    res = us.post(
        BASE,
        json={
            "requested_country": "GB",
            "legal_basis": "bilateral-gb-us-2003",
            "title": "Aggravated fraud",
            "provisional": True,
            "file": provisional_data(),
        },
    )
    assert res.status_code == 201, res.text
    cid = res.json()["id"]
    url = f"{BASE}/{cid}"
    # The requested state sees the urgent request in its list, among urgent cases.
    listed = gb.get(BASE, params={"urgent": "true"}).json()
    assert [c["id"] for c in listed] == [cid]
    assert listed[0]["state"] == "provisional_arrest" and listed[0]["side"] == "requested"
    assert gb.get(BASE, params={"urgent": "false"}).json() == []
    # The arrest starts the provisional-arrest clock (60 days under this treaty).
    arrested = utcnow() - timedelta(days=2)
    r = gb.post(f"{url}/transitions", json={"step": "arrest", "at": arrested.isoformat()})
    assert r.status_code == 204, r.text
    clock = {d["key"]: d for d in gb.get(url).json()["deadlines"]}
    assert clock["formal_request"]["state"] == "ok"
    # Only the requesting side sends the formal request, and only a complete one.
    assert (
        gb.post(f"{url}/transitions", json={"step": "formal", "file": request_file()}).status_code
        == 403
    )
    bad = request_file()
    bad["offences"][0]["law_text"] = ""
    r = us.post(f"{url}/transitions", json={"step": "formal", "file": bad})
    assert r.status_code == 422 and "law_text" in r.text
    assert us.get(url).json()["state"] == "provisional_arrest"  # nothing changed
    file = request_file(refs=("O1", "O2"))
    file["offences"][1]["requested_state_offence"] = ""
    r = us.post(f"{url}/transitions", json={"step": "formal", "file": file})
    assert r.status_code == 204, r.text
    case = us.get(url).json()
    assert case["state"] == "formal_request"
    assert {d["key"]: d["state"] for d in case["deadlines"]}["formal_request"] == "met"
    # Acknowledgement, a question and its answer.
    assert gb.post(f"{url}/transitions", json={"step": "acknowledge"}).status_code == 204
    r = gb.post(f"{url}/transitions", json={"step": "ask_info", "text": "Send the law on O2."})
    assert r.status_code == 204
    assert us.post(f"{url}/transitions", json={"step": "ask_info", "text": "x"}).status_code == 403
    r = us.post(f"{url}/transitions", json={"step": "answer_info", "text": "Art. 313-1 attached."})
    assert r.status_code == 204
    # The checklist shows what the file raises; the decision is the supervisor's.
    checks = gb_boss.get(f"{url}/checklist")
    assert checks.status_code == 200, checks.text
    assert checks.json()["offences"] == ["O1", "O2"]
    decision = {
        "outcome": "partially_granted",
        "reasons": "O2 is not an offence here.",
        "granted_offences": ["O1"],
        "grounds": [{"ground": "dual_criminality", "offences": ["O2"]}],
    }
    assert gb.post(f"{url}/decision", json=decision).status_code == 403
    no_ground = {**decision, "grounds": []}
    assert gb_boss.post(f"{url}/decision", json=no_ground).status_code == 422
    r = gb_boss.post(f"{url}/decision", json=decision)
    assert r.status_code == 204, r.text
    case = us.get(url).json()
    assert case["state"] == "decided" and case["outcome"] == "partially_granted"
    d = case["data"]["decision"]
    assert d["granted_offences"] == ["O1"]
    assert d["grounds"][0]["ground"] == "dual_criminality" and d["grounds"][0]["legal_basis"]
    # Surrender: date, place and escort; then handed over and closed.
    when = (utcnow() + timedelta(days=5)).isoformat()
    arrange = {
        "step": "arrange_surrender",
        "at": when,
        "place": "Heathrow",
        "escort": "US Marshals",
    }
    assert gb.post(f"{url}/transitions", json=arrange).status_code == 403  # officer
    assert gb_boss.post(f"{url}/transitions", json={**arrange, "escort": ""}).status_code == 422
    assert gb_boss.post(f"{url}/transitions", json=arrange).status_code == 204
    assert gb_boss.post(f"{url}/transitions", json={"step": "surrender"}).status_code == 204
    assert us.post(f"{url}/transitions", json={"step": "close"}).status_code == 204
    case = gb.get(url).json()
    assert case["state"] == "closed"
    kinds = [(d["kind"], d["version"], d["country"]) for d in case["documents"]]
    assert ("provisional_arrest_request", 1, "US") in kinds
    assert ("request_file", 1, "US") in kinds
    assert ("decision", 1, "GB") in kinds and ("surrender_arrangement", 1, "GB") in kinds
    steps = [e["step"] for e in case["timeline"] if e["step"] != "document"]
    assert steps == [
        "request",
        "arrest",
        "formal",
        "acknowledge",
        "ask_info",
        "answer_info",
        "decide",
        "arrange_surrender",
        "surrender",
        "close",
    ]
    # Each read was logged with its purpose; events carry no name of the person.
    with sqlite_world.db.transaction() as s:
        reads = s.scalars(select(AccessLogRow).where(AccessLogRow.subject_id == cid)).all()
        assert reads and all(r.purpose == "investigation" for r in reads)
        events = s.scalars(select(EventRow).where(EventRow.subject_id == cid)).all()
        assert len(events) >= 10
        assert all("Vandersloot" not in str(e.summary) for e in events)


def test_a_document_gets_a_new_version_and_keeps_the_old_one(sqlite_world: World) -> None:
    fr, de = client(sqlite_world, "fr.officer"), client(sqlite_world, "de.officer")
    res = fr.post(
        BASE,
        json={
            "requested_country": "CH",
            "legal_basis": "ece-1957",
            "title": "Fraud",
            "file": request_file(),
        },
    )
    assert res.status_code == 201, res.text
    url = f"{BASE}/{res.json()['id']}"
    better = request_file()
    better["person"]["location"] = "Manchester"
    r = fr.post(
        f"{url}/documents", json={"kind": "request_file", "content": better, "note": "address"}
    )
    assert r.status_code == 201, r.text
    ch = client(sqlite_world, "ch.officer")
    docs = [d for d in ch.get(url).json()["documents"] if d["kind"] == "request_file"]
    assert [(d["version"], d["latest"]) for d in docs] == [(1, False), (2, True)]
    assert ch.get(url).json()["request"]["person"]["location"] == "Manchester"
    old = ch.get(f"{url}/documents/{docs[0]['id']}")
    assert old.status_code == 200 and old.json()["person"]["location"] != "Manchester"
    assert old.headers["digest"] == f"sha-256={docs[0]['sha256']}"
    # A third state sees none of it.
    assert de.get(url).status_code == 404
    assert de.get(f"{url}/documents/{docs[0]['id']}").status_code == 404
