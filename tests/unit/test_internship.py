"""Internship request: submitted -> confirmed -> held | withdrawn (003 p.2.3.2)."""

from datetime import date, timedelta

import pytest

from domain.base import DeadlineMissed, InvalidTransition, InvalidValue
from domain.calendar import WorkingCalendar
from domain.internship import InternshipRequest
from domain.rules import DeadlineRules

RULES = DeadlineRules()
CALENDAR = WorkingCalendar()
#: Tuesday after the May holidays of 2025 (1-4 and 8-11 May are days off).
AFTER_MAY_HOLIDAYS = date(2025, 5, 13)
#: Thursday after National Unity Day 2025 (3-4 Nov off, Saturday 1 Nov worked).
AFTER_UNITY_DAY = date(2025, 11, 6)


class EveryDayWorked:
    """A calendar without weekends or holidays: anything with the two methods will do."""

    def is_working_day(self, d: date) -> bool:
        return True

    def add_working_days(self, d: date, n: int) -> date:
        return d + timedelta(days=n)


def submitted(meta, start: date = AFTER_MAY_HOLIDAYS, key: str = "st-2025-1"):
    request = InternshipRequest.submit(
        meta, key, "soch-10", "soch-6", "Подготовка к ОГЭ по математике", 3,
        start, start + timedelta(days=2), start - timedelta(days=30), RULES,
    )
    request.collect_events()
    return request


def confirmed(meta, start: date = AFTER_MAY_HOLIDAYS):
    request = submitted(meta, start)
    request.confirm(meta, start - timedelta(days=20))
    request.collect_events()
    return request


def test_a_request_a_week_ahead_records_schools_topic_and_teacher_count(meta):
    start = date(2025, 3, 10)
    request = InternshipRequest.submit(
        meta, "st-1", "soch-10", "soch-6", "Смысловое чтение", 4, start, date(2025, 3, 12),
        submitted_on=date(2025, 3, 3), rules=RULES,
    )
    [event] = request.collect_events()
    assert isinstance(event, InternshipRequest.Submitted)
    assert event.meta == meta
    assert (event.school, event.host_school, event.participants) == ("soch-10", "soch-6", 4)
    assert request.status == "submitted"


def test_a_request_six_days_ahead_misses_the_deadline(meta):
    with pytest.raises(DeadlineMissed):
        InternshipRequest.submit(
            meta, "st-1", "soch-10", "soch-6", "Смысловое чтение", 4, date(2025, 3, 10),
            date(2025, 3, 12), submitted_on=date(2025, 3, 4), rules=RULES,
        )


def test_a_tenant_can_ask_for_a_longer_lead_time(meta):
    with pytest.raises(DeadlineMissed):
        InternshipRequest.submit(
            meta, "st-1", "soch-10", "soch-6", "Смысловое чтение", 4, date(2025, 3, 10),
            date(2025, 3, 12), date(2025, 3, 3), DeadlineRules(internship_request_lead_days=10),
        )


@pytest.mark.parametrize(
    ("field", "participants", "end", "host"),
    [
        ("participants", 0, date(2025, 3, 12), "soch-6"),
        ("end", 3, date(2025, 3, 9), "soch-6"),
        ("host_school", 3, date(2025, 3, 12), "soch-10"),
    ],
)
def test_a_request_needs_teachers_a_coherent_period_and_another_school(
    meta, field, participants, end, host
):
    with pytest.raises(InvalidValue) as error:
        InternshipRequest.submit(
            meta, "st-1", "soch-10", host, "Смысловое чтение", participants, date(2025, 3, 10),
            end, date(2025, 3, 1), RULES,
        )
    assert error.value.field == field


def test_confirming_a_request_records_the_date(meta):
    request = submitted(meta)
    request.confirm(meta, date(2025, 4, 20))
    [event] = request.collect_events()
    assert isinstance(event, InternshipRequest.Confirmed)
    assert request.status == "confirmed" and request.confirmed_on == date(2025, 4, 20)


def test_a_request_cannot_be_confirmed_twice(meta):
    with pytest.raises(InvalidTransition):
        confirmed(meta).confirm(meta, date(2025, 4, 25))


def test_a_confirmed_internship_is_held_with_the_attendance(meta):
    request = confirmed(meta)
    request.hold(meta, date(2025, 5, 15), 2, "Проведены открытые уроки")
    [event] = request.collect_events()
    assert isinstance(event, InternshipRequest.Held)
    assert request.status == "held" and request.participants_attended == 2


