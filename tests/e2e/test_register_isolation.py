"""Who sees which register rows: a municipality its own, a region its own, a school its own (issue 11 item 1.5)."""

from __future__ import annotations

import pytest

from tests.e2e.helpers import PROBLEM_JSON, REGION, TENANT, auditor, officer, operator, school_user
from tests.e2e.registers import LENINOGORSK, SMOLENSK, register, seed

TENANT_REGISTERS = ["schools", "partnerships", "partner-schools", "people", "visits", "reports",
                    "internships", "approvals"]
REGION_REGISTERS = ["schools", "partnerships", "visits", "reports", "internships", "approvals", "people"]


@pytest.fixture
def seeded(api):
    return seed(api)


def _status(api, url, who, **params):
    response = api.get(url, who, **params)
    if response.status_code >= 400:
        assert response.headers["content-type"].startswith(PROBLEM_JSON)
    return response.status_code


@pytest.mark.parametrize("name", TENANT_REGISTERS)
def test_a_tenant_register_refuses_another_municipality_region_and_school(seeded, name):
    url = f"/api/v1/tenants/{TENANT}/registers/{name}"
    assert _status(seeded, url, officer(LENINOGORSK)) == 403
    assert _status(seeded, url, officer(SMOLENSK, "ru-67")) == 403
    assert _status(seeded, url, operator("ru-67")) == 403
    assert _status(seeded, url, school_user("len-10", LENINOGORSK)) == 403
    assert _status(seeded, url, school_user("k-fed"), school="k-chu") == 403
    for fmt in ("csv", "xlsx"):
        assert _status(seeded, url, officer(LENINOGORSK), format=fmt) == 403
    assert _status(seeded, url, operator()) == 200
    assert _status(seeded, url, auditor()) == 200


@pytest.mark.parametrize("name", REGION_REGISTERS)
def test_a_region_register_is_for_its_own_overseers_only(seeded, name):
    url = f"/api/v1/regions/{REGION}/registers/{name}"
    assert _status(seeded, url, operator("ru-67")) == 403
    assert _status(seeded, url, auditor("ru-67")) == 403
    assert _status(seeded, url, officer()) == 403
    assert _status(seeded, url, school_user("k-fed")) == 403
    assert _status(seeded, url, operator()) == 200
    response = seeded.get(url, operator(), municipality=SMOLENSK)
    assert response.status_code == 422 and response.json()["field"] == "municipality"


def test_a_region_never_lists_another_regions_schools(seeded):
    ru16 = seeded.get(f"/api/v1/regions/{REGION}/registers/schools", operator(), format="csv").text
    ru67 = seeded.get("/api/v1/regions/ru-67/registers/schools", operator("ru-67"), format="csv").text
    assert "smol-1" not in ru16 and "len-10" in ru16 and "k-fed" in ru16
    assert "smol-1" in ru67 and "k-fed" not in ru67 and "len-10" not in ru67


def test_a_municipality_sees_only_its_own_rows(seeded):
    body = register(seeded, "schools", officer(LENINOGORSK), tenant=LENINOGORSK)
    assert [r["school"] for r in body["rows"]] == ["len-10"]


def test_a_school_user_sees_only_its_own_schools_rows(seeded):
    user = school_user("k-fed")
    assert [r["school"] for r in register(seeded, "schools", user)["rows"]] == ["k-fed"]
    assert [r["partnership"] for r in register(seeded, "partnerships", user)["rows"]] == ["p-fed"]
    assert [r["partnership"] for r in register(seeded, "people", user)["rows"]] == ["p-fed"] * 3
    assert [r["partnership"] for r in register(seeded, "partner-schools", user)["rows"]] == ["p-fed"]
    csv_text = seeded.get(f"/api/v1/tenants/{TENANT}/registers/schools", user, format="csv").text
    assert "k-fed" in csv_text and "k-chu" not in csv_text
    partner = school_user("k-bol")
    assert [r["partnership"] for r in register(seeded, "partnerships", partner)["rows"]] == ["p-fed"]


def test_bad_query_values_are_4xx_naming_the_field(seeded):
    url = f"/api/v1/tenants/{TENANT}/registers/schools"
    for params in ({"limit": 0}, {"limit": 501}, {"page": 0}, {"category": "weak"},
                   {"agreement": "maybe"}, {"q": "a\x00b"}, {"as_of": "1800-01-01"}, {"cohort": "x"}):
        response = seeded.get(url, officer(), **params)
        assert 400 <= response.status_code < 500, (params, response.text)
        assert response.headers["content-type"].startswith(PROBLEM_JSON)


def test_a_region_reads_its_people_and_never_another_regions(seeded):
    """The region-wide people register lists Kaibitsy's partnerships to ru-16's operator only."""
    ru16 = register_of(seeded, REGION, "people", operator())
    assert {r["partnership"] for r in ru16["rows"]} == {"p-fed", "p-chu"} and ru16["page"]["total"] == 6
    assert register_of(seeded, "ru-67", "people", operator("ru-67"))["rows"] == []
    assert register_of(seeded, REGION, "people", operator(), municipality=LENINOGORSK)["rows"] == []
    text = seeded.get(f"/api/v1/regions/{REGION}/registers/people", operator(), format="csv").text
    assert "Григорьева А.В." in text
    assert "Григорьева" not in seeded.get("/api/v1/regions/ru-67/registers/people", operator("ru-67"),
                                          format="csv").text


def register_of(api, region, name, who, **params):
    response = api.get(f"/api/v1/regions/{region}/registers/{name}", who, **params)
    assert response.status_code == 200, response.text
    return response.json()
