"""Build freedom_house.json from Freedom House's own Excel releases.

Source: github pachadotdev/freedomhouse, commit 6f484848146f7d05bc94611d71387f3441ac1c6d:
- dev/All_data_FIW_2013-2024.xlsx: 0-40 political-rights and 0-60 civil-liberties scores
  and status, editions 2013-2024 (years under review 2012-2023);
- dev/Country_and_Territory_Ratings_and_Statuses_FIW_1973-2024.xlsx: the 1-7 ratings and
  status per year under review since 1972; used for 1990-2011 only, where no 0-40/0-60
  scores exist. Those years carry `pr_rating`/`cl_rating` (1 best, 7 worst), not `pr`/`cl`.

Only countries are read (territories such as Abkhazia or the West Bank are dropped), mapped
by name. Predecessor states (USSR, Yugoslavia, Serbia and Montenegro, Czechoslovakia, the
two Germanys, Yemens and Vietnams) are dropped, not mapped to a successor.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import common
import openpyxl
import pycountry

ENVELOPE = {
    "id": "freedom_house",
    "title": "Freedom in the World",
    "measure": (
        "Freedom House ratings per calendar year under review ('year' = edition year minus one; "
        "'countries' holds 2023, from the Freedom in the World 2024 edition). For 2012 onward: "
        "'pr' = political rights score 0-40 (Freedom House's additional discretionary question "
        "can take it a few points below 0), 'cl' = civil liberties score 0-60 (higher = more "
        "free for both); 'status' = Free (F), Partly Free (PF) or Not Free (NF). 'series' "
        "entries for 1990-2011 predate the 0-40/0-60 scores and give instead 'pr_rating' and "
        "'cl_rating', Freedom House's 1-7 ratings (1 = most free, 7 = least free), with "
        "'status'."
    ),
    "citation": (
        "Freedom House. 2024. Freedom in the World 2024: The Mounting Damage of Flawed Elections "
        "and Armed Conflict. Washington, DC: Freedom House. Data files 'All Data, FIW 2013-2024' "
        "and 'Country and Territory Ratings and Statuses, 1973-2024'."
    ),
    "url": "https://freedomhouse.org/report/freedom-world",
    "licence": (
        "© Freedom House; no open data licence is stated with the data file. Freedom House "
        "publishes the file for free download and asks users to cite it; reuse is subject to the "
        "terms of use on freedomhouse.org (not verified in this build; the R package that "
        "redistributes the file is CC0 for its own work only)."
    ),
    "obtained_from": (
        "github pachadotdev/freedomhouse, dev/All_data_FIW_2013-2024.xlsx (Freedom House's own "
        "Excel release), commit 6f484848146f7d05bc94611d71387f3441ac1c6d; years 1990-2011 from "
        "dev/Country_and_Territory_Ratings_and_Statuses_FIW_1973-2024.xlsx, same commit"
    ),
    "edition": "Freedom in the World 2024 (covers 2023)",
}
# Freedom House's spellings that pycountry does not resolve.
NAMES = {
    "Brunei": "BN",
    "Congo (Brazzaville)": "CG",
    "Congo (Kinshasa)": "CD",
    "Cote d'Ivoire": "CI",
    "Micronesia": "FM",
    "Russia": "RU",
    "St. Kitts and Nevis": "KN",
    "St. Lucia": "LC",
    "St. Vincent and the Grenadines": "VC",
    "The Gambia": "GM",
    "Turkey": "TR",
}
# Rated countries that are not members, and predecessor states (never mapped to a successor).
DROP = {
    "Kosovo",
    "North Korea",
    "Taiwan",
    "Czechoslovakia",
    "Germany, E.",
    "Germany, W.",
    "Serbia and Montenegro",
    "USSR",
    "Vietnam, N.",
    "Vietnam, S.",
    "Yemen, N.",
    "Yemen, S.",
    "Yugoslavia",
}
SCORES_FROM = 2012  # first year under review in the All Data workbook


def member_code(name: str, members: frozenset[str]) -> str | None:
    """ISO2 for a Freedom House country name; None for a dropped one; unknown names stop."""
    name = name.strip()
    if name in DROP:
        return None
    code = NAMES.get(name)
    if code is None:
        try:
            code = pycountry.countries.lookup(name).alpha_2
        except LookupError:
            raise SystemExit(f"freedom_house: no code for {name!r}") from None
    if code not in members:
        raise SystemExit(f"freedom_house: {name!r} -> {code} is not a member")
    return code


def scores(path: Path, members: frozenset[str], series: common.Series) -> None:
    """2012-2023: the 0-40/0-60 scores and status, as in 'countries'."""
    sheet = openpyxl.load_workbook(path, read_only=True, data_only=True)["FIW13-24"]
    rows = sheet.iter_rows(values_only=True)
    next(rows)  # title
    header = [str(h).strip() for h in next(rows)]
    for raw in rows:
        row = dict(zip(header, raw, strict=True))
        if row["C/T"] != "c":
            continue
        code = member_code(str(row["Country/Territory"]), members)
        if code is None:
            continue
        values = {"pr": row["PR"], "cl": row["CL"], "status": row["Status"]}
        common.add(series, code, int(row["Edition"]) - 1, values)


def ratings(path: Path, members: frozenset[str], series: common.Series) -> None:
    """1990-2011: the 1-7 ratings and status; '-' (not rated that year) is left out."""
    sheet = openpyxl.load_workbook(path, read_only=True, data_only=True)[
        "Country Ratings, Statuses "
    ]
    rows = sheet.iter_rows(values_only=True)
    next(rows)  # survey edition
    under_review = next(rows)  # year under review above each PR/CL/Status triple
    next(rows)  # PR, CL, Status
    columns = {
        y: i
        for i, y in enumerate(under_review)
        if isinstance(y, int) and common.FIRST_YEAR <= y < SCORES_FROM
    }
    for raw in rows:
        if not raw[0]:
            continue
        code = member_code(str(raw[0]), members)
        if code is None:
            continue
        for year, i in sorted(columns.items()):
            pr, cl, status = raw[i : i + 3]
            if (pr, cl, status) == ("-", "-", "-"):
                continue
            values = {"pr_rating": pr, "cl_rating": cl, "status": str(status).strip()}
            common.add(series, code, year, values)


def build(args: argparse.Namespace) -> dict[str, Any]:
    members = common.members()
    series: common.Series = {}
    scores(args.all_data, members, series)
    ratings(args.ratings, members, series)
    doc = common.document(ENVELOPE, series)
    common.validate("freedom_house", doc)
    return doc


if __name__ == "__main__":
    common.main(
        "freedom_house",
        __doc__.splitlines()[0],
        [
            ("all_data", "All_data_FIW_2013-2024.xlsx"),
            ("ratings", "Country_and_Territory_Ratings_and_Statuses_FIW_1973-2024.xlsx"),
        ],
        build,
    )
