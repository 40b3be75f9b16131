"""Extend the packaged political calendar past 2021 from two pinned public copies.

Why this exists: outside EU/OECD countries the calendar's events stopped in 2021 (REIGN's
last release) and its protests in March 2020 (Mass Mobilization V5), so the compliance
checks, which look for requests within 90 days of such events, had nothing to compare a
2021-2026 request with. This script adds, and only adds:

* protests from the Carnegie Endowment's Global Protest Tracker (source id
  ``carnegie_gpt``), starting from April 2020, the first month after Mass Mobilization ends;
* coups from a newer commit of the same Powell & Thyne month-level copy the calendar
  already used from 2023 onward (source id ``powell_thyne``), now to December 2025.

Every event comes from a file read out of a git snapshot at a pinned commit and checked
against its git blob id, so a rerun either reproduces ``calendar.json`` byte for byte or
fails. Events of the other sources are left as they are. The script is idempotent: it
drops the events of the two source ids it owns and rebuilds them.

    M=/work/.mirror
    python tools/countrydata/calendar/extend_calendar.py \\
        --carnegie-git $M/Rushikeshay+CAPP-30239-Data-Visualization-for-Policy-Analysis/repo \\
        --powell-thyne-git $M/Ahmed-Ansari02+COMP0197_CW2/repo

See tools/countrydata/CALENDAR.md for the rules and the resulting counts.
"""

from __future__ import annotations

import argparse
import calendar as cal
import csv
import hashlib
import io
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pycountry

ROOT = Path(__file__).resolve().parents[3]
CALENDAR = ROOT / "src/xborder/safeguards/data/country/calendar.json"
MEMBERS = ROOT / "src/xborder/kernel/data/members.json"

# --- pinned inputs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pinned:
    """A file inside a public repository at one commit, with the blob id it must have."""

    repo: str
    commit: str
    path: str
    blob: str


CARNEGIE_FILE = Pinned(
    repo="Rushikeshay/CAPP-30239-Data-Visualization-for-Policy-Analysis",
    commit="1333786b80bad7706f607c60a6f1f3a87dbeeb2c",
    path="Interactive/Draft 1/Global Protest Tracker.xlsx",
    blob="36418a93ab97cea6b19d564a57ed7cbb06ae0f69",
)
POWELL_THYNE_FILE = Pinned(
    repo="Ahmed-Ansari02/COMP0197_CW2",
    commit="d65d2d668a9bf7e94053ef2cf72a437c90fc0e2b",
    path="data/processed/member_b/powell_thyne_coups.csv",
    blob="163c18238e0da12cf551ac6b59912bdec757f97a",
)

# --- rules --------------------------------------------------------------------------------------

CARNEGIE_FROM = date(2020, 4, 1)  # Mass Mobilization's last protest starts on 2020-03-08
MIN_PARTICIPANTS = 5000  # the size floor the Mass Mobilization protests already use
MAX_PROTESTS_PER_COUNTRY = 25  # per source, as for Mass Mobilization
POWELL_THYNE_FROM = "2023-01"  # Cline Center v2.1.2 covers coups to the end of 2022

# The tracker lists some places apart from the state they belong to. They are filed under
# that member, with the place named in the label. Kosovo and Taiwan are not in members.json
# and are dropped, as the other country files do.
CARNEGIE_NAMES = {
    "Democratic Republic of the Congo": ("CD", ""),
    "Ivory Coast": ("CI", ""),
    "Republic of Ireland": ("IE", ""),
    "Russia": ("RU", ""),
    "The Gambia": ("GM", ""),
    "Turkey": ("TR", ""),
    "Gaza Strip": ("PS", "Gaza Strip"),
    "West Bank": ("PS", "West Bank"),
    "Indian Kashmir": ("IN", "Indian Kashmir"),
    "Hong Kong": ("CN", "Hong Kong"),
    "French Polynesia": ("FR", "French Polynesia"),
    "Transnistria": ("MD", "Transnistria"),
}
CARNEGIE_DROPPED = {"Kosovo", "Taiwan"}

MONTHS = {m.lower(): i for i, m in enumerate(cal.month_abbr) if m}
WORD_SIZES = {  # lower bounds for sizes given in words, as the Mass Mobilization rule reads them
    "millions": 1_000_000,
    "hundreds of thousands": 100_000,
    "tens of thousands": 10_000,
    "thousands": 1_000,
}

# --- provenance ---------------------------------------------------------------------------------

