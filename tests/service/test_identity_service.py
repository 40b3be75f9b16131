from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.conftest import World
from xborder.accounts import service as identity
from xborder.audit.tables import EventRow
from xborder.kernel.actor import Role
from xborder.kernel.clock import as_utc, utcnow
from xborder.kernel.errors import Conflict, Forbidden, Invalid, Unauthenticated
from xborder.store.tables import ApiTokenRow, LoginThrottleRow, UserRow


def events(world: World, action: str) -> list[EventRow]:
    with world.db.transaction() as s:
        return list(s.scalars(select(EventRow).where(EventRow.action == action)))


def test_login_with_the_demo_password_opens_a_session(world: World) -> None:
    c = world.creds["fr.officer"]
    ws = identity.login(world.db, world.settings, c.username, c.password)
    assert ws.actor.role == Role.NCB_OFFICER and ws.actor.country == "FR"
    found = identity.session_actor(world.db, ws.session_id)
    assert found is not None and found.actor.user_id == ws.actor.user_id
    identity.logout(world.db, ws.session_id)
    assert identity.session_actor(world.db, ws.session_id) is None


def test_wrong_password_and_unknown_user_fail_the_same_way(world: World) -> None:
    with pytest.raises(Unauthenticated) as a:
        identity.login(world.db, world.settings, "fr.officer", "wrong-password")
    with pytest.raises(Unauthenticated) as b:
        identity.login(world.db, world.settings, "nobody.here", "wrong-password")
    assert a.value.detail == b.value.detail


def test_repeated_failures_lock_the_account_even_for_the_right_password(world: World) -> None:
    settings = world.settings.with_(max_failed_logins=3)
    for _ in range(3):
        with pytest.raises(Unauthenticated):
            identity.login(world.db, settings, "de.officer", "wrong-password")
    with pytest.raises(Unauthenticated) as locked:  # same answer as a wrong password
        identity.login(world.db, settings, "de.officer", world.creds["de.officer"].password)
    assert locked.value.detail == identity.GENERIC_LOGIN_FAILURE
    assert len(events(world, "auth.locked")) == 1
    assert len(events(world, "auth.refused_locked")) == 1
    assert len(events(world, "auth.login_failed")) == 3


def test_tokens_are_stored_hashed_and_resolve_until_revoked(world: World) -> None:
    new = identity.create_token(world.db, None, "fr.officer", "t", ["read"], 5)
    with world.db.transaction() as s:
        row = s.get(ApiTokenRow, new.id)
        assert row is not None and new.token not in (row.token_hash, row.prefix)
    actor = identity.token_actor(world.db, new.token)
    assert actor is not None and actor.scopes == frozenset({"read"})
    identity.revoke_token(world.db, None, new.id)
    assert identity.token_actor(world.db, new.token) is None


def test_expired_token_resolves_to_nobody(world: World) -> None:
    new = identity.create_token(world.db, None, "fr.officer", "t", None, 5)
    with world.db.transaction() as s:
        row = s.get(ApiTokenRow, new.id)
        assert row is not None
        row.expires_at = utcnow() - timedelta(seconds=1)
    assert identity.token_actor(world.db, new.token) is None


def test_disabling_a_user_ends_sessions_and_tokens(world: World) -> None:
    c = world.creds["it.officer"]
    ws = identity.login(world.db, world.settings, c.username, c.password)
    identity.disable_user(world.db, None, "it.officer", "left the bureau")
    assert identity.session_actor(world.db, ws.session_id) is None
    assert identity.token_actor(world.db, c.token) is None
    with pytest.raises(Unauthenticated):
        identity.login(world.db, world.settings, c.username, c.password)


def test_users_are_created_only_with_a_role_that_fits_the_organisation(world: World) -> None:
    with pytest.raises(Invalid):
        identity.create_user(world.db, None, "fr.reviewer", Role.REVIEWER, "FR")
    new = identity.create_user(world.db, None, "fr.duty", Role.NCB_OFFICER, "FR")
    with pytest.raises(Conflict):
        identity.create_user(world.db, None, "fr.duty", Role.NCB_OFFICER, "FR")
    with world.db.transaction() as s:
        assert s.scalar(select(UserRow).where(UserRow.id == new.id)) is not None
    assert any(e.subject_id == new.id for e in events(world, "user.created"))


def test_an_officer_cannot_create_users(world: World) -> None:
    officer = identity.token_actor(world.db, world.token("fr.officer"))
    assert officer is not None
    with pytest.raises(Forbidden):
        identity.create_user(world.db, officer, "fr.other", Role.NCB_OFFICER, "FR")


def test_a_read_only_token_cannot_mint_a_write_token(world: World) -> None:
    ro = identity.create_token(world.db, None, "fr.officer", "ro", ["read"], 5)
    actor = identity.token_actor(world.db, ro.token)
    assert actor is not None
    with pytest.raises(Forbidden):  # token.manage_own needs the write scope
        identity.create_token(world.db, actor, "fr.officer", "x", ["write"], 5)


def test_parallel_guesses_cannot_outrun_the_lock_out(world: World) -> None:
    from concurrent.futures import ThreadPoolExecutor

    settings = world.settings.with_(max_failed_logins=5)

    def guess(i: int) -> str:
        try:
            identity.login(world.db, settings, "nl.officer", f"wrong-password-{i}")
        except Unauthenticated:
            return "refused"
        return "in"

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert set(pool.map(guess, range(16))) == {"refused"}
    assert len(events(world, "auth.login_failed")) <= 5  # later guesses were not even checked
    assert len(events(world, "auth.locked")) == 1
    with pytest.raises(Unauthenticated):
        identity.login(world.db, settings, "nl.officer", world.creds["nl.officer"].password)


