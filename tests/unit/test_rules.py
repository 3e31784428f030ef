"""Deadline rules of the documents, with defaults a tenant may change (domain.md)."""

from datetime import date

import msgspec
import pytest

from domain.base import InvalidValue
from domain.calendar import WorkingCalendar
from domain.rules import (
    DeadlineRules,
    agreement_expiry,
    annual_note_deadline,
    earliest_termination_date,
    effectiveness_analysis_deadline,
    internship_request_deadline,
    internship_withdrawal_deadline,
    report_due_date,
)

RULES = DeadlineRules()
CALENDAR = WorkingCalendar()


def test_the_defaults_are_those_of_the_documents():
    assert RULES.monthly_report_day == 28
    assert RULES.internship_request_lead_days == 7
    assert RULES.internship_withdrawal_working_days == 3
    assert RULES.termination_notice_months == 2
    assert RULES.agreement_term_years == 1
    assert RULES.agreement_term == "calendar_year"
    assert RULES.effectiveness_analysis_due == (12, 25)
    assert RULES.annual_note_due == (6, 30)


def test_the_monthly_report_is_due_on_the_28th_of_its_month():
    assert report_due_date(date(2021, 3, 1), RULES) == date(2021, 3, 28)
    assert report_due_date(date(2021, 2, 17), RULES) == date(2021, 2, 28)


def test_a_tenant_report_day_31_falls_on_the_last_day_of_february():
    rules = DeadlineRules(monthly_report_day=31)
    assert report_due_date(date(2021, 2, 1), rules) == date(2021, 2, 28)
    assert report_due_date(date(2024, 2, 1), rules) == date(2024, 2, 29)


def test_an_internship_request_is_due_a_week_before_the_start():
    assert internship_request_deadline(date(2021, 3, 15), RULES) == date(2021, 3, 8)


def test_a_withdrawal_is_due_three_working_days_before_a_monday_start():
    assert internship_withdrawal_deadline(date(2025, 3, 17), CALENDAR, RULES) == date(2025, 3, 12)


def test_the_withdrawal_deadline_skips_the_november_holidays():
    # Start Thu 6.11.2025: Wed 5.11, (4 and 3 off), Sat 1.11 worked, Fri 31.10.
    assert internship_withdrawal_deadline(date(2025, 11, 6), CALENDAR, RULES) == date(2025, 10, 31)


def test_a_tenant_can_shorten_the_withdrawal_period():
    rules = DeadlineRules(internship_withdrawal_working_days=1)
    assert internship_withdrawal_deadline(date(2025, 3, 17), CALENDAR, rules) == date(2025, 3, 14)


def test_a_termination_takes_effect_two_months_after_the_notice():
    assert earliest_termination_date(date(2021, 3, 15), RULES) == date(2021, 5, 15)


def test_a_notice_on_31_december_takes_effect_on_the_last_day_of_february():
    assert earliest_termination_date(date(2021, 12, 31), RULES) == date(2022, 2, 28)


def test_w2_an_agreement_runs_to_the_end_of_its_calendar_year_unless_extended():
    assert agreement_expiry(date(2021, 3, 1), RULES) == date(2021, 12, 31)
    years = DeadlineRules(agreement_term="years")
    assert agreement_expiry(date(2021, 3, 1), years) == date(2022, 3, 1)
    assert agreement_expiry(date(2021, 3, 1), RULES, extended_until=date(2022, 12, 31)) == date(
        2022, 12, 31
    )


def test_an_extension_cannot_end_before_the_agreement_was_concluded():
    with pytest.raises(InvalidValue) as error:
        agreement_expiry(date(2021, 3, 1), RULES, extended_until=date(2021, 2, 1))
    assert error.value.field == "extended_until"


def test_the_effectiveness_analysis_is_due_on_25_december_and_the_note_on_30_june():
    assert effectiveness_analysis_deadline(2021, RULES) == date(2021, 12, 25)
    assert annual_note_deadline(2022, RULES) == date(2022, 6, 30)


def test_tenant_rules_decode_from_json_with_unchanged_defaults():
    rules = msgspec.json.decode(
        b'{"monthly_report_day": 25, "annual_note_due": [5, 31]}', type=DeadlineRules
    )
    assert rules == DeadlineRules(monthly_report_day=25, annual_note_due=(5, 31))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"monthly_report_day": 0}, "monthly_report_day"),
        ({"monthly_report_day": 32}, "monthly_report_day"),
        ({"internship_request_lead_days": -1}, "internship_request_lead_days"),
        ({"internship_withdrawal_working_days": -3}, "internship_withdrawal_working_days"),
        ({"termination_notice_months": -2}, "termination_notice_months"),
        ({"agreement_term_years": 0}, "agreement_term_years"),
        ({"agreement_term": "forever"}, "agreement_term"),
        ({"effectiveness_analysis_due": (13, 1)}, "effectiveness_analysis_due"),
        ({"annual_note_due": (6, 31)}, "annual_note_due"),
    ],
)
def test_rules_out_of_range_are_rejected_naming_the_field(changes, field):
    with pytest.raises(InvalidValue) as error:
        DeadlineRules(**changes)
    assert error.value.field == field
