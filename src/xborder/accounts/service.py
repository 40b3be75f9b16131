"""Use cases of identity and access: organisations, users, logins, sessions and API tokens.

`actor=None` means the local operator at the server's console (the CLI with direct database
access); every such change is still an event, labelled as the operator's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, delete, or_, select, update
from sqlalchemy.orm import Session

from xborder.audit.service import record_event
from xborder.config import Settings
from xborder.identity import secrets
from xborder.identity.policy import Action, Scope, authorize, may_manage_token
from xborder.kernel.actor import ROLES_BY_ORG_KIND, Actor, OrgKind, Role, WebSession
from xborder.kernel.clock import as_utc, utcnow
from xborder.kernel.errors import Conflict, Invalid, NotFound, Unauthenticated
from xborder.kernel.ids import new_id
from xborder.store.db import Database, insert_if_absent
from xborder.store.tables import ApiTokenRow, LoginThrottleRow, OrgRow, UserRow, WebSessionRow

GENERIC_LOGIN_FAILURE = "invalid username or password"
# Failed logins older than this no longer make an address wait longer.
FAILURE_MEMORY = timedelta(days=1)


def actor_from(
    user: UserRow,
    *,
    via: str = "session",
    scopes: frozenset[str] | None = None,
    token_id: str | None = None,
) -> Actor:
    return Actor(
        user_id=user.id,
        username=user.username,
        role=Role(user.role),
        org_id=user.org_id,
        org_kind=OrgKind(user.org.kind),
        country=user.org.country,
        scopes=scopes,
        via=via,
        token_id=token_id,
    )


# --- organisations -------------------------------------------------------------------------


def create_org(session: Session, kind: OrgKind, name: str, country: str | None = None) -> OrgRow:
    if (kind == OrgKind.BUREAU) != (country is not None):
        raise Invalid("a bureau has exactly one country; other organisations have none")
    org = OrgRow(id=new_id(), kind=kind.value, name=name, country=country, created_at=utcnow())
    session.add(org)
    session.flush()
    record_event(
        session,
        None,
        "org.created",
        "organisation",
        org.id,
        {"kind": kind.value, "name": name, "country": country},
        summary={"kind": kind.value, "country": country},
    )
    return org


def org_by_name_or_country(session: Session, key: str) -> OrgRow:
    """`FR` finds the French bureau; anything else is an organisation name."""
    org = (
        session.scalar(select(OrgRow).where(OrgRow.country == key.upper()))
        if len(key) == 2
        else None
    )
    org = org or session.scalar(select(OrgRow).where(OrgRow.name == key))
    if org is None:
        raise NotFound(f"no organisation {key!r}")
    return org


# --- users ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewUser:
    id: str
    username: str
    password: str


def _validate_username(username: str) -> str:
    username = username.strip()
    if not (3 <= len(username) <= 100) or not all(c.isalnum() or c in "._-@" for c in username):
        raise Invalid("a username is 3-100 letters, digits or . _ - @", field="username")
    return username


def create_user_in(
    session: Session,
    actor: Actor | None,
    username: str,
    role: Role,
    org: OrgRow,
    display_name: str = "",
    password: str | None = None,
    *,
    password_hash: str | None = None,
    label: str | None = None,
) -> NewUser:
    """Create a user inside an open transaction (the demo loader creates many in one, with
    passwords it has already hashed in parallel: `password_hash` then goes with `password`)."""
    if actor is not None:
        authorize(actor, Action.USER_MANAGE)
    username = _validate_username(username)
    if role not in ROLES_BY_ORG_KIND[OrgKind(org.kind)]:
        raise Invalid(f"role {role.value} does not exist in a {org.kind}", field="role")
    if password is not None and len(password) < 10:
        raise Invalid("a password has at least 10 characters", field="password")
    if session.scalar(select(UserRow.id).where(UserRow.username == username)):
        raise Conflict(f"username {username!r} is taken")
    password = password or secrets.new_password()
    user = UserRow(
        id=new_id(),
        username=username,
        display_name=display_name or username,
        role=role.value,
        org_id=org.id,
        password_hash=password_hash or secrets.hash_password(password),
        failed_logins=0,
        created_at=utcnow(),
    )
    session.add(user)
    session.flush()
    record_event(
        session,
        actor,
        "user.created",
        "user",
        user.id,
        {"username": username, "role": role.value, "org": org.id},
        summary={"role": role.value, "org": org.id},
        label=label,
    )
    return NewUser(user.id, username, password)


def create_user(
    db: Database,
    actor: Actor | None,
    username: str,
    role: Role,
    org_key: str,
    display_name: str = "",
    password: str | None = None,
) -> NewUser:
    with db.transaction() as s:
        org = org_by_name_or_country(s, org_key)
        return create_user_in(s, actor, username, role, org, display_name, password)


def get_user(db: Database, user_id: str) -> UserRow:
    with db.transaction() as s:
        user = s.get(UserRow, user_id)
        if user is None:
            raise NotFound("no such user")
        return user


def list_users(db: Database, actor: Actor | None) -> list[UserRow]:
    if actor is not None:
        authorize(actor, Action.USER_LIST)
    with db.transaction() as s:
        return list(s.scalars(select(UserRow).order_by(UserRow.username)))


def disable_user(db: Database, actor: Actor | None, username: str, reason: str = "") -> None:
    """Disabling also ends the user's sessions and revokes their tokens, at once."""
    if actor is not None:
        authorize(actor, Action.USER_MANAGE)
    with db.transaction() as s:
        user = s.scalar(select(UserRow).where(UserRow.username == username))
        if user is None:
            raise NotFound(f"no user {username!r}")
        if user.disabled_at is not None:
            return
        active_admins = select(UserRow.id).where(
            UserRow.role == Role.SECRETARIAT_ADMIN.value, UserRow.disabled_at.is_(None)
        )
        if user.role == Role.SECRETARIAT_ADMIN.value:
            # Two admins disabling each other at once must not leave no one to manage users:
            # PostgreSQL locks the admin rows; SQLite serialises the write below; the count
            # is taken after this transaction's own write.
            s.scalars(active_admins.with_for_update()).all()
        now = utcnow()
        user.disabled_at = now
        s.flush()
        if user.role == Role.SECRETARIAT_ADMIN.value and not s.scalars(active_admins).first():
            raise Conflict("the last active secretariat admin cannot be disabled")
        s.execute(delete(WebSessionRow).where(WebSessionRow.user_id == user.id))
        for tok in s.scalars(
            select(ApiTokenRow).where(
                ApiTokenRow.user_id == user.id, ApiTokenRow.revoked_at.is_(None)
            )
        ):
            tok.revoked_at = now
        record_event(
            s, actor, "user.disabled", "user", user.id, {"username": username}, reason=reason
        )


