"""An MLA preservation request (Budapest Convention art. 29) and the request that follows it."""

from __future__ import annotations

from tests.conftest import World
from tests.extradition.test_cases_factory import client, preservation_request

BASE = "/api/v1/mla/cases"


def test_a_preservation_request_is_preserved_then_followed_by_the_mla_request(
    world: World,
) -> None:
    fr, de, de_boss = (client(world, u) for u in ("fr.officer", "de.officer", "de.supervisor"))
    incomplete = {**preservation_request(), "necessity": "", "mla_intention": False}
    body = {
        "requested_country": "DE",
        "mla_kind": "preservation",
        "legal_basis": "budapest-2001",
        "title": "Ransomware on a hospital",
        "request": incomplete,
    }
    r = fr.post(BASE, json=body)
    assert r.status_code == 422
    assert "necessity of the preservation" in r.text and "intends to submit" in r.text
    assert fr.get(BASE).json() == []  # nothing was written
    r = fr.post(BASE, json={**body, "request": preservation_request()})
    assert r.status_code == 201, r.text
    pid = r.json()["id"]
    case = de.get(f"{BASE}/{pid}").json()
    assert case["urgent"] is True and case["state"] == "sent"
    assert case["request"]["custodian"].startswith("Hosting provider")
    assert case["deadlines"] == []  # the 60 days run from the preservation
    # Preserving is the requested state's supervisor's decision.
    assert de.post(f"{BASE}/{pid}/transitions", json={"step": "accept"}).status_code == 403
    r = de_boss.post(f"{BASE}/{pid}/transitions", json={"step": "accept", "text": "Preserved."})
    assert r.status_code == 204, r.text
    case = fr.get(f"{BASE}/{pid}").json()
    assert case["state"] == "executing"
    [clock] = case["deadlines"]
    assert clock["key"] == "preservation" and clock["state"] == "ok"
    assert "art. 29(7)" in clock["legal_ref"]
    # The follow-up request for the data stops the preservation clock.
    r = fr.post(
        BASE,
        json={
            "requested_country": "DE",
            "mla_kind": "search_seizure",
            "legal_basis": "budapest-2001",
            "title": "Disclosure of the preserved data",
            "request": {
                "authority": "Parquet de Paris",
                "subject": "Disclosure of the preserved subscriber and traffic data",
                "offence": "Ransomware attack on a hospital",
                "measures": "Produce the data preserved under the earlier request",
            },
            "follows": pid,
        },
    )
    assert r.status_code == 201, r.text
    case = fr.get(f"{BASE}/{pid}").json()
    assert case["deadlines"][0]["state"] == "met"
    assert case["data"]["follow_up"].startswith("MLA/")
    assert [e["step"] for e in case["timeline"] if e["step"] != "document"] == [
        "request",
        "accept",
        "follow_up",
    ]
    r = de_boss.post(f"{BASE}/{pid}/transitions", json={"step": "execute", "text": "Sent."})
    assert r.status_code == 204
    assert de.post(f"{BASE}/{pid}/transitions", json={"step": "close"}).status_code == 204
    kinds = [(d["kind"], d["country"]) for d in fr.get(f"{BASE}/{pid}").json()["documents"]]
    assert kinds == [("mla_request", "FR"), ("mla_decision", "DE"), ("mla_result", "DE")]
