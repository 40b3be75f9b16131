"""`xborder safeguards ...`: the sourced country data (coverage, one country's record). The
checks run offline on a request file (`xborder safeguards check`) are the notices' rules, so
that command lives in `xborder.notices.cli` and joins this group at registration."""

from __future__ import annotations

import json
from datetime import date
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
