"""An auditor replays one aggregate to a past version or instant."""

from datetime import UTC, datetime

from tests.e2e.helpers import (
    TENANT,
    auditor,
    identify_school,
    officer,
    ok,
    register_schools,
    school_user,
    wait_until,
)


def test_the_state_at_a_version_and_at_an_instant(api):
    identify_school(register_schools(api, "k-1"), "k-1")
    path = f"/api/v1/tenants/{TENANT}/streams/school/k-1"
    identified_at = datetime.fromisoformat(api.get(path, auditor()).json()["history"][1]["recorded_at"])
    # The instant asked for is the identification's own; the designation must come strictly later.
    wait_until(lambda: datetime.now(UTC) > identified_at, "the clock passes the identification")
    ok(api, {"type": "designate_school", "school": "k-1", "designation": "network_centre",
             "exception_reason": "Единственная школа района с ресурсной базой"})  # 002 §1.3

    first = api.get(path, auditor(), version=1).json()
    assert first["version"] == 1 and first["latest_version"] == 3
    assert first["state"]["in_programme"] is False and first["type"] == "School"
    then = api.get(path, auditor(), at=identified_at.isoformat()).json()
    assert then["version"] == 2 and then["state"]["categories"] == ["low_results"]
    assert then["state"]["designations"] == []
    now = api.get(f"/api/v1/tenants/{TENANT}/streams/{first['stream_id']}", auditor()).json()
    assert now["state"]["designations"] == ["network_centre"]
    assert [h["type"] for h in now["history"]] == ["School.Registered", "School.Identified", "School.Designated"]


def test_out_of_range_and_unknown_streams_are_named(api):
    register_schools(api, "k-1")
    assert api.get(f"/api/v1/tenants/{TENANT}/streams/school/k-1", auditor(), version=5).json()["field"] == "version"
    assert api.get(f"/api/v1/tenants/{TENANT}/streams/school/none", auditor()).status_code == 404
    early = api.get(f"/api/v1/tenants/{TENANT}/streams/school/k-1", auditor(), at="2000-01-01T00:00:00+00:00")
    assert early.status_code == 404 and early.json()["field"] == "at"
    assert api.get(f"/api/v1/tenants/{TENANT}/streams/nonsense", auditor()).status_code == 422


def test_time_travel_is_for_overseers_of_the_tenant(api):
    register_schools(api, "k-1")
    path = f"/api/v1/tenants/{TENANT}/streams/school/k-1"
    assert api.get(path, school_user("k-1")).status_code == 403
    assert api.get(path, auditor("ru-67")).status_code == 403
    assert api.get(path, officer("ru-16-leninogorsk")).status_code == 403
