"""Facts that cannot be true, refused at input (issue #12 item 9). Pure.

What is certain is refused with a 4xx naming the field, and nothing is written: a warrant or
facts dated in the future, facts that begin after the warrant that charges them, a person
born after the facts or in the future. Invalid country and language codes and names with
direction-control or invisible characters are refused where those values are parsed
(`kernel.countries`, `persons.domain.language_code`, `kernel.names`). What is only doubtful
(an age at the facts under 12 or over 100, a penalty far from the usual range) is a finding
for the reviewer instead (`notices.rules.check_plausibility`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from xborder.kernel.dates import BirthDate
from xborder.kernel.errors import Invalid
from xborder.safeguards.periods import facts_period


def check(
    *,
    today: date,
    warrant_date: date | None = None,
    facts_time: str = "",
    birth_dates: Sequence[BirthDate] = (),
) -> None:
    """Raise `Invalid` naming the field of the first impossible fact."""
    period = facts_period(facts_time, years=True) if facts_time.strip() else None
    if warrant_date is not None and warrant_date > today:
        raise Invalid(
            f"the warrant is dated {warrant_date.isoformat()}, after today", field="warrant_date"
        )
    if period is not None and period[0] > today:
        raise Invalid(f"the facts ({facts_time!r}) begin after today", field="facts_time")
    if period is not None and warrant_date is not None and period[0] > warrant_date:
        raise Invalid(
            f"the facts ({facts_time!r}) begin after the warrant of {warrant_date.isoformat()}"
            " that charges them",
            field="facts_time",
        )
    for b in birth_dates:
        if b.earliest() > today:
            raise Invalid(f"a date of birth ({b.iso()}) is in the future", field="birth_dates")
        if period is not None and b.earliest() > period[1]:
            raise Invalid(
                f"the person (born {b.iso()}) was born after the facts ({facts_time!r})",
                field="birth_dates",
            )
