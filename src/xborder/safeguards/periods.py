"""When the facts of a request happened, read from the free text a bureau writes ("2023-05",
"between March and June 2022", "3 June 2022", "2009-2011"). Pure."""

from __future__ import annotations

import calendar
import re
from datetime import date

_MONTHS = {
    name: i
    for i, full in enumerate(calendar.month_name)
    if full
    for name in (full.lower(), full.lower()[:3])
}
_ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_ISO_MONTH = re.compile(r"\b(\d{4})-(\d{2})\b(?!-\d)")
_NAMED = re.compile(
    r"\b(?:(\d{1,2})\s+)?("
    + "|".join(sorted(_MONTHS, key=len, reverse=True))
    + r")\b\.?(?:\s+(\d{4})\b)?"
)
_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")


def facts_period(facts_time: str, years: bool = False) -> tuple[date, date] | None:
    """The period a free-text facts time covers: ISO days or months and "June 2022" or
    "3 June 2022"; bare years only with `years` (too coarse to time anything against an
    election, but enough for plausibility)."""
    spans: list[tuple[date, date]] = []
    text = facts_time.lower()

    def month(y: int, m: int) -> tuple[date, date]:
        return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])

    for rx in (_ISO_DAY, _ISO_MONTH):
        for hit in rx.finditer(text):
            try:
                if rx is _ISO_DAY:
                    d = date(int(hit[1]), int(hit[2]), int(hit[3]))
                    spans.append((d, d))
                else:
                    spans.append(month(int(hit[1]), int(hit[2])))
            except ValueError:
                continue
    # "3 June 2022", "June 2022", and "between March and June 2022" (a month without its
    # year takes the next year written after it)
    named = list(_NAMED.finditer(text))
    for i, hit in enumerate(named):
        year = hit[3] or next((h[3] for h in named[i + 1 :] if h[3]), None)
        alone = hit[2] == "may" and not (hit[1] or hit[3]) and i + 1 == len(named)
        if year is None or alone:
            continue  # "may" with no day, year or later month is a verb, not a month
        try:
            y, m = int(year), _MONTHS[hit[2]]
            if hit[1]:
                d = date(y, m, int(hit[1]))
                spans.append((d, d))
            else:
                spans.append(month(y, m))
        except ValueError:
            continue
    if not spans and years:
        spans = [(date(int(y), 1, 1), date(int(y), 12, 31)) for y in _YEAR.findall(text)]
    if not spans:
        return None
    return min(s for s, _ in spans), max(e for _, e in spans)
