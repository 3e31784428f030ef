"""With the demo loaded, a school's token reports a visit for its own school and nowhere else."""

from datetime import date

import pytest

from cascade.demo.data import DEMO_PRINCIPALS
from cascade.demo.loader import post_demo
from domain.calendar import WorkingCalendar
from services.commands.executor import CommandExecutor


@pytest.fixture
def demo_api(api):
    post_demo(api.backend, CommandExecutor(WorkingCalendar()))
    return api


def _fedorovskaya():
    return next(p for p in DEMO_PRINCIPALS.values() if p.school == "kaybitsy-fedorovskaya")


def test_a_demo_school_user_records_a_visit_held_at_its_own_school(demo_api):
    user, today = _fedorovskaya(), date.today().isoformat()
    planned = demo_api.post("ru-16-kaybitsy", {
        "type": "plan_visit", "visit": "v-acceptance", "partnership": "kaybitsy-fedorovskaya-bolshekaybitskaya",
        "host_school": "kaybitsy-fedorovskaya", "visiting_school": "kaybitsy-bolshekaybitskaya",
        "planned_on": today, "kind": "lesson"}, user)
    assert planned.status_code == 201, planned.text
    held = {"type": "record_visit_held", "visit": "v-acceptance", "held_on": today,
            "findings": "Урок проведён, рекомендации даны", "participants": 14}
    first = demo_api.post("ru-16-kaybitsy", held, user, key="held-once")
    again = demo_api.post("ru-16-kaybitsy", held, user, key="held-once")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    demo_api.project()
    log = demo_api.get("/api/v1/tenants/ru-16-kaybitsy/events", _kaybitsy_officer(), after=0, limit=500)
    assert [e["type"] for e in log.json()["events"]].count("Visit.Held") == 14


def test_a_demo_school_user_cannot_post_to_another_municipality(demo_api):
    user = _fedorovskaya()
    command = {"type": "record_visit_held", "visit": "any", "held_on": date.today().isoformat(),
               "findings": "x", "participants": 1}
    before = demo_api.count("ru-16-leninogorsk")
    assert demo_api.post("ru-16-leninogorsk", command, user).status_code == 403
    assert demo_api.post("ru-67-smolensk", command, user).status_code == 403
    assert demo_api.count("ru-16-leninogorsk") == before


def _kaybitsy_officer():
    return next(p for p in DEMO_PRINCIPALS.values()
                if p.role == "municipal_officer" and p.tenant == "ru-16-kaybitsy")
