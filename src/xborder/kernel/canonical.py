"""Canonical JSON (sorted keys, no spaces, UTF-8): the one byte form that every digest and
signature in xborder is computed over, so the same data always gives the same hash."""

from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical_json(obj: Any) -> bytes:
    return json.dumps(
        obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    ).encode()


def salted_sha256(salt_hex: str, obj: Any) -> bytes:
    """SHA-256(salt || canonical JSON): a digest nobody can reverse by guessing the data."""
    return hashlib.sha256(bytes.fromhex(salt_hex) + canonical_json(obj)).digest()
