"""Report commands through the HTTP API: file today, accept or return, file again."""

import pytest

from domain.report import Report
from tests.e2e.helpers import (
    officer,
    ok,
    operator,
    recorded,
    refused,
    register_schools,
    school_user,
    today,
)


def file(school="k-1", kind="monthly_roadmap", period="2021-03", **extra):
    return {"type": "file_report", "school": school, "kind": kind, "period": period,
            "summary": "Выполнено 5 мероприятий из 6", "attachments": ["otchet-2021-03.pdf"],
            **extra}


def accept(school="k-1", kind="monthly_roadmap", period="2021-03"):
    return {"type": "accept_report", "school": school, "kind": kind, "period": period}


def give_back(school="k-1", kind="monthly_roadmap", period="2021-03", remarks="Нет приложений"):
    return {"type": "return_report", "school": school, "kind": kind, "period": period,
            "remarks": remarks}


def report(api, school="k-1", kind="monthly_roadmap", period="2021-03"):
    return api.load(Report, Report.key_for(school, kind, period))


@pytest.fixture
def schools(api):
    return register_schools(api, "k-1", "k-2")


@pytest.fixture
def filed(schools):
    ok(schools, file(), as_=school_user("k-1"))
    return schools


def test_a_school_files_its_monthly_report_dated_today(schools):
    body = ok(schools, file(), as_=school_user("k-1"))
    [event] = body["events"]
    assert event["type"] == "Report.Filed"
    state = report(schools)
    assert state.status == "filed" and state.attachments == ("otchet-2021-03.pdf",)
    assert state.filed_on == today()


def test_every_kind_of_report_is_filed(schools):
    ok(schools, file(kind="annual_analytic_note", period="2021/2022"))
    ok(schools, file(kind="effectiveness_analysis", period="2021"))


def test_a_filing_date_is_not_taken_from_the_client(schools):
    refused(schools, file(filed_on="2021-03-28"), officer(), 422)


def test_a_school_does_not_file_for_another(schools):
    refused(schools, file(school="k-2"), school_user("k-1"), 403)


def test_region_operators_do_not_file_reports(schools):
    refused(schools, file(), operator(), 403)


def test_an_unknown_school_is_named(schools):
    refused(schools, file(school="nope"), officer(), 404, "school")


def test_a_period_that_does_not_fit_the_kind_is_refused(schools):
    refused(schools, file(period="2021"), officer(), 422, "period")
    refused(schools, file(kind="annual_analytic_note", period="2021/2023"), officer(), 422, "period")


def test_a_report_is_not_filed_for_a_period_not_begun(schools):
    refused(schools, file(period="2999-01"), officer(), 422, "period")


def test_a_filed_report_is_not_filed_again_until_returned(filed):
    refused(filed, file(), school_user("k-1"), 409)


def test_the_municipality_accepts_a_filed_report_once(filed):
    assert recorded(filed, accept()) == ["Report.Accepted"]
    assert report(filed).status == "accepted"
    refused(filed, accept(), officer(), 409)
    refused(filed, give_back(), officer(), 409)
    refused(filed, file(), school_user("k-1"), 409)


def test_a_school_does_not_accept_or_return_reports(filed):
    refused(filed, accept(), school_user("k-1"), 403)
    refused(filed, give_back(), school_user("k-1"), 403)


def test_accepting_a_report_never_filed_names_the_period(filed):
    refused(filed, accept(period="2021-04"), officer(), 404, "period")
    refused(filed, accept(school="nope"), officer(), 404, "school")


def test_a_returned_report_is_filed_again_then_accepted(filed):
    assert recorded(filed, give_back()) == ["Report.Returned"]
    refused(filed, accept(), officer(), 409)
    assert recorded(filed, file(summary="Исправлено"), as_=school_user("k-1")) == ["Report.Refiled"]
    ok(filed, accept())
    state = report(filed)
    assert (state.status, state.returns, state.summary) == ("accepted", 1, "Исправлено")


def test_a_return_needs_remarks(filed):
    refused(filed, give_back(remarks=""), officer(), 422, "remarks")
