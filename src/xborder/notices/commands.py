"""Commands of the notices capability (see `xborder.kernel.commands`): the API body, the page
form and the service argument in one model each."""

from __future__ import annotations

from pydantic import Field

from xborder.kernel.commands import Command
from xborder.notices.domain import Decision, RefusalGround


class DecisionIn(Command):
    """A reviewer's decision on a request: publish, refuse (with grounds) or ask for more
    information (with the question)."""

    decision: Decision
    rationale: str = Field(min_length=1, max_length=20_000)
    grounds: list[RefusalGround] = Field(default_factory=list, max_length=7)
    particular_importance: bool = False
    question: str = Field(default="", max_length=5000)
