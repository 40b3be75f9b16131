"""xborder driven by yente-client, OpenSanctions' own client for yente: a real HTTP server on
a loopback port, the client's pydantic models parsing every answer. What a yente user's code
does against xborder, unchanged."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
import uvicorn
from sqlalchemy import select
from yente_client import (
    BEST_ALGORITHM,
    APIError,
    AuthenticationError,
    Client,
    MatchResponse,
    NotFoundError,
    Person,
)

from tests.conftest import World
from tests.notices.factory import person_json, publish, red_content, submit
from xborder.audit.tables import AccessLogRow
from xborder.platform.app import create_app

DATASET = "yente-test"
# Ids as lists write them: OpenSanctions-style, a Wikidata id, one with a slash and a colon.
ENTITIES = [
    {
        "id": "os-putin-1",
        "schema": "Person",
        "properties": {
            "name": ["Vladimir Vladimirovich Putin"],
            "alias": ["Владимир Владимирович Путин"],
            "birthDate": ["1952-10-07"],
            "nationality": ["ru"],
            "gender": ["male"],
        },
    },
    {
        "id": "Q1253",
        "schema": "Person",
        "properties": {"name": ["Osama bin Laden"], "birthDate": ["1957-03-10"]},
    },
    {
        "id": "eu-fsf/eu:1234",
        "schema": "Person",
        "properties": {"firstName": ["Ramzan"], "lastName": ["Kadyrov"], "nationality": ["ru"]},
    },
    *(
        {
            "id": f"ivanov-{i}",
            "schema": "Person",
            "properties": {"name": [f"Ivan {p} Ivanov"], "birthDate": [f"19{60 + i}"]},
        }
        for i, p in enumerate(["Petrovich", "Sergeyevich", "Ivanovich", "Pavlovich", "Olegovich"])
    ),
    {
        "id": "org-1",
        "schema": "Organization",
        "properties": {"name": ["Wagner Group"]},
    },
]


@contextmanager
def _serve(world: World) -> Iterator[str]:
    """The app under uvicorn in a thread, on a port the OS chose."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    app = create_app(world.settings, world.db)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@pytest.fixture
def served(sqlite_world: World) -> Iterator[tuple[str, World]]:
    with _serve(sqlite_world) as base:
        # The list goes in through xborder's own list-load API (the secretariat loads lists).
        body = "\n".join(json.dumps(e) for e in ENTITIES)
        res = httpx.post(
            f"{base}/api/v1/lists/{DATASET}",
            content=body,
            headers={"Authorization": f"Bearer {sqlite_world.token('admin')}"},
        )
        assert res.status_code == 200, res.text
        assert res.json()["entities"] == len(ENTITIES)
        yield base, sqlite_world


def _client(served: tuple[str, World], user: str = "fr.officer") -> Client:
    base, world = served
    return Client(api_key=world.token(user), base_url=base, app_name="xborder-tests")


def _all_numbers(r: MatchResponse) -> None:
    for e in r.results:
        assert isinstance(e.score, float) and 0.0 <= e.score <= 1.0
        assert e.explanations and all(isinstance(f.score, float) for f in e.explanations.values())


def test_match_returns_the_imported_ids_with_numbers_everywhere(
    served: tuple[str, World],
) -> None:
    with _client(served) as client:
        r = client.match(
            Person(name="Putin, Vladimir", birthDate="1952-10-07", nationality="ru"),
            datasets=[DATASET],
        )
    assert r.top is not None and r.top.id == "os-putin-1"
    assert r.top.match is True and r.top.datasets == [DATASET] and r.top.schema_ == "Person"
    assert r.top.properties["birthDate"] == ["1952-10-07"]
    assert {"name", "birth_date"} <= set(r.top.explanations)
    assert all(f.detail for f in r.top.explanations.values())
    _all_numbers(r)
    assert r.query["properties"]["name"] == ["Putin, Vladimir"]
    assert r.total.relation == "eq" and r.total.value == len(r.results)
    imported = {e["id"] for e in ENTITIES}
    assert {e.id for e in r.results} <= imported  # never an internal key


def test_a_feature_neither_side_states_is_a_number_not_null(served: tuple[str, World]) -> None:
    # No birth date, nationality or sex in the query: those features say nothing, and are 0.0
    # (yente's convention) with a detail that says why, not null.
    with _client(served) as client:
        r = client.match(Person(name="Osama bin Laden"), datasets=[DATASET])
    assert r.top is not None and r.top.id == "Q1253" and r.top.match
    _all_numbers(r)
    assert r.top.explanations["nationality"].score == 0.0
    assert r.top.explanations["nationality"].detail


def test_threshold_cutoff_and_limit_are_honoured(served: tuple[str, World]) -> None:
    ivan = Person(name="Ivan Ivanov")
    with _client(served) as client:
        r = client.match(ivan, datasets=[DATASET], limit=3)
        assert r.limit == 3 and 0 < len(r.results) <= 3
        scores = [e.score for e in r.results]
        assert scores == sorted(scores, reverse=True)
        assert {e.id for e in r.results} <= {f"ivanov-{i}" for i in range(5)}
        r = client.match(ivan, datasets=[DATASET], limit=10)
        assert len(r.results) == 5  # the five namesakes, and only them

        # `threshold` sets `match` and keeps the result; `cutoff` drops it.
        top = r.results[0]
        assert 0.7 <= top.score < 0.99  # a partial name: a possible match, not a certain one
        above = client.match(ivan, datasets=[DATASET], limit=10, threshold=top.score + 0.01)
        assert top.id in {e.id for e in above.results}
        assert all(e.match == (e.score >= top.score + 0.01) for e in above.results)
        assert not next(e for e in above.results if e.id == top.id).match
        at = client.match(ivan, datasets=[DATASET], limit=10, threshold=max(0.7, top.score - 0.001))
        assert next(e for e in at.results if e.id == top.id).match
        cut = client.match(ivan, datasets=[DATASET], limit=10, cutoff=top.score + 0.001)
        assert all(e.score > top.score for e in cut.results)
        assert top.id not in {e.id for e in cut.results}

        # A looser threshold than the evaluated one is refused, not silently applied.
        with pytest.raises(APIError) as err:
            client.match(ivan, datasets=[DATASET], threshold=0.3)
        assert err.value.status_code == 422


