"""Notices' commands: `xborder notices ...` (the rules in force, the lifecycle job), and the
compliance checks run offline on a request file, as a reviewer or an evaluator would try them
on a case (no database, nothing stored), registered as `xborder safeguards check`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from xborder.clitools import DataDir, console, database, settings_for

app = typer.Typer(help="Notices: the rules and the lifecycle job.", no_args_is_help=True)


@app.command("rules")
def notices_rules() -> None:
    """List the compliance rules in force, with their versions and sources.

    Example: `xborder notices rules`
    """
    from xborder.notices import rules

    table = Table(title="Compliance rules")
    for col in ("rule", "version", "applies to", "source"):
        table.add_column(col)
    for r in rules.RULES:
        table.add_row(r.id, r.version, ", ".join(sorted(t.value for t in r.applies_to)), r.source)
    console.print(table)


@app.command("lifecycle")
def notices_lifecycle(data_dir: DataDir = None) -> None:
    """Expire notices past five years, end suspensions, send expiry reminders (the server
    runs this every hour).

    Example: `xborder notices lifecycle`
    """
    from xborder.notices.service import run_lifecycle_job

    report = run_lifecycle_job(database(settings_for(data_dir)))
    console.print(
        f"expired {len(report.expired)}, resumed {len(report.resumed)},"
        f" reminded {len(report.reminded)}"
    )


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
