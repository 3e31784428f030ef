"""School commands through the HTTP API."""

from tests.e2e.conftest import auditor, officer, operator, school_user

BASIS = {"number": "20/2", "issued_on": "2021-02-11", "title": "Приказ"}


def register(api, code="k-1", tenant="ru-16-kaybitsy"):
    response = api.post(tenant, {"type": "register_school", "school": code, "name": "Школа"}, officer(tenant))
    assert response.status_code == 201, response.text
    return response


def test_registering_a_school_answers_the_event_and_the_log_position(api):
    body = register(api).json()
    assert body["command"] == "register_school"
    [event] = body["events"]
    assert event["type"] == "School.Registered" and event["version"] == 1
    assert body["position"] == event["position"] == api.head("ru-16-kaybitsy")


def test_a_region_operator_identifies_a_school_of_a_municipality_of_its_region(api):
    register(api)
    command = {"type": "identify_school", "school": "k-1", "categories": ["low_results"],
               "cohort_year": 2021, "basis": BASIS, "risk_factors": ["teacher_shortage"]}
    assert api.post("ru-16-kaybitsy", command, operator()).status_code == 201
    assert api.post("ru-16-kaybitsy", command, operator("ru-67")).status_code == 403


def test_school_users_and_auditors_cannot_register_schools(api):
    command = {"type": "register_school", "school": "k-2", "name": "Школа"}
    assert api.post("ru-16-kaybitsy", command, school_user("k-2")).status_code == 403
    assert api.post("ru-16-kaybitsy", command, auditor()).status_code == 403
    assert api.head("ru-16-kaybitsy") == 0


def test_an_unknown_school_is_named_in_the_problem(api):
    response = api.post("ru-16-kaybitsy", {"type": "designate_school", "school": "nope",
                                          "designation": "network_centre"}, officer())
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["field"] == "school"
