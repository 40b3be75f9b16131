"""Commands of governance (see `xborder.kernel.commands`): the API body, the page form and the
service argument in one model each. The services still check what a model cannot (a reason of
blanks only, a component that needs no authorisation, four eyes)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from xborder.governance.evaluation import DEFAULT_BOOTSTRAP
from xborder.kernel.commands import Command

MAX_REASON = 2000  # a switch's reason, a sign-off's note, an authorisation's grounds


class SwitchIn(Command):
    on: bool
    reason: str = Field(default="", max_length=MAX_REASON, description="required to stop")


class EvaluationRunIn(Command):
    """A run of the harness as the service takes it. The operator's CLI and the demo seeding
    build this one: its sizes are bounded by the service alone (index up to 1,000,000), as a
    larger run than a request allows is what the CLI is for."""

    component_id: str
    seed: int = 1
    index: int = 3000  # persons indexed
    per_group: int = 25  # mated queries per script
    bootstrap: int = DEFAULT_BOOTSTRAP


# The API's and the page's run: the same fields, bounded so that a request finishes in a minute
# or so (no docstring: it would become the body's description in the OpenAPI document).
class EvaluateIn(EvaluationRunIn):
    component_id: str = Field(max_length=60, examples=["screening.name"])
    seed: int = Field(default=1, ge=0, le=2**31)
    index: int = Field(default=3000, ge=100, le=20_000, description="persons indexed")
    per_group: int = Field(default=25, ge=1, le=500, description="mated queries per script")
    bootstrap: int = Field(default=DEFAULT_BOOTSTRAP, ge=0, le=2000)


class AnswersIn(Command):
    answers: dict[str, dict[str, Any]] = Field(description="keyed by question id")


class SignOffIn(Command):
    note: str = Field(default="", max_length=MAX_REASON)


class AuthorisationIn(Command):
    """A supervisor's decision on a high-impact use of `component_id`: authorised or refused,
    on stated grounds; `org_id` pre-authorises a use of another bureau (the secretariat)."""

    component_id: str = Field(max_length=60)
    authorised: bool
    reason: str = Field(min_length=1, max_length=MAX_REASON)
    org_id: str | None = Field(
        default=None,
        max_length=36,
        description="pre-authorising a use of another bureau (secretariat)",
    )
