"""Production calendar: the library's Russian calendar corrected by yearly override data."""

import json
import threading
from datetime import date
from pathlib import Path

import pytest

from domain.base import InvalidValue
from domain.calendar import WorkingCalendar, YearOverride, parse_overrides

CALENDAR = WorkingCalendar()


def test_the_transferred_saturday_1_november_2025_is_a_working_day():
    assert date(2025, 11, 1).weekday() == 5
    assert CALENDAR.is_working_day(date(2025, 11, 1))


def test_monday_3_november_2025_is_a_day_off_transferred_from_that_saturday():
    assert not CALENDAR.is_working_day(date(2025, 11, 3))


def test_4_november_unity_day_is_a_holiday():
    assert CALENDAR.is_day_off(date(2025, 11, 4))
    assert CALENDAR.is_day_off(date(2026, 11, 4))


def test_ordinary_weekdays_are_worked_and_weekends_are_not():
    assert CALENDAR.is_working_day(date(2025, 3, 12))
    assert not CALENDAR.is_working_day(date(2025, 3, 15))
    assert not CALENDAR.is_working_day(date(2025, 3, 16))


def test_an_override_makes_a_library_working_day_a_day_off():
    given = WorkingCalendar({"2025": {"days_off": ["2025-11-05"]}})
    assert CALENDAR.is_working_day(date(2025, 11, 5))
    assert not given.is_working_day(date(2025, 11, 5))


def test_an_override_makes_a_library_day_off_a_working_day():
    given = WorkingCalendar({"2025": {"working_days": ["2025-11-03", "2025-11-08"]}})
    assert given.is_working_day(date(2025, 11, 3))
    assert given.is_working_day(date(2025, 11, 8))


def test_an_override_changes_only_the_dates_it_lists():
    given = WorkingCalendar({"2025": {"days_off": ["2025-11-05"]}})
    assert given.is_working_day(date(2025, 11, 1))
    assert not given.is_working_day(date(2025, 11, 4))


def test_adding_working_days_skips_the_november_2025_holidays():
    # Fri 31.10 -> Sat 1.11 (worked) -> 3, 4 off -> Wed 5.11.
    assert CALENDAR.add_working_days(date(2025, 10, 31), 1) == date(2025, 11, 1)
    assert CALENDAR.add_working_days(date(2025, 10, 31), 2) == date(2025, 11, 5)


def test_three_working_days_before_a_monday_is_the_previous_wednesday():
    assert CALENDAR.add_working_days(date(2025, 3, 17), -3) == date(2025, 3, 12)


def test_subtracting_working_days_skips_holidays():
    # Thu 6.11.2025 minus 2: Wed 5.11, then 4 and 3 off, Sat 1.11 worked.
    assert CALENDAR.add_working_days(date(2025, 11, 6), -2) == date(2025, 11, 1)


def test_adding_zero_working_days_keeps_the_date():
    assert CALENDAR.add_working_days(date(2025, 11, 4), 0) == date(2025, 11, 4)


def test_working_days_between_counts_the_start_but_not_the_end():
    assert CALENDAR.working_days_between(date(2025, 3, 10), date(2025, 3, 17)) == 5
    assert CALENDAR.working_days_between(date(2025, 3, 17), date(2025, 3, 10)) == -5
    assert CALENDAR.working_days_between(date(2025, 3, 10), date(2025, 3, 10)) == 0


def test_working_days_between_agrees_with_adding_working_days():
    start = date(2025, 10, 27)
    for n in range(-30, 31):
        target = CALENDAR.add_working_days(start, n)
        assert CALENDAR.working_days_between(start, target) == n


def test_a_whole_year_2025_has_247_working_days():
    assert CALENDAR.working_days_between(date(2025, 1, 1), date(2026, 1, 1)) == 247


def test_the_last_working_day_on_or_before_a_holiday_is_the_day_before_the_break():
    assert CALENDAR.last_working_day_on_or_before(date(2025, 11, 4)) == date(2025, 11, 1)
    assert CALENDAR.last_working_day_on_or_before(date(2025, 11, 5)) == date(2025, 11, 5)
    assert CALENDAR.last_working_day_on_or_before(date(2025, 1, 8)) == date(2024, 12, 28)


def test_the_next_working_day_after_the_new_year_break_is_9_january_2025():
    assert CALENDAR.next_working_day_on_or_after(date(2025, 1, 1)) == date(2025, 1, 9)


def test_parsing_overrides_returns_sorted_dates_keyed_by_year():
    parsed = parse_overrides(
        {"2027": {"days_off": ["2027-05-10", "2027-01-08"], "source": "Постановление"}}
    )
    assert parsed == {
        2027: YearOverride(days_off=(date(2027, 1, 8), date(2027, 5, 10)), source="Постановление")
    }


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ([], "calendar_overrides"),
        ({"27": {}}, "calendar_overrides"),
        ({"2027": []}, "calendar_overrides.2027"),
        ({"2027": {"holidays": []}}, "calendar_overrides.2027"),
        ({"2027": {"days_off": "2027-01-08"}}, "calendar_overrides.2027.days_off"),
        ({"2027": {"days_off": ["08.01.2027"]}}, "calendar_overrides.2027.days_off[0]"),
        ({"2027": {"days_off": ["2027-02-30"]}}, "calendar_overrides.2027.days_off[0]"),
        ({"2027": {"working_days": ["2026-11-06"]}}, "calendar_overrides.2027.working_days[0]"),
        (
            {"2027": {"days_off": ["2027-01-08", "2027-01-08"]}},
            "calendar_overrides.2027.days_off[1]",
        ),
        (
            {"2027": {"days_off": ["2027-11-06"], "working_days": ["2027-11-06"]}},
            "calendar_overrides.2027",
        ),
        ({"2027": {"source": 1}}, "calendar_overrides.2027.source"),
    ],
)
def test_a_malformed_override_table_is_rejected_naming_the_bad_field(data, field):
    with pytest.raises(InvalidValue) as error:
        parse_overrides(data)
    assert error.value.field == field


def test_a_calendar_refuses_a_malformed_override_table():
    with pytest.raises(InvalidValue):
        WorkingCalendar({"2027": {"days_off": ["tomorrow"]}})


def test_the_shipped_override_file_is_valid():
    path = Path(__file__).parents[2] / "domain" / "data" / "calendar_overrides.json"
    WorkingCalendar(json.loads(path.read_text(encoding="utf-8")))


def test_concurrent_readers_see_the_same_answers():
    calendar = WorkingCalendar()
    results: list[bool] = []

    def read() -> None:
        results.append(calendar.is_working_day(date(2025, 11, 1)))

    threads = [threading.Thread(target=read) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [True] * 16
