"""`xborder extradition ...` commands."""

from __future__ import annotations

import typer

app = typer.Typer(help="The extradition commands.", no_args_is_help=True)
