"""Country context as sourced data: published indicators per member, each with its
provenance, and a dated political calendar. Pure (the package files are read once; the
secretariat's later versions come from the store through the caller).

Every value the checks use names its dataset, edition and the year it refers to, so a
finding can cite "Political Terror Scale 2024 edition, 2023: 5 (Amnesty)". A dataset file
that breaks its schema fails loudly at load: a silently missing country would hide a risk.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from xborder.kernel.countries import members as member_countries
from xborder.kernel.countries import normalise_country
from xborder.kernel.errors import Invalid

CALENDAR = "calendar"
EVENT_KINDS = ("election", "protest", "coup", "government_change")
DP_STATUSES = (
    "abolitionist_all_crimes",
    "abolitionist_ordinary_crimes",
    "abolitionist_in_practice",
    "retentionist",
)


@dataclass(frozen=True)
class Provenance:
    dataset: str
    title: str
    measure: str
    citation: str
    url: str
    licence: str
    edition: str
    obtained_from: str = ""

    def cite(self, year: int | None = None) -> str:
        y = f", values for {year}" if year is not None else ""
        return f"{self.title} ({self.edition} edition{y})"


@dataclass(frozen=True)
class Entry:
    """One dataset's values for one country. `version` 0 is the packaged figure; the
    secretariat's corrections are versions 1, 2... each with its own source."""

    dataset: str
    country: str
    year: int
    values: dict[str, Any]
    source: Provenance
    version: int = 0
    note: str = ""

    def evidence(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "title": self.source.title,
            "edition": self.source.edition,
            "year": self.year,
            "values": self.values,
            "citation": self.source.citation,
            "url": self.source.url,
            "licence": self.source.licence,
            "version": self.version,
            "note": self.note,
        }


@dataclass(frozen=True)
class CalendarEvent:
    kind: str
    starts_on: date
    ends_on: date | None
    label: str
    source: str  # the source id in the calendar file, or "secretariat"


@dataclass(frozen=True)
class CountryRecord:
    country: str
    entries: Mapping[str, Entry] = field(default_factory=dict)
    events: tuple[CalendarEvent, ...] = ()
    calendar_sources: Mapping[str, Provenance] = field(default_factory=dict)


# --- per-dataset value schemas ----------------------------------------------------------------


def _int_in(lo: int, hi: int, nullable: bool = True) -> Callable[[Any], bool]:
    def ok(v: Any) -> bool:
        if v is None:
            return nullable
        return isinstance(v, int) and not isinstance(v, bool) and lo <= v <= hi

    return ok


def _num_in(lo: float, hi: float) -> Callable[[Any], bool]:
    def ok(v: Any) -> bool:
        return isinstance(v, int | float) and not isinstance(v, bool) and lo <= v <= hi

    return ok


def _date_or_bool(v: Any) -> bool:
    if v is None or isinstance(v, bool):
        return True
    try:
        date.fromisoformat(str(v))
    except ValueError:
        return False
    return True


def _text(most: int) -> Callable[[Any], bool]:
    def ok(v: Any) -> bool:
        return isinstance(v, str) and len(v) <= most

    return ok


def _iso_date(v: Any) -> bool:
    if not isinstance(v, str):
        return False
    try:
        date.fromisoformat(v)
    except ValueError:
        return False
    return True


def _flag(v: Any) -> bool:
    return isinstance(v, bool)


def _one_of(*allowed: str) -> Callable[[Any], bool]:
    return lambda v: v in allowed


SCHEMAS: dict[str, dict[str, Callable[[Any], bool]]] = {
    "pts": {"amnesty": _int_in(1, 5), "state_dept": _int_in(1, 5), "hrw": _int_in(1, 5)},
    "freedom_house": {
        "pr": _int_in(-4, 40, nullable=False),
        "cl": _int_in(0, 60, nullable=False),
        "status": _one_of("F", "PF", "NF"),
        # before the 2013 edition Freedom House published 1-7 ratings (1 best), not scores
        "pr_rating": _int_in(1, 7, nullable=False),
        "cl_rating": _int_in(1, 7, nullable=False),
    },
    "vdem": {
        "libdem": _num_in(0, 1),
        "freexp": _num_in(0, 1),
        "physinteg": _num_in(0, 1),
        "jucon": _num_in(0, 1),
    },
    "press_freedom": {"score": _num_in(0, 100), "rank": _int_in(1, 250)},
    "death_penalty": {"status": _one_of(*DP_STATUSES), "executions": _int_in(0, 100_000)},
    "treaties": {
        "cat": _date_or_bool,
        "cat_art22": lambda v: v is None or isinstance(v, bool),
        "iccpr": _date_or_bool,
        "iccpr_op2": _date_or_bool,
        "refugee_convention": _date_or_bool,
    },
    # A court's or a treaty body's finding that anyone held in custody in the country ran a
    # real risk of ill-treatment (not this person's own profile): the year's entry names the
    # finding it rests on; a year outside every finding's reach says none (`detainee_risk`
    # false), so the figure of one year is never carried into another.
    "court_findings": {
        "detainee_risk": _flag,
        "body": _text(120),
        "case": _text(200),
        "reference": _text(120),
        "decided": _iso_date,
        "holding": _text(800),
        "url": _text(500),
    },
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "pts": (),
    "freedom_house": ("status",),
    "vdem": ("libdem",),
    "press_freedom": ("score",),
    "death_penalty": ("status",),
    "treaties": ("cat",),
    "court_findings": ("detainee_risk",),
}


