"""Reporting duty adopted by a tenant's own order: adopted -> amended* -> lapsed (domain.md, Duties).

Nothing is owed unless an order says so (000 p.2.2, item 20; 002 §4.3). A duty says which report,
who owes it, by when, from when to when, to whom, and on which order and clause it rests. A later
order amends it from its own effective date (the past keeps the version then in force); an order
lapses it from a date (nothing due on or after that date is owed).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

import msgspec
from eventsourcing.domain import event

from domain.base import CascadeAggregate, InvalidValue, Provenance, check_business_date, check_key
from domain.duty_due import HORIZON_YEARS, Owed, check_order, check_terms, last_day, owed

__all__ = ["HORIZON_YEARS", "Owed", "check_order", "check_terms", "last_day", "owed"]
from domain.report import ReportKind

#: Who owes the report: schools with an approved roadmap (its period), ШНОР, ШФНСУ, partner
#: (leader) schools of a running partnership, network centres (002 §1.3), base support sites
#: (004 §3.3), or the municipality itself (row school "municipality").
Obligor = Literal[
    "roadmap_schools", "low_results", "adverse_conditions", "partner_schools", "network_centres",
    "base_support_sites", "municipality", "partnerships",
]
#: monthly: by `day` of the month reported on; yearly: by `day`.`month` of the year reported on;
#: school_year_end: by `day`.`month` of the year the school year ends in; after_event: `days`
#: calendar days after the event (`after`) it reports on.
DueForm = Literal["monthly", "yearly", "school_year_end", "after_event"]
#: The events an after_event duty follows: a visit held, an internship held (its `held_on`).
DutyEvent = Literal["visit_held", "internship_held"]
#: What a duty asks for: one of the fixed reports, a report the duty itself names (`named`: its
#: own Russian title, the period shape of its due rule), or the conclusion of the partnership
#: agreements by a date (003 p.6.1, `partnership_agreements`: met by signing, not by a report).
DutyKind = Literal[ReportKind, "partnership_agreements"]


class DueRule(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """By day N of each month (000 p.2.2), by a day and month each year (000 item 20: 25.12), or by
    a day and month at the end of the school year (002 §4.3: 30.06)."""

    form: DueForm
    day: int
    month: int | None = None
    #: after_event only: the number of calendar days after the event (`day` is 0 then).
    days: int | None = None
    after: DutyEvent | None = None


class DutyOrder(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The order a duty rests on: number, date and clause, e.g. 20/2 of 11.02.2021, p.2.2."""

    number: str
    issued_on: date
    clause: str
    title: str = ""


class DutyTerms(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """What is owed: the report kind and its Russian title, who owes it, by when, to whom."""

    report_kind: DutyKind
    title: str
    obligor: Obligor
    due: DueRule
    addressee: str


class DutyVersion(msgspec.Struct, frozen=True):
    """Terms in force from `effective_from` until the next version, the end or the lapse."""

    effective_from: date
    terms: DutyTerms
    order: DutyOrder


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
        self._require(self.lapsed_on is None, "duty {key} has lapsed", "duty", key=self.key)
        check_business_date(effective_from, "effective_from")
        if effective_from <= self.versions[-1].effective_from:
            raise InvalidValue("effective_from", "must be after {effective_from}, the date the version in force took effect", effective_from=self.versions[-1].effective_from)
        if self.until is not None and effective_from > self.until:
            raise InvalidValue("effective_from", "must not be after the duty's end {until}", until=self.until)
        self._amended(meta=meta, terms=check_terms(terms), effective_from=effective_from,
                      order=check_order(order))

    @event(Amended)
    def _amended(self, meta: Provenance, terms: DutyTerms, effective_from: date, order: DutyOrder) -> None:
        self.versions = (*self.versions, DutyVersion(effective_from, terms, order))

    def lapse(self, meta: Provenance, lapsed_on: date, order: DutyOrder) -> None:
        """The order (or a later one) lapses: nothing due on or after `lapsed_on` is owed."""
        self._require(self.lapsed_on is None, "duty {key} has already lapsed", "duty", key=self.key)
        check_business_date(lapsed_on, "lapsed_on")
        if lapsed_on <= self.versions[0].effective_from:
            raise InvalidValue("lapsed_on", "must be after {effective_from}", effective_from=self.versions[0].effective_from)
        self._lapsed(meta=meta, lapsed_on=lapsed_on, order=check_order(order))

    @event(Lapsed)
    def _lapsed(self, meta: Provenance, lapsed_on: date, order: DutyOrder) -> None:
        self.lapsed_on = lapsed_on
