"""An auditor replays one aggregate to a past version or instant."""

import time
from datetime import UTC, datetime

from tests.e2e.conftest import auditor, officer, school_user

TENANT = "ru-16-kaybitsy"
BASIS = {"number": "20/2", "issued_on": "2021-02-11"}


def test_the_state_at_a_version_and_at_an_instant(api):
    api.post(TENANT, {"type": "register_school", "school": "k-1", "name": "Школа"}, officer())
    api.post(TENANT, {"type": "identify_school", "school": "k-1", "categories": ["low_results"],
                      "cohort_year": 2021, "basis": BASIS}, officer())
    time.sleep(0.01)
    between = datetime.now(UTC).isoformat()
    time.sleep(0.01)
    api.post(TENANT, {"type": "designate_school", "school": "k-1", "designation": "network_centre"}, officer())

    first = api.get(f"/api/v1/tenants/{TENANT}/streams/school/k-1", auditor(), version=1).json()
    assert first["version"] == 1 and first["latest_version"] == 3
    assert first["state"]["in_programme"] is False and first["type"] == "School"
    then = api.get(f"/api/v1/tenants/{TENANT}/streams/school/k-1", auditor(), at=between).json()
    assert then["version"] == 2 and then["state"]["categories"] == ["low_results"]
    assert then["state"]["designations"] == []
    now = api.get(f"/api/v1/tenants/{TENANT}/streams/{first['stream_id']}", auditor()).json()
    assert now["state"]["designations"] == ["network_centre"]
    assert [h["type"] for h in now["history"]] == ["School.Registered", "School.Identified", "School.Designated"]


def test_out_of_range_and_unknown_streams_are_named(api):
    api.post(TENANT, {"type": "register_school", "school": "k-1", "name": "Школа"}, officer())
    assert api.get(f"/api/v1/tenants/{TENANT}/streams/school/k-1", auditor(), version=5).json()["field"] == "version"
    assert api.get(f"/api/v1/tenants/{TENANT}/streams/school/none", auditor()).status_code == 404
    early = api.get(f"/api/v1/tenants/{TENANT}/streams/school/k-1", auditor(), at="2000-01-01T00:00:00+00:00")
    assert early.status_code == 404 and early.json()["field"] == "at"
    assert api.get(f"/api/v1/tenants/{TENANT}/streams/nonsense", auditor()).status_code == 422


def test_time_travel_is_for_overseers_of_the_tenant(api):
    api.post(TENANT, {"type": "register_school", "school": "k-1", "name": "Школа"}, officer())
    path = f"/api/v1/tenants/{TENANT}/streams/school/k-1"
    assert api.get(path, school_user("k-1")).status_code == 403
    assert api.get(path, auditor("ru-67")).status_code == 403
    assert api.get(path, officer("ru-16-leninogorsk")).status_code == 403
