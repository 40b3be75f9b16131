"""Passwords (argon2id) and bearer secrets (random, stored as SHA-256)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# argon2-cffi's defaults are the RFC 9106 low-memory profile of argon2id. Tests swap in a cheap
# hasher through `use_hasher`; production never does.
_hasher = PasswordHasher()
# The hash a login for an unknown user is checked against: made on first use, not at import
# (one argon2 hash at these defaults took 0.14 s on the 2-core benchmark machine, paid by every
# command and worker start-up).
_DUMMY_HASH: str | None = None

TOKEN_PREFIX = "xbt_"  # noqa: S105 - a public prefix, not a secret


def use_hasher(hasher: PasswordHasher) -> None:
    global _hasher, _DUMMY_HASH
    _hasher = hasher
    _DUMMY_HASH = None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Constant work whether or not the user exists, so timing does not reveal usernames (the
    dummy hash is made before either path, so even a process's first login does not tell)."""
    dummy = _dummy_hash()
    try:
        return _hasher.verify(stored_hash or dummy, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _dummy_hash() -> str:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = _hasher.hash("not-a-real-password")
    return _DUMMY_HASH


def new_password() -> str:
    return secrets.token_urlsafe(12)


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def new_opaque() -> str:
    return secrets.token_urlsafe(32)


def same(a: str, b: str) -> bool:
    """Constant-time comparison that also copes with non-ASCII input (compare bytes)."""
    return hmac.compare_digest(a.encode(), b.encode())


def digest(secret: str) -> str:
    """Tokens and session ids have 256 bits of entropy: a plain SHA-256 is the right store."""
    return hashlib.sha256(secret.encode()).hexdigest()
