"""The schedule's tallies as changes by day, summed up to each date, equal due_progress on it.

The overview keeps them as a day ledger (overview.ledger, schedule.queries.due_days): a visit held
later than planned counts as held only from the day it was held, a report filed late is due but
not on time, a cancelled visit never counts.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain.report import Report
from domain.roadmap import Roadmap
from domain.schedule import DateList
from domain.visit import Visit
from services.projections.overview.ledger import changes_by_day
from services.projections.schedule.projection import ScheduleView
from services.projections.schedule.queries import due_days, due_progress
from tests.integration.projections.feed import KAYBITSY, Feed, monthly_report_duty, provenance

SCHOOL = "kaybitsy-1"


@pytest.fixture
def feed(store) -> Feed:
    return Feed(store, [ScheduleView()])


def roadmap() -> Roadmap:
    """A school's roadmap: the monthly report duty asks its school for reports."""
    plan = Roadmap.approve(
        provenance(), key="kaybitsy-1-2021", school=SCHOOL, title="Дорожная карта",
        period_start=date(2021, 3, 1), period_end=date(2021, 5, 31), approved_on=date(2021, 3, 1), basis=None)
    plan.add_item(provenance(), item="1", section="Раздел", title="Семинары",
                  schedule=DateList(dates=(date(2021, 3, 10),), label="Март"), responsible=("ОО",))
    return plan


def test_the_tallies_summed_by_day_equal_due_progress_on_every_day(store, feed):
    late = Visit.plan(provenance(), "v-1", "p-1", SCHOOL, "kaybitsy-2", "lesson", date(2021, 3, 15), "Математика")
    late.hold(provenance(), date(2021, 3, 18), "Замечания", "Рекомендации", 5)
    on_day = Visit.plan(provenance(), "v-2", "p-1", SCHOOL, "kaybitsy-2", "seminar", date(2021, 3, 20))
    on_day.hold(provenance(), date(2021, 3, 20), "Замечания", "Рекомендации", 4)
    never = Visit.plan(provenance(), "v-3", "p-1", SCHOOL, "kaybitsy-2", "seminar", date(2021, 3, 22))
    called_off = Visit.plan(provenance(), "v-4", "p-1", SCHOOL, "kaybitsy-2", "seminar", date(2021, 3, 24))
    called_off.cancel(provenance(), "карантин")
    on_time = Report.file(provenance(), SCHOOL, "monthly_roadmap", "2021-03", date(2021, 3, 28), "Отчёт")
    filed_late = Report.file(provenance(), SCHOOL, "monthly_roadmap", "2021-04", date(2021, 5, 20), "Отчёт")
    feed(monthly_report_duty(), roadmap(), late, on_day, never, called_off, on_time, filed_late)

    ledger = changes_by_day(due_days(store, [KAYBITSY.id])[KAYBITSY.id], 4)
    day, seen = date(2021, 2, 1), set()
    while day <= date(2021, 8, 1):
        p = due_progress(store, [KAYBITSY.id], day)[KAYBITSY.id]
        expected = (p.reports_due, p.reports_on_time, p.visits_planned, p.visits_held)
        assert ledger.at(day.isoformat()) == expected, day
        seen.add(expected)
        day += timedelta(days=1)
    # Between the late visit's planned and held days it is planned, not held.
    assert ledger.at("2021-03-16")[2:] == (1, 0) and ledger.at("2021-03-18")[2:] == (1, 1)
    assert len(seen) > 5
