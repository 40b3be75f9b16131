"""Malformed input on every import path (an imported list, a JSON body, a signed envelope, a
page form) is a 422 problem that names what is wrong and changes nothing: it was a 500, or it
was stored and broke every later read of the record."""

from __future__ import annotations

import base64
import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from tests.api.test_api import client, count, login_client
from tests.conftest import World
from tests.extradition.test_cases_factory import provisional_data
from xborder.audit.tables import EventRow
from xborder.extradition.tables import JudicialCaseRow
from xborder.kernel import untrusted
from xborder.kernel.errors import Invalid
from xborder.platform.app import create_app
from xborder.safeguards.tables import CountryDataRow
from xborder.screening.tables import ListEntryRow

DATASET = "test-list"
GOOD = json.dumps({"id": "p1", "schema": "Person", "properties": {"name": ["Ana Lopez"]}})


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def _entity(extra: str) -> str:
    return '{"id":"p2","schema":"Person","properties":{"name":["Bo Ek"]},"x":' + extra + "}"


def _list_entries(world: World) -> list[str]:
    with world.db.transaction() as s:
        return list(
            s.scalars(select(ListEntryRow.entity_id).where(ListEntryRow.dataset == DATASET))
        )


def _safe_client(world: World) -> TestClient:
    """A 500 must show as a 500 here, not as the exception."""
    return TestClient(create_app(world.settings, world.db), raise_server_exceptions=False)


@pytest.mark.parametrize(
    ("bad", "says"),
    [
        (_entity(_nested(1_000)), "nested deeper than 64 levels"),
        (_entity(_nested(100_000)), "nested deeper than 64 levels"),
        (_entity(_nested(65)), "nested deeper than 64 levels"),
        (_entity("9" * 4_300), "more than 100 digits"),
        (_entity("1e999"), "out of range"),
        (_entity("NaN"), "NaN is not a JSON number"),
        (_entity('"a\\u0000b"'), "NUL"),
        ('{"id":"p2","schema":"' + "P" * 41 + '"}', "schema"),
        ("{not json", "not JSON"),
    ],
    ids=["deep-1000", "deep-100k", "deep-65", "long-int", "inf", "nan", "nul", "schema", "syntax"],
)
def test_a_malformed_list_line_is_a_422_naming_the_line_and_changes_nothing(
    sqlite_world: World, bad: str, says: str
) -> None:
    c = _safe_client(sqlite_world)
    h = {"Authorization": f"Bearer {sqlite_world.token('admin')}"}
    assert c.post(f"/api/v1/lists/{DATASET}", content=GOOD, headers=h).status_code == 200
    before = (_list_entries(sqlite_world), count(sqlite_world, EventRow))
    replacement = json.dumps({"id": "p3", "schema": "Person", "properties": {"name": ["Cy"]}})
    res = c.post(f"/api/v1/lists/{DATASET}", content=f"{replacement}\n{bad}\n", headers=h)
    assert res.status_code == 422, res.text
    assert res.headers["content-type"].startswith("application/problem+json")
    problem = res.json()
    assert problem["line"] == 2 and problem["detail"].startswith("line 2: ")
    assert says in problem["detail"]
    # the previous content stands: nothing of the refused file was applied
    assert (_list_entries(sqlite_world), count(sqlite_world, EventRow)) == before


def _case_body(urgency: str) -> str:
    file = json.dumps(provisional_data())[:-1] + f',"urgency":{urgency}}}'
    return (
        '{"requested_country":"GB","legal_basis":"bilateral-gb-us-2003",'
        f'"title":"Aggravated fraud","provisional":true,"file":{file}}}'
    )


