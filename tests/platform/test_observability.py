"""What an operator watches: request ids, JSON logs, /metrics, /livez and /readyz."""

from __future__ import annotations

import io
import json
import logging
import logging.config

from fastapi.testclient import TestClient
from sqlalchemy import text

from tests.conftest import World
from xborder.api import observability
from xborder.platform.app import create_app


def test_every_answer_carries_a_request_id_and_keeps_a_sane_one_sent(
    sqlite_world: World,
) -> None:
    c = TestClient(create_app(sqlite_world.settings, sqlite_world.db))
    a, b = c.get("/livez"), c.get("/livez")
    assert a.headers["x-request-id"] != b.headers["x-request-id"]
    assert c.get("/livez", headers={"X-Request-ID": "edge-42"}).headers["x-request-id"] == "edge-42"
    forged = c.get("/livez", headers={"X-Request-ID": "x\r\nSet-Cookie: a=b"})
    assert forged.headers["x-request-id"] != "x\r\nSet-Cookie: a=b"
    # Refusals too: a 404 problem.
    assert "x-request-id" in c.get("/api/v1/nothing-here").headers


def test_log_lines_are_json_with_the_request_id() -> None:
    config = observability.log_config()
    stream = io.StringIO()
    config["handlers"]["json"]["stream"] = stream
    logging.config.dictConfig(config)
    try:
        token = observability.REQUEST_ID.set("req-7")
        logging.getLogger("xborder.test").warning("delivery to %s failed", "NCB Berlin")
        observability.REQUEST_ID.reset(token)
    finally:
        logging.config.dictConfig({"version": 1, "disable_existing_loggers": False})
    line = json.loads(stream.getvalue().strip().splitlines()[-1])
    assert line["message"] == "delivery to NCB Berlin failed"
    assert line["request_id"] == "req-7" and line["level"] == "WARNING"
    assert line["logger"] == "xborder.test" and "time" in line


def test_metrics_count_requests_by_route_and_show_the_database_figures(
    sqlite_world: World,
) -> None:
    c = TestClient(create_app(sqlite_world.settings, sqlite_world.db))
    c.get("/notices/v1/red")
    body = c.get("/metrics").text
    assert 'xborder_http_requests_total{method="GET",route="/notices/v1/red",status="200"}' in body
    assert "xborder_http_request_duration_seconds_bucket" in body
    assert "xborder_screening_index_lag_events" in body
    # Not for everyone: only this host, or whoever holds the metrics token.
    outside = TestClient(
        create_app(sqlite_world.settings, sqlite_world.db), client=("203.0.113.4", 5000)
    )
    assert outside.get("/metrics").status_code == 403
    tokened = sqlite_world.settings.with_(metrics_token="s3cret-scrape")
    app = create_app(tokened, sqlite_world.db)
    outside = TestClient(app, client=("203.0.113.4", 5000))
    assert outside.get("/metrics").status_code == 403
    ok = outside.get("/metrics", headers={"Authorization": "Bearer s3cret-scrape"})
    assert ok.status_code == 200 and "xborder_http_requests_total" in ok.text


def test_readiness_needs_the_database_at_the_codes_schema(sqlite_world: World) -> None:
    c = TestClient(create_app(sqlite_world.settings, sqlite_world.db))
    assert c.get("/livez").json() == {"status": "ok"}
    ready = c.get("/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ok"
    with sqlite_world.db.transaction() as s:
        s.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    behind = c.get("/readyz")
    assert behind.status_code == 503 and "0001" in behind.json()["reason"]
    assert c.get("/livez").status_code == 200  # alive, just not ready
