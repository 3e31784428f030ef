"""Report commands in-process: file today, accept or return, file again after a return."""

from datetime import date

from domain.base import InvalidTransition, InvalidValue, NotFound
from services.auth import Forbidden
from services.commands.catalogue.report import AcceptReport, FileReport, ReturnReport
from tests.integration.commands.facts import registered
from tests.integration.commands.scenario import OPERATOR, TODAY, event, school_user

SCHOOLS = tuple(registered("k-1", "k-2"))
ACCEPT = AcceptReport(school="k-1", kind="monthly_roadmap", period="2021-05")
RETURN = ReturnReport(school="k-1", kind="monthly_roadmap", period="2021-05",
                      remarks="Нет приложений")


def file(school: str = "k-1", period: str = "2021-05", summary: str = "Выполнено 5 из 6"):
    return FileReport(school=school, kind="monthly_roadmap", period=period, summary=summary,
                      attachments=["otchet-2021-05.pdf"])


def test_a_school_files_its_report_dated_today(scenario):
    scenario.given(*SCHOOLS).when(file(), by=school_user("k-1")).then(
        event("Report.Filed", school="k-1", kind="monthly_roadmap", period="2021-05",
              filed_on=TODAY, attachments=("otchet-2021-05.pdf",)))


def test_a_school_does_not_file_for_another(scenario):
    scenario.given(*SCHOOLS).when(file(school="k-2"), by=school_user("k-1")).then_refused(
        Forbidden)


def test_the_region_does_not_file_reports(scenario):
    scenario.given(*SCHOOLS).when(file(), by=OPERATOR).then_refused(Forbidden)


def test_an_unknown_school_is_named(scenario):
    scenario.when(file(school="nope")).then_refused(NotFound, "school")


def test_a_period_not_begun_is_refused(scenario):
    scenario.given(*SCHOOLS).when(file(period="2021-07")).then_refused(InvalidValue, "period")


def test_a_period_that_does_not_fit_the_kind_is_refused(scenario):
    scenario.given(*SCHOOLS).when(file(period="2021")).then_refused(InvalidValue, "period")


def test_a_filed_report_is_not_filed_again_until_returned(scenario):
    scenario.given(*SCHOOLS, file()).when(file()).then_refused(InvalidTransition)


def test_the_municipality_accepts_a_filed_report(scenario):
    scenario.given(*SCHOOLS, file()).when(ACCEPT).then(
        event("Report.Accepted", accepted_on=TODAY))


def test_an_accepted_report_is_not_accepted_again(scenario):
    scenario.given(*SCHOOLS, file(), ACCEPT).when(ACCEPT).then_refused(InvalidTransition)


def test_a_school_does_not_accept_its_report(scenario):
    scenario.given(*SCHOOLS, file()).when(ACCEPT, by=school_user("k-1")).then_refused(Forbidden)


def test_a_report_never_filed_names_the_period(scenario):
    scenario.given(*SCHOOLS).when(ACCEPT).then_refused(NotFound, "period")


def test_a_filed_report_is_returned_with_remarks(scenario):
    scenario.given(*SCHOOLS, file()).when(RETURN).then(
        event("Report.Returned", returned_on=TODAY, remarks="Нет приложений"))


def test_a_returned_report_is_filed_again(scenario):
    scenario.on(date(2021, 5, 31)).given(*SCHOOLS, file(), RETURN)
    scenario.on(TODAY).when(file(summary="Исправлено"), by=school_user("k-1")).then(
        event("Report.Refiled", filed_on=TODAY, summary="Исправлено"))


def test_a_returned_report_is_not_accepted(scenario):
    scenario.given(*SCHOOLS, file(), RETURN).when(ACCEPT).then_refused(InvalidTransition)
