"""Demo acceptance for 002 (Levokumsky) and the demo's appointments (000 p.3, 001 p.2, 003 p.1-2, p.7)."""

from __future__ import annotations

import pytest

from tests.e2e.helpers import officer, operator

LEVOKUMSKY, REGION = "ru-26-levokumsky", "ru-26"


@pytest.fixture
def demo(projected_demo_copy):
    """The demo posted and projected (a copy of the store it was loaded into once per worker and
    backend); `api.project()` finds nothing left to do."""
    projected_demo_copy.project()
    return projected_demo_copy


def test_002_levokumsky_networks_by_order_with_the_2021_change(demo):
    url = f"/api/v1/tenants/{LEVOKUMSKY}/networks"
    first = demo.get(url, officer(LEVOKUMSKY, REGION), as_of="2021-05-01").json()["networks"]
    assert [(n["centre"]["school"], [m["school"] for m in n["in_force"]["members"]]) for n in first] == [
        ("levokumsky-stable-1", ["levokumsky-school-a", "levokumsky-school-b"]),
        ("levokumsky-stable-2", ["levokumsky-school-c"])]
    assert first[0]["in_force"]["order"]["number"] == "308-од"
    assert first[0]["in_force"]["functions"].startswith("Аналитическая функция")
    later = demo.get(url, operator(REGION), as_of="2021-09-01").json()["networks"][1]
    assert [m["school"] for m in later["in_force"]["members"]] == ["levokumsky-school-c", "levokumsky-school-d"]
    assert len(later["history"]) == 2


def test_002_4_3_the_centre_that_filed_no_note_is_shown_missed(demo):
    rows = demo.get(f"/api/v1/tenants/{LEVOKUMSKY}/schedule", officer(LEVOKUMSKY, REGION),
                    kind="annual_analytic_note",
                    **{"from": "2021-01-01", "to": "2021-12-31", "as_of": "2021-07-01"}).json()["rows"]
    assert sorted((r["school"], r["status"]) for r in rows) == [
        ("levokumsky-stable-1", "on_time"), ("levokumsky-stable-2", "missed")]


def test_003_the_working_group_coordinator_and_controller_of_order_662(demo):
    tenant = "ru-16-leninogorsk"
    posts = demo.get(f"/api/v1/tenants/{tenant}/appointments", officer(tenant), as_of="2019-05-03").json()["posts"]
    kinds = [p["post"] for p in posts]
    assert kinds.count("working_group_member") == 7
    assert {"municipal_coordinator", "order_controller", "partnership_curator"} <= set(kinds)
    curators = demo.get(f"/api/v1/tenants/{tenant}/appointments", officer(tenant), as_of="2019-09-02",
                        post="partnership_curator", scope="leninogorsk-zelenoroshchinskaya-school-2").json()
    assert [h["full_name"] for h in curators["posts"][0]["history"]] == ["Галиева Л.Ш.", "Зарипова А.М."]
