"""Duties naming their own report and due after an event; filing such a report (issue 10 item 1)."""

from datetime import date

from domain.base import InvalidValue, NotFound
from services.commands.catalogue.duty import AdoptReportingDuty, AmendReportingDuty, Due, Order
from services.commands.catalogue.report import AcceptReport, FileReport
from services.commands.catalogue.visit import PlanVisit, RecordVisitHeld
from tests.integration.commands.facts import identified, partnered, registered
from tests.integration.commands.scenario import TODAY, event, school_user

ORDER = Order(number="17", issued_on=date(2021, 1, 11), clause="п. 3")
PAIR = (*registered("k-1", "k-2"), identified("k-1"), partnered())
VISIT = PlanVisit(visit="v-1", partnership="p-1", host_school="k-1", visiting_school="k-2",
                  planned_on=date(2021, 5, 20), kind="lesson")
HELD = RecordVisitHeld(visit="v-1", held_on=date(2021, 5, 20), findings="Уроки посещены", participants=3)


def adopt(due: Due, key: str = "visit-report", kind: str = "named", obligor: str = "low_results"):
    return AdoptReportingDuty(duty=key, report_kind=kind, title="Отчёт о посещении",  # type: ignore[arg-type]
                              obligor=obligor, due=due, addressee="управление образования",  # type: ignore[arg-type]
                              effective_from=date(2021, 1, 11), order=ORDER)


AFTER_VISIT = Due(form="after_event", days=5, after="visit_held")


def named(period: str = "v-1", duty: str = "visit-report", school: str = "k-1") -> FileReport:
    return FileReport(school=school, kind="named", period=period, summary="Итоги", duty=duty)


def test_issue10_1_a_duty_due_n_days_after_a_visit_held_is_adopted(scenario):
    scenario.given(*PAIR).when(adopt(AFTER_VISIT)).then(event("ReportingDuty.Adopted", key="visit-report"))


def test_issue10_1_an_after_event_rule_names_its_days_and_its_event(scenario):
    scenario.when(adopt(Due(form="after_event", after="visit_held"))).then_refused(InvalidValue, "due.days")
    scenario.when(adopt(Due(form="after_event", days=5))).then_refused(InvalidValue, "due.after")
    scenario.when(adopt(Due(form="after_event", day=5, days=5, after="visit_held"))).then_refused(
        InvalidValue, "due.day")
    scenario.when(adopt(Due(form="monthly", day=5, days=5))).then_refused(InvalidValue, "due.days")
    scenario.when(adopt(Due(form="monthly"))).then_refused(InvalidValue, "due.day")
    scenario.when(adopt(AFTER_VISIT, kind="monthly_roadmap")).then_refused(InvalidValue, "due.form")


def test_issue10_1_a_school_files_the_named_report_on_a_visit_held(scenario):
    scenario.given(*PAIR, adopt(AFTER_VISIT), VISIT, HELD).when(named(), by=school_user("k-1")).then(
        event("Report.Filed", school="k-1", kind="named", duty="visit-report", period="v-1", filed_on=TODAY))
    scenario.when(AcceptReport(school="k-1", kind="named", period="v-1", duty="visit-report")).then(
        event("Report.Accepted", accepted_on=TODAY))


def test_issue10_1_a_named_report_on_a_visit_not_held_is_refused(scenario):
    scenario.given(*PAIR, adopt(AFTER_VISIT), VISIT).when(named()).then_refused(NotFound, "period")


def test_issue10_1_a_named_report_names_a_named_duty_of_the_tenant(scenario):
    scenario.given(*PAIR).when(named()).then_refused(NotFound, "duty")
    scenario.when(FileReport(school="k-1", kind="named", period="v-1", summary="x")).then_refused(
        InvalidValue, "duty")
    scenario.when(FileReport(school="k-1", kind="monthly_roadmap", period="2021-05", summary="x",
                             duty="visit-report")).then_refused(InvalidValue, "duty")


def test_issue10_1_a_named_monthly_report_has_the_period_shape_of_its_rule(scenario):
    scenario.given(*PAIR, adopt(Due(form="monthly", day=5), key="mentor-report"))
    scenario.when(named("2021", "mentor-report")).then_refused(InvalidValue, "period")
    scenario.when(named("2021-07", "mentor-report")).then_refused(InvalidValue, "period")  # not begun
    scenario.when(named("2021-05", "mentor-report")).then(
        event("Report.Filed", kind="named", duty="mentor-report", period="2021-05"))


def test_issue10_1_a_named_duty_keeps_its_period_shape_when_amended(scenario):
    scenario.given(*PAIR, adopt(AFTER_VISIT))
    amend = AmendReportingDuty(duty="visit-report", report_kind="named", title="Отчёт", obligor="low_results",
                               due=Due(form="monthly", day=5), addressee="УО",
                               effective_from=date(2021, 3, 1), order=ORDER)
    scenario.when(amend).then_refused(InvalidValue, "due.form")


def test_003_p6_1_an_agreements_duty_is_owed_by_the_pairs_or_the_municipality(scenario):
    due = Due(form="yearly", day=7, month=5)
    scenario.when(adopt(due, "agreements", "partnership_agreements", "low_results")).then_refused(
        InvalidValue, "obligor")
    scenario.when(adopt(due, "r", "named", "partnerships")).then_refused(InvalidValue, "obligor")
    scenario.when(adopt(Due(form="monthly", day=7), "agreements", "partnership_agreements",
                        "partnerships")).then_refused(InvalidValue, "due.form")
    scenario.when(adopt(due, "agreements", "partnership_agreements", "partnerships")).then(
        event("ReportingDuty.Adopted", key="agreements"))
