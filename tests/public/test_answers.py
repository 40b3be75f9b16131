"""Public answers served from memory (`public/answers.py`): an ETag and 304, a recompute at
the next change, and an expiry date that takes effect on time although nothing is written."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from tests.conftest import World
from tests.public import factory as f
from xborder.notices import service as notices
from xborder.notices.commands import ReasonIn
from xborder.notices.tables import NoticeRow
from xborder.platform.app import create_app
from xborder.public import answers, extracts
from xborder.public.answers import AnswerCache, etag_matches


def _client(world: World) -> TestClient:
    app = create_app(world.settings, world.db)
    # A long life, so that only the version and the expiry can end an answer here.
    app.state.ctx.provide(AnswerCache(max_age=3600))
    return TestClient(app)


def _numbers(c: TestClient) -> set[str]:
    res = c.get("/notices/v1/red", params={"resultPerPage": 160})
    assert res.status_code == 200
    return {n["entity_id"] for n in res.json()["_embedded"]["notices"]}


def test_a_client_holding_the_answer_gets_304_until_it_changes(world: World) -> None:
    f.publish(world, f.red_content(), f.person("Jean", "Dupont"))
    c = _client(world)
    first = c.get("/notices/v1/red")
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "no-cache"  # keep it, but ask before each use
    again = c.get("/notices/v1/red", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    # A change anywhere in the store: a new answer, a new tag.
    f.publish(world, f.red_content(), f.person("Marie", "Lambert"))
    changed = c.get("/notices/v1/red", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    assert changed.json()["total"] == first.json()["total"] + 1


def test_a_withdrawn_notice_leaves_the_cached_answers_at_once(world: World) -> None:
    nid = f.publish(world, f.red_content(), f.person("Jean", "Dupont"))
    number = extracts.path_id(f.number(world, nid)).replace("-", "/")
    c = _client(world)
    assert number in _numbers(c)
    detail = f"/notices/v1/red/{extracts.path_id(number)}"
    assert c.get(detail).status_code == 200
    notices.withdraw(world.db, f.actor(world, "fr.supervisor"), nid, ReasonIn(reason="arrested"))
    assert number not in _numbers(c)
    assert c.get(detail).status_code == 404


def test_an_expiry_date_takes_effect_on_time_without_any_write(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The public side's clock, moved by hand: no test waits on the wall clock.
    clock = [datetime.now(UTC)]
    for module in (answers, extracts):
        monkeypatch.setattr(module, "utcnow", lambda: clock[0])
    nid = f.publish(world, f.red_content(), f.person("Jean", "Dupont"))
    with world.db.transaction() as s:
        row = s.get(NoticeRow, nid)
        assert row is not None
        row.expires_at = clock[0] + timedelta(hours=1)
        number = row.number
    c = _client(world)
    assert number in _numbers(c)  # answered and kept, valid until that expiry
    clock[0] += timedelta(minutes=59)
    assert number in _numbers(c)
    clock[0] += timedelta(minutes=2)
    assert number not in _numbers(c)


def test_etag_comparison_is_weak_and_takes_lists() -> None:
    assert etag_matches('"a", W/"b"', '"b"')
    assert etag_matches("*", '"x"')
    assert not etag_matches('"a"', '"b"')


def test_one_thread_computes_an_answer_the_others_wait_for(world: World) -> None:
    from concurrent.futures import ThreadPoolExecutor

    cache = AnswerCache()
    calls: list[int] = []

    def compute() -> bytes:
        calls.append(1)
        time.sleep(0.2)
        return b"{}"

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda _: cache.get(world.db, "k", compute), range(8)))
    assert len(calls) == 1 and {a.etag for a in answers} == {answers[0].etag}


def test_an_answer_only_aged_out_is_served_while_one_thread_refreshes_it(world: World) -> None:
    """Past its age, at the same version: the others get the kept answer instead of queueing
    behind the refresh. Once anything changed, nobody is served the old one."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    cache = AnswerCache(max_age=0.0)  # every answer is past its age at once
    first = cache.get(world.db, "k", lambda: b'{"n": 1}')
    entered, release = threading.Event(), threading.Event()

    def slow() -> bytes:
        entered.set()
        assert release.wait(10)
        return b'{"n": 2}'

    with ThreadPoolExecutor(max_workers=2) as pool:
        refresh = pool.submit(cache.get, world.db, "k", slow)
        assert entered.wait(10)
        # the same version: the kept answer, at once
        assert cache.get(world.db, "k", lambda: b"never").body == first.body
        # a change in the store: this one waits for the refresh and computes its own
        f.publish(world, f.red_content(), f.person("Jean", "Dupont"))
        waiting = pool.submit(cache.get, world.db, "k", lambda: b'{"n": 3}')
        time.sleep(0.2)
        assert not waiting.done()
        release.set()
        assert refresh.result(10).body == b'{"n": 2}'
        assert waiting.result(10).body == b'{"n": 3}'
