"""Commands of extradition and mutual legal assistance (see `xborder.kernel.commands`): the API
body, the page form and the service argument in one model each. The services still check what
a model cannot (a ground of the catalogue, a legal basis between the two states, a complete
request file)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field, ValidationError, ValidationInfo, field_validator

from xborder.extradition.cases import MAX_TEXT
from xborder.extradition.deadlines import MlaKind
from xborder.extradition.domain import MLA_BASES, MlaStep, Outcome
from xborder.extradition.eaw import OFFENCE_CATEGORIES
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

    @field_validator("file")
    @classmethod
    def _file_within_limits(cls, file: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
        """A formal request's file keeps the shape the services read
        (`requestfile.file_from_dict`) and is held to the limits of the page's model on the
        way in (`RequestFileIn`). A provisional request's file is whatever minimum the urgency
        allows (ECE art. 16(2)): the service says what it lacks."""
        if info.data.get("provisional"):
            return file
        try:
            RequestFileIn.model_validate(file)
        except ValidationError as exc:
            raise ValueError(
                "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:5])
            ) from None
        return file


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


# --- the request file ---------------------------------------------------------------------------
#
# The file's JSON form (`requestfile.file_to_dict`) as a command: the formal request step's
# `file` in the API and what the request pages read their form into, so both take the same
# shape with the same limits. The models hold what a file cannot be read without and bound
# every value; what a value means (a real date, a country code, a warrant kind) and whether
# the file is complete enough to send (ECE art. 12(2), with its references) stay with
# `requestfile.file_from_dict` and `missing_for_formal_request`, which every path runs.

MAX_MONTHS = 12_000  # a thousand years: above any sentence, a bound for garbage only
MAX_OFFENCES = 100  # as many as a decision may name (`GroundIn.offences`)
LIFE = "life"


def _months(value: Any) -> Any:
    """A number of months; `true` is not one (pydantic would read it as 1)."""
    if isinstance(value, bool):
        raise ValueError("a whole number of months")
    return value


def _penalty(value: Any) -> Any:
    """A maximum penalty in months, or "life" for life imprisonment (the file's null): a page
    has no way to send a null, and a blank must not mean life."""
    if isinstance(value, str) and value.strip().lower() == LIFE:
        return None
    return value


def _category(value: Any) -> Any:
    """An EAW category by its wording, or by its number 1-32 as the file also takes it."""
    if isinstance(value, int) and not isinstance(value, bool):
        if not 1 <= value <= len(OFFENCE_CATEGORIES):
            raise ValueError(f"a category's wording, or its number 1-{len(OFFENCE_CATEGORIES)}")
        return OFFENCE_CATEGORIES[value - 1]
    return value


Months = Annotated[int, BeforeValidator(_months), Field(ge=0, le=MAX_MONTHS)]
Penalty = Annotated[Months | None, BeforeValidator(_penalty)]
Day = Annotated[str, Field(max_length=10, description="a date, YYYY-MM-DD")]
Country = Annotated[str, Field(min_length=2, max_length=3, description="ISO 3166 alpha-2 or -3")]
Ref = Annotated[str, Field(max_length=200)]


class ParticularsIn(Command):
    """The person sought (`requestfile.Particulars`)."""

    family_name: str = Field(min_length=1, max_length=200)
    given_names: str = Field(default="", max_length=200)
    birth_date: str = Field(default="", max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD")
    nationalities: list[Country] = Field(default_factory=list, max_length=10)
    sex: str = Field(default="U", max_length=1, description="M, F or U")
    description: str = Field(default="", max_length=2000)
    location: str = Field(default="", max_length=500)
    photo_refs: list[Ref] = Field(default_factory=list, max_length=50)
    fingerprint_refs: list[Ref] = Field(default_factory=list, max_length=50)


class WarrantIn(Command):
    """The arrest warrant or the judgement the request rests on (`requestfile.Warrant`)."""

    kind: str = Field(min_length=1, max_length=20, description="arrest_warrant or judgement")
    authority: str = Field(min_length=1, max_length=300)
    reference: str = Field(min_length=1, max_length=100)
    issued_on: Day
    in_absentia: bool = False
    retrial_guaranteed: bool = False
    sentence_months: Months | None = None
    sentence_remaining_months: Months | None = None


class OffenceIn(Command):
    """One offence of the file (`requestfile.Offence`). The penalty must be stated: a number
    of months, or null (or "life") for life imprisonment."""

    ref: str = Field(default="", max_length=40, description="O1, O2...: unique in the file")
    title: str = Field(min_length=1, max_length=300)
    acts: str = Field(default="", max_length=MAX_TEXT)
    place: str = Field(default="", max_length=300)
    place_country: Country
    committed_on: Day
    law_text: str = Field(default="", max_length=MAX_TEXT)
    max_penalty_months: Penalty
    eaw_category: Annotated[str | None, BeforeValidator(_category)] = Field(
        default=None, max_length=300
    )
    requested_state_offence: str = Field(default="", max_length=300)
    requested_state_penalty_months: Months | None = None
    limitation_ends: Day | None = None
    nature: list[Annotated[str, Field(max_length=20)]] = Field(
        default_factory=list, max_length=3, description="political, military, fiscal"
    )
    punishable_by_death: bool = False


class AssurancesIn(Command):
    """The assurances the requesting state gives (`requestfile.Assurances`)."""

    death_penalty: bool = False
    fair_trial: bool = False
    prison_conditions: bool = False
    speciality: bool = False
    retrial: bool = False


class RequestFileIn(Command):
    """The formal request file (ECE art. 12): the person, the warrant or judgement, one row
    per offence, the assurances and the rules on limitation."""

    person: ParticularsIn
    warrant: WarrantIn
    offences: list[OffenceIn] = Field(min_length=1, max_length=MAX_OFFENCES)
    assurances: AssurancesIn = Field(default_factory=AssurancesIn)
    limitation_rules: str = Field(default="", max_length=MAX_TEXT)

    def as_dict(self) -> dict[str, Any]:
        """The file as `requestfile.file_from_dict` reads it: JSON values, and what was not
        given left out rather than defaulted, so the file's own rules see what was sent."""
        return self.model_dump(mode="json", exclude_unset=True)


class ProvisionalOffenceIn(OffenceIn):
    """An offence of a provisional arrest request, whose minimum (ECE art. 16(2)) is the
    offence with its time and place: the penalty may be left out (left out, not life)."""

    max_penalty_months: Penalty = None


class ProvisionalFileIn(RequestFileIn):
    """The partial file of a provisional arrest request, as the request page reads it: the
    formal file's shape and limits, its offences' penalties optional
    (`requestfile.missing_for_provisional_arrest` says what the request still lacks)."""

    offences: list[ProvisionalOffenceIn] = Field(  # type: ignore[assignment]  # a narrower row
        min_length=1, max_length=MAX_OFFENCES
    )
