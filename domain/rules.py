"""Deadline rules of the documents as tenant-changeable defaults (domain.md, Deadline rules)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal, Protocol

import msgspec

from domain.base import InvalidValue
from domain.schedule import add_months, day_in_month


class WorkingDays(Protocol):
    """What the rules need of the production calendar; `domain.calendar.WorkingCalendar` fits."""

    def add_working_days(self, d: date, n: int) -> date: ...


class DeadlineRules(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Defaults from the documents; a tenant may change any of them (domain.md)."""

    #: «ежемесячно в срок до 28 числа» (000 p.2.2); clamped to the month's last day.
    monthly_report_day: int = 28
    #: «За неделю до начала практики, стажировки направляет заявку» (003 p.2.3.2).
    internship_request_lead_days: int = 7
    #: «отзывается ... не позднее чем за три рабочих дня до начала» (003 p.2.3.2).
    internship_withdrawal_working_days: int = 3
    #: «с предварительным уведомлением ... не позднее чем за два месяца» (003 §3.3).
    termination_notice_months: int = 2
    #: «Настоящий договор заключен сроком на 2019 год» (003 §3.1): when the command names no
    #: term, an agreement runs to 31 December of the year it is signed in (`calendar_year`);
    #: `years` makes it run `agreement_term_years` years from signing instead.
    agreement_term: Literal["calendar_year", "years"] = "calendar_year"
    #: The length of a term in years (the `years` form), extendable (003 §3.2).
    agreement_term_years: int = 1
    #: «Анализ эффективности принятых мер — До 25.12» (000 item 20), as (month, day).
    effectiveness_analysis_due: tuple[int, int] = (12, 25)
    #: Analytic note «в конце учебного года» (002 §4.3), as (month, day).
    annual_note_due: tuple[int, int] = (6, 30)

    def __post_init__(self) -> None:
        """Reject values no deadline can be computed from, naming the field."""
        _check_range("monthly_report_day", self.monthly_report_day, 1, 31)
        _check_range("internship_request_lead_days", self.internship_request_lead_days, 0, 365)
        _check_range(
            "internship_withdrawal_working_days", self.internship_withdrawal_working_days, 0, 60
        )
        _check_range("termination_notice_months", self.termination_notice_months, 0, 24)
        _check_range("agreement_term_years", self.agreement_term_years, 1, 10)
        if self.agreement_term not in ("calendar_year", "years"):
            raise InvalidValue("agreement_term", "must be calendar_year or years")
        _check_month_day("effectiveness_analysis_due", self.effectiveness_analysis_due)
        _check_month_day("annual_note_due", self.annual_note_due)


def _check_range(field: str, value: int, low: int, high: int) -> None:
    """An integer within [low, high]."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidValue(field, "must be an integer {low}-{high}", low=low, high=high)


def _check_month_day(field: str, value: tuple[int, int]) -> None:
    """A (month, day) pair that exists at least in a leap year."""
    try:
        month, day = value
        date(2024, month, day)
    except (TypeError, ValueError):
        raise InvalidValue(field, "must be (month, day), e.g. (12, 25)") from None


#: The rules of the documents, used when a tenant has not changed them.
DEFAULT_RULES = DeadlineRules()


def report_due_date(period_month: date, rules: DeadlineRules = DEFAULT_RULES) -> date:
    """Due date of the monthly report for the month of `period_month` (000 p.2.2)."""
    return day_in_month(period_month.year, period_month.month, rules.monthly_report_day)


def internship_request_deadline(start: date, rules: DeadlineRules = DEFAULT_RULES) -> date:
    """Last day to submit an internship request: start minus the lead in calendar days (003 p.2.3.2)."""
    return start - timedelta(days=rules.internship_request_lead_days)


def internship_withdrawal_deadline(
    start: date, calendar: WorkingDays, rules: DeadlineRules = DEFAULT_RULES
) -> date:
    """Last day to withdraw a request: n working days before the start (003 p.2.3.2)."""
    return calendar.add_working_days(start, -rules.internship_withdrawal_working_days)


def earliest_termination_date(notice_given_on: date, rules: DeadlineRules = DEFAULT_RULES) -> date:
    """Earliest day a unilateral termination takes effect: notice plus n months (003 §3.3)."""
    return add_months(notice_given_on, rules.termination_notice_months)


def agreement_expiry(
    concluded_on: date, rules: DeadlineRules = DEFAULT_RULES, extended_until: date | None = None
) -> date:
    """Last day of the agreement: the extension if any, else the tenant's default term (003 §3.1-3.2).

    The default is the calendar year of signing («сроком на 2019 год»: to 31.12.2019); with the
    `years` form, the same date n years later.
    """
    if extended_until is not None:
        if extended_until < concluded_on:
            raise InvalidValue("extended_until", "must not be before the agreement was concluded")
        return extended_until
    if rules.agreement_term == "calendar_year":
        return date(concluded_on.year, 12, 31)
    return add_months(concluded_on, 12 * rules.agreement_term_years)


def effectiveness_analysis_deadline(year: int, rules: DeadlineRules = DEFAULT_RULES) -> date:
    """Due date of the yearly effectiveness analysis (000 item 20)."""
    month, day = rules.effectiveness_analysis_due
    return day_in_month(year, month, day)


def annual_note_deadline(school_year_end: int, rules: DeadlineRules = DEFAULT_RULES) -> date:
    """Due date of the analytic note for the school year ending in that calendar year (002 §4.3)."""
    month, day = rules.annual_note_due
    return day_in_month(school_year_end, month, day)
