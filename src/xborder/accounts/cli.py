"""`xborder users ...` and `xborder tokens ...`: users and API tokens, managed as the local
operator."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from xborder.clitools import DataDir, console, database, fail, settings_for
from xborder.kernel.actor import Role
from xborder.kernel.errors import DomainError

users_app = typer.Typer(help="Manage users (as the local operator).", no_args_is_help=True)
tokens_app = typer.Typer(help="Manage API tokens (as the local operator).", no_args_is_help=True)


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
            database(settings_for(data_dir)), None, username, role, org, display_name, password
        )
    except DomainError as exc:
        raise fail(exc) from None
    console.print(f"created {new.username}" + ("" if password else f"  password: {new.password}"))


@users_app.command("list")
def users_list(data_dir: DataDir = None) -> None:
    """List users.

    Example: `xborder users list`
    """
    from xborder.accounts.service import is_locked, list_users
    from xborder.kernel.clock import utcnow

    table = Table("username", "role", "organisation", "status")
    for u in list_users(database(settings_for(data_dir)), None):
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
        disable_user(database(settings_for(data_dir)), None, username, reason)
    except DomainError as exc:
        raise fail(exc) from None
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
        enable_user(database(settings_for(data_dir)), None, username, reason)
    except DomainError as exc:
        raise fail(exc) from None
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
        new = create_token(database(settings_for(data_dir)), None, username, name, scope, days)
    except DomainError as exc:
        raise fail(exc) from None
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
        revoke_token(database(settings_for(data_dir)), None, token_id, reason)
    except DomainError as exc:
        raise fail(exc) from None
    console.print(f"revoked {token_id}")
