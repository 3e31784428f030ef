"""Idempotency keys belong to one principal in one tenant: nobody else's request can replay."""

from concurrent.futures import ThreadPoolExecutor

import httpx
import msgspec

from domain.base import Actor, Provenance
from domain.school import School
from services.auth import Principal
from services.commands.api import AnyCommand
from services.commands.executor import request_hash
from tenants.recorders import IdempotencyRecord
from tests.e2e.conftest import officer, school_user

TENANT = "ru-16-kaybitsy"


def register(api, *codes):
    for code in codes:
        command = {"type": "register_school", "school": code, "name": f"Школа {code}"}
        assert api.post(TENANT, command, officer()).status_code == 201


def indicator(subject="k-1", value="50"):
    return {"type": "record_indicator", "subject": subject, "indicator": "ege", "period": "2021",
            "value": value, "measured_on": "2021-06-01"}


def test_another_schools_user_with_the_same_key_and_body_gets_no_replay(api):
    register(api, "k-1", "k-2")
    first = api.post(TENANT, indicator(), school_user("k-1"), key="same-key")
    assert first.status_code == 201, first.text
    events = api.count(TENANT)

    stranger = api.post(TENANT, indicator(), school_user("k-2"), key="same-key")

    assert stranger.status_code == 403, stranger.text
    assert stranger.headers["content-type"].startswith("application/problem+json")
    assert "idempotent-replayed" not in stranger.headers
    assert "k-1" not in stranger.text.replace(stranger.json()["instance"], "")
    assert api.count(TENANT) == events


def test_the_same_principal_still_replays_its_first_answer(api):
    register(api, "k-1")
    first = api.post(TENANT, indicator(), school_user("k-1"), key="retry-me")
    again = api.post(TENANT, indicator(), school_user("k-1"), key="retry-me")
    assert again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()


def test_the_same_principal_with_another_body_is_still_refused(api):
    register(api, "k-1")
    assert api.post(TENANT, indicator(), school_user("k-1"), key="k").status_code == 201
    reused = api.post(TENANT, indicator(value="60"), school_user("k-1"), key="k")
    assert reused.status_code == 422
    assert reused.json()["type"] == "/problems/idempotency-key-reused"


def test_two_principals_may_choose_the_same_key_for_their_own_requests(api):
    colleague = Principal("deputy@ru-16-kaybitsy", "municipal_officer", "ru-16", TENANT)
    first = api.post(TENANT, {"type": "register_school", "school": "k-1", "name": "Школа"},
                     officer(), key="monday-1")
    second = api.post(TENANT, {"type": "register_school", "school": "k-2", "name": "Школа"},
                      colleague, key="monday-1")
    assert first.status_code == second.status_code == 201, second.text
    assert "idempotent-replayed" not in second.headers
    assert second.json()["events"][0]["stream_id"] != first.json()["events"][0]["stream_id"]


def test_a_retried_command_that_wrote_nothing_replays_its_answer(api):
    register(api, "k-1")
    assert api.post(TENANT, indicator(), officer(), key="first").status_code == 201
    head = api.head(TENANT)
    nothing_new = api.post(TENANT, indicator(), officer(), key="second")
    assert nothing_new.status_code == 201, nothing_new.text
    assert nothing_new.json()["events"] == []

    retried = api.post(TENANT, indicator(), officer(), key="second")

    assert retried.status_code == 201, retried.text
    assert retried.json()["events"] == []
    assert retried.json()["position"] == head == api.head(TENANT)


def _record_as_before_scoping(api, principal, command, key):
    """Save what a first request left before keys were scoped: its record under the bare key."""
    decoded = msgspec.convert(command, AnyCommand)
    actor = Actor(principal.subject, principal.role, principal.organisation)
    school = School.register(Provenance(TENANT, actor, "before-scoping", key), "k-1", "Школа", "")
    api.backend.application(TENANT).save(
        school, idempotency=IdempotencyRecord(key, request_hash(decoded), ())
    )


def test_a_key_recorded_before_scoping_still_replays_for_its_own_principal_only(api):
    command = {"type": "register_school", "school": "k-1", "name": "Школа"}
    _record_as_before_scoping(api, officer(), command, "old-key")
    events = api.count(TENANT)

    mine = api.post(TENANT, command, officer(), key="old-key")
    colleague = Principal("deputy@ru-16-kaybitsy", "municipal_officer", "ru-16", TENANT)
    theirs = api.post(TENANT, command, colleague, key="old-key")

    assert mine.status_code == 201 and mine.headers["idempotent-replayed"] == "true", mine.text
    assert mine.json()["events"][0]["type"] == "School.Registered"
    assert theirs.status_code == 409, theirs.text
    assert api.count(TENANT) == events


def test_a_commutative_command_retried_concurrently_with_one_key_answers_one_write(live_server):
    """Designating is retried after a lost race; a race lost to its own duplicate is a replay."""
    register(live_server.api, "k-1")
    command = {"type": "designate_school", "school": "k-1", "designation": "network_centre"}
    headers = live_server.api.headers(officer(), **{"Idempotency-Key": "designate-1"})

    def post(_):
        with httpx.Client(base_url=live_server.url, timeout=30) as client:
            return client.post(f"/api/v1/tenants/{TENANT}/commands", json=command, headers=headers)

    events = live_server.api.count(TENANT)
    with ThreadPoolExecutor(max_workers=6) as pool:
        responses = list(pool.map(post, range(6)))
    assert {r.status_code for r in responses} == {201}, [r.text for r in responses]
    assert len({r.text for r in responses}) == 1
    assert [r.headers.get("idempotent-replayed") for r in responses].count(None) == 1
    assert live_server.api.count(TENANT) == events + 1
