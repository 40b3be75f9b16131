"""Safeguards: the country data the checks use (sourced, versioned) and the charge-pattern
catalogue. The profiles researched for a request are the notices' (notices/profile_routes.py)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import Field

from xborder.api import problems
from xborder.api.deps import ctx, require
from xborder.api.responses import Out
from xborder.identity.policy import Action
from xborder.kernel.actor import Actor
from xborder.safeguards import charges, countrydata
from xborder.safeguards import service as country_data
from xborder.safeguards.commands import CountryDataIn
from xborder.safeguards.countrydata import Entry

router = APIRouter(tags=["safeguards"], responses=problems.AUTHENTICATED)
Country = Annotated[str, Path(max_length=3)]


class ProvenanceOut(Out):
    title: str
    measure: str
    citation: str
    url: str
    licence: str
    edition: str


class DatasetsOut(Out):
    datasets: dict[str, ProvenanceOut]
    coverage: dict[str, int] = Field(description="how many members each dataset covers")
    members: int


class EntryOut(Out):
    """One dataset's values for a country, with their source (`version` 0: packaged)."""

    dataset: str
    title: str
    edition: str
    year: int
    values: dict[str, Any]
    citation: str
    url: str
    licence: str
    version: int
    note: str


class YearOut(Out):
    year: int
    values: dict[str, Any]


class EventOut(Out):
    kind: str
    starts_on: str
    ends_on: str | None
    label: str
    source: str


class VersionOut(Out):
    dataset: str
    version: int
    year: int
    values: dict[str, Any]
    source: dict[str, Any]
    note: str
    recorded_by: str
    recorded_at: str


class CountryRecordOut(Out):
    country: str
    on: str | None
    entries: dict[str, EntryOut]
    years: dict[str, list[YearOut]]
    events: list[EventOut]
    versions: list[VersionOut] = Field(description="the secretariat's, newest first")


class FamilyOut(Out):
    id: str
    label: str
    kind: str
    rationale: str
    sources: list[str]
    excluded_offence: bool
    patterns: dict[str, list[str]] = Field(
        description="by language: word sequences (a word ending in * is a stem)"
    )
    concepts: dict[str, list[str]] = Field(
        default_factory=dict,
        description="by language: the charge in other words, slots that must all occur in one"
        " sentence in any order, written (a | b) + (c | d)",
    )


class CatalogueOut(Out):
    id: str
    version: str
    families: list[FamilyOut]


def _entry(e: Entry) -> dict[str, Any]:
    return e.evidence()


@router.get(
    "/api/v1/country-data",
    summary="Datasets, their provenance and member coverage",
    response_model=DatasetsOut,
)
def datasets(
    actor: Annotated[Actor, Depends(require(Action.CONTEXT_MANAGE))],
) -> dict[str, Any]:
    p = countrydata.packaged()
    return {
        "datasets": {
            ds: {
                "title": prov.title,
                "measure": prov.measure,
                "citation": prov.citation,
                "url": prov.url,
                "licence": prov.licence,
                "edition": prov.edition,
            }
            for ds, prov in {**p.datasets, **p.calendar_sources}.items()
        },
        "coverage": countrydata.coverage(),
        "members": len(countrydata.members()),
    }


@router.get(
    "/api/v1/country-data/{country}",
    summary="A country's sourced record",
    response_model=CountryRecordOut,
)
def country_record(
    request: Request,
    country: Country,
    actor: Annotated[Actor, Depends(require(Action.CONTEXT_MANAGE))],
    on: Annotated[
        date | None,
        Query(description="the figures the checks use for a request made on this date"),
    ] = None,
) -> dict[str, Any]:
    v = country_data.view(ctx(request).db, actor, country, on)
    return {
        "country": v.record.country,
        "on": on.isoformat() if on else None,
        "entries": {ds: _entry(e) for ds, e in sorted(v.record.entries.items())},
        "years": {
            ds: [{"year": e.year, "values": e.values} for e in entries]
            for ds, entries in sorted(v.years.items())
        },
        "events": [
            {
                "kind": e.kind,
                "starts_on": e.starts_on.isoformat(),
                "ends_on": e.ends_on.isoformat() if e.ends_on else None,
                "label": e.label,
                "source": e.source,
            }
            for e in v.record.events
        ],
        "versions": v.history,
    }


@router.post(
    "/api/v1/country-data/{country}/{dataset}",
    status_code=201,
    summary="Record a new version of one dataset's values for a country, with its source",
    response_model=EntryOut,
    responses=problems.WRITE,
)
def update_country_data(
    request: Request,
    country: Country,
    dataset: Annotated[str, Path(max_length=30)],
    body: CountryDataIn,
    actor: Annotated[Actor, Depends(require(Action.CONTEXT_MANAGE))],
) -> dict[str, Any]:
    return _entry(country_data.update(ctx(request).db, actor, country, dataset, body))


@router.get(
    "/api/v1/charge-patterns",
    summary="The charge-pattern catalogue the checks use",
    response_model=CatalogueOut,
)
def charge_patterns() -> dict[str, Any]:
    cat = charges.catalogue()
    return {
        "id": cat.id,
        "version": cat.version,
        "families": [
            {
                "id": f.id,
                "label": f.label,
                "kind": f.kind.value,
                "rationale": f.rationale,
                "sources": list(f.sources),
                "excluded_offence": f.excluded_offence,
                "patterns": {
                    lang: [p.source for lg, p in f.patterns if lg == lang]
                    for lang in sorted({lg for lg, _ in f.patterns})
                },
                "concepts": {
                    lang: [c.source for lg, c in f.concepts if lg == lang]
                    for lang in sorted({lg for lg, _ in f.concepts})
                },
            }
            for f in cat.families
        ],
    }
