"""Isolation: no token of one municipality or region reads or writes another's data."""

from __future__ import annotations

import pytest

from services.auth import Principal
from services.commands.registry import CATALOGUE
from tests.e2e.conftest import auditor, officer, operator, school_user

TARGET = "ru-16-kaybitsy"

OUTSIDERS = {
    "officer of a neighbouring municipality": officer("ru-16-leninogorsk"),
    "school user of a neighbouring municipality": school_user("len-1", "ru-16-leninogorsk"),
    "operator of another region": operator("ru-67"),
    "auditor of another region": auditor("ru-67"),
    "officer of another region": officer("ru-67-smolensk", "ru-67"),
    "admin of another region": Principal("admin@ru-67", "admin", "ru-67"),
}


def sample_commands() -> dict[str, dict]:
    """One well-formed body per command type, taken from the demo script where it has one."""
    samples: dict[str, dict] = {}
    try:
        from cascade.demo.data import DEMO_STEPS
    except ImportError:  # the demo is optional for this test
        DEMO_STEPS = []
    for step in DEMO_STEPS:
        samples.setdefault(step.command["type"], step.command)
    for spec in CATALOGUE.values():
        samples.setdefault(spec.name, {"type": spec.name})
    return samples


def _seed(api):
    command = {"type": "register_school", "school": "k-1", "name": "Школа"}
    assert api.post(TARGET, command, officer()).status_code == 201


@pytest.mark.parametrize("who", sorted(OUTSIDERS))
def test_no_outsider_can_post_any_command_to_a_municipality(api, who):
    _seed(api)
    before = api.count(TARGET)
    for name, body in sorted(sample_commands().items()):
        response = api.post(TARGET, body, OUTSIDERS[who])
        assert response.status_code == 403, (name, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
    assert api.count(TARGET) == before


@pytest.mark.parametrize("who", sorted(OUTSIDERS))
def test_no_outsider_can_call_any_tenant_endpoint(api, who):
    document = api.client.get("/docs/openapi.json").json()
    tried = 0
    for path, operations in document["paths"].items():
        if "{tenant_id}" not in path:
            continue
        for method in operations:
            url = path.replace("{tenant_id}", TARGET)
            response = api.client.request(method.upper(), url, headers=api.headers(OUTSIDERS[who]),
                                          json={"type": "register_school", "school": "x", "name": "x"})
            assert response.status_code == 403, (method, path, response.text)
            tried += 1
    assert tried >= 2


def test_a_refusal_does_not_reveal_whether_the_target_exists(api):
    _seed(api)
    outsider = officer("ru-16-leninogorsk")
    existing = api.post(TARGET, {"type": "designate_school", "school": "k-1",
                                 "designation": "network_centre"}, outsider)
    missing = api.post(TARGET, {"type": "designate_school", "school": "nope",
                                "designation": "network_centre"}, outsider)
    assert existing.status_code == missing.status_code == 403
    assert existing.json()["detail"] == missing.json()["detail"]


def test_the_tenant_list_shows_only_what_the_caller_may_read(api):
    def ids(principal):
        response = api.get("/api/v1/tenants", principal)
        assert response.status_code == 200
        return {t["id"] for t in response.json()}

    assert ids(officer("ru-16-leninogorsk")) == {"ru-16-leninogorsk"}
    assert ids(operator("ru-67")) == {"ru-67", "ru-67-smolensk"}
    assert ids(auditor("ru-16")) == {"ru-16", "ru-16-kaybitsy", "ru-16-leninogorsk"}


def test_the_event_log_is_read_by_overseers_of_the_tenant_only(api):
    _seed(api)
    path = f"/api/v1/tenants/{TARGET}/events"
    assert api.get(path, officer()).status_code == 200
    assert api.get(path, operator("ru-16")).status_code == 200
    assert api.get(path, auditor("ru-16")).status_code == 200
    assert api.get(path, school_user("k-1")).status_code == 403
    assert api.get(path, officer("ru-16-leninogorsk")).status_code == 403
    assert api.get(path, operator("ru-67")).status_code == 403


def test_unknown_tenants_are_404_for_everyone(api):
    response = api.post("ru-16-nowhere", {"type": "register_school", "school": "x", "name": "x"},
                        officer())
    assert response.status_code == 404 and response.json()["field"] == "tenant_id"


REGION_OUTSIDERS = {
    "municipal officer of the region": officer(),
    "school user of the region": school_user("k-1"),
    "operator of another region": operator("ru-67"),
    "auditor of another region": auditor("ru-67"),
    "admin of the region": Principal("admin@ru-16", "admin", "ru-16"),
}


@pytest.mark.parametrize("who", sorted(REGION_OUTSIDERS))
def test_no_outsider_can_call_any_region_endpoint(api, who):
    document = api.client.get("/docs/openapi.json").json()
    tried = 0
    for path, operations in document["paths"].items():
        if "{region_id}" not in path:
            continue
        for method in operations:
            url = path.replace("{region_id}", "ru-16")
            response = api.client.request(method.upper(), url, headers=api.headers(REGION_OUTSIDERS[who]),
                                          params={"max_seconds": 1})
            assert response.status_code == 403, (method, path, response.text)
            tried += 1
    assert tried >= 2
