"""Reporting duties fed as events: only the tenant's own duties in force owe reports (W1, W5)."""

from __future__ import annotations

from datetime import date

import pytest

from domain.duty import DueRule, DutyOrder, DutyTerms, ReportingDuty
from domain.report import Report
from domain.roadmap import Roadmap
from domain.schedule import Deadline
from domain.school import BasisDocument, School
from services.projections.roadmaps.projection import RoadmapView
from services.projections.roadmaps.queries import roadmap_status
from services.projections.schedule.projection import ScheduleView
from services.projections.schedule.queries import due_progress, monitoring_calendar
from tests.integration.projections.feed import KAYBITSY, Feed, monthly_report_duty, provenance

SCHOOL = "kaybitsy-1"
BASIS = BasisDocument(number="20/2", issued_on=date(2021, 2, 11))
LATER_ORDER = DutyOrder(number="41", issued_on=date(2021, 5, 20), clause="п. 1")


@pytest.fixture
def feed(store) -> Feed:
    return Feed(store, [ScheduleView()])


def roadmap(school: str = SCHOOL) -> Roadmap:
    plan = Roadmap.approve(
        provenance(), key=f"{school}-2021", school=school, title="Дорожная карта",
        period_start=date(2021, 3, 1), period_end=date(2021, 8, 31), approved_on=date(2021, 3, 1),
        basis=None,
    )
    plan.add_item(provenance(), item="1", section="Раздел", title="Семинар",
                  schedule=Deadline(due=date(2021, 7, 15)), responsible=("ОО",))
    return plan


def rows(store, kind: str | None = None, as_of: date = date(2021, 12, 31)):
    answer = monitoring_calendar(store, KAYBITSY.id, date(2021, 1, 1), date(2022, 12, 31), None, kind, as_of)
    return answer.rows


def monthly(store) -> list[tuple[str, date]]:
    return [(r.id.rsplit(":", 1)[1], r.due_on) for r in rows(store, "monthly_report")]


def test_w1_a_tenant_without_a_duty_owes_no_monthly_report(store, feed):
    feed(roadmap())
    assert rows(store, "monthly_report") == []
    assert rows(store, "effectiveness_analysis") == []
    progress = due_progress(store, [KAYBITSY.id], date(2021, 12, 31))[KAYBITSY.id]
    assert (progress.reports_on_time, progress.reports_due) == (0, 0)


def test_w1_a_report_filed_though_no_duty_asks_for_it_is_shown_but_not_owed(store, feed):
    report = Report.file(provenance(), SCHOOL, "monthly_roadmap", "2021-03", date(2021, 4, 10), "Отчёт")
    feed(roadmap(), report)
    [row] = rows(store, "monthly_report")
    assert (row.obligation, row.status) == (False, "done")
    assert due_progress(store, [KAYBITSY.id], date(2021, 12, 31))[KAYBITSY.id].reports_due == 0


def test_000_p2_2_kaibitsy_owes_monthly_reports_by_the_28th(store, feed):
    feed(monthly_report_duty(), roadmap())
    assert monthly(store) == [(f"2021-0{m}", date(2021, m, 28)) for m in range(3, 9)]
    [row] = rows(store, "monthly_report", as_of=date(2021, 3, 29))[:1]
    assert row.status == "missed" and "отдел образования" in row.title


def test_a_duty_adopted_after_the_roadmap_owes_from_its_own_date(store, feed):
    feed(roadmap(), monthly_report_duty(effective_from=date(2021, 6, 1)))
    assert [period for period, _ in monthly(store)] == ["2021-06", "2021-07", "2021-08"]


def test_a_duty_lapsing_stops_obligations_from_its_date(store, feed):
    duty = monthly_report_duty()
    feed(duty, roadmap())
    duty.lapse(provenance(), date(2021, 6, 1), LATER_ORDER)
    feed(duty)
    assert [period for period, _ in monthly(store)] == ["2021-03", "2021-04", "2021-05"]


def test_a_lapsed_duty_keeps_a_filed_report_as_a_filing_not_an_obligation(store, feed):
    duty = monthly_report_duty()
    report = Report.file(provenance(), SCHOOL, "monthly_roadmap", "2021-07", date(2021, 7, 20), "Отчёт")
    feed(duty, roadmap(), report)
    duty.lapse(provenance(), date(2021, 6, 1), LATER_ORDER)
    feed(duty)
    july = next(r for r in rows(store, "monthly_report") if r.id.endswith("2021-07"))
    assert (july.obligation, july.status) == (False, "done")