CARNEGIE_SOURCE: dict[str, str] = {
    "id": "carnegie_gpt",
    "title": "Carnegie Endowment for International Peace, Global Protest Tracker",
    "citation": (
        "Carnegie Endowment for International Peace. Global Protest Tracker. "
        "https://carnegieendowment.org/features/global-protest-tracker (tracker data "
        "'View Data' sheet, as saved on 26 November 2025)"
    ),
    "url": "https://carnegieendowment.org/features/global-protest-tracker",
    "licence": (
        "© Carnegie Endowment for International Peace; no open licence stated. The copy "
        "used has no licence of its own (the repository has no licence file); terms are "
        "those on carnegieendowment.org, which were not checked here. Cite as above."
    ),
    "edition": (
        "'View Data' sheet as downloaded by a third party (file last modified 26 November "
        "2025); protests starting October 2016 to August 2025, month precision. Used here "
        "from April 2020 only"
    ),
    "obtained_from": (
        f"github {CARNEGIE_FILE.repo}, '{CARNEGIE_FILE.path}' (a student project's copy of "
        f"the tracker's spreadsheet export, sheet 'View Data'), commit {CARNEGIE_FILE.commit} "
        "(file added in 98f2ccb5ff17c7f3ca4acc1fa61ec26f3a5c0238, blob "
        f"{CARNEGIE_FILE.blob})"
    ),
}
POWELL_THYNE_UPDATE: dict[str, str] = {
    "edition": (
        "copy with events to December 2025, aggregated by a third party to country-month "
        "(exact P&T version not recorded in the copy)"
    ),
    "obtained_from": (
        f"github {POWELL_THYNE_FILE.repo}, {POWELL_THYNE_FILE.path} (third-party "
        "country-month aggregation of the Powell & Thyne list, which the repository's "
        "pipelines/member_b/generate_structural_dataset.py downloads from "
        "powell_thyne_coups_final.txt), commit "
        f"{POWELL_THYNE_FILE.commit} (file last changed in "
        "e0b1e52caff18f0b3391e4e41bb0a7e9c15068ef, 19 March 2026; blob "
        f"{POWELL_THYNE_FILE.blob}). Events to August 2024 were first taken from the "
        "earlier commit ae6c2696b2e7461c514ce3a3059ace1164eb8cef; the newer file has the "
        "same 2023-2024 rows"
    ),
}

EDITION = (
    "2025 compilation from REIGN March 2021, ParlGov development 07/2023, Cline Center coups "
    "v2.1.2, Powell & Thyne (events to December 2025), Mass Mobilization V5 (mmALL_073120, "
    "protests to March 2020); 2026 extension: Carnegie Global Protest Tracker (protests "
    "April 2020 to August 2025)"
)
MEASURE = (
    "Dated political events per member country from 2010-01-01 onward. Elections: votes "
    "actually held. From REIGN (January 2010 to February 2021) these are only elections for "
    "the office of the de facto leader, coded as legislative, executive or referendum, with "
    "first round and run-off kept apart. From ParlGov (January 2010 to June 2023, 37 EU and "
    "OECD countries) these are lower-house parliamentary elections. A REIGN legislative "
    "election is dropped where ParlGov has the same election within 7 days (31 days where "
    "REIGN gives only the month). Government changes: a new de facto leader from REIGN's "
    "leader list (January 2010 to February 2021, all countries). ParlGov adds a new head of "
    "government, where the cabinet name (the prime minister's name) changes, and a new "
    "president, where the person changes, up to June 2023. A ParlGov change is dropped where "
    "REIGN records a new leader within 7 days (45 days for presidents). The Swiss annual "
    "rotation of the presidency is left out. Coups: successful coups and failed coup "
    "attempts from the Cline Center Coup d'État Project v2.1.2 (2010 to 2022; conspiracies "
    "and plots are left out). The label keeps the Cline Center's actor or type flags. Coups "
    "from 2023 onward (to December 2025) come from a month-level copy of Powell & Thyne. "
    "Dates are exact days unless the label says '(month precision)', in which case the date "
    "is the 1st of the month. ends_on is null except for Mass Mobilization protests, where "
    "it is the protest's last day as coded (the same as starts_on for a one-day protest). "
    "Protests: mass protests against governments from the Mass Mobilization Project (V5, "
    "January 2010 to March 2020). Only large protests are kept: participants category "
    "'>10000' or '5000-10000'. Where the category is empty, which is the case for many "
    "2010-2013 events, a participants figure read as at least 5000 is used instead (e.g. "
    "'20000', '10000s', 'tens of thousands'; 'thousands' and '1000s' are not counted), and "
    "the label shows that figure as given. At most 25 protests per country are kept: "
    "'>10000' before '5000-10000', then the larger figure, then the most recent. The label "
    "gives the protesters' demands as coded by the project. From April 2020 to August 2025 "
    "protests come from the Carnegie Global Protest Tracker, which records only significant "
    "protests and gives the start month, not the day: only those whose peak size as given "
    "reads as at least 5000 are kept ('>5,000', '20000', '>1.2 million'; '<100,000' and "
    "'>1,000' are not), at most 25 per country (largest first, then the most recent). Their "
    "label gives the tracker's protest name, peak size and duration as written; ends_on is "
    "null because the tracker gives a duration, not an end date. Places the tracker lists "
    "on their own (Hong Kong, Gaza Strip, West Bank, Indian Kashmir, French Polynesia, "
    "Transnistria) are filed under the member they belong to and named in the label. "
    "Coverage thus ends in February 2021 for elections and government changes outside "
    "ParlGov, in June 2023 for ParlGov countries, in August 2025 for protests and in "
    "December 2025 for coups."
)

