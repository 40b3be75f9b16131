"""Build court_findings.json from court_findings_research.json: per country and year, whether a
court or a UN treaty body had found that anyone held in custody there ran a real risk of
torture or ill-treatment, and which finding says so.

The research file (`tools/countrydata/court_findings_research.json`) lists findings read in
judgments and decisions (the European Court of Human Rights on extraditions and expulsions,
the UN Committee against Torture, national courts), each with its case, date, holding in our
own words, the page it was read on and whether a stored copy was checked. Only findings whose
scope is `any_detainee`, read in a stored copy, are built into the package: a finding about a
group (the members of a movement, an ethnic minority after unrest) is a profile's risk, kept
in the research file for the reviewer, not a risk to every person surrendered; one given from
memory is not data.

A court judges the situation as the reports before it describe it, and the situation it found
outlasts the judgment until the reports change; so a finding reaches from `BEFORE` years
before its decision to `AFTER` years after it. Each year within reach of a finding holds the
one decided nearest to it (the later one on a tie); a year between two findings' reach, and
the year after the last one's, holds `detainee_risk: false`, and so does the year before the
first one's, so that the loader's nearest-year choice never carries a finding beyond its
reach. A later finding that the general risk no longer held (scope `no_general_risk`) ends
the reach of the earlier ones from its year.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

import common

BEFORE, AFTER = 2, 3
RESEARCH = Path(__file__).resolve().parent / "court_findings_research.json"

ENVELOPE = {
    "id": "court_findings",
    "title": "Court findings of a general risk of ill-treatment in custody",
    "measure": (
        "Per country and year: whether a court or a UN treaty body had found that anyone held in"
        " custody in the country (any detainee or criminal suspect, not a person of a given"
        " profile) ran a real risk of torture or ill-treatment, with the finding it rests on"
        " (body, case, reference, date of decision, holding in our own words, the page read)."
        f" A finding reaches from {BEFORE} years before its decision to {AFTER} years after it;"
        " within reach, the most recently decided finding; outside it, detainee_risk false."
    ),
    "citation": (
        "xborder compilation of judgments and decisions (European Court of Human Rights, UN"
        " Committee against Torture, national courts) from their public texts and reports of"
        " them; every finding names its case, date and the page read"
        " (tools/countrydata/court_findings_research.json)."
    ),
    "url": "https://hudoc.echr.coe.int/",
    "licence": (
        "Judgments and decisions are public documents; the holdings are short summaries in our"
        " own words."
    ),
    "obtained_from": "tools/countrydata/court_findings_research.json (built by court_findings.py)",
    "edition": "2026-12-07 compilation",
}


def general(
    findings: list[dict[str, Any]], members: frozenset[str], scope: str = "any_detainee"
) -> list[dict[str, Any]]:
    out = []
    for f in findings:
        # a group's risk is a profile's, and a finding not read in a stored copy is not data
        if f["scope"] != scope or not f["checked"].startswith("[stored copy checked"):
            continue
        if f["country"] not in members:
            raise SystemExit(f"court_findings: {f['country']} is not a member ({f['case']})")
        date.fromisoformat(f["decided"])  # a finding without a date of decision is refused
        out.append(f)
    return out


def _later_first(f: dict[str, Any]) -> int:
    return -date.fromisoformat(f["decided"]).toordinal()


def values_of(f: dict[str, Any]) -> dict[str, Any]:
    return {
        "detainee_risk": True,
        "body": f["body"],
        "case": f["case"],
        "reference": f.get("reference", ""),
        "decided": f["decided"],
        "holding": f["holding"],
        "url": f["url"],
    }


def build_series(findings: list[dict[str, Any]]) -> common.Series:
    members = common.members()
    by_country: dict[str, list[dict[str, Any]]] = {}
    for f in general(findings, members):
        by_country.setdefault(f["country"], []).append(f)
    ended: dict[str, list[str]] = {}  # a later finding that the general risk no longer held
    for f in general(findings, members, "no_general_risk"):
        ended.setdefault(f["country"], []).append(f["decided"])
    series: common.Series = {}
    none = {"detainee_risk": False}
    for code, fs in by_country.items():
        covering: dict[int, list[dict[str, Any]]] = {}
        for f in fs:
            y = date.fromisoformat(f["decided"]).year
            for year in range(y - BEFORE, y + AFTER + 1):
                later = [e for e in ended.get(code, ()) if f["decided"] < e]
                if not any(date.fromisoformat(e).year <= year for e in later):
                    covering.setdefault(year, []).append(f)
        # a year holds the finding decided nearest to it (the later one on a tie)
        reach = {
            year: min(cands, key=lambda f: (abs(int(f["decided"][:4]) - year), _later_first(f)))
            for year, cands in covering.items()
        }
        first, last = min(reach), max(reach)
        for year in range(max(common.FIRST_YEAR, first - 1), last + 2):
            found = reach.get(year)
            common.add(series, code, year, values_of(found) if found else none)
    return series


def build(args: argparse.Namespace) -> dict[str, Any]:
    research = json.loads(Path(args.research).read_text("utf-8"))
    doc = common.document(ENVELOPE, build_series(research["findings"]))
    common.validate("court_findings", doc)
    return doc


if __name__ == "__main__":
    common.main(
        "court_findings",
        __doc__.splitlines()[0],
        [("research", f"the research file (usually {RESEARCH})")],
        build,
    )
