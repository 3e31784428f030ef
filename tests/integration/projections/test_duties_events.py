"""Duties due N days after an event, named reports, and the agreements due by a date (003 p.6.1),
fed as events on both backends (issue 10 items 1 and 3)."""

from __future__ import annotations

from datetime import date

import pytest

from domain.duty import DueRule, DutyOrder, DutyTerms, ReportingDuty
from domain.internship import InternshipRequest
from domain.partnership import Partnership, Person
from domain.report import Report
from domain.rules import DeadlineRules
from domain.school import BasisDocument, School
from domain.visit import Visit
from services.projections.schedule.projection import ScheduleView
from services.projections.schedule.queries import due_progress, monitoring_calendar
from tests.integration.projections.feed import KAYBITSY, Feed, provenance

WEAK, STRONG = "school-10", "school-6"
BASIS = BasisDocument(number="под-247/19", issued_on=date(2019, 2, 18))
ORDER = DutyOrder(number="17", issued_on=date(2021, 1, 11), clause="п. 3")
ORDER_662 = DutyOrder(number="662", issued_on=date(2019, 5, 3), clause="п. 6.1")
PERSON = Person(full_name="Валиахметова Р.С.")


@pytest.fixture
def feed(store) -> Feed:
    return Feed(store, [ScheduleView()])


def rows(store, kind: str, as_of: date):
    answer = monitoring_calendar(store, KAYBITSY.id, date(2019, 1, 1), date(2021, 12, 31), None, kind, as_of)
    return answer.rows


def schools() -> tuple[School, School]:
    weak = School.register(provenance(), WEAK, "СОШ № 10")
    weak.identify(provenance(), ("low_results",), 2019, BASIS)
    return weak, School.register(provenance(), STRONG, "СОШ № 6")


def pair(weak: School, strong: School, key: str = "p-10-6", assigned: date = date(2019, 5, 3)) -> Partnership:
    return Partnership.assign(provenance(), key, supported=weak, partner=strong, coordinator=PERSON,
                              curator=PERSON, municipal_coordinator=PERSON, assigned_on=assigned, basis=None)


def after_visit_duty(obligor: str = "low_results", days: int = 5,
                     effective_from: date = date(2021, 1, 11)) -> ReportingDuty:
    terms = DutyTerms(report_kind="named", title="Отчёт о посещении", obligor=obligor,  # type: ignore[arg-type]
                      due=DueRule(form="after_event", day=0, days=days, after="visit_held"),
                      addressee="управление образования")
    return ReportingDuty.adopt(provenance(), "visit-report", terms, effective_from, ORDER)


def visit(key: str, held_on: date | None) -> Visit:
    planned = Visit.plan(provenance(), key, "p-10-6", WEAK, STRONG, "lesson", date(2021, 3, 10), "Математика")
    if held_on is not None:
        planned.hold(provenance(), held_on, "Замечания", "Рекомендации", 4)
    return planned


def test_issue10_1_a_named_report_is_due_n_days_after_a_visit_held(store, feed):
    weak, strong = schools()
    feed(weak, strong, pair(weak, strong), after_visit_duty(), visit("v-1", date(2021, 3, 10)), visit("v-2", None))
    [row] = rows(store, "named_report", date(2021, 3, 16))
    assert (row.id, row.school, row.due_on) == ("report:named:visit-report:school-10:v-1", WEAK, date(2021, 3, 15))
    assert row.status == "missed" and row.title.startswith("Отчёт о посещении за v-1")
    report = Report.file(provenance(), WEAK, "named", "v-1", date(2021, 3, 14), "Итоги посещения",
                         duty="visit-report", begins=date(2021, 3, 10))
    feed(report)
    [row] = rows(store, "named_report", date(2021, 3, 16))
    assert (row.status, row.done_on, row.obligation) == ("on_time", date(2021, 3, 14), True)
    progress = due_progress(store, [KAYBITSY.id], date(2021, 3, 31))[KAYBITSY.id]
    assert (progress.reports_on_time, progress.reports_due) == (1, 1)


