"""What every `xborder` command group shares: the data-directory option and the settings it
selects (here, not in `xborder.cli`, so the capability sub-commands can import it)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from xborder.config import Settings

DataDir = Annotated[
    Path | None,
    typer.Option("--data-dir", help="data directory (default ./var or $XBORDER_DATA_DIR)"),
]


def settings_for(data_dir: Path | None) -> Settings:
    """The environment's settings, with the data directory the command was given."""
    s = Settings()
    return s.with_(data_dir=data_dir) if data_dir is not None else s
