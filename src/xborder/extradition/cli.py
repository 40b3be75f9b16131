"""`xborder extradition ...` commands: export a case file as a signed bundle, verify one
offline (no database, no network), and run the deadline job."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from xborder.clitools import DataDir
from xborder.clitools import settings_for as _settings

app = typer.Typer(help="The extradition commands.", no_args_is_help=True)
console = Console()


@app.command("export")
def export(
    case: Annotated[str, typer.Argument(help="the case number (EXT/2026/00001) or id")],
    out: Annotated[Path, typer.Option("--out", help="where to write the bundle (JSON)")],
    purpose: Annotated[
        str, typer.Option(help="why the file leaves the system (logged): investigation...")
    ],
    data_dir: DataDir = None,
) -> None:
    """Write a case file as a signed bundle: every version of every document with the sending
    bureau's signature, the timeline, the bureaus' public keys, all signed by the secretariat.
    The export is logged with its purpose.

    Example: `xborder extradition export EXT/2026/00001 --out case.json --purpose investigation`
    """
    from xborder.extradition.service import export_bundle
    from xborder.kernel.errors import DomainError
    from xborder.kernel.purposes import parse_purpose
    from xborder.store.db import Database

    settings = _settings(data_dir)
    db = Database.of(settings)
    try:
        bundle = export_bundle(db, settings, case, purpose=parse_purpose(purpose))
    except DomainError as exc:
        console.print(f"[red]error:[/red] {exc.detail}")
        raise typer.Exit(code=2) from None
    finally:
        db.dispose()
    out.write_text(json.dumps(bundle, indent=1, ensure_ascii=False))
    console.print(
        f"{bundle['case']['number']}: {len(bundle['documents'])} documents,"
        f" {len(bundle['timeline'])} timeline entries -> {out}"
    )


@app.command("verify")
def verify(
    bundle: Annotated[Path, typer.Argument(help="a bundle written by `export`")],
    key: Annotated[
        Path | None,
        typer.Option("--key", help="the secretariat's public JWK (/api/v1/ledger/key) to pin"),
    ] = None,
    unpinned: Annotated[
        bool,
        typer.Option(help="no key at hand: check self-consistency only (never exits 0)"),
    ] = False,
) -> None:
    """Verify a case bundle offline: each document's hash and its bureau's signature, and the
    secretariat's signature over the whole against its pinned public key; print the timeline.
    Exit 1 if anything fails, or if no key is pinned.

    Example: `xborder extradition verify case.json --key ledger-key.json`
    """
    from xborder.extradition.bundle import verify_bundle

    try:
        data: Any = json.loads(bundle.read_bytes())
        pinned = json.loads(key.read_text()) if key else None
    except (OSError, ValueError) as exc:
        console.print(f"[red]FAILED[/red]: cannot read: {exc}")
        raise typer.Exit(code=1) from None
    if pinned is None and not unpinned:
        console.print("[red]FAILED[/red]: pass --key (the secretariat's public key) to verify")
        raise typer.Exit(code=1)
    report = verify_bundle(data, pinned, pinned=True)
    case = report.case
    console.print(
        f"case {case.get('number')} ({case.get('kind')}): {case.get('requesting_country')} ->"
        f" {case.get('requested_country')}, basis {case.get('legal_basis')}, state"
        f" {case.get('state')}"
    )
    console.print(f"signed by {report.issuer_kid} (thumbprint {report.issuer_thumbprint})")
    table = Table(title="Timeline")
    for col in ("at (UTC)", "by", "step", "what"):
        table.add_column(col)
    for e in report.timeline:
        what = str(e.get("text", ""))
        when = (e.get("details") or {}).get("surrender_at")
        if when:
            what += f" (on {str(when)[:10]})"
        table.add_row(str(e.get("at", ""))[:19], e.get("country") or "-", str(e.get("step")), what)
    console.print(table)
    docs = Table(title="Documents")
    for col in ("document", "version", "signed by", "sha-256", "verified"):
        docs.add_column(col)
    for d in report.documents:
        docs.add_row(
            str(d.get("kind")),
            str(d.get("version")),
            str(d.get("country")),
            str(d.get("sha256", ""))[:16],
            "yes" if d.get("verified") else "NO",
        )
    console.print(docs)
    if not report.ok:
        for p in report.problems:
            console.print(f"[red]FAILED[/red]: {p}")
        raise typer.Exit(code=1)
    console.print("[green]OK[/green]: every document and the bundle verify")


@app.command("deadlines")
def deadlines(data_dir: DataDir = None) -> None:
    """Run the deadline job once: warn both states of deadlines about to pass or passed (once
    per deadline and level). For a scheduler.

    Example: `xborder extradition deadlines`
    """
    from xborder.extradition.service import run_deadline_job
    from xborder.store.db import Database

    db = Database.of(_settings(data_dir))
    try:
        report = run_deadline_job(db)
    finally:
        db.dispose()
    console.print(f"warnings: {report.warnings}, overdue: {report.overdue}")