# --- reading pinned files -----------------------------------------------------------------------


def git_blob(git_dir: Path, pin: Pinned) -> bytes:
    """The file's bytes at the pinned commit; fails unless its blob id is the pinned one."""
    spec = f"{pin.commit}:{pin.path}"
    blob = subprocess.run(  # noqa: S603 - fixed argv, no shell, git from PATH by design
        ["git", f"--git-dir={git_dir}", "rev-parse", spec],  # noqa: S607
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if blob != pin.blob:
        raise SystemExit(f"{pin.repo}:{spec} is blob {blob}, expected {pin.blob}")
    data = subprocess.run(  # noqa: S603
        ["git", f"--git-dir={git_dir}", "cat-file", "blob", blob],  # noqa: S607
        check=True,
        capture_output=True,
    ).stdout
    header = f"blob {len(data)}\0".encode()
    if hashlib.sha1(header + data, usedforsecurity=False).hexdigest() != pin.blob:
        raise SystemExit(f"{pin.repo}:{spec}: content does not hash to {pin.blob}")
    return data


_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def xlsx_rows(data: bytes) -> list[dict[str, str]]:
    """The first sheet's rows as header-keyed dicts, with only the standard library.

    openpyxl is not a dependency of the project, and the sheet needs nothing but shared
    strings, inline strings and plain numbers.
    """
    # The bytes were checked against a pinned git blob id before they get here, so the XML
    # is a known file, not untrusted input.
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        shared = ET.fromstring(z.read("xl/sharedStrings.xml"))  # noqa: S314
        sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))  # noqa: S314
    strings = [
        "".join(t.text or "" for t in si.iter(f"{{{_NS['m']}}}t"))
        for si in shared.findall("m:si", _NS)
    ]
    table: list[dict[str, str]] = []
    for row in sheet.iterfind("m:sheetData/m:row", _NS):
        cells: dict[str, str] = {}
        for c in row.findall("m:c", _NS):
            col = re.match(r"[A-Z]+", c.get("r", ""))
            if col is None:
                continue
            v = c.find("m:v", _NS)
            if c.get("t") == "s" and v is not None and v.text is not None:
                cells[col.group()] = strings[int(v.text)]
            elif c.get("t") == "inlineStr":
                cells[col.group()] = "".join(t.text or "" for t in c.iter(f"{{{_NS['m']}}}t"))
            elif v is not None and v.text is not None:
                cells[col.group()] = v.text
        table.append(cells)
    header = {col: name.strip() for col, name in table[0].items() if name.strip()}
    return [{header[k]: v.strip() for k, v in r.items() if k in header} for r in table[1:]]


# --- Carnegie Global Protest Tracker ------------------------------------------------------------


def start_month(raw: str) -> date | None:
    """'22-Sep' and 'Sep-22' both mean September 2022 in the tracker's export.

    The first form is the export's 'Sep-22' after a spreadsheet read it as a day and month;
    the year is the two-digit number in either case (checked against known protests, e.g.
    Sri Lanka's economic crisis protests, '22-Mar').
    """
    m = re.fullmatch(r"(\d{2})-([A-Za-z]+)", raw) or re.fullmatch(r"([A-Za-z]+)-(\d{2})", raw)
    if m is None:
        return None
    a, b = m.groups()
    yy, mon = (a, b) if a.isdigit() else (b, a)
    month = MONTHS.get(mon[:3].lower())
    return date(2000 + int(yy), month, 1) if month else None


