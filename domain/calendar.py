"""Russian production calendar (производственный календарь) for deadlines in working days.

Base data come from the `holidays` package (`holidays.RU`): public holidays, days off
substituted by the yearly transfer decrees and `weekend_workdays` (working Saturdays).
A per-year override table, given as plain data, wins over the library so that a new
transfer decree can be applied each autumn without a code change (domain.md, Deadline rules).

Override format (JSON object; `domain/data/calendar_overrides.json` ships the default)::

    {
      "2027": {
        "days_off": ["2027-01-08", "2027-05-10"],
        "working_days": ["2027-11-06"],
        "source": "Постановление Правительства РФ от ... № ..."
      }
    }

- keys are years as four digits ("2027"; an int is accepted from Python callers);
- `days_off`: dates that are not worked, even if the library says they are;
- `working_days`: dates that are worked (e.g. a transferred Saturday), even if the library
  says they are days off; both lists are optional, ISO dates of that very year, without
  duplicates, and no date may be in both;
- `source`: optional citation of the decree, kept for the audit of the data.

Dates not listed keep the library's answer. The domain does no I/O: the service reads the
file and passes the mapping to `WorkingCalendar(...)` (or to `parse_overrides` first).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any, Protocol

import holidays
import msgspec

from domain.base import InvalidValue

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")
_ENTRY_KEYS = frozenset({"days_off", "working_days", "source"})
_ONE_DAY = timedelta(days=1)
_SATURDAY = 5


class YearOverride(msgspec.Struct, frozen=True):
    """One year's corrections to the library, e.g. from a transfer decree."""

    days_off: tuple[date, ...] = ()
    working_days: tuple[date, ...] = ()
    source: str = ""


def parse_overrides(data: Mapping[Any, Any] | None) -> dict[int, YearOverride]:
    """Validate the override table (format in the module docstring) with named errors."""
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise InvalidValue("calendar_overrides", "must be an object keyed by year")
    parsed: dict[int, YearOverride] = {}
    for key, entry in data.items():
        year = _parse_year(key)
        if year in parsed:
            raise InvalidValue(f"calendar_overrides.{year}", "year given twice")
        parsed[year] = _parse_entry(year, entry)
    return parsed


def _parse_year(key: Any) -> int:
    """A year key: four digits, as a JSON string or a Python int."""
    if isinstance(key, bool) or not isinstance(key, int | str):
        raise InvalidValue("calendar_overrides", "year key {key!r} must be four digits", key=key)
    text = str(key)
    if not _YEAR.match(text) or int(text) < 1:
        raise InvalidValue("calendar_overrides", "year key {key!r} must be four digits", key=key)
    return int(text)


def _parse_entry(year: int, entry: Any) -> YearOverride:
    """One year's entry: two date lists and an optional source."""
    field = f"calendar_overrides.{year}"
    if isinstance(entry, YearOverride):
        entry = {
            "days_off": entry.days_off,
            "working_days": entry.working_days,
            "source": entry.source,
        }
    if not isinstance(entry, Mapping):
        raise InvalidValue(field, "must be an object with days_off and/or working_days")
    unknown = sorted(str(k) for k in entry if k not in _ENTRY_KEYS)
    if unknown:
        raise InvalidValue(field, "unknown keys {unknown}; allowed: days_off, working_days, source", unknown=unknown)
    source = entry.get("source", "")
    if not isinstance(source, str):
        raise InvalidValue(f"{field}.source", "must be a string")
    days_off = _parse_dates(year, f"{field}.days_off", entry.get("days_off", ()))
    working = _parse_dates(year, f"{field}.working_days", entry.get("working_days", ()))
    both = sorted(set(days_off) & set(working))
    if both:
        raise InvalidValue(field, "{both} is both a day off and a working day", both=both[0].isoformat())
    return YearOverride(days_off=days_off, working_days=working, source=source)


def _parse_dates(year: int, field: str, values: Any) -> tuple[date, ...]:
    """A list of ISO dates of the given year, without duplicates, returned sorted."""
    if isinstance(values, str | bytes) or not isinstance(values, list | tuple):
        raise InvalidValue(field, "must be a list of dates YYYY-MM-DD")
    seen: set[date] = set()
    for i, value in enumerate(values):
        day = _parse_date(f"{field}[{i}]", value)
        if day.year != year:
            raise InvalidValue(f"{field}[{i}]", "{day} is not in {year}", day=day.isoformat(), year=year)
        if day in seen:
            raise InvalidValue(f"{field}[{i}]", "{day} is listed twice", day=day.isoformat())
        seen.add(day)
    return tuple(sorted(seen))


