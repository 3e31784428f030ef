"""Deadline rules per tenant through the HTTP API (domain.md, Deadline rules; 003 p.2.3.2)."""

from __future__ import annotations

from datetime import date, timedelta

from cascade.calendar_store import bundled_calendars
from tests.e2e.helpers import (
    REGION,
    TENANT,
    officer,
    ok,
    operator,
    recorded,
    refused,
    register_schools,
    school_user,
    today,
)

NEIGHBOUR = "ru-16-leninogorsk"
ORDER = {"number": "45", "issued_on": "2021-05-20", "clause": "п. 2.3.2"}


def five_working_days(**extra):
    return {"type": "set_deadline_rules", "effective_from": "2021-01-01", "order": ORDER,
            "internship_withdrawal_working_days": 5, **extra}


def withdrawal_limit(api, tenant: str, start: date) -> str:
    register_schools(api, "k-1", "k-2", tenant=tenant)
    ok(api, {"type": "request_internship", "internship": "in-1", "school": "k-1", "host_school": "k-2",
             "topic": "ОГЭ", "participants": 2, "start": start.isoformat(),
             "end": start.isoformat()}, tenant=tenant)
    api.project()
    body = api.get(f"/api/v1/tenants/{tenant}/schedule", officer(tenant),
                   **{"from": today().isoformat(), "to": (start + timedelta(days=30)).isoformat(),
                      "kind": "internship_withdrawal"}).json()
    return body["rows"][0]["due_on"]


def test_the_schedules_withdrawal_limit_follows_the_tenants_rule_003_p2_3_2(api):
    assert recorded(api, five_working_days()) == ["TenantRules.Opened", "TenantRules.Changed"]
    start = today() + timedelta(days=40)
    calendar = bundled_calendars().for_region(REGION)
    assert withdrawal_limit(api, TENANT, start) == calendar.add_working_days(start, -5).isoformat()
    # Another municipality of the same region keeps the documents' three working days.
    assert withdrawal_limit(api, NEIGHBOUR, start) == calendar.add_working_days(start, -3).isoformat()


def test_a_bad_rule_value_is_422_naming_the_field(api):
    refused(api, five_working_days(internship_withdrawal_working_days=0), officer(), 422,
            "internship_withdrawal_working_days")
    refused(api, five_working_days(termination_notice_months=99), officer(), 422,
            "termination_notice_months")
    refused(api, five_working_days(nonsense=1), officer(), 422)


def test_a_school_user_cannot_change_the_rules(api):
    register_schools(api, "k-1")
    refused(api, five_working_days(), school_user("k-1"), 403)


def test_the_region_operator_sets_the_regions_rules_not_a_municipalitys(api):
    assert recorded(api, five_working_days(), operator(), tenant=REGION)[-1] == "TenantRules.Changed"
    refused(api, five_working_days(), operator(), 403)