def test_an_internship_must_be_confirmed_before_it_is_held(meta):
    with pytest.raises(InvalidTransition):
        submitted(meta).hold(meta, date(2025, 5, 15), 2, "итоги")


def test_an_internship_is_not_held_before_it_starts_nor_by_nobody(meta):
    with pytest.raises(InvalidValue):
        confirmed(meta).hold(meta, date(2025, 5, 12), 2, "итоги")
    with pytest.raises(InvalidValue):
        confirmed(meta).hold(meta, date(2025, 5, 15), 0, "итоги")


def test_withdrawing_exactly_three_working_days_before_the_start_is_in_time(meta):
    request = confirmed(meta)
    request.withdraw(meta, date(2025, 5, 6), "болезнь педагогов", CALENDAR, RULES)
    [event] = request.collect_events()
    assert isinstance(event, InternshipRequest.Withdrawn)
    assert request.status == "withdrawn" and request.withdrawn_on == date(2025, 5, 6)


def test_withdrawing_two_working_days_before_the_start_misses_the_deadline(meta):
    # 8-11 May are days off, so 7 May is only two working days before Tuesday 13 May.
    with pytest.raises(DeadlineMissed):
        confirmed(meta).withdraw(meta, date(2025, 5, 7), "болезнь", CALENDAR, RULES)


def test_withdrawal_counts_the_transferred_saturday_and_skips_national_unity_day(meta):
    # Before Thursday 6 Nov 2025 the working days are 5 Nov, Saturday 1 Nov, then 31 Oct.
    submitted(meta, AFTER_UNITY_DAY).withdraw(meta, date(2025, 10, 31), "отмена", CALENDAR, RULES)
    with pytest.raises(DeadlineMissed):
        submitted(meta, AFTER_UNITY_DAY).withdraw(
            meta, date(2025, 11, 1), "отмена", CALENDAR, RULES
        )
    with pytest.raises(DeadlineMissed):
        submitted(meta, AFTER_UNITY_DAY).withdraw(
            meta, date(2025, 11, 3), "отмена", CALENDAR, RULES
        )


def test_any_calendar_with_working_days_can_be_passed(meta):
    submitted(meta).withdraw(meta, date(2025, 5, 10), "отмена", EveryDayWorked(), RULES)
    with pytest.raises(DeadlineMissed):
        submitted(meta).withdraw(meta, date(2025, 5, 11), "отмена", EveryDayWorked(), RULES)


def test_a_withdrawal_is_made_in_writing_with_a_reason(meta):
    with pytest.raises(InvalidValue):
        submitted(meta).withdraw(meta, date(2025, 4, 1), " ", CALENDAR, RULES)


def test_a_withdrawn_request_cannot_be_confirmed_held_or_withdrawn_again(meta):
    request = submitted(meta)
    request.withdraw(meta, date(2025, 4, 14), "отмена", CALENDAR, RULES)
    with pytest.raises(InvalidTransition):
        request.confirm(meta, date(2025, 4, 15))
    with pytest.raises(InvalidTransition):
        request.hold(meta, date(2025, 5, 13), 3, "итоги")
    with pytest.raises(InvalidTransition):
        request.withdraw(meta, date(2025, 4, 15), "ещё раз", CALENDAR, RULES)


def test_a_withdrawal_is_not_dated_before_the_request_or_its_confirmation(meta):
    with pytest.raises(InvalidValue, match="withdrawn_on"):
        submitted(meta).withdraw(meta, date(2025, 4, 12), "отмена", CALENDAR, RULES)
    request = confirmed(meta)
    with pytest.raises(InvalidValue, match="withdrawn_on"):
        request.withdraw(meta, request.confirmed_on - timedelta(days=1), "отмена", CALENDAR, RULES)


def test_a_held_internship_cannot_be_withdrawn(meta):
    request = confirmed(meta)
    request.hold(meta, date(2025, 5, 15), 3, "итоги")
    with pytest.raises(InvalidTransition):
        request.withdraw(meta, date(2025, 4, 1), "отмена", CALENDAR, RULES)


def test_the_same_key_in_the_same_tenant_is_the_same_stream(meta):
    assert submitted(meta).id == InternshipRequest.stream_for(meta.tenant_id, "st-2025-1")
    assert InternshipRequest.stream_for("a", "k") != InternshipRequest.stream_for("b", "k")
