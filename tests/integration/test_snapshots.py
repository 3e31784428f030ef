"""Snapshots keep long streams fast, decode to the same state, and are never trusted by audits."""

from __future__ import annotations

from datetime import date

from domain.base import Actor, Provenance
from domain.roadmap import Evidence, Roadmap
from domain.schedule import Deadline, Monthly
from services.audit.time_travel import state_at
from tenants.application import SNAPSHOT_EVERY
from tests.integration.test_projections import KAYBITSY, REGION


def meta() -> Provenance:
    return Provenance(KAYBITSY.id, Actor("officer", "municipal_officer", KAYBITSY.id), "corr")


def long_roadmap(backend, items: int) -> Roadmap:
    app = backend.application(KAYBITSY.id)
    roadmap = Roadmap.approve(meta(), "rm-1", "k-1", "Дорожная карта", date(2021, 1, 1),
                              date(2021, 12, 31), date(2021, 2, 11))
    app.save(roadmap)
    for i in range(items):
        roadmap = app.repository.get(roadmap.id)
        schedule = Monthly(day=28, start=date(2021, 1, 1), end=date(2021, 12, 31)) if i % 2 else Deadline(due=date(2021, 3, 1))
        roadmap.add_item(meta(), f"i-{i}", "Раздел", f"Мероприятие {i}", schedule, ("ШНОР",))
        if i % 3 == 0:
            proof = (Evidence(kind="document", reference=f"Приказ {i}"),)
            if i % 2:  # a monthly item: its first occurrence (W7), so records are in the snapshot too
                first = roadmap.occurrences(f"i-{i}")[0].key
                roadmap.complete_occurrence(meta(), f"i-{i}", first, date(2021, 1, 28), proof)
            else:
                roadmap.complete_item(meta(), f"i-{i}", date(2021, 2, 28), proof)
        app.save(roadmap)
    return app.repository.get(roadmap.id)


def test_a_long_stream_is_snapshotted_and_loads_to_the_same_state(backend):
    for tenant in (REGION, KAYBITSY):
        backend.provision(tenant)
    loaded = long_roadmap(backend, 70)
    app = backend.application(KAYBITSY.id)
    snapshots = list(app.snapshots.get(loaded.id))
    assert snapshots and all(s.originator_version % SNAPSHOT_EVERY == 0 for s in snapshots)
    replayed = None
    for event in app.events.get(loaded.id):
        replayed = event.mutate(replayed)
    assert vars(loaded) == vars(replayed)
    assert loaded.items["i-3"].occurrences[0].done_on == date(2021, 1, 28)
    assert loaded.items["i-6"].completed_on == date(2021, 2, 28)


def test_audit_replays_ignore_a_tampered_snapshot(backend):
    for tenant in (REGION, KAYBITSY):
        backend.provision(tenant)
    loaded = long_roadmap(backend, 60)
    app = backend.application(KAYBITSY.id)
    [snapshot] = list(app.snapshots.get(loaded.id))
    snapshot.state["title"] = "Подделка"
    app.snapshots.put([type(snapshot)(originator_id=snapshot.originator_id,
                                      originator_version=snapshot.originator_version + 1,
                                      timestamp=snapshot.timestamp, topic=snapshot.topic,
                                      state=snapshot.state)])
    assert state_at(app, KAYBITSY.id, str(loaded.id)).state["title"] == "Дорожная карта"


def edit_snapshots(backend, old: str, new: str) -> None:
    """Someone with write access to the tables rewrites what the snapshots say."""
    import sqlite3

    import psycopg

    from tenants.backends import SQLiteBackend, table_prefix

    if isinstance(backend, SQLiteBackend):
        with sqlite3.connect(backend.tenant_file(KAYBITSY.id)) as conn:
            changed = conn.execute("UPDATE stored_snapshots SET state = CAST(REPLACE(CAST(state AS TEXT), ?, ?) AS BLOB)",
                                   (old, new)).rowcount
    else:
        table = f"{backend.schema}.{table_prefix(KAYBITSY.id)}_snapshots"
        with psycopg.connect(backend.url, autocommit=True) as conn:
            changed = conn.execute(f"UPDATE {table} SET state = convert_to(replace(convert_from(state, 'UTF8'), %s, %s), 'UTF8')",
                                   (old, new)).rowcount
    assert changed


def another_process(backend):
    """A second backend on the same store: it knows nothing this one wrote."""
    from tenants.backends import PostgresBackend, SQLiteBackend

    if isinstance(backend, SQLiteBackend):
        return SQLiteBackend(backend.directory)
    return PostgresBackend(backend.url, schema=backend.schema)


def test_a_snapshot_edited_in_the_table_is_not_trusted_and_the_events_decide(backend):
    for tenant in (REGION, KAYBITSY):
        backend.provision(tenant)
    loaded = long_roadmap(backend, 60)
    edit_snapshots(backend, "Дорожная карта", "Подделка")
    app = backend.application(KAYBITSY.id)
    assert app.repository.get(loaded.id).title == "Дорожная карта"
    # A process that never saw the snapshot written checks it against the events before use.
    other = another_process(backend)
    try:
        assert other.application(KAYBITSY.id).repository.get(loaded.id).title == "Дорожная карта"
    finally:
        other.close()


def test_an_untouched_snapshot_is_trusted_after_one_check(backend):
    for tenant in (REGION, KAYBITSY):
        backend.provision(tenant)
    loaded = long_roadmap(backend, 60)
    other = another_process(backend)
    try:
        app = other.application(KAYBITSY.id)
        [snapshot] = list(app.snapshots.get(loaded.id))
        assert snapshot.originator_version == SNAPSHOT_EVERY
        assert vars(app.repository.get(loaded.id)) == vars(loaded)
    finally:
        other.close()
