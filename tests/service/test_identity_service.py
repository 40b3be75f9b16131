from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.conftest import World
from xborder.identity import service as identity
from xborder.kernel.actor import Role
from xborder.kernel.clock import utcnow
from xborder.kernel.errors import Conflict, Forbidden, Invalid, Unauthenticated
from xborder.store.tables import ApiTokenRow, EventRow, UserRow


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
    settings = replace(world.settings, max_failed_logins=3)
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

    settings = replace(world.settings, max_failed_logins=5)

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
