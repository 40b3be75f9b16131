"""Build treaties.json from World Politics Datalab's compilation of UN Treaty Collection
status (May-June 2022).

Source: github world-politics-datalab/humanrights-treaties-ratification-status, commit
fdb779e6a4a121c3024b4a72e72833a448a2b62d: hr_status_cat.csv, hr_status_iccpr.csv and
hr_status_iccpr_op2.csv, one row per UN member with party status and the year of
ratification, accession or succession.

The source has no dates and no history beyond that year, so each year from 1990 to 2022 is
a boolean: true from the year the state became a party. A state that did not exist in 1990
starts in the year it became independent (STATE_FROM), not with years of "not a party"
when it was not yet a state. `cat_art22` and `refugee_convention` are not in the source and
stay null (not available).
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path
from typing import Any

import common

ENVELOPE = {
    "id": "treaties",
    "title": (
        "Core United Nations Human Rights Instruments: Their Ratification Status (from the UN "
        "Treaty Collection)"
    ),
    "measure": (
        "Whether the state is a party (ratification, accession or succession) to each treaty as "
        "recorded in the UN Treaty Collection, as compiled in mid-2022: true = state party, "
        "false = not a party (signed only, or no action). The source gives only party status and "
        "year, not exact dates, so booleans are used instead of dates. 'countries' holds the "
        "status in 2022; 'series' holds each year from 1990 (or from independence, for states "
        "formed later) to 2022, true from the year of ratification, accession or succession. "
        "'cat' = Convention against Torture (1984); 'iccpr' = International Covenant on Civil "
        "and Political Rights (1966); 'iccpr_op2' = Second Optional Protocol to the ICCPR, "
        "aiming at the abolition of the death penalty (1989). 'cat_art22' (CAT article 22 "
        "declaration) and 'refugee_convention' (1951 Convention / 1967 Protocol) are null for "
        "every country because this source does not cover them: null means 'not available', not "
        "'not a party'. Covers UN member states only."
    ),
    "citation": (
        "World Politics Datalab. 2022. Core United Nations Human Rights Instruments: Their "
        "Ratification Status (data compiled from the United Nations Treaty Collection, Status of "
        "Treaties, Chapter IV: Human Rights, May-June 2022). "
        "https://github.com/world-politics-datalab/humanrights-treaties-ratification-status"
    ),
    "url": "https://treaties.un.org/Pages/Treaties.aspx?id=4&subid=A&clang=_en",
    "licence": (
        "Underlying treaty status is public information from the UN Treaty Collection (United "
        "Nations terms of use); the compiling repository states no licence."
    ),
    "obtained_from": (
        "github world-politics-datalab/humanrights-treaties-ratification-status, "
        "hr_status_cat.csv, hr_status_iccpr.csv, hr_status_iccpr_op2.csv, commit "
        "fdb779e6a4a121c3024b4a72e72833a448a2b62d"
    ),
    "edition": "2022 compilation (as of May-June 2022)",
}
COMPILED = 2022  # the year the compilation was made: the last year it can speak for
TREATIES = ("cat", "iccpr", "iccpr_op2")
RENAMED = {"TP": "TL"}  # the old code for Timor-Leste
# Members that became independent states after 1 January 1990: the Soviet Union's and
# Yugoslavia's successors, Czechia and Slovakia, Eritrea, Palau, Timor-Leste, Serbia and
# Montenegro as separate states, South Sudan.
SOVIET = ("AM", "AZ", "BY", "EE", "GE", "KG", "KZ", "LT", "LV", "MD", "RU", "TJ", "TM", "UA", "UZ")
STATE_FROM = {
    **dict.fromkeys(SOVIET, 1991),
    **dict.fromkeys(("HR", "SI", "MK"), 1991),
    "BA": 1992,
    **dict.fromkeys(("CZ", "SK", "ER"), 1993),
    "PW": 1994,
    "TL": 2002,
    **dict.fromkeys(("ME", "RS"), 2006),
    "SS": 2011,
}


def party_since(path: Path, members: frozenset[str]) -> dict[str, int | None]:
    """Each member's first year as a party to one treaty; None = not a party in 2022."""
    out: dict[str, int | None] = {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            code = RENAMED.get(row["iso2"], row["iso2"])
            if code not in members:
                continue  # North Korea
            party = row["state party"] == "1"
            year = row["year ratification or accession"].strip()
            if party != bool(year):
                raise SystemExit(f"treaties/{path.name}: {code}: party {party}, year {year!r}")
            out[code] = int(year) if party else None
    return out


def build_series(folder: Path) -> common.Series:
    members = common.members()
    since = {t: party_since(folder / f"hr_status_{t}.csv", members) for t in TREATIES}
    codes = set(since["cat"])
    if any(set(s) != codes for s in since.values()):
        raise SystemExit("treaties: the three files cover different states")
    series: common.Series = {}
    for code in codes:
        for year in range(max(common.FIRST_YEAR, STATE_FROM.get(code, 0)), COMPILED + 1):
            party = {t: since[t][code] is not None and since[t][code] <= year for t in TREATIES}
            values = {
                "cat": party["cat"],
                "cat_art22": None,
                "iccpr": party["iccpr"],
                "iccpr_op2": party["iccpr_op2"],
                "refugee_convention": None,
            }
            common.add(series, code, year, values)
    return series


def build(args: argparse.Namespace) -> dict[str, Any]:
    doc = common.document(ENVELOPE, build_series(args.folder))
    common.validate("treaties", doc)
    return doc


if __name__ == "__main__":
    common.main(
        "treaties",
        __doc__.splitlines()[0],
        [("folder", "folder holding the three hr_status_*.csv files from the snapshot")],
        build,
    )
