"""The demo world's extradition and MLA cases: every state, several kinds of pairs, realistic
clocks (an overdue provisional arrest, a decision due soon), a preservation request."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from tests.conftest import World
from tests.extradition.test_cases_factory import actor
from xborder.extradition import service as ext
from xborder.extradition.bundle import verify_bundle
from xborder.extradition.domain import State
from xborder.extradition.legal_bases import BasisKind, get_basis
from xborder.extradition.tables import JudicialCaseRow
from xborder.kernel.clock import utcnow
from xborder.kernel.purposes import Purpose
from xborder.ledger import keys
from xborder.twin.extradition import seed_extradition


def test_the_demo_has_cases_in_every_state_with_live_clocks(sqlite_world: World) -> None:
    w = sqlite_world
    assert seed_extradition(w.db, w.settings, seed=3) > 10
    with w.db.transaction() as s:
        rows = list(s.scalars(select(JudicialCaseRow)))
        ext_rows = [r for r in rows if r.kind == "extradition"]
        states = Counter(r.state for r in ext_rows)
        kinds = {get_basis(r.legal_basis).kind for r in ext_rows}
        mla = {r.mla_kind: r.state for r in rows if r.kind == "mla"}
    assert set(states) == {st.value for st in State}
    assert {
        BasisKind.EAW,
        BasisKind.BILATERAL,
        BasisKind.MULTILATERAL,
        BasisKind.RECIPROCITY,
    } <= kinds
    assert mla["preservation"] == "executing"
    now = utcnow()
    clocks = {r.number: {d.key: d.state for d in ext.deadline_views(r, now)} for r in ext_rows}
    assert any(c.get("formal_request") == "overdue" for c in clocks.values())
    assert any(c.get("decision") == "warning" for c in clocks.values())
    # The job already ran: both sides of the overdue arrest see the warning, and a case
    # exports as a bundle that verifies.
    overdue = next(r for r in ext_rows if clocks[r.number].get("formal_request") == "overdue")
    for country in (overdue.requesting_country, overdue.requested_country):
        v = ext.get_case(
            w.db, actor(w, f"{country.lower()}.officer"), overdue.id, Purpose.INVESTIGATION
        )
        assert any(e.step == "deadline_overdue" for e in v.timeline)
    secretariat = keys.signer(w.settings).public_jwk()
    assert verify_bundle(
        ext.export_bundle(w.db, w.settings, overdue.number, purpose=Purpose.INVESTIGATION),
        secretariat,
    ).ok
