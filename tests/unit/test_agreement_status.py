"""The agreement's status on a day as the registers show it (003 §3.1-3.3, issue 11: 60 days)."""

from __future__ import annotations

from datetime import date

import pytest

from domain.agreement import EXPIRY_WARNING_DAYS, agreement_status

SIGNED, TERM = date(2019, 5, 6), date(2019, 12, 31)


@pytest.mark.parametrize(
    ("concluded_on", "term_until", "ended_on", "day", "expected"),
    [
        (None, None, None, date(2019, 6, 1), "none"),
        (SIGNED, TERM, None, date(2019, 5, 5), "none"),
        (SIGNED, TERM, None, SIGNED, "in_force"),
        (SIGNED, TERM, None, date(2019, 10, 31), "in_force"),
        (SIGNED, TERM, None, date(2019, 11, 1), "expiring"),
        (SIGNED, TERM, None, TERM, "expiring"),
        (SIGNED, TERM, None, date(2020, 1, 1), "expired"),
        (SIGNED, TERM, date(2019, 9, 1), date(2019, 8, 31), "in_force"),
        (SIGNED, TERM, date(2019, 9, 1), date(2019, 9, 1), "ended"),
        (SIGNED, TERM, date(2019, 9, 1), date(2020, 2, 1), "ended"),
    ],
)
def test_003_3_agreement_status_in_force_expiring_within_60_days_expired_or_ended(
    concluded_on, term_until, ended_on, day, expected
):
    assert EXPIRY_WARNING_DAYS == 60
    assert agreement_status(concluded_on, term_until, ended_on, day) == expected
