"""`xborder import ...`, load a list to screen against, and `xborder screen`, screen a
passenger list from a CSV file."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import MofNCompleteColumn, Progress, TimeElapsedColumn

from xborder.clitools import DataDir, console, database, fail, settings_for
from xborder.kernel.errors import DomainError

import_app = typer.Typer(help="Load lists to screen against.", no_args_is_help=True)


@import_app.command("ftm")
def import_ftm(
    path: Annotated[Path, typer.Argument(help="FollowTheMoney entities, one JSON per line")],
    dataset: Annotated[str, typer.Option(help="the list's dataset name")],
    data_dir: DataDir = None,
) -> None:
    """Load FollowTheMoney entities as a screenable dataset (replacing its previous content).

    Example: `xborder import ftm sanctions.ftm.json --dataset un_sc_sanctions`
    """
    from xborder.screening.service import import_ftm as load

    try:
        with path.open(encoding="utf-8") as fh:
            report = load(database(settings_for(data_dir)), None, dataset, fh)
    except DomainError as exc:
        raise fail(exc) from None
    console.print(
        f"dataset {report.dataset}: {report.entities} entities, {report.screenable} screenable"
    )


def screen_csv(
    dataset: Annotated[str, typer.Option(help="default, notices, or an imported list")],
    in_: Annotated[Path, typer.Option("--in", help="CSV: id,name,birth_date,nationality,sex")],
    out: Annotated[Path, typer.Option(help="CSV of possible matches")],
    user: Annotated[str, typer.Option(help="the officer on whose behalf the list is screened")],
    purpose: Annotated[str, typer.Option(help="why: border_check, investigation...")],
    legal_basis: Annotated[
        str, typer.Option(help="on which basis: rpd-art65, schengen-borders-code-art8...")
    ],
    chunk: Annotated[int, typer.Option(help="travellers per screening call")] = 500,
    data_dir: DataDir = None,
) -> None:
    """Screen a passenger list; every possible match goes to a CSV for a person to check.

    Example: `xborder screen --dataset default --in travellers.csv --out hits.csv
    --user fr.officer --purpose border_check --legal-basis schengen-borders-code-art8`
    """
    import csv

    from sqlalchemy import select

    from xborder.accounts.service import actor_from
    from xborder.governance.gate import require_basis
    from xborder.screening.model import NameForm, Subject
    from xborder.screening.service import screen
    from xborder.store.tables import UserRow

    settings = settings_for(data_dir)
    db = database(settings)
    with db.transaction() as s:
        row = s.scalar(select(UserRow).where(UserRow.username == user))
        if row is None or row.disabled_at is not None:
            raise fail(DomainError(f"no active user {user!r}"))
        actor = actor_from(row, via="cli")
    try:
        why, basis = require_basis(purpose, legal_basis)
    except DomainError as exc:
        raise fail(exc) from None
    with in_.open(encoding="utf-8", newline="") as fh:
        travellers = list(csv.DictReader(fh))
    fields = [
        "traveller",
        "name",
        "rank",
        "score",
        "possible_match",
        "dataset",
        "record",
        "caption",
        "notice",
        "result_id",
        "name_evidence",
        "birth_date_evidence",
    ]
    t0, hits, matches = time.perf_counter(), 0, 0
    with (
        out.open("w", encoding="utf-8", newline="") as fo,
        Progress(
            *Progress.get_default_columns(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
        ) as bar,
    ):
        writer = csv.DictWriter(fo, fieldnames=fields)
        writer.writeheader()
        task = bar.add_task("screening", total=len(travellers))
        for start in range(0, len(travellers), chunk):
            part = travellers[start : start + chunk]
            queries = {}
            for i, t in enumerate(part, start + 1):
                key = (t.get("id") or str(i))[:100]
                name = (
                    t.get("name")
                    or " ".join(filter(None, (t.get("given_name"), t.get("family_name"))))
                ).strip()
                if not name:
                    continue
                queries[key] = Subject(
                    id=key,
                    names=(NameForm(full=name),),
                    birth_dates=tuple(filter(None, [(t.get("birth_date") or "").strip()])),
                    nationalities=tuple(
                        filter(None, [(t.get("nationality") or "").strip().upper()[:2]])
                    ),
                    sex=(t.get("sex") or "U").strip().upper()[:1] or "U",
                )
            if queries:
                try:
                    result = screen(
                        db,
                        settings,
                        actor,
                        queries,
                        purpose=why,
                        legal_basis=basis,
                        dataset=dataset,
                        limit=3,
                    )
                except DomainError as exc:
                    raise fail(exc) from None
                for key, found in result.responses.items():
                    for rank, c in enumerate(found, 1):
                        hits += 1
                        matches += c.match
                        ev = {f.name: f.detail for f in c.features}
                        writer.writerow(
                            {
                                "traveller": key,
                                "name": queries[key].names[0].full,
                                "rank": rank,
                                "score": f"{c.score:.3f}",
                                "possible_match": c.match,
                                "dataset": c.meta.dataset,
                                "record": c.entry_id,
                                "caption": c.meta.caption,
                                "notice": c.meta.number or "",
                                "result_id": c.result_id,
                                "name_evidence": ev.get("name", ""),
                                "birth_date_evidence": ev.get("birth_date", ""),
                            }
                        )
            bar.advance(task, len(part))
    took = time.perf_counter() - t0
    console.print(
        f"{len(travellers)} travellers screened in {took:.1f}s"
        f" ({len(travellers) / max(took, 1e-9):.0f}/s): {matches} possible matches"
        f" above the threshold, {hits} results in {out}. Each is a possible match: check it."
    )