def check_values(dataset: str, values: Mapping[str, Any], where: str = "") -> dict[str, Any]:
    """A dataset's values for one country, checked against its schema (Invalid otherwise)."""
    schema = SCHEMAS.get(dataset)
    if schema is None:
        raise Invalid(f"unknown dataset {dataset!r}; known: {sorted(SCHEMAS)}", field="dataset")
    unknown = set(values) - set(schema)
    if unknown:
        raise Invalid(f"{where}{dataset}: unknown fields {sorted(unknown)}", field="values")
    for k in REQUIRED[dataset]:
        if k not in values:
            raise Invalid(f"{where}{dataset}: {k} is required", field="values")
    for k, v in values.items():
        if not schema[k](v):
            raise Invalid(f"{where}{dataset}: {k}={v!r} is out of its range", field="values")
    if dataset == "pts" and not any(values.get(k) for k in schema):
        raise Invalid(f"{where}pts: at least one source's score is required", field="values")
    if dataset == "court_findings" and values.get("detainee_risk"):
        missing = [k for k in ("body", "case", "decided", "url") if not values.get(k)]
        if missing:
            raise Invalid(
                f"{where}court_findings: a finding names its {', '.join(missing)}", field="values"
            )
    if dataset == "freedom_house":
        scores = {"pr", "cl"} & set(values)
        ratings = {"pr_rating", "cl_rating"} & set(values)
        if len(scores) == 1 or len(ratings) == 1 or not (scores or ratings):
            raise Invalid(
                f"{where}freedom_house: both scores (pr, cl) or both ratings (pr_rating,"
                " cl_rating) are required",
                field="values",
            )
    return dict(values)


def _provenance(doc: Mapping[str, Any], dataset: str) -> Provenance:
    for k in ("title", "citation", "url", "licence", "edition"):
        if not str(doc.get(k, "")).strip():
            raise ValueError(f"{dataset}: provenance field {k!r} is missing")
    return Provenance(
        dataset=dataset,
        title=doc["title"],
        measure=doc.get("measure", ""),
        citation=doc["citation"],
        url=doc["url"],
        licence=doc["licence"],
        edition=str(doc["edition"]),
        obtained_from=doc.get("obtained_from", ""),
    )


def _code(raw: str, members: frozenset[str], where: str) -> str:
    try:
        code = normalise_country(raw)
    except Invalid:
        code = ""
    if code != raw or (members and code not in members):
        raise ValueError(f"{where}: {raw!r} is not a member's ISO alpha-2 code")
    return code


def _entry(dataset: str, raw: str, code: str, values: Mapping[str, Any], prov: Provenance) -> Entry:
    values = dict(values)
    year = values.pop("year")
    if not isinstance(year, int) or not 1970 <= year <= 2100:
        raise ValueError(f"{dataset}/{raw}: year {year!r}")
    try:
        checked = check_values(dataset, values, f"{raw}: ")
    except Invalid as e:
        raise ValueError(str(e)) from None
    return Entry(dataset, code, year, checked, prov)


def parse_dataset(doc: Mapping[str, Any], members: frozenset[str] = frozenset()) -> list[Entry]:
    """Every entry of a dataset file: the latest per country (`countries`) and, where the file
    has them, the earlier years (`series`), so a request is judged on its own year's figures."""
    dataset = doc["id"]
    prov = _provenance(doc, dataset)
    out: dict[tuple[str, int], Entry] = {}
    for raw, values in doc["countries"].items():
        e = _entry(dataset, raw, _code(raw, members, dataset), values, prov)
        out[(e.country, e.year)] = e
    for raw, rows in (doc.get("series") or {}).items():
        code = _code(raw, members, dataset)
        for values in rows:
            e = _entry(dataset, raw, code, values, prov)
            latest = out.get((code, e.year))
            if latest is not None and latest.values != e.values:
                raise ValueError(f"{dataset}/{raw}: {e.year} differs from its latest entry")
            out.setdefault((code, e.year), e)
    return sorted(out.values(), key=lambda e: (e.country, e.year))


