"""Networks of schools over HTTP (002): commands, the networks endpoint, isolation, the note owed."""

from __future__ import annotations

from tests.e2e.duties import annual_note_duty
from tests.e2e.helpers import (
    PROBLEM_JSON,
    TENANT,
    identify_school,
    officer,
    ok,
    operator,
    refused,
    register_schools,
    school_user,
)

LENINOGORSK = "ru-16-leninogorsk"
ORDER = {"number": "105-од", "issued_on": "2021-09-01", "title": "О составе сетей"}
URL = f"/api/v1/tenants/{TENANT}/networks"


def establish(api, centre="c-1", members=("m-1", "m-2")):
    return ok(api, {"type": "establish_network", "network": "net-1", "name": "Сеть №1",
                    "centre_school": centre, "members": list(members), "effective_from": "2021-09-01",
                    "order": ORDER, "functions": "Аналитическая функция",
                    "priority_directions": "Повышение качества образования"})


def test_002_a_network_is_established_and_recomposed_and_listed_as_of_a_date(api):
    register_schools(api, "c-1", "m-1", "m-2", "m-3")
    establish(api)
    ok(api, {"type": "recompose_network", "network": "net-1", "members": ["m-3"],
             "effective_from": "2022-03-01",
             "order": {"number": "40-од", "issued_on": "2022-03-01"}})
    api.project()
    before = api.get(URL, officer(), as_of="2022-02-28").json()["networks"][0]
    assert before["centre"] == {"school": "c-1", "name": "Школа c-1"}
    assert [m["school"] for m in before["in_force"]["members"]] == ["m-1", "m-2"]
    assert before["in_force"]["functions"] == "Аналитическая функция"
    after = api.get(URL, officer(), as_of="2022-03-01").json()["networks"][0]
    assert [m["school"] for m in after["in_force"]["members"]] == ["m-3"]
    assert [h["effective_from"] for h in after["history"]] == ["2021-09-01", "2022-03-01"]


def test_002_1_3_a_low_results_school_is_refused_as_centre_naming_the_field(api):
    register_schools(api, "c-1", "m-1")
    identify_school(api, "c-1")
    refused(api, {"type": "establish_network", "network": "net-1", "name": "Сеть", "centre_school": "c-1",
                  "members": ["m-1"], "effective_from": "2021-09-01", "order": ORDER},
            officer(), 409, "centre_school")


def test_002_4_3_the_centre_owes_the_analytic_note_shown_missing_until_filed(api):
    register_schools(api, "c-1", "m-1", "m-2")
    ok(api, annual_note_duty())
    establish(api)
    api.project()
    rows = api.get(f"/api/v1/tenants/{TENANT}/schedule", officer(), kind="annual_analytic_note",
                   **{"from": "2021-09-01", "to": "2022-08-31", "as_of": "2022-07-01"}).json()["rows"]
    assert [(r["school"], r["due_on"], r["status"]) for r in rows] == [("c-1", "2022-06-30", "missed")]


def test_networks_are_seen_by_their_tenant_region_and_member_schools_only(api):
    register_schools(api, "c-1", "m-1", "m-2", "x-1")
    establish(api)
    api.project()
    assert api.get(URL, officer()).status_code == 200
    assert api.get(URL, operator()).status_code == 200
    assert [n["network"] for n in api.get(URL, school_user("m-1")).json()["networks"]] == ["net-1"]
    assert api.get(URL, school_user("x-1")).json()["networks"] == []
    for who, params in ((officer(LENINOGORSK), {}), (operator("ru-67"), {}),
                        (school_user("x-1"), {"school": "m-1"}), (school_user("m-1", LENINOGORSK), {})):
        response = api.get(URL, who, **params)
        assert response.status_code == 403, (who, response.text)
        assert response.headers["content-type"].startswith(PROBLEM_JSON)