def _throttle(world: World, username: str, client: str) -> LoginThrottleRow:
    with world.db.transaction() as s:
        uid = s.scalar(select(UserRow.id).where(UserRow.username == username))
        row = s.get(LoginThrottleRow, (uid, client))
        assert row is not None
        return row


def _unlock_address(world: World, username: str, client: str) -> None:
    """As if the address's wait had passed."""
    with world.db.transaction() as s:
        uid = s.scalar(select(UserRow.id).where(UserRow.username == username))
        row = s.get(LoginThrottleRow, (uid, client))
        assert row is not None
        row.locked_until = utcnow() - timedelta(seconds=1)


def test_a_guessing_address_cannot_lock_the_officer_out(world: World) -> None:
    settings = world.settings.with_(max_failed_logins=3)
    c = world.creds["es.officer"]
    for _ in range(3):
        with pytest.raises(Unauthenticated):
            identity.login(world.db, settings, c.username, "wrong-password", client="203.0.113.9")
    # The attacker's address waits, even with the right password ...
    with pytest.raises(Unauthenticated):
        identity.login(world.db, settings, c.username, c.password, client="203.0.113.9")
    assert len(events(world, "auth.refused_locked")) == 1
    # ... while the officer, from the bureau's address, logs in, and the token still works.
    ws = identity.login(world.db, settings, c.username, c.password, client="198.51.100.7")
    assert ws.actor.username == c.username
    assert identity.token_actor(world.db, c.token) is not None


def test_the_wait_doubles_with_each_further_failure_up_to_the_cap(world: World) -> None:
    settings = world.settings.with_(max_failed_logins=2, lockout_minutes=5)
    addr, user = "203.0.113.10", "pt.officer"
    waits = []
    for _ in range(6):
        with pytest.raises(Unauthenticated):
            identity.login(world.db, settings, user, "wrong-password", client=addr)
        row = _throttle(world, user, addr)
        if row.locked_until is not None and as_utc(row.locked_until) > utcnow():
            waits.append(round((as_utc(row.locked_until) - utcnow()).total_seconds() / 60))
            _unlock_address(world, user, addr)
    assert waits == [1, 2, 4, 5, 5]  # from the 2nd failure: 1, 2, 4 minutes, then the cap


def test_failures_spread_over_many_addresses_lock_the_account_and_its_tokens(
    world: World,
) -> None:
    settings = world.settings.with_(max_failed_logins=3, account_lock_failures=6)
    c = world.creds["be.officer"]
    for i in range(6):
        with pytest.raises(Unauthenticated):
            identity.login(world.db, settings, c.username, "wrong", client=f"203.0.113.{20 + i}")
    locked = [e for e in events(world, "auth.locked") if e.summary.get("scope") == "account"]
    assert len(locked) == 1
    # Locked: no login from anywhere, no token, no existing session.
    with pytest.raises(Unauthenticated):
        identity.login(world.db, settings, c.username, c.password, client="198.51.100.7")
    assert identity.token_actor(world.db, c.token) is None
    # An admin enables the user: login and token work again.
    identity.enable_user(world.db, None, c.username, "checked with the bureau")
    assert identity.token_actor(world.db, c.token) is not None
    assert identity.login(world.db, settings, c.username, c.password, client="198.51.100.7")
    assert len(events(world, "user.enabled")) == 1


def test_a_success_clears_the_addresss_failures(world: World) -> None:
    settings = world.settings.with_(max_failed_logins=3)
    c = world.creds["fr.officer"]
    for _ in range(2):
        with pytest.raises(Unauthenticated):
            identity.login(world.db, settings, c.username, "wrong", client="198.51.100.8")
    identity.login(world.db, settings, c.username, c.password, client="198.51.100.8")
    for _ in range(2):  # two more: not three in a row, so no wait
        with pytest.raises(Unauthenticated):
            identity.login(world.db, settings, c.username, "wrong", client="198.51.100.8")
    identity.login(world.db, settings, c.username, c.password, client="198.51.100.8")
    assert events(world, "auth.locked") == []


def test_the_last_active_secretariat_admin_cannot_be_disabled(world: World) -> None:
    with world.db.transaction() as s:
        admins = list(
            s.scalars(
                select(UserRow.username).where(
                    UserRow.role == Role.SECRETARIAT_ADMIN.value, UserRow.disabled_at.is_(None)
                )
            )
        )
    assert admins
    *others, last = admins
    for name in others:
        identity.disable_user(world.db, None, name)
    with pytest.raises(Conflict):
        identity.disable_user(world.db, None, last)
    with world.db.transaction() as s:
        row = s.scalar(select(UserRow).where(UserRow.username == last))
        assert row is not None and row.disabled_at is None  # nothing changed
    # Another admin enabled again: now the last one may go.
    identity.enable_user(world.db, None, admins[0] if others else last)
    if others:
        identity.disable_user(world.db, None, last)


def test_enabling_a_disabled_user_keeps_its_old_tokens_revoked(world: World) -> None:
    c = world.creds["it.officer"]
    identity.disable_user(world.db, None, c.username)
    identity.enable_user(world.db, None, c.username)
    assert identity.token_actor(world.db, c.token) is None
    assert identity.login(world.db, world.settings, c.username, c.password)
