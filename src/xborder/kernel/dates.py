"""Partial dates: identity documents and warrants often know only a year, or a year and month.

A `PartialDate` keeps what is known and nothing more; a `DateSpan` says "born between".
Both render to ISO 8601 reduced precision (`1980`, `1980-05`, `1980-05-17`) for storage and to
the public notices format (`1980/05/17`, `1980/05`, `1980`) for the public extract API.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from xborder.kernel.errors import Invalid

_PATTERN = re.compile(r"^\s*(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?\s*$")


@dataclass(frozen=True, order=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise Invalid(f"year out of range: {self.year}")
        if self.month is None and self.day is not None:
            raise Invalid("a day without a month is not a date")
        if self.month is not None and not 1 <= self.month <= 12:
            raise Invalid(f"month out of range: {self.month}")
        if self.day is not None:
            assert self.month is not None
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise Invalid(f"day out of range: {self.year}-{self.month:02d}-{self.day}")

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Accept `YYYY`, `YYYY-MM`, `YYYY-MM-DD` and the `/` separated public form."""
        m = _PATTERN.match(text)
        if not m:
            raise Invalid(f"not a date (want YYYY, YYYY-MM or YYYY-MM-DD): {text!r}")
        y, mo, d = m.groups()
        return cls(int(y), int(mo) if mo else None, int(d) if d else None)

    @classmethod
    def from_date(cls, value: date) -> PartialDate:
        return cls(value.year, value.month, value.day)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def public(self) -> str:
        """The public notices API writes dates with slashes."""
        return self.iso().replace("-", "/")

    def earliest(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> date:
        month = self.month or 12
        return date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def could_be(self, other: PartialDate) -> bool:
        """True when both could denote the same day (they agree on every known part)."""
        return self.earliest() <= other.latest() and other.earliest() <= self.latest()

    def age_on(self, today: date) -> tuple[int, int]:
        """Youngest and oldest possible age on `today` given the known precision."""

        def age(born: date) -> int:
            return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

        return age(self.latest()), age(self.earliest())

    def __str__(self) -> str:
        return self.iso()


@dataclass(frozen=True)
class DateSpan:
    """Born some time between `start` and `end` (inclusive), e.g. an estimated age."""

    start: PartialDate
    end: PartialDate

    def __post_init__(self) -> None:
        if self.start.earliest() > self.end.latest():
            raise Invalid("date range ends before it starts")

    def iso(self) -> str:
        return f"{self.start.iso()}/{self.end.iso()}"

    def earliest(self) -> date:
        return self.start.earliest()

    def latest(self) -> date:
        return self.end.latest()

    def could_be(self, other: PartialDate) -> bool:
        return self.earliest() <= other.latest() and other.earliest() <= self.latest()


BirthDate = PartialDate | DateSpan


def parse_birth_date(text: str) -> BirthDate:
    """Parse a stored birth date: a partial date, or an ISO 8601 interval `start/end`."""
    start, sep, end = text.strip().partition("/")
    # "1980/1985" and "1980-05/1981" are intervals; "1980/05" and "1980/05/17" are dates.
    if sep and "/" not in end and len(end) >= 4:
        return DateSpan(PartialDate.parse(start), PartialDate.parse(end))
    return PartialDate.parse(text)
