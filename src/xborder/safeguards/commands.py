"""Commands of the safeguards (see `xborder.kernel.commands`): the API body, the page form and
the service argument in one model each."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from xborder.kernel.commands import Command


class SourceIn(Command):
    title: str = Field(min_length=1, max_length=300)
    citation: str = Field(min_length=1, max_length=1000)
    url: str = Field(min_length=1, max_length=500)
    licence: str = Field(min_length=1, max_length=200)
    edition: str = Field(min_length=1, max_length=50)


class CountryDataIn(Command):  # one dataset's values for a country (both named by the path)
    year: int = Field(ge=1970, le=2100, description="the year the values refer to")
    values: dict[str, Any] = Field(max_length=20)
    source: SourceIn
    note: str = Field(default="", max_length=5000)