def test_issue10_1_a_visit_held_later_owes_its_report_when_it_is_held(store, feed):
    weak, strong = schools()
    planned = visit("v-1", None)
    feed(weak, strong, pair(weak, strong), after_visit_duty(), planned)
    assert rows(store, "named_report", date(2021, 4, 1)) == []
    planned.hold(provenance(), date(2021, 3, 20), "Замечания", "Рекомендации", 3)
    feed(planned)
    [row] = rows(store, "named_report", date(2021, 4, 1))
    assert row.due_on == date(2021, 3, 25)


def test_issue10_1_an_event_before_the_duty_or_of_no_obligor_owes_nothing(store, feed):
    weak, strong = schools()
    feed(weak, strong, pair(weak, strong), after_visit_duty(effective_from=date(2021, 3, 11)),
         visit("v-1", date(2021, 3, 10)))
    assert rows(store, "named_report", date(2021, 4, 1)) == []
    partners = ReportingDuty.adopt(provenance(), "partner-visit-report", DutyTerms(
        report_kind="named", title="Отчёт школы-партнёра", obligor="partner_schools",
        due=DueRule(form="after_event", day=0, days=3, after="visit_held"), addressee="УО"),
        date(2021, 1, 1), ORDER)
    feed(partners)
    [row] = rows(store, "named_report", date(2021, 4, 1))  # the visiting partner school owes it
    assert (row.school, row.due_on) == (STRONG, date(2021, 3, 13))


def test_issue10_1_the_municipality_owes_a_report_n_days_after_each_internship_held(store, feed):
    weak, strong = schools()
    request = InternshipRequest.submit(provenance(), "i-1", WEAK, STRONG, "Подготовка к ОГЭ", 3,
                                       date(2021, 4, 12), date(2021, 4, 14), date(2021, 4, 1), DeadlineRules())
    request.confirm(provenance(), date(2021, 4, 2))
    request.hold(provenance(), date(2021, 4, 14), 3, "Состоялась")
    duty = ReportingDuty.adopt(provenance(), "internship-report", DutyTerms(
        report_kind="named", title="Информация о стажировке", obligor="municipality",
        due=DueRule(form="after_event", day=0, days=10, after="internship_held"), addressee="МОиН РТ"),
        date(2021, 1, 1), ORDER)
    feed(weak, strong, duty, request)
    [row] = rows(store, "named_report", date(2021, 5, 1))
    assert (row.school, row.due_on, row.status) == ("municipality", date(2021, 4, 24), "missed")


def test_issue10_1_a_free_named_monthly_report_is_owed_and_filed(store, feed):
    weak, strong = schools()
    duty = ReportingDuty.adopt(provenance(), "mentor-report", DutyTerms(
        report_kind="named", title="Отчёт наставника", obligor="partner_schools",
        due=DueRule(form="monthly", day=5), addressee="УО"), date(2021, 1, 1), ORDER,
        effective_until=date(2021, 3, 31))
    feed(weak, strong, pair(weak, strong, assigned=date(2021, 1, 15)), duty)
    found = rows(store, "named_report", date(2021, 4, 1))
    assert [(r.school, r.id.rsplit(":", 1)[1], r.due_on) for r in found] == [
        (STRONG, "2021-02", date(2021, 2, 5)), (STRONG, "2021-03", date(2021, 3, 5))]
    feed(Report.file(provenance(), STRONG, "named", "2021-03", date(2021, 3, 9), "Отчёт", duty="mentor-report",
                     begins=date(2021, 3, 1)))
    statuses = [r.status for r in rows(store, "named_report", date(2021, 4, 1))]
    assert statuses == ["missed", "late"]


def agreements_duty(obligor: str = "partnerships") -> ReportingDuty:
    """003 p.6.1: «в срок до 7 мая заключить партнерские договоры» (order 662 of 03.05.2019)."""
    return ReportingDuty.adopt(provenance(), "agreements-by-7-may", DutyTerms(
        report_kind="partnership_agreements", title="Заключение партнёрских договоров",
        obligor=obligor, due=DueRule(form="yearly", day=7, month=5),  # type: ignore[arg-type]
        addressee="МКУ «Управление образования»"),
        date(2019, 5, 3), ORDER_662, effective_until=date(2019, 12, 31))


