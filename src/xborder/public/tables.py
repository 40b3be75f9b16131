"""The public search index: what the public notices API filters on, one row per public notice
plus its searchable words and birth-date ranges, so that a search is an indexed query and a
page, not a scan of every public notice.

The index is derived data. It is kept in the same transaction as the notice or person it
derives from (an ORM flush hook in `search_index`, installed with the capability: every change
to a `NoticeRow` or `PersonRow` recomputes the index rows of the notices concerned), and it
decides nothing about visibility: every search joins `notices` and applies the public
condition and the expiry there, so a notice that stops being public vanishes at once even if
its index rows were stale.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from xborder.store.tables import Base


class PublicIndexRow(Base):
    __tablename__ = "public_index"
    notice_id: Mapped[str] = mapped_column(
        ForeignKey("notices.id", ondelete="CASCADE"), primary_key=True
    )
    section: Mapped[str] = mapped_column(String(12))  # red, yellow, un/persons, un/entities
    published_at: Mapped[datetime | None]
    number: Mapped[str] = mapped_column(String(20))
    sex: Mapped[str | None] = mapped_column(String(1))
    warrant_country: Mapped[str | None] = mapped_column(String(2))
    # The notice's, so that a count needs no join (it leaves the public answers then).
    expires_at: Mapped[datetime | None]
    __table_args__ = (
        # The listing's order, newest publication first, read straight off the index; the
        # filters the index row answers ride along, so that a count (every listing has one)
        # reads the index alone, not one table row per public notice.
        Index(
            "ix_public_index_section_order",
            "section",
            "published_at",
            "number",
            "expires_at",
            "sex",
            "warrant_country",
        ),
    )


class PublicTermRow(Base):
    """One searchable word: `kind` f (forename), n (family name), t (free text), c
    (nationality); `cand` numbers the name forms, since every word of a query must start a
    word of the same form."""

    __tablename__ = "public_terms"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    notice_id: Mapped[str] = mapped_column(ForeignKey("notices.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(1))
    cand: Mapped[int] = mapped_column(Integer, default=0)
    word: Mapped[str] = mapped_column(String(100))
    __table_args__ = (
        # Prefix search: a range on SQLite, LIKE 'w%' on PostgreSQL (text_pattern_ops serves
        # it whatever the database's collation).
        Index(
            "ix_public_terms_kind_word",
            "kind",
            "word",
            postgresql_ops={"word": "text_pattern_ops"},
        ),
    )


class PublicBirthRow(Base):
    """A birth date as the range of days it allows (a partial date is a range)."""

    __tablename__ = "public_births"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    notice_id: Mapped[str] = mapped_column(ForeignKey("notices.id", ondelete="CASCADE"), index=True)
    earliest: Mapped[date] = mapped_column(Date)
    latest: Mapped[date] = mapped_column(Date)
