"""Build death_penalty.json from Amnesty International's death-penalty map data.

Source: github amnestywebsite/amnesty-death-penalty, data/data.json, commit
a3bb5fe339b8e09f770a902d887a0ad5cd012e29: one entry per year (2009-2022), each with every
country's status as of 31 December and the executions Amnesty recorded that year.

Entries are matched by ISO alpha-3, except where the map data's code is wrong: Dominica is
given `DOM` (the Dominican Republic's code) from 2017 and Ukraine `URK` in 2010, so those
are mapped by name first. A year with no status (South Sudan before independence) is left
out.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

import common
import pycountry

ENVELOPE = {
    "id": "death_penalty",
    "title": (
        "Amnesty International: Death Sentences and Executions (abolitionist and retentionist "
        "countries)"
    ),
    "measure": (
        "Death-penalty status as classified by Amnesty International as of 31 December of each "
        "year (abolitionist for all crimes; abolitionist for ordinary crimes only; abolitionist "
        "in practice = no execution for at least 10 years and an established practice of not "
        "executing; retentionist), and 'executions' = executions recorded by Amnesty "
        "International in that year. 'countries' holds 2022; 'series' holds 2009-2022, one "
        "annual report each. Amnesty's figures are minimums: where Amnesty gives 'N+' the value "
        "is the lower bound N; null where Amnesty gives no number ('+' = executions took place "
        "but no figure could be confirmed, '-' = Amnesty could not confirm whether executions "
        "took place, China's 'thousands', or an empty field, which the map data uses for most "
        "abolitionist countries before 2017)."
    ),
    "citation": (
        "Amnesty International. 2023. Death Sentences and Executions 2022 (Amnesty International "
        "Global Report). London: Amnesty International. Figures as published in Amnesty "
        "International's interactive death-penalty map data."
    ),
    "url": "https://www.amnesty.org/en/what-we-do/death-penalty/",
    "licence": (
        "Amnesty International's death-penalty reports are licensed CC BY-NC-ND 4.0 except where "
        "otherwise noted; the map repository itself carries no licence file."
    ),
    "obtained_from": (
        "github amnestywebsite/amnesty-death-penalty, data/data.json (Amnesty International's "
        "own map data, year entries 2009-2022), commit a3bb5fe339b8e09f770a902d887a0ad5cd012e29"
    ),
    "edition": "Death Sentences and Executions 2022 (published 2023)",
}
STATUS = {
    "ABOLITIONIST": "abolitionist_all_crimes",
    "ABOLITIONIST FOR ORDINARY CRIMES": "abolitionist_ordinary_crimes",
    "ABOLITIONIST IN PRACTICE": "abolitionist_in_practice",
    "RETENTIONIST": "retentionist",
}
BY_NAME = {"DOMINICA": "DM"}  # before the code: the map data gives Dominica `DOM` from 2017
BY_CODE = {"URK": "UA"}  # a typo for UKR in the 2010 entry
NOT_MEMBERS = {"COK", "GRL", "HKG", "NIU", "PRI", "PRK", "RKS", "TWN"}
COUNT = re.compile(r"(\d+)\+?")


def executions(raw: object) -> int | None:
    """Amnesty's figure as a number: 'N+' is the lower bound N; anything without a number
    ('+', '-', '1,000s', empty) is None rather than a guess."""
    if isinstance(raw, int):
        return raw
    match = COUNT.fullmatch(str(raw).strip())
    return int(match.group(1)) if match else None


def member_code(entry: dict[str, Any], members: frozenset[str]) -> str | None:
    """ISO2 for a map entry; None for a non-member; anything unexpected stops the build."""
    code = BY_NAME.get(entry["name"]) or BY_CODE.get(entry["id"])
    if code is None:
        if entry["id"] in NOT_MEMBERS:
            return None
        country = pycountry.countries.get(alpha_3=entry["id"])
        code = country.alpha_2 if country else None
    if code not in members:
        raise SystemExit(f"death_penalty: no member for {entry['id']!r} {entry['name']!r}")
    return code


def build_series(path: Path) -> common.Series:
    members = common.members()
    series: common.Series = {}
    for year_entry in json.loads(path.read_text("utf-8")):
        year = int(year_entry["year"])
        for entry in year_entry["countries"]:
            code = member_code(entry, members)
            if code is None or not entry["status"]:
                continue
            values = {
                "status": STATUS[entry["status"]],
                "executions": executions(entry["executions"]),
            }
            common.add(series, code, year, values)
    return series


def build(args: argparse.Namespace) -> dict[str, Any]:
    doc = common.document(ENVELOPE, build_series(args.json))
    common.validate("death_penalty", doc)
    return doc


if __name__ == "__main__":
    common.main(
        "death_penalty",
        __doc__.splitlines()[0],
        [("json", "data/data.json from the snapshot named in the module docstring")],
        build,
    )
