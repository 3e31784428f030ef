"""Occurrences of a roadmap item (W7): keys, records, statuses from effective dates."""

from datetime import date

from domain.occurrence import Evidence, OccurrenceRecord, item_occurrences
from domain.schedule import DateList, OpenEnded, Yearly
from domain.status import occurrence_status

START, END = date(2021, 1, 1), date(2022, 12, 31)
NOTE = (Evidence("note", "Протокол"),)


def test_w7_each_occurrence_is_keyed_by_its_planned_date():
    found = item_occurrences(Yearly(9, 10, 2021, 2022), START, END, {})
    assert [(o.key, o.window_start) for o in found] == [
        ("2021-10-31", date(2021, 9, 1)), ("2022-10-31", date(2022, 9, 1))]


def test_w7_an_open_ended_item_is_due_at_the_end_of_its_period():
    assert [o.due for o in item_occurrences(OpenEnded(), START, END, {})] == [END]
    assert [o.due for o in item_occurrences(OpenEnded(end=date(2021, 5, 31)), START, END, {})] == [
        date(2021, 5, 31)]


def test_w7_a_record_concerns_its_occurrence_only_and_a_move_keeps_the_key():
    dates = DateList((date(2021, 4, 22), date(2021, 5, 19)))
    records = {"2021-05-19": OccurrenceRecord("2021-05-19", moved_to=date(2021, 6, 2), reason="перенос")}
    first, second = item_occurrences(dates, START, END, records)
    assert (first.due, first.moved, first.is_open) == (date(2021, 4, 22), False, True)
    assert (second.key, second.due, second.moved) == ("2021-05-19", date(2021, 6, 2), True)


def test_w7_an_old_whole_item_completion_stands_for_every_occurrence_without_a_record():
    dates = DateList((date(2021, 4, 22), date(2021, 5, 19)))
    records = {"2021-04-22": OccurrenceRecord("2021-04-22", done_on=date(2021, 4, 22), evidence=NOTE)}
    found = item_occurrences(dates, START, END, records, date(2021, 5, 30), NOTE)
    assert [o.done_on for o in found] == [date(2021, 4, 22), date(2021, 5, 30)]


def test_w7_occurrence_statuses_are_judged_from_effective_dates():
    due = date(2021, 4, 22)
    assert occurrence_status(due, date(2021, 4, 22), None, date(2021, 5, 1)) == "on_time"
    assert occurrence_status(due, date(2021, 4, 25), None, date(2021, 5, 1)) == "late"
    assert occurrence_status(due, date(2021, 4, 25), None, date(2021, 4, 24)) == "missed"
    assert occurrence_status(due, None, None, date(2021, 4, 1)) == "pending"
    assert occurrence_status(due, None, date(2021, 4, 1), date(2021, 4, 2)) == "cancelled"
    assert occurrence_status(due, None, date(2021, 4, 10), date(2021, 4, 2)) == "pending"
    assert occurrence_status(due, None, None, date(2021, 4, 2), moved=True) == "rescheduled"
    assert occurrence_status(due, None, None, date(2021, 5, 2), exited_on=date(2021, 3, 1)) == "closed_by_exit"