def size_floor(raw: str) -> int | None:
    """The smallest number of participants a peak size as written allows; None if unknown.

    '>10,000' gives 10000, '20000' gives 20000, '>1.2 million' gives 1200000 and 'tens of
    thousands' gives 10000. '<100,000' sets no floor, so it gives None.
    """
    text = raw.strip().lower()
    if text in WORD_SIZES:
        return WORD_SIZES[text]
    m = re.fullmatch(r">?\s*([\d.,]+)\s*(million)?", text)
    if m is None:
        return None
    number = float(m.group(1).replace(",", ""))
    return int(number * (1_000_000 if m.group(2) else 1))


def size_text(raw: str) -> str:
    """The peak size as written, with a spreadsheet number shown without its '.0'."""
    return raw[:-2] if re.fullmatch(r"\d+\.0", raw) else raw


@dataclass(frozen=True)
class Candidate:
    country: str
    starts_on: date
    floor: int
    label: str


def carnegie_events(
    rows: Iterable[dict[str, str]], members: frozenset[str], stats: Counter[str]
) -> dict[str, list[dict[str, Any]]]:
    """Large protests from the tracker, April 2020 onward, capped per country."""
    by_country: dict[str, list[Candidate]] = defaultdict(list)
    for r in rows:
        name = r.get("Country", "")
        if not name:
            continue
        stats["carnegie rows"] += 1
        if name in CARNEGIE_DROPPED:
            stats["carnegie dropped: not a member (Kosovo, Taiwan)"] += 1
            continue
        code, place = CARNEGIE_NAMES.get(name) or (pycountry.countries.lookup(name).alpha_2, "")
        if code not in members:
            raise SystemExit(f"tracker country {name!r} ({code}) is not in members.json")
        starts = start_month(r.get("Start Date", ""))
        if starts is None:
            stats["carnegie dropped: no start month"] += 1
            continue
        if starts < CARNEGIE_FROM:
            stats["carnegie dropped: before April 2020 (Mass Mobilization period)"] += 1
            continue
        floor = size_floor(r.get("Peak Size", ""))
        if floor is None or floor < MIN_PARTICIPANTS:
            stats["carnegie dropped: peak size under 5000 or not given"] += 1
            continue
        where = f" ({place})" if place else ""
        peak = size_text(r["Peak Size"])
        duration = r.get("Duration", "").rstrip(".") or "not given"
        label = (
            f"Mass protest{where}: {r['Protest Name']} (peak {peak}; duration as given: "
            f"{duration}) (month precision)"
        )
        by_country[code].append(Candidate(code, starts, floor, label))
    out: dict[str, list[dict[str, Any]]] = {}
    for code, found in by_country.items():
        found.sort(key=lambda c: (-c.floor, -c.starts_on.toordinal(), c.label))
        if len(found) > MAX_PROTESTS_PER_COUNTRY:
            stats["carnegie dropped: over the per-country cap"] += (
                len(found) - MAX_PROTESTS_PER_COUNTRY
            )
            stats["carnegie countries at the cap"] += 1
        out[code] = [
            {
                "kind": "protest",
                "starts_on": c.starts_on.isoformat(),
                "ends_on": None,
                "label": c.label,
                "source": "carnegie_gpt",
            }
            for c in found[:MAX_PROTESTS_PER_COUNTRY]
        ]
    return out


# --- Powell & Thyne (month-level copy) ----------------------------------------------------------


def powell_thyne_events(
    data: bytes, members: frozenset[str], stats: Counter[str]
) -> dict[str, list[dict[str, Any]]]:
    """Coups and failed attempts from 2023 onward, one event per month and outcome."""
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in csv.DictReader(io.StringIO(data.decode("utf-8"))):
        if r["year_month"] < POWELL_THYNE_FROM:
            continue
        iso3 = r["country_iso3"]
        if iso3 == "GIN":
            # The copy's code table files both Guinea (GW 438) and Equatorial Guinea (GW 411)
            # under GIN, so a GIN row cannot be placed without the original list.
            raise SystemExit(f"Powell & Thyne row for GIN in {r['year_month']}: check by hand")
        country = pycountry.countries.get(alpha_3=iso3)
        if country is None or country.alpha_2 not in members:
            stats["powell_thyne dropped: not a member"] += 1
            continue
        starts = f"{r['year_month']}-01"
        for column, label in (
            ("pt_coup_successful", "Coup (successful) (month precision)"),
            ("pt_coup_failed", "Coup attempt (failed) (month precision)"),
        ):
            if int(r[column]) > 0:
                out[country.alpha_2].append(
                    {
                        "kind": "coup",
                        "starts_on": starts,
                        "ends_on": None,
                        "label": label,
                        "source": "powell_thyne",
                    }
                )
    return dict(out)


