"""Build press_freedom.json from RSF's World Press Freedom Index CSVs, 2022-2025.

Source: github unguisdraconis/rsf-streamgraph, data/2022.csv ... data/2025.csv, commit
a21763acc011f67b72acdb57888a19c3b363ee09 (RSF's own CSV downloads, one per edition).

RSF changed its method in 2022; before that a lower score meant a freer press, and the
scores are not comparable. Only the 2022-2025 editions (the current scale, higher = freer)
are read, although the snapshot has earlier years. RSF's ISO alpha-3 codes are mapped to
ISO2; its own codes for the OECS, Kosovo and Northern Cyprus, and non-members (Hong Kong,
North Korea, Taiwan), are dropped: RSF rates the six OECS members as one unit, so they get
no score rather than that shared one.
"""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path
from typing import Any

import common
import pycountry

ENVELOPE = {
    "id": "press_freedom",
    "title": "World Press Freedom Index",
    "measure": (
        "RSF World Press Freedom Index global score (0-100, higher = freer press; scale used "
        "since the 2022 methodology, not comparable with pre-2022 editions, which are therefore "
        "not included) and rank among the 180 countries and territories assessed (1 = freest). "
        "'year' is the index edition year as labelled by RSF; each edition assesses the "
        "previous calendar year plus the start of the edition year. 'countries' holds the 2025 "
        "edition; 'series' holds the 2022-2025 editions."
    ),
    "citation": (
        "Reporters Without Borders (RSF). 2025. World Press Freedom Index 2025. Paris: RSF. "
        "https://rsf.org/en/index"
    ),
    "url": "https://rsf.org/en/index",
    "licence": (
        "© Reporters Without Borders; no open data licence stated. RSF publishes the index data "
        "for free download and asks that RSF be cited as the source (terms not verified in this "
        "build)."
    ),
    "obtained_from": (
        "github unguisdraconis/rsf-streamgraph, data/2025.csv (RSF's own 2025 CSV download), "
        "commit a21763acc011f67b72acdb57888a19c3b363ee09; editions 2022-2024 from data/2022.csv, "
        "data/2023.csv and data/2024.csv, same commit"
    ),
    "edition": "2025",
}
EDITIONS = range(2022, 2026)  # 2022: first edition on the current scale
NOT_MEMBERS = {"CSS", "XCD", "XKO", "XKX", "CTU", "HKG", "PRK", "TWN"}


def read(path: Path) -> list[dict[str, str]]:
    """One edition's rows. The files are UTF-8 except 2025, which is in a single-byte code
    page; only ASCII columns are read, so Latin-1 is a safe fallback."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def number(raw: str) -> float:
    """RSF writes decimal commas."""
    return float(raw.strip().replace(",", "."))


def build_series(folder: Path) -> common.Series:
    members = common.members()
    series: common.Series = {}
    for edition in EDITIONS:
        for row in read(folder / f"{edition}.csv"):
            if int(row["Year (N)"]) != edition:
                raise SystemExit(f"press_freedom: {edition}.csv has year {row['Year (N)']}")
            iso3 = row["ISO"].strip()
            if iso3 in NOT_MEMBERS:
                continue
            country = pycountry.countries.get(alpha_3=iso3)
            if country is None or country.alpha_2 not in members:
                raise SystemExit(f"press_freedom: {iso3!r} is neither a member nor dropped")
            score = row.get("Score", row.get(f"Score {edition}", ""))
            values = {"score": number(score), "rank": int(row["Rank"])}
            common.add(series, country.alpha_2, edition, values)
    return series


def build(args: argparse.Namespace) -> dict[str, Any]:
    doc = common.document(ENVELOPE, build_series(args.folder))
    common.validate("press_freedom", doc)
    return doc


if __name__ == "__main__":
    common.main(
        "press_freedom",
        __doc__.splitlines()[0],
        [("folder", "the snapshot's data/ folder holding 2022.csv ... 2025.csv")],
        build,
    )
