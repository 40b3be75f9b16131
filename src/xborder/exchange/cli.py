"""`xborder exchange ...`, the hub's housekeeping (timeouts, one delivery round), and
`xborder client ...`, a bureau's reference client: it signs locally and talks HTTP."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from xborder.clitools import DataDir, console, database, settings_for

if TYPE_CHECKING:
    from xborder.exchange.client import Client

T = TypeVar("T")

app = typer.Typer(help="Exchange housekeeping.", no_args_is_help=True)
client_app = typer.Typer(
    help="Reference client of a bureau: signs locally, talks HTTP.", no_args_is_help=True
)


@app.command("timeouts")
def exchange_timeouts(data_dir: DataDir = None) -> None:
    """Issue NonRetrieval evidences for messages left unread past the timeout (the server
    also does this every minute).

    Example: `xborder exchange timeouts`
    """
    from datetime import timedelta

    from xborder.exchange.hub import apply_timeouts
    from xborder.ledger import keys

    settings = settings_for(data_dir)
    n = apply_timeouts(
        database(settings),
        keys.signer(settings),
        timedelta(hours=settings.retrieval_timeout_hours),
    )
    console.print(f"{n} NonRetrieval evidence(s) issued")


@app.command("deliver")
def exchange_deliver(data_dir: DataDir = None) -> None:
    """Run one round of push delivery (the server does this continuously).

    Example: `xborder exchange deliver`
    """
    from xborder.exchange.delivery import deliver_due
    from xborder.ledger import keys

    settings = settings_for(data_dir)
    r = deliver_due(database(settings), keys.signer(settings), settings)
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
