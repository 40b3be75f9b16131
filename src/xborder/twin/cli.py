"""`xborder twin ...`: write the synthetic world to files."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from xborder.clitools import console

app = typer.Typer(help="The synthetic world.", no_args_is_help=True)


@app.command("generate")
def twin_generate(
    seed: Annotated[int, typer.Option()] = 1,
    persons: Annotated[int, typer.Option()] = 1000,
    out: Annotated[Path, typer.Option(help="output folder")] = Path("out/twin"),
) -> None:
    """Write a deterministic synthetic world (persons.jsonl + manifest.json) with ground truth.

    Example: `xborder twin generate --seed 7 --persons 1000000 --out out/twin-1m`
    """
    import resource

    from xborder.kernel.countries import members
    from xborder.twin.files import write_world
    from xborder.twin.world import generate_persons

    t0 = time.perf_counter()
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as bar:
        task = bar.add_task("persons", total=persons)
        manifest = write_world(
            generate_persons(seed, persons, nationalities=members()),
            out,
            seed=seed,
            count=persons,
            progress=lambda n: bar.advance(task, n),
        )
    elapsed = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    console.print(
        f"{manifest['persons']} persons in {elapsed:.1f}s "
        f"({persons / max(elapsed, 1e-9):,.0f}/s), peak memory {peak_mb:.0f} MB -> {out}"
    )
