"""The runner follows the logs live: LISTEN/NOTIFY on PostgreSQL, polling on SQLite."""

from __future__ import annotations

from cascade.app import InProcessProjector, open_read_side
from cascade.settings import Settings
from services.projections.audit_trail.projection import AuditView
from services.projections.rebuild import rebuild
from services.projections.runner import wait_for_position
from tests.integration.test_projections import KAYBITSY, LENINOGORSK, REGION, write_schools


def test_the_in_process_projector_follows_new_events_and_new_tenants(backend, tmp_path):
    for tenant in (REGION, KAYBITSY):
        backend.provision(tenant)
    read = open_read_side(Settings(data_dir=str(tmp_path / "var")), backend)
    projector = InProcessProjector(backend, read)
    projector.start()
    try:
        for i in range(5):  # each new event is read without anyone asking (bounded wait)
            write_schools(backend, KAYBITSY.id, 1, start=i)
            head = backend.application(KAYBITSY.id).head_position()
            assert wait_for_position(read.store, AuditView, KAYBITSY.id, head, timeout=10) >= head
        backend.provision(LENINOGORSK)
        write_schools(backend, LENINOGORSK.id, 2)
        head = backend.application(LENINOGORSK.id).head_position()
        assert wait_for_position(read.store, AuditView, LENINOGORSK.id, head, timeout=10) >= head
    finally:
        projector.stop()
        read.store.db.close()


def test_cascade_rebuild_replaces_the_live_copy_with_an_equal_one(backend, tmp_path):
    for tenant in (REGION, KAYBITSY, LENINOGORSK):
        backend.provision(tenant)
    write_schools(backend, KAYBITSY.id, 30)
    write_schools(backend, LENINOGORSK.id, 10)
    read = open_read_side(Settings(data_dir=str(tmp_path / "var")), backend)
    try:
        from services.projections.runner import ProjectionRunner

        ProjectionRunner(backend, read.store, read.views).run_once()
        for view in read.views:
            before = _snapshot(read, view)
            old = read.store.ensure_live(type(view))
            report = rebuild(backend, read.store, view)
            assert report.replaced == old and read.store.ensure_live(type(view)) == report.generation
            assert _snapshot(read, view) == before, view.name
    finally:
        read.store.db.close()


def _snapshot(read, view) -> dict[str, list[tuple]]:
    tables = read.tables(type(view))
    result = {}
    for name in view.schema:
        rows = read.store.db.query(f"SELECT * FROM {tables.physical(name)}")
        result[name] = sorted(tuple(str(v) for v in r.values()) for r in rows)
    return result