# --- merging ------------------------------------------------------------------------------------


def same_event(month_level: dict[str, Any], other: dict[str, Any]) -> bool:
    """Same kind of event, the other one starting within the month-level event's month.

    The new events only give a month, so "dates within a few days" becomes "in that month".
    """
    same_kind: bool = month_level["kind"] == other["kind"]
    same_month: bool = str(month_level["starts_on"])[:7] == str(other["starts_on"])[:7]
    return same_kind and same_month


def merge(
    doc: dict[str, Any],
    owned: set[str],
    new: dict[str, list[dict[str, Any]]],
    stats: Counter[str],
) -> None:
    """Replace the events of the `owned` sources with `new`, skipping any event another
    source already has (see `same_event`)."""
    countries: dict[str, Any] = doc["countries"]
    for code in sorted(set(countries) | set(new)):
        body = countries.get(code, {"events": []})
        kept = [e for e in body["events"] if e["source"] not in owned]
        added = []
        for e in new.get(code, []):
            if any(same_event(e, k) for k in kept):
                stats[f"{e['source']} dropped: already in another source"] += 1
                continue
            added.append(e)
        events = sorted(kept + added, key=lambda e: e["starts_on"])  # stable: ties keep order
        if events:
            countries[code] = {"events": events}
    doc["countries"] = dict(sorted(countries.items()))


def update_sources(doc: dict[str, Any]) -> None:
    """Refresh the Powell & Thyne entry, add the tracker, and rebuild the joined fields."""
    sources = [s for s in doc["sources"] if s["id"] != CARNEGIE_SOURCE["id"]]
    for s in sources:
        if s["id"] == "powell_thyne":
            s.update(POWELL_THYNE_UPDATE)
    sources.append(dict(CARNEGIE_SOURCE))
    doc["sources"] = sources
    doc["measure"] = MEASURE
    doc["edition"] = EDITION
    doc["citation"] = " | ".join(s["citation"] for s in sources)
    doc["licence"] = "Per source: " + " | ".join(f"{s['id']}: {s['licence']}" for s in sources)
    doc["obtained_from"] = "; ".join(s["obtained_from"] for s in sources)


def validate(doc: dict[str, Any], members: frozenset[str]) -> None:
    """Load the result with the package's own parser, so a bad kind, date, source id or
    country code stops the build here rather than at the package's first import."""
    sys.path.insert(0, str(ROOT / "src"))
    from xborder.safeguards.countrydata import parse_calendar

    try:
        parse_calendar(doc, members)
    except (KeyError, ValueError) as e:
        raise SystemExit(f"the new calendar does not load: {e}") from None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--carnegie-git", type=Path, required=True, help="git dir of the copy")
    ap.add_argument("--powell-thyne-git", type=Path, required=True, help="git dir of the copy")
    ap.add_argument("--calendar", type=Path, default=CALENDAR)
    ap.add_argument("--check", action="store_true", help="fail if the file would change")
    args = ap.parse_args(argv)

    members = frozenset(json.loads(MEMBERS.read_text("utf-8"))["members"])
    before_text = args.calendar.read_text("utf-8")
    doc = json.loads(before_text)
    stats: Counter[str] = Counter()

    old_pt = {
        (code, e["starts_on"], e["label"])
        for code, body in doc["countries"].items()
        for e in body["events"]
        if e["source"] == "powell_thyne"
    }
    pt = powell_thyne_events(git_blob(args.powell_thyne_git, POWELL_THYNE_FILE), members, stats)
    new_pt = {(code, e["starts_on"], e["label"]) for code, evs in pt.items() for e in evs}
    if not old_pt <= new_pt:
        raise SystemExit(f"the newer Powell & Thyne copy lacks {sorted(old_pt - new_pt)}")

    rows = xlsx_rows(git_blob(args.carnegie_git, CARNEGIE_FILE))
    gpt = carnegie_events(rows, members, stats)

    new: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for part in (pt, gpt):
        for code, evs in part.items():
            new[code].extend(evs)
    merge(doc, {"powell_thyne", "carnegie_gpt"}, new, stats)
    update_sources(doc)

    validate(doc, members)
    text = json.dumps(doc, indent=1, ensure_ascii=False)
    for k in sorted(stats):
        print(f"{k}: {stats[k]}", file=sys.stderr)
    if args.check:
        if text != before_text:
            print(f"{args.calendar} is not what this script produces", file=sys.stderr)
            return 1
        return 0
    args.calendar.write_text(text, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
