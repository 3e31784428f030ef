"""School commands through the HTTP API."""

from tests.e2e.helpers import (
    BASIS,
    TENANT,
    auditor,
    officer,
    ok,
    operator,
    refused,
    register_schools,
    school_user,
)

REGISTER = {"type": "register_school", "school": "k-2", "name": "Школа"}


def test_registering_a_school_answers_the_event_and_the_log_position(api):
    body = ok(api, {"type": "register_school", "school": "k-1", "name": "Школа"})
    assert body["command"] == "register_school"
    [event] = body["events"]
    assert event["type"] == "School.Registered" and event["version"] == 1
    assert body["position"] == event["position"] == api.head(TENANT)


def test_a_region_operator_identifies_a_school_of_a_municipality_of_its_region(api):
    register_schools(api, "k-1")
    command = {"type": "identify_school", "school": "k-1", "categories": ["low_results"],
               "cohort_year": 2021, "basis": BASIS, "risk_factors": ["teacher_shortage"]}
    refused(api, command, operator("ru-67"), 403)
    ok(api, command, operator())


def test_school_users_and_auditors_cannot_register_schools(api):
    refused(api, REGISTER, school_user("k-2"), 403)
    refused(api, REGISTER, auditor(), 403)
    assert api.head(TENANT) == 0


def test_an_unknown_school_is_named_in_the_problem(api):
    designate = {"type": "designate_school", "school": "nope", "designation": "network_centre"}
    refused(api, designate, officer(), 404, "school", problem="not-found")
