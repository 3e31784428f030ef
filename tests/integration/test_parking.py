"""A poison event is parked, never freezes the read side, and is applied again on request."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from structlog.testing import capture_logs

from cascade.app import open_view_database
from cascade.settings import Settings
from domain.base import Actor, Provenance
from domain.school import School
from services.projections.audit_trail.projection import AuditView
from services.projections.models import all_views
from services.projections.overview.regional import regional_overview
from services.projections.parking import retry_parked
from services.projections.runner import ProjectionRunner, wait_for_position
from services.projections.schedule.projection import ScheduleView
from services.projections.store import ViewStore
from tenants.registry import Tenant
from tests import poison

TATARSTAN = Tenant("ru-16", "region", "ru-16", "Республика Татарстан")
KAYBITSY = Tenant("ru-16-kaybitsy", "municipality", "ru-16", "Кайбицкий район")
SMOLENSK_REGION = Tenant("ru-67", "region", "ru-67", "Смоленская область")
SMOLENSK = Tenant("ru-67-smolensk", "municipality", "ru-67", "город Смоленск")


def meta(tenant: str) -> Provenance:
    return Provenance(tenant, Actor("officer", "municipal_officer", tenant), "corr")


@pytest.fixture
def setup(backend, tmp_path):
    for tenant in (TATARSTAN, KAYBITSY, SMOLENSK_REGION, SMOLENSK):
        backend.provision(tenant)
    db = open_view_database(Settings(data_dir=str(tmp_path / "var")), backend)
    yield backend, ViewStore(db), all_views()
    db.close()


def write_poison(backend) -> int:
    return poison.write_poison(backend, KAYBITSY.id)


def write_school(backend, tenant: str, code: str) -> int:
    app = backend.application(tenant)
    app.save(School.register(meta(tenant), code, "Школа"))
    return app.head_position()


def test_a_poison_event_is_parked_and_another_regions_tenant_is_not_delayed(setup):
    backend, store, views = setup
    poison_at = write_poison(backend)
    runner = ProjectionRunner(backend, store, views, tries=3)
    thread = threading.Thread(target=runner.run_forever, kwargs={"idle_timeout": 0.05}, daemon=True)
    with capture_logs() as logs:
        thread.start()
        try:
            position = write_school(backend, SMOLENSK.id, "s-1")
            for view in views:
                assert wait_for_position(store, type(view), SMOLENSK.id, position, 10) >= position
            deadline = time.monotonic() + 30
            while not store.parked() and time.monotonic() < deadline:
                runner.stopping.wait(0.05)
        finally:
            runner.stop()
            thread.join(timeout=10)
    parked = store.parked()
    assert [(p.view, p.tenant, p.position, p.tries) for p in parked] == [
        (ScheduleView.name, KAYBITSY.id, poison_at, 3)
    ]
    assert "ValueError" in parked[0].error and parked[0].first_failed_at <= parked[0].last_failed_at
    assert store.parked(view=AuditView) == [] and store.parked(tenant=SMOLENSK.id) == []
    assert runner.status().degraded == [KAYBITSY.id]
    # The overview names the tenant whose figures miss the parked event (its schedule's).
    assert regional_overview(store, TATARSTAN, [KAYBITSY], date(2021, 12, 31)).degraded == [KAYBITSY.id]
    errors = [e for e in logs if e["log_level"] == "error" and e["event"] == "projection event parked"]
    assert [(e["view"], e["tenant"], e["position"]) for e in errors] == [
        (ScheduleView.name, KAYBITSY.id, poison_at)
    ]
    # The schedule view moved past the poison; every other view applied it.
    for view in views:
        live = store.ensure_live(type(view))
        assert store.positions(type(view), live)[KAYBITSY.id] >= poison_at


def test_later_events_of_the_poisoned_tenant_are_still_applied(setup):
    backend, store, views = setup
    write_poison(backend)
    after = write_school(backend, KAYBITSY.id, "k-2")
    runner = ProjectionRunner(backend, store, views, tries=2)
    runner.run_once()
    assert KAYBITSY.id in runner.failing and store.parked() == []
    runner.run_once()
    assert KAYBITSY.id not in runner.failing and len(store.parked()) == 1
    for view in views:
        live = store.ensure_live(type(view))
        assert store.positions(type(view), live)[KAYBITSY.id] == after


def test_a_nul_byte_written_past_the_api_never_blocks_the_tenant(setup, backend_kind):
    """PostgreSQL text cannot hold NUL: there the event is parked; SQLite keeps it as it is."""
    backend, store, views = setup
    app = backend.application(KAYBITSY.id)
    app.save(School.register(meta(KAYBITSY.id), "k-1", "a\u0000b"))
    after = write_school(backend, KAYBITSY.id, "k-2")
    runner = ProjectionRunner(backend, store, views, tries=1)
    runner.run_once()
    assert runner.failing == {}
    for view in views:
        live = store.ensure_live(type(view))
        assert store.positions(type(view), live)[KAYBITSY.id] == after
    parked = store.parked(tenant=KAYBITSY.id)
    if backend_kind == "postgres":
        assert parked and all("NUL" in p.error for p in parked)
    else:
        assert parked == []


def test_retry_parked_keeps_an_event_that_still_fails_parked(setup):
    backend, store, views = setup
    poison_at = write_poison(backend)
    runner = ProjectionRunner(backend, store, views, tries=1)
    runner.run_once()
    [before] = store.parked()
    report = retry_parked(backend, store, views)
    assert report.applied == [] and [p.position for p in report.still_parked] == [poison_at]
    [again] = store.parked()
    assert again.tries == before.tries + 1 and again.last_failed_at >= before.last_failed_at
    assert runner.status().degraded == [KAYBITSY.id]


def test_retry_parked_applies_an_event_once_the_view_is_fixed(setup, monkeypatch):
    backend, store, views = setup
    position = write_school(backend, KAYBITSY.id, "k-1")
    original = AuditView.process

    def broken(self, tx, tenant, event, at):
        raise KeyError("a bug in the view")

    monkeypatch.setattr(AuditView, "process", broken)
    runner = ProjectionRunner(backend, store, views, tries=1)
    runner.run_once()
    assert [(p.view, p.position) for p in store.parked()] == [(AuditView.name, position)]
    monkeypatch.setattr(AuditView, "process", original)  # the fix is deployed
    report = retry_parked(backend, store, views)
    assert [p.position for p in report.applied] == [position] and report.still_parked == []
    assert store.parked() == [] and runner.status().degraded == []
    tables = store.reader_tables(AuditView)
    rows = store.db.query(tables.sql("SELECT position FROM {events} WHERE tenant = ?"), (KAYBITSY.id,))
    assert [r["position"] for r in rows] == [position]


def test_cascade_project_parks_after_three_rounds_and_retry_parked_reports_it(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    from tenants.backends import SQLiteBackend

    env = {k: v for k, v in os.environ.items() if not k.startswith("CASCADE_")}
    env["CASCADE_DATA_DIR"] = str(tmp_path / "var")

    def cascade(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "cascade.cli", *args], capture_output=True,
                              text=True, env=env, timeout=300, cwd=Path(__file__).resolve().parents[2])

    assert cascade("init").returncode == 0
    assert cascade("tenants", "add-region", "ru-16", "--name", "Татарстан").returncode == 0
    assert cascade("tenants", "add-municipality", KAYBITSY.id, "--region", "ru-16",
                   "--name", "Кайбицкий район").returncode == 0
    backend = SQLiteBackend(tmp_path / "var")
    try:
        poison_at = write_poison(backend)
    finally:
        backend.close()
    for _ in range(3):  # one try per round; the count is kept in the view store across runs
        assert cascade("project", "--once").returncode == 0
    retried = cascade("project", "--retry-parked")
    assert retried.returncode == 1, retried.stderr
    assert "applied 0 parked events; 1 still parked" in retried.stderr
    assert f"schedule {KAYBITSY.id} position {poison_at}: ValueError" in retried.stderr
