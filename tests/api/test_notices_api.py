"""Notices through HTTP: the whole path a bureau and the secretariat walk, and bad input
that changes nothing."""

from __future__ import annotations

import json
from datetime import timedelta

from tests.api.test_api import client, count
from tests.conftest import World
from tests.notices.factory import person_json, red_content
from xborder.audit.tables import EventRow
from xborder.kernel.clock import utcnow
from xborder.notices.tables import NoticeRow
from xborder.persons.tables import PersonRow


def _h(world: World, username: str) -> dict[str, str]:
    return world.headers(username)


def test_request_to_publication_public_api_hit_and_withdrawal(world: World) -> None:
    c = client(world)
    body = {**red_content(), "person": person_json("Иван Петров", "1979")}
    body["person"]["names"][0] |= {"script": "Cyrl", "lang": "ru"}
    res = c.post("/api/v1/notices", json=body, headers=_h(world, "fr.officer"))
    assert res.status_code == 201, res.text
    nid = res.json()["id"]
    assert (
        c.post(
            f"/api/v1/notices/{nid}/send-for-approval", headers=_h(world, "fr.officer")
        ).status_code
        == 204
    )
    res = c.post(f"/api/v1/notices/{nid}/approve", headers=_h(world, "fr.officer"))
    assert res.status_code == 403
    res = c.post(f"/api/v1/notices/{nid}/approve", headers=_h(world, "fr.supervisor"))
    assert res.status_code == 200 and len(res.json()["envelope_digest"]) == 64
    queue = c.get("/api/v1/notices/review-queue", headers=_h(world, "reviewer")).json()
    assert [i["id"] for i in queue["items"]] == [nid]
    detail = c.get(
        f"/api/v1/notices/{nid}",
        headers=_h(
            world,
            "reviewer",
        ),
    )
    assert detail.status_code == 200
    assert detail.json()["person"]["names"][0]["full"] == "Иван Петров"
    res = c.post(
        f"/api/v1/notices/{nid}/decision",
        json={"decision": "publish", "rationale": "Compliant."},
        headers=_h(world, "reviewer"),
    )
    assert res.status_code == 200 and res.json()["signed_decision"].count(".") == 2
    seen_at = (utcnow() - timedelta(hours=2)).isoformat()
    res = c.post(
        f"/api/v1/notices/{nid}/hits",
        json={"seen_at": seen_at, "place": "Madrid-Barajas", "action": "arrested"},
        headers=_h(world, "es.officer"),
    )
    assert res.status_code == 201
    hits = c.get("/api/v1/hits", headers=_h(world, "fr.supervisor")).json()
    assert hits["total"] == 1
    number = c.get(f"/api/v1/notices/{nid}", headers=_h(world, "fr.officer")).json()["number"]
    public = c.get("/notices/v1/red", params={"nationality": "FR"}).json()
    assert [n["entity_id"] for n in public["_embedded"]["notices"]] == [number]
    assert public["_embedded"]["notices"][0]["date_of_birth"] == "1979"
    res = c.post(
        f"/api/v1/notices/{nid}/withdraw",
        json={"reason": "Arrested in Spain."},
        headers=_h(world, "fr.supervisor"),
    )
    assert res.status_code == 204
    assert c.get(f"/notices/v1/red/{number.replace('/', '-')}").status_code == 404
    assert c.get("/notices/v1/red").json()["total"] == 0
    res = c.get(f"/api/v1/notices/{nid}", headers={**_h(world, "es.officer"), "X-Purpose": ""})
    assert res.status_code == 422 and res.json()["field"] == "purpose"


def test_rules_are_public_with_versions_and_sources(world: World) -> None:
    res = client(world).get("/api/v1/rules")
    assert res.status_code == 200
    ids = {r["id"] for r in res.json()["rules"]}
    assert {
        "minimum_data",
        "penalty_threshold",
        "refugee_policy",
        "art3_predominance",
        "art2_risk",
        "private_dispute",
    } <= ids
    assert all(r["source"] for r in res.json()["rules"])


