"""Time is injected so rules with deadlines can be tested without waiting."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    """Aware UTC now; every stored time is UTC."""
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """Normalise a datetime read back from a store that drops tzinfo (SQLite), or given with
    an offset. A time whose UTC form falls outside year 1-9999 is invalid input."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError:
        from xborder.kernel.errors import Invalid

        raise Invalid(f"time out of range: {value.isoformat()}") from None


def iso(value: datetime) -> str:
    """RFC 3339 in UTC with its offset, whatever the store handed back."""
    return as_utc(value).isoformat()
