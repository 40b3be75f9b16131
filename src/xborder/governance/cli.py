"""`xborder governance ...` commands: run an evaluation and store it, import the benchmark's
evaluation rows, show the components and switch one on or off (as the local operator)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from xborder.clitools import DataDir
from xborder.clitools import settings_for as _settings

app = typer.Typer(help="The governance commands.", no_args_is_help=True)
console = Console()


@app.command("evaluate")
def evaluate(
    component: Annotated[str, typer.Argument(help="component id, e.g. screening.name")],
    index: Annotated[int, typer.Option("--index", help="persons indexed")] = 3000,
    per_group: Annotated[int, typer.Option("--per-group", help="mated queries per script")] = 25,
    seed: Annotated[int, typer.Option("--seed", help="seed of the labelled set")] = 1,
    bootstrap: Annotated[int, typer.Option("--bootstrap", help="bootstrap draws")] = 1000,
    data_dir: DataDir = None,
) -> None:
    """Run the component on its labelled set (overall and per group, with bootstrap 95%
    intervals) and store the result for the register.

    Example: `xborder governance evaluate screening.name --index 20000 --per-group 200`
    """
    from xborder.governance import service as gov
    from xborder.governance.commands import EvaluationRunIn
    from xborder.kernel.errors import DomainError
    from xborder.store.db import Database

    # Not the API's `EvaluateIn`: the operator may run larger sizes; the service bounds them.
    cmd = EvaluationRunIn(
        component_id=component, seed=seed, index=index, per_group=per_group, bootstrap=bootstrap
    )
    db = Database.of(_settings(data_dir))
    try:
        with console.status(f"evaluating {component} ..."):
            eid = gov.run_evaluation(db, None, cmd)
        with db.transaction() as s:
            e = gov.get_evaluation(s, eid)
    except DomainError as exc:
        console.print(f"[red]error:[/red] {exc.detail}")
        raise typer.Exit(code=2) from None
    finally:
        db.dispose()
    t = Table(title=f"{e.component_id} {e.version} · {e.dataset} · threshold {e.threshold}")
    for col in ("group", "n", "recall", "precision", "FMR", "FNMR"):
        t.add_column(col, justify="left" if col == "group" else "right")
    groups = list(dict.fromkeys(r["group"] for r in e.rows))
    for g in groups:
        cells = []
        for m in ("recall", "precision", "false_match_rate", "false_non_match_rate"):
            r = e.figure(g, m)
            v = r["value"] if r else None
            cells.append("undefined" if v is None else f"{v:.3f}")
        n = next(r["n"] for r in e.rows if r["group"] == g)
        t.add_row(g, str(n), *cells)
    console.print(t)
    console.print(f"stored evaluation {eid}")


@app.command("import-evaluation")
def import_evaluation(
    file: Annotated[Path, typer.Argument(help="rows in the benchmark's JSON format")],
    data_dir: DataDir = None,
) -> None:
    """Store evaluation rows in the benchmark's format (one evaluation per component, version
    and data set); all or nothing. Each evaluation has one threshold, is dated no later than
    now and covers the component as declared: every metric overall and a group of every
    attribute (screening.name: script, region, sex, age_band); otherwise it is refused.

    Example: `xborder governance import-evaluation evaluation.json`
    """
    from xborder.governance import service as gov
    from xborder.kernel.errors import DomainError
    from xborder.store.db import Database

    try:
        rows = json.loads(file.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        console.print(f"[red]error:[/red] cannot read {file}: {exc}")
        raise typer.Exit(code=2) from None
    db = Database.of(_settings(data_dir))
    try:
        ids = gov.import_evaluation(db, None, rows)
    except DomainError as exc:
        console.print(f"[red]error:[/red] {exc.detail}")
        raise typer.Exit(code=2) from None
    finally:
        db.dispose()
    console.print(f"stored {len(ids)} evaluation(s): {', '.join(ids)}")


@app.command("status")
def status(data_dir: DataDir = None) -> None:
    """The registered components: version, on or off, and what stops them being switched on.

    Example: `xborder governance status`
    """
    from xborder.governance import service as gov
    from xborder.store.db import Database

    db = Database.of(_settings(data_dir))
    try:
        statuses = gov.overview(db)
    finally:
        db.dispose()
    t = Table(title="AI components")
    for col in ("component", "version", "state", "blockers"):
        t.add_column(col)
    for st in statuses:
        t.add_row(
            st.component.id,
            st.component.version,
            "on" if st.enabled else "off",
            "; ".join(st.blockers) or "-",
        )
    console.print(t)


@app.command("switch")
def switch(
    component: Annotated[str, typer.Argument(help="component id")],
    state: Annotated[str, typer.Argument(help="on or off")],
    reason: Annotated[str, typer.Option("--reason", help="why (required to stop)")] = "",
    data_dir: DataDir = None,
) -> None:
    """Switch a component on (refused unless evaluated and assessed) or off (logged).

    Example: `xborder governance switch screening.name off --reason "under review"`
    """
    from pydantic import ValidationError

    from xborder.governance import service as gov
    from xborder.governance.commands import SwitchIn
    from xborder.kernel.errors import DomainError
    from xborder.store.db import Database

    if state not in ("on", "off"):
        console.print("[red]error:[/red] say on or off")
        raise typer.Exit(code=2)
    try:  # stripped first, as the service reads it: only its length counts against the limit
        cmd = SwitchIn(on=state == "on", reason=reason.strip())
    except ValidationError as exc:  # the API's limit on the reason, told as the API tells it
        first = exc.errors()[0]
        field = " ".join(str(p) for p in first["loc"])
        console.print(f"[red]error:[/red] {field}: {first['msg']}")
        raise typer.Exit(code=2) from None
    db = Database.of(_settings(data_dir))
    try:
        gov.set_enabled(db, None, component, cmd)
    except DomainError as exc:
        console.print(f"[red]error:[/red] {exc.detail}")
        raise typer.Exit(code=2) from None
    finally:
        db.dispose()
    console.print(f"{component}: {state}")
