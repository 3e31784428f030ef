"""Liveness and readiness: a parked event marks its tenant degraded, and past the grace turns ready red."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from domain.base import Actor, Provenance
from domain.roadmap import Roadmap
from domain.roles import MUNICIPAL_OFFICER
from domain.school import School
from services.health import readiness
from tests.e2e.helpers import TENANT


def write_poison(api) -> None:
    """A roadmap ending 9999-12-31, written past the command and domain checks that refuse it."""
    app = api.backend.application(TENANT)
    meta = Provenance(TENANT, Actor("officer", MUNICIPAL_OFFICER, TENANT), "corr")
    app.save(School.register(meta, "k-1", "Школа"))
    app.save(Roadmap._create(
        Roadmap.Approved, meta=meta, key="rm-1", school="k-1", title="Карта",
        period_start=date(2021, 1, 1), period_end=date(9999, 12, 31),
        approved_on=date(2021, 1, 1), basis=None,
    ))


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