def test_a_non_match_gives_no_match(served: tuple[str, World]) -> None:
    with _client(served) as client:
        r = client.match(Person(name="Jane Austen", birthDate="1775-12-16"), datasets=[DATASET])
        assert not r.matches
        r = client.match(Person(name="Jane Austen", birthDate="1775-12-16"))  # default
        assert not r.matches
    _all_numbers(r)


def test_an_entity_is_found_by_the_id_a_match_returned(served: tuple[str, World]) -> None:
    with _client(served) as client:
        r = client.match(Person(firstName="Ramzan", lastName="Kadyrov"), datasets=[DATASET])
        assert r.top is not None and r.top.id == "eu-fsf/eu:1234"
        e = client.fetch(r.top.id)
        assert e.id == r.top.id and e.datasets == [DATASET] and e.caption == r.top.caption
        assert e.properties["lastName"] == ["Kadyrov"]
        e = client.fetch("os-putin-1", nested=False)
        assert e.properties["alias"] == ["Владимир Владимирович Путин"]
        with pytest.raises(NotFoundError):
            client.fetch("list:yente-test:os-putin-1")  # the internal key is not an id
        with pytest.raises(NotFoundError):
            client.fetch("no-such-entity")
        with pytest.raises(NotFoundError):
            client.fetch("org-2")


def test_a_look_up_is_logged_with_its_purpose(served: tuple[str, World]) -> None:
    _, world = served
    with _client(served) as client:
        client.fetch("Q1253")
    with world.db.transaction() as s:
        row = s.scalars(select(AccessLogRow).where(AccessLogRow.action == "screen.entity")).one()
        assert row.subject_type == "list_entry" and row.subject_id.endswith(":Q1253")
        assert row.purpose == world.settings.match_default_purpose


def test_the_same_id_in_two_lists_is_one_entity(served: tuple[str, World]) -> None:
    base, world = served
    other = {
        "id": "Q1253",
        "schema": "Person",
        "properties": {"name": ["Usama bin Ladin"], "nationality": ["sa"]},
    }
    res = httpx.post(
        f"{base}/api/v1/lists/other-list",
        content=json.dumps(other),
        headers={"Authorization": f"Bearer {world.token('admin')}"},
    )
    assert res.status_code == 200
    with _client(served) as client:
        e = client.fetch("Q1253")
    assert e.datasets == ["other-list", DATASET]
    assert e.properties["name"] == ["Usama bin Ladin", "Osama bin Laden"]


def test_notices_answer_with_the_notice_id(served: tuple[str, World]) -> None:
    _, world = served
    nid = submit(
        world, "ru", red_content(), person_json("Ivan Drago", "1961-05-05", nationalities=["RU"])
    )
    publish(world, nid)
    with _client(served, "de.officer") as client:
        r = client.match(Person(name="Ivan Drago", birthDate="1961-05-05"), datasets=["notices"])
        assert r.top is not None and r.top.id == nid and r.top.match
        _all_numbers(r)
        e = client.fetch(nid)
        assert e.id == nid and e.datasets == ["notices"]


def test_algorithms_and_catalog_parse(served: tuple[str, World]) -> None:
    with _client(served) as client:
        algos = client.algorithms()
        names = {a.name for a in algos.algorithms}
        assert algos.default in names and algos.best in names
        assert all(isinstance(a.docs, dict) and a.docs for a in algos.algorithms)
        r = client.match(Person(name="Osama bin Laden"), datasets=[DATASET], algorithm=algos.best)
        assert r.top is not None and r.top.id == "Q1253"
        r = client.match(Person(name="Osama bin Laden"), algorithm=BEST_ALGORITHM)
        assert r.top is not None and r.top.id == "Q1253"
        with pytest.raises(APIError):
            client.match(Person(name="Osama bin Laden"), algorithm="logic-v2")

        catalog = client.datasets()
        loaded = {d.name for d in catalog.datasets if d.load}
        assert {"default", "notices", DATASET} <= loaded
        default = next(d for d in catalog.datasets if d.name == "default")
        assert DATASET in default.children


def test_filters_xborder_does_not_apply_are_refused(served: tuple[str, World]) -> None:
    with _client(served) as client:
        with pytest.raises(APIError) as err:
            client.match(Person(name="Osama bin Laden"), datasets=[DATASET, "notices"])
        assert err.value.status_code == 422 and "include_dataset" in err.value.detail
        with pytest.raises(APIError):
            client.match(Person(name="Osama bin Laden"), exclude_entities=["Q1253"])


def test_roles_without_screening_are_refused(served: tuple[str, World]) -> None:
    with _client(served, "auditor") as client:
        with pytest.raises(AuthenticationError):
            client.match(Person(name="Osama bin Laden"), datasets=[DATASET])
        with pytest.raises(AuthenticationError):
            client.fetch("Q1253")
    base, _ = served
    with Client(api_key="not-a-token", base_url=base) as anon, pytest.raises(AuthenticationError):
        anon.match(Person(name="Osama bin Laden"))
