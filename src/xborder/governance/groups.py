"""The groups every evaluation reports on: region (UN M49 continent) of the person's country
and age band at the reference year; "unknown" where the data does not say."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
AGE_BANDS: tuple[tuple[int, int, str], ...] = (
    (0, 17, "0-17"),
    (18, 29, "18-29"),
    (30, 44, "30-44"),
    (45, 59, "45-59"),
    (60, 200, "60+"),
)
UNKNOWN = "unknown"


@cache
def regions() -> dict[str, str]:
    data: dict[str, str] = json.loads((DATA / "regions.json").read_text("utf-8"))["regions"]
    return data


def region_of(country: str | None) -> str:
    return regions().get((country or "").upper(), UNKNOWN)


def age_band(birth_dates: tuple[str, ...], reference_year: int) -> str:
    """The band of the first birth date's year (a span counts by its middle year)."""
    if not birth_dates:
        return UNKNOWN
    d = birth_dates[0]
    try:
        if "/" in d:
            lo, hi = (int(p[:4]) for p in d.split("/", 1))
            year = (lo + hi) // 2
        else:
            year = int(d[:4])
    except ValueError:
        return UNKNOWN
    age = reference_year - year
    for lo_age, hi_age, label in AGE_BANDS:
        if lo_age <= age <= hi_age:
            return label
    return UNKNOWN
