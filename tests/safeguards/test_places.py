"""Country names in a place text, in the request languages (CLDR names through Babel)."""

from __future__ import annotations

import pytest

from xborder.safeguards.places import countries_named


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("The Hague, Netherlands", {"NL"}),
        ("Suisse et Algérie", {"CH", "DZ"}),
        ("Donetsk region, Ukraine", {"UA"}),
        ("Донецкая область, Украина", {"UA"}),
        ("القاهرة، جمهورية مصر العربية", {"EG"}),
        ("Istanbul, Türkiye", {"TR"}),
        ("Moscow, Russian Federation", {"RU"}),
        ("Bogotá, Colombia; Miami, United States", {"CO", "US"}),
        ("Port Moresby, Papua New Guinea", {"PG"}),  # not Guinea as well
        ("Belfast, Northern Ireland", {"GB"}),  # not Ireland
        ("Istanbul, Turkey", {"TR"}),  # a name CLDR no longer gives
        ("Kinshasa, DR Congo", {"CD"}),
        ("République démocratique du Congo", {"CD"}),
        ("Albuquerque, New Mexico, USA", {"US"}),  # a region that contains a country's name
        ("Minna, Niger State", set()),
        # country names that are also places elsewhere count only alone
        ("Atlanta, Georgia, USA", {"US"}),
        ("Tbilisi, Georgia", {"GE"}),
        ("Granada, España", {"ES"}),
        ("عمان، الأردن", {"JO"}),
        ("Santa Lucía, Uruguay", {"UY"}),
        ("Saint-Maurice, Suisse", {"CH"}),
        ("Mexico City, Mexico", {"MX"}),
        ("the capital", set()),
        ("", set()),
    ],
)
def test_the_countries_a_place_names(text: str, codes: set[str]) -> None:
    assert countries_named(text) == codes


def test_a_word_inside_another_is_not_a_country() -> None:
    # مصرف (a bank) begins like مصر (Egypt); "Omaha" like "Oman"
    assert countries_named("مصرف الرافدين") == frozenset()
    assert countries_named("Omaha, Nebraska") == frozenset()
