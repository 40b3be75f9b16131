"""The `xborder` command: the platform's own commands (init, serve, demo, jobs), and every
capability's command groups, as each registers them (`capability.register`). Each command
calls the same services as the API and the pages."""

from __future__ import annotations

import json
import os
import time
from typing import Annotated

import typer
from rich.table import Table

from xborder.clitools import DataDir, console, database, settings_for
from xborder.config import Settings

app = typer.Typer(
    help="xborder: international police cooperation with safeguards built in.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
)

Port = Annotated[int | None, typer.Option("--port", help="port (default 8000 or $XBORDER_PORT)")]
Host = Annotated[str | None, typer.Option("--host", help="interface to bind (default 127.0.0.1)")]


def _init(settings: Settings) -> None:
    from xborder.store.migrate import upgrade

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(settings.data_dir, 0o700)
    upgrade(settings.url)


@app.command()
def jobs(data_dir: DataDir = None) -> None:
    """The background jobs' shared schedule: who ran each last, when it is due, failures.

    Example: `xborder jobs`
    """
    from xborder.kernel.clock import iso
    from xborder.store.jobs import schedule

    table = Table("job", "runs", "failures", "last run by", "last finished", "next due", "error")
    for row in schedule(database(settings_for(data_dir))):
        table.add_row(
            row.name,
            str(row.runs),
            str(row.failures),
            row.owner or "",
            iso(row.last_finished_at) if row.last_finished_at else "",
            iso(row.next_due_at),
            (row.last_error or "")[:60],
        )
    console.print(table)


@app.command()
def init(data_dir: DataDir = None) -> None:
    """Create the data directory and bring the database schema up to date.

    Example: `xborder init --data-dir ./var`
    """
    settings = settings_for(data_dir)
    _init(settings)
    console.print(f"initialised {settings.data_dir} ({settings.url.split(':')[0]})")


@app.command()
def serve(
    host: Host = None,
    port: Port = None,
    data_dir: DataDir = None,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="worker processes (PostgreSQL for more than 1)")
    ] = 1,
) -> None:
    """Serve the API and the web pages, in one or several worker processes.

    Each worker builds the app from the environment; background jobs run once across all
    of them (store/jobs.py). Logs are JSON lines on stderr.

    Example: `xborder serve --port 8000 --workers 2`
    """
    import os
    import tempfile

    import uvicorn

    from xborder.api.observability import log_config

    settings = settings_for(data_dir, port, host)
    console.print(
        f"xborder on http://{settings.host}:{settings.port}/  ({workers} worker"
        f"{'s' if workers > 1 else ''}; Ctrl-C stops)"
    )
    # The workers read their settings from the environment: pass on what the options set.
    os.environ["XBORDER_DATA_DIR"] = str(settings.data_dir)
    os.environ["XBORDER_HOST"], os.environ["XBORDER_PORT"] = settings.host, str(settings.port)
    if workers > 1 and settings.rate_limit_storage.startswith("memory"):
        console.print(
            "[yellow]rate limits count per worker in memory: set XBORDER_RATE_LIMIT_STORAGE="
            "redis://... so that all workers share them[/yellow]"
        )
    if workers > 1:
        # prometheus_client's multiprocess mode: /metrics adds up every worker's counts.
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="xborder-metrics-")
    uvicorn.run(
        "xborder.platform.app:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=workers,
        log_config=log_config(),
    )


@app.command()
def demo(
    port: Port = None,
    data_dir: DataDir = None,
    host: Host = None,
    persons: Annotated[int, typer.Option(help="synthetic persons to load")] = 500,
    seed: Annotated[int, typer.Option(help="seed of the synthetic world")] = 1,
    serve_after: Annotated[
        bool, typer.Option("--serve/--no-serve", help="start the server afterwards")
    ] = True,
) -> None:
    """Initialise, load the demo world (once), print the demo logins, and serve.

    Example: `xborder demo --port 8000 --persons 500`
    """
    from xborder.twin.load import is_loaded, load_world, write_credentials

    settings = settings_for(data_dir, port, host)
    _init(settings)
    db = database(settings)
    creds_path = settings.data_dir / "demo-credentials.json"
    base_url = f"http://{settings.host}:{settings.port}"
    if not is_loaded(db):
        t0 = time.perf_counter()
        creds = load_world(db, seed=seed, persons=persons, progress=lambda m: console.print(m))
        write_credentials(creds, creds_path, base_url)
        from xborder.twin.notices import seed_notices

        seed_notices(db, settings, seed=seed, progress=lambda m: console.print(m))
        from xborder.twin.notices import seed_list

        console.print(f"imported list demo_sanctions: {seed_list(db, seed=seed)} entities")
        from xborder.twin.extradition import seed_extradition
        from xborder.twin.governance import seed_governance

        console.print(f"extradition and MLA cases: {seed_extradition(db, settings, seed=seed)}")
        console.print(f"AI governance records: {seed_governance(db, settings, seed=seed)}")
        from xborder.ledger import keys
        from xborder.ledger import log as ledger

        with db.transaction(durable=True) as s:
            ledger.publish_checkpoint(s, keys.signer(settings))
        console.print(f"demo world loaded in {time.perf_counter() - t0:.1f}s")
    db.dispose()
    if creds_path.exists():
        data = json.loads(creds_path.read_text("utf-8"))
        table = Table(title=f"Demo logins (all in {creds_path})")
        for col in ("login", "password", "role", "organisation"):
            table.add_column(col)
        shown = [
            u
            for u in data["users"]
            if "." not in u["username"]
            or u["username"].split(".")[0] in ("fr", "ru", "cn", "us", "eg")
        ]
        for u in shown:
            table.add_row(u["username"], u["password"], u["role"], u["organisation"])
        console.print(table)
        console.print(f"{len(data['users'])} demo users in all; each has an API token in the file.")
    if serve_after:
        console.print(f"open {base_url}/ and log in")
        serve(host=settings.host, port=settings.port, data_dir=settings.data_dir)


def _add_capabilities() -> None:
    """Each capability's command groups, and the commands it adds to another's group or to
    the top level (after the platform's own)."""
    from xborder.platform.capabilities import registry

    r = registry()
    for name, group in r.cli:
        app.add_typer(group, name=name)
    for group_name, name, fn in r.commands:
        target = app if group_name is None else r.group(group_name)
        target.command(name)(fn)


_add_capabilities()

if __name__ == "__main__":
    app()
