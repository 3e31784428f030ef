"""Derived statuses and periods: the judgement every view and page shares."""

from __future__ import annotations

from datetime import date

import pytest

from domain.period import period_of
from domain.status import informational_status, is_done_by, is_on_time, obligation_status

DUE = date(2021, 3, 28)


@pytest.mark.parametrize(
    ("done_on", "cancelled", "as_of", "expected"),
    [
        (date(2021, 3, 28), False, date(2021, 5, 1), "on_time"),
        (date(2021, 3, 29), False, date(2021, 5, 1), "late"),
        (None, False, date(2021, 3, 28), "due"),
        (None, False, date(2021, 3, 29), "missed"),
        (None, True, date(2021, 3, 29), "cancelled"),
    ],
)
def test_an_obligation_is_on_time_late_missed_due_or_cancelled(done_on, cancelled, as_of, expected):
    assert obligation_status(DUE, done_on, cancelled, as_of) == expected


def test_an_informational_date_is_done_passed_due_or_cancelled():
    assert informational_status(DUE, date(2021, 4, 2), False, date(2021, 3, 1)) == "done"
    assert informational_status(DUE, None, False, date(2021, 3, 29)) == "passed"
    assert informational_status(DUE, None, False, DUE) == "due"
    assert informational_status(DUE, None, True, date(2021, 3, 29)) == "cancelled"


def test_on_time_needs_a_date_done_by_the_due_date():
    assert is_on_time(DUE, DUE) and not is_on_time(DUE, None)
    assert is_done_by(DUE, DUE) and not is_done_by(date(2021, 3, 29), DUE) and not is_done_by(None, DUE)


@pytest.mark.parametrize(
    ("text", "shape", "start", "end"),
    [
        ("2021", "year", date(2021, 1, 1), date(2021, 12, 31)),
        ("2021-Q1", "quarter", date(2021, 1, 1), date(2021, 3, 31)),
        ("2021-02", "month", date(2021, 2, 1), date(2021, 2, 28)),
        ("2021/2022", "school_year", date(2021, 9, 1), date(2022, 8, 31)),
    ],
)
def test_a_period_names_its_first_and_last_day(text, shape, start, end):
    period = period_of(text)
    assert period is not None and (period.shape, period.start, period.end) == (shape, start, end)


def test_a_text_of_no_shape_is_no_period_and_a_school_year_spans_two_years():
    assert period_of("2021-13") is None and period_of("21") is None and period_of("2021-Q5") is None
    assert period_of("0000") is None and period_of("0000-01") is None
    assert not period_of("2021/2023").spans_one_school_year
