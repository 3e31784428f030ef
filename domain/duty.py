"""Reporting duty adopted by a tenant's own order: adopted -> amended* -> lapsed (domain.md, Duties).

Nothing is owed unless an order says so (000 p.2.2, item 20; 002 §4.3). A duty says which report,
who owes it, by when, from when to when, to whom, and on which order and clause it rests. A later
order amends it from its own effective date (the past keeps the version then in force); an order
lapses it from a date (nothing due on or after that date is owed).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

import msgspec
from eventsourcing.domain import event

from domain.base import CascadeAggregate, InvalidValue, Provenance, check_business_date, check_key
from domain.report import ReportKind
from domain.schedule import day_in_month

#: Who owes the report: schools with an approved roadmap (its period), ШНОР, ШФНСУ, partner
#: (leader) schools of a running partnership, network centres (002 §1.3), base support sites
#: (004 §3.3), or the municipality itself (row school "municipality").
Obligor = Literal[
    "roadmap_schools", "low_results", "adverse_conditions", "partner_schools", "network_centres",
    "base_support_sites", "municipality",
]
#: monthly: by `day` of the month reported on; yearly: by `day`.`month` of the year reported on;
#: school_year_end: by `day`.`month` of the year the school year ends in.
DueForm = Literal["monthly", "yearly", "school_year_end"]

#: The form of due rule each report kind's period fits (a month, a calendar year, a school year).
FORM_OF_KIND: dict[str, DueForm] = {
    "monthly_roadmap": "monthly",
    "effectiveness_analysis": "yearly",
    "annual_analytic_note": "school_year_end",
}
#: An open-ended duty is expanded this many years beyond its latest effective date.
HORIZON_YEARS = 5


class DueRule(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """By day N of each month (000 p.2.2), by a day and month each year (000 item 20: 25.12), or by
    a day and month at the end of the school year (002 §4.3: 30.06)."""

    form: DueForm
    day: int
    month: int | None = None


class DutyOrder(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The order a duty rests on: number, date and clause, e.g. 20/2 of 11.02.2021, p.2.2."""

    number: str
    issued_on: date
    clause: str
    title: str = ""


