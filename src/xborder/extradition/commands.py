"""Commands of extradition and mutual legal assistance (see `xborder.kernel.commands`): the API
body, the page form and the service argument in one model each. The services still check what
a model cannot (a ground of the catalogue, a legal basis between the two states, a complete
request file)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from xborder.extradition.cases import MAX_TEXT
from xborder.extradition.deadlines import MlaKind
from xborder.extradition.domain import MLA_BASES, MlaStep, Outcome
from xborder.kernel.commands import Command


class ExtraditionIn(Command):
    """A provisional arrest request (`provisional: true`, minimal data in `file`) or a formal
    request with its complete file (and, between EU members, the EAW form)."""

    requested_country: str = Field(min_length=2, max_length=3, examples=["DE"])
    legal_basis: str = Field(min_length=1, max_length=80, examples=["eaw"])
    title: str = Field(min_length=1, max_length=300, description="the offence, not the person")
    provisional: bool = False
    file: dict[str, Any] = Field(description="the request file (requestfile.file_to_dict)")
    eaw: dict[str, Any] | None = Field(default=None, description="EAW form, sections (a)-(i)")
    notice: str | None = Field(
        default=None, max_length=64, description="a Red Notice of your bureau"
    )
    hit_id: str | None = Field(default=None, max_length=36)
    via_secretariat: bool = False


class DocumentIn(Command):
    """A document added to a case, or a new version of one (JSON content, signed on receipt)."""

    kind: str = Field(max_length=40, examples=["warrant"])
    content: dict[str, Any]
    note: str = Field(default="", max_length=2000)


class GroundIn(Command):
    """One ground of refusal: the provision relied on (the catalogue's first reference when
    empty) and the offences it refuses (empty: the whole request)."""

    ground: str = Field(max_length=60)
    legal_basis: str = Field(default="", max_length=300)
    offences: list[str] = Field(default_factory=list, max_length=100)
    reasons: str = Field(default="", max_length=MAX_TEXT)


class DecisionIn(Command):
    """The requested state's decision: granted, refused on grounds, or partially granted
    offence by offence."""

    outcome: Outcome
    reasons: str = Field(min_length=1, max_length=MAX_TEXT)
    grounds: list[GroundIn] = Field(default_factory=list, max_length=30)
    granted_offences: list[str] = Field(default_factory=list, max_length=100)


class MlaIn(Command):
    """A request for mutual legal assistance; a preservation request states art. 29(2)'s
    fields, a follow-up names the preservation it `follows`."""

    requested_country: str = Field(min_length=2, max_length=3)
    mla_kind: MlaKind
    legal_basis: str = Field(max_length=80, examples=list(MLA_BASES)[:1])
    title: str = Field(min_length=1, max_length=300)
    request: dict[str, Any] = Field(description="the request's fields (preservation: art. 29(2))")
    urgent: bool = False
    via_secretariat: bool = False
    follows: str | None = Field(
        default=None, max_length=64, description="the preservation it follows"
    )


class MlaStepIn(Command):
    """One step of an MLA case, with its text (and the results when executed)."""

    step: MlaStep
    text: str = Field(default="", max_length=MAX_TEXT)
    results: dict[str, Any] | None = None
