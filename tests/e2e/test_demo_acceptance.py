"""With the demo loaded, a school's token reports a visit for its own school and nowhere else."""

import pytest

from cascade.demo.data import DEMO_PRINCIPALS
from domain.roles import MUNICIPAL_OFFICER
from tests.e2e.conftest import operator
from tests.e2e.helpers import TENANT, ok, refused, today


@pytest.fixture
def demo_api(demo_copy):
    """The demo posted (a copy of the store it was loaded into once per worker and backend)."""
    return demo_copy


def _fedorovskaya():
    return next(p for p in DEMO_PRINCIPALS.values() if p.school == "kaybitsy-fedorovskaya")


def _kaybitsy_officer():
    return next(p for p in DEMO_PRINCIPALS.values()
                if p.role == MUNICIPAL_OFFICER and p.tenant == TENANT)


def test_a_demo_school_user_records_a_visit_held_at_its_own_school(demo_api):
    user, on = _fedorovskaya(), today().isoformat()
    ok(demo_api, {
        "type": "plan_visit", "visit": "v-acceptance",
        "partnership": "kaybitsy-fedorovskaya-bolshekaybitskaya",
        "host_school": "kaybitsy-fedorovskaya", "visiting_school": "kaybitsy-bolshekaybitskaya",
        "planned_on": on, "kind": "lesson"}, user)
    held = {"type": "record_visit_held", "visit": "v-acceptance", "held_on": on,
            "findings": "Урок проведён, рекомендации даны", "participants": 14}
    first = demo_api.post(TENANT, held, user, key="held-once")
    again = demo_api.post(TENANT, held, user, key="held-once")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    demo_api.project()
    log = demo_api.get(f"/api/v1/tenants/{TENANT}/events", _kaybitsy_officer(), after=0, limit=500)
    assert [e["type"] for e in log.json()["events"]].count("Visit.Held") == 14


def test_a_demo_school_user_cannot_post_to_another_municipality(demo_api):
    user = _fedorovskaya()
    command = {"type": "record_visit_held", "visit": "any", "held_on": today().isoformat(),
               "findings": "x", "participants": 1}
    refused(demo_api, command, user, 403, tenant="ru-16-leninogorsk")
    refused(demo_api, command, user, 403, tenant="ru-67-smolensk")


def _kaybitsy_row(api, as_of: str):
    api.project()
    body = api.get("/api/v1/regions/ru-16/overview", operator("ru-16"), as_of=as_of).json()
    return next(row for row in body["municipalities"] if row["tenant_id"] == TENANT)


def test_w4_kaybitsys_agreements_of_25_february_2021_are_expired_on_1_march_2022(demo_api):
    """000 states no term: the calendar year of signing (003 §3.1) runs them to 31.12.2021."""
    in_force = _kaybitsy_row(demo_api, "2021-12-31")["with_agreement"]
    assert (in_force["count"], in_force["of"]) == (2, 2)
    expired = _kaybitsy_row(demo_api, "2022-03-01")
    assert (expired["with_agreement"]["count"], expired["with_agreement"]["of"]) == (0, 2)
    assert expired["with_partner"]["count"] == 2
    ok(demo_api, {"type": "extend_agreement", "partnership": "kaybitsy-fedorovskaya-bolshekaybitskaya",
                  "number": "ДС-1 к договору № СВ-1/2021", "extended_on": "2021-12-20",
                  "term_until": "2022-12-31"}, _kaybitsy_officer())
    assert _kaybitsy_row(demo_api, "2022-03-01")["with_agreement"]["count"] == 1


