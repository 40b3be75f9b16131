"""Shared parts of the country-indicator builds: the member list, the output layout and the
checks every dataset file must pass before it is written.

Each build script turns one source snapshot into one file in
src/xborder/safeguards/data/country/. The file keeps the envelope (provenance) and the
latest year per country under "countries" (what the checks have always read) and adds
"series": every year from 1990 that the source gives a value for. "countries" is derived
from "series" (its last element), so the two cannot drift apart.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src" / "xborder" / "safeguards" / "data" / "country"
MEMBERS = ROOT / "src" / "xborder" / "kernel" / "data" / "members.json"
FIRST_YEAR = 1990

Row = dict[str, Any]
Series = dict[str, list[Row]]


def members() -> frozenset[str]:
    """The member codes: a source row for anything else is dropped, never remapped."""
    return frozenset(json.loads(MEMBERS.read_text("utf-8"))["members"])


def add(series: Series, code: str, year: int, values: Mapping[str, Any]) -> None:
    """One country-year; a second row for the same country and year is a mapping error."""
    rows = series.setdefault(code, [])
    if any(r["year"] == year for r in rows):
        raise SystemExit(f"{code} {year}: two source rows map to the same member and year")
    rows.append({"year": year, **values})


def finish(series: Series) -> Series:
    """Countries in code order, each country's years ascending."""
    return {cc: sorted(series[cc], key=lambda r: r["year"]) for cc in sorted(series)}


def document(envelope: Mapping[str, Any], series: Series) -> dict[str, Any]:
    """The whole file: envelope, latest year per country, then the per-year series."""
    series = finish(series)
    return {
        **envelope,
        "countries": {cc: dict(rows[-1]) for cc, rows in series.items()},
        "series": series,
    }


def render(doc: Mapping[str, Any]) -> str:
    """Envelope and "countries" pretty-printed as before (indent 1); one line per series
    element, so the file stays small and a changed year shows as a one-line diff."""
    head = {k: v for k, v in doc.items() if k != "series"}
    text = json.dumps(head, indent=1, ensure_ascii=False)
    assert text.endswith("\n}")
    parts = []
    for cc, rows in doc["series"].items():
        lines = ",\n".join("   " + json.dumps(r, ensure_ascii=False) for r in rows)
        parts.append(f"  {json.dumps(cc)}: [\n{lines}\n  ]")
    return text[:-2] + ',\n "series": {\n' + ",\n".join(parts) + "\n }\n}\n"


def validate(dataset: str, doc: Mapping[str, Any]) -> None:
    """Every value must pass the loader's own schema and parser
    (xborder.safeguards.countrydata), so a bad conversion fails here rather than when the
    package loads."""
    sys.path.insert(0, str(ROOT / "src"))
    from xborder.safeguards.countrydata import check_values, parse_dataset

    allowed = members()
    parse_dataset(doc, allowed)  # both parts exactly as the package reads them
    for cc, rows in doc["series"].items():
        if cc not in allowed:
            raise SystemExit(f"{dataset}: {cc} is not a member")
        years = [r["year"] for r in rows]
        if years != sorted(set(years)) or years[0] < FIRST_YEAR:
            raise SystemExit(f"{dataset}/{cc}: years {years}")
        if rows[-1] != doc["countries"][cc]:
            raise SystemExit(f"{dataset}/{cc}: last series element differs from countries")
        for r in rows:
            values = {k: v for k, v in r.items() if k != "year"}
            check_values(dataset, values, f"{cc} {r['year']}: ")


def main(
    dataset: str,
    description: str,
    sources: list[tuple[str, str]],
    build: Callable[[argparse.Namespace], dict[str, Any]],
) -> None:
    """Command line shared by the scripts: source paths in, the dataset file out (or, with
    --check, a comparison with the file in the repository)."""
    parser = argparse.ArgumentParser(description=description)
    for name, help_ in sources:
        parser.add_argument(name, type=Path, help=help_)
    target = DATA / f"{dataset}.json"
    parser.add_argument("--out", type=Path, default=target, help=f"default: {target}")
    parser.add_argument(
        "--check", action="store_true", help="compare with --out instead of writing it"
    )
    args = parser.parse_args()
    text = render(build(args))
    if args.check:
        same = args.out.exists() and args.out.read_text("utf-8") == text
        print(f"{args.out}: {'up to date' if same else 'DIFFERS'}")
        raise SystemExit(0 if same else 1)
    args.out.write_text(text, "utf-8")
    doc = json.loads(text)
    n = sum(len(rows) for rows in doc["series"].values())
    years = sorted({r["year"] for rows in doc["series"].values() for r in rows})
    print(
        f"{args.out}: {len(doc['countries'])} countries, {n} country-years, {years[0]}-{years[-1]}"
    )
