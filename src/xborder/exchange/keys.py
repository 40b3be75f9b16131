"""Bureau public keys, as JOSE JWKs: Ed25519 (`OKP`/`Ed25519`, use `sig`) to sign envelopes and
X25519 (`OKP`/`X25519`, use `enc`) to receive encrypted ones.

The hub only ever holds public keys. A key signs from its registration until its revocation;
a revoked key leaves the published set but is kept, with its revocation time, so signatures
made before that time still verify and any made after are refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from joserfc.errors import JoseError
from joserfc.jwk import OKPKey

from xborder.kernel.errors import Invalid

CURVE_USE = {"Ed25519": "sig", "X25519": "enc"}
_PUBLIC_MEMBERS = ("kty", "crv", "x")


@dataclass(frozen=True)
class BureauKey:
    kid: str
    country: str
    use: str
    public_jwk: dict[str, Any]
    created_at: datetime
    revoked_at: datetime | None = None

    def valid_at(self, when: datetime) -> bool:
        """A signature dated `when` may be checked with this key."""
        return self.created_at <= when and (self.revoked_at is None or when < self.revoked_at)


def parse_public_jwk(jwk: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """Validate a submitted public JWK; return its public members only and its use.

    A JWK that carries a private part (`d`) is refused outright: a bureau's private key must
    never travel to the hub, not even by mistake."""
    if not isinstance(jwk, dict):
        raise Invalid("a key is a JWK object")
    if "d" in jwk:
        raise Invalid("that JWK holds a private key; send the public key only", field="d")
    if jwk.get("kty") != "OKP" or jwk.get("crv") not in CURVE_USE:
        raise Invalid("keys are OKP JWKs on Ed25519 (signing) or X25519 (encryption)", field="crv")
    try:
        OKPKey.import_key({k: jwk[k] for k in _PUBLIC_MEMBERS})
    except (JoseError, KeyError, ValueError, TypeError) as exc:
        raise Invalid(f"not a valid public key: {exc}") from None
    use = CURVE_USE[jwk["crv"]]
    if jwk.get("use", use) != use:
        raise Invalid(f"a {jwk['crv']} key is for use {use!r}", field="use")
    return {k: jwk[k] for k in _PUBLIC_MEMBERS}, use


def thumbprint_kid(country: str, public_jwk: dict[str, Any]) -> str:
    """`kid` = country + RFC 7638 thumbprint: stable, unique, and says whose key it is."""
    return f"{country.lower()}-{OKPKey.import_key(public_jwk).thumbprint()[:16]}"


def published(key: BureauKey) -> dict[str, Any]:
    alg = "Ed25519" if key.use == "sig" else "ECDH-ES"
    return {**key.public_jwk, "kid": key.kid, "use": key.use, "alg": alg}


def jwk_set(keys: list[BureauKey]) -> dict[str, Any]:
    """The country's published JWK set: keys not revoked, oldest first (rotation overlaps)."""
    live = sorted((k for k in keys if k.revoked_at is None), key=lambda k: k.created_at)
    return {"keys": [published(k) for k in live]}
