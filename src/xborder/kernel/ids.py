"""Identifiers: random, opaque, never sequential (no enumeration of persons by id)."""

from __future__ import annotations

import uuid


def new_id() -> str:
    return str(uuid.uuid4())
