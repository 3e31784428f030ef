"""With the demo loaded: the organisations the documents name (001 p.5, 003 p.5), the school
methodological associations of 000 item 11, and Leninogorsk's communities, bank and coverage."""

from __future__ import annotations

import pytest

from cascade.demo.data import DEMO_PRINCIPALS


@pytest.fixture
def demo_api(projected_demo_copy):
    """The demo posted and projected (a copy of the store it was loaded into once per worker and
    backend); `api.project()` finds nothing left to do."""
    projected_demo_copy.project()
    return projected_demo_copy


def _officer(tenant: str):
    return next(p for p in DEMO_PRINCIPALS.values() if p.tenant == tenant and p.school is None)


def _get(api, tenant: str, name: str, **params):
    response = api.get(f"/api/v1/tenants/{tenant}/{name}", _officer(tenant), **params)
    assert response.status_code == 200, response.text
    return response.json()


def test_001_p5_smolensks_methodical_department_is_an_organisation_not_a_school(demo_api):
    tenant = "ru-67-smolensk"
    names = [o["short_name"] for o in _get(demo_api, tenant, "organisations")["organisations"]]
    assert sorted(names) == ["МО", "ОЦПРМСО"]
    schools = demo_api.get(f"/api/v1/tenants/{tenant}/registers/schools", _officer(tenant)).json()
    assert all("ЦДО" not in row["name"] for row in schools["rows"])


def test_000_item_11_kaybitsys_supported_schools_have_their_methodological_associations(demo_api):
    rows = _get(demo_api, "ru-16-kaybitsy", "communities", level="school")["communities"]
    assert sorted(r["school"] for r in rows) == ["kaybitsy-chuteevskaya", "kaybitsy-fedorovskaya"]


def test_003_leninogorsks_mmo_bank_and_computed_coverage(demo_api):
    tenant = "ru-16-leninogorsk"
    [mmo] = _get(demo_api, tenant, "communities", kind="methodological_association")["communities"]
    assert (mmo["schools"], mmo["teachers"], mmo["meetings_held"]) == (4, 17, 1)
    [plan] = _get(demo_api, tenant, "methodical-materials", q="план работы ММО")["materials"]
    assert plan["material"] == "leninogorsk-mmo-math-plan-v2" and plan["author"] == "leninogorsk-mms"
    events = _get(demo_api, tenant, "organisation-events", organiser="leninogorsk-mms")["events"]
    assert [e["status"] for e in events] == ["held", "cancelled"]
    coverage = _get(demo_api, tenant, "teacher-coverage", as_of="2019-12-31")["coverage"]
    assert (coverage["source"], coverage["covered"], coverage["teachers"]) == ("computed", 10, 59)