def _parse_date(field: str, value: Any) -> date:
    """An ISO date string YYYY-MM-DD (or a date from Python callers)."""
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidValue(field, "{value!r} is not a date YYYY-MM-DD", value=value)


def _apply(off: set[date], override: YearOverride | None) -> None:
    """One year's override: listed days off are off, listed working days are worked."""
    if override is not None:
        off |= set(override.days_off)
        off -= set(override.working_days)


class RegionalDaysOff(Protocol):
    """A region's own non-working days; `domain.regional_calendar.RegionDays` fits."""

    def days_off(self, year: int) -> frozenset[date]: ...


class WorkingCalendar:
    """Which days are worked: the library's federal calendar corrected by the overrides,
    plus a region's own days off and that region's overrides (domain/regional_calendar.py).
    """

    def __init__(
        self,
        overrides: Mapping[Any, Any] | None = None,
        region: RegionalDaysOff | None = None,
        region_overrides: Mapping[Any, Any] | None = None,
    ) -> None:
        self._overrides = parse_overrides(overrides)
        self._region = region
        self._region_overrides = parse_overrides(region_overrides)
        self._days_off: dict[int, frozenset[date]] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_data(cls, data: Mapping[Any, Any] | None) -> WorkingCalendar:
        """A calendar from the override table as read from JSON (same as the constructor)."""
        return cls(data)

    @property
    def overrides(self) -> Mapping[int, YearOverride]:
        """The validated override table in force (a copy)."""
        return dict(self._overrides)

    def days_off(self, year: int) -> frozenset[date]:
        """Every non-working date of a year: weekends and holidays, minus working Saturdays."""
        cached = self._days_off.get(year)
        if cached is not None:
            return cached
        with self._lock:
            cached = self._days_off.get(year)
            if cached is None:
                cached = self._compute_year(year)
                self._days_off[year] = cached
            return cached

    def _compute_year(self, year: int) -> frozenset[date]:
        """Federal library, federal override, the region's own days, then the region's override."""
        base = holidays.RU(years=year)
        off = {d for d in base if d.year == year}
        day = date(year, 1, 1)
        while day.year == year:
            if day.weekday() >= _SATURDAY:
                off.add(day)
            day += _ONE_DAY
        off -= {d for d in base.weekend_workdays if d.year == year}
        _apply(off, self._overrides.get(year))
        if self._region is not None:
            off |= self._region.days_off(year)
        _apply(off, self._region_overrides.get(year))
        return frozenset(off)

    def is_working_day(self, d: date) -> bool:
        """True if the date is worked under the production calendar."""
        return d not in self.days_off(d.year)

    def is_day_off(self, d: date) -> bool:
        """True for weekends, holidays and transferred days off."""
        return not self.is_working_day(d)

    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day after d (before if n < 0; d not counted): «за три рабочих дня» (003 p.2.3.2)."""
        step = _ONE_DAY if n >= 0 else -_ONE_DAY
        remaining = abs(n)
        while remaining:
            d += step
            if self.is_working_day(d):
                remaining -= 1
        return d

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in [a, b) if a <= b, else minus those in [b, a) (as numpy.busday_count)."""
        if b < a:
            return -self.working_days_between(b, a)
        count = 0
        day = a
        while day < b:
            off = self.days_off(day.year)
            year_end = min(b, date(day.year + 1, 1, 1)) if day.year < 9999 else b
            count += (year_end - day).days - sum(1 for x in off if day <= x < year_end)
            day = year_end
        return count

    def last_working_day_on_or_before(self, d: date) -> date:
        """d if it is worked, else the closest earlier working day."""
        while not self.is_working_day(d):
            d -= _ONE_DAY
        return d

    def next_working_day_on_or_after(self, d: date) -> date:
        """d if it is worked, else the closest later working day (ГК РФ ст.193 for deadlines)."""
        while not self.is_working_day(d):
            d += _ONE_DAY
        return d
