"""Response models shared by several capabilities' routes: what the API answers, described
for the OpenAPI document (and so for generated clients). Each route's own answers are
described next to it, in its routes module."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from xborder.config import Settings

# A response model filters what a route returns to the model's fields: a model that missed
# one would drop it silently. With XBORDER_STRICT_RESPONSES (the test suite sets it) the
# models forbid what they do not describe, so a service that grows a field fails every test
# of its routes (a 500) until the model describes it; a served answer leaves such a field out
# rather than fail.
EXTRA: Literal["ignore", "forbid"] = "forbid" if Settings().strict_responses else "ignore"


class Out(BaseModel):
    """Base of every response model."""

    model_config = ConfigDict(extra=EXTRA)


class IdOut(Out):
    """A record was created: its id."""

    id: str


class NameOut(Out):
    """One of a person's names; empty parts are left out."""

    full: str
    given: str = ""
    family: str = ""
    patronymic: str = ""
    script: str = "Latn"
    lang: str = ""
    kind: str = Field("primary", examples=["primary", "alias", "maiden", "transliteration"])
    system: str = ""


class DescriptionOut(Out):
    height_m: float | None = None
    weight_kg: float | None = None
    eye_colour: str | None = None
    hair_colour: str | None = None
    distinguishing_marks: str = ""


class DocumentOut(Out):
    kind: str
    number: str
    issuing_country: str
    expires: str | None = None


class PersonOut(Out):
    """A person's identity particulars, as a bureau records them."""

    id: str
    owner_country: str
    names: list[NameOut]
    sex: str = Field(examples=["M", "F", "U"])
    birth_dates: list[str]
    place_of_birth: str
    country_of_birth: str | None
    nationalities: list[str]
    languages: list[str]
    description: DescriptionOut
    documents: list[DocumentOut]
    restricted_to: list[str] | None
    source: str
    external_ref: str | None
    created_at: str | None


Json = dict[str, Any]


# --- the operational endpoints ----------------------------------------------------------------


class HealthOut(Out):
    """`/healthz`: the process answers and the database answered a query."""

    status: Literal["ok"]
    version: str
    database: str = Field(description="the SQL dialect: sqlite or postgresql")


class LiveOut(Out):
    """`/livez`: the process answers (nothing else is checked, so a restart is the only cure)."""

    status: Literal["ok"]


class ReadyOut(Out):
    """`/readyz`: ok when the database answers and its schema is the code's; otherwise
    unavailable (503) with the reason, so a load balancer stops sending requests here."""

    status: Literal["ok", "unavailable"]
    schema_revision: str | None = Field(default=None, alias="schema")
    reason: str | None = None
