"""The schedule model fed with events: rows per obligation, statuses judged for a date, rates."""

from __future__ import annotations

from datetime import date

import pytest

from domain.occurrence import RoadmapLink
from domain.partnership import Partnership, Person
from domain.report import Report
from domain.roadmap import Evidence, Roadmap
from domain.rules import DeadlineRules
from domain.schedule import DateList
from domain.school import BasisDocument, School
from domain.visit import Visit
from services.projections.schedule.projection import ScheduleView
from services.projections.schedule.queries import due_progress, monitoring_calendar
from tests.integration.projections.feed import KAYBITSY, Feed, monthly_report_duty, provenance

SCHOOL = "kaybitsy-1"
BASIS = BasisDocument(number="20/2", issued_on=date(2021, 2, 11), title="Приказ")


@pytest.fixture
def feed(store) -> Feed:
    return Feed(store, [ScheduleView()])


def roadmap() -> Roadmap:
    plan = Roadmap.approve(
        provenance(), key="kaybitsy-1-2021", school=SCHOOL, title="Дорожная карта",
        period_start=date(2021, 3, 1), period_end=date(2021, 5, 31), approved_on=date(2021, 3, 1),
        basis=None,
    )
    plan.add_item(provenance(), item="1", section="Раздел", title="Семинары",
                  schedule=DateList(dates=(date(2021, 3, 10), date(2021, 4, 10)), label="Март и апрель"),
                  responsible=("ОО",))
    return plan


def calendar(store, as_of: date, kind: str | None = None):
    return monitoring_calendar(store, KAYBITSY.id, date(2021, 1, 1), date(2021, 12, 31), None, kind, as_of)


def test_a_roadmap_owes_a_report_each_month_and_its_items_occurrences(store, feed):
    feed(monthly_report_duty(), roadmap())
    answer = calendar(store, date(2021, 4, 1))
    reports = [(r.id, r.due_on, r.status) for r in answer.rows if r.kind == "monthly_report"]
    assert reports == [
        (f"report:monthly_roadmap:{SCHOOL}:2021-03", date(2021, 3, 28), "missed"),
        (f"report:monthly_roadmap:{SCHOOL}:2021-04", date(2021, 4, 28), "due"),
        (f"report:monthly_roadmap:{SCHOOL}:2021-05", date(2021, 5, 28), "due"),
    ]
    items = [(r.due_on, r.status) for r in answer.rows if r.kind == "roadmap_item"]
    assert items == [(date(2021, 3, 10), "missed"), (date(2021, 4, 10), "due")]


def test_w7_an_old_item_completed_event_keeps_its_meaning_on_replay(store, feed):
    """A stored ItemCompleted of a multi-date item (before occurrences) still closes every occurrence."""
    plan = roadmap()
    plan._item_completed(meta=provenance(), item="1", completed_on=date(2021, 4, 5),
                         evidence=(Evidence(kind="note", reference="Проведены"),))
    feed(plan)
    rows = calendar(store, date(2021, 6, 1), "roadmap_item").rows
    assert [(r.due_on, r.done_on, r.status) for r in rows] == [
        (date(2021, 3, 10), date(2021, 4, 5), "late"),
        (date(2021, 4, 10), date(2021, 4, 5), "on_time"),
    ]


def test_w7_each_occurrence_is_a_row_done_on_its_own_date(store, feed):
    plan = roadmap()
    plan.complete_occurrence(provenance(), "1", "2021-03-10", date(2021, 3, 10),
                             (Evidence(kind="note", reference="Протокол 1"),))
    feed(plan)
    rows = {r.id: r for r in calendar(store, date(2021, 4, 1), "roadmap_item").rows}
    first, second = rows["roadmap:kaybitsy-1-2021:1:2021-03-10"], rows["roadmap:kaybitsy-1-2021:1:2021-04-10"]
    assert (first.status, first.done_on, first.evidence[0].reference) == ("on_time", date(2021, 3, 10), "Протокол 1")
    assert (second.status, second.done_on) == ("due", None)
    plan.reschedule_occurrence(provenance(), "1", "2021-04-10", date(2021, 5, 20), "перенос")
    feed(plan)
    moved = {r.id: r for r in calendar(store, date(2021, 4, 20), "roadmap_item").rows}[second.id]
    assert (moved.due_on, moved.moved_from, moved.status) == (date(2021, 5, 20), date(2021, 4, 10), "rescheduled")
    plan.cancel_occurrence(provenance(), "1", "2021-04-10", date(2021, 4, 20), "не актуально")
    feed(plan)
    rates = calendar(store, date(2021, 6, 1)).schools[0].obligations
    assert (rates.on_time, rates.cancelled, rates.missed) == (1, 1, 0)


