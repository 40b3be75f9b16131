"""Build vdem.json from vdemlite, a subset of the V-Dem v14 country-year dataset.

Source: github eteitelbaum/vdemlite, data/vdemlite.rda, commit
a992948a1cf30282f6ccac4a06f9e53222ce1006 (an R data file, read with the `rdata` package).

V-Dem's country codes are ISO alpha-3 for every member it covers; its own codes for other
units (Somaliland, Zanzibar, Palestine/Gaza, Kosovo, the GDR, South Yemen) are dropped.
V-Dem codes some states as one unit with their predecessor: "Russia" is the Soviet Union
before 1992, "Czechia" is Czechoslovakia before 1993 and "Serbia" is Yugoslavia / Serbia and
Montenegro before 2006. Those years are dropped rather than credited to today's state.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import Any

import common
import pycountry
import rdata

ENVELOPE = {
    "id": "vdem",
    "title": "Varieties of Democracy (V-Dem) Country-Year Dataset",
    "measure": (
        "V-Dem point estimates on 0-1 interval scales, higher = better: 'libdem' = Liberal "
        "Democracy Index (v2x_libdem), 'freexp' = Freedom of Expression and Alternative Sources "
        "of Information Index (v2x_freexp_altinf), 'physinteg' = Physical Violence Index "
        "(v2x_clphy; higher = more freedom from political killings and torture by the "
        "government), 'jucon' = Judicial Constraints on the Executive Index (v2x_jucon; how far "
        "the executive respects the constitution and court rulings and the judiciary acts "
        "independently). 'countries' holds the most recent year per country (2023 for all "
        "countries covered); 'series' holds every year from 1990 with a Liberal Democracy "
        "Index value."
    ),
    "citation": (
        "Coppedge, Michael, John Gerring, Carl Henrik Knutsen, Staffan I. Lindberg, Jan Teorell, "
        'et al. 2024. "V-Dem [Country-Year/Country-Date] Dataset v14." Varieties of Democracy '
        "(V-Dem) Project. https://www.v-dem.net/data/the-v-dem-dataset/"
    ),
    "url": "https://www.v-dem.net/data/the-v-dem-dataset/",
    "licence": "CC BY-SA 4.0",
    "obtained_from": (
        "github eteitelbaum/vdemlite, data/vdemlite.rda (subset of V-Dem v14 built from the "
        "vdemdata R package), commit a992948a1cf30282f6ccac4a06f9e53222ce1006"
    ),
    "edition": "v14 (2024; covers up to 2023)",
}
COLUMNS = {
    "libdem": "v2x_libdem",
    "freexp": "v2x_freexp_altinf",
    "physinteg": "v2x_clphy",
    "jucon": "v2x_jucon",
}
# V-Dem units that are not members (their own codes, or ISO codes of non-members), and
# Palestine/West Bank, which does not cover the whole State of Palestine.
DROP = {"DDR", "HKG", "PRK", "PSE", "PSG", "SML", "TWN", "XKX", "YMD", "ZZB"}
# First year in which the unit is today's state rather than its predecessor.
STATE_FROM = {"RUS": 1992, "CZE": 1993, "SRB": 2006}


def number(v: Any) -> float | None:
    """A point estimate rounded to 3 decimals; NA (NaN in the R file) is None."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    return round(float(v), 3)


def build_series(path: Path) -> common.Series:
    members = common.members()
    frame = rdata.read_rda(str(path))["vdemlite"]
    series: common.Series = {}
    for row in frame[["country_text_id", "year", *COLUMNS.values()]].itertuples(index=False):
        unit, year = str(row[0]), int(row[1])
        if unit in DROP or year < max(common.FIRST_YEAR, STATE_FROM.get(unit, 0)):
            continue
        country = pycountry.countries.get(alpha_3=unit)
        if country is None or country.alpha_2 not in members:
            raise SystemExit(f"vdem: unit {unit!r} is neither a member nor in DROP")
        raw = dict(zip(COLUMNS, (number(v) for v in row[2:]), strict=True))
        if raw["libdem"] is None:
            continue  # the index the file is about; other fields are left out when missing
        values = {k: v for k, v in raw.items() if v is not None}
        common.add(series, country.alpha_2, year, values)
    return series


def build(args: argparse.Namespace) -> dict[str, Any]:
    doc = common.document(ENVELOPE, build_series(args.rda))
    common.validate("vdem", doc)
    return doc


if __name__ == "__main__":
    common.main(
        "vdem",
        __doc__.splitlines()[0],
        [("rda", "vdemlite.rda from the snapshot named in the module docstring")],
        build,
    )
