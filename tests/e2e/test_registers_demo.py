"""With the demo loaded, every region's schools register lists its schools by name (issue 11)."""

from __future__ import annotations

import pytest

from cascade.demo.data import DEMO_PRINCIPALS, DEMO_STEPS, DEMO_TENANTS
from domain.roles import MUNICIPAL_OFFICER, REGION_OPERATOR
from tests.e2e.registers import csv_rows


@pytest.fixture
def demo_api(projected_demo_copy):
    """The demo posted and projected (a copy of the store it was loaded into once per worker and
    backend); `api.project()` finds nothing left to do."""
    projected_demo_copy.project()
    return projected_demo_copy


def _registered(region: str) -> set[str]:
    tenants = {t.id for t in DEMO_TENANTS if t.region_id == region}
    return {step.command["name"] for step in DEMO_STEPS
            if step.tenant in tenants and step.command["type"] == "register_school"}


def test_every_demo_region_lists_its_schools_by_name(demo_api):
    regions = [t.id for t in DEMO_TENANTS if t.kind == "region"]
    assert regions == ["ru-16", "ru-67", "ru-26", "ru-38"]
    for region in regions:
        operator = next(p for p in DEMO_PRINCIPALS.values()
                        if p.role == REGION_OPERATOR and p.region == region)
        body = demo_api.get(f"/api/v1/regions/{region}/registers/schools", operator, limit=500).json()
        names = [row["name"] for row in body["rows"]]
        assert names and set(names) == _registered(region), region
        assert body["page"]["total"] == len(names)
        others = set().union(*(_registered(r) for r in regions if r != region))
        assert not others & set(names)


def test_the_demo_kaybitsy_partner_list_is_000_appendix_1(demo_api):
    officer = next(p for p in DEMO_PRINCIPALS.values()
                   if p.tenant == "ru-16-kaybitsy" and p.role == MUNICIPAL_OFFICER)
    response = demo_api.get("/api/v1/tenants/ru-16-kaybitsy/registers/partner-schools", officer,
                            format="csv", as_of="2021-03-01")
    rows = csv_rows(response.content)
    assert [(r[0], r[1], r[3]) for r in rows[1:]] == [
        ("1", "МБОУ «Федоровская СОШ»", "МБОУ «Большекайбицкая СОШ»"),
        ("2", "МБОУ «Чутеевская СОШ»", "МБОУ «Хозесановская СОШ»"),
    ]


def test_the_leninogorsk_demo_criteria_report_derives_criterion_7(demo_api):
    """003: the district's two schools on the 9 criteria at the end of 2019; criterion 7 is
    derived from the agreements in force and the roadmap (none in the demo: no data), not from
    the recorded «1»; criterion 3 against the average of the recorded school values."""
    methodist = next(p for p in DEMO_PRINCIPALS.values()
                     if p.role == MUNICIPAL_OFFICER and p.tenant == "ru-16-leninogorsk")
    response = demo_api.get("/api/v1/tenants/ru-16-leninogorsk/criteria-report", methodist, as_of="2019-12-30")
    assert response.status_code == 200, response.text
    schools = {s["school"]: {c["number"]: c for c in s["criteria"]} for s in response.json()["schools"]}
    assert set(schools) == {"leninogorsk-school-10", "leninogorsk-zelenoroshchinskaya"}
    c7 = schools["leninogorsk-school-10"][7]
    assert c7["plan"]["agreement"] in ("in_force", "expiring") and c7["status"] == "no_data"
    c3 = schools["leninogorsk-school-10"][3]
    assert (c3["value"], c3["average"], c3["schools_averaged"], c3["average_of"]) == (66.4, 66.4, 1, "region")