def test_a_returned_report_is_owed_again_until_filed_again(store, feed):
    plan = roadmap()
    report = Report.file(provenance(), SCHOOL, "monthly_roadmap", "2021-03", date(2021, 3, 25), "Отчёт")
    feed(monthly_report_duty(), plan, report)
    assert _report(store, "2021-03").status == "on_time"
    report.return_for_revision(provenance(), date(2021, 3, 26), "нет приложений")
    feed(report)
    assert _report(store, "2021-03").status == "missed"
    report.file_again(provenance(), date(2021, 4, 2), "Отчёт исправлен")
    feed(report)
    row = _report(store, "2021-03")  # as of 01.04: filed again only on 02.04
    assert (row.done_on, row.status) == (date(2021, 4, 2), "missed")
    row = next(r for r in calendar(store, date(2021, 4, 2), "monthly_report").rows if r.id.endswith("2021-03"))
    assert (row.done_on, row.status) == (date(2021, 4, 2), "late")
    rates = calendar(store, date(2021, 4, 2)).municipality
    assert (rates.on_time, rates.late, rates.missed, rates.due) == (0, 1, 1, 3) and rates.rate == 0.0


def _report(store, period: str):
    rows = calendar(store, date(2021, 4, 1), "monthly_report").rows
    return next(r for r in rows if r.id.endswith(period))


def test_visits_and_reports_by_a_date_give_the_overviews_progress(store, feed):
    held = Visit.plan(provenance(), "v-1", "p-1", SCHOOL, "kaybitsy-2", "lesson", date(2021, 3, 15), "Математика")
    held.hold(provenance(), date(2021, 3, 15), "Замечания", "Рекомендации", 5)
    late = Visit.plan(provenance(), "v-2", "p-1", SCHOOL, "kaybitsy-2", "seminar", date(2021, 3, 20))
    called_off = Visit.plan(provenance(), "v-3", "p-1", SCHOOL, "kaybitsy-2", "seminar", date(2021, 3, 22))
    called_off.cancel(provenance(), "карантин")
    report = Report.file(provenance(), SCHOOL, "monthly_roadmap", "2021-03", date(2021, 3, 28), "Отчёт")
    feed(monthly_report_duty(), roadmap(), held, late, called_off, report)
    visits = {r.ref: (r.title, r.status) for r in calendar(store, date(2021, 3, 31), "visit").rows}
    assert visits == {
        "v-1": ("Посещение уроков: Математика", "on_time"),
        "v-2": ("Семинар", "missed"),
        "v-3": ("Семинар", "cancelled"),
    }
    progress = due_progress(store, [KAYBITSY.id], date(2021, 3, 31))[KAYBITSY.id]
    assert (progress.visits_held, progress.visits_planned) == (1, 2)
    assert (progress.reports_on_time, progress.reports_due) == (1, 1)
    before = due_progress(store, [KAYBITSY.id], date(2021, 3, 16))[KAYBITSY.id]
    assert (before.visits_held, before.visits_planned, before.reports_due) == (1, 1, 0)


def test_an_agreement_gives_its_expiry_and_the_last_day_for_a_notice(store, feed):
    supported = School.register(provenance(), SCHOOL, "МБОУ 1")
    supported.identify(provenance(), ("low_results",), 2021, BASIS)
    partner = School.register(provenance(), "kaybitsy-2", "МБОУ 2")
    person = Person(full_name="Иванова А.А.")
    partnership = Partnership.assign(
        provenance(), "p-1", supported=supported, partner=partner, coordinator=person,
        curator=person, municipal_coordinator=person, assigned_on=date(2021, 3, 1), basis=BASIS,
    )
    partnership.conclude_agreement(provenance(), "7", date(2021, 3, 1), DeadlineRules(), date(2021, 12, 31))
    feed(partnership)
    rows = {r.kind: r for r in calendar(store, date(2021, 11, 1)).rows}
    assert rows["agreement_expiry"].due_on == date(2021, 12, 31)
    assert rows["agreement_expiry"].title == "Окончание срока партнёрского договора № 7"
    assert (rows["termination_notice"].due_on, rows["termination_notice"].status) == (date(2021, 10, 31), "passed")
    assert rows["termination_notice"].obligation is False
    partnership.end(provenance(), date(2021, 12, 31), "срок истёк")
    feed(partnership)
    ended = {r.kind: r.status for r in calendar(store, date(2022, 1, 1)).rows}
    assert ended["agreement_expiry"] == "done" and ended["termination_notice"] == "cancelled"


def test_w11_a_visit_planned_for_an_occurrence_is_not_a_second_obligation(store, feed):
    plan = roadmap()
    link = RoadmapLink("kaybitsy-1-2021", "1", "2021-03-10")
    visit = Visit.plan(provenance(), "v-1", "p-1", SCHOOL, "kaybitsy-2", "lesson", date(2021, 3, 10), "Уроки", link)
    visit.hold(provenance(), date(2021, 3, 10), "Уроки посещены", "", 3)
    plan.complete_occurrence(provenance(), "1", "2021-03-10", date(2021, 3, 10),
                             (Evidence(kind="note", reference="Посещение v-1"),), "visit:v-1")
    feed(plan, visit)
    answer = calendar(store, date(2021, 3, 20))
    rows = {r.id: r for r in answer.rows}
    assert (rows["visit:v-1"].status, rows["visit:v-1"].obligation) == ("done", False)
    assert rows["roadmap:kaybitsy-1-2021:1:2021-03-10"].status == "on_time"
    rates = answer.municipality
    assert (rates.on_time, rates.late, rates.missed) == (1, 0, 0)
    # The overview still counts the visit as planned and held.
    progress = due_progress(store, [KAYBITSY.id], date(2021, 3, 20))[KAYBITSY.id]
    assert (progress.visits_planned, progress.visits_held) == (1, 1)