def parse_calendar(
    doc: Mapping[str, Any], members: frozenset[str] = frozenset()
) -> tuple[dict[str, list[CalendarEvent]], dict[str, Provenance]]:
    sources = {s["id"]: _provenance(s, s["id"]) for s in doc["sources"]}
    out: dict[str, list[CalendarEvent]] = {}
    for raw, body in doc["countries"].items():
        code = _code(raw, members, CALENDAR)
        for e in body["events"]:
            if e["kind"] not in EVENT_KINDS:
                raise ValueError(f"calendar/{raw}: kind {e['kind']!r}")
            if e["source"] not in sources:
                raise ValueError(f"calendar/{raw}: unknown source {e['source']!r}")
            out.setdefault(code, []).append(
                CalendarEvent(
                    kind=e["kind"],
                    starts_on=date.fromisoformat(e["starts_on"]),
                    ends_on=date.fromisoformat(e["ends_on"]) if e.get("ends_on") else None,
                    label=e.get("label", ""),
                    source=e["source"],
                )
            )
    return out, sources


@dataclass(frozen=True)
class Packaged:
    """Everything shipped in data/country/: the latest entry per (country, dataset), every
    year's entries in `series` (ascending), the calendar."""

    entries: dict[tuple[str, str], Entry]
    series: dict[tuple[str, str], tuple[Entry, ...]]
    events: dict[str, list[CalendarEvent]]
    calendar_sources: dict[str, Provenance]
    datasets: dict[str, Provenance]


def members() -> frozenset[str]:
    return frozenset(member_countries())


@cache
def packaged() -> Packaged:
    members_ = members()
    folder = resources.files("xborder.safeguards").joinpath("data/country")
    series: dict[tuple[str, str], list[Entry]] = {}
    datasets: dict[str, Provenance] = {}
    events: dict[str, list[CalendarEvent]] = {}
    cal_sources: dict[str, Provenance] = {}
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if not item.name.endswith(".json"):
            continue
        doc = json.loads(item.read_text("utf-8"))
        if doc["id"] == CALENDAR:
            events, cal_sources = parse_calendar(doc, members_)
            continue
        for e in parse_dataset(doc, members_):
            series.setdefault((e.country, e.dataset), []).append(e)
            datasets[e.dataset] = e.source
    entries = {k: v[-1] for k, v in series.items()}
    years = {k: tuple(v) for k, v in series.items()}
    return Packaged(entries, years, events, cal_sources, datasets)


def as_of(candidates: Sequence[Entry], on: date | None) -> Entry | None:
    """The entry that describes the country at a date: the latest year not after it (the
    secretariat's version wins a tie with the packaged figure); before the first year a
    dataset covers, its first year. Without a date, the latest year."""
    if not candidates:
        return None
    ordered = sorted(candidates, key=lambda e: (e.year, e.version))
    if on is None:
        return ordered[-1]
    before = [e for e in ordered if e.year <= on.year]
    return before[-1] if before else ordered[0]


def record(
    country: str,
    overrides: Sequence[Entry] = (),
    extra_events: tuple[CalendarEvent, ...] = (),
    on: date | None = None,
) -> CountryRecord:
    """A country's record at a date (a request's submission; None: now): per dataset the year
    `as_of` picks among the packaged years and the secretariat's corrections (each corrected
    year; a correction wins a tie with the packaged figure for its year), and the calendar
    plus the secretariat's own events. A figure from after the date (the dataset starts
    later) says so in its note."""
    p = packaged()
    mine: dict[str, list[Entry]] = {}
    for e in overrides:
        mine.setdefault(e.dataset, []).append(e)
    entries: dict[str, Entry] = {}
    for ds in {*(ds for (c, ds) in p.series if c == country), *mine}:
        chosen = as_of((*p.series.get((country, ds), ()), *mine.get(ds, ())), on)
        if chosen is None:
            continue
        if on is not None and chosen.year > on.year:
            later = f"the first year this dataset covers, after the request's year ({on.year})"
            chosen = replace(chosen, note="; ".join(n for n in (chosen.note, later) if n))
        entries[ds] = chosen
    events = tuple(sorted((*p.events.get(country, ()), *extra_events), key=lambda e: e.starts_on))
    return CountryRecord(country, entries, events, p.calendar_sources)


def coverage() -> dict[str, int]:
    """How many members each dataset covers (the calendar: members with any event)."""
    p = packaged()
    out: dict[str, int] = {}
    for _, ds in p.entries:
        out[ds] = out.get(ds, 0) + 1
    out[CALENDAR] = len(p.events)
    return out
