"""`xborder commission ...`: the files commission's deadlines, for a scheduler."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from xborder.clitools import DataDir, console, database, settings_for

app = typer.Typer(help="The files commission's deadlines.", no_args_is_help=True)


@app.command("due")
def commission_due(
    days: Annotated[int, typer.Option(help="also list deadlines within this many days")] = 14,
    data_dir: DataDir = None,
) -> None:
    """List the commission's overdue and coming deadlines; exit 1 when any is overdue.

    Example: `xborder commission due --days 30`
    """
    from xborder.commission.service import due_cases

    items = due_cases(database(settings_for(data_dir)), soon_days=days)
    table = Table(title="Commission deadlines")
    for col in ("case", "kind", "state", "deadline", "due", "days left"):
        table.add_column(col)
    for i in items:
        left = f"overdue by {-i.days_left}" if i.overdue else str(i.days_left)
        table.add_row(i.number, i.kind, i.state, i.deadline, i.due.date().isoformat(), left)
    console.print(table)
    if any(i.overdue for i in items):
        raise typer.Exit(1)
