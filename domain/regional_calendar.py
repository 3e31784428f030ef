"""Regional production calendars: the federal calendar plus a region's own non-working days.

A Russian region may declare its own non-working holidays (ТК РФ ст.6: the subjects of the
Federation may set extra non-working days; Tatarstan does so by its law of 19.02.1992
No. 1448-XII «О праздничных днях и памятных датах Республики Татарстан», art. 1 (number and date
checked against press reports only): Ураза-байрам, Курбан-байрам, 30 August (Day of the
Republic), 6 November (Constitution Day)). The pinned `holidays` package has no Russian
subdivisions, so the region's days are plain data (`domain/data/regions.json`, format below):

- `annual_days_off`: fixed dates "MM-DD" -> name, non-working every year;
- `islamic_feasts`: which of `eid_al_fitr` / `eid_al_adha` are non-working; their dates move
  each year and come from the `holidays` package's Islamic lunar table (maintained upstream; for
  2019-2026 it gives the very dates the President of Tatarstan decreed); a year whose decree
  names another date is corrected by the region's override table;
- `subdivision`: the ISO 3166-2 code of the region (documentation, e.g. "RU-TA"), `name`, `source`.

A regional day off that falls on a weekend is not transferred (no regional transfer rule);
when a decree does transfer one, the override table says so. The per-region override table has
the same format as the federal one (`domain.calendar` docstring) and wins over everything; an
operator writes it with `cascade calendar set-days` (the service reads it, the domain does no I/O).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

import msgspec
from holidays import HolidayBase
from holidays.groups import IslamicHolidays

from domain.base import InvalidValue
from domain.calendar import WorkingCalendar

_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")
_FEASTS = ("eid_al_fitr", "eid_al_adha")
_REGION_KEYS = frozenset({"name", "subdivision", "annual_days_off", "islamic_feasts", "source"})


class _IslamicFeasts(HolidayBase, IslamicHolidays):
    """The `holidays` package's dates of the two feasts (no country: only the lunar table)."""

    def __init__(self, feasts: tuple[str, ...], years: int) -> None:
        self._feasts = feasts
        IslamicHolidays.__init__(self, show_estimated=False)
        super().__init__(years=years)

    def _populate_public_holidays(self) -> None:
        if "eid_al_fitr" in self._feasts:
            self._add_eid_al_fitr_day("Ураза-байрам")
        if "eid_al_adha" in self._feasts:
            self._add_eid_al_adha_day("Курбан-байрам")


class RegionDays(msgspec.Struct, frozen=True):
    """A region's own non-working days, as declared by its law (see the module docstring)."""

    region_id: str
    name: str = ""
    subdivision: str = ""
    annual_days_off: tuple[tuple[int, int, str], ...] = ()
    islamic_feasts: tuple[str, ...] = ()
    source: str = ""

    def days_off(self, year: int) -> frozenset[date]:
        """The region's own non-working dates of a year (weekends and federal days aside)."""
        off = {date(year, month, day) for month, day, _ in self.annual_days_off}
        if self.islamic_feasts:
            off |= {d for d in _IslamicFeasts(self.islamic_feasts, year) if d.year == year}
        return frozenset(off)

    def names(self, year: int) -> dict[date, str]:
        """Each regional day off of a year with its name (for `cascade calendar show`)."""
        named = {date(year, month, day): title for month, day, title in self.annual_days_off}
        if self.islamic_feasts:
            feasts = _IslamicFeasts(self.islamic_feasts, year)
            named |= {d: str(feasts[d]) for d in feasts if d.year == year}
        return dict(sorted(named.items()))


def parse_regions(data: Mapping[str, Any] | None) -> dict[str, RegionDays]:
    """Validate the region table (`domain/data/regions.json`) with named errors."""
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise InvalidValue("regions", "must be an object keyed by region id")
    return {str(region): _parse_region(str(region), entry) for region, entry in data.items()}


def _parse_region(region: str, entry: Any) -> RegionDays:
    field = f"regions.{region}"
    if not isinstance(entry, Mapping):
        raise InvalidValue(field, "must be an object")
    unknown = sorted(str(k) for k in entry if k not in _REGION_KEYS)
    if unknown:
        raise InvalidValue(field, "unknown keys {unknown}; allowed: {allowed}", unknown=unknown, allowed=sorted(_REGION_KEYS))
    annual = entry.get("annual_days_off", {})
    if not isinstance(annual, Mapping):
        raise InvalidValue(f"{field}.annual_days_off", "must be an object MM-DD -> name")
    days: list[tuple[int, int, str]] = []
    for key, title in annual.items():
        match = _MONTH_DAY.match(str(key))
        try:
            month, day = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
            date(2000, month, day)  # a leap year: 02-29 is a valid fixed day
        except ValueError:
            raise InvalidValue(f"{field}.annual_days_off", "{key!r} is not MM-DD", key=key) from None
        days.append((month, day, str(title)))
    feasts = entry.get("islamic_feasts", [])
    if isinstance(feasts, str) or not all(f in _FEASTS for f in feasts):
        raise InvalidValue(f"{field}.islamic_feasts", "must be a list of {allowed}", allowed=list(_FEASTS))
    return RegionDays(
        region_id=region, name=str(entry.get("name", "")),
        subdivision=str(entry.get("subdivision", "")), annual_days_off=tuple(sorted(days)),
        islamic_feasts=tuple(f for f in _FEASTS if f in feasts), source=str(entry.get("source", "")),
    )


class CalendarBook:
    """One WorkingCalendar per region: federal days, the region's own days, its overrides.

    A region with no entry in the region table and no overrides works by the federal calendar.
    """

    def __init__(
        self,
        federal_overrides: Mapping[Any, Any] | None = None,
        regions: Mapping[str, RegionDays] | None = None,
        region_overrides: Mapping[str, Mapping[Any, Any]] | None = None,
    ) -> None:
        self.federal = WorkingCalendar(federal_overrides)
        self.regions = dict(regions or {})
        self._calendars = {
            region: WorkingCalendar(
                federal_overrides, region=self.regions.get(region),
                region_overrides=(region_overrides or {}).get(region),
            )
            for region in set(self.regions) | set(region_overrides or {})
        }

    def for_region(self, region_id: str) -> WorkingCalendar:
        """The calendar that judges working days for every tenant of that region."""
        return self._calendars.get(region_id, self.federal)
