from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xborder.kernel.dates import DateSpan, PartialDate, parse_birth_date
from xborder.kernel.errors import Invalid


def test_partial_dates_keep_only_what_is_known() -> None:
    assert PartialDate.parse("1980").precision == "year"
    assert PartialDate.parse("1980-05").iso() == "1980-05"
    assert PartialDate.parse("1980/05/17").public() == "1980/05/17"


@pytest.mark.parametrize("text", ["1980-13", "1980-02-30", "19800", "", "1980-05-", "abcd"])
def test_impossible_dates_are_refused(text: str) -> None:
    with pytest.raises(Invalid):
        PartialDate.parse(text)


def test_leap_day_only_in_leap_years() -> None:
    assert PartialDate.parse("2000-02-29").day == 29
    with pytest.raises(Invalid):
        PartialDate.parse("1900-02-29")


def test_year_only_date_could_be_any_day_of_that_year() -> None:
    y = PartialDate(1980)
    assert y.could_be(PartialDate(1980, 12, 31))
    assert not y.could_be(PartialDate(1981, 1, 1))


def test_age_range_of_a_partial_date() -> None:
    assert PartialDate(1980).age_on(date(2026, 6, 1)) == (45, 46)
    assert PartialDate(1980, 5, 17).age_on(date(2026, 5, 17)) == (46, 46)


def test_birth_date_interval_and_public_slash_dates_are_told_apart() -> None:
    assert isinstance(parse_birth_date("1978/1982"), DateSpan)
    assert isinstance(parse_birth_date("1978-03/1979"), DateSpan)
    assert parse_birth_date("1980/05") == PartialDate(1980, 5)
    assert parse_birth_date("1980/05/17") == PartialDate(1980, 5, 17)


def test_an_interval_cannot_end_before_it_starts() -> None:
    with pytest.raises(Invalid):
        DateSpan(PartialDate(1990), PartialDate(1980))


partial_dates = st.builds(
    lambda d, p: PartialDate(d.year, d.month if p > 0 else None, d.day if p > 1 else None),
    st.dates(min_value=date(1, 1, 1)),
    st.integers(0, 2),
)


@given(partial_dates)
def test_iso_form_round_trips(d: PartialDate) -> None:
    assert PartialDate.parse(d.iso()) == d
    assert parse_birth_date(d.iso()) == d
    assert PartialDate.parse(d.public()) == d


@given(partial_dates, partial_dates)
def test_could_be_is_symmetric_and_reflexive(a: PartialDate, b: PartialDate) -> None:
    assert a.could_be(a)
    assert a.could_be(b) == b.could_be(a)


@given(st.dates(min_value=date(1, 1, 1)))
def test_a_day_is_compatible_with_its_month_and_year(d: date) -> None:
    full = PartialDate.from_date(d)
    assert full.could_be(PartialDate(d.year, d.month))
    assert full.could_be(PartialDate(d.year))
    assert PartialDate(d.year).earliest() <= d <= PartialDate(d.year).latest()
