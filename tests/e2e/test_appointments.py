"""Appointments over HTTP: appoint, replace, list as of a date; who may read and write them."""

from __future__ import annotations

from tests.e2e.helpers import (
    PROBLEM_JSON,
    TENANT,
    assign_partner,
    identify_school,
    officer,
    ok,
    operator,
    refused,
    register_schools,
    school_user,
)

LENINOGORSK = "ru-16-leninogorsk"
URL = f"/api/v1/tenants/{TENANT}/appointments"
ORDER = {"number": "20/2", "issued_on": "2021-02-11"}


def test_000_p3_the_controller_of_the_order_and_a_replaced_curator_are_listed_as_of_a_date(api):
    ok(api, {"type": "appoint", "appointment": "control-20-2", "post": "order_controller",
             "scope": "приказ 20/2 от 11.02.2021", "effective_from": "2021-02-11", "order": ORDER,
             "person": {"full_name": "Петрова С.Т.", "position": "заместитель начальника отдела образования"}})
    register_schools(api, "k-1", "k-2")
    identify_school(api, "k-1")
    assign_partner(api, "p-1", "k-1", "k-2")
    ok(api, {"type": "replace_partnership_person", "partnership": "p-1", "role": "curator",
             "person": {"full_name": "Козлова Е.А."}, "effective_from": "2021-04-01"})
    api.project()
    posts = api.get(URL, officer(), as_of="2021-03-31").json()["posts"]
    by_post = {p["post"]: p for p in posts}
    assert by_post["order_controller"]["holder"]["full_name"] == "Петрова С.Т."
    assert by_post["partnership_curator"]["holder"]["full_name"] != "Козлова Е.А."
    after = api.get(URL, operator(), as_of="2021-04-01", post="partnership_curator").json()["posts"]
    assert after[0]["holder"]["full_name"] == "Козлова Е.А."
    assert len(after[0]["history"]) == 2


def test_an_appointment_without_an_order_is_refused_naming_the_field(api):
    refused(api, {"type": "appoint", "appointment": "c", "post": "programme_coordinator",
                  "person": {"full_name": "Х"}, "effective_from": "2021-02-11"}, officer(), 422, "order")


def test_appointments_are_read_by_the_tenant_and_its_region_only(api):
    for who in (officer(LENINOGORSK), operator("ru-67"), school_user("k-1"), school_user("k-1", LENINOGORSK)):
        response = api.get(URL, who)
        assert response.status_code == 403, (who, response.text)
        assert response.headers["content-type"].startswith(PROBLEM_JSON)
    assert api.get(URL, officer()).status_code == 200
