"""One documented schema per (service, action): a document that does not match is refused
before anything is stored. The JSON Schemas are served at /api/v1/exchange/schemas."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


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


SCHEMAS: dict[tuple[str, str], type[BaseModel]] = {
    ("message", "send"): Message,
    ("notice", "request"): NoticeRequest,
    ("diffusion", "send"): Diffusion,
    ("extradition", "request"): ExtraditionRequest,
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
