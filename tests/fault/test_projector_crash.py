"""kill -9 of `cascade project` mid-catch-up: the restarted projector leaves every view exact.

A few thousand events in five tenants (the demo through the command handlers, then bulk school
registrations); `cascade project` is killed with SIGKILL once some, but not all, tracking
positions are reached; `cascade project --once` then finishes. Every view's live generation must
equal a rebuild of itself from position 0, row for row, and every position must be at the head.
"""

from __future__ import annotations

import psycopg
import pytest

from cascade.app import load_calendars, open_read_side
from cascade.demo.loader import post_demo
from cascade.settings import Settings
from domain.base import Actor, Provenance
from domain.school import School
from services.commands.executor import CommandExecutor
from services.projections.audit_trail.projection import AuditView
from services.projections.models import all_views
from services.projections.rebuild import rebuild
from tenants.backends import PostgresBackend
from tests.fault.harness import cascade_env, kill, run_cli, spawn, tail, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.fault]

BULK_TENANTS = ("ru-16-kaybitsy", "ru-16-leninogorsk", "ru-67-smolensk")
BULK_PER_TENANT = 2000
BULK_BATCH = 100  # aggregates saved per transaction


def write_events(backend: PostgresBackend) -> dict[str, int]:
    """The demo's varied facts plus bulk registrations; returns each tenant's head position."""
    post_demo(backend, CommandExecutor(load_calendars(Settings())))
    for tenant in BULK_TENANTS:
        app = backend.application(tenant)
        meta = Provenance(tenant, Actor(f"officer@{tenant}", "municipal_officer", tenant), "bulk")
        for start in range(0, BULK_PER_TENANT, BULK_BATCH):
            app.save(*[
                School.register(meta, f"bulk-{i:05d}", f"Школа {i}", "с. Кайбицы")
                for i in range(start, start + BULK_BATCH)
            ])
    return {t.id: backend.application(t.id).head_position() for t in backend.registry.all()}


def tracking(url: str) -> dict[tuple[str, str], int]:
    """(view, tenant) -> position, for the live generation of each view; {} before it exists."""
    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            rows = conn.execute(
                "SELECT t.view, t.tenant, t.position FROM projection_tracking t "
                "JOIN projection_current c ON c.view = t.view AND c.generation = t.generation"
            ).fetchall()
    except psycopg.errors.UndefinedTable:
        return {}
    return {(view, tenant): int(position) for view, tenant, position in rows}


def snapshot(read, view) -> dict[str, list[str]]:
    """Every row of every table of the view's live generation, as sorted stringified tuples."""
    tables = read.tables(type(view))
    result = {}
    for name in view.schema:
        rows = read.store.db.query(f"SELECT * FROM {tables.physical(name)}")
        result[name] = sorted(str(tuple(str(v) for v in row.values())) for row in rows)
    return result


def test_a_killed_projector_resumes_into_views_equal_to_a_rebuild(fault_db, tmp_path):
    backend = PostgresBackend(fault_db, pool_size=2)
    try:
        heads = write_events(backend)
        assert sum(heads.values()) >= 3 * BULK_PER_TENANT
        env = cascade_env(fault_db, tmp_path / "var", checkpoint_interval=0)
        log = tmp_path / "project.log"
        views = [view.name for view in all_views(load_calendars(Settings()))]
        events = sum(len(backend.application(t).recorder.select_notifications(start=None, limit=10**6))
                     for t in heads)
        everything = {(view, tenant) for view in views for tenant in heads if heads[tenant]}

        def in_the_middle() -> dict[tuple[str, str], int] | None:
            reached = tracking(fault_db)
            if any(reached.values()) and any(reached.get(k, 0) < heads[k[1]] for k in everything):
                return reached
            assert projector.poll() is None, f"cascade project exited:\n{tail(log)}"
            return None

        projector = spawn(["project"], env, log)
        try:
            wait_until(in_the_middle, timeout=60, interval=0.01, what="a partly projected log")
            kill(projector)
        finally:
            kill(projector)

        at_kill = tracking(fault_db)
        behind = {k: at_kill.get(k, 0) for k in everything if at_kill.get(k, 0) < heads[k[1]]}
        assert behind, "the projector finished before it was killed: nothing to test"
        assert_audit_matches_tracking(backend, fault_db, at_kill)

        resumed = run_cli(env, "project", "--once")
        assert "projected" in resumed.stderr
        assert tracking(fault_db) == {k: heads[k[1]] for k in everything}

        read = open_read_side(Settings(store="postgres", pg_url=fault_db), backend)
        try:
            for view in read.views:
                before = snapshot(read, view)
                report = rebuild(backend, read.store, view)
                assert report.events == events
                after = snapshot(read, view)
                assert after == before, f"view {view.name} differs from its rebuild"
        finally:
            read.store.db.close()
        print(f"\nkilled with {len(behind)} of {len(everything)} (view, tenant) positions behind; "
              f"{events} events")
    finally:
        backend.close()


def assert_audit_matches_tracking(backend, url: str, at_kill: dict[tuple[str, str], int]) -> None:
    """What the killed batch wrote is gone with it: the audit rows are exactly those tracked."""
    with psycopg.connect(url, connect_timeout=5) as conn:
        [(generation,)] = conn.execute(
            "SELECT generation FROM projection_current WHERE view = %s", (AuditView.name,)
        ).fetchall()
        table = AuditView.tables(generation).physical("events")
        rows = conn.execute(f"SELECT tenant, position FROM {table}").fetchall()
    for tenant in backend.registry.all():
        done = at_kill.get(("audit", tenant.id), 0)
        recorder = backend.application(tenant.id).recorder
        expected = [n.id for n in recorder.select_notifications(start=None, limit=1_000_000)
                    if n.id <= done]
        assert sorted(p for t, p in rows if t == tenant.id) == expected, tenant.id
