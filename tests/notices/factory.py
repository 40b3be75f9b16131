"""Notice requests for tests: complete, ready to be checked, in a few lines."""

from __future__ import annotations

from typing import Any

from tests.conftest import World
from xborder.accounts import service as identity
from xborder.kernel.actor import Actor
from xborder.notices import service as notices
from xborder.notices.commands import DecisionIn, NoticeIn
from xborder.notices.domain import Decision


def actor(world: World, username: str) -> Actor:
    a = identity.token_actor(world.db, world.token(username))
    assert a is not None
    return a


def red_content(**over: Any) -> dict[str, Any]:
    judicial = {
        "basis": "prosecution",
        "offences": [
            {
                "description": "Armed robbery of a jewellery shop",
                "law": "Penal Code art. 311-9",
                "max_penalty_months": 240,
            }
        ],
        "warrant_reference": "AW-2026-0042",
        "issuing_authority": "Investigating judge, Lyon",
        "facts_summary": "Robbed a jewellery shop at gunpoint with two accomplices.",
        "facts_time": "2026-03-14",
        "facts_place": "Lyon",
        "extradition_countries": ["DE", "ES", "IT"],
    }
    judicial.update(over.pop("judicial", {}))
    return {
        "notice_type": "red",
        "subject_status": "wanted",
        "title": "Wanted for armed robbery",
        "summary": "Armed robbery",
        "judicial": judicial,
        "public_extract": True,
        **over,
    }


def person_json(name: str = "Jean Dupont", born: str = "1980-05-17", **over: Any) -> dict[str, Any]:
    given, _, family = name.partition(" ")
    return {
        "names": [{"full": name, "given": given, "family": family}],
        "sex": "M",
        "birth_dates": [born],
        "nationalities": ["FR"],
        **over,
    }


def notice_in(
    content: dict[str, Any] | None = None,
    person: dict[str, Any] | None = None,
    person_id: str | None = None,
) -> NoticeIn:
    """A request as the drafting services take it: `content` (a Red Notice by default) with the
    person's particulars, or with a record the bureau already owns."""
    return NoticeIn.model_validate(
        {**(content or red_content()), "person": person, "person_id": person_id}
    )


def submit(
    world: World,
    country: str = "fr",
    content: dict[str, Any] | None = None,
    person: dict[str, Any] | None = None,
) -> str:
    """Draft, send for approval and approve (four-eyes): the request is in the queue."""
    officer, supervisor = actor(world, f"{country}.officer"), actor(world, f"{country}.supervisor")
    nid = notices.create_request(world.db, officer, notice_in(content, person or person_json()))
    notices.send_for_approval(world.db, officer, nid)
    notices.approve(world.db, supervisor, world.settings, nid)
    return nid


def publish(world: World, nid: str) -> None:
    notices.decide(
        world.db,
        actor(world, "reviewer"),
        world.settings,
        nid,
        DecisionIn(decision=Decision.PUBLISH, rationale="Compliant."),
    )
