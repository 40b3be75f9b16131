"""The purpose gate: a search states its purpose and legal basis from the lists; a high-impact
use is authorised by a supervisor before or within 48 hours after it."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.conftest import World
from tests.governance.factory import actor
from xborder.audit.tables import EventRow
from xborder.governance import gate, registry
from xborder.governance.commands import AuthorisationIn
from xborder.governance.tables import AuthorisationRow
from xborder.kernel.clock import as_utc, utcnow
from xborder.kernel.errors import Conflict, Forbidden, Invalid, NotFound
from xborder.kernel.purposes import Purpose
from xborder.screening.component import SCREENING_NAME

FACE = "face.search"


def on_face(authorised: bool, reason: str) -> AuthorisationIn:
    """A supervisor's decision on a use of the (high-impact) face search."""
    return AuthorisationIn(component_id=FACE, authorised=authorised, reason=reason)


@pytest.fixture
def face(monkeypatch: pytest.MonkeyPatch) -> registry.Component:
    """A high-impact (biometric) component, declared for the test."""
    c = dataclasses.replace(registry.get(SCREENING_NAME), id=FACE, high_impact=True)
    monkeypatch.setitem(registry.COMPONENTS, FACE, c)
    return c


@pytest.mark.parametrize(
    ("purpose", "basis", "missing"),
    [
        (None, None, ["purpose", "legal_basis"]),
        ("investigation", "", ["legal_basis"]),
        ("", "rpd-art10", ["purpose"]),
    ],
)
def test_a_search_without_purpose_or_legal_basis_is_refused(
    purpose: str | None, basis: str | None, missing: list[str]
) -> None:
    with pytest.raises(Invalid) as refused:
        gate.require_basis(purpose, basis)
    assert refused.value.status == 422
    assert refused.value.extra["missing"] == missing
    assert "rpd-art10" in refused.value.extra["legal_bases"]  # type: ignore[operator]


def test_unknown_purposes_and_bases_are_refused_by_name() -> None:
    with pytest.raises(Invalid, match="unknown purpose 'curiosity'"):
        gate.require_basis("curiosity", "rpd-art10")
    with pytest.raises(Invalid, match="unknown legal basis 'because'"):
        gate.require_basis("investigation", "because")


def test_a_stated_purpose_and_basis_pass() -> None:
    assert gate.require_basis("border_check", "schengen-borders-code-art8") == (
        Purpose.BORDER_CHECK,
        "schengen-borders-code-art8",
    )
    assert set(gate.PURPOSES) == {p.value for p in Purpose}


def test_a_component_that_is_not_high_impact_needs_no_authorisation(world: World) -> None:
    with world.db.transaction() as s:
        gate.require_authorisation(s, actor(world, "fr.officer"), SCREENING_NAME, "u-1", utcnow())
        assert gate.pending_authorisations(s, actor(world, "fr.supervisor"), utcnow()) == []


def test_a_high_impact_use_is_pending_until_a_supervisor_authorises_it(
    world: World, face: registry.Component
) -> None:
    officer, supervisor = actor(world, "fr.officer"), actor(world, "fr.supervisor")
    now = utcnow()
    with world.db.transaction() as s:
        gate.require_authorisation(s, officer, FACE, "use-1", now)
    with world.db.transaction() as s:
        [p] = gate.pending_authorisations(s, supervisor, now)
        assert p.use_id == "use-1" and not p.overdue
        assert p.due_at is not None and as_utc(p.due_at) - now == timedelta(hours=48)
        # Another bureau's supervisor neither sees nor decides it.
        assert gate.pending_authorisations(s, actor(world, "de.supervisor"), now) == []
        with pytest.raises(NotFound):
            gate.decide_authorisation(
                s, actor(world, "de.supervisor"), "use-1", on_face(True, "ok"), now
            )
    with world.db.transaction() as s:
        gate.decide_authorisation(
            s, supervisor, "use-1", on_face(True, "Necessary: warrant 42"), now
        )
        assert gate.pending_authorisations(s, supervisor, now) == []
        actions = set(s.scalars(select(EventRow.action).where(EventRow.subject_id == "use-1")))
    assert actions == {"governance.use", "governance.use.authorised"}


