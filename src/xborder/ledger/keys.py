"""The secretariat's ledger signing key: created on first use in the data directory, readable
by the owner only, never in the repository."""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from xborder.config import Settings
from xborder.ledger.log import Signer

KEY_NAME = "xborder-secretariat"


def key_path(settings: Settings) -> Path:
    return settings.data_dir / "keys" / "ledger-ed25519.pem"


def load_or_create(settings: Settings) -> Ed25519PrivateKey:
    path = key_path(settings)
    if path.exists():
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        assert isinstance(key, Ed25519PrivateKey)
        return key
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    return key


def signer(settings: Settings) -> Signer:
    return Signer(origin=settings.ledger_origin, name=KEY_NAME, key=load_or_create(settings))
