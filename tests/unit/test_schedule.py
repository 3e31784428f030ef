"""Schedule forms of the roadmaps expanded into concrete due dates (000 appendix 3)."""

from datetime import date

import pytest

from domain.base import InvalidValue
from domain.schedule import (
    DateList,
    Deadline,
    Monthly,
    Occurrence,
    OpenEnded,
    SeparateSchedule,
    Window,
    Yearly,
    add_months,
    due_dates,
    final_due,
    first_due,
    validate_schedule,
)

YEAR_2021 = (date(2021, 1, 1), date(2021, 12, 31))
LESSON_VISITS = DateList(
    dates=(
        date(2021, 4, 22),
        date(2021, 5, 19),
        date(2021, 9, 15),
        date(2021, 10, 13),
        date(2021, 11, 17),
    ),
    label="22.04.2021 19.05.2021 15.09.2021 13.10.2021 17.11.2021",
)


def test_a_deadline_is_due_on_its_date():
    schedule = Deadline(due=date(2021, 2, 15), label="До 15.02.2021")
    assert due_dates(schedule, *YEAR_2021) == [Occurrence(date(2021, 2, 15), None, 0)]


def test_a_deadline_outside_the_range_yields_nothing():
    schedule = Deadline(due=date(2021, 2, 15))
    assert due_dates(schedule, date(2021, 3, 1), date(2021, 12, 31)) == []


def test_a_window_is_due_at_its_end_and_carries_its_start():
    schedule = Window(start=date(2021, 10, 1), end=date(2021, 11, 30), label="октябрь-ноябрь 2021")
    assert due_dates(schedule, *YEAR_2021) == [
        Occurrence(due=date(2021, 11, 30), window_start=date(2021, 10, 1), index=0)
    ]


def test_a_date_list_yields_each_date_in_range_with_its_position_in_the_list():
    found = due_dates(LESSON_VISITS, date(2021, 9, 1), date(2021, 12, 31))
    assert [(o.due, o.index) for o in found] == [
        (date(2021, 9, 15), 2),
        (date(2021, 10, 13), 3),
        (date(2021, 11, 17), 4),
    ]


def test_a_yearly_schedule_yields_one_window_per_year_up_to_the_range_end():
    schedule = Yearly(start_month=8, end_month=8, first_year=2021, label="ежегодно (август)")
    assert due_dates(schedule, date(2021, 1, 1), date(2023, 12, 31)) == [
        Occurrence(date(2021, 8, 31), date(2021, 8, 1), 0),
        Occurrence(date(2022, 8, 31), date(2022, 8, 1), 1),
        Occurrence(date(2023, 8, 31), date(2023, 8, 1), 2),
    ]


def test_a_yearly_schedule_stops_at_its_last_year():
    schedule = Yearly(start_month=9, end_month=10, first_year=2021, last_year=2022)
    found = due_dates(schedule, date(2020, 1, 1), date(2030, 12, 31))
    assert [(o.window_start, o.due) for o in found] == [
        (date(2021, 9, 1), date(2021, 10, 31)),
        (date(2022, 9, 1), date(2022, 10, 31)),
    ]


def test_monthly_reports_by_the_28th_over_2021_are_twelve():
    schedule = Monthly(day=28, start=date(2021, 1, 1), label="ежемесячно в срок до 28 числа")
    found = due_dates(schedule, *YEAR_2021)
    assert len(found) == 12
    assert found[0] == Occurrence(date(2021, 1, 28), None, 0)
    assert found[1].due == date(2021, 2, 28)
    assert found[-1] == Occurrence(date(2021, 12, 28), None, 11)


def test_a_monthly_day_31_falls_on_the_last_day_of_february():
    schedule = Monthly(day=31, start=date(2021, 1, 1), end=date(2024, 12, 31))
    february = date(2021, 2, 1), date(2021, 2, 28)
    leap_february = date(2024, 2, 1), date(2024, 2, 29)
    assert [o.due for o in due_dates(schedule, *february)] == [date(2021, 2, 28)]
    assert [o.due for o in due_dates(schedule, *leap_february)] == [date(2024, 2, 29)]
    assert [o.due for o in due_dates(schedule, date(2021, 4, 1), date(2021, 4, 30))] == [
        date(2021, 4, 30)
    ]


def test_a_monthly_schedule_starting_after_the_day_begins_next_month():
    schedule = Monthly(day=28, start=date(2021, 2, 11), end=date(2021, 5, 31))
    found = due_dates(schedule, *YEAR_2021)
    assert [(o.due, o.index) for o in found] == [
        (date(2021, 2, 28), 0),
        (date(2021, 3, 28), 1),
        (date(2021, 4, 28), 2),
        (date(2021, 5, 28), 3),
    ]
    later_start = Monthly(day=10, start=date(2021, 2, 11), end=date(2021, 4, 30))
    assert [o.due for o in due_dates(later_start, *YEAR_2021)] == [
        date(2021, 3, 10),
        date(2021, 4, 10),
    ]


