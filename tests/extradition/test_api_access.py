"""Only the two states concerned see a case, and the secretariat only where the channel passes
through it: a third bureau is answered 404 (or 403 for its role) on every route."""

from __future__ import annotations

from typing import Any

from tests.commission.factory import published_notice
from tests.conftest import World
from tests.extradition.test_cases_factory import client, preservation_request, request_file
from xborder.notices.commands import DecisionIn

BASE = "/api/v1/extradition/cases"


def _routes(case: str, doc: str) -> list[tuple[str, str, dict[str, Any] | None]]:
    return [
        ("GET", f"{BASE}/{case}", None),
        ("GET", f"{BASE}/{case}/checklist", None),
        ("GET", f"{BASE}/{case}/documents/{doc}", None),
        ("POST", f"{BASE}/{case}/documents", {"kind": "note", "content": {"text": "x"}}),
        ("POST", f"{BASE}/{case}/transitions", {"step": "acknowledge"}),
        ("POST", f"{BASE}/{case}/decision", {"outcome": "granted", "reasons": "ok"}),
    ]


def test_a_third_state_and_the_secretariat_see_nothing_of_a_direct_case(
    sqlite_world: World,
) -> None:
    fr = client(sqlite_world, "fr.officer")
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
    cid = res.json()["id"]
    doc = fr.get(f"{BASE}/{cid}").json()["documents"][0]["id"]
    for who in ("de.officer", "de.supervisor", "reviewer"):
        c = client(sqlite_world, who)
        for method, url, body in _routes(cid, doc):
            r = c.request(method, url, json=body)
            assert r.status_code in (403, 404), (who, method, url, r.status_code)
            if who == "de.supervisor" or (who != "reviewer" and method == "GET"):
                assert r.status_code == 404, (who, method, url, r.status_code)
        assert c.get(BASE).json() == []
        assert c.get(f"{BASE}/{cid}").status_code == 404
    # Both states concerned see it.
    for who in ("fr.officer", "ch.officer", "ch.supervisor"):
        assert client(sqlite_world, who).get(f"{BASE}/{cid}").status_code == 200


def test_the_secretariat_reads_a_case_linked_to_a_notice_and_a_bureau_links_only_its_own(
    sqlite_world: World,
) -> None:
    nid = published_notice(sqlite_world, "fr")
    body = {
        "requested_country": "CH",
        "legal_basis": "ece-1957",
        "title": "Fraud",
        "file": request_file(),
        "notice": nid,
    }
    # Spain does not own the French notice: answered as if there were none (no oracle on
    # other bureaus' notices).
    res = client(sqlite_world, "es.officer").post(BASE, json=body)
    assert res.status_code == 422 and "no such notice" in res.json()["detail"]
    fr = client(sqlite_world, "fr.officer")
    res = fr.post(BASE, json={**body, "legal_basis": "eaw"})
    assert res.status_code == 422  # the EAW is only between EU members
    # Between EU members the EAW replaces the ECE (FD 2002/584/JHA art. 31(1)).
    res = fr.post(BASE, json={**body, "requested_country": "DE"})
    assert res.status_code == 422 and res.json()["allowed"] == ["eaw"]
    res = fr.post(BASE, json=body)
    assert res.status_code == 201, res.text
    cid = res.json()["id"]
    reviewer = client(sqlite_world, "reviewer")
    got = reviewer.get(f"{BASE}/{cid}")
    assert got.status_code == 200 and got.json()["via_secretariat"] is True
    assert got.json()["notice"]["id"] == nid and got.json()["actions"] == []
    assert [c["id"] for c in reviewer.get(BASE).json()] == [cid]
    # Reading is all it may do.
    r = reviewer.post(f"{BASE}/{cid}/transitions", json={"step": "acknowledge"})
    assert r.status_code == 403
    # Still invisible to a third state.
    assert client(sqlite_world, "gb.officer").get(f"{BASE}/{cid}").status_code == 404


def test_mla_cases_follow_the_same_rule(sqlite_world: World) -> None:
    fr = client(sqlite_world, "fr.officer")
    res = fr.post(
        "/api/v1/mla/cases",
        json={
            "requested_country": "DE",
            "mla_kind": "preservation",
            "legal_basis": "budapest-2001",
            "title": "Ransomware on a hospital",
            "request": preservation_request(),
        },
    )
    assert res.status_code == 201, res.text
    url = f"/api/v1/mla/cases/{res.json()['id']}"
    for who in ("ch.officer", "ch.supervisor", "reviewer"):
        c = client(sqlite_world, who)
        assert c.get(url).status_code == 404
        assert c.post(f"{url}/transitions", json={"step": "accept"}).status_code in (403, 404)
        assert c.get("/api/v1/mla/cases").json() == []
    assert client(sqlite_world, "de.officer").get(url).status_code == 200


