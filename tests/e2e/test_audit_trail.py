"""Audit trail listing: every event with who and why, filtered and paginated by position."""

from datetime import UTC, datetime, timedelta

import pytest

import services.projections.http as http
from tests.e2e.conftest import auditor, officer, operator

TENANT = "ru-16-kaybitsy"
PATH = f"/api/v1/tenants/{TENANT}/events"


@pytest.fixture
def trail(api):
    for i in range(5):
        assert api.post(TENANT, {"type": "register_school", "school": f"k-{i}", "name": f"Школа {i}"},
                        officer(), key=f"reg-{i}").status_code == 201
    api.post(TENANT, {"type": "designate_school", "school": "k-1", "designation": "network_centre"},
             operator())
    api.project()
    return api


def test_events_come_oldest_first_with_their_provenance(trail):
    page = trail.get(PATH, auditor()).json()
    assert [e["position"] for e in page["events"]] == sorted(e["position"] for e in page["events"])
    first = page["events"][0]
    assert first["type"] == "School.Registered" and first["idempotency_key"] == "reg-0"
    assert first["actor"] == {"subject": "officer@ru-16-kaybitsy", "role": "municipal_officer",
                              "organisation": "ru-16-kaybitsy"}
    assert first["data"]["name"] == "Школа 0"


def test_newest_first_pages_by_position(trail):
    first = trail.get(PATH, officer(), order="desc", limit=4).json()
    assert first["events"][0]["type"] == "School.Designated" and first["next"] is not None
    rest = trail.get(PATH, officer(), order="desc", limit=4, before=first["next"]).json()
    positions = [e["position"] for e in first["events"] + rest["events"]]
    assert len(positions) == 6 == len(set(positions)) and rest["next"] is None


def test_filters_by_type_actor_and_stream(trail):
    by_type = trail.get(PATH, officer(), type="School.Designated").json()["events"]
    assert len(by_type) == 1 and by_type[0]["actor"]["role"] == "region_operator"
    by_actor = trail.get(PATH, officer(), actor="officer@ru-16-kaybitsy").json()["events"]
    assert len(by_actor) == 5
    stream = by_type[0]["stream_id"]
    assert [e["version"] for e in trail.get(PATH, officer(), stream=stream).json()["events"]] == [1, 2]


def test_filters_by_time_range(trail):
    now = datetime.now(UTC)
    assert len(trail.get(PATH, officer(), since=(now - timedelta(hours=1)).isoformat()).json()["events"]) == 6
    assert trail.get(PATH, officer(), until=(now - timedelta(hours=1)).isoformat()).json()["events"] == []
    bad = trail.get(PATH, officer(), since="yesterday")
    assert bad.status_code == 422 and bad.json()["field"] == "since"


def test_a_query_can_wait_for_the_position_a_command_returned(api, monkeypatch):
    monkeypatch.setattr(http, "READ_YOUR_WRITES_TIMEOUT", 0.2)
    answer = api.post(TENANT, {"type": "register_school", "school": "k-9", "name": "Школа"}, officer())
    position = answer.json()["position"]
    early = api.get(PATH, officer(), position=position)
    assert early.status_code == 503 and early.json()["type"] == "/problems/view-not-caught-up"
    assert early.headers["retry-after"]
    api.project()
    assert api.get(PATH, officer(), position=position).json()["view_position"] >= position
