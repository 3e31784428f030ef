"""Due rules of reporting duties: which terms are valid, what each obligor owes and by when.

Pure functions over domain.duty's terms (no I/O); domain.duty re-exports them.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

import msgspec

from domain.base import InvalidValue, check_business_date
from domain.schedule import day_in_month

if TYPE_CHECKING:
    from domain.duty import DueRule, DutyOrder, DutyTerms, DutyVersion

#: The form of due rule each fixed report kind's period fits (a month, a calendar year, a school
#: year). A `named` report may have any form, its period shape follows (PERIOD_SHAPE_OF_FORM);
#: `partnership_agreements` are due by a date each year (003 p.6.1: by 7 May).
FORM_OF_KIND: dict[str, str] = {
    "monthly_roadmap": "monthly",
    "effectiveness_analysis": "yearly",
    "annual_analytic_note": "school_year_end",
    "partnership_agreements": "yearly",
}
#: The period a named report is filed for, by its due rule: a month «2021-03», a year «2021», a
#: school year «2021/2022», or the event reported on (its key: the visit or internship request).
PERIOD_SHAPE_OF_FORM = {"monthly": "month", "yearly": "year", "school_year_end": "school_year",
                        "after_event": "event"}
#: An open-ended duty is expanded this many years beyond its latest effective date.
HORIZON_YEARS = 5
#: The longest delay of an after_event rule.
MAX_DAYS_AFTER = 365


class Owed(msgspec.Struct, frozen=True):
    """One obligation of a duty: the period reported on, its first day, and its due date."""

    period: str
    period_start: date
    due_on: date
    terms: DutyTerms


def check_terms(terms: DutyTerms) -> DutyTerms:
    """A title, an addressee, and a due rule of the form the report kind's period fits."""
    if not terms.title.strip():
        raise InvalidValue("title", "must not be empty")
    if not terms.addressee.strip():
        raise InvalidValue("addressee", "must not be empty")
    _check_obligor(terms)
    form = FORM_OF_KIND.get(terms.report_kind, terms.due.form)
    if terms.report_kind != "named" and terms.report_kind not in FORM_OF_KIND:
        raise InvalidValue("report_kind", "must be one of {choices}", choices=', '.join([*FORM_OF_KIND, 'named']))
    if terms.due.form != form:
        raise InvalidValue("due.form", "a {report_kind} report is due {form}", report_kind=terms.report_kind, form=form)
    if form == "after_event":
        return _check_after_event(terms)
    if terms.due.days is not None or terms.due.after is not None:
        raise InvalidValue("due.days", "only an after_event rule counts days after an event")
    if form == "monthly":
        if terms.due.month is not None:
            raise InvalidValue("due.month", "a monthly rule has no month")
        if not 1 <= terms.due.day <= 31:
            raise InvalidValue("due.day", "must be 1-31 (clamped to the month's last day)")
        return terms
    try:
        date(2024, terms.due.month or 0, terms.due.day)
    except ValueError:
        raise InvalidValue("due", "day and month must make a date, e.g. 25 and 12") from None
    return terms


def _check_obligor(terms: DutyTerms) -> None:
    """The agreements of 003 p.6.1 are owed by each pair or by the municipality; a report never
    by a pair (its partner school or supported school owes it)."""
    agreements = terms.report_kind == "partnership_agreements"
    if agreements and terms.obligor not in ("partnerships", "municipality"):
        raise InvalidValue("obligor", "agreements are concluded by the partnerships or the municipality")
    if not agreements and terms.obligor == "partnerships":
        raise InvalidValue("obligor", "a report is owed by schools or the municipality, not by a pair")


def _check_after_event(terms: DutyTerms) -> DutyTerms:
    if terms.due.after is None:
        raise InvalidValue("due.after", "must name the event: visit_held or internship_held")
    if terms.due.days is None or not 1 <= terms.due.days <= MAX_DAYS_AFTER:
        raise InvalidValue("due.days", "must be 1-{max_days_after} days after the event", max_days_after=MAX_DAYS_AFTER)
    if terms.due.month is not None or terms.due.day != 0:
        raise InvalidValue("due.day", "an after_event rule has no day or month, only days")
    return terms