def test_an_amended_due_day_applies_from_its_effective_date_only(store, feed):
    duty = monthly_report_duty()
    feed(duty, roadmap())
    duty.amend(provenance(), DutyTerms(
        report_kind="monthly_roadmap", title="Отчёт об исполнении дорожной карты",
        obligor="roadmap_schools", due=DueRule(form="monthly", day=20),
        addressee="отдел образования"), date(2021, 6, 1), LATER_ORDER)
    feed(duty)
    assert monthly(store) == [
        ("2021-03", date(2021, 3, 28)), ("2021-04", date(2021, 4, 28)), ("2021-05", date(2021, 5, 28)),
        ("2021-06", date(2021, 6, 20)), ("2021-07", date(2021, 7, 20)), ("2021-08", date(2021, 8, 20)),
    ]


def network_centre(code: str, identified: bool = False) -> School:
    school = School.register(provenance(), code, f"Школа {code}")
    if identified:
        school.identify(provenance(), ("low_results",), 2021, BASIS)
    else:
        school.designate(provenance(), "network_centre", BASIS)
    return school


def test_002_s4_3_network_centres_owe_the_annual_analytic_note_at_the_end_of_the_school_year(store, feed):
    duty = ReportingDuty.adopt(
        provenance(), "annual-note",
        DutyTerms(report_kind="annual_analytic_note", title="Информационно-аналитическая справка",
                  obligor="network_centres", due=DueRule(form="school_year_end", day=30, month=6),
                  addressee="отдел образования"),
        date(2020, 9, 2), DutyOrder(number="308-од", issued_on=date(2020, 9, 2), clause="§4.3"),
        effective_until=date(2022, 8, 31),
    )
    feed(network_centre("centre-1"), network_centre("weak-1", identified=True), duty)
    notes = [(r.school, r.id.rsplit(":", 1)[1], r.due_on, r.status)
             for r in rows(store, "annual_analytic_note", as_of=date(2021, 7, 1))]
    assert notes == [
        ("centre-1", "2020/2021", date(2021, 6, 30), "missed"),
        ("centre-1", "2021/2022", date(2022, 6, 30), "due"),
    ]
    later = network_centre("centre-2")
    feed(later)
    assert {r.school for r in rows(store, "annual_analytic_note")} == {"centre-1", "centre-2"}


def test_w5_exit_closes_pending_obligations(store, feed):
    school = School.register(provenance(), SCHOOL, "Школа 1")
    school.identify(provenance(), ("low_results",), 2021, BASIS)
    feed(school, monthly_report_duty(), roadmap())
    school.exit_programme(provenance(), date(2021, 5, 31), "Переход в эффективный режим")
    feed(school)
    statuses = {r.id.rsplit(":", 1)[1]: r.status for r in rows(store, "monthly_report")}
    assert statuses == {"2021-03": "missed", "2021-04": "missed", "2021-05": "missed",
                        "2021-06": "closed_by_exit", "2021-07": "closed_by_exit",
                        "2021-08": "closed_by_exit"}
    [item] = rows(store, "roadmap_item")
    assert item.status == "closed_by_exit"
    progress = due_progress(store, [KAYBITSY.id], date(2021, 12, 31))[KAYBITSY.id]
    assert progress.reports_due == 3
    answer = monitoring_calendar(store, KAYBITSY.id, date(2021, 1, 1), date(2021, 12, 31), None, None,
                                 date(2021, 12, 31))
    assert (answer.municipality.missed, answer.municipality.closed_by_exit) == (3, 4)


def test_w5_the_roadmap_view_shows_open_items_due_after_the_exit_as_closed_not_overdue(store):
    feed = Feed(store, [ScheduleView(), RoadmapView()])
    school = School.register(provenance(), SCHOOL, "Школа 1")
    school.identify(provenance(), ("low_results",), 2021, BASIS)
    plan = roadmap()
    plan.add_item(provenance(), item="2", section="Раздел", title="До выхода",
                  schedule=Deadline(due=date(2021, 4, 15)), responsible=("ОО",))
    feed(school, plan)
    school.exit_programme(provenance(), date(2021, 5, 31), "Переход в эффективный режим")
    feed(school)
    answer = roadmap_status(store, KAYBITSY.id, None, date(2021, 12, 31))
    items = {item.item: (item.overdue, item.closed_by_exit) for item in answer.roadmaps[0].items}
    assert items == {"1": (False, True), "2": (True, False)}
    assert (answer.totals.overdue, answer.totals.closed_by_exit) == (1, 1)
