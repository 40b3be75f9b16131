"""ISO 3166 countries through pycountry: codes are validated, never free text."""

from __future__ import annotations

import json
from functools import cache, lru_cache
from importlib import resources

import pycountry

from xborder.kernel.errors import Invalid


@lru_cache(maxsize=512)
def country_name(alpha2: str) -> str:
    c = pycountry.countries.get(alpha_2=alpha2.upper())
    if c is None:
        raise Invalid(f"unknown ISO 3166 country code: {alpha2!r}")
    return str(getattr(c, "common_name", None) or c.name)


def normalise_country(code: str) -> str:
    """Accept alpha-2 or alpha-3, any case; return alpha-2 upper case."""
    code = code.strip().upper()
    c = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
    if c is None and len(code) == 3:
        c = pycountry.countries.get(alpha_3=code)
    if c is None:
        raise Invalid(f"unknown ISO 3166 country code: {code!r}")
    return str(c.alpha_2)


def all_alpha2() -> list[str]:
    return sorted(str(c.alpha_2) for c in pycountry.countries)


@cache
def members() -> tuple[str, ...]:
    """The member countries, as ISO alpha-2 codes (data/members.json): what the country
    data must cover and the demo world's bureaus."""
    raw = resources.files("xborder.kernel").joinpath("data/members.json").read_text("utf-8")
    return tuple(json.loads(raw)["members"])
