"""`xborder governance ...` commands."""

from __future__ import annotations

import typer

app = typer.Typer(help="The governance commands.", no_args_is_help=True)
