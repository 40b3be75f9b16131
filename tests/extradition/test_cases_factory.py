"""Builders for extradition and MLA tests: request files, EAW forms and MLA requests as a
bureau would send them, and a client per demo user. (The checks at the end keep the builders
honest: a builder that drifts from the request-file rules fails here first.)"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import World
from xborder.accounts import service as identity
from xborder.extradition.requestfile import (
    file_from_dict,
    missing_for_formal_request,
    missing_for_provisional_arrest,
)
from xborder.kernel.actor import Actor
from xborder.platform.app import create_app

FAMILY = "Vandersloot"
GIVEN = "Quirinus"


def actor(world: World, username: str) -> Actor:
    a = identity.token_actor(world.db, world.token(username))
    assert a is not None
    return a


def request_file(nationality: str = "FR", refs: tuple[str, ...] = ("O1",)) -> dict[str, Any]:
    """A complete formal request file (ECE art. 12) for a fraud."""
    return {
        "person": {
            "family_name": FAMILY,
            "given_names": GIVEN,
            "birth_date": "1975-02-11",
            "nationalities": [nationality],
            "sex": "M",
            "description": "1.85 m, grey eyes, scar on the left hand",
            "location": "Believed to live in the requested state",
            "photo_refs": ["photo-1"],
            "fingerprint_refs": [],
        },
        "warrant": {
            "kind": "arrest_warrant",
            "authority": "Investigating judge, Tribunal judiciaire de Paris",
            "reference": "MA-2026-0117",
            "issued_on": "2026-03-02",
            "in_absentia": False,
            "retrial_guaranteed": False,
            "sentence_months": None,
            "sentence_remaining_months": None,
        },
        "offences": [
            {
                "ref": ref,
                "title": f"Aggravated fraud ({ref})",
                "acts": "Sold shares of a fictitious fund to 240 pensioners.",
                "place": "Paris",
                "place_country": "FR",
                "committed_on": "2024-05-01",
                "law_text": "Code pénal art. 313-1 and 313-2",
                "max_penalty_months": 84,
                "eaw_category": "swindling",
                "requested_state_offence": "Betrug (StGB § 263)",
                "requested_state_penalty_months": 60,
                "limitation_ends": "2030-05-01",
                "nature": [],
                "punishable_by_death": False,
            }
            for ref in refs
        ],
        "assurances": {
            "death_penalty": False,
            "fair_trial": True,
            "prison_conditions": True,
            "speciality": True,
            "retrial": False,
        },
        "limitation_rules": "Six years from the last act (Code de procédure pénale art. 8).",
    }


def provisional_data() -> dict[str, Any]:
    """The urgent minimum (ECE art. 16(2))."""
    f = request_file()
    return {
        "person": {"family_name": FAMILY, "given_names": GIVEN, "birth_date": "1975-02-11"},
        "warrant": {k: f["warrant"][k] for k in ("kind", "authority", "reference", "issued_on")},
        "offences": [
            {k: o[k] for k in ("title", "committed_on", "place", "place_country")}
            for o in f["offences"]
        ],
        "urgency": "The person is about to board a flight.",
    }


ISSUER = {
    "representative": "Mme A. Berger",
    "representative_title": "Juge d'instruction",
    "address": "Parvis du Tribunal de Paris, 75017 Paris",
    "telephone": "+33 1 44 32 51 51",
    "email": "eaw@justice.example",
}


def eaw_case(world: World, requested: str = "DE") -> str:
    """France asks `requested` (an EU member) by European Arrest Warrant: the request file
    and the warrant's form drawn from it."""
    from xborder.extradition import service as ext
    from xborder.extradition.commands import ExtraditionIn

    file = request_file()
    return ext.create_request(
        world.db,
        actor(world, "fr.officer"),
        world.settings,
        ExtraditionIn(
            requested_country=requested,
            legal_basis="eaw",
            title="Swindling",
            provisional=False,
            file=file,
            eaw=ext.draft_eaw(file, ISSUER),
        ),
    )


def preservation_request() -> dict[str, Any]:
    """Budapest Convention art. 29(2)."""
    return {
        "authority": "Parquet de Paris, cybercrime section (J3)",
        "offence": "Ransomware attack on a hospital on 2026-10-02 (art. 323-1 Code pénal)",
        "stored_data": "Subscriber and traffic data of the account used to pay the ransom",
        "custodian": "Hosting provider Examplehost GmbH, Frankfurt",
        "necessity": "The provider deletes logs after 30 days",
        "mla_intention": True,
    }


def client(world: World, username: str) -> TestClient:
    c = TestClient(create_app(world.settings, world.db))
    c.headers.update(world.headers(username))
    return c


def test_the_builders_make_a_complete_formal_file_and_a_sufficient_urgent_request() -> None:
    assert missing_for_formal_request(file_from_dict(request_file())) == []
    assert missing_for_provisional_arrest(provisional_data()) == []
    broken = request_file()
    broken["offences"][0]["law_text"] = ""
    assert missing_for_formal_request(file_from_dict(broken))
