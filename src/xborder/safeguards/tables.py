"""The secretariat's versions of country data. The packaged datasets (data/country/) are
version 0; each correction or update the secretariat makes is a new row with its own source,
never an edit, so a finding can always be traced to the figures it used."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from xborder.store.tables import Base


class CountryDataRow(Base):
    __tablename__ = "country_data"
    __table_args__ = (UniqueConstraint("country", "dataset", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    country: Mapped[str] = mapped_column(String(2), index=True)
    dataset: Mapped[str] = mapped_column(String(30))
    version: Mapped[int] = mapped_column(Integer)
    year: Mapped[int] = mapped_column(Integer)
    values: Mapped[dict[str, Any]]
    # title, citation, url, licence, edition of what the secretariat relied on
    source: Mapped[dict[str, Any]]
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(36))
    recorded_at: Mapped[datetime]
