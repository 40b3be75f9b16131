"""The governance pages and API over HTTP: who may see and do what, the switch refused with a
clear problem, the assessment form saved and signed off by someone else."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.api.test_api import login_client
from tests.conftest import World
from tests.governance.factory import (
    USE_CASE,
    actor,
    clear,
    complete_answers,
    make_runnable,
    rows,
)
from xborder.governance import service as gov
from xborder.governance.assessments import Kind
from xborder.platform.app import create_app
from xborder.screening.component import SCREENING_NAME

HTML = {"accept": "text/html"}


def csrf(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m
    return m.group(1)


def bearer(world: World, who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {world.token(who)}"}


@pytest.mark.parametrize(
    "path", ["/governance", "/governance/oversight", f"/governance/use-cases/{USE_CASE}/risk"]
)
def test_internal_pages_send_visitors_to_login_and_refuse_other_roles(
    sqlite_world: World, path: str
) -> None:
    anon = TestClient(create_app(sqlite_world.settings, sqlite_world.db))
    res = anon.get(path, follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"].startswith("/login")
    for who, expected in (
        ("fr.officer", 403),
        ("ccf", 403),
        ("auditor", 200),
        ("admin", 200),
        ("fr.supervisor", 200),
    ):
        assert login_client(sqlite_world, who).get(path, headers=HTML).status_code == expected, who


def test_public_pages_need_no_login(sqlite_world: World) -> None:
    make_runnable(sqlite_world)
    anon = TestClient(create_app(sqlite_world.settings, sqlite_world.db))
    page = anon.get("/responsible-ai")
    assert page.status_code == 200
    assert 'href="/commission/apply"' in page.text and "<svg" in page.text
    assert "Latn" in page.text  # the per-script figures
    assert anon.get("/register").status_code == 200


def test_switching_on_without_evaluation_is_a_409_problem(sqlite_world: World) -> None:
    clear(sqlite_world)
    c = TestClient(create_app(sqlite_world.settings, sqlite_world.db))
    res = c.post(
        f"/api/v1/governance/components/{SCREENING_NAME}/switch",
        json={"on": True},
        headers=bearer(sqlite_world, "admin"),
    )
    assert res.status_code == 409
    problem = res.json()
    assert problem["type"] == "/problems/conflict"
    assert "no evaluation of version" in problem["detail"] and len(problem["missing"]) == 2
    res = c.post(
        "/api/v1/governance/components/face.search/switch",
        json={"on": True},
        headers=bearer(sqlite_world, "admin"),
    )
    assert res.status_code == 409 and "not a registered" in res.json()["detail"]


def test_api_evaluation_import_compare_and_sign_off(sqlite_world: World) -> None:
    clear(sqlite_world)
    c = TestClient(create_app(sqlite_world.settings, sqlite_world.db))
    a, b = (
        c.post(
            "/api/v1/governance/evaluations/import",
            json=rows(groups=g, evaluated_at=t),
            headers=bearer(sqlite_world, "reviewer"),
        ).json()["ids"][0]
        for g, t in (({"all": 0.8}, "2026-01-01T00:00:00Z"), ({"all": 0.9}, "2026-02-01T00:00:00Z"))
    )
    cmp = c.get(
        "/api/v1/governance/evaluations/compare",
        params={"old": a, "new": b},
        headers=bearer(sqlite_world, "auditor"),
    ).json()
    overall = [r["delta"] for r in cmp if r["group"] == "all"]
    assert overall == [pytest.approx(0.1)] * len(overall) and overall
    assert {r["delta"] for r in cmp if r["group"] != "all"} == {0.0}  # the same groups added
    bad = c.post(
        "/api/v1/governance/evaluations/import",
        json=[{"x": 1}],
        headers=bearer(sqlite_world, "reviewer"),
    )
    assert bad.status_code == 422
    saved = c.post(
        f"/api/v1/governance/use-cases/{USE_CASE}/assessments/risk",
        json={"answers": complete_answers(Kind.RISK)},
        headers=bearer(sqlite_world, "admin"),
    ).json()
    own = c.post(
        f"/api/v1/governance/assessments/{saved['id']}/sign-off",
        json={},
        headers=bearer(sqlite_world, "admin"),
    )
    assert own.status_code == 403 and "someone else" in own.json()["detail"]


def test_the_assessment_form_is_saved_and_signed_off_by_another_person(sqlite_world: World) -> None:
    clear(sqlite_world)
    path = f"/governance/use-cases/{USE_CASE}/fria"
    reviewer = login_client(sqlite_world, "reviewer")
    form = reviewer.get(path, headers=HTML)
    data = {f"{k}.text": f"Answer to item {k}" for k in "abcdef"}
    res = reviewer.post(path, data={**data, "csrf_token": csrf(form.text)}, follow_redirects=False)
    assert res.status_code == 303
    page = reviewer.get(path, headers=HTML).text
    assert "Answer to item f" in page and "Sign off version" not in page  # not the reviewer's role
    admin = login_client(sqlite_world, "admin")
    page = admin.get(path, headers=HTML).text
    [aid] = re.findall(r'action="/governance/assessments/([^/"]+)/sign-off"', page)
    res = admin.post(
        f"/governance/assessments/{aid}/sign-off",
        data={"note": "checked", "csrf_token": csrf(page)},
        follow_redirects=False,
    )
    assert res.status_code == 303
    assert "signed off by admin" in admin.get(path, headers=HTML).text


def test_the_stop_button_on_the_oversight_page_stops_the_component(sqlite_world: World) -> None:
    make_runnable(sqlite_world)
    admin = login_client(sqlite_world, "admin")
    page = admin.get("/governance/oversight", headers=HTML).text
    assert "Stop Name screening" in page
    res = admin.post(
        f"/governance/components/{SCREENING_NAME}/switch",
        data={"on": "0", "reason": "", "next": "/governance/oversight", "csrf_token": csrf(page)},
        headers=HTML,
    )
    assert res.status_code == 422  # a stop needs a reason; nothing changed
    with sqlite_world.db.transaction() as s:
        gov.ensure_runnable(s, SCREENING_NAME, gov.get(SCREENING_NAME).version)
    res = admin.post(
        f"/governance/components/{SCREENING_NAME}/switch",
        data={
            "on": "0",
            "reason": "bias signal",
            "next": "/governance/oversight",
            "csrf_token": csrf(page),
        },
        follow_redirects=False,
    )
    assert res.status_code == 303 and res.headers["location"] == "/governance/oversight"
    with pytest.raises(gov.ComponentUnavailable), sqlite_world.db.transaction() as s:
        gov.ensure_runnable(s, SCREENING_NAME, gov.get(SCREENING_NAME).version)
    auditor = login_client(sqlite_world, "auditor")
    assert "Stop Name screening" not in auditor.get("/governance/oversight", headers=HTML).text
    assert actor(sqlite_world, "auditor")  # the auditor reads, never switches


def test_a_supervisor_authorises_a_pending_high_impact_use_from_the_oversight_page(
    sqlite_world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dataclasses

    from xborder.governance import gate, registry
    from xborder.kernel.clock import utcnow

    face = dataclasses.replace(registry.get(SCREENING_NAME), id="face.search", high_impact=True)
    monkeypatch.setitem(registry.COMPONENTS, "face.search", face)
    with sqlite_world.db.transaction() as s:
        gate.require_authorisation(
            s, actor(sqlite_world, "fr.officer"), "face.search", "u-77", utcnow()
        )
    sup = login_client(sqlite_world, "fr.supervisor")
    page = sup.get("/governance/oversight", headers=HTML).text
    assert "u-77" in page
    res = sup.post(
        "/governance/authorisations/u-77",
        data={
            "component_id": "face.search",
            "decision": "authorised",
            "reason": "",
            "csrf_token": csrf(page),
        },
        headers=HTML,
    )
    assert res.status_code == 422  # grounds are required
    res = sup.post(
        "/governance/authorisations/u-77",
        data={
            "component_id": "face.search",
            "decision": "authorised",
            "reason": "Warrant 12/26",
            "csrf_token": csrf(page),
        },
        follow_redirects=False,
    )
    assert res.status_code == 303
    assert "u-77" not in sup.get("/governance/oversight", headers=HTML).text
    assert (
        "u-77"
        not in login_client(sqlite_world, "auditor").get("/governance/oversight", headers=HTML).text
    )  # auditors do not authorise searches


def test_a_reviewer_runs_an_evaluation_from_the_page_and_the_auditor_may_not(
    sqlite_world: World,
) -> None:
    clear(sqlite_world)
    reviewer = login_client(sqlite_world, "reviewer")
    page = reviewer.get("/governance", headers=HTML).text
    assert "Run a small evaluation now" in page and "None stored." in page
    res = reviewer.post(
        f"/governance/components/{SCREENING_NAME}/evaluate",
        data={"seed": "2", "csrf_token": csrf(page)},
        follow_redirects=False,
    )
    assert res.status_code == 303
    with sqlite_world.db.transaction() as s:
        [e] = gov.evaluations(s, SCREENING_NAME)
    assert e.parameters["seed"] == 2 and e.source == "harness"
    auditor = login_client(sqlite_world, "auditor")
    page = auditor.get("/governance", headers=HTML).text
    assert "Run a small evaluation now" not in page
    res = auditor.post(
        f"/governance/components/{SCREENING_NAME}/evaluate",
        data={"seed": "2", "csrf_token": csrf(page)},
        headers=HTML,
    )
    assert res.status_code == 403
