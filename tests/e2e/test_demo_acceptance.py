"""With the demo loaded, a school's token reports a visit for its own school and nowhere else."""

import pytest

from cascade.calendar_store import bundled_calendars
from cascade.demo.data import DEMO_PRINCIPALS
from cascade.demo.loader import post_demo
from domain.roles import MUNICIPAL_OFFICER
from services.commands.executor import CommandExecutor
from tests.e2e.helpers import TENANT, ok, refused, today


@pytest.fixture
def demo_api(api):
    post_demo(api.backend, CommandExecutor(bundled_calendars()))
    return api


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
