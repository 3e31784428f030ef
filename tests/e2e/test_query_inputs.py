"""Query inputs no store can hold are refused as a problem naming the parameter, never a 500."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import auditor, officer, operator

TENANT = "ru-16-kaybitsy"
EVENTS = f"/api/v1/tenants/{TENANT}/events"
ROADMAPS = f"/api/v1/tenants/{TENANT}/roadmaps"
SCHEDULE = f"/api/v1/tenants/{TENANT}/schedule"
OVERVIEW = "/api/v1/regions/ru-16/overview"
YEAR = {"from": "2021-01-01", "to": "2021-12-31"}

REFUSED = [
    (EVENTS, {"since": "0001-01-01T00:00:00+01:00"}, "since"),
    (EVENTS, {"until": "9999-12-31T23:59:59-05:00"}, "until"),
    (EVENTS, {"since": "1999-12-31T23:59:59+00:00"}, "since"),
    (EVENTS, {"after": "9223372036854775808"}, "after"),
    (EVENTS, {"order": "desc", "before": "9223372036854775808"}, "before"),
    (EVENTS, {"stream": "a\x00b"}, "stream"),
    (EVENTS, {"type": "School.Registered\x00"}, "type"),
    (EVENTS, {"actor": "\x00"}, "actor"),
    (ROADMAPS, {"at": "9999-12-31T23:00:00-05:00"}, "at"),
    (ROADMAPS, {"at": "0001-01-01T00:00:00+01:00"}, "at"),
    (ROADMAPS, {"as_of": "9999-12-31"}, "as_of"),
    (ROADMAPS, {"school": "k-1\x00"}, "school"),
    (ROADMAPS, {"position": "9223372036854775808"}, "position"),
    (SCHEDULE, {"from": "9998-01-01", "to": "9999-12-31"}, "from"),
    (SCHEDULE, {"from": "2100-01-01", "to": "2101-01-01"}, "to"),
    (SCHEDULE, {**YEAR, "school": "\x00"}, "school"),
    (SCHEDULE, {**YEAR, "at": "9999-12-31T23:00:00-05:00"}, "at"),
]


@pytest.mark.parametrize(("path", "params", "field"), REFUSED, ids=[f"{p.rsplit('/', 1)[1]}-{f}-{i}" for i, (p, _, f) in enumerate(REFUSED)])
def test_an_input_out_of_bounds_is_a_problem_naming_the_parameter(api, path, params, field):
    response = api.get(path, officer(), **params)
    assert 400 <= response.status_code < 500, (response.status_code, response.text)
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["field"] == field, response.text


def test_the_overview_refuses_a_date_or_instant_out_of_bounds(api):
    for params, field in (({"as_of": "0001-01-01"}, "as_of"), ({"at": "9999-12-31T23:00:00-05:00"}, "at")):
        response = api.get(OVERVIEW, operator(), **params)
        assert 400 <= response.status_code < 500, (response.status_code, response.text)
        assert response.json()["field"] == field


def test_inputs_at_the_bounds_are_answered(api):
    assert api.get(EVENTS, auditor(), since="2000-01-01T00:00:00+00:00", until="2100-12-31T23:59:59+00:00",
                   after="9223372036854775807").status_code == 200
    assert api.get(SCHEDULE, officer(), **{"from": "2098-01-01", "to": "2100-12-31"}).status_code == 200
    assert api.get(ROADMAPS, officer(), as_of="2000-01-01").status_code == 200
