"""`xborder safeguards ...`: the sourced country data (coverage, one country's record) and
the checks run offline on a request file, as a reviewer or an evaluator would try them on a
case (no database, nothing stored)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(help="Safeguards: country data and the checks.", no_args_is_help=True)
console = Console()


@app.command("coverage")
def coverage() -> None:
    """Each packaged dataset with its edition, licence and the members it covers.

    Example: `xborder safeguards coverage`
    """
    from xborder.safeguards import countrydata

    p = countrydata.packaged()
    cov = countrydata.coverage()
    t = Table("dataset", "title", "edition", "licence", "members")
    for ds, prov in sorted({**p.datasets, **p.calendar_sources}.items()):
        n = cov.get(ds, cov.get(countrydata.CALENDAR, 0) if ds in p.calendar_sources else 0)
        t.add_row(ds, prov.title, prov.edition, prov.licence[:60], str(n))
    console.print(t)
    console.print(f"members: {len(countrydata.members())}")


@app.command("country")
def country(
    code: Annotated[str, typer.Argument(help="ISO code, e.g. TR")],
    on: Annotated[
        str, typer.Option(help="the packaged figures for a request made on this date")
    ] = "",
) -> None:
    """A country's packaged record: each indicator with its source and year (for a request
    made `--on` a date: the packaged year the checks would use; the secretariat's own
    corrections are in the database, on the API and the context page), and the latest events
    of its political calendar up to that date.

    Example: `xborder safeguards country TR --on 2016-09-01`
    """
    from xborder.kernel.countries import normalise_country
    from xborder.kernel.errors import Invalid
    from xborder.safeguards import countrydata

    try:
        when = date.fromisoformat(on) if on else None
        rec = countrydata.record(normalise_country(code), on=when)
    except (Invalid, ValueError) as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    t = Table("dataset", "year", "values", "source")
    for ds, entry in sorted(rec.entries.items()):
        t.add_row(
            ds,
            str(entry.year) + (f" ({entry.note})" if entry.note else ""),
            json.dumps(entry.values),
            f"{entry.source.title} ({entry.source.edition})",
        )
    console.print(t)
    events = [e for e in rec.events if when is None or e.starts_on <= when]
    for ev in events[-15:]:
        console.print(f"{ev.starts_on.isoformat()}  {ev.kind:17} {ev.label} ({ev.source})")


@app.command("check")
def check(
    request: Annotated[Path, typer.Argument(help="a request as JSON (the API's notice shape)")],
    country: Annotated[str, typer.Option(help="the requesting country (ISO code)")],
    submitted: Annotated[str, typer.Option(help="the date of the request (ISO)")] = "",
    profile: Annotated[
        list[str] | None, typer.Option(help="a researched profile (repeatable), e.g. journalist")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the findings as JSON")] = False,
) -> None:
    """Run the compliance checks on one request offline, with the packaged country data.
    A `person` object in the file is used for the date of birth only.

    Example: `xborder safeguards check request.json --country RU --submitted 2024-05-01`
    """
    from xborder.kernel.countries import normalise_country
    from xborder.kernel.errors import Invalid
    from xborder.notices import rules
    from xborder.notices.domain import content_from_json
    from xborder.safeguards import countrydata

    raw = json.loads(request.read_text("utf-8"))
    person = raw.pop("person", None) or {}
    years = [int(str(d)[:4]) for d in person.get("birth_dates", []) if str(d)[:4].isdigit()]
    try:
        content = content_from_json(raw)
        code = normalise_country(country)
        when = date.fromisoformat(submitted) if submitted else date.today()
    except (Invalid, ValueError) as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    inp = rules.CheckInput(
        content=content,
        requesting_country=code,
        submitted_on=when,
        has_person=bool(person),
        person_nationalities=tuple(person.get("nationalities", [])),
        person_birth_years=(min(years), max(years)) if years else None,
        country=countrydata.record(code, on=when),
        profiles=tuple(rules.ProfileFact(p, "confirmed", "command line") for p in profile or []),
    )
    findings = rules.run_checks(inp)
    if as_json:
        out = [
            {
                "rule_id": f.rule_id,
                "rule_version": f.rule_version,
                "ground": f.ground.value,
                "severity": f.severity.value,
                "message": f.message,
                "evidence": f.evidence,
            }
            for f in findings
        ]
        print(json.dumps({"risk": rules.risk_score(findings), "findings": out}, ensure_ascii=False))
        return
    console.print(f"queue score: {rules.risk_score(findings)}")
    for f in findings:
        console.print(
            f"[bold]{f.severity.value}[/bold] {f.ground.value} {f.rule_id} {f.rule_version}"
        )
        console.print(f"  {f.message}", soft_wrap=True)
