"""Commands of the files commission (see `xborder.kernel.commands`): the API body, the page form
and the service argument in one model each. The services still check what a model cannot (text
that is only blanks, an outcome the kind of case does not allow, the case's state)."""

from __future__ import annotations

from pydantic import Field

from xborder.commission.cases import MAX_NAME, MAX_REASONS, MAX_STATEMENT
from xborder.commission.domain import CaseKind, DecisionGround, Outcome
from xborder.kernel.commands import Command


class ApplicationIn(Command):
    """An individual's request, or their lawyer's on their behalf."""

    kind: CaseKind = Field(examples=["deletion"])
    applicant_name: str = Field(min_length=1, max_length=MAX_NAME)
    represented_by: str = Field(default="", max_length=MAX_NAME, description="the lawyer, if any")
    contact: str = Field(default="", max_length=MAX_NAME, description="where to send the decision")
    statement: str = Field(min_length=1, max_length=MAX_STATEMENT)


class PortalIn(Command):
    number: str = Field(max_length=40, examples=["CCF/2026/00042"])
    code: str = Field(max_length=64, examples=["ABCDE-FGHJK-LMNPQ-RSTUV"])


class NoticeLinkIn(Command):
    notice: str = Field(min_length=1, max_length=64, description="notice number or id")


class AdmissibilityIn(Command):
    admissible: bool
    reasons: str = Field(default="", max_length=MAX_REASONS, description="told to the applicant")


class BlockIn(Command):
    blocked: bool
    reason: str = Field(min_length=1, max_length=MAX_REASONS)


class ConsultIn(Command):
    question: str = Field(min_length=1, max_length=MAX_REASONS)


class DecisionIn(Command):
    """The binding decision: its outcome, the reasons, what the applicant is told and, for a
    deletion or a correction, the grounds on which the data did not comply."""

    outcome: Outcome
    reasons: str = Field(min_length=1, max_length=MAX_REASONS)
    applicant_message: str = Field(default="", max_length=MAX_REASONS)
    grounds: list[DecisionGround] = Field(
        default_factory=list,
        max_length=len(DecisionGround),
        description="why the data did not comply (deletion or correction only)",
    )


class ImplementIn(Command):
    note: str = Field(default="", max_length=MAX_REASONS)


class NotificationIn(Command):
    channel: str = Field(min_length=1, max_length=200, examples=["letter to counsel"])
    note: str = Field(default="", max_length=MAX_REASONS)


class AnswerIn(Command):
    consent: bool | None = Field(default=None, description="access cases: consent to disclosure")
    comments: str = Field(default="", max_length=MAX_REASONS)
