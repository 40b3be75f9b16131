"""Control numbers keep counting past the fifth digit: `2026/100000` follows `2026/99999`
(a plain text maximum would hand out 100000 twice, and every later request of the year would
fail on the unique number)."""

from __future__ import annotations

from sqlalchemy import String, create_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from xborder.store.db import next_number


class _Base(DeclarativeBase):
    pass


class Numbered(_Base):
    __tablename__ = "numbered"
    number: Mapped[str] = mapped_column(String(40), primary_key=True)


def _session(*numbers: str) -> Session:
    engine = create_engine("sqlite://")
    _Base.metadata.create_all(engine)
    s = Session(engine)
    s.add_all(Numbered(number=n) for n in numbers)
    s.flush()
    return s


def test_the_first_number_of_a_year_is_one() -> None:
    assert next_number(_session("2025/00007"), Numbered.number, "2026/") == "2026/00001"


def test_numbers_count_on_under_their_own_prefix() -> None:
    s = _session("2026/00041", "2026/00009", "CCF/2026/00100", "2027/00500")
    assert next_number(s, Numbered.number, "2026/") == "2026/00042"
    assert next_number(s, Numbered.number, "CCF/2026/") == "CCF/2026/00101"


def test_the_sequence_goes_on_past_99999() -> None:
    s = _session("2026/99998", "2026/99999")
    assert next_number(s, Numbered.number, "2026/") == "2026/100000"
    s.add(Numbered(number="2026/100000"))
    s.flush()
    assert next_number(s, Numbered.number, "2026/") == "2026/100001"
