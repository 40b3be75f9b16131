"""Both states act on the same case: the second of two simultaneous writers is refused (409
through the API) and writes nothing, instead of silently overwriting the first."""

from __future__ import annotations

import pytest
from sqlalchemy import update
from sqlalchemy.orm.exc import StaleDataError

from tests.conftest import World
from tests.extradition.test_cases_factory import actor, request_file
from xborder.extradition import service as ext
from xborder.extradition.commands import ExtraditionIn
from xborder.extradition.tables import JudicialCaseRow


def test_two_writers_on_one_case_cannot_both_win(world: World) -> None:
    cid = ext.create_request(
        world.db,
        actor(world, "fr.officer"),
        world.settings,
        ExtraditionIn(
            requested_country="CH",
            legal_basis="ece-1957",
            title="Fraud",
            provisional=False,
            file=request_file(),
        ),
    )
    with world.db.transaction() as s:
        before = s.get(JudicialCaseRow, cid)
        assert before is not None
        state = before.state
    with pytest.raises(StaleDataError), world.db.transaction() as s:
        mine = s.get(JudicialCaseRow, cid)
        assert mine is not None
        # The other state's change lands between my read and my write.
        s.execute(
            update(JudicialCaseRow)
            .where(JudicialCaseRow.id == cid)
            .values(version=JudicialCaseRow.version + 1)
            .execution_options(synchronize_session=False)
        )
        mine.state = "withdrawn"
        s.flush()
    with world.db.transaction() as s:
        row = s.get(JudicialCaseRow, cid)
        assert row is not None and row.state == state  # nothing was written
