"""Request bodies, validated at the edge; the domain validates the meaning again."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class NameIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    full: str = Field(min_length=1, max_length=300, examples=["Владимир Путин"])
    given: str = Field("", max_length=200)
    family: str = Field("", max_length=200)
    patronymic: str = Field("", max_length=200)
    script: str = Field("Latn", min_length=4, max_length=4, examples=["Cyrl"])
    lang: str = Field("", max_length=8)
    kind: str = Field("primary", pattern="^(primary|alias|maiden|transliteration)$")
    system: str = Field("", max_length=30)


class DescriptionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    height_m: float | None = None
    weight_kg: float | None = None
    eye_colour: str | None = Field(None, max_length=3)
    hair_colour: str | None = Field(None, max_length=3)
    distinguishing_marks: str = Field("", max_length=1000)


class DocumentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: str = Field(pattern="^(passport|national_id|driving_licence|residence_permit|other)$")
    number: str = Field(min_length=1, max_length=50)
    issuing_country: str = Field(min_length=2, max_length=3)
    expires: str | None = None


class PersonIn(BaseModel):
    """A person as a bureau records it. Dates: `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `A/B`."""

    model_config = ConfigDict(extra="forbid")
    names: list[NameIn] = Field(min_length=1, max_length=50)
    sex: str = Field("U", pattern="^[MFU]$")
    birth_dates: list[str] = Field(default_factory=list, max_length=10)
    place_of_birth: str = Field("", max_length=200)
    country_of_birth: str | None = Field(None, min_length=2, max_length=3)
    nationalities: list[str] = Field(default_factory=list, max_length=10)
    languages: list[str] = Field(default_factory=list, max_length=20)
    description: DescriptionIn | None = None
    documents: list[DocumentIn] = Field(default_factory=list, max_length=20)
    restricted_to: list[str] | None = Field(None, max_length=200)


class UserIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=3, max_length=100)
    role: str
    organisation: str = Field(description="a bureau's country code or an organisation's name")
    display_name: str = Field("", max_length=200)


class TokenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field("api", max_length=100)
    scopes: list[str] = Field(default_factory=lambda: ["read"], max_length=3)
    days: int = Field(90, ge=1, le=366)
