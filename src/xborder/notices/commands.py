"""Commands of the notices capability (see `xborder.kernel.commands`): the API body, the page
form and the service argument in one model each. Where a service still takes the fields one by
one (the reason of a resume, a withdrawal or a renewal), the route and the page read the same
model before calling it."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import Field

from xborder.api.schemas import PersonIn
from xborder.kernel.commands import Command
from xborder.notices.domain import (
    Decision,
    FlagReason,
    HitAction,
    NoticeContent,
    RefusalGround,
    content_from_json,
)
from xborder.persons import codec
from xborder.persons.domain import Person

Short = Annotated[str, Field(max_length=2000)]


class OffenceIn(Command):
    description: str = Field(min_length=1, max_length=2000)
    law: str = Field("", max_length=1000)
    max_penalty_months: int | None = Field(None, ge=0, le=1200)


class JudicialIn(Command):
    basis: str = Field("prosecution", pattern="^(prosecution|sentence)$")
    offences: list[OffenceIn] = Field(default_factory=list, max_length=50)
    warrant_reference: str = Field("", max_length=200)
    issuing_authority: str = Field("", max_length=300)
    warrant_date: date | None = None
    facts_summary: str = Field("", max_length=20_000)
    facts_time: str = Field("", max_length=200)
    facts_place: str = Field("", max_length=300)
    extradition_countries: list[str] = Field(default_factory=list, max_length=250)
    sentence_imposed_months: int | None = Field(None, ge=0, le=1200)
    sentence_remaining_months: int | None = Field(None, ge=0, le=1200)
    in_absentia: bool | None = None
    retrial_guaranteed: bool | None = None
    death_penalty_assurance: bool | None = None


# What a request says, without its subject: also the new content an answer to a reviewer's
# question may carry (the route's `AnswerIn`). Comments, not docstrings, on these two: a
# docstring would become the schema's description in the published OpenAPI document.
class ContentIn(Command):
    notice_type: str = Field(pattern="^(red|yellow|blue|black|green|orange|purple|silver|un)$")
    subject_status: str = Field(max_length=30)
    title: str = Field(min_length=1, max_length=300)
    summary: str = Field("", max_length=20_000)
    judicial: JudicialIn | None = None
    details: dict[str, Short] = Field(default_factory=dict, max_length=20)
    profile: list[str] = Field(default_factory=list, max_length=10)
    public_extract: bool = False
    restricted_to: list[str] | None = Field(None, max_length=250)


# A request as a bureau drafts or edits it: its content and its subject, either the particulars
# (`person`) or, on a new request, a record the bureau already owns (`person_id`).
class NoticeIn(ContentIn):
    person: PersonIn | None = None
    person_id: str | None = Field(None, max_length=36)


def content_of(cmd: ContentIn) -> NoticeContent:
    """The request's content as the domain holds it. The API's body, the page's form and the
    twin all reach the drafting services as `NoticeIn`, and turn into content here and nowhere
    else, so the three cannot read a field differently."""
    return content_from_json(cmd.model_dump(exclude={"person", "person_id"}, mode="json"))


def person_of(cmd: NoticeIn) -> Person | None:
    """The subject's particulars as the domain holds them (the record's id, owner and dates
    are the drafting service's to set); None where the request names no new person."""
    return codec.from_json(cmd.person.model_dump()) if cmd.person is not None else None


class DecisionIn(Command):
    """A reviewer's decision on a request: publish, refuse (with grounds) or ask for more
    information (with the question)."""

    decision: Decision
    rationale: str = Field(min_length=1, max_length=20_000)
    grounds: list[RefusalGround] = Field(default_factory=list, max_length=7)
    particular_importance: bool = False
    question: str = Field(default="", max_length=5000)


class ReasonIn(Command):
    reason: str = Field(min_length=1, max_length=5000)


class SuspendIn(ReasonIn):
    until: datetime


class CancelIn(Command):
    rationale: str = Field(min_length=1, max_length=20_000)
    grounds: list[RefusalGround] = Field(min_length=1, max_length=7)


class FlagIn(Command):
    reason: FlagReason
    note: str = Field(default="", max_length=2000)


class HitIn(Command):
    seen_at: datetime
    place: str = Field(min_length=1, max_length=300)
    action: HitAction
    references: str = Field(default="", max_length=300)


class HitAnswerIn(Command):
    answer: str = Field(min_length=1, max_length=5000)


# Here rather than in `diffusions`, which takes `DiffusionIn`: the command names its kind.
class DiffusionKind(StrEnum):
    WANTED = "wanted"
    MISSING = "missing"
    INFORMATION = "information"
    WARNING = "warning"


class DiffusionIn(Command):
    kind: DiffusionKind
    title: str = Field(min_length=1, max_length=300)
    summary: str = Field(min_length=1, max_length=20_000)
    offence: str = Field(default="", max_length=2000)
    recipients: list[str] | None = Field(
        default=None, max_length=250, description="None: all members"
    )
    person: PersonIn | None = None


class ReviewIn(Command):  # the secretariat's review of a diffusion
    compliant: bool
    rationale: str = Field(min_length=1, max_length=20_000)


class RiskIn(Command):
    """An art. 2 risk with its source (the service checks the kind against the list)."""

    risk: str = Field(max_length=40)
    source: str = Field(min_length=1, max_length=500)
    note: str = Field(default="", max_length=2000)


class SourcesIn(Command):
    """The reviewer's own sources for one request; the checks re-run with them."""

    art2_risks: list[RiskIn] = Field(default_factory=list, max_length=50)
    asylum_claim_on: date | None = None
    note: str = Field(default="", max_length=5000)


class EventIn(Command):
    kind: str = Field(max_length=20)
    starts_on: date
    ends_on: date | None = None
    label: str = Field(default="", max_length=300)


class ContextIn(Command):
    """A country's whole context, replacing the one before."""

    note: str = Field(default="", max_length=20_000)
    art2_risks: list[RiskIn] = Field(default_factory=list, max_length=50)
    events: list[EventIn] = Field(default_factory=list, max_length=200)


class ProtectedIn(Command):
    fled_country: str = Field(min_length=2, max_length=3)
    granting_country: str = Field(min_length=2, max_length=3)
    status: str = Field(default="refugee", max_length=20)
    confirmed: bool = True
    person_id: str | None = Field(default=None, max_length=36)
    names: list[str] = Field(default_factory=list, max_length=20)
    birth_date: str = Field(default="", max_length=30)
    granted_on: str = Field(default="", max_length=10)
    grounds_unrelated: bool = False


def person_in(p: Person) -> PersonIn:
    """A person the caller already holds as the API body carries it (the twin's generated
    persons): what a bureau records, without the record's own id, owner and dates."""
    d = codec.to_json(p)
    return PersonIn.model_validate({k: v for k, v in d.items() if k in PersonIn.model_fields})


class ProfileIn(Command):
    """A researched profile fact the reviewer attaches to a request, with where it comes from."""

    kind: str = Field(max_length=40)
    source: str = Field(min_length=1, max_length=500, description="where the fact comes from")
    note: str = Field(default="", max_length=2000)


class ProfileDecisionIn(Command):
    """The reviewer confirms or rejects a profile fact (one found by screening the lists)."""

    status: str = Field(pattern="^(confirmed|rejected)$")
    note: str = Field(default="", max_length=2000)
