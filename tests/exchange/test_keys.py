"""Bureau keys: registration by the bureau's supervisor, publication as a JWK set per
country, rotation with overlapping kids, time-stamped revocation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from joserfc.jwk import OKPKey
from sqlalchemy import func, select

from tests.conftest import World
from xborder.accounts import service as identity
from xborder.exchange import key_service
from xborder.exchange.keys import parse_public_jwk
from xborder.exchange.tables import BureauKeyRow
from xborder.kernel.errors import Invalid
from xborder.platform.app import create_app


def public(crv: str = "Ed25519") -> dict[str, Any]:
    return OKPKey.generate_key(crv).as_dict(private=False)


def test_private_keys_are_refused_outright() -> None:
    with pytest.raises(Invalid):
        parse_public_jwk(OKPKey.generate_key("Ed25519").as_dict(private=True))


@pytest.mark.parametrize(
    "jwk",
    [
        {"kty": "EC", "crv": "P-256", "x": "a", "y": "b"},
        {"kty": "OKP", "crv": "Ed448", "x": "abc"},
        {"kty": "OKP", "crv": "Ed25519", "x": "not-32-bytes"},
        {**public(), "use": "enc"},
    ],
)
def test_malformed_or_wrong_kind_keys_are_refused(jwk: dict[str, Any]) -> None:
    with pytest.raises(Invalid):
        parse_public_jwk(jwk)


def test_rotation_publishes_both_keys_and_revocation_removes_one(world: World) -> None:
    sup = identity.token_actor(world.db, world.token("fr.supervisor"))
    assert sup is not None
    old = key_service.register_key(world.db, sup, public())
    new = key_service.register_key(world.db, sup, public())
    enc = key_service.register_key(world.db, sup, public("X25519"))
    kids = [k["kid"] for k in key_service.published_set(world.db, "FR")["keys"]]
    assert kids == [old.kid, new.kid, enc.kid] and old.kid.startswith("fr-")
    revoked = key_service.revoke_key(world.db, sup, old.kid, "rotated")
    assert revoked.revoked_at is not None
    assert [k["kid"] for k in key_service.published_set(world.db, "FR")["keys"]] == [
        new.kid,
        enc.kid,
    ]
    # signatures dated before the revocation still verify with the old key, later ones not
    assert revoked.valid_at(revoked.created_at + (revoked.revoked_at - revoked.created_at) / 2)
    assert not revoked.valid_at(revoked.created_at - timedelta(seconds=1))
    assert not revoked.valid_at(revoked.revoked_at + timedelta(seconds=1))


def test_keys_over_http(sqlite_world: World) -> None:
    c = TestClient(create_app(sqlite_world.settings, sqlite_world.db))
    sup = {"Authorization": f"Bearer {sqlite_world.token('de.supervisor')}"}
    created = c.post("/api/v1/keys", json=public(), headers=sup)
    assert created.status_code == 201, created.text
    kid = created.json()["kid"]
    jwks = c.get("/api/v1/keys/de").json()  # public: no login needed
    assert [k["kid"] for k in jwks["keys"]] == [kid] and "d" not in jwks["keys"][0]
    assert (
        c.post(
            "/api/v1/keys",
            json=public(),
            headers={"Authorization": f"Bearer {sqlite_world.token('de.officer')}"},
        ).status_code
        == 403
    )
    assert (
        c.post(
            "/api/v1/keys?country=DE",
            json=public(),
            headers={"Authorization": f"Bearer {sqlite_world.token('fr.supervisor')}"},
        ).status_code
        == 403
    )  # another country's bureau
    with sqlite_world.db.transaction() as s:
        before = s.scalar(select(func.count()).select_from(BureauKeyRow))
    leaked = c.post(
        "/api/v1/keys", json=OKPKey.generate_key("Ed25519").as_dict(private=True), headers=sup
    )
    assert leaked.status_code == 422 and leaked.json()["field"] == "d"
    assert (
        c.post(
            "/api/v1/keys", json=c.get("/api/v1/keys/de").json()["keys"][0], headers=sup
        ).status_code
        == 409
    )
    with sqlite_world.db.transaction() as s:
        assert s.scalar(select(func.count()).select_from(BureauKeyRow)) == before
    res = c.post(f"/api/v1/keys/{kid}/revoke", json={"reason": "compromised"}, headers=sup)
    assert res.status_code == 200 and res.json()["revoked_at"]
    assert c.get("/api/v1/keys/DE").json() == {"keys": []}
    assert c.get("/api/v1/keys/XX").status_code == 422
