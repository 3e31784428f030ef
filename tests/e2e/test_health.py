"""Liveness and readiness: a parked event marks its tenant degraded, and past the grace turns ready red."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from services.health import readiness
from tests import poison
from tests.e2e.helpers import TENANT, officer, operator


def write_poison(api) -> None:
    poison.write_poison(api.backend, TENANT)


def test_live_answers_without_a_token(api):
    assert api.client.get("/health/live").json() == {"status": "live"}
    assert api.client.get("/health").status_code == 200


def test_ready_when_store_and_views_answer_and_nothing_is_parked(api):
    response = api.client.get("/health/ready")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "ready" and body["degraded"] == []
    assert {c["name"]: c["ok"] for c in body["checks"]} == {"store": True, "views": True,
                                                           "parked": True}


def test_a_parked_event_marks_its_tenant_degraded_and_past_the_grace_not_ready(api):
    write_poison(api)
    for _ in range(3):  # one try per round; parked after the third
        api.project()
    body = api.client.get("/health/ready").json()
    assert body["status"] == "ready"  # within the grace period
    assert [(d["view"], d["tenant"], d["parked"]) for d in body["degraded"]] == [
        ("schedule", TENANT, 1)]
    services = api.client.app.state.services
    later = readiness(services, 3600, now=datetime.now(UTC) + timedelta(hours=2))
    assert later.status == "not-ready"
    [parked] = [c for c in later.checks if c.name == "parked"]
    assert not parked.ok and f"schedule/{TENANT}: 1" in parked.detail


def test_ready_is_503_when_the_grace_is_over(api):
    write_poison(api)
    for _ in range(3):
        api.project()
    api.client.app.state.services.ready_parked_seconds = 0
    response = api.client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["status"] == "not-ready"


def test_every_answer_of_a_degraded_tenant_says_which_events_are_missing(api):
    poisoned_at = poison.write_poison(api.backend, TENANT)
    for _ in range(3):
        api.project()
    who = officer()
    schedule = api.get(f"/api/v1/tenants/{TENANT}/schedule", who,
                       **{"from": "2021-01-01", "to": "2021-12-31"}).json()
    assert schedule["parked"] == [poisoned_at]
    roadmaps = api.get(f"/api/v1/tenants/{TENANT}/roadmaps", who).json()
    assert roadmaps["parked"] == []  # the roadmap view applied the same event
    overview = api.get("/api/v1/regions/ru-16/overview", operator()).json()
    assert overview["degraded"] == [TENANT]
    other = api.get("/api/v1/tenants/ru-16-leninogorsk/schedule", officer("ru-16-leninogorsk"),
                    **{"from": "2021-01-01", "to": "2021-12-31"}).json()
    assert other["parked"] == []