def enable_user(db: Database, actor: Actor | None, username: str, reason: str = "") -> None:
    """Enable a disabled or locked user and clear its failed logins. The tokens revoked when
    it was disabled stay revoked: the user makes new ones."""
    if actor is not None:
        authorize(actor, Action.USER_MANAGE)
    with db.transaction() as s:
        user = s.scalar(select(UserRow).where(UserRow.username == username))
        if user is None:
            raise NotFound(f"no user {username!r}")
        user.disabled_at = None
        user.locked_until = None
        user.failed_logins = 0
        s.execute(delete(LoginThrottleRow).where(LoginThrottleRow.user_id == user.id))
        record_event(
            s, actor, "user.enabled", "user", user.id, {"username": username}, reason=reason
        )


# --- login and sessions --------------------------------------------------------------------


def is_locked(user: UserRow, now: datetime) -> bool:
    return _locked(user.locked_until, now)


def _locked(until: datetime | None, now: datetime) -> bool:
    return until is not None and as_utc(until) > now


def _pair_delay(failures: int, settings: Settings) -> timedelta | None:
    """How long one address waits on one account after `failures` in a row: nothing below the
    threshold, then 1 minute doubling per further failure, capped at `lockout_minutes`."""
    over = failures - settings.max_failed_logins
    if over < 0:
        return None
    return timedelta(minutes=min(2 ** min(over, 20), settings.lockout_minutes))


