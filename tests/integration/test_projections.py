"""The projection runner on both backends: exactly once, resumable, rebuildable, gap-tolerant."""

from __future__ import annotations

import pytest
from eventsourcing.persistence import OperationalError

from cascade.app import open_view_database
from cascade.settings import Settings
from domain.base import Actor, Provenance
from domain.school import School
from services.projections.audit_trail.projection import AuditView
from services.projections.runner import ProjectionRunner
from services.projections.store import ViewStore
from tenants.changes import PollingFeed
from tenants.registry import Tenant

REGION = Tenant("ru-16", "region", "ru-16", "Республика Татарстан")
KAYBITSY = Tenant("ru-16-kaybitsy", "municipality", "ru-16", "Кайбицкий район")
LENINOGORSK = Tenant("ru-16-leninogorsk", "municipality", "ru-16", "Лениногорский район")


def meta(tenant: str) -> Provenance:
    return Provenance(tenant, Actor("officer", "municipal_officer", tenant), "corr")


@pytest.fixture
def setup(backend, tmp_path):
    for tenant in (REGION, KAYBITSY, LENINOGORSK):
        backend.provision(tenant)
    db = open_view_database(Settings(data_dir=str(tmp_path / "var")), backend)
    yield backend, ViewStore(db)
    db.close()


def write_schools(backend, tenant: str, count: int, start: int = 0) -> None:
    app = backend.application(tenant)
    for i in range(start, start + count):
        app.save(School.register(meta(tenant), f"s-{i}", f"Школа {i}"))


def audit_rows(store: ViewStore, tenant: str) -> list[tuple]:
    tables = store.reader_tables(AuditView)
    rows = store.db.query(
        tables.sql("SELECT position, stream_id, version, type, payload FROM {events} "
                   "WHERE tenant = ? ORDER BY position"), (tenant,))
    return [tuple(r.values()) for r in rows]


def whole_table(store: ViewStore, generation: int) -> list[tuple]:
    tables = AuditView.tables(generation)
    rows = store.db.query(tables.sql("SELECT * FROM {events} ORDER BY tenant, position"))
    return [tuple(r.values()) for r in rows]


def test_every_event_is_projected_once_and_positions_are_tracked(setup):
    backend, store = setup
    write_schools(backend, KAYBITSY.id, 7)
    write_schools(backend, LENINOGORSK.id, 3)
    runner = ProjectionRunner(backend, store, [AuditView()], batch=3)
    assert runner.run_once() == 10
    assert runner.run_once() == 0
    assert len(audit_rows(store, KAYBITSY.id)) == 7
    live = store.ensure_live(AuditView)
    assert store.positions(AuditView, live)[LENINOGORSK.id] == backend.application(LENINOGORSK.id).head_position()


def test_a_crash_between_processing_and_commit_loses_and_doubles_nothing(setup, monkeypatch):
    backend, store = setup
    write_schools(backend, KAYBITSY.id, 5)
    original = ViewStore.track_many
    calls = {"n": 0}

    def crash_on_second_batch(tx, tenant, keys, position):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OperationalError("power cut before commit")
        original(tx, tenant, keys, position)

    monkeypatch.setattr(ViewStore, "track_many", staticmethod(crash_on_second_batch))
    crashed = ProjectionRunner(backend, store, [AuditView()], batch=2)
    crashed.run_once()
    assert "power cut" in crashed.status().failing[KAYBITSY.id]
    assert [r[0] for r in audit_rows(store, KAYBITSY.id)] == [1, 2]
    assert store.parked() == []  # an outage is retried, never parked
    monkeypatch.setattr(ViewStore, "track_many", staticmethod(original))
    ProjectionRunner(backend, store, [AuditView()], batch=2).run_once()
    assert [r[3] for r in audit_rows(store, KAYBITSY.id)] == ["School.Registered"] * 5


def test_a_restarted_runner_resumes_where_the_last_one_stopped(setup):
    backend, store = setup
    write_schools(backend, KAYBITSY.id, 4)
    ProjectionRunner(backend, store, [AuditView()]).run_once()
    write_schools(backend, KAYBITSY.id, 3, start=4)
    assert ProjectionRunner(backend, store, [AuditView()]).run_once() == 3
    assert len(audit_rows(store, KAYBITSY.id)) == 7


