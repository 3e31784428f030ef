"""Group commit: concurrent commands of one tenant decided in order, written in one transaction.

The test holds the tenant's leader lock while threads post their commands, so that all of them
are queued when it lets go: the first thread to get the lock then decides and writes them as one
batch (deterministic, no timing). Each thread gets its own answer; a refused command is refused
alone; every accepted one is in the log exactly once and the chain verifies.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import psycopg
import pytest

from domain.base import NotFound
from services.commands.catalogue.school import DesignateSchool
from tenants.backends import PostgresBackend
from tenants.chain import verify_log
from tests.integration.commands.facts import registered
from tests.integration.commands.scenario import MUNICIPALITY, OFFICER, TENANTS, Scenario


@pytest.fixture
def scenario(backend) -> Iterator[Scenario]:
    for tenant in TENANTS:
        backend.provision(tenant)
    yield Scenario(backend)


def _post_together(scenario: Scenario, posts: list[tuple[object, str | None]]) -> list[object]:
    """Each (command, key) from its own thread, all queued before any is decided."""
    app = scenario.backend.application(MUNICIPALITY.id)
    group = scenario.executor.groups.of(app)
    answers: list[object] = [None] * len(posts)

    def post(n: int, command: object, key: str | None) -> None:
        try:
            answers[n] = scenario.run(command, OFFICER, MUNICIPALITY, key)
        except Exception as error:  # the test judges it
            answers[n] = error

    threads = [threading.Thread(target=post, args=(n, c, k)) for n, (c, k) in enumerate(posts)]
    group.lock.acquire()
    try:
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 60
        while len(group.queue) < len(posts):  # a condition, polled: every thread has queued
            assert time.monotonic() < deadline, f"only {len(group.queue)} of {len(posts)} queued"
            time.sleep(0.01)
    finally:
        group.let_go()
    for thread in threads:
        thread.join(60)
    return answers


def _log(scenario: Scenario) -> list:
    app = scenario.backend.application(MUNICIPALITY.id)
    return list(app.recorder.select_notifications(start=1, limit=1000))


def _transactions(scenario: Scenario, positions: list[int]) -> int:
    """PostgreSQL: how many transactions wrote these events (their rows' xmin)."""
    backend = scenario.backend
    assert isinstance(backend, PostgresBackend)
    with psycopg.connect(backend.url) as conn:
        rows = conn.execute(
            f'SELECT DISTINCT xmin::text FROM "{backend.schema}"."t_ru_16_kaybitsy_events" '
            "WHERE notification_id = ANY(%s)", (positions,)).fetchall()
    return len(rows)


def test_concurrent_commands_are_decided_in_order_and_written_in_one_transaction(scenario, backend_kind):
    codes = [f"k-{n}" for n in range(1, 6)]
    scenario.given(*registered(*codes))
    posts: list[tuple[object, str | None]] = [
        (DesignateSchool(school=code, designation="network_centre"), f"designate-{code}") for code in codes
    ]
    posts.insert(2, (DesignateSchool(school="nowhere", designation="network_centre"), "designate-nowhere"))
    before = len(_log(scenario))
    answers = _post_together(scenario, posts)
    refused = answers.pop(2)
    assert isinstance(refused, NotFound), refused
    positions = []
    for accepted, replayed in answers:  # type: ignore[misc]
        assert not replayed
        [written] = accepted.events
        assert written.type == "School.Designated"
        positions.append(written.position)
    log = _log(scenario)
    assert len(log) == before + len(codes)  # each accepted one exactly once, the refused one absent
    assert sorted(positions) == [n.id for n in log[before:]]
    assert verify_log(scenario.backend.application(MUNICIPALITY.id).recorder, MUNICIPALITY.id).ok
    if backend_kind == "postgres":
        assert _transactions(scenario, positions) == 1


def test_commands_of_one_batch_see_each_others_decisions(scenario):
    """Two designations of one school in one batch: the second is decided after the first."""
    scenario.given(*registered("k-1"))
    answers = _post_together(scenario, [
        (DesignateSchool(school="k-1", designation="network_centre"), None),
        (DesignateSchool(school="k-1", designation="network_centre"), None),
    ])
    accepted = [a for a in answers if isinstance(a, tuple)]
    assert len(accepted) == 1, answers
    assert sum(n.topic.endswith("School.Designated") for n in _log(scenario)) == 1
    assert verify_log(scenario.backend.application(MUNICIPALITY.id).recorder, MUNICIPALITY.id).ok


def test_a_key_posted_twice_in_one_batch_is_written_once_and_replayed_once(scenario):
    scenario.given(*registered("k-1", "k-2"))
    same = DesignateSchool(school="k-1", designation="network_centre")
    answers = _post_together(scenario, [
        (same, "designate-k-1"), (same, "designate-k-1"),
        (DesignateSchool(school="k-2", designation="network_centre"), "designate-k-2"),
    ])
    assert all(isinstance(a, tuple) for a in answers), answers
    (first, replayed_first), (second, replayed_second), (_, replayed_other) = answers  # type: ignore[misc]
    assert sorted([replayed_first, replayed_second]) == [False, True] and not replayed_other
    assert first == second
    assert sum(n.topic.endswith("School.Designated") for n in _log(scenario)) == 2
    assert verify_log(scenario.backend.application(MUNICIPALITY.id).recorder, MUNICIPALITY.id).ok


def test_commands_waiting_for_a_batch_read_their_aggregates_before_it(scenario, backend_kind):
    """A command arriving while a leader decides reads the store in its own thread, not under the lock.

    The batch's decisions then find every aggregate in the cache: the leader reads nothing from the
    store, and the answers are those of the one-at-a-time path (each school designated once).
    """
    codes = [f"k-{n}" for n in range(1, 5)]
    scenario.given(*registered(*codes))
    app = scenario.backend.application(MUNICIPALITY.id)
    app.forget_aggregates()
    group = scenario.executor.groups.of(app)
    leading = threading.Event()
    loads_while_leading: list[object] = []
    load, lead = app.load, group._lead

    def counted_load(stream):
        if leading.is_set():
            loads_while_leading.append(stream)
        return load(stream)

    def timed_lead():
        leading.set()
        try:
            lead()
        finally:
            leading.clear()

    app.load, group._lead = counted_load, timed_lead  # type: ignore[method-assign]
    answers = _post_together(scenario, [
        (DesignateSchool(school=code, designation="network_centre"), None) for code in codes
    ])
    assert all(isinstance(a, tuple) and a[0].events for a in answers), answers
    assert loads_while_leading == []
    assert sum(n.topic.endswith("School.Designated") for n in _log(scenario)) == len(codes)
    assert verify_log(app.recorder, MUNICIPALITY.id).ok
    if backend_kind == "postgres":
        assert _transactions(scenario, [a[0].events[0].position for a in answers]) == 1  # type: ignore[index]