def test_003_p6_1_agreements_due_by_7_may_signed_on_6_may_are_met(store, feed):
    weak, strong = schools()
    partnership = pair(weak, strong)
    feed(weak, strong, partnership, agreements_duty())
    [row] = rows(store, "partnership_agreement", date(2019, 5, 5))
    assert (row.id, row.school, row.due_on, row.status) == (
        "agreement_due:agreements-by-7-may:p-10-6:2019", WEAK, date(2019, 5, 7), "due")
    partnership.conclude_agreement(provenance(), "1", date(2019, 5, 6), DeadlineRules())
    feed(partnership)
    [row] = rows(store, "partnership_agreement", date(2019, 6, 1))
    assert (row.status, row.done_on, row.obligation) == ("on_time", date(2019, 5, 6), True)


def test_003_p6_1_agreements_due_by_7_may_are_late_or_missed(store, feed):
    weak, strong = schools()
    other = School.register(provenance(), "school-2", "СОШ № 2")
    weak2 = School.register(provenance(), "zelenaya", "Зеленорощинская СОШ")
    weak2.identify(provenance(), ("low_results",), 2019, BASIS)
    late, missing = pair(weak, strong), pair(weak2, other, "p-z-2")
    feed(weak, strong, other, weak2, late, missing, agreements_duty())
    late.conclude_agreement(provenance(), "1", date(2019, 5, 20), DeadlineRules())
    feed(late)
    found = {r.ref: r.status for r in rows(store, "partnership_agreement", date(2019, 6, 1))}
    assert found == {"p-10-6": "late", "p-z-2": "missed"}


def test_003_p6_1_the_municipality_meets_the_date_when_every_pair_has_signed(store, feed):
    weak, strong = schools()
    other = School.register(provenance(), "school-2", "СОШ № 2")
    weak2 = School.register(provenance(), "zelenaya", "Зеленорощинская СОШ")
    weak2.identify(provenance(), ("low_results",), 2019, BASIS)
    first, second = pair(weak, strong), pair(weak2, other, "p-z-2")
    first.conclude_agreement(provenance(), "1", date(2019, 5, 6), DeadlineRules())
    feed(weak, strong, other, weak2, first, second, agreements_duty("municipality"))
    [row] = rows(store, "partnership_agreement", date(2019, 5, 8))
    assert (row.school, row.status) == ("municipality", "missed")
    second.conclude_agreement(provenance(), "2", date(2019, 5, 7), DeadlineRules())
    feed(second)
    [row] = rows(store, "partnership_agreement", date(2019, 5, 8))
    assert (row.status, row.done_on) == ("on_time", date(2019, 5, 7))


def test_003_p6_1_no_agreement_is_owed_without_the_duty(store, feed):
    weak, strong = schools()
    feed(weak, strong, pair(weak, strong))
    assert rows(store, "partnership_agreement", date(2019, 6, 1)) == []


def test_issue10_8_schedule_as_of_counts_what_was_due_and_met_by_the_date(store, feed):
    """as_of=D: an obligation done after D was still due (or missed) on D; the counts follow."""
    weak, strong = schools()
    partnership = pair(weak, strong)
    partnership.conclude_agreement(provenance(), "1", date(2019, 5, 20), DeadlineRules())
    feed(weak, strong, partnership, agreements_duty())

    def judged(as_of: date):
        answer = monitoring_calendar(store, KAYBITSY.id, date(2019, 1, 1), date(2019, 12, 31), None,
                                     "partnership_agreement", as_of)
        m = answer.municipality
        return answer.rows[0].status, (m.on_time, m.late, m.missed, m.due)

    assert judged(date(2019, 5, 7)) == ("due", (0, 0, 0, 1))
    assert judged(date(2019, 5, 8)) == ("missed", (0, 0, 1, 0))
    assert judged(date(2019, 5, 20)) == ("late", (0, 1, 0, 0))
