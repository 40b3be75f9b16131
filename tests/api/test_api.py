"""The API through HTTP semantics (FastAPI's test client): answers, problems, and that bad
input changes nothing."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import func, select

from tests.conftest import World
from xborder.audit.tables import AccessLogRow, EventRow
from xborder.persons.tables import PersonRow
from xborder.platform.app import create_app


def client(world: World) -> TestClient:
    return TestClient(create_app(world.settings, world.db))


def submit_login(c: TestClient, world: World, username: str) -> Response:
    form = c.get("/login")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert csrf
    data = {
        "username": username,
        "password": world.creds[username].password,
        "csrf_token": csrf.group(1),
    }
    return c.post("/login", data=data, follow_redirects=False)


def login_client(world: World, username: str) -> TestClient:
    c = client(world)
    res = submit_login(c, world, username)
    assert res.status_code == 303, res.text
    return c


def count(world: World, table: type) -> int:
    with world.db.transaction() as s:
        return s.scalar(select(func.count()).select_from(table)) or 0


def open_person(world: World) -> str:
    with world.db.transaction() as s:
        row = s.scalars(
            select(PersonRow).where(PersonRow.restricted.is_(False)).order_by(PersonRow.id)
        ).first()
        assert row is not None
        return row.id


def test_health_and_openapi_are_public(sqlite_world: World) -> None:
    c = client(sqlite_world)
    assert c.get("/healthz").json()["status"] == "ok"
    spec = c.get("/openapi.json").json()
    assert "/api/v1/persons/{person_id}" in spec["paths"]


def test_me_answers_for_bearer_and_yente_style_apikey(sqlite_world: World) -> None:
    c = client(sqlite_world)
    tok = sqlite_world.token("fr.officer")
    for header in (f"Bearer {tok}", f"ApiKey {tok}"):
        me = c.get("/api/v1/me", headers={"Authorization": header}).json()
        assert me["username"] == "fr.officer" and me["organisation"]["country"] == "FR"


def test_without_login_personal_data_is_unreadable(sqlite_world: World) -> None:
    c = client(sqlite_world)
    pid = open_person(sqlite_world)
    for url in (
        f"/api/v1/persons/{pid}?purpose=investigation",
        "/api/v1/persons?name=ab&purpose=investigation",
    ):
        res = c.get(url)
        assert res.status_code == 401
        body = res.json()
        assert body["type"] == "/problems/unauthenticated" and "names" not in res.text
    bad = c.get("/api/v1/me", headers={"Authorization": "Bearer xbt_forged"})
    assert bad.status_code == 401


def test_person_read_needs_a_purpose_and_logs_it(sqlite_world: World) -> None:
    c = client(sqlite_world)
    pid = open_person(sqlite_world)
    auth = {"Authorization": f"Bearer {sqlite_world.token('reviewer')}"}
    missing = c.get(f"/api/v1/persons/{pid}", headers=auth)
    assert missing.status_code == 422 and missing.json()["field"] == "purpose"
    assert count(sqlite_world, AccessLogRow) == 0
    ok = c.get(f"/api/v1/persons/{pid}", headers={**auth, "X-Purpose": "notice_review"})
    assert ok.status_code == 200 and ok.json()["id"] == pid
    assert ok.headers["cache-control"] == "no-store"
    assert count(sqlite_world, AccessLogRow) == 1


def test_unknown_and_forbidden_records_look_the_same(sqlite_world: World) -> None:
    c = client(sqlite_world)
    with sqlite_world.db.transaction() as s:
        row = s.scalars(
            select(PersonRow).where(PersonRow.restricted.is_(True)).order_by(PersonRow.id)
        ).first()
        assert row is not None
        allowed = {r.country for r in row.restrictions} | {row.owner_country}
        pid = row.id
    outsider = next(
        u
        for u in sqlite_world.creds
        if u.endswith(".officer") and u.split(".")[0].upper() not in allowed
    )
    h = sqlite_world.headers(outsider)
    hidden = c.get(f"/api/v1/persons/{pid}", headers=h)
    unknown = c.get("/api/v1/persons/00000000-0000-0000-0000-000000000000", headers=h)
    assert hidden.status_code == unknown.status_code == 404
    strip = lambda r: {k: v for k, v in r.json().items() if k != "instance"}  # noqa: E731
    assert strip(hidden) == strip(unknown)


def test_invalid_person_is_refused_and_nothing_is_stored(sqlite_world: World) -> None:
    c = client(sqlite_world)
    h = sqlite_world.headers("fr.officer")
    persons, events = count(sqlite_world, PersonRow), count(sqlite_world, EventRow)
    for body in (
        {"names": []},
        {"names": [{"full": "A B"}], "nationalities": ["XX"]},
        {"names": [{"full": "A B"}], "birth_dates": ["1980-02-30"]},
        {"names": [{"full": "A B", "kind": "alias"}]},
        {"names": [{"full": "A B"}], "unexpected": 1},
    ):
        res = c.post("/api/v1/persons", json=body, headers=h)
        assert res.status_code == 422, (body, res.text)
        assert res.headers["content-type"].startswith("application/problem+json")
    assert (count(sqlite_world, PersonRow), count(sqlite_world, EventRow)) == (persons, events)


def test_oversized_body_is_refused_before_parsing(sqlite_world: World) -> None:
    c = client(sqlite_world)
    persons = count(sqlite_world, PersonRow)
    huge = {"names": [{"full": "A B"}], "place_of_birth": "x" * (2 << 20)}
    res = c.post("/api/v1/persons", json=huge, headers=sqlite_world.headers("fr.officer"))
    assert res.status_code == 413 and res.json()["type"] == "/problems/payload-too-large"
    assert count(sqlite_world, PersonRow) == persons


def test_a_bureau_records_a_person_and_reads_it_back(sqlite_world: World) -> None:
    c = client(sqlite_world)
    h = sqlite_world.headers("ru.officer")
    body = {
        "names": [
            {
                "full": "Иван Петров",
                "given": "Иван",
                "family": "Петров",
                "script": "Cyrl",
                "lang": "ru",
            },
            {"full": "Ivan Petrov", "kind": "transliteration", "system": "icao9303"},
        ],
        "sex": "M",
        "birth_dates": ["1975-03"],
        "nationalities": ["RU"],
        "languages": ["ru"],
        "restricted_to": ["BY"],
    }
    created = c.post("/api/v1/persons", json=body, headers=h)
    assert created.status_code == 201, created.text
    pid = created.json()["id"]
    got = c.get(f"/api/v1/persons/{pid}", headers=h).json()
    assert got["names"][0]["full"] == "Иван Петров" and got["birth_dates"] == ["1975-03"]
    assert got["languages"] == ["RUS"] and got["restricted_to"] == ["BY"]
    # restricted to Belarus: France may not see it
    assert (
        c.get(f"/api/v1/persons/{pid}", headers=sqlite_world.headers("fr.officer")).status_code
        == 404
    )
    found = c.get("/api/v1/persons", params={"name": "petrov"}, headers=h).json()
    assert pid in {r["id"] for r in found["results"]}


def test_session_cookie_alone_cannot_change_state_without_csrf(sqlite_world: World) -> None:
    c = login_client(sqlite_world, "fr.officer")
    assert c.get("/api/v1/me").status_code == 200  # safe method: the cookie is enough
    res = c.post("/api/v1/tokens", json={"name": "x"})
    assert res.status_code == 403 and res.json()["type"] == "/problems/csrf"


def test_tokens_can_be_created_listed_and_revoked_over_the_api(sqlite_world: World) -> None:
    c = client(sqlite_world)
    h = sqlite_world.headers("fr.officer")
    new = c.post(
        "/api/v1/tokens", json={"name": "script", "scopes": ["read"], "days": 7}, headers=h
    )
    assert new.status_code == 201
    tok = new.json()
    mine = c.get("/api/v1/tokens", headers=h).json()
    assert tok["id"] in {t["id"] for t in mine} and tok["token"] not in str(mine)
    ro = {"Authorization": f"Bearer {tok['token']}"}
    assert (
        c.post("/api/v1/persons", json={"names": [{"full": "A B"}]}, headers=ro).status_code == 403
    )  # read-only token
    assert c.delete(f"/api/v1/tokens/{tok['id']}", headers=h).status_code == 204
    assert c.get("/api/v1/me", headers=ro).status_code == 401
    # another bureau cannot revoke (or learn of) someone else's token
    other = c.delete(f"/api/v1/tokens/{mine[0]['id']}", headers=sqlite_world.headers("de.officer"))
    assert other.status_code == 404


def test_unknown_route_is_a_problem_not_a_stack_trace(sqlite_world: World) -> None:
    res = client(sqlite_world).get("/api/v1/nothing-here")
    assert res.status_code == 404 and res.json()["type"] == "/problems/not-found"
    assert client(sqlite_world).get("/problems/not-found").status_code == 200


def test_alpha3_country_codes_are_stored_as_alpha2(sqlite_world: World) -> None:
    c = client(sqlite_world)
    body = {
        "names": [{"full": "Anna Schmidt"}],
        "nationalities": ["deu"],
        "restricted_to": ["DEU"],
        "country_of_birth": "fra",
        "documents": [{"kind": "passport", "number": "C01X00T47", "issuing_country": "DEU"}],
    }
    created = c.post("/api/v1/persons", json=body, headers=sqlite_world.headers("fr.officer"))
    assert created.status_code == 201, created.text
    p = created.json()
    assert (p["nationalities"], p["restricted_to"], p["country_of_birth"]) == (["DE"], ["DE"], "FR")
    assert p["documents"][0]["issuing_country"] == "DE"
    # shared with Germany: the German bureau can read it
    got = c.get(f"/api/v1/persons/{p['id']}", headers=sqlite_world.headers("de.officer"))
    assert got.status_code == 200


def test_non_ascii_csrf_token_is_a_403_not_a_crash(sqlite_world: World) -> None:
    c = login_client(sqlite_world, "fr.officer")
    res = c.post(
        "/api/v1/tokens", json={"name": "x"}, headers={"X-CSRF-Token": "é".encode("latin-1")}
    )
    assert res.status_code == 403
    c2 = client(sqlite_world)
    c2.get("/login")
    res = c2.post("/login", data={"username": "a", "password": "b", "csrf_token": "é"})
    assert res.status_code == 403


def test_oversized_chunked_body_is_413(sqlite_world: World) -> None:
    def chunks():  # no Content-Length: the limit must count streamed bytes
        for _ in range(40):
            yield b" " * 65536

    res = client(sqlite_world).post(
        "/api/v1/persons",
        content=chunks(),
        headers={**sqlite_world.headers("fr.officer"), "content-type": "application/json"},
    )
    assert res.status_code == 413


def test_ledger_proof_parameters_out_of_range_are_4xx(sqlite_world: World) -> None:
    c = client(sqlite_world)
    for url in (
        "/api/v1/ledger/proof/inclusion?event=1&size=1000000",
        "/api/v1/ledger/proof/inclusion?event=100000000000000000000",
        "/api/v1/ledger/proof/consistency?from=0&to=99999999",
    ):
        assert 400 <= c.get(url).status_code < 500, url


def test_times_carry_their_utc_offset(sqlite_world: World) -> None:
    events = (
        client(sqlite_world)
        .get("/api/v1/audit/events", headers=sqlite_world.headers("auditor"))
        .json()
    )
    assert events and all(e["at"].endswith("+00:00") for e in events)


def test_session_cookie_is_secure_over_https_and_never_readable_by_scripts(
    sqlite_world: World,
) -> None:
    c = TestClient(
        create_app(sqlite_world.settings, sqlite_world.db), base_url="https://testserver"
    )
    res = submit_login(c, sqlite_world, "fr.officer")
    cookie = next(h for h in res.headers.get_list("set-cookie") if h.startswith("xb_session="))
    flags = {f.strip().lower() for f in cookie.split(";")}
    assert {"secure", "httponly", "samesite=strict"} <= flags


def test_unbounded_inputs_are_refused(sqlite_world: World) -> None:
    c = client(sqlite_world)
    long_id = "x" * 101
    assert (
        c.get(
            f"/api/v1/exchange/messages/{long_id}?purpose=investigation",
            headers=sqlite_world.headers("fr.officer"),
        ).status_code
        == 422
    )
    assert (
        c.get(
            "/api/v1/audit/events",
            params={"subject": "y" * 65},
            headers=sqlite_world.headers("auditor"),
        ).status_code
        == 422
    )


def test_login_returns_to_the_page_asked_for_and_never_off_site(sqlite_world: World) -> None:
    for target, expected in (
        ("/review", "/review"),
        ("//evil.example/x", "/"),
        ("https://e.x", "/"),
    ):
        c = client(sqlite_world)
        form = c.get("/login", params={"next": target})
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        assert csrf
        res = c.post(
            "/login",
            data={
                "username": "reviewer",
                "password": sqlite_world.creds["reviewer"].password,
                "csrf_token": csrf.group(1),
                "next": target,
            },
            follow_redirects=False,
        )
        assert res.status_code == 303 and res.headers["location"] == expected, target


def test_a_write_race_answers_409_not_500(sqlite_world: World) -> None:
    from sqlalchemy.orm.exc import StaleDataError

    from xborder.platform.app import create_app

    app = create_app(sqlite_world.settings, sqlite_world.db)

    def racing() -> None:
        raise StaleDataError("UPDATE statement on table 'notices' expected to update 1 row")

    app.add_api_route("/race", racing)
    res = TestClient(app).get("/race")
    assert res.status_code == 409 and res.json()["type"] == "/problems/conflict"


def test_every_response_carries_the_security_headers(sqlite_world: World) -> None:
    """Set by a plain ASGI middleware on success, refusal and error alike."""
    c = client(sqlite_world)
    for path, status in (("/healthz", 200), ("/api/v1/me", 401), ("/api/v1/nowhere", 404)):
        res = c.get(path)
        assert res.status_code == status
        assert res.headers["x-content-type-options"] == "nosniff"
        assert res.headers["x-frame-options"] == "DENY"
        assert res.headers["referrer-policy"] == "same-origin"
        assert "frame-ancestors 'none'" in res.headers["content-security-policy"]
    assert c.get("/api/v1/me").headers["cache-control"] == "no-store"
    # /docs has its own policy, which allows its one inline script by hash (test_docs.py)
    assert "script-src 'self' 'sha256-" in c.get("/docs").headers["content-security-policy"]
