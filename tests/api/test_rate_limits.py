"""Rate limits per client address and per account (issue 14): 429 problems with Retry-After."""

from __future__ import annotations

import json
import os
import uuid

import pytest
from fastapi.testclient import TestClient
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter, SlidingWindowCounterRateLimiter

from tests.conftest import World
from xborder.api.ratelimit import RateLimited, RateLimits, _parse
from xborder.kernel.errors import Invalid
from xborder.platform.app import create_app

REDIS_URL = os.environ.get("XBORDER_TEST_REDIS_URL", "")
REQUIRE_REDIS = os.environ.get("XBORDER_REQUIRE_REDIS") == "1"


def client(world: World, **limits: str) -> TestClient:
    settings = world.settings.with_(rate_limits=json.dumps(limits) if limits else "")
    return TestClient(create_app(settings, world.db))


def _is_429(res: object) -> None:
    from httpx import Response

    assert isinstance(res, Response)
    assert res.status_code == 429, res.text
    assert int(res.headers["retry-after"]) >= 1


def test_a_password_spray_from_one_address_stops_after_ten_logins(sqlite_world: World) -> None:
    c = client(sqlite_world)  # the default limits
    users = [u for u in sqlite_world.creds][:11]
    answers = [
        c.post("/login", data={"username": u, "password": "Spring2026!!"}).status_code
        for u in users
    ]
    assert 429 not in answers[:10] and answers[10] == 429
    res = c.post("/login", data={"username": users[0], "password": "x"})
    _is_429(res)
    # The refusal is a problem for an API client, a page for a browser.
    assert res.headers["content-type"].startswith("application/problem+json")
    assert res.json()["type"] == "/problems/rate-limited"
    page = c.post(
        "/login", data={"username": "x", "password": "y"}, headers={"accept": "text/html"}
    )
    assert page.status_code == 429 and "Too many requests" in page.text
    assert page.headers["x-frame-options"] == "DENY"  # the security headers are on it too


def test_anonymous_applications_to_the_commission_are_limited(sqlite_world: World) -> None:
    c = client(sqlite_world)
    body = {"kind": "access", "applicant_name": "A. Person", "statement": "What do you hold?"}
    codes = [c.post("/api/v1/commission/applications", json=body).status_code for _ in range(6)]
    assert codes == [201] * 5 + [429]


def test_an_address_sending_bad_tokens_is_stopped_even_with_a_good_one(
    sqlite_world: World,
) -> None:
    c = client(sqlite_world, auth_failure="3/minute")
    bad = {"Authorization": "Bearer xbt_not-a-real-token"}
    assert [c.get("/api/v1/me", headers=bad).status_code for _ in range(3)] == [401] * 3
    _is_429(c.get("/api/v1/me", headers=sqlite_world.headers("fr.officer")))


def test_screening_has_its_own_budget_per_account(sqlite_world: World) -> None:
    c = client(sqlite_world, screening="2/minute")
    de, fr = sqlite_world.headers("de.officer"), sqlite_world.headers("fr.officer")
    url = "/api/v1/screen/datasets"
    assert [c.get(url, headers=de).status_code for _ in range(2)] == [200, 200]
    _is_429(c.get(url, headers=de))
    assert c.get("/api/v1/me", headers=de).status_code == 200  # other routes: another budget
    assert c.get(url, headers=fr).status_code == 200  # another account


def test_every_authenticated_request_spends_the_accounts_budget(sqlite_world: World) -> None:
    c = client(sqlite_world, account="3/minute")
    h = sqlite_world.headers("fr.officer")
    assert [c.get("/api/v1/me", headers=h).status_code for _ in range(3)] == [200] * 3
    _is_429(c.get("/api/v1/me", headers=h))


def test_public_answers_are_limited_per_address_and_off_means_off(sqlite_world: World) -> None:
    c = client(sqlite_world, public="2/minute")
    assert [c.get("/notices/v1/red").status_code for _ in range(2)] == [200, 200]
    _is_429(c.get("/notices/v1/red"))
    # Health checks and static assets are never limited.
    assert c.get("/healthz").status_code == 200
    # A caller with credentials spends its account's budget instead.
    assert c.get("/notices/v1/red", headers=sqlite_world.headers("fr.officer")).status_code == 200
    off = client(sqlite_world, public="off")
    assert {off.get("/notices/v1/red").status_code for _ in range(5)} == {200}


def test_a_bad_limit_setting_is_refused_at_start() -> None:
    with pytest.raises(Invalid):
        _parse('{"login": "ten a minute"}')
    with pytest.raises(Invalid):
        _parse('{"logins": "10/minute"}')
    with pytest.raises(Invalid):
        _parse("10/minute")
    assert "public" not in _parse('{"public": "off"}')


@pytest.mark.skipif(
    not REDIS_URL and not REQUIRE_REDIS,
    reason="Redis tests skipped: set XBORDER_TEST_REDIS_URL (CI sets it)",
)
def test_workers_sharing_redis_share_the_counts() -> None:
    """Two workers (two RateLimits, as two processes would hold) count on one Redis."""
    assert REDIS_URL, "XBORDER_REQUIRE_REDIS=1 but XBORDER_TEST_REDIS_URL is unset"
    prefix = f"xborder-test-{uuid.uuid4().hex}"
    items = _parse('{"login": "3/minute"}')

    def worker() -> RateLimits:
        storage = storage_from_string(REDIS_URL, key_prefix=prefix)
        return RateLimits(
            items, SlidingWindowCounterRateLimiter(storage), MovingWindowRateLimiter(storage)
        )

    a, b = worker(), worker()
    a.hit("login", "203.0.113.5")
    b.hit("login", "203.0.113.5")
    a.hit("login", "203.0.113.5")
    with pytest.raises(RateLimited) as refused:
        b.hit("login", "203.0.113.5")
    assert refused.value.retry_after >= 1
    b.hit("login", "203.0.113.6")  # another address: its own count