def test_an_overdue_use_stops_the_bureaus_next_high_impact_use(
    world: World, face: registry.Component
) -> None:
    officer, supervisor = actor(world, "fr.officer"), actor(world, "fr.supervisor")
    then = utcnow() - timedelta(hours=49)
    with world.db.transaction() as s:
        gate.require_authorisation(s, officer, FACE, "late-1", then)
    with world.db.transaction() as s:
        [p] = gate.pending_authorisations(s, supervisor, utcnow())
        assert p.overdue
    with pytest.raises(Conflict, match="not authorised in time"), world.db.transaction() as s:
        gate.require_authorisation(s, officer, FACE, "next-1", utcnow())
    with world.db.transaction() as s:  # another bureau is not held up
        gate.require_authorisation(s, actor(world, "de.officer"), FACE, "de-1", utcnow())
    with world.db.transaction() as s:
        gate.decide_authorisation(
            s, supervisor, "late-1", on_face(False, "Not necessary"), utcnow()
        )
    with world.db.transaction() as s:
        gate.require_authorisation(s, officer, FACE, "next-1", utcnow())


def test_pre_authorisation_refusal_and_four_eyes(world: World, face: registry.Component) -> None:
    supervisor = actor(world, "fr.supervisor")
    now = utcnow()
    with world.db.transaction() as s:
        gate.decide_authorisation(s, supervisor, "pre-1", on_face(True, "Judicial order 7"), now)
        gate.decide_authorisation(s, supervisor, "pre-2", on_face(False, "Disproportionate"), now)
    with world.db.transaction() as s:
        gate.require_authorisation(s, actor(world, "fr.officer"), FACE, "pre-1", now)
        assert gate.pending_authorisations(s, supervisor, now) == []
    with pytest.raises(Forbidden, match="refused"), world.db.transaction() as s:
        gate.require_authorisation(s, actor(world, "fr.officer"), FACE, "pre-2", now)
    with world.db.transaction() as s:  # a supervisor's own search needs someone else
        gate.require_authorisation(s, supervisor, FACE, "own-1", now)
    with pytest.raises(Forbidden, match="your own"), world.db.transaction() as s:
        gate.decide_authorisation(s, supervisor, "own-1", on_face(True, "fine"), now)
    with pytest.raises(Forbidden), world.db.transaction() as s:
        gate.decide_authorisation(s, actor(world, "fr.officer"), "own-1", on_face(True, "x"), now)
    with world.db.transaction() as s:  # the secretariat's reviewer may
        gate.decide_authorisation(
            s, actor(world, "reviewer"), "own-1", on_face(True, "checked"), now
        )


def test_a_supervisor_may_not_use_a_search_they_pre_authorised(
    world: World, face: registry.Component
) -> None:
    supervisor = actor(world, "fr.supervisor")
    now = utcnow()
    with world.db.transaction() as s:
        gate.decide_authorisation(s, supervisor, "self-1", on_face(True, "Judicial order 9"), now)
    with pytest.raises(Forbidden, match="authorised yourself"), world.db.transaction() as s:
        gate.require_authorisation(s, supervisor, FACE, "self-1", now)
    with world.db.transaction() as s:  # nothing was recorded: the use is still unused
        row = s.scalar(select(AuthorisationRow).where(AuthorisationRow.use_id == "self-1"))
        assert row is not None and row.used_at is None and row.used_by is None
    with world.db.transaction() as s:  # an officer of the bureau may use it
        gate.require_authorisation(s, actor(world, "fr.officer"), FACE, "self-1", now)


def test_grounds_of_blanks_only_are_refused(world: World, face: registry.Component) -> None:
    # The command's model takes " " (one character); the service still wants grounds.
    with pytest.raises(Invalid, match="grounds"), world.db.transaction() as s:
        gate.decide_authorisation(
            s, actor(world, "fr.supervisor"), "pre-9", on_face(True, " "), utcnow()
        )
    with world.db.transaction() as s:
        row = s.scalar(select(AuthorisationRow).where(AuthorisationRow.use_id == "pre-9"))
        assert row is None
