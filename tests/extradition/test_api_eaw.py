"""A European Arrest Warrant between two EU members, end to end through the API: the EAW
captured by sections (a)-(i), rendered as JSON and PDF, revised as a new version, the 60-day
decision clock from the arrest, the decision and the surrender."""

from __future__ import annotations

from tests.conftest import World
from tests.extradition.test_cases_factory import ISSUER, client, request_file
from xborder.extradition import service as ext
from xborder.kernel.clock import utcnow

BASE = "/api/v1/extradition/cases"


def test_an_eaw_case_runs_from_the_warrant_to_the_surrender(sqlite_world: World) -> None:
    fr, de = client(sqlite_world, "fr.officer"), client(sqlite_world, "de.officer")
    de_boss = client(sqlite_world, "de.supervisor")
    file = request_file()
    body = {"requested_country": "DE", "legal_basis": "eaw", "title": "Swindling", "file": file}
    # Between EU members the EAW is required, and complete: section (i) needs its contact.
    assert fr.post(BASE, json=body).status_code == 422
    incomplete = ext.draft_eaw(file, {})
    r = fr.post(BASE, json={**body, "eaw": incomplete})
    assert r.status_code == 422 and "(i)" in r.text
    eaw = ext.draft_eaw(file, ISSUER)
    assert eaw is not None
    r = fr.post(BASE, json={**body, "eaw": eaw})
    assert r.status_code == 201, r.text
    url = f"{BASE}/{r.json()['id']}"
    case = de.get(url).json()
    docs = {d["kind"]: d for d in case["documents"]}
    assert {"request_file", "eaw", "eaw_pdf"} <= set(docs)
    pdf = de.get(f"{url}/documents/{docs['eaw_pdf']['id']}")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    form = de.get(f"{url}/documents/{docs['eaw']['id']}").json()
    assert form["i"]["representative"] == "Mme A. Berger"
    assert form["e"]["offences"][0]["categories"] == ["swindling"]
    # The arrest on the warrant starts the 60-day clock (extendable by 30).
    assert de.post(f"{url}/transitions", json={"step": "arrest"}).status_code == 204
    [decision] = [d for d in de.get(url).json()["deadlines"] if d["key"] == "decision"]
    assert decision["state"] == "ok" and decision["zone"] == "Europe/Berlin"
    assert 59 <= decision["seconds_left"] / 86400 <= 61
    # The issuing state revises section (f): a new version of the JSON and of the PDF.
    revised = {**form, "f": "The person was a manager of the fund."}
    r = fr.post(f"{url}/documents", json={"kind": "eaw", "content": revised, "note": "(f)"})
    assert r.status_code == 201, r.text
    versions = [(d["kind"], d["version"]) for d in de.get(url).json()["documents"]]
    assert ("eaw", 2) in versions and ("eaw_pdf", 2) in versions and ("eaw", 1) in versions
    # Acknowledged, granted, surrendered.
    assert de.post(f"{url}/transitions", json={"step": "acknowledge"}).status_code == 204
    checks = de_boss.get(f"{url}/checklist").json()
    assert checks["offences"] == ["O1"]
    r = de_boss.post(f"{url}/decision", json={"outcome": "granted", "reasons": "Valid EAW."})
    assert r.status_code == 204, r.text
    when = utcnow().isoformat()
    r = de_boss.post(
        f"{url}/transitions",
        json={"step": "arrange_surrender", "at": when, "place": "Kehl", "escort": "Police"},
    )
    assert r.status_code == 204, r.text
    assert de_boss.post(f"{url}/transitions", json={"step": "surrender"}).status_code == 204
    case = fr.get(url).json()
    assert case["state"] == "surrendered" and case["outcome"] == "granted"
    clock = {d["key"]: d["state"] for d in case["deadlines"]}
    assert clock["decision"] == "met"