def test_w8_the_smolensk_overview_as_of_30_june_2022_shows_the_values_measured_by_then(demo_api):
    """Counts and values from the facts' own dates (W8), not the log's end: the 2024 exit and
    the 2023/2024 values are not yet there; the 2021-2024 programme's targets apply (W9)."""
    demo_api.project()
    body = demo_api.get("/api/v1/regions/ru-67/overview", operator("ru-67"),
                        as_of="2022-06-30").json()
    [smolensk] = body["municipalities"]
    assert smolensk["identified_schools"] == 2  # School A exits only on 2024-06-28
    assert (smolensk["with_partner"]["count"], smolensk["with_agreement"]["count"]) == (2, 2)
    teachers = {i["indicator"]: i for i in smolensk["indicators"]}["network_teachers_share"]
    assert (teachers["period"], teachers["value"], teachers["status"]) == ("2021/2022", 44.0, "not_met")
    assert teachers["target"]["programme"] == "smolensk-network-2021-2024"
    later = demo_api.get("/api/v1/regions/ru-67/overview", operator("ru-67"),
                         as_of="2024-12-31").json()["municipalities"][0]
    assert later["identified_schools"] == 1
    assert {i["indicator"]: i for i in later["indicators"]}["network_teachers_share"]["value"] == 56.2
    lapsed = demo_api.get("/api/v1/regions/ru-67/overview", operator("ru-67"),
                          as_of="2025-03-01").json()["municipalities"][0]
    assert all(i["status"] == "no_target" for i in lapsed["indicators"])


def _kaybitsy_items(api, as_of: str):
    api.project()
    body = api.get(f"/api/v1/tenants/{TENANT}/roadmaps", _kaybitsy_officer(), as_of=as_of).json()
    return {r["roadmap"]: {i["item"]: i for i in r["items"]} for r in body["roadmaps"]}


def test_w7_a_kaybitsy_item_with_5_dates_done_on_each_of_its_dates_shows_5_on_time(demo_api):
    """Item 16 of Федоровская («Посещение уроков кураторами», 5 dates): each lesson visit held on
    its date closes its occurrence (W11), so 5 on time, not 4 late and 1 on time."""
    item = _kaybitsy_items(demo_api, "2021-12-31")["kaybitsy-fedorovskaya-2021"]["item-16"]
    assert [(o["occurrence"], o["status"], o["done_on"]) for o in item["occurrences"]] == [
        (d, "on_time", d) for d in ("2021-04-22", "2021-05-19", "2021-09-15", "2021-10-13", "2021-11-17")]
    assert all(o["via"].startswith("visit:") for o in item["occurrences"])
    assert item["status"] == "done" and item["overdue"] is False
    # Чутеевская: the visit of 13.10 was called off for quarantine, its occurrence cancelled.
    chu = _kaybitsy_items(demo_api, "2021-12-31")["kaybitsy-chuteevskaya-2021"]["item-16"]
    assert [o["status"] for o in chu["occurrences"]] == ["on_time", "on_time", "on_time", "cancelled", "on_time"]


def test_w11_a_visit_for_an_occurrence_is_one_obligation_in_the_calendar(demo_api):
    demo_api.project()
    body = demo_api.get(f"/api/v1/tenants/{TENANT}/schedule", _kaybitsy_officer(),
                        **{"from": "2021-04-01", "to": "2021-04-30", "as_of": "2021-12-31",
                           "school": "kaybitsy-fedorovskaya"}).json()
    rows = {r["id"]: r for r in body["rows"]}
    occurrence = rows["roadmap:kaybitsy-fedorovskaya-2021:item-16:2021-04-22"]
    visit = next(r for r in rows.values() if r["kind"] == "visit")
    assert (occurrence["status"], occurrence["obligation"]) == ("on_time", True)
    assert (visit["status"], visit["obligation"]) == ("done", False)
    assert [r["kind"] for r in rows.values() if r["obligation"] and r["due_on"] == "2021-04-22"] == ["roadmap_item"]


def test_001_network_share_uses_recorded_value_of_the_smolensk_demo_and_says_so(demo_api):
    """001 indicator 1: the department's 58.0 % for 2023/2024 (measured 30.06.2024), not the share
    of the schools registered here; in a school year with no value yet, computed."""
    demo_api.project()

    def network(as_of: str) -> dict:
        body = demo_api.get("/api/v1/regions/ru-67/overview", operator("ru-67"), as_of=as_of).json()
        return {i["indicator"]: i for i in body["municipalities"][0]["indicators"]}["network_organisations_share"]

    recorded = network("2024-06-30")
    assert (recorded["value"], recorded["source"], recorded["period"]) == (58.0, "recorded", "2023/2024")
    computed = network("2024-09-30")
    assert (computed["source"], computed["period"]) == ("computed", None)
