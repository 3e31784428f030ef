"""Schedule forms of roadmap items as written in the roadmaps (000 appendix 3, 001 plan)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import Annotated

import msgspec

from domain.base import InvalidValue

Month = Annotated[int, msgspec.Meta(ge=1, le=12)]
DayOfMonth = Annotated[int, msgspec.Meta(ge=1, le=31)]
Label = Annotated[str, msgspec.Meta(max_length=200)]


class _Form(msgspec.Struct, frozen=True, tag_field="form", forbid_unknown_fields=True):
    """Common base: `label` keeps the wording of the source document, e.g. «До 15.02.2021»."""


class Deadline(_Form, tag="deadline"):
    """«До 15.02.2021»: done on or before one date."""

    due: date
    label: Label = ""


class Window(_Form, tag="window"):
    """«октябрь-ноябрь 2021», «09.06.2021-11.06.2021»: done within a period, due at its end."""

    start: date
    end: date
    label: Label = ""


class DateList(_Form, tag="dates"):
    """«22.04.2021 19.05.2021 15.09.2021»: one occurrence due on each date."""

    dates: tuple[date, ...]
    label: Label = ""


class Yearly(_Form, tag="yearly"):
    """«ежегодно (сентябрь-октябрь)»: every year within the months, due at the window's end."""

    start_month: Month
    end_month: Month
    first_year: int
    last_year: int | None = None
    label: Label = ""


class Monthly(_Form, tag="monthly"):
    """«ежемесячно в срок до 28 числа» (000 p.2.2): due on a day of every month of a period."""

    day: DayOfMonth
    start: date
    end: date | None = None
    label: Label = ""


class OpenEnded(_Form, tag="open_ended"):
    """«В течение года», «в течение всего периода»: ongoing, with no single due date."""

    start: date | None = None
    end: date | None = None
    label: Label = ""


class SeparateSchedule(_Form, tag="separate"):
    """«По графику ОО», «По плану ВШК», «По итогам работ»: dates set by another document."""

    reference: Label
    label: Label = ""


Schedule = Deadline | Window | DateList | Yearly | Monthly | OpenEnded | SeparateSchedule


#: Years a yearly schedule may name: wide enough for any programme, narrow enough for `date`.
_MIN_YEAR = 1900
_MAX_YEAR = 2999


class Occurrence(msgspec.Struct, frozen=True):
    """One concrete due date of a schedule; `index` is its stable ordinal in the whole schedule."""

    due: date
    window_start: date | None
    index: int


def month_end(year: int, month: int) -> date:
    """Last day of a month (28, 29, 30 or 31)."""
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


def day_in_month(year: int, month: int, day: int) -> date:
    """The day of a month, clamped to the month's last day (31 in February -> 28/29)."""
    return min(date(year, month, 1) + timedelta(days=day - 1), month_end(year, month))


