"""Demo acceptance (issue 10 item 1): each tenant owes only what its own order prescribes."""

from __future__ import annotations

import pytest

from tests.e2e.helpers import officer, operator

KAYBITSY, LENINOGORSK, SMOLENSK = "ru-16-kaybitsy", "ru-16-leninogorsk", "ru-67-smolensk"


@pytest.fixture
def demo(projected_demo_copy):
    """The demo posted and projected (a copy of the store it was loaded into once per worker and
    backend); `api.project()` finds nothing left to do."""
    projected_demo_copy.project()
    return projected_demo_copy


def schedule(api, tenant: str, region: str):
    path, rows = f"/api/v1/tenants/{tenant}/schedule", []
    for start, end in (("2019-01-01", "2021-12-31"), ("2022-01-01", "2024-12-31")):
        body = api.get(path, officer(tenant, region), **{"from": start, "to": end, "as_of": "2025-12-31"})
        assert body.status_code == 200, body.text
        rows += body.json()["rows"]
    return rows


@pytest.mark.parametrize(("tenant", "region"), [(SMOLENSK, "ru-67"), (LENINOGORSK, "ru-16")])
def test_001_and_003_prescribe_no_monthly_report_so_the_demo_owes_none(demo, tenant, region):
    owed = [row for row in schedule(demo, tenant, region)
            if row["kind"] in ("monthly_report", "effectiveness_analysis", "annual_analytic_note")
            and row["obligation"]]
    assert owed == []


def test_000_p2_2_kaibitsy_owes_monthly_reports_by_the_28th_and_item_20_by_25_12_2021(demo):
    rows = [row for row in schedule(demo, KAYBITSY, "ru-16") if row["obligation"]]
    monthly = [row for row in rows if row["kind"] == "monthly_report"]
    # Two supported schools, their roadmaps 11.02.2021-31.03.2022: February 2021 to March 2022.
    assert len(monthly) == 2 * 14
    assert {row["due_on"][-2:] for row in monthly} == {"28"}
    assert all("отдел образования" in row["title"] for row in monthly)
    analyses = [(row["school"], row["due_on"]) for row in rows if row["kind"] == "effectiveness_analysis"]
    assert sorted(analyses) == [("kaybitsy-chuteevskaya", "2021-12-25"),
                                ("kaybitsy-fedorovskaya", "2021-12-25")]


def test_the_overview_counts_only_reports_owed_under_an_order(demo):
    body = demo.get("/api/v1/regions/ru-67/overview", operator("ru-67"), as_of="2025-12-31").json()
    smolensk = next(m for m in body["municipalities"] if m["tenant_id"] == SMOLENSK)
    assert smolensk["reports_on_time"]["of"] == 0
    body = demo.get("/api/v1/regions/ru-16/overview", operator(), as_of="2022-12-31").json()
    kaybitsy = next(m for m in body["municipalities"] if m["tenant_id"] == KAYBITSY)
    assert kaybitsy["reports_on_time"]["of"] == 2 * 14 + 2


def test_003_p6_1_agreements_due_by_7_may_leninogorsk_signed_both_on_6_may(demo):
    rows = [row for row in schedule(demo, LENINOGORSK, "ru-16") if row["kind"] == "partnership_agreement"]
    assert sorted((row["ref"], row["due_on"], row["done_on"], row["status"]) for row in rows) == [
        ("leninogorsk-school-10-school-6", "2019-05-07", "2019-05-06", "on_time"),
        ("leninogorsk-zelenoroshchinskaya-school-2", "2019-05-07", "2019-05-06", "on_time"),
    ]
    assert all(row["obligation"] and "Заключение партнёрского договора" in row["title"] for row in rows)
    for tenant, region in ((KAYBITSY, "ru-16"), (SMOLENSK, "ru-67")):  # their orders set no such date
        assert [r for r in schedule(demo, tenant, region) if r["kind"] == "partnership_agreement"] == []