def test_bad_request_is_a_problem_and_changes_nothing(world: World) -> None:
    c = client(world)
    before = (count(world, NoticeRow), count(world, PersonRow), count(world, EventRow))
    bad = [
        {**red_content(), "notice_type": "pink", "person": person_json()},
        {**red_content(), "person": {**person_json(), "birth_dates": ["1980-13-45"]}},
        {**red_content(restricted_to=["XX"]), "person": person_json()},
        {**red_content(), "details": {"unknown_field": "x"}, "person": person_json()},
        {k: v for k, v in red_content().items() if k != "title"},
        {**red_content(notice_type="yellow", subject_status="missing")},  # no person
        # A lone surrogate is JSON but not Unicode text: it cannot be signed or stored.
        {**red_content(), "title": "Fraud \ud800", "person": person_json()},
        {**red_content(), "person": person_json("Ivan \udc00 Petrov")},
    ]
    for body in bad:
        # json.dumps escapes a lone surrogate as \\ud800: valid JSON, as a client may send it.
        res = c.post(
            "/api/v1/notices",
            content=json.dumps(body),
            headers={**_h(world, "fr.officer"), "Content-Type": "application/json"},
        )
        assert res.status_code == 422, (body, res.text)
        assert res.headers["content-type"].startswith("application/problem+json")
    assert (count(world, NoticeRow), count(world, PersonRow), count(world, EventRow)) == before


def test_refusal_needs_grounds_and_publication_is_refused_while_blocking(world: World) -> None:
    c = client(world)
    content = red_content(
        judicial={"offences": [{"description": "Theft", "law": "x", "max_penalty_months": 6}]}
    )
    nid = c.post(
        "/api/v1/notices",
        json={**content, "person": person_json()},
        headers=_h(world, "fr.officer"),
    ).json()["id"]
    c.post(f"/api/v1/notices/{nid}/send-for-approval", headers=_h(world, "fr.officer"))
    c.post(f"/api/v1/notices/{nid}/approve", headers=_h(world, "fr.supervisor"))
    res = c.post(
        f"/api/v1/notices/{nid}/decision",
        json={"decision": "publish", "rationale": "ok"},
        headers=_h(world, "reviewer"),
    )
    assert res.status_code == 409 and "penalty_threshold" in res.json()["blocking"]
    res = c.post(
        f"/api/v1/notices/{nid}/decision",
        json={"decision": "refuse", "rationale": "below"},
        headers=_h(world, "reviewer"),
    )
    assert res.status_code == 422
    res = c.post(
        f"/api/v1/notices/{nid}/decision",
        json={"decision": "refuse", "rationale": "below", "grounds": ["threshold"]},
        headers=_h(world, "reviewer"),
    )
    assert res.status_code == 200
    mine = c.get(f"/api/v1/notices/{nid}", headers=_h(world, "fr.officer")).json()
    assert mine["state"] == "refused"
    assert "rationale" not in mine["decisions"][0]  # internal to the secretariat
    assert "threshold" in mine["decisions"][0]["disclosed"]


def test_measures_and_held_diffusion_through_the_api(world: World) -> None:
    c = client(world)
    res = c.post(
        "/api/v1/measures",
        json={"country": "RUS", "scopes": ["no_direct_diffusions"], "reason": "EC decision"},
        headers=_h(world, "admin"),
    )
    assert res.status_code == 201 and res.json()["country"] == "RU"
    res = c.post(
        "/api/v1/diffusions",
        json={"kind": "wanted", "title": "Wanted", "summary": "Fraud", "recipients": ["DE"]},
        headers=_h(world, "ru.officer"),
    )
    assert res.status_code == 201
    did = res.json()["id"]
    assert c.get(f"/api/v1/diffusions/{did}", headers=_h(world, "de.officer")).status_code == 404
    mine = c.get(f"/api/v1/diffusions/{did}", headers=_h(world, "ru.officer")).json()
    assert mine["state"] == "held"
    assert c.get("/api/v1/measures", headers=_h(world, "ru.officer")).json()["total"] == 1
    assert c.get("/api/v1/measures", headers=_h(world, "de.officer")).json()["total"] == 0


def test_a_time_out_of_range_is_a_problem_not_a_crash(world: World) -> None:
    c = client(world)
    nid = c.post(
        "/api/v1/notices",
        json={**red_content(), "person": person_json()},
        headers=_h(world, "fr.officer"),
    ).json()["id"]
    res = c.post(
        f"/api/v1/notices/{nid}/suspend",
        json={"until": "0001-01-01T00:00:00+01:00", "reason": "x"},
        headers=_h(world, "fr.supervisor"),
    )
    assert res.status_code == 422, res.text
