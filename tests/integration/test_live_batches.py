"""Live batches of the projector: their traffic on PostgreSQL, and views equal to a full replay.

The statements and round trips of a live event (batch size 1, the bench's chains of commands) are
counted from libpq's trace (bench/live_lag.py) and asserted, so they cannot creep back; the
schedule view's streams kept between batches (schedule/memo.py) must leave every row as a full
replay of the same log leaves it, also when another runner wrote in between.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import msgspec
import psycopg
import pytest

from bench.generate import generate
from bench.live_lag import SMALL, live_traffic
from bench.run import Chains
from cascade.app import load_calendars, open_view_database
from cascade.settings import Settings
from services.commands.api import AnyCommand
from services.commands.executor import CommandExecutor
from services.projections.database import PostgresViewDatabase, SQLiteViewDatabase, ViewDatabase
from services.projections.models import all_views
from services.projections.runner import ProjectionRunner
from services.projections.store import ViewStore
from tenants.backends import PostgresBackend

SHAPE = replace(SMALL, scale=0.5, years=1, region="live")
#: Per live event at batch size 1: statements and round trips on the view database.
STATEMENTS, ROUND_TRIPS = 15, 6


@pytest.fixture
def region(backend):
    return generate(backend, SHAPE)


def _commands(backend, chains: Chains, executor: CommandExecutor):
    chain = chains.next()
    app = backend.application(chain.tenant.id)
    for step, (principal, body) in enumerate(chain.steps):
        command = msgspec.convert(body, AnyCommand, strict=False)
        executor.execute(app, chain.tenant, principal, command, f"{chains.tag}-{chain.code}-{step}", f"{chain.code}-{step}")
        yield chain.tenant.id


def _rows(store: ViewStore, view) -> dict[str, list[tuple]]:
    tables = store.reader_tables(type(view))
    return {name: sorted(tuple(str(v) for v in r.values()) for r in store.db.query(f"SELECT * FROM {tables.physical(name)}"))
            for name in view.schema}


def test_a_live_event_costs_few_statements_and_round_trips(backend_kind, backend, region):
    if backend_kind != "postgres":
        pytest.skip("libpq's trace counts PostgreSQL traffic")
    traffic = live_traffic(backend, region, all_views(), chains=1, batch=1)
    assert traffic.events == 14
    statements, round_trips = traffic.per_event()
    assert statements <= STATEMENTS and round_trips <= ROUND_TRIPS, (statements, round_trips)
    # The schedule view's streams were kept from the catch-up: no batch reads them all again.
    assert not any("SELECT * FROM v_schedule_streams" in text for text in traffic.texts)


def test_views_followed_live_equal_a_full_replay_when_another_runner_writes_between(backend, region, tmp_path):
    live = ViewStore(open_view_database(Settings(data_dir=str(tmp_path / "live")), backend))
    views = all_views()
    try:
        ProjectionRunner(backend, live, views).run_once()
        executor, chains = CommandExecutor(load_calendars(Settings())), Chains(region, "eq")
        runner = ProjectionRunner(backend, live, views, batch=1)
        for tenant in _commands(backend, chains, executor):
            runner.run_once({tenant})
        # Another runner (its own views and store: nothing it keeps is shared) projects the first
        # half of a chain, up to its roadmap's approval; this runner the rest (the roadmap's items).
        other = ViewStore(open_view_database(Settings(data_dir=str(tmp_path / "live")), backend))
        try:
            for step, tenant in enumerate(_commands(backend, chains, executor)):
                if step < 7:
                    ProjectionRunner(backend, other, all_views(), batch=2).run_once({tenant})
                else:
                    runner.run_once({tenant})
        finally:
            other.db.close()
        got = {view.name: _rows(live, view) for view in views}
    finally:
        live.db.close()
    with _replay_database(backend, tmp_path) as db:
        replayed = ViewStore(db)
        ProjectionRunner(backend, replayed, all_views()).run_once()
        assert {view.name: _rows(replayed, view) for view in views} == got


@contextmanager
def _replay_database(backend, tmp_path) -> Iterator[ViewDatabase]:
    """Views of their own: another file, or another PostgreSQL schema."""
    if not isinstance(backend, PostgresBackend):
        db: ViewDatabase = SQLiteViewDatabase(tmp_path / "replay" / "views.sqlite")
        try:
            yield db
        finally:
            db.close()
        return
    schema = f"{backend.schema}_replay"
    with psycopg.connect(backend.url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    db = PostgresViewDatabase(backend.url, schema=schema, pool_size=1)
    try:
        yield db
    finally:
        db.close()
        with psycopg.connect(backend.url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
