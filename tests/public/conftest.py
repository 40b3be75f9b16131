"""Fixtures shared by the public notices tests."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.conftest import World
from tests.public import factory as f


@pytest.fixture
def cast(world: World) -> dict[str, str]:
    """Five public Red Notices, each differing in what one filter looks at."""
    today = datetime.now(UTC).date()
    return {
        "jean": f.publish(
            world, f.red_content(), f.person("Jean-Pierre", "Dupont", birth="1980-05-17")
        ),
        "marie": f.publish(
            world,
            f.red_content(charges=("Fraud",)),
            f.person("Marie", "Lambert", sex="F", birth=f"{today.year - 30}", nationalities=()),
        ),
        "ivan": f.publish(
            world,
            f.red_content(charges=("Drug trafficking",)),
            f.person(
                "Иван",
                "Петров",
                birth=f"{today.year - 41}-{today.month:02d}",
                nationalities=("RUS",),
                extra_names=[
                    {
                        "full": "Ivan Petrov",
                        "given": "Ivan",
                        "family": "Petrov",
                        "kind": "transliteration",
                        "system": "icao9303",
                    },
                    {"full": "Vanya Secret", "given": "Vanya", "family": "Secret", "kind": "alias"},
                ],
            ),
        ),
        "unknown_age": f.publish(world, f.red_content(), f.person("Paul", "Sansdate", birth=None)),
        "german": f.publish(
            world,
            f.red_content(charges=("Money laundering",)),
            f.person("Hans", "Dupont", birth="1990-01-01", nationalities=("DE",)),
            country="de",
        ),
    }
