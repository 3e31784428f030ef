"""Periods of reports and indicators, parsed in one place: «2021», «2021-Q3», «2021-09», «2021/2022»."""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

import msgspec

from domain.schedule import month_end

PeriodShape = Literal["year", "quarter", "month", "school_year"]

_PERIOD_RE = re.compile(r"^(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2])|/(\d{4}))?$")


class Period(msgspec.Struct, frozen=True):
    """A parsed period: its shape, first and last day; a school year runs 1 September to 31 August."""

    shape: PeriodShape
    start: date
    end: date

    @property
    def spans_one_school_year(self) -> bool:
        return self.shape != "school_year" or self.end.year == self.start.year + 1


def period_of(text: str) -> Period | None:
    """The period a text names, or None when it has none of the four shapes (or names year 0)."""
    match = _PERIOD_RE.match(text)
    if match is None or int(match.group(1)) == 0:
        return None
    year, quarter, month, school_year_end = match.groups()
    first = int(year)
    if quarter:
        last_month = int(quarter) * 3
        return Period("quarter", date(first, last_month - 2, 1), month_end(first, last_month))
    if month:
        return Period("month", date(first, int(month), 1), month_end(first, int(month)))
    if school_year_end:
        return Period("school_year", date(first, 9, 1), date(int(school_year_end), 8, 31))
    return Period("year", date(first, 1, 1), date(first, 12, 31))