def _reserve(s: Session, user: UserRow, client: str, now: datetime) -> tuple[int, int] | None:
    """Count an attempt on (account, address) *before* the slow password check, atomically, so
    parallel guesses cannot overwrite each other's count: (failures from this address in a
    row, failures on the account from all addresses), or None when the address must wait or
    the account is locked. The row locks this takes serialise attempts on one account."""
    if is_locked(user, now):
        return None
    insert_if_absent(
        s,
        LoginThrottleRow,
        {"user_id": user.id, "client": client, "failures": 0},
        ["user_id", "client"],
    )
    attempt = s.execute(
        update(LoginThrottleRow)
        .where(
            LoginThrottleRow.user_id == user.id,
            LoginThrottleRow.client == client,
            or_(LoginThrottleRow.locked_until.is_(None), LoginThrottleRow.locked_until <= now),
        )
        .values(
            # A quiet day forgets the past failures: delays grow only under a sustained attack.
            failures=case(
                (LoginThrottleRow.last_failure_at < now - FAILURE_MEMORY, 1),
                else_=LoginThrottleRow.failures + 1,
            ),
            last_failure_at=now,
        )
        .returning(LoginThrottleRow.failures)
        .execution_options(synchronize_session=False)
    ).scalar()
    if attempt is None:
        return None
    total = s.execute(
        update(UserRow)
        .where(UserRow.id == user.id)
        .values(failed_logins=UserRow.failed_logins + 1)
        .returning(UserRow.failed_logins)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    return attempt, total


def login(
    db: Database, settings: Settings, username: str, password: str, client: str = ""
) -> WebSession:
    """Check a password; make the guessing address wait after repeated failures.

    Failures count per account and client address (`LoginThrottleRow`): the address that
    guesses waits, growing delays, while the officer logs in from theirs. Failures from every
    address together lock the account itself at `account_lock_failures` (a guessing attack
    spread over many addresses); a locked account's tokens stop working too, until the lock
    ends or an admin enables the user. The counts must persist even though the caller gets an
    error, so the outcome is decided inside the transaction and raised after it commits.
    """
    now = utcnow()
    client = client[:64]
    failure: Exception | None = None
    result: WebSession | None = None
    with db.transaction() as s:
        user = s.scalar(select(UserRow).where(UserRow.username == username.strip()))
        reserved = None
        if user is not None and user.disabled_at is None:
            reserved = _reserve(s, user, client, now)
        attempt = reserved[0] if reserved is not None else None
        ok = secrets.verify_password(
            user.password_hash if user is not None and attempt is not None else None, password
        )
        # One answer for unknown, disabled, locked and wrong: none of them says which it was.
        failure = Unauthenticated(GENERIC_LOGIN_FAILURE)
        if user is not None and user.disabled_at is None and attempt is None:
            record_event(
                s,
                None,
                "auth.refused_locked",
                "user",
                user.id,
                {"client": client},
                label="login form",
            )
        elif user is not None and attempt is not None and not ok:
            assert reserved is not None
            _failed(s, settings, user, client, reserved, now)
        elif user is not None and attempt is not None and ok:
            failure = None
            s.execute(
                delete(LoginThrottleRow).where(
                    LoginThrottleRow.user_id == user.id, LoginThrottleRow.client == client
                )
            )
            s.execute(
                update(UserRow)
                .execution_options(synchronize_session=False)
                .where(UserRow.id == user.id)
                .values(failed_logins=0, locked_until=None, last_login_at=now)
            )
            s.refresh(user)
            sid, csrf = secrets.new_opaque(), secrets.new_opaque()
            s.add(
                WebSessionRow(
                    id_hash=secrets.digest(sid),
                    user_id=user.id,
                    csrf_token=csrf,
                    created_at=now,
                    expires_at=now + timedelta(hours=settings.session_hours),
                )
            )
            actor = actor_from(user)
            record_event(s, actor, "auth.login", "user", user.id, {"client": client})
            result = WebSession(sid, csrf, actor)
    if failure is not None:
        raise failure
    assert result is not None
    return result


def _locked_event(s: Session, user: UserRow, client: str, minutes: int, scope: str) -> None:
    """`scope`: "address" (that address waits) or "account" (the account itself is locked)."""
    record_event(
        s,
        None,
        "auth.locked",
        "user",
        user.id,
        {"client": client},
        summary={"minutes": minutes, "scope": scope},
        label="login form",
    )


def _failed(
    s: Session,
    settings: Settings,
    user: UserRow,
    client: str,
    counts: tuple[int, int],
    now: datetime,
) -> None:
    """Record a wrong password; make the address wait, or lock the account, when due.
    `counts`: failures in a row from this address, and on the account from all addresses."""
    attempt, total = counts
    record_event(
        s,
        None,
        "auth.login_failed",
        "user",
        user.id,
        {"client": client},
        summary={"failed_logins": attempt},
        label="login form",
    )
    delay = _pair_delay(attempt, settings)
    if delay is not None:
        s.execute(
            update(LoginThrottleRow)
            .execution_options(synchronize_session=False)
            .where(LoginThrottleRow.user_id == user.id, LoginThrottleRow.client == client)
            .values(locked_until=now + delay)
        )
        _locked_event(s, user, client, int(delay.total_seconds() // 60), "address")
    if total >= settings.account_lock_failures:
        s.execute(
            update(UserRow)
            .execution_options(synchronize_session=False)
            .where(UserRow.id == user.id)
            .values(locked_until=now + timedelta(minutes=settings.lockout_minutes), failed_logins=0)
        )
        _locked_event(s, user, client, settings.lockout_minutes, "account")


def session_actor(db: Database, session_id: str) -> WebSession | None:
    with db.transaction() as s:
        row = s.get(WebSessionRow, secrets.digest(session_id))
        if row is None or as_utc(row.expires_at) <= utcnow():
            return None
        user = s.get(UserRow, row.user_id)
        if user is None or user.disabled_at is not None or is_locked(user, utcnow()):
            return None
        return WebSession(session_id, row.csrf_token, actor_from(user))


def logout(db: Database, session_id: str) -> None:
    with db.transaction() as s:
        row = s.get(WebSessionRow, secrets.digest(session_id))
        if row is not None:
            record_event(s, None, "auth.logout", "user", row.user_id, {}, label="session")
            s.delete(row)


# --- API tokens ----------------------------------------------------------------------------


@dataclass(frozen=True)
class NewToken:
    id: str
    token: str
    expires_at: datetime
    scopes: tuple[str, ...]


def _parse_scopes(scopes: list[str] | None) -> tuple[str, ...]:
    if not scopes:
        return (Scope.READ.value, Scope.WRITE.value)
    try:
        return tuple(sorted({Scope(s).value for s in scopes}))
    except ValueError:
        raise Invalid("unknown scope", field="scopes", allowed=[s.value for s in Scope]) from None


def create_token_in(
    session: Session,
    actor: Actor | None,
    user: UserRow,
    name: str,
    scopes: list[str] | None,
    days: int,
) -> NewToken:
    if actor is not None:
        authorize(actor, Action.TOKEN_MANAGE_OWN)
        if not may_manage_token(actor, user.id):
            raise NotFound("no such user")
        if actor.scopes is not None and not set(_parse_scopes(scopes)) <= actor.scopes:
            raise Invalid("a token cannot grant more scopes than the one that created it")
    if not 1 <= days <= 366:
        raise Invalid("a token lives 1 to 366 days", field="days")
    plain = secrets.new_token()
    now = utcnow()
    row = ApiTokenRow(
        id=new_id(),
        user_id=user.id,
        name=name[:100] or "token",
        token_hash=secrets.digest(plain),
        prefix=plain[: len(secrets.TOKEN_PREFIX) + 6],
        scopes=list(_parse_scopes(scopes)),
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    session.add(row)
    session.flush()
    record_event(
        session,
        actor,
        "token.created",
        "api_token",
        row.id,
        {"user": user.id, "scopes": row.scopes},
        summary={"user": user.id, "scopes": row.scopes, "days": days},
    )
    return NewToken(row.id, plain, row.expires_at, tuple(row.scopes))


def create_token(
    db: Database,
    actor: Actor | None,
    username: str,
    name: str = "",
    scopes: list[str] | None = None,
    days: int = 90,
) -> NewToken:
    with db.transaction() as s:
        user = s.scalar(select(UserRow).where(UserRow.username == username))
        if user is None or user.disabled_at is not None:
            raise NotFound(f"no active user {username!r}")
        return create_token_in(s, actor, user, name, scopes, days)


def list_tokens(db: Database, actor: Actor) -> list[ApiTokenRow]:
    authorize(actor, Action.TOKEN_MANAGE_OWN)
    with db.transaction() as s:
        return list(
            s.scalars(
                select(ApiTokenRow)
                .where(ApiTokenRow.user_id == actor.user_id)
                .order_by(ApiTokenRow.created_at)
            )
        )


def revoke_token(db: Database, actor: Actor | None, token_id: str, reason: str = "") -> None:
    """Revoke by id (or by the token's displayed prefix)."""
    with db.transaction() as s:
        row = s.get(ApiTokenRow, token_id) or s.scalar(
            select(ApiTokenRow).where(ApiTokenRow.prefix == token_id)
        )
        if actor is not None:
            authorize(actor, Action.TOKEN_MANAGE_OWN)
            if row is None or not may_manage_token(actor, row.user_id):
                raise NotFound("no such token")
        if row is None:
            raise NotFound("no such token")
        if row.revoked_at is None:
            row.revoked_at = utcnow()
            record_event(s, actor, "token.revoked", "api_token", row.id, {}, reason=reason)


def token_actor(db: Database, token: str) -> Actor | None:
    """Resolve a bearer token; expired, revoked, disabled-user and locked-account tokens
    resolve to nobody. One SELECT joining token, user and organisation (every API call pays
    for it), and a write only for the coarse last-use stamp."""
    if not token.startswith(secrets.TOKEN_PREFIX):
        return None
    now = utcnow()
    with db.transaction() as s:
        found = s.execute(
            select(
                ApiTokenRow.id,
                ApiTokenRow.scopes,
                ApiTokenRow.revoked_at,
                ApiTokenRow.expires_at,
                ApiTokenRow.last_used_at,
                UserRow.id,
                UserRow.username,
                UserRow.role,
                UserRow.disabled_at,
                UserRow.locked_until,
                OrgRow.id,
                OrgRow.kind,
                OrgRow.country,
            )
            .join(UserRow, UserRow.id == ApiTokenRow.user_id)
            .join(OrgRow, OrgRow.id == UserRow.org_id)
            .where(ApiTokenRow.token_hash == secrets.digest(token))
        ).one_or_none()
        if found is None:
            return None
        (tid, scopes, revoked, expires, last_used, uid, username, role, disabled, locked,
         org_id, org_kind, country) = found  # fmt: skip
        if revoked is not None or as_utc(expires) <= now:
            return None
        if disabled is not None or _locked(locked, now):
            return None
        # Coarse last-use stamp (once a minute) so hot tokens do not write on every request.
        if last_used is None or now - as_utc(last_used) > timedelta(minutes=1):
            s.execute(update(ApiTokenRow).where(ApiTokenRow.id == tid).values(last_used_at=now))
        return Actor(
            user_id=uid,
            username=username,
            role=Role(role),
            org_id=org_id,
            org_kind=OrgKind(org_kind),
            country=country,
            scopes=frozenset(scopes),
            via="token",
            token_id=tid,
        )
