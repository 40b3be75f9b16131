"""The `xborder` command. Each command calls the same services as the API and the pages."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
from rich.table import Table

from xborder.config import Settings
from xborder.kernel.actor import Role
from xborder.kernel.errors import DomainError

if TYPE_CHECKING:
    from xborder.exchange.client import Client
    from xborder.store.db import Database

T = TypeVar("T")

app = typer.Typer(
    help="xborder: international police cooperation with safeguards built in.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
)
users_app = typer.Typer(help="Manage users (as the local operator).", no_args_is_help=True)
tokens_app = typer.Typer(help="Manage API tokens (as the local operator).", no_args_is_help=True)
twin_app = typer.Typer(help="The synthetic world.", no_args_is_help=True)
ledger_app = typer.Typer(help="The event ledger (RFC 6962).", no_args_is_help=True)
exchange_app = typer.Typer(help="Exchange housekeeping.", no_args_is_help=True)
notices_app = typer.Typer(help="Notices: the rules and the lifecycle job.", no_args_is_help=True)
commission_app = typer.Typer(help="The files commission's deadlines.", no_args_is_help=True)
import_app = typer.Typer(help="Load lists to screen against.", no_args_is_help=True)
client_app = typer.Typer(
    help="Reference client of a bureau: signs locally, talks HTTP.", no_args_is_help=True
)
app.add_typer(users_app, name="users")
app.add_typer(tokens_app, name="tokens")
app.add_typer(twin_app, name="twin")
app.add_typer(ledger_app, name="ledger")
app.add_typer(client_app, name="client")
app.add_typer(exchange_app, name="exchange")
app.add_typer(notices_app, name="notices")
app.add_typer(commission_app, name="commission")
app.add_typer(import_app, name="import")


def _add_capabilities() -> None:
    """Each capability's command groups, and the commands it adds to another's group."""
    from xborder.platform.capabilities import registry

    r = registry()
    for name, group in r.cli:
        app.add_typer(group, name=name)
    for group_name, name, fn in r.commands:
        target = app if group_name is None else r.group(group_name)
        target.command(name)(fn)


_add_capabilities()
console = Console()

DataDir = Annotated[
    Path | None,
    typer.Option("--data-dir", help="data directory (default ./var or $XBORDER_DATA_DIR)"),
]
Port = Annotated[int | None, typer.Option("--port", help="port (default 8000 or $XBORDER_PORT)")]
Host = Annotated[str | None, typer.Option("--host", help="interface to bind (default 127.0.0.1)")]


def _settings(
    data_dir: Path | None = None, port: int | None = None, host: str | None = None
) -> Settings:
    s = Settings()
    changes: dict[str, object] = {}
    if data_dir is not None:
        changes["data_dir"] = data_dir
    if port is not None:
        changes["port"] = port
    if host is not None:
        changes["host"] = host
    return s.with_(**changes)


def _db(settings: Settings) -> Database:
    from xborder.store.db import Database

    return Database(settings.url)


def _fail(exc: DomainError) -> typer.Exit:
    console.print(f"[red]error:[/red] {exc.detail}")
    return typer.Exit(code=2)


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
    for row in schedule(_db(_settings(data_dir))):
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
    settings = _settings(data_dir)
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

    settings = _settings(data_dir, port, host)
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

    settings = _settings(data_dir, port, host)
    _init(settings)
    db = _db(settings)
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


@users_app.command("create")
def users_create(
    username: str,
    role: Annotated[Role, typer.Option(help="the user's role")],
    org: Annotated[str, typer.Option(help="bureau country code (FR) or organisation name")],
    display_name: Annotated[str, typer.Option()] = "",
    password_stdin: Annotated[bool, typer.Option(help="read the password from stdin")] = False,
    data_dir: DataDir = None,
) -> None:
    """Create a user; prints a generated password unless one is given on stdin.

    Example: `xborder users create fr.duty --role ncb_officer --org FR`
    """
    from xborder.accounts.service import create_user

    password = sys.stdin.readline().rstrip("\n") if password_stdin else None
    try:
        new = create_user(
            _db(_settings(data_dir)), None, username, role, org, display_name, password
        )
    except DomainError as exc:
        raise _fail(exc) from None
    console.print(f"created {new.username}" + ("" if password else f"  password: {new.password}"))


@users_app.command("list")
def users_list(data_dir: DataDir = None) -> None:
    """List users.

    Example: `xborder users list`
    """
    from xborder.accounts.service import is_locked, list_users
    from xborder.kernel.clock import utcnow

    table = Table("username", "role", "organisation", "status")
    for u in list_users(_db(_settings(data_dir)), None):
        locked = is_locked(u, utcnow())
        status = "disabled" if u.disabled_at else "locked" if locked else "active"
        table.add_row(u.username, u.role, u.org.name, status)
    console.print(table)


@users_app.command("disable")
def users_disable(
    username: str, reason: Annotated[str, typer.Option()] = "", data_dir: DataDir = None
) -> None:
    """Disable a user: sessions end and tokens are revoked at once.

    Example: `xborder users disable fr.duty --reason "left the bureau"`
    """
    from xborder.accounts.service import disable_user

    try:
        disable_user(_db(_settings(data_dir)), None, username, reason)
    except DomainError as exc:
        raise _fail(exc) from None
    console.print(f"disabled {username}")


@users_app.command("enable")
def users_enable(
    username: str, reason: Annotated[str, typer.Option()] = "", data_dir: DataDir = None
) -> None:
    """Enable a disabled or locked user and clear its failed logins (its old tokens stay
    revoked).

    Example: `xborder users enable fr.duty --reason "back from leave"`
    """
    from xborder.accounts.service import enable_user

    try:
        enable_user(_db(_settings(data_dir)), None, username, reason)
    except DomainError as exc:
        raise _fail(exc) from None
    console.print(f"enabled {username}")


@tokens_app.command("create")
def tokens_create(
    username: str,
    name: Annotated[str, typer.Option()] = "cli",
    scope: Annotated[list[str] | None, typer.Option(help="read, write, admin")] = None,
    days: Annotated[int, typer.Option()] = 90,
    data_dir: DataDir = None,
) -> None:
    """Create an API token for a user; the token is printed once.

    Example: `xborder tokens create fr.officer --scope read --days 30`
    """
    from xborder.accounts.service import create_token

    try:
        new = create_token(_db(_settings(data_dir)), None, username, name, scope, days)
    except DomainError as exc:
        raise _fail(exc) from None
    console.print(
        f"token id {new.id} scopes {','.join(new.scopes)} expires {new.expires_at:%Y-%m-%d}"
    )
    print(new.token)


@tokens_app.command("revoke")
def tokens_revoke(
    token_id: str, reason: Annotated[str, typer.Option()] = "", data_dir: DataDir = None
) -> None:
    """Revoke a token by id or displayed prefix.

    Example: `xborder tokens revoke 6f1c...`
    """
    from xborder.accounts.service import revoke_token

    try:
        revoke_token(_db(_settings(data_dir)), None, token_id, reason)
    except DomainError as exc:
        raise _fail(exc) from None
    console.print(f"revoked {token_id}")


@twin_app.command("generate")
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


@ledger_app.command("checkpoint")
def ledger_checkpoint(data_dir: DataDir = None) -> None:
    """Sign and print the current checkpoint.

    Example: `xborder ledger checkpoint > checkpoint.txt`
    """
    from xborder.ledger import keys
    from xborder.ledger import log as ledger

    settings = _settings(data_dir)
    with _db(settings).transaction(durable=True) as s:
        print(ledger.publish_checkpoint(s, keys.signer(settings)), end="")


@ledger_app.command("verify")
def ledger_verify(data_dir: DataDir = None) -> None:
    """Recompute the tree from the database and check it against every signed checkpoint.

    Exits 1 and names the first bad event when a row was altered, removed or inserted behind
    the service's back. Example: `xborder ledger verify`
    """
    from xborder.ledger import keys
    from xborder.ledger import log as ledger

    settings = _settings(data_dir)
    try:
        public = keys.load(settings).public_key()
    except keys.MissingKey as exc:
        console.print(f"[red]ledger FAILED[/red]: {exc}")
        raise typer.Exit(code=1) from None
    with _db(settings).transaction() as s:
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


@exchange_app.command("timeouts")
def exchange_timeouts(data_dir: DataDir = None) -> None:
    """Issue NonRetrieval evidences for messages left unread past the timeout (the server
    also does this every minute).

    Example: `xborder exchange timeouts`
    """
    from datetime import timedelta

    from xborder.exchange.hub import apply_timeouts
    from xborder.ledger import keys

    settings = _settings(data_dir)
    n = apply_timeouts(
        _db(settings), keys.signer(settings), timedelta(hours=settings.retrieval_timeout_hours)
    )
    console.print(f"{n} NonRetrieval evidence(s) issued")


@notices_app.command("rules")
def notices_rules() -> None:
    """List the compliance rules in force, with their versions and sources.

    Example: `xborder notices rules`
    """
    from xborder.notices import rules

    table = Table(title="Compliance rules")
    for col in ("rule", "version", "applies to", "source"):
        table.add_column(col)
    for r in rules.RULES:
        table.add_row(r.id, r.version, ", ".join(sorted(t.value for t in r.applies_to)), r.source)
    console.print(table)


@notices_app.command("lifecycle")
def notices_lifecycle(data_dir: DataDir = None) -> None:
    """Expire notices past five years, end suspensions, send expiry reminders (the server
    runs this every hour).

    Example: `xborder notices lifecycle`
    """
    from xborder.notices.service import run_lifecycle_job

    report = run_lifecycle_job(_db(_settings(data_dir)))
    console.print(
        f"expired {len(report.expired)}, resumed {len(report.resumed)},"
        f" reminded {len(report.reminded)}"
    )


@commission_app.command("due")
def commission_due(
    days: Annotated[int, typer.Option(help="also list deadlines within this many days")] = 14,
    data_dir: DataDir = None,
) -> None:
    """List the commission's overdue and coming deadlines; exit 1 when any is overdue.

    Example: `xborder commission due --days 30`
    """
    from xborder.commission.service import due_cases

    items = due_cases(_db(_settings(data_dir)), soon_days=days)
    table = Table(title="Commission deadlines")
    for col in ("case", "kind", "state", "deadline", "due", "days left"):
        table.add_column(col)
    for i in items:
        left = f"overdue by {-i.days_left}" if i.overdue else str(i.days_left)
        table.add_row(i.number, i.kind, i.state, i.deadline, i.due.date().isoformat(), left)
    console.print(table)
    if any(i.overdue for i in items):
        raise typer.Exit(1)


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
            report = load(_db(_settings(data_dir)), None, dataset, fh)
    except DomainError as exc:
        raise _fail(exc) from None
    console.print(
        f"dataset {report.dataset}: {report.entities} entities, {report.screenable} screenable"
    )


@app.command("screen")
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

    settings = _settings(data_dir)
    db = _db(settings)
    with db.transaction() as s:
        row = s.scalar(select(UserRow).where(UserRow.username == user))
        if row is None or row.disabled_at is not None:
            raise _fail(DomainError(f"no active user {user!r}"))
        actor = actor_from(row, via="cli")
    try:
        why, basis = require_basis(purpose, legal_basis)
    except DomainError as exc:
        raise _fail(exc) from None
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
                    raise _fail(exc) from None
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


@exchange_app.command("deliver")
def exchange_deliver(data_dir: DataDir = None) -> None:
    """Run one round of push delivery (the server does this continuously).

    Example: `xborder exchange deliver`
    """
    from xborder.exchange.delivery import deliver_due
    from xborder.ledger import keys

    settings = _settings(data_dir)
    r = deliver_due(_db(settings), keys.signer(settings), settings)
    console.print(f"delivered {r.delivered}, to retry {r.retried}, failed {r.failed}")


Server = Annotated[str, typer.Option(envvar="XBORDER_SERVER", help="hub URL")]
Token = Annotated[str, typer.Option(envvar="XBORDER_TOKEN", help="your API token")]
KeyFile = Annotated[Path, typer.Option("--key", help="your private JWK file")]


def _client(server: str, token: str) -> Client:
    from xborder.exchange.client import Client

    return Client(server, token)


def _print_json(data: object) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def _client_call(fn: Callable[[], T]) -> T:
    from xborder.exchange.client import ClientError

    try:
        return fn()
    except ClientError as exc:
        console.print(f"[red]refused[/red] {exc}")
        if isinstance(exc.body, dict) and exc.body.get("reason"):
            _print_json(exc.body)
        raise typer.Exit(code=1) from None


@client_app.command("keygen")
def client_keygen(
    out: Annotated[Path, typer.Option(help="where to write the private JWK")],
    encryption: Annotated[
        bool, typer.Option("--encryption", help="an X25519 key, to receive encrypted documents")
    ] = False,
) -> None:
    """Create your bureau's Ed25519 key pair (the private key stays in the file, mode 600).

    Example: `xborder client keygen --out fr-key.json`
    """
    from xborder.exchange.client import keygen

    _print_json(keygen(out, "X25519" if encryption else "Ed25519"))


@client_app.command("register")
def client_register(
    key: KeyFile, server: Server = "http://127.0.0.1:8000", token: Token = ""
) -> None:
    """Register the public half of your key with the hub (a supervisor's token).

    Example: `xborder client register --key fr-key.json --token $SUPERVISOR_TOKEN`
    """
    _print_json(_client_call(lambda: _client(server, token).register(key)))


@client_app.command("send")
def client_send(
    key: KeyFile,
    sender: Annotated[str, typer.Option("--from")],
    to: Annotated[list[str], typer.Option("--to")],
    document: Annotated[Path, typer.Option("--doc", help="JSON document file")],
    service: Annotated[str, typer.Option()] = "message",
    action: Annotated[str, typer.Option()] = "send",
    encrypt: Annotated[bool, typer.Option(help="encrypt to each recipient first (JWE)")] = False,
    server: Server = "http://127.0.0.1:8000",
    token: Token = "",
) -> None:
    """Sign a document locally and submit it; prints the hub's verified evidence.

    Example: `xborder client send --key fr-key.json --from FR --to DE --doc msg.json`
    """
    doc = json.loads(document.read_text("utf-8"))
    _print_json(
        _client_call(
            lambda: _client(server, token).send(key, sender, to, service, action, doc, encrypt)
        )
    )


@client_app.command("inbox")
def client_inbox(server: Server = "http://127.0.0.1:8000", token: Token = "") -> None:
    """List your bureau's mailbox.

    Example: `xborder client inbox`
    """
    _print_json(_client_call(lambda: _client(server, token).inbox()))


@client_app.command("fetch")
def client_fetch(
    msg_id: str,
    purpose: Annotated[str, typer.Option(help="why you read it (logged)")] = "investigation",
    enc_key: Annotated[
        Path | None, typer.Option("--enc-key", help="your X25519 private JWK (confidential)")
    ] = None,
    server: Server = "http://127.0.0.1:8000",
    token: Token = "",
) -> None:
    """Download a message and verify the sender's signature.

    Example: `xborder client fetch 6f1c...`
    """
    _print_json(_client_call(lambda: _client(server, token).fetch(msg_id, purpose, enc_key)))


@client_app.command("ack")
def client_ack(msg_id: str, server: Server = "http://127.0.0.1:8000", token: Token = "") -> None:
    """Acknowledge a fetched message.

    Example: `xborder client ack 6f1c...`
    """
    _client_call(lambda: _client(server, token).ack(msg_id))
    console.print(f"acknowledged {msg_id}")


@client_app.command("evidence")
def client_evidence(
    msg_id: str, server: Server = "http://127.0.0.1:8000", token: Token = ""
) -> None:
    """Show a message's evidence chain, each evidence's signature checked.

    Example: `xborder client evidence 6f1c...`
    """
    _print_json(_client_call(lambda: _client(server, token).evidence(msg_id)))


@client_app.command("verify-proof")
def client_verify_proof(
    event: Annotated[int, typer.Option(help="event id")],
    server: Server = "http://127.0.0.1:8000",
    token: Token = "",
) -> None:
    """Check that an event is in the signed ledger (checkpoint signature + inclusion proof).

    Example: `xborder client verify-proof --event 42`
    """
    result = _client_call(lambda: _client(server, token).verify_proof(event))
    _print_json(result)
    if not result["verified"]:
        raise typer.Exit(code=1)


if __name__ == "__main__":
    app()