def test_a_request_follows_a_hit_reported_by_the_requested_state(sqlite_world: World) -> None:
    from tests.extradition.test_cases_factory import actor
    from xborder.kernel.clock import utcnow
    from xborder.notices import service as notices
    from xborder.notices.commands import HitIn
    from xborder.notices.domain import HitAction

    nid = published_notice(sqlite_world, "fr")
    hit = notices.report_hit(
        sqlite_world.db,
        actor(sqlite_world, "ch.officer"),
        nid,
        HitIn(seen_at=utcnow(), place="Dover ferry terminal", action=HitAction.ARRESTED),
    )
    body = {
        "requested_country": "CH",
        "legal_basis": "ece-1957",
        "title": "Fraud",
        "file": request_file(),
        "hit_id": hit,
    }
    # The hit was in Britain: the request goes to Britain, from the notice's owner only.
    assert (
        client(sqlite_world, "fr.officer")
        .post(BASE, json={**body, "requested_country": "IE"})
        .status_code
        == 422
    )
    assert client(sqlite_world, "es.officer").post(BASE, json=body).status_code == 403
    res = client(sqlite_world, "fr.officer").post(BASE, json=body)
    assert res.status_code == 201, res.text
    case = client(sqlite_world, "ch.officer").get(f"{BASE}/{res.json()['id']}").json()
    assert case["hit_id"] == hit and case["notice"]["id"] == nid and case["via_secretariat"]


def test_a_notice_refused_under_article_3_is_raised_in_the_checklist(sqlite_world: World) -> None:
    from tests.commission.factory import actor, person_json, red_notice_content
    from xborder.notices import service as notices
    from xborder.notices.commands import NoticeIn
    from xborder.notices.domain import Decision, RefusalGround

    w = sqlite_world
    officer = actor(w, "fr.officer")
    nid = notices.create_request(
        w.db, officer, NoticeIn.model_validate({**red_notice_content(), "person": person_json()})
    )
    notices.send_for_approval(w.db, officer, nid)
    notices.approve(w.db, actor(w, "fr.supervisor"), w.settings, nid)
    notices.decide(
        w.db,
        actor(w, "reviewer"),
        w.settings,
        nid,
        DecisionIn(
            decision=Decision.REFUSE,
            rationale="Predominantly political.",
            grounds=[RefusalGround.ART_3],
        ),
    )
    body = {
        "requested_country": "CH",
        "legal_basis": "ece-1957",
        "title": "Fraud",
        "file": request_file(),
        "notice": nid,
    }
    res = client(w, "fr.officer").post(BASE, json=body)
    assert res.status_code == 201, res.text
    checks = client(w, "ch.supervisor").get(f"{BASE}/{res.json()['id']}/checklist").json()
    art3 = [i for i in checks["items"] if "art. 3" in i["text"]]
    assert art3 and art3[0]["ground"] == "political_offence" and art3[0]["level"] == "raised"
    assert art3[0]["evidence"]["notice_state"] == "refused"


def test_a_published_notice_raises_nothing_of_article_3(sqlite_world: World) -> None:
    nid = published_notice(sqlite_world, "fr")
    body = {
        "requested_country": "CH",
        "legal_basis": "ece-1957",
        "title": "Fraud",
        "file": request_file(),
        "notice": nid,
    }
    res = client(sqlite_world, "fr.officer").post(BASE, json=body)
    checks = client(sqlite_world, "ch.supervisor").get(f"{BASE}/{res.json()['id']}/checklist")
    assert not [i for i in checks.json()["items"] if "art. 3" in i["text"]]


def test_a_request_file_sent_at_creation_is_held_to_the_models_limits(sqlite_world: World) -> None:
    """The file of a new formal request meets the same limits as the page's (`RequestFileIn`):
    an over-long part is a 422 naming it, and no case is made."""
    officer = client(sqlite_world, "fr.officer")
    before = officer.get(BASE).json()
    file = request_file()
    file["offences"][0]["title"] = "x" * 301
    body = {"requested_country": "CH", "legal_basis": "ece-1957", "title": "Fraud", "file": file}
    r = officer.post(BASE, json=body)
    assert r.status_code == 422, r.text
    assert "offences.0.title: String should have at most 300 characters" in r.text
    assert officer.get(BASE).json() == before
    file["offences"][0]["title"] = "Aggravated fraud"
    ok = officer.post(
        BASE,
        json={"requested_country": "CH", "legal_basis": "ece-1957", "title": "Fraud", "file": file},
    )
    assert ok.status_code == 201, ok.text
