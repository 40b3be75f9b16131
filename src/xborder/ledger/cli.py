"""`xborder ledger ...`: sign a checkpoint, and verify the whole ledger against the signed
checkpoints."""

from __future__ import annotations

import typer

from xborder.clitools import DataDir, console, database, settings_for

app = typer.Typer(help="The event ledger (RFC 6962).", no_args_is_help=True)


@app.command("checkpoint")
def ledger_checkpoint(data_dir: DataDir = None) -> None:
    """Sign and print the current checkpoint.

    Example: `xborder ledger checkpoint > checkpoint.txt`
    """
    from xborder.ledger import keys
    from xborder.ledger import log as ledger

    settings = settings_for(data_dir)
    with database(settings).transaction(durable=True) as s:
        print(ledger.publish_checkpoint(s, keys.signer(settings)), end="")


@app.command("verify")
def ledger_verify(data_dir: DataDir = None) -> None:
    """Recompute the tree from the database and check it against every signed checkpoint.

    Exits 1 and names the first bad event when a row was altered, removed or inserted behind
    the service's back. Example: `xborder ledger verify`
    """
    from xborder.ledger import keys
    from xborder.ledger import log as ledger

    settings = settings_for(data_dir)
    try:
        public = keys.load(settings).public_key()
    except keys.MissingKey as exc:
        console.print(f"[red]ledger FAILED[/red]: {exc}")
        raise typer.Exit(code=1) from None
    with database(settings).transaction() as s:
        report = ledger.verify(s, keys.KEY_NAME, public)
    if report.ok:
        console.print(
            f"ledger ok: {report.leaves} events, {report.checkpoints} checkpoints verified"
        )
        return
    console.print(f"[red]ledger FAILED[/red]: first problem: {report.problems[0]}")
    for p in report.problems[1:20]:
        console.print(f"  also: {p}")
    raise typer.Exit(code=1)
