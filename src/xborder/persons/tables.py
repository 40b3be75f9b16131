"""The persons tables: one row per person, their names in every script, the keys the
screening index blocks on and the restrictions bureaus put on who may see them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from xborder.store.tables import ID, Base


class PersonRow(Base):
    __tablename__ = "persons"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    owner_org_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    owner_country: Mapped[str] = mapped_column(String(2), index=True)
    restricted: Mapped[bool] = mapped_column(Boolean, default=False)
    sex: Mapped[str] = mapped_column(String(1))
    birth_dates: Mapped[list[Any]]
    place_of_birth: Mapped[str] = mapped_column(String(200), default="")
    country_of_birth: Mapped[str | None] = mapped_column(String(2))
    nationalities: Mapped[list[Any]]
    languages: Mapped[list[Any]]
    description: Mapped[dict[str, Any]]
    documents: Mapped[list[Any]]
    source: Mapped[str] = mapped_column(String(40), default="bureau")
    external_ref: Mapped[str | None] = mapped_column(String(100), index=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    names: Mapped[list[PersonNameRow]] = relationship(
        order_by="PersonNameRow.position", cascade="all, delete-orphan", lazy="selectin"
    )
    restrictions: Mapped[list[PersonRestrictionRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
    match_keys: Mapped[list[PersonMatchKeyRow]] = relationship(cascade="all, delete-orphan")


class PersonMatchKeyRow(Base):
    """An order-free folded key of one of the person's names or its usual Latin spellings
    (`xborder.persons.domain.match_keys`): finds other records of the same person (earlier
    requests, duplicates) with an index lookup instead of reading every record."""

    __tablename__ = "person_match_keys"
    person_id: Mapped[str] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(400), primary_key=True)
    __table_args__ = (Index("ix_person_match_keys_key", "key"),)


class PersonNameRow(Base):
    __tablename__ = "person_names"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    full: Mapped[str] = mapped_column(String(300))
    given: Mapped[str] = mapped_column(String(200), default="")
    family: Mapped[str] = mapped_column(String(200), default="")
    patronymic: Mapped[str] = mapped_column(String(200), default="")
    script: Mapped[str] = mapped_column(String(4))
    lang: Mapped[str] = mapped_column(String(8), default="")
    kind: Mapped[str] = mapped_column(String(20))
    system: Mapped[str] = mapped_column(String(30), default="")
    # ASCII-folded form used for search (xborder.names.fold).
    folded: Mapped[str] = mapped_column(String(400), index=True)


class PersonRestrictionRow(Base):
    """A country allowed to see a restricted person record (dissemination restriction)."""

    __tablename__ = "person_restrictions"
    person_id: Mapped[str] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True
    )
    country: Mapped[str] = mapped_column(String(2), primary_key=True)