def test_monthly_indexes_are_stable_whatever_the_range():
    schedule = Monthly(day=28, start=date(2021, 1, 1))
    [june] = due_dates(schedule, date(2021, 6, 1), date(2021, 6, 30))
    assert june == Occurrence(date(2021, 6, 28), None, 5)


@pytest.mark.parametrize(
    "schedule",
    [
        OpenEnded(label="В течение года"),
        OpenEnded(start=date(2021, 1, 1), end=date(2021, 12, 31)),
        SeparateSchedule(reference="По графику ОО"),
    ],
)
def test_open_ended_and_separately_scheduled_items_have_no_due_dates(schedule):
    assert due_dates(schedule, *YEAR_2021) == []
    assert first_due(schedule) is None
    assert final_due(schedule) is None


def test_a_range_ending_before_it_starts_is_rejected():
    with pytest.raises(InvalidValue) as error:
        due_dates(Deadline(due=date(2021, 2, 15)), date(2021, 12, 31), date(2021, 1, 1))
    assert error.value.field == "end"


@pytest.mark.parametrize(
    ("schedule", "field"),
    [
        (Window(start=date(2021, 11, 30), end=date(2021, 10, 1)), "end"),
        (DateList(dates=()), "dates"),
        (DateList(dates=(date(2021, 5, 19), date(2021, 4, 22))), "dates"),
        (DateList(dates=(date(2021, 4, 22), date(2021, 4, 22))), "dates"),
        (Yearly(start_month=10, end_month=9, first_year=2021), "end_month"),
        (Yearly(start_month=13, end_month=13, first_year=2021), "start_month"),
        (Yearly(start_month=9, end_month=10, first_year=2022, last_year=2021), "last_year"),
        (Monthly(day=28, start=date(2021, 3, 1), end=date(2021, 2, 1)), "end"),
        (Monthly(day=0, start=date(2021, 3, 1)), "day"),
        (OpenEnded(start=date(2021, 3, 1), end=date(2021, 2, 1)), "end"),
        (SeparateSchedule(reference=" "), "reference"),
    ],
)
def test_an_inconsistent_schedule_is_rejected_naming_the_field(schedule, field):
    with pytest.raises(InvalidValue) as error:
        validate_schedule(schedule)
    assert error.value.field == field


def test_a_consistent_schedule_passes_validation_unchanged():
    assert validate_schedule(LESSON_VISITS) is LESSON_VISITS


def test_first_and_final_due_of_bounded_schedules():
    assert (first_due(LESSON_VISITS), final_due(LESSON_VISITS)) == (
        date(2021, 4, 22),
        date(2021, 11, 17),
    )
    window = Window(start=date(2021, 6, 9), end=date(2021, 6, 11))
    assert first_due(window) == final_due(window) == date(2021, 6, 11)
    yearly = Yearly(start_month=9, end_month=10, first_year=2021, last_year=2023)
    assert (first_due(yearly), final_due(yearly)) == (date(2021, 10, 31), date(2023, 10, 31))


def test_a_monthly_schedule_is_finally_due_on_its_last_day_not_its_end():
    schedule = Monthly(day=28, start=date(2021, 1, 1), end=date(2021, 12, 31))
    assert (first_due(schedule), final_due(schedule)) == (date(2021, 1, 28), date(2021, 12, 28))


def test_unbounded_recurrences_have_a_first_but_no_final_due_date():
    assert first_due(Monthly(day=28, start=date(2021, 2, 11))) == date(2021, 2, 28)
    assert final_due(Monthly(day=28, start=date(2021, 2, 11))) is None
    assert first_due(Yearly(start_month=8, end_month=8, first_year=2021)) == date(2021, 8, 31)
    assert final_due(Yearly(start_month=8, end_month=8, first_year=2021)) is None


def test_a_monthly_period_too_short_for_its_day_has_no_due_date():
    schedule = Monthly(day=28, start=date(2021, 2, 1), end=date(2021, 2, 20))
    assert due_dates(schedule, *YEAR_2021) == []
    assert first_due(schedule) is None and final_due(schedule) is None


def test_adding_months_clamps_to_the_end_of_a_shorter_month():
    assert add_months(date(2021, 12, 31), 2) == date(2022, 2, 28)
    assert add_months(date(2023, 12, 31), 2) == date(2024, 2, 29)
    assert add_months(date(2021, 3, 31), -1) == date(2021, 2, 28)
    assert add_months(date(2021, 11, 15), 2) == date(2022, 1, 15)
