"""A view whose tables or revision changed is rebuilt from position 0 at start, on both backends."""

from __future__ import annotations

import pytest
from structlog.testing import capture_logs

from cascade.app import open_view_database
from cascade.settings import Settings
from domain.base import Actor, Provenance
from domain.school import School
from services.projections.audit_trail.projection import AuditView
from services.projections.runner import ProjectionRunner
from services.projections.store import ViewStore
from services.projections.view import Index
from tenants.registry import Tenant

REGION = Tenant("ru-16", "region", "ru-16", "Республика Татарстан")
KAYBITSY = Tenant("ru-16-kaybitsy", "municipality", "ru-16", "Кайбицкий район")
REBUILT = "view rebuilt from position 0: its fingerprint changed"


class AuditRevised(AuditView):
    """The same view after a change of meaning: only its revision differs."""

    revision = AuditView.revision + 1


class AuditIndexed(AuditView):
    """The same view with one more index."""

    indexes = (*AuditView.indexes, Index("events", "type"))


@pytest.fixture
def setup(backend, tmp_path):
    backend.provision(REGION)
    backend.provision(KAYBITSY)
    db = open_view_database(Settings(data_dir=str(tmp_path / "var")), backend)
    app = backend.application(KAYBITSY.id)
    for i in range(4):
        app.save(School.register(Provenance(KAYBITSY.id, Actor("o", "municipal_officer", KAYBITSY.id), "c"),
                                 f"s-{i}", f"Школа {i}"))
    store = ViewStore(db)
    ProjectionRunner(backend, store, [AuditView()]).run_once()
    yield backend, store
    db.close()


def rows(store: ViewStore) -> list[tuple]:
    tables = store.reader_tables(AuditView)
    found = store.db.query(tables.sql("SELECT position, type FROM {events} ORDER BY position"))
    return [tuple(r.values()) for r in found]


def rebuilt_lines(logs: list[dict]) -> list[dict]:
    return [entry for entry in logs if entry["event"] == REBUILT]


def test_the_fingerprint_follows_tables_indexes_and_revision_not_whitespace():
    assert AuditRevised.fingerprint() != AuditView.fingerprint()
    assert AuditIndexed.fingerprint() != AuditView.fingerprint()

    class Respaced(AuditView):
        schema = {name: "  " + sql.replace(" ", "   ") for name, sql in AuditView.schema.items()}

    assert Respaced.fingerprint() == AuditView.fingerprint()


def test_an_unchanged_view_is_not_rebuilt_at_start(setup):
    backend, store = setup
    live, before = store.ensure_live(AuditView), rows(store)
    with capture_logs() as logs:
        assert store.reconcile([AuditView()]) == []
        assert ProjectionRunner(backend, store, [AuditView()]).run_once() == 0
    assert rebuilt_lines(logs) == []
    assert store.ensure_live(AuditView) == live and rows(store) == before


def test_a_changed_revision_rebuilds_the_view_once_from_position_0(setup):
    backend, store = setup
    before, live = rows(store), store.ensure_live(AuditView)
    with capture_logs() as logs:
        first = ProjectionRunner(backend, store, [AuditRevised()])
        assert first.run_once() == 4  # replayed from the start of the log
        second = ProjectionRunner(backend, store, [AuditRevised()])  # e.g. the server, started later
        assert second.run_once() == 0
        assert store.reconcile([AuditRevised]) == []
    [line] = rebuilt_lines(logs)
    assert line["view"] == "audit" and line["replaced_generation"] == live
    assert line["recorded"] == AuditView.fingerprint() and line["current"] == AuditRevised.fingerprint()
    assert store.ensure_live(AuditView) == line["generation"] != live
    assert rows(store) == before
    tables = store.db.query("SELECT view, generation FROM projection_generations WHERE view = 'audit'")
    assert [int(t["generation"]) for t in tables] == [line["generation"]]  # the old copy is dropped


def test_a_changed_index_rebuilds_the_view_and_creates_the_index(setup):
    backend, store = setup
    [reset] = store.reconcile([AuditIndexed])
    assert rows(store) == []  # empty until the runner replays it
    ProjectionRunner(backend, store, [AuditIndexed()]).run_once()
    assert len(rows(store)) == 4 and reset.generation == store.ensure_live(AuditView)


def test_a_store_built_before_fingerprints_is_rebuilt_once(setup):
    backend, store = setup
    with store.db.transaction() as tx:
        tx.execute("DELETE FROM projection_fingerprints")
    [reset] = store.reconcile([AuditView])
    assert reset.recorded is None and reset.current == AuditView.fingerprint()
    assert store.reconcile([AuditView]) == []
    ProjectionRunner(backend, store, [AuditView()]).run_once()
    assert len(rows(store)) == 4


def test_a_rebuild_begun_by_other_code_is_dropped(setup):
    backend, store = setup
    building = store.start_rebuild(AuditRevised)
    assert store.reconcile([AuditView]) == []  # the live copy is current
    assert store.building_generations(AuditView) == []
    assert building not in [int(r["generation"]) for r in store.db.query(
        "SELECT generation FROM projection_fingerprints WHERE view = 'audit'")]
