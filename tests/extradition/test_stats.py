"""Statistics for the transparency report: cases by legal basis, outcome and ground, and the
median days from the (provisional) arrest to the decision."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any, cast

from tests.conftest import World
from tests.extradition.test_cases_factory import client, request_file
from xborder.extradition.stats import compute
from xborder.extradition.tables import JudicialCaseRow

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _row(basis: str, outcome: str | None, days: float | None, grounds: list[str]) -> Any:
    return SimpleNamespace(
        kind="extradition",
        legal_basis=basis,
        state="decided" if outcome else "acknowledged",
        outcome=outcome,
        urgent=True,
        consent_at=None,
        requested_at=T0 - timedelta(days=1),
        arrested_at=T0,
        decided_at=T0 + timedelta(days=days) if days is not None else None,
        data={"decision": {"grounds": [{"ground": g} for g in grounds]}} if outcome else {},
        mla_kind=None,
    )


def test_counts_and_the_median_days_from_arrest_to_decision() -> None:
    rows = [
        _row("eaw", "granted", 10, []),
        _row("eaw", "refused", 30, ["political_offence", "human_rights"]),
        _row("ece-1957", "partially_granted", 50, ["dual_criminality"]),
        _row("ece-1957", None, None, []),
    ]
    st = compute(cast(list[JudicialCaseRow], rows))
    assert st.extradition_cases == 4 and st.decided == 3
    assert st.by_legal_basis == {"eaw": 2, "ece-1957": 2}
    assert st.by_outcome == {"granted": 1, "partially_granted": 1, "pending": 1, "refused": 1}
    assert st.by_ground == {"dual_criminality": 1, "human_rights": 1, "political_offence": 1}
    assert st.median_days_to_decision == 30.0


def test_the_statistics_route_counts_a_real_decision(sqlite_world: World) -> None:
    fr, ch_boss = client(sqlite_world, "fr.officer"), client(sqlite_world, "ch.supervisor")
    res = fr.post(
        "/api/v1/extradition/cases",
        json={
            "requested_country": "CH",
            "legal_basis": "ece-1957",
            "title": "Fraud",
            "file": request_file(),
        },
    )
    url = f"/api/v1/extradition/cases/{res.json()['id']}"
    assert ch_boss.post(f"{url}/transitions", json={"step": "acknowledge"}).status_code == 204
    r = ch_boss.post(
        f"{url}/decision",
        json={
            "outcome": "refused",
            "reasons": "Time-barred here.",
            "grounds": [{"ground": "lapse_of_time"}],
        },
    )
    assert r.status_code == 204, r.text
    st = client(sqlite_world, "reviewer").get("/api/v1/extradition/statistics").json()
    assert st["by_outcome"] == {"refused": 1} and st["by_ground"] == {"lapse_of_time": 1}
    assert st["by_legal_basis"] == {"ece-1957": 1} and st["decided"] == 1
