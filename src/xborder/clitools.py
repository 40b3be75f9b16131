"""What every `xborder` command group shares: the data-directory option and the settings it
selects, the database, the console and how a refused command ends (here, not in
`xborder.cli`, so the capability sub-commands can import it)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from xborder.config import Settings
from xborder.kernel.errors import DomainError

if TYPE_CHECKING:
    from xborder.store.db import Database

console = Console()

DataDir = Annotated[
    Path | None,
    typer.Option("--data-dir", help="data directory (default ./var or $XBORDER_DATA_DIR)"),
]


def settings_for(
    data_dir: Path | None, port: int | None = None, host: str | None = None
) -> Settings:
    """The environment's settings, with the data directory (port, host) the command was
    given."""
    changes: dict[str, object] = {}
    if data_dir is not None:
        changes["data_dir"] = data_dir
    if port is not None:
        changes["port"] = port
    if host is not None:
        changes["host"] = host
    s = Settings()
    return s.with_(**changes) if changes else s


def database(settings: Settings) -> Database:
    """The database the settings name (imported only when a command needs it)."""
    from xborder.store.db import Database

    return Database.of(settings)


def fail(exc: DomainError) -> typer.Exit:
    """Print a refusal and give the exit (status 2) to raise."""
    console.print(f"[red]error:[/red] {exc.detail}")
    return typer.Exit(code=2)