def add_months(d: date, months: int) -> date:
    """Same day n months later (earlier if negative), clamped to month end (ГК РФ ст.192)."""
    total = d.year * 12 + d.month - 1 + months
    return day_in_month(total // 12, total % 12 + 1, d.day)


def validate_schedule(schedule: Schedule) -> Schedule:
    """Reject a schedule that cannot be expanded, naming the bad field; returns it unchanged."""
    match schedule:
        case Window(start=start, end=end):
            if end < start:
                raise InvalidValue("end", "window ends before it starts")
        case DateList(dates=dates):
            if not dates:
                raise InvalidValue("dates", "needs at least one date")
            for earlier, later in zip(dates, dates[1:], strict=False):
                if later <= earlier:
                    raise InvalidValue("dates", "must be ascending without repeats ({later})", later=later)
        case Yearly():
            _validate_yearly(schedule)
        case Monthly(day=day, start=start, end=end):
            if not 1 <= day <= 31:
                raise InvalidValue("day", "must be 1-31")
            if end is not None and end < start:
                raise InvalidValue("end", "monthly period ends before it starts")
        case OpenEnded(start=start, end=end):
            if start is not None and end is not None and end < start:
                raise InvalidValue("end", "period ends before it starts")
        case SeparateSchedule(reference=reference):
            if not reference.strip():
                raise InvalidValue("reference", "must name the schedule, e.g. «По графику ОО»")
    return schedule


def _validate_yearly(schedule: Yearly) -> None:
    """Months in range and in order, years in order."""
    for field in ("start_month", "end_month"):
        if not 1 <= getattr(schedule, field) <= 12:
            raise InvalidValue(field, "must be 1-12")
    if schedule.end_month < schedule.start_month:
        raise InvalidValue("end_month", "must not be before start_month")
    if not _MIN_YEAR <= schedule.first_year <= _MAX_YEAR:
        raise InvalidValue("first_year", "must be {_min_year}-{_max_year}", _min_year=_MIN_YEAR, _max_year=_MAX_YEAR)
    last = schedule.last_year
    if last is not None:
        if last < schedule.first_year:
            raise InvalidValue("last_year", "must not be before first_year")
        if last > _MAX_YEAR:
            raise InvalidValue("last_year", "must be at most {_max_year}", _max_year=_MAX_YEAR)


def due_dates(schedule: Schedule, start: date, end: date) -> list[Occurrence]:
    """Occurrences due within [start, end], in date order; open-ended and separate forms have none."""
    if end < start:
        raise InvalidValue("end", "range ends before it starts")
    validate_schedule(schedule)
    return [o for o in _occurrences(schedule, start, end) if start <= o.due <= end]


def _occurrences(schedule: Schedule, start: date, end: date) -> list[Occurrence]:
    """Occurrences of the schedule that may fall in [start, end] (the caller filters)."""
    match schedule:
        case Deadline(due=due):
            return [Occurrence(due=due, window_start=None, index=0)]
        case Window(start=w_start, end=w_end):
            return [Occurrence(due=w_end, window_start=w_start, index=0)]
        case DateList(dates=dates):
            return [Occurrence(due=d, window_start=None, index=i) for i, d in enumerate(dates)]
        case Yearly():
            last = end.year if schedule.last_year is None else min(schedule.last_year, end.year)
            first = max(schedule.first_year, start.year)
            return [_yearly(schedule, year) for year in range(first, last + 1)]
        case Monthly():
            return _monthly(schedule, start, end)
    return []


def _yearly(schedule: Yearly, year: int) -> Occurrence:
    """The window of one year: first day of start_month to last day of end_month."""
    return Occurrence(
        due=month_end(year, schedule.end_month),
        window_start=date(year, schedule.start_month, 1),
        index=year - schedule.first_year,
    )


def _monthly(schedule: Monthly, start: date, end: date) -> list[Occurrence]:
    """The clamped day of each month inside the schedule's own period and near the range."""
    first = _first_monthly_due(schedule)
    stop = end if schedule.end is None else min(end, schedule.end)
    # Skip straight to the month of the range start; the index still counts from `first`.
    offset = max(0, (start.year - first.year) * 12 + start.month - first.month)
    result: list[Occurrence] = []
    while True:
        month = add_months(date(first.year, first.month, 1), offset)
        due = day_in_month(month.year, month.month, schedule.day)
        if due > stop:
            return result
        result.append(Occurrence(due=due, window_start=None, index=offset))
        offset += 1


def _first_monthly_due(schedule: Monthly) -> date:
    """First due day on or after the schedule's start (this month or the next)."""
    due = day_in_month(schedule.start.year, schedule.start.month, schedule.day)
    if due < schedule.start:
        nxt = add_months(date(schedule.start.year, schedule.start.month, 1), 1)
        due = day_in_month(nxt.year, nxt.month, schedule.day)
    return due


def first_due(schedule: Schedule) -> date | None:
    """The earliest due date, or None for forms without one."""
    validate_schedule(schedule)
    match schedule:
        case Deadline(due=due):
            return due
        case Window(end=w_end):
            return w_end
        case DateList(dates=dates):
            return dates[0]
        case Yearly(first_year=year):
            return month_end(year, schedule.end_month)
        case Monthly(end=m_end):
            due = _first_monthly_due(schedule)
            return None if m_end is not None and due > m_end else due
    return None


def final_due(schedule: Schedule) -> date | None:
    """The last due date if the schedule is bounded, else None."""
    validate_schedule(schedule)
    match schedule:
        case Deadline(due=due):
            return due
        case Window(end=w_end):
            return w_end
        case DateList(dates=dates):
            return dates[-1]
        case Yearly(last_year=year) if year is not None:
            return month_end(year, schedule.end_month)
        case Monthly(end=m_end) if m_end is not None:
            found = due_dates(schedule, schedule.start, m_end)
            return found[-1].due if found else None
    return None


def roadmap_occurrences(schedule: Schedule, period_start: date, period_end: date) -> list[Occurrence]:
    """Concrete due dates of an item of a roadmap with that period (see `_roadmap_occurrences`)."""
    try:
        return list(_roadmap_occurrences(schedule, period_start, period_end))
    except TypeError:  # a schedule built by hand with a list in it cannot be a cache key
        return list(_roadmap_occurrences.__wrapped__(schedule, period_start, period_end))


@lru_cache(maxsize=4096)
def _roadmap_occurrences(schedule: Schedule, period_start: date, period_end: date) -> tuple[Occurrence, ...]:
    """Computed once per schedule and period (a replay asks again on every occurrence event).

    A bounded schedule (deadline, window, dates, yearly with a last year, monthly with an end)
    yields all of its own dates, even one the plan put outside the roadmap's period, so no
    dated item disappears from the calendar. An unbounded one (yearly without a last year,
    monthly without an end) is cut to the roadmap's period. Open-ended and «по графику»
    schedules have no due dates.
    """
    if isinstance(schedule, OpenEnded):
        # «В течение года»: one occurrence, due at the end of its period (the roadmap's if unsaid).
        return (Occurrence(due=schedule.end or period_end,
                           window_start=schedule.start or period_start, index=0),)
    start, end = period_start, period_end
    last = final_due(schedule)
    if last is not None:
        first = first_due(schedule) or last
        start, end = min(start, first), max(end, last)
    return tuple(due_dates(schedule, start, end))
