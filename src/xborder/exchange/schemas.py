"""One documented schema per (service, action): a document that does not match is refused
before anything is stored. The JSON Schemas are served at /api/v1/exchange/schemas."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from xborder.kernel.countries import normalise_country
from xborder.kernel.dates import parse_birth_date
from xborder.kernel.errors import Invalid


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reference: str = Field(min_length=1, max_length=100, description="sender's own reference")


class Message(_Doc):
    """Free police-to-police message (the oldest use of the channel)."""

    subject: str = Field(min_length=1, max_length=300)
    body: str = Field(min_length=1, max_length=100_000)
    language: str = Field("en", max_length=8)


class NoticeRequest(_Doc):
    """A bureau's request that the secretariat publish a notice (checked in full later)."""

    notice_type: str = Field(pattern="^(red|yellow|blue|black|green|orange|purple|silver|un)$")
    person: dict[str, Any] | None = Field(
        None, description="identity particulars, as in /api/v1/persons"
    )
    summary: str = Field(min_length=1, max_length=20_000)
    number: str | None = Field(None, max_length=20, description="the request's control number")
    content: dict[str, Any] | None = Field(None, description="judicial data and type details")


class Diffusion(_Doc):
    diffusion_type: str = Field(pattern="^(wanted|missing|information|warning)$")
    person: dict[str, Any] | None = None
    summary: str = Field(min_length=1, max_length=20_000)
    number: str | None = Field(None, max_length=20)
    content: dict[str, Any] | None = None


class ExtraditionRequest(_Doc):
    person: dict[str, Any]
    offences: list[str] = Field(min_length=1, max_length=50)
    legal_basis: str = Field(min_length=1, max_length=200)
    provisional_arrest: bool = False


class Confidential(_Doc):
    """A document encrypted to each recipient (JWE compact, ECDH-ES+A256KW with the
    recipient's X25519 key, A256GCM). The hub checks this wrapper; each recipient's client
    checks the decrypted document against the schema of the header's service/action."""

    jwe: dict[str, str] = Field(
        min_length=1, max_length=200, description="recipient country -> compact JWE"
    )


def _country(code: str) -> str:
    try:
        return normalise_country(code)
    except Invalid as exc:
        raise ValueError(exc.detail) from None


class ProtectedName(BaseModel):
    """One name as the protecting state writes it (the `names` items of /api/v1/persons)."""

    model_config = ConfigDict(extra="forbid")
    full: str = Field(min_length=1, max_length=300, examples=["Алексей Смирнов"])
    given: str = Field("", max_length=200)
    family: str = Field("", max_length=200)
    patronymic: str = Field("", max_length=200)
    script: str = Field("", max_length=4, description="ISO 15924; detected when empty")
    lang: str = Field("", max_length=8)
    kind: str = Field("primary", pattern="^(primary|alias|maiden|transliteration)$")
    system: str = Field("", max_length=30)


class ProtectedPerson(BaseModel):
    """The protected person, in the person JSON shape of /api/v1/persons (identity part)."""

    model_config = ConfigDict(extra="forbid")
    names: list[ProtectedName] = Field(min_length=1, max_length=20)
    sex: str = Field("U", pattern="^[MFU]$")
    birth_dates: list[str] = Field(
        default_factory=list, max_length=10, description="YYYY, YYYY-MM, YYYY-MM-DD or A/B"
    )
    nationalities: list[str] = Field(default_factory=list, max_length=10)

    @field_validator("birth_dates")
    @classmethod
    def _dates(cls, v: list[str]) -> list[str]:
        for d in v:
            try:
                parse_birth_date(d)
            except Invalid as exc:
                raise ValueError(exc.detail) from None
        return v

    @field_validator("nationalities")
    @classmethod
    def _nationalities(cls, v: list[str]) -> list[str]:
        return list(dict.fromkeys(_country(c) for c in v))


class ProtectionNotice(_Doc):
    """A member state notifies the secretariat that it granted (or is deciding on, or revoked)
    refugee, asylum or subsidiary protection. Addressed to the secretariat only (`XS`): no
    bureau ever receives it. The granting state is the envelope's verified sender; a later
    notice with the same `reference` from the same state updates its entry."""

    status: Literal["granted", "pending", "revoked"]
    protection_type: Literal["refugee", "asylum", "subsidiary"]
    fled_country: str = Field(
        min_length=2, max_length=3, description="the country the person fears persecution in"
    )
    person: ProtectedPerson
    granted_on: date | None = None
    grounds_unrelated: bool = Field(
        False,
        description="granted on grounds that concern the requesting country differently",
    )
    naturalised: bool = Field(
        False, description="the person has since become a citizen of the protecting state"
    )
    naturalised_on: date | None = None

    @field_validator("fled_country")
    @classmethod
    def _fled(cls, v: str) -> str:
        return _country(v)


SCHEMAS: dict[tuple[str, str], type[BaseModel]] = {
    ("message", "send"): Message,
    ("notice", "request"): NoticeRequest,
    ("diffusion", "send"): Diffusion,
    ("extradition", "request"): ExtraditionRequest,
    ("protection", "notify"): ProtectionNotice,
}


def document_model(service: str, action: str, confidential: bool = False) -> type[BaseModel]:
    if confidential:
        document_model(service, action)  # the service/action must still exist
        return Confidential
    try:
        return SCHEMAS[(service, action)]
    except KeyError:
        raise KeyError(f"no schema for service {service!r} action {action!r}") from None


def json_schemas() -> dict[str, Any]:
    schemas = {f"{s}/{a}": m.model_json_schema() for (s, a), m in SCHEMAS.items()}
    schemas["confidential (any service, header cty=jwe)"] = Confidential.model_json_schema()
    return schemas
