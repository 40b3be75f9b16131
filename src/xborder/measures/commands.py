"""Commands of the corrective measures (see `xborder.kernel.commands`): the API body, the page
form and the service argument in one model each."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from xborder.kernel.commands import Command


class MeasureIn(Command):
    country: str = Field(min_length=2, max_length=3)
    scopes: list[str] = Field(min_length=1, max_length=10)
    reason: str = Field(min_length=1, max_length=5000)
    starts_at: datetime | None = None
    ends_at: datetime | None = None


class LiftIn(Command):
    reason: str = Field(min_length=1, max_length=5000)
