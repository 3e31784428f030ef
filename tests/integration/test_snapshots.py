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
            roadmap.complete_item(meta(), f"i-{i}", date(2021, 2, 28),
                                  (Evidence(kind="document", reference=f"Приказ {i}"),))
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
    assert loaded.items["i-3"].completed_on == date(2021, 2, 28)


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
