"""Reporting duties through the HTTP API: who adopts them where, bad input, and the calendar."""

from __future__ import annotations

from tests.e2e.duties import annual_note_duty, monthly_duty
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
