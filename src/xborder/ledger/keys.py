"""The secretariat's ledger signing key: created on first use in the data directory, readable
by the owner only, never in the repository; read from disk once per process."""

from __future__ import annotations

import os
import tempfile
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from xborder.config import Settings
from xborder.ledger.log import Signer

KEY_NAME = "xborder-secretariat"


class MissingKey(Exception):
    pass


def key_path(settings: Settings) -> Path:
    return (settings.data_dir / "keys" / "ledger-ed25519.pem").resolve()


def _read(path: Path) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    assert isinstance(key, Ed25519PrivateKey)
    return key


def load(settings: Settings) -> Ed25519PrivateKey:
    """The existing key; verification must never mint a new one."""
    path = key_path(settings)
    if not path.exists():
        raise MissingKey(f"no ledger key at {path}")
    return _read(path)


def _load_or_create(path: Path) -> Ed25519PrivateKey:
    """The key at `path`, made once. Several workers (or replicas on one volume) may start at
    the same moment: each writes a new key to a file of its own and links it into place,
    which only one of them can do; the others read the winner's key, complete, since it
    was written before it was linked."""
    if path.exists():
        return _read(path)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(pem)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        try:
            os.link(tmp, path)
        except FileExistsError:
            return _read(path)
    finally:
        os.unlink(tmp)
    return key


def signer(settings: Settings) -> Signer:
    """The signer for these settings, built once: requests sign evidences on a hot path."""
    return _signer(settings.ledger_origin, key_path(settings))


@cache
def _signer(origin: str, path: Path) -> Signer:
    return Signer(origin=origin, name=KEY_NAME, key=_load_or_create(path))