def check_order(order: DutyOrder) -> DutyOrder:
    if not order.number.strip():
        raise InvalidValue("order.number", "must not be empty")
    if not order.clause.strip():
        raise InvalidValue("order.clause", "must name the clause, e.g. p.2.2")
    check_business_date(order.issued_on, "order.issued_on")
    return order


def due_on(rule: DueRule, period_start: date) -> date:
    """The due date of the period beginning on `period_start` under `rule` (an event: its day)."""
    if rule.form == "after_event":
        return period_start + timedelta(days=rule.days or 0)
    if rule.form == "monthly":
        return day_in_month(period_start.year, period_start.month, rule.day)
    year = period_start.year + (1 if rule.form == "school_year_end" else 0)
    return day_in_month(year, rule.month or 12, rule.day)


def _periods(form: str, start: date, end: date) -> list[tuple[str, date]]:
    """Every period of the form (label, first day) from the one containing `start` to `end`."""
    if form == "monthly":
        found, year, month = [], start.year, start.month
        while date(year, month, 1) <= end:
            found.append((f"{year:04d}-{month:02d}", date(year, month, 1)))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found
    if form == "yearly":
        return [(str(y), date(y, 1, 1)) for y in range(start.year, end.year + 1)]
    first = start.year - 1
    return [(f"{y}/{y + 1}", date(y, 9, 1)) for y in range(first, end.year + 1)]


def owed(versions: tuple[DutyVersion, ...], until: date | None, start: date, end: date | None,
         whole_periods: bool) -> list[Owed]:
    """What the duty asks of one obligor owing from `start` to `end` (None: open-ended).

    A period is owed under the latest version in force on the due date that version gives it,
    and only if that date is before the duty ends or lapses. With `whole_periods` (a roadmap's
    monthly reports) every month the obligor's span touches is owed; otherwise the due date must
    fall within the span. After-event duties are owed per event (owed_after).
    """
    if not versions:
        return []
    horizon = until or date(max(v.effective_from for v in versions).year + HORIZON_YEARS, 12, 31)
    last = min(end, horizon) if end is not None else horizon
    found: dict[str, Owed] = {}
    for index, version in enumerate(versions):
        stop = _stop(versions, index, horizon)
        form = version.terms.due.form
        if form == "after_event":
            continue
        for period, first in _periods(form, start - timedelta(days=366), last):
            due = due_on(version.terms.due, first)
            if not version.effective_from <= due <= stop or (until is not None and due > until):
                continue
            if whole_periods and form == "monthly":
                inside = first <= last and day_in_month(first.year, first.month, 31) >= start
            else:
                inside = start <= due <= last
            if inside:
                found[period] = Owed(period, first, due, version.terms)
    return sorted(found.values(), key=lambda o: o.due_on)


def _stop(versions: tuple[DutyVersion, ...], index: int, horizon: date) -> date:
    """The last day version `index` is in force (the day before the next one, else the horizon)."""
    return versions[index + 1].effective_from - timedelta(days=1) if index + 1 < len(versions) \
        else horizon


def owed_after(versions: tuple[DutyVersion, ...], until: date | None, event: str, key: str,
               held_on: date) -> Owed | None:
    """The report an after_event duty asks for one event held on `held_on` (period: its key).

    The version in force on the day of the event applies (`days` after it), if it follows this
    kind of event; nothing is owed for an event before the duty took effect or after it ended.
    """
    horizon = until or date.max
    for index, version in enumerate(versions):
        rule = version.terms.due
        if version.effective_from <= held_on <= min(_stop(versions, index, horizon), horizon):
            if rule.form == "after_event" and rule.after == event:
                return Owed(key, held_on, due_on(rule, held_on), version.terms)
            return None
    return None


def last_day(effective_until: date | None, lapsed_on: date | None) -> date | None:
    """The earlier of the order's own end and the day before its lapse."""
    ends = [d for d in (effective_until, lapsed_on and lapsed_on - timedelta(days=1)) if d]
    return min(ends) if ends else None