def test_a_new_tenant_is_picked_up_without_a_restart(setup):
    backend, store = setup
    runner = ProjectionRunner(backend, store, [AuditView()])
    runner.run_once()
    newcomer = Tenant("ru-16-aksubaevo", "municipality", "ru-16", "Аксубаевский район")
    backend.provision(newcomer)
    write_schools(backend, newcomer.id, 2)
    assert runner.run_once() == 2


def test_gaps_in_positions_are_tolerated(setup):
    backend, store = setup
    app = backend.application(KAYBITSY.id)
    write_schools(backend, KAYBITSY.id, 1)
    from eventsourcing.persistence import IntegrityError
    with pytest.raises(IntegrityError):  # a failed insert consumes a sequence value on PostgreSQL
        app.save(School.register(meta(KAYBITSY.id), "s-0", "дубль"))
    write_schools(backend, KAYBITSY.id, 1, start=1)
    ProjectionRunner(backend, store, [AuditView()]).run_once()
    assert len(audit_rows(store, KAYBITSY.id)) == 2


def test_a_rebuild_fills_a_new_generation_while_the_old_serves_then_equals_it(setup):
    backend, store = setup
    write_schools(backend, KAYBITSY.id, 6)
    write_schools(backend, LENINOGORSK.id, 2)
    runner = ProjectionRunner(backend, store, [AuditView()])
    runner.run_once()
    before = audit_rows(store, KAYBITSY.id)
    generation = store.start_rebuild(AuditView)
    assert audit_rows(store, KAYBITSY.id) == before  # readers still on the old copy
    write_schools(backend, KAYBITSY.id, 2, start=6)
    runner.run_once()  # fills both the live and the new generation
    live = store.ensure_live(AuditView)
    assert store.positions(AuditView, generation) == store.positions(AuditView, live)
    assert whole_table(store, generation) == whole_table(store, live)  # row for row
    store.switch(AuditView, generation)
    assert store.ensure_live(AuditView) == generation
    rebuilt = audit_rows(store, KAYBITSY.id)
    assert len(rebuilt) == 8 and rebuilt[:6] == before


def test_a_long_backlog_of_one_tenant_does_not_delay_another_tenants_new_event(setup):
    """Issue 16 goal 3: tenants take turns by batch, so no head-of-line blocking across tenants."""
    backend, store = setup
    write_schools(backend, KAYBITSY.id, 40)  # the backlog: eight batches of five
    write_schools(backend, LENINOGORSK.id, 1)  # the other tenant's new event
    reached: list[tuple[str, int]] = []
    runner = ProjectionRunner(backend, store, [AuditView()], batch=5,
                              on_progress=lambda tenant, last: reached.append((tenant.id, last)))
    assert runner.run_once() == 41
    heads = {t: backend.application(t).head_position() for t in (KAYBITSY.id, LENINOGORSK.id)}
    done = {t: reached.index((t, head)) for t, head in heads.items()}
    assert done[LENINOGORSK.id] < done[KAYBITSY.id]
    assert [t for t, _ in reached[:done[LENINOGORSK.id]]].count(KAYBITSY.id) <= 1  # one batch at most
    assert len(audit_rows(store, KAYBITSY.id)) == 40


class _NewsOnce(PollingFeed):
    """A feed that reports one tenant's news once, as LISTEN/NOTIFY does mid-round."""

    def __init__(self, tenant: str) -> None:
        super().__init__()
        self.news = {tenant}

    def ready(self) -> set[str]:
        news, self.news = self.news, set()
        return news


def test_news_of_another_tenant_mid_round_is_projected_before_the_backlog_ends(setup):
    """Issue 16 goal 3: a woken tenant joins the turns at once, not after the round."""
    backend, store = setup
    write_schools(backend, KAYBITSY.id, 20)
    write_schools(backend, LENINOGORSK.id, 1)
    reached: list[str] = []
    runner = ProjectionRunner(backend, store, [AuditView()], feed=_NewsOnce(LENINOGORSK.id), batch=5,
                              on_progress=lambda tenant, last: reached.append(tenant.id))
    runner.run_once(only={KAYBITSY.id})
    assert reached.index(LENINOGORSK.id) == 1  # right after the backlog's first batch
    assert len(audit_rows(store, LENINOGORSK.id)) == 1
