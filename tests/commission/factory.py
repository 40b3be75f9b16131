"""A published notice to act on, made through the notices service as a bureau would."""

from __future__ import annotations

from tests.conftest import World
from xborder.accounts import service as identity
from xborder.kernel.actor import Actor
from xborder.notices import service as notices
from xborder.notices.commands import DecisionIn, NoticeIn
from xborder.notices.domain import Decision

# A name no synthetic person of the fixture world has, so tests can look for it anywhere.
GIVEN = "Quorvalt"
FAMILY = "Zembrinskaya"
FULL = f"{GIVEN} {FAMILY}"


def actor(world: World, username: str) -> Actor:
    a = identity.token_actor(world.db, world.token(username))
    assert a is not None
    return a


def red_notice_content(title: str = "Wanted for fraud") -> dict[str, object]:
    return {
        "notice_type": "red",
        "subject_status": "wanted",
        "title": title,
        "summary": "Large-scale investment fraud against pensioners.",
        "judicial": {
            "basis": "prosecution",
            "offences": [
                {
                    "description": "Aggravated fraud",
                    "law": "Code pénal art. 313-2",
                    "max_penalty_months": 84,
                }
            ],
            "warrant_reference": "MA-2025-0042",
            "issuing_authority": "Tribunal judiciaire de Paris",
            "warrant_date": "2025-03-14",
            "facts_summary": "Between 2021 and 2023 the person ran a fictitious fund.",
            "facts_time": "2021-2023",
            "facts_place": "Paris",
            "extradition_countries": ["DE", "ES"],
        },
    }


def person_json(full: str = FULL) -> dict[str, object]:
    given, _, family = full.partition(" ")
    return {
        "names": [{"full": full, "given": given, "family": family, "script": "Latn"}],
        "sex": "M",
        "birth_dates": ["1971-04-02"],
        "nationalities": ["FR"],
    }


def published_notice(
    world: World,
    country: str = "fr",
    full: str = FULL,
    title: str = "Wanted for fraud",
) -> str:
    """A Red Notice of `country`'s bureau, drafted, approved (four-eyes) and published."""
    officer = actor(world, f"{country}.officer")
    supervisor = actor(world, f"{country}.supervisor")
    reviewer = actor(world, "reviewer")
    cmd = NoticeIn.model_validate({**red_notice_content(title), "person": person_json(full)})
    nid = notices.create_request(world.db, officer, cmd)
    notices.send_for_approval(world.db, officer, nid)
    notices.approve(world.db, supervisor, world.settings, nid)
    notices.decide(
        world.db,
        reviewer,
        world.settings,
        nid,
        DecisionIn(decision=Decision.PUBLISH, rationale="compliant"),
    )
    return nid
