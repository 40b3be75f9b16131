"""Notices made through the notices service, as a bureau and the secretariat make them, for the
public extract and transparency tests."""

from __future__ import annotations

from typing import Any

from tests.conftest import World
from xborder.accounts.service import token_actor
from xborder.api.schemas import PersonIn
from xborder.kernel.actor import Actor
from xborder.names import detect_script
from xborder.notices import service as notices
from xborder.notices.commands import ContentIn, DecisionIn, NoticeIn
from xborder.notices.domain import Decision, RefusalGround


def actor(world: World, username: str) -> Actor:
    a = token_actor(world.db, world.token(username))
    assert a is not None
    return a


def person(
    forename: str = "Jean",
    family: str = "Dupont",
    *,
    sex: str = "M",
    birth: str | None = "1980-05-17",
    nationalities: tuple[str, ...] = ("FR",),
    extra_names: list[dict[str, Any]] | None = None,
    **more: Any,
) -> PersonIn:
    full = f"{forename} {family}"
    names = [{"full": full, "given": forename, "family": family, "script": detect_script(full)}]
    return PersonIn.model_validate(
        {
            "names": names + (extra_names or []),
            "sex": sex,
            "birth_dates": [birth] if birth else [],
            "nationalities": list(nationalities),
            "languages": ["fra", "eng"],
            "place_of_birth": "Lyon",
            "country_of_birth": "FR",
            "description": {
                "height_m": 1.78,
                "weight_kg": 74,
                "eye_colour": "BRO",
                "hair_colour": "BLA",
                "distinguishing_marks": "scar on the left hand",
            },
            **more,
        }
    )


def red_content(
    *,
    public: bool = True,
    charges: tuple[str, ...] = ("Armed robbery",),
    restricted_to: list[str] | None = None,
    title: str = "Armed robbery in Lyon",
) -> ContentIn:
    return ContentIn.model_validate(
        {
            "notice_type": "red",
            "subject_status": "wanted",
            "title": title,
            "summary": "Robbery of a jeweller's shop with a firearm.",
            "judicial": {
                "basis": "prosecution",
                "offences": [
                    {
                        "description": c,
                        "law": "Code pénal art. 311-8",
                        "max_penalty_months": 240,
                    }
                    for c in charges
                ],
                "warrant_reference": "MA-2025-0042",
                "issuing_authority": "Tribunal judiciaire de Lyon",
                "facts_summary": "On 3 March 2025 two men robbed a jeweller's shop at gunpoint.",
                "facts_time": "2025-03-03",
                "facts_place": "Lyon",
                "extradition_countries": ["DE", "ES"],
            },
            "public_extract": public,
            "restricted_to": restricted_to,
        }
    )


def yellow_content(*, public: bool = True) -> ContentIn:
    return ContentIn.model_validate(
        {
            "notice_type": "yellow",
            "subject_status": "missing",
            "title": "Missing teenager",
            "summary": "Left home and did not come back.",
            "details": {"missing_since": "2025-06-01", "last_seen_place": "Marseille"},
            "public_extract": public,
        }
    )


def un_content(*, public: bool = True) -> ContentIn:
    return ContentIn.model_validate(
        {
            "notice_type": "un",
            "subject_status": "sanctioned",
            "title": "Sanctions list entry",
            "summary": "Listed by the Security Council.",
            "details": {"un_committee": "1267 Committee", "un_reference": "QDi.999"},
            "public_extract": public,
        }
    )


def notice_in(content: ContentIn, subject: PersonIn | None) -> NoticeIn:
    """The request a bureau drafts: the content with its subject's particulars."""
    return NoticeIn.model_validate({**content.model_dump(), "person": subject})


def submit(
    world: World,
    content: ContentIn,
    subject: PersonIn | None,
    country: str = "fr",
) -> str:
    """Draft, four-eyes approval: the request reaches the secretariat's queue."""
    officer = actor(world, f"{country}.officer")
    nid = notices.create_request(world.db, officer, notice_in(content, subject))
    notices.send_for_approval(world.db, officer, nid)
    notices.approve(world.db, actor(world, f"{country}.supervisor"), world.settings, nid)
    return nid


def publish(world: World, content: ContentIn, subject: PersonIn | None, country: str = "fr") -> str:
    nid = submit(world, content, subject, country)
    notices.decide(
        world.db,
        actor(world, "reviewer"),
        world.settings,
        nid,
        DecisionIn(decision=Decision.PUBLISH, rationale="compliant"),
    )
    return nid


def refuse(
    world: World,
    content: ContentIn,
    subject: PersonIn | None,
    grounds: list[RefusalGround],
    country: str = "fr",
) -> str:
    nid = submit(world, content, subject, country)
    notices.decide(
        world.db,
        actor(world, "reviewer"),
        world.settings,
        nid,
        DecisionIn(decision=Decision.REFUSE, rationale="not compliant", grounds=grounds),
    )
    return nid


def number(world: World, notice_id: str) -> str:
    from xborder.notices.tables import NoticeRow

    with world.db.transaction() as s:
        row = s.get(NoticeRow, notice_id)
        assert row is not None
        return row.number
