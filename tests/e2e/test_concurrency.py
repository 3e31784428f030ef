"""Real concurrent requests over loopback: conflicts never both succeed, retries write once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.e2e.conftest import officer

TENANT = "ru-16-kaybitsy"


def _post(server, command, key=None):
    headers = server.api.headers(officer(), **({"Idempotency-Key": key} if key else {}))
    with httpx.Client(base_url=server.url, timeout=30) as client:
        return client.post(f"/api/v1/tenants/{TENANT}/commands", json=command, headers=headers)


def _register(server, code="k-1"):
    response = _post(server, {"type": "register_school", "school": code, "name": "Школа"})
    assert response.status_code == 201, response.text


def test_of_concurrent_writes_expecting_the_same_version_exactly_one_succeeds(live_server):
    _register(live_server)
    designations = ["leader_school", "base_support_site", "network_centre"] * 3
    commands = [
        {"type": "designate_school", "school": "k-1", "designation": d, "expected_version": 1}
        for d in designations
    ]
    with ThreadPoolExecutor(max_workers=len(commands)) as pool:
        statuses = sorted(r.status_code for r in pool.map(lambda c: _post(live_server, c), commands))
    assert statuses.count(201) == 1
    assert set(statuses) == {201, 409}
    assert live_server.api.count(TENANT) == 2


def test_concurrent_commands_without_an_expected_version_are_all_applied(live_server):
    _register(live_server)
    commands = [
        {"type": "designate_school", "school": "k-1", "designation": d}
        for d in ["leader_school", "base_support_site", "network_centre"]
    ]
    with ThreadPoolExecutor(max_workers=3) as pool:
        statuses = [r.status_code for r in pool.map(lambda c: _post(live_server, c), commands)]
    assert statuses == [201, 201, 201]
    assert live_server.api.count(TENANT) == 4


def test_the_same_request_retried_concurrently_with_one_key_writes_one_event(live_server):
    command = {"type": "register_school", "school": "k-9", "name": "Школа"}
    with ThreadPoolExecutor(max_workers=6) as pool:
        responses = list(pool.map(lambda _: _post(live_server, command, key="retry-1"), range(6)))
    assert {r.status_code for r in responses} == {201}
    assert len({r.text for r in responses}) == 1
    assert live_server.api.count(TENANT) == 1
