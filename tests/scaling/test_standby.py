"""Issue 16 goal 7a: the read side served from a PostgreSQL hot standby (streaming replication).

A real primary and a real standby (`pg_basebackup -R`) on loopback, started once for the module.
Commands and the projector write on the primary; the API's queries read the standby; a query
with `position=` waits until the standby's copy of the view has read that far.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
from litestar.testing import TestClient

import services.projections.http
from cascade.app import create_app
from cascade.pgcluster import ThrowawayCluster, ThrowawayStandby, wait_until_accepting
from cascade.settings import ConfigurationError, Settings
from services.projections.database import PostgresViewDatabase
from services.projections.runner import ProjectionRunner
from services.projections.store import ViewStore
from tenants.backends import PostgresBackend
from tests.e2e.helpers import TENANT, TENANTS, Api, officer, ok, wait_until

SCHOOLS = f"/api/v1/tenants/{TENANT}/registers/schools"
_schemas = itertools.count(1)


@pytest.fixture(scope="module")
def clusters() -> Iterator[tuple[str, str]]:
    """A primary and its hot standby, streaming over loopback (fsync off, as the other tests')."""
    primary = ThrowawayCluster(durable=False)
    standby: ThrowawayStandby | None = None
    try:
        wait_until_accepting(primary.start())
        standby = ThrowawayStandby(primary)
        wait_until_accepting(standby.start())
        yield primary.url, standby.url
    finally:
        if standby is not None:
            standby.stop()
        primary.stop()


@pytest.fixture
def api(clusters, tmp_path) -> Iterator[Api]:
    primary, standby = clusters
    schema = f"standby_{os.getpid()}_{next(_schemas)}"
    with psycopg.connect(primary, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    backend = PostgresBackend(primary, schema=schema, pool_size=4)
    for tenant in TENANTS:
        backend.provision(tenant)
    settings = Settings(data_dir=str(tmp_path / "var"), store="postgres", pg_url=primary,
                        pg_schema=schema, pg_read_url=standby)
    try:
        with TestClient(create_app(settings, backend=backend), raise_server_exceptions=False) as client:
            yield Api(client, settings, backend)
    finally:
        backend.close()
        with psycopg.connect(primary, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


def project_on_primary(api: Api) -> None:
    """The projector writes the views on the primary (as `cascade project` does)."""
    read = api.client.app.state.services.read
    db = PostgresViewDatabase(api.settings.pg_url, schema=api.settings.pg_schema)
    try:
        ProjectionRunner(api.backend, ViewStore(db), read.views).run_once()
    finally:
        db.close()


@contextmanager
def replay_paused(standby: str) -> Iterator[None]:
    """The standby receives WAL but applies none of it: a standby lagging as far as we like."""
    with psycopg.connect(standby, autocommit=True) as conn:
        conn.execute("SELECT pg_wal_replay_pause()")
        wait_until(lambda: conn.execute("SELECT pg_get_wal_replay_pause_state()").fetchone()[0]
                   == "paused", "replay paused")
        try:
            yield
        finally:
            conn.execute("SELECT pg_wal_replay_resume()")


def school_codes(response) -> set[str]:
    assert response.status_code == 200, response.text
    return {row["school"] for row in response.json()["rows"]}


def register(api: Api, code: str) -> int:
    return ok(api, {"type": "register_school", "school": code, "name": f"Школа {code}"})["position"]


def test_goal_7a_a_read_with_its_position_is_answered_from_the_standby_with_the_change(api, clusters):
    position = register(api, "k-1")
    project_on_primary(api)
    assert "k-1" in school_codes(api.get(SCHOOLS, officer(), position=position))


def test_goal_7a_a_read_without_position_may_lag_one_with_it_waits_for_the_standby(
    api, clusters, monkeypatch
):
    monkeypatch.setattr(services.projections.http, "READ_YOUR_WRITES_TIMEOUT", 0.3)
    project_on_primary(api)
    with replay_paused(clusters[1]):
        position = register(api, "k-2")
        project_on_primary(api)  # the primary's view has k-2; the standby has not replayed it
        assert "k-2" not in school_codes(api.get(SCHOOLS, officer()))
        waited = api.get(SCHOOLS, officer(), position=position)
        assert waited.status_code == 503, waited.text
        assert waited.json()["type"] == "/problems/view-not-caught-up"
        assert waited.headers["retry-after"]
    assert "k-2" in school_codes(api.get(SCHOOLS, officer(), position=position))


def test_goal_7a_the_standby_refuses_writes_and_the_service_sends_it_none(api, clusters):
    with psycopg.connect(clusters[1], autocommit=True) as conn:
        assert conn.execute("SELECT pg_is_in_recovery()").fetchone()[0] is True
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            conn.execute(f"CREATE TABLE {api.settings.pg_schema}.intruder (id int)")
    # Writes reaching the read side through the API (feed tokens are a register of secrets kept
    # beside the views) land on the primary.
    tokens = f"/api/v1/tenants/{TENANT}/feed-tokens"
    issued = api.client.post(tokens, headers=api.headers(officer()))
    assert issued.status_code == 201, issued.text
    listed = api.get(tokens, officer())
    assert [t["id"] for t in listed.json()] == [issued.json()["id"]]


def test_goal_7a_a_standby_needs_the_postgres_store():
    with pytest.raises(ConfigurationError, match="CASCADE_PG_READ_URL"):
        Settings(pg_read_url="postgresql://postgres@127.0.0.1:1/postgres").check()
