"""GET .../audit/verify: auditors of the region check a tenant's history; others cannot."""

from tests.e2e.conftest import auditor, officer, operator, school_user

PATH = "/api/v1/tenants/ru-16-kaybitsy/audit/verify"


def test_an_auditor_verifies_a_municipality_of_its_region(api):
    for i in range(3):
        api.post("ru-16-kaybitsy", {"type": "register_school", "school": f"k-{i}", "name": "Школа"}, officer())
    report = api.get(PATH, auditor()).json()
    assert report["ok"] is True and report["checked"] == 3 and report["verified_through"] == api.head("ru-16-kaybitsy")
    assert api.get(PATH, operator()).status_code == 200


def test_verification_counts_the_events_after_the_newest_checkpoint(api):
    from services.audit.checkpoints import checkpoint_all

    for i in range(2):
        api.post("ru-16-kaybitsy", {"type": "register_school", "school": f"k-{i}", "name": "Школа"}, officer())
    assert api.get(PATH, auditor()).json()["unanchored"] == 2
    checkpoint_all(api.backend, api.client.app.state.notary)
    api.post("ru-16-kaybitsy", {"type": "register_school", "school": "k-9", "name": "Школа"}, officer())
    report = api.get(PATH, auditor()).json()
    assert report["ok"] and report["anchored_through"] == 2 and report["unanchored"] == 1


def test_verification_is_refused_outside_the_region_and_to_schools(api):
    assert api.get(PATH, auditor("ru-67")).status_code == 403
    assert api.get(PATH, school_user("k-1")).status_code == 403
    assert api.get(PATH, officer("ru-16-leninogorsk")).status_code == 403