class DutyTerms(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """What is owed: the report kind and its Russian title, who owes it, by when, to whom."""

    report_kind: ReportKind
    title: str
    obligor: Obligor
    due: DueRule
    addressee: str


class DutyVersion(msgspec.Struct, frozen=True):
    """Terms in force from `effective_from` until the next version, the end or the lapse."""

    effective_from: date
    terms: DutyTerms
    order: DutyOrder


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
    form = FORM_OF_KIND.get(terms.report_kind)
    if form is None:
        raise InvalidValue("report_kind", f"must be one of {', '.join(FORM_OF_KIND)}")
    if terms.due.form != form:
        raise InvalidValue("due.form", f"a {terms.report_kind} report is due {form}")
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


def check_order(order: DutyOrder) -> DutyOrder:
    if not order.number.strip():
        raise InvalidValue("order.number", "must not be empty")
    if not order.clause.strip():
        raise InvalidValue("order.clause", "must name the clause, e.g. p.2.2")
    check_business_date(order.issued_on, "order.issued_on")
    return order


def due_on(rule: DueRule, period_start: date) -> date:
    """The due date of the period beginning on `period_start` under `rule`."""
    if rule.form == "monthly":
        return day_in_month(period_start.year, period_start.month, rule.day)
    year = period_start.year + (1 if rule.form == "school_year_end" else 0)
    return day_in_month(year, rule.month or 12, rule.day)


def _periods(form: DueForm, start: date, end: date) -> list[tuple[str, date]]:
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
    fall within the span.
    """
    if not versions:
        return []
    horizon = until or date(max(v.effective_from for v in versions).year + HORIZON_YEARS, 12, 31)
    last = min(end, horizon) if end is not None else horizon
    found: dict[str, Owed] = {}
    for index, version in enumerate(versions):
        stop = versions[index + 1].effective_from - timedelta(days=1) if index + 1 < len(versions) \
            else horizon
        form = version.terms.due.form
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


class ReportingDuty(CascadeAggregate):
    """One reporting duty of a tenant, as adopted and amended by its orders."""

    stream_kind = "duty"

    class Adopted(CascadeAggregate.Created):
        key: str
        terms: DutyTerms
        effective_from: date
        effective_until: date | None
        order: DutyOrder

    class Amended(CascadeAggregate.Event):
        terms: DutyTerms
        effective_from: date
        order: DutyOrder

    class Lapsed(CascadeAggregate.Event):
        lapsed_on: date
        order: DutyOrder

    @classmethod
    def adopt(cls, meta: Provenance, key: str, terms: DutyTerms, effective_from: date,
              order: DutyOrder, effective_until: date | None = None) -> ReportingDuty:
        """Adopt a duty by an order from a date (and, if the order says so, until a date)."""
        check_key(key, "duty")
        check_business_date(effective_from, "effective_from")
        if effective_until is not None and check_business_date(
                effective_until, "effective_until") < effective_from:
            raise InvalidValue("effective_until", "must not be before effective_from")
        return cls._create(cls.Adopted, meta=meta, key=key, terms=check_terms(terms),
                           effective_from=effective_from, effective_until=effective_until,
                           order=check_order(order))

    def __init__(self, meta: Provenance, key: str, terms: DutyTerms, effective_from: date,
                 effective_until: date | None, order: DutyOrder) -> None:
        self.key = key
        self.versions: tuple[DutyVersion, ...] = (DutyVersion(effective_from, terms, order),)
        self.effective_until = effective_until
        self.lapsed_on: date | None = None

    @property
    def until(self) -> date | None:
        """The last day anything can be due: the end the order set, or the day before the lapse."""
        return last_day(self.effective_until, self.lapsed_on)

    def amend(self, meta: Provenance, terms: DutyTerms, effective_from: date, order: DutyOrder) -> None:
        """A later order changes the duty from its own effective date; earlier periods keep theirs."""
        self._require(self.lapsed_on is None, f"duty {self.key} has lapsed", "duty")
        check_business_date(effective_from, "effective_from")
        if effective_from <= self.versions[-1].effective_from:
            raise InvalidValue(
                "effective_from", f"must be after {self.versions[-1].effective_from}, "
                "the date the version in force took effect")
        if self.until is not None and effective_from > self.until:
            raise InvalidValue("effective_from", f"must not be after the duty's end {self.until}")
        self._amended(meta=meta, terms=check_terms(terms), effective_from=effective_from,
                      order=check_order(order))

    @event(Amended)
    def _amended(self, meta: Provenance, terms: DutyTerms, effective_from: date, order: DutyOrder) -> None:
        self.versions = (*self.versions, DutyVersion(effective_from, terms, order))

    def lapse(self, meta: Provenance, lapsed_on: date, order: DutyOrder) -> None:
        """The order (or a later one) lapses: nothing due on or after `lapsed_on` is owed."""
        self._require(self.lapsed_on is None, f"duty {self.key} has already lapsed", "duty")
        check_business_date(lapsed_on, "lapsed_on")
        if lapsed_on <= self.versions[0].effective_from:
            raise InvalidValue("lapsed_on", f"must be after {self.versions[0].effective_from}")
        self._lapsed(meta=meta, lapsed_on=lapsed_on, order=check_order(order))

    @event(Lapsed)
    def _lapsed(self, meta: Provenance, lapsed_on: date, order: DutyOrder) -> None:
        self.lapsed_on = lapsed_on


def last_day(effective_until: date | None, lapsed_on: date | None) -> date | None:
    """The earlier of the order's own end and the day before its lapse."""
    ends = [d for d in (effective_until, lapsed_on and lapsed_on - timedelta(days=1)) if d]
    return min(ends) if ends else None
