"""Country data as the secretariat keeps it: the packaged, sourced datasets plus its own
versions (each with its source, each an event on the ledger)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xborder.audit.service import record_event
from xborder.config import Settings
from xborder.identity.policy import Action, authorize
from xborder.kernel.actor import Actor
from xborder.kernel.clock import utcnow
from xborder.kernel.countries import normalise_country
from xborder.kernel.errors import Invalid
from xborder.safeguards import countrydata
from xborder.safeguards.commands import CountryDataIn
from xborder.safeguards.countrydata import CalendarEvent, CountryRecord, Entry, Provenance
from xborder.safeguards.queue import QueueWeights
from xborder.safeguards.tables import CountryDataRow
from xborder.store.db import Database

_SOURCE_FIELDS = ("title", "citation", "url", "licence", "edition")


@cache
def queue_weights() -> QueueWeights:
    """The review queue's weights in force: the operator's file, or the defaults."""
    path = Settings().queue_weights_file
    return QueueWeights.from_file(Path(path)) if path else QueueWeights()


def _entry(row: CountryDataRow) -> Entry:
    src = row.source
    prov = Provenance(
        dataset=row.dataset,
        title=src.get("title", ""),
        measure=src.get("measure", ""),
        citation=src.get("citation", ""),
        url=src.get("url", ""),
        licence=src.get("licence", ""),
        edition=src.get("edition", ""),
    )
    return Entry(row.dataset, row.country, row.year, dict(row.values), prov, row.version, row.note)


def overrides(s: Session, country: str) -> list[Entry]:
    """The secretariat's latest version for each dataset and year it has corrected: every
    corrected year stays available, so a request is judged on its own year's figure."""
    latest = (
        select(
            CountryDataRow.dataset,
            CountryDataRow.year,
            func.max(CountryDataRow.version).label("v"),
        )
        .where(CountryDataRow.country == country)
        .group_by(CountryDataRow.dataset, CountryDataRow.year)
        .subquery()
    )
    rows = s.scalars(
        select(CountryDataRow)
        .join(
            latest,
            (CountryDataRow.dataset == latest.c.dataset)
            & (CountryDataRow.year == latest.c.year)
            & (CountryDataRow.version == latest.c.v),
        )
        .where(CountryDataRow.country == country)
    )
    return [_entry(r) for r in rows]


def record_in(
    s: Session,
    country: str,
    extra_events: tuple[CalendarEvent, ...] = (),
    on: date | None = None,
) -> CountryRecord:
    """The country's record as the checks use it for a request made `on` (None: now)."""
    return countrydata.record(country, overrides(s, country), extra_events, on)


@dataclass(frozen=True)
class CountryView:
    record: CountryRecord  # as the checks read it for a request made `on` (None: now)
    history: list[dict[str, Any]]  # every version the secretariat recorded, newest first
    coverage: dict[str, int]
    years: dict[str, tuple[Entry, ...]]  # the packaged figures per dataset, oldest first
    on: date | None = None


def view(db: Database, actor: Actor, country: str, on: date | None = None) -> CountryView:
    """A country's record as the checks would read it for a request made `on`, with the
    secretariat's versions and every packaged year (so a reviewer sees the trend)."""
    authorize(actor, Action.CONTEXT_MANAGE)
    country = normalise_country(country)
    with db.transaction() as s:
        rows = s.scalars(
            select(CountryDataRow)
            .where(CountryDataRow.country == country)
            .order_by(CountryDataRow.dataset, CountryDataRow.version.desc())
        )
        history = [
            {
                "dataset": r.dataset,
                "version": r.version,
                "year": r.year,
                "values": r.values,
                "source": r.source,
                "note": r.note,
                "recorded_by": r.recorded_by,
                "recorded_at": r.recorded_at.isoformat(),
            }
            for r in rows
        ]
        years = {ds: e for (c, ds), e in countrydata.packaged().series.items() if c == country}
        return CountryView(record_in(s, country, on=on), history, countrydata.coverage(), years, on)


def update(db: Database, actor: Actor, country: str, dataset: str, cmd: CountryDataIn) -> Entry:
    """A new version of one dataset's values for a country, with the source it rests on. The
    packaged figure stays (version 0). Checks run from now on use it for requests made in its
    year and later (until a later year's figure), and the packaged figure for earlier years."""
    authorize(actor, Action.CONTEXT_MANAGE)
    country = normalise_country(country)
    if dataset == countrydata.CALENDAR:
        raise Invalid("calendar events are added as the country context's events", field="dataset")
    year, source = cmd.year, cmd.source.model_dump()
    checked = countrydata.check_values(dataset, cmd.values)
    missing = [k for k in _SOURCE_FIELDS if not str(source.get(k, "")).strip()]
    if missing:
        raise Invalid(f"the source needs {', '.join(missing)}", field="source")
    if not 1970 <= year <= utcnow().year:
        raise Invalid("year is the year the values refer to, not in the future", field="year")
    with db.transaction() as s:
        current = s.scalar(
            select(func.max(CountryDataRow.version)).where(
                CountryDataRow.country == country, CountryDataRow.dataset == dataset
            )
        )
        row = CountryDataRow(
            country=country,
            dataset=dataset,
            version=(current or 0) + 1,
            year=year,
            values=checked,
            source={k: str(source[k]).strip() for k in _SOURCE_FIELDS},
            note=cmd.note.strip(),
            recorded_by=actor.user_id,
            recorded_at=utcnow(),
        )
        s.add(row)
        s.flush()
        record_event(
            s,
            actor,
            "country_data.updated",
            "country_data",
            f"{country}/{dataset}",
            {"version": row.version, "year": year, "values": checked, "source": row.source},
            summary={"country": country, "dataset": dataset, "version": row.version},
        )
        return _entry(row)
