"""Commands of screening (see `xborder.kernel.commands`): the API body, the page form and the
service argument in one model each."""

from __future__ import annotations

from pydantic import Field

from xborder.kernel.commands import Command

MAX_BATCH = 10_000
"""Queries per API call; the CLI streams larger files in chunks."""


class PersonQuery(Command):
    names: list[str] = Field(min_length=1, max_length=20)
    birth_dates: list[str] = Field(default_factory=list, max_length=10)
    nationalities: list[str] = Field(default_factory=list, max_length=10)
    sex: str = Field("U", pattern="^[MFU]$")


class ScreenIn(PersonQuery):
    dataset: str = Field("default", max_length=60)
    limit: int = Field(5, ge=1, le=100)


class BatchIn(Command):
    queries: dict[str, PersonQuery] = Field(min_length=1, max_length=MAX_BATCH)
    dataset: str = Field("default", max_length=60)
    limit: int = Field(3, ge=1, le=100)


class DecisionIn(Command):
    """A person's confirmation or rejection of a possible match, with what showed it."""

    confirmed: bool
    reason: str = Field("", max_length=2000)