@pytest.mark.parametrize(
    ("urgency", "says"),
    [
        (_nested(100), "nested deeper than 64 levels"),  # parsed, and would be stored
        (_nested(100_000), "nested deeper than 64 levels"),  # stops the parser
        ("9" * 200, "more than 100 digits"),
        ("9" * 5_000, "more than 100 digits"),  # stops the parser
        ("1e999", "not finite"),
        ('"now\\u0000"', "NUL"),
    ],
    ids=["deep-100", "deep-100000", "int-200", "int-5000", "inf", "nul"],
)
def test_a_malformed_json_body_is_a_422_on_any_route_and_changes_nothing(
    sqlite_world: World, urgency: str, says: str
) -> None:
    c = _safe_client(sqlite_world)
    before = (count(sqlite_world, JudicialCaseRow), count(sqlite_world, EventRow))
    res = c.post(
        "/api/v1/extradition/cases",
        content=_case_body(urgency),
        headers={**sqlite_world.headers("us.officer"), "Content-Type": "application/json"},
    )
    assert res.status_code == 422, res.text
    assert res.json()["type"] == "/problems/invalid-input"
    assert says in res.json()["detail"]
    assert (count(sqlite_world, JudicialCaseRow), count(sqlite_world, EventRow)) == before


def test_a_json_body_within_the_limits_is_taken(sqlite_world: World) -> None:
    res = client(sqlite_world).post(
        "/api/v1/extradition/cases",
        content=_case_body('{"a": [[["deep enough"]]]}'),
        headers={**sqlite_world.headers("us.officer"), "Content-Type": "application/json"},
    )
    assert res.status_code == 201, res.text
    got = client(sqlite_world).get(res.json()["href"], headers=sqlite_world.headers("us.officer"))
    assert got.status_code == 200


def test_an_envelope_with_a_deep_protected_header_is_rejected_not_a_500(
    sqlite_world: World,
) -> None:
    header = base64.urlsafe_b64encode(_nested(5_000).encode()).decode().rstrip("=")
    res = _safe_client(sqlite_world).post(
        "/api/v1/exchange/messages",
        json={"payload": "e30", "protected": header, "signature": "AA"},
        headers=sqlite_world.headers("fr.officer"),
    )
    assert res.status_code == 422, res.text
    assert res.json()["reason"] == "malformed" and "nested" in res.json()["detail"]


def test_deep_json_in_the_country_data_form_is_a_422_page_and_changes_nothing(
    sqlite_world: World,
) -> None:
    c = login_client(sqlite_world, "reviewer")
    page = c.get("/review/context/FR", headers={"accept": "text/html"})
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert csrf
    res = c.post(
        "/review/country-data/FR",
        data={
            "csrf_token": csrf.group(1),
            "dataset": "freedom_house",
            "year": "2025",
            "values": '{"status": ' + _nested(900) + "}",  # within the field's 2,000 characters
        },
        headers={"accept": "text/html"},
    )
    assert res.status_code == 422 and "nested deeper than 64 levels" in res.text
    assert count(sqlite_world, CountryDataRow) == 0


# --- the parser itself ------------------------------------------------------------------------

_text = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"))
_json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | _text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_text, inner, max_size=4),
    max_leaves=20,
)


def _depth(v: Any) -> int:
    if isinstance(v, dict):
        return 1 + max(map(_depth, v.values()), default=0)
    if isinstance(v, list):
        return 1 + max(map(_depth, v), default=0)
    return 0


@given(_json_values)
def test_any_json_within_the_limits_reads_back_as_written(value: Any) -> None:
    if _depth(value) <= untrusted.MAX_DEPTH:
        assert untrusted.loads(json.dumps(value)) == value
    else:
        with pytest.raises(Invalid, match="nested deeper"):
            untrusted.loads(json.dumps(value))


@given(st.text(max_size=200) | st.binary(max_size=200))
def test_any_text_is_a_value_or_invalid_never_another_error(text: str | bytes) -> None:
    try:
        untrusted.loads(text, line=7)
    except Invalid as exc:
        assert exc.detail.startswith("line 7: ") and exc.extra == {"line": 7}


@given(st.integers(min_value=1, max_value=200))
def test_depth_is_refused_exactly_past_the_limit(depth: int) -> None:
    text = _nested(depth)
    if depth <= untrusted.MAX_DEPTH:
        assert _depth(untrusted.loads(text)) == depth
    else:
        with pytest.raises(Invalid, match="nested deeper"):
            untrusted.loads(text)
