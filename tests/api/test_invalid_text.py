"""A lone surrogate is valid JSON but not text: any route that would hash, sign or store it
answers a 422 problem and writes nothing (it was a 500)."""

from __future__ import annotations

import json

from tests.api.test_api import client, count
from tests.conftest import World
from tests.extradition.test_cases_factory import provisional_data
from xborder.audit.tables import EventRow
from xborder.extradition.tables import JudicialCaseRow


def test_a_lone_surrogate_is_a_422_and_changes_nothing(world: World) -> None:
    c = client(world)
    before = (count(world, JudicialCaseRow), count(world, EventRow))
    body = {
        "requested_country": "GB",
        "legal_basis": "bilateral-gb-us-2003",
        "title": "Aggravated fraud",
        "provisional": True,
        "file": {**provisional_data(), "urgency": "now \ud800"},
    }
    res = c.post(
        "/api/v1/extradition/cases",
        content=json.dumps(body),  # escapes the surrogate as \\ud800, as a client may
        headers={**world.headers("us.officer"), "Content-Type": "application/json"},
    )
    assert res.status_code == 422, res.text
    assert res.headers["content-type"].startswith("application/problem+json")
    assert "surrogate" in res.json()["detail"]
    assert (count(world, JudicialCaseRow), count(world, EventRow)) == before
