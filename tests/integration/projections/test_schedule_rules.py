"""The schedule's deadline rows follow the tenant's deadline rules in force on the event's date
(domain.md, Deadline rules; 003 p.2.3.2, §3.3): a change applies to events after its date."""

from __future__ import annotations

from datetime import date

import pytest

from domain.deadline_rules import TenantRules
from domain.duty import DutyOrder
from domain.internship import InternshipRequest
from domain.rules import DeadlineRules
from services.projections.schedule.projection import ScheduleView
from services.projections.schedule.queries import monitoring_calendar
from tests.integration.projections.feed import KAYBITSY, Feed, provenance

ORDER = DutyOrder("45", date(2021, 5, 20), "п. 2.3.2")
START = date(2021, 6, 21)


@pytest.fixture
def view() -> ScheduleView:
    return ScheduleView()


def internship(key: str, submitted_on: date) -> InternshipRequest:
    return InternshipRequest.submit(provenance(), key, "k-1", "k-2", "ОГЭ", 2, START, START,
                                    submitted_on, DeadlineRules())


def withdrawal_limits(store) -> dict[str, date]:
    answer = monitoring_calendar(store, KAYBITSY.id, date(2021, 1, 1), date(2021, 12, 31), None,
                                 "internship_withdrawal", date(2021, 5, 1))
    return {row.ref: row.due_on for row in answer.rows}


def test_the_withdrawal_limit_row_follows_the_tenants_withdrawal_working_days(store, view):
    rules = TenantRules.open(provenance())
    rules.change(provenance(), {"internship_withdrawal_working_days": 5}, date(2021, 6, 1), ORDER)
    Feed(store, [view])(rules, internship("before", date(2021, 5, 20)),
                        internship("after", date(2021, 6, 2)))
    calendar = view.calendars.for_region(KAYBITSY.region_id)
    limits = withdrawal_limits(store)
    assert limits["after"] == calendar.add_working_days(START, -5)
    # Requested before the rule's effective date: the rule then in force (3 working days).
    assert limits["before"] == calendar.add_working_days(START, -3)


def test_without_a_change_the_documents_three_working_days_apply(store, view):
    Feed(store, [view])(internship("after", date(2021, 6, 2)))
    calendar = view.calendars.for_region(KAYBITSY.region_id)
    assert withdrawal_limits(store)["after"] == calendar.add_working_days(START, -3)
