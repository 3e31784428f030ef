"""Reporting duties through the HTTP API: who adopts them where, bad input, and the calendar."""

from __future__ import annotations

from tests.e2e.duties import ORDER_20_2, annual_note_duty, monthly_duty
from tests.e2e.helpers import REGION, TENANT, officer, ok, operator, refused, school_user

SCHEDULE = f"/api/v1/tenants/{TENANT}/schedule"
LATER = {"number": "41", "issued_on": "2021-05-20", "clause": "п. 1"}


def monthly_rows(api, as_of="2021-12-31"):
    api.project()
    body = api.get(SCHEDULE, officer(), **{"from": "2021-01-01", "to": "2021-12-31", "as_of": as_of}).json()
    return {row["id"].rsplit(":", 1)[1]: row for row in body["rows"] if row["kind"] == "monthly_report"}


def roadmap(api):
    ok(api, {"type": "register_school", "school": "k-1", "name": "Школа 1"})
    ok(api, {"type": "approve_roadmap", "roadmap": "rm-1", "school": "k-1", "title": "Карта",
             "period_start": "2021-03-01", "period_end": "2021-08-31", "approved_on": "2021-03-01"})


def test_w1_a_tenant_without_a_duty_owes_no_monthly_report(api):
    roadmap(api)
    assert monthly_rows(api) == {}


def test_000_p2_2_the_officer_adopts_the_monthly_report_by_the_28th(api):
    roadmap(api)
    assert ok(api, monthly_duty())["events"][0]["type"] == "ReportingDuty.Adopted"
    rows = monthly_rows(api)
    assert sorted(rows) == [f"2021-0{m}" for m in range(3, 9)]
    assert {row["due_on"][-2:] for row in rows.values()} == {"28"}


def test_an_amended_due_day_applies_from_its_effective_date_only(api):
    roadmap(api)
    ok(api, monthly_duty())
    amended = {**monthly_duty(), "type": "amend_reporting_duty", "due": {"form": "monthly", "day": 20},
               "effective_from": "2021-06-01", "order": LATER}
    ok(api, amended)
    rows = monthly_rows(api)
    assert [rows[p]["due_on"] for p in ("2021-05", "2021-06")] == ["2021-05-28", "2021-06-20"]


def test_a_duty_lapsing_stops_obligations_from_its_date(api):
    roadmap(api)
    ok(api, monthly_duty())
    ok(api, {"type": "lapse_reporting_duty", "duty": "monthly-report", "lapsed_on": "2021-06-01",
             "order": LATER})
    assert sorted(monthly_rows(api)) == ["2021-03", "2021-04", "2021-05"]
    refused(api, {"type": "lapse_reporting_duty", "duty": "monthly-report",
                  "lapsed_on": "2021-07-01", "order": LATER}, officer(), 409)


def test_only_the_tenants_own_authority_adopts_a_duty(api):
    refused(api, monthly_duty(), school_user("k-1"), 403)
    refused(api, monthly_duty(), operator(), 403)
    ok(api, annual_note_duty("municipality"), operator(), tenant=REGION)


def test_a_duty_whose_rule_does_not_fit_its_report_is_refused_naming_the_field(api):
    refused(api, {**monthly_duty(), "due": {"form": "yearly", "day": 25, "month": 12}}, officer(),
            422, "due.form")
    refused(api, {**monthly_duty(), "due": {"form": "monthly", "day": 32}}, officer(), 422)
    refused(api, {**monthly_duty(), "order": {"number": "20/2", "issued_on": "2021-02-11"}},
            officer(), 422)
    refused(api, {**monthly_duty(), "type": "amend_reporting_duty", "effective_from": "2021-06-01"},
            officer(), 404, "duty")


BASIS = {"number": "20/2", "issued_on": "2021-02-11", "title": "Приказ"}
PERSON = {"full_name": "Иванова Анна Петровна"}
AFTER_VISIT = {"type": "adopt_reporting_duty", "duty": "visit-report", "report_kind": "named",
               "title": "Отчёт о посещении", "obligor": "low_results",
               "due": {"form": "after_event", "days": 5, "after": "visit_held"},
               "addressee": "отдел образования", "effective_from": "2021-02-11", "order": ORDER_20_2}


def test_issue10_1_a_named_report_due_5_days_after_a_visit_held_is_filed_and_shown(api):
    for school in ("k-1", "k-2"):
        ok(api, {"type": "register_school", "school": school, "name": f"Школа {school}"})
    ok(api, {"type": "identify_school", "school": "k-1", "categories": ["low_results"],
             "cohort_year": 2021, "basis": BASIS})
    ok(api, {"type": "assign_partner", "partnership": "p-1", "supported_school": "k-1", "partner_school": "k-2",
             "coordinator": PERSON, "curator": PERSON, "municipal_coordinator": PERSON,
             "assigned_on": "2021-02-11"})
    ok(api, AFTER_VISIT)
    ok(api, {"type": "plan_visit", "visit": "v-1", "partnership": "p-1", "host_school": "k-1",
             "visiting_school": "k-2", "planned_on": "2021-03-10", "kind": "lesson"})
    report = {"type": "file_report", "school": "k-1", "kind": "named", "duty": "visit-report",
              "period": "v-1", "summary": "Итоги посещения"}
    refused(api, report, school_user("k-1"), 404, "period")  # the visit is not held yet
    ok(api, {"type": "record_visit_held", "visit": "v-1", "held_on": "2021-03-10",
             "findings": "Уроки посещены", "participants": 3})
    api.project()
    body = api.get(SCHEDULE, officer(), **{"from": "2021-01-01", "to": "2021-12-31", "as_of": "2021-03-16"})
    [row] = [r for r in body.json()["rows"] if r["kind"] == "named_report"]
    assert (row["id"], row["due_on"], row["status"]) == (
        "report:named:visit-report:k-1:v-1", "2021-03-15", "missed")
    ok(api, report, school_user("k-1"))
    api.project()
    body = api.get(SCHEDULE, officer(), **{"from": "2021-01-01", "to": "2021-12-31", "kind": "named_report"})
    [row] = body.json()["rows"]
    assert row["status"] == "late" and row["done_on"] is not None


def test_issue10_1_an_after_event_rule_without_its_days_is_refused_naming_the_field(api):
    refused(api, {**AFTER_VISIT, "due": {"form": "after_event", "after": "visit_held"}}, officer(), 422,
            "due.days")
    refused(api, {**AFTER_VISIT, "due": {"form": "after_event", "days": 400, "after": "visit_held"}},
            officer(), 422)
