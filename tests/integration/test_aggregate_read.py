"""A command's cold read (tenants.application `load`) gives the aggregate eventsourcing's repository gives.

On PostgreSQL it is one statement (newest snapshot and the events after it) instead of two; its
answer is compared with the library's own path: without a snapshot, from a snapshot with events
after it, and with a snapshot edited in the table (not trusted: the events decide).
"""

from __future__ import annotations

import pytest
from eventsourcing.application import AggregateNotFoundError

from domain.base import Actor, Provenance
from domain.school import School
from tests.integration.test_projections import KAYBITSY, REGION
from tests.integration.test_snapshots import another_process, edit_snapshots, long_roadmap


def _provisioned(backend):
    for tenant in (REGION, KAYBITSY):
        backend.provision(tenant)
    return backend.application(KAYBITSY.id)


def test_a_stream_without_a_snapshot_loads_as_the_repository_loads_it(backend):
    app = _provisioned(backend)
    school = School.register(Provenance(KAYBITSY.id, Actor("o", "municipal_officer", KAYBITSY.id), "c"),
                             "k-1", "Школа", "")
    app.save(school)
    assert vars(app.load(school.id)) == vars(app.repository.get(school.id))
    with pytest.raises(AggregateNotFoundError):
        app.load(School.stream_for(KAYBITSY.id, "nobody"))


def test_a_snapshot_and_the_events_after_it_load_as_the_repository_loads_them(backend):
    app = _provisioned(backend)
    loaded = long_roadmap(backend, 70)  # a snapshot at version 50, events up to 71
    assert list(app.snapshots.get(loaded.id))
    assert vars(app.load(loaded.id)) == vars(app.repository.get(loaded.id)) == vars(loaded)
    other = another_process(backend)  # its snapshots are checked against the events before use
    try:
        assert vars(other.application(KAYBITSY.id).load(loaded.id)) == vars(loaded)
    finally:
        other.close()


def test_a_snapshot_edited_in_the_table_is_not_used_by_the_one_statement_read(backend):
    _provisioned(backend)
    loaded = long_roadmap(backend, 60)
    edit_snapshots(backend, "Дорожная карта", "Подделка")
    other = another_process(backend)
    try:
        found = other.application(KAYBITSY.id).load(loaded.id)
        assert found.title == "Дорожная карта" and vars(found) == vars(loaded)
    finally:
        other.close()
