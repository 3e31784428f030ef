"""The aggregate cache per tenant is never trusted blindly: two processes on one store.

Each process (here: two backends on the same SQLite directory or PostgreSQL schema, each with
its own cache and known log head) keeps what it last wrote. When the other process wrote the
same stream meanwhile, a command decided on the cached aggregate fails its version check in the
save and is decided again from the store: refused if the store's state refuses it, written at
the right version if not, and the chain still verifies.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from domain.base import Actor, AlreadyExists, InvalidTransition, NotFound, Provenance
from domain.roles import MUNICIPAL_OFFICER
from domain.school import School
from services.commands.catalogue.school import DesignateSchool
from services.commands.session import VersionConflict
from tenants.aggregate_cache import StaleRead
from tenants.backends import Backend, PostgresBackend, SQLiteBackend
from tenants.chain import verify_log
from tests.integration.commands.facts import registered
from tests.integration.commands.scenario import MUNICIPALITY, TENANTS, Scenario, event


@pytest.fixture
def two(backend_kind, tmp_path, request) -> Iterator[tuple[Scenario, Scenario]]:
    def open_one() -> Backend:
        if backend_kind == "sqlite":
            return SQLiteBackend(tmp_path / "store")
        url, schema = request.getfixturevalue("pg_url"), request.getfixturevalue("pg_schema")
        return PostgresBackend(url, schema=schema, pool_size=2)

    first, second = open_one(), open_one()
    for tenant in TENANTS:
        first.provision(tenant)
    try:
        yield Scenario(first), Scenario(second)
    finally:
        first.close()
        second.close()


def _designated(scenario: Scenario) -> int:
    app = scenario.backend.application(MUNICIPALITY.id)
    return sum(n.topic.endswith("School.Designated") for n in app.recorder.select_notifications(start=1, limit=100))


def test_a_stale_cached_aggregate_is_reloaded_and_the_command_refused(two):
    a, b = two
    a.given(*registered("k-1"))  # a's cache: k-1 at version 1
    b.when(DesignateSchool(school="k-1", designation="network_centre")).then(event("School.Designated"))
    a.when(DesignateSchool(school="k-1", designation="network_centre")).then_refused(
        InvalidTransition, "designation")
    assert _designated(a) == 1
    assert verify_log(a.backend.application(MUNICIPALITY.id).recorder, MUNICIPALITY.id).ok


def test_an_expected_version_is_judged_against_the_store_not_the_cache(two):
    a, b = two
    a.given(*registered("k-1"))
    b.when(DesignateSchool(school="k-1", designation="network_centre")).then(event("School.Designated"))
    # The client saw version 2 (b's write): a's cache still says 1, the store says 2.
    a.when(DesignateSchool(school="k-1", designation="leader_school", expected_version=2)).then(
        event("School.Designated", designation="leader_school"))
    a.when(DesignateSchool(school="k-1", designation="base_support_site", expected_version=2)).then_refused(
        VersionConflict, "expected_version")
    assert verify_log(b.backend.application(MUNICIPALITY.id).recorder, MUNICIPALITY.id).ok


def test_a_save_whose_read_aggregate_moved_on_writes_nothing(two):
    """The check behind the cache: an aggregate only read is named with its version in `reads`."""
    a, b = two
    a.given(*registered("k-1", "k-2"))
    b.when(DesignateSchool(school="k-1", designation="network_centre")).then(event("School.Designated"))
    app = a.backend.application(MUNICIPALITY.id)
    k1, k2 = (app.repository.get(s) for s in (stream(a, "k-1"), stream(a, "k-2")))
    head = app.head_position()
    k2.designate(_meta(), "network_centre")
    with pytest.raises(StaleRead):
        app.save(k2, reads=[(k1.id, 1)])
    assert app.head_position() == head
    k2 = app.repository.get(stream(a, "k-2"))  # the failed save took the pending event
    k2.designate(_meta(), "network_centre")
    app.save(k2, reads=[(k1.id, 2)])
    assert app.head_position() == head + 1


def stream(scenario: Scenario, code: str):
    return School.stream_for(MUNICIPALITY.id, code)


def _meta() -> Provenance:
    return Provenance(MUNICIPALITY.id, Actor("officer@test", MUNICIPAL_OFFICER, MUNICIPALITY.id), "test")


def test_a_key_answered_by_another_process_is_replayed_though_the_cache_would_accept_it(two):
    """The key is checked by the save, not before deciding: a decision from a stale cache still replays."""
    a, b = two
    a.given(*registered("k-1"))  # a's cache: k-1 not designated yet
    designate = DesignateSchool(school="k-1", designation="network_centre")
    first = b.when(designate, key="designate-k-1")
    first.then(event("School.Designated"))
    again = a.when(designate, key="designate-k-1")
    assert again.error is None and again.replayed and again.accepted == first.accepted
    assert _designated(a) == 1
    assert verify_log(a.backend.application(MUNICIPALITY.id).recorder, MUNICIPALITY.id).ok


def test_a_stream_cached_as_absent_that_another_process_created_is_decided_from_the_store(two):
    """The cache remembers that a stream did not exist; the save checks it still does not."""
    a, b = two
    designate = DesignateSchool(school="k-1", designation="network_centre")
    a.when(designate).then_refused(NotFound, "school")  # a's cache: k-1 absent
    b.given(*registered("k-1"))
    a.when(designate).then(event("School.Designated"))  # refused on the cache, decided again from the store
    assert verify_log(a.backend.application(MUNICIPALITY.id).recorder, MUNICIPALITY.id).ok


def test_a_stream_created_elsewhere_after_it_was_cached_as_absent_is_not_created_twice(two):
    a, b = two
    a.when(DesignateSchool(school="k-1", designation="network_centre")).then_refused(NotFound, "school")
    b.given(*registered("k-1"))
    a.when(*registered("k-1")).then_refused(AlreadyExists, "school")
    assert sum(n.topic.endswith("School.Registered")
               for n in a.backend.application(MUNICIPALITY.id).recorder.select_notifications(start=1, limit=100)) == 1
    assert verify_log(a.backend.application(MUNICIPALITY.id).recorder, MUNICIPALITY.id).ok
