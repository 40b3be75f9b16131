"""Build pts.json from the Political Terror Scale PTS-2024 CSV.

Source: github Mohsnmonji/Political-Terror_Dashboard, PTS-2024.csv, commit
9546967ed2dc279f3f16fc59380745935c45f884 (a copy of the PTS project's release).

Rows are mapped to members through their UN M49 code (= ISO 3166 numeric), never by name,
so a renamed country cannot slip through; rows without one (Soviet Union, Yugoslavia,
Czechoslovakia, Kosovo, Gaza, occupied areas...) are predecessor states or non-members and
are dropped. A year with no score from any of the three reports is left out.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path
from typing import Any

import common
import pycountry

ENVELOPE = {
    "id": "pts",
    "title": "Political Terror Scale (PTS)",
    "measure": (
        "Level of state-sanctioned political violence and terror (killings, torture, "
        "disappearances, political imprisonment) in the country-year, coded separately from the "
        "Amnesty International, U.S. State Department and Human Rights Watch annual reports on "
        "an ordinal 1-5 scale where 1 = secure rule of law, no political imprisonment or "
        "torture, and 5 = terror extends to the whole population (5 = worst); null = that report "
        "was unavailable or not coded. 'countries' holds the most recent year with any score "
        "per country (2023; 2022 for Israel and Palestine); 'series' holds every year from 1990 "
        "with any score."
    ),
    "citation": (
        "Gibney, Mark, Peter Haschke, Daniel Arnon, Attilio Pisanò, Gray Barrett, Baekkwan Park, "
        "and Jennifer Barnes. 2024. The Political Terror Scale 1976-2023. Political Terror Scale "
        "website: http://www.politicalterrorscale.org/ (data release PTS-2024; codebook v2.20, "
        "updated 13 August 2024)."
    ),
    "url": "http://www.politicalterrorscale.org/",
    "licence": (
        "No separate data licence stated; the PTS project distributes the data free of charge "
        "and asks users to cite it as above. The accompanying PTS codebook is released under CC "
        "BY-NC 4.0."
    ),
    "obtained_from": (
        "github Mohsnmonji/Political-Terror_Dashboard, PTS-2024.csv (a copy of the PTS project's "
        "PTS-2024 release), commit 9546967ed2dc279f3f16fc59380745935c45f884"
    ),
    "edition": "PTS-2024 (covers 1976-2023)",
}
COLUMNS = {"amnesty": "PTS_A", "state_dept": "PTS_S", "hrw": "PTS_H"}


def score(raw: str) -> int | None:
    """A report's score; PTS writes NA where the report was missing or not coded."""
    return None if raw.strip() == "NA" else int(raw)


def build_series(path: Path) -> common.Series:
    members = common.members()
    series: common.Series = {}
    # The CSV is Latin-1 (Türkiye is written with byte 0xFC).
    with path.open(encoding="latin-1", newline="") as fh:
        for row in csv.DictReader(fh):
            year = int(row["Year"])
            if year < common.FIRST_YEAR or row["UN_Code_N"].strip() == "NA":
                continue
            country = pycountry.countries.get(numeric=f"{int(row['UN_Code_N']):03d}")
            if country is None or country.alpha_2 not in members:
                continue  # Puerto Rico, Western Sahara, North Korea, Taiwan...
            values: dict[str, Any] = {k: score(row[c]) for k, c in COLUMNS.items()}
            if all(v is None for v in values.values()):
                continue
            common.add(series, country.alpha_2, year, values)
    return series


def build(args: argparse.Namespace) -> dict[str, Any]:
    doc = common.document(ENVELOPE, build_series(args.csv))
    common.validate("pts", doc)
    return doc


if __name__ == "__main__":
    common.main(
        "pts",
        __doc__.splitlines()[0],
        [("csv", "PTS-2024.csv from the snapshot named in the module docstring")],
        build,
    )
