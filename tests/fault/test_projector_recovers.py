"""PostgreSQL restarts under a running `cascade project`: it listens again and catches up."""

from __future__ import annotations

import time
from collections.abc import Iterator

import psycopg
import pytest

from cascade.pgcluster import wait_until_accepting
from domain.base import Actor, Provenance
from domain.school import School
from tenants.backends import PostgresBackend
from tests.fault.harness import (
    MUNICIPALITY,
    RestartableCluster,
    cascade_env,
    kill,
    provision,
    spawn,
    tail,
    wait_until,
)

pytestmark = [pytest.mark.postgres, pytest.mark.fault]


@pytest.fixture
def cluster() -> Iterator[RestartableCluster]:
    own = RestartableCluster()
    try:
        wait_until_accepting(own.start())
        yield own
    finally:
        own.stop()


def write(url: str, start: int, count: int) -> int:
    backend = PostgresBackend(url, pool_size=2)
    try:
        app = backend.application(MUNICIPALITY)
        meta = Provenance(MUNICIPALITY, Actor("fault", "municipal_officer", MUNICIPALITY), "fault")
        app.save(*[School.register(meta, f"r-{i}", f"Школа {i}") for i in range(start, start + count)])
        return app.head_position()
    finally:
        backend.close()


def audit_position(url: str) -> int:
    try:
        with psycopg.connect(url, connect_timeout=2) as conn:
            row = conn.execute(
                "SELECT t.position FROM projection_tracking t JOIN projection_current c "
                "ON c.view = t.view AND c.generation = t.generation "
                "WHERE t.view = 'audit' AND t.tenant = %s", (MUNICIPALITY,)).fetchone()
    except psycopg.Error:
        return -1
    return int(row[0]) if row else 0


def test_the_projector_follows_again_after_a_database_restart(cluster, tmp_path):
    env = cascade_env(cluster.url, tmp_path / "var", checkpoint_interval=0)
    provision(env)
    head = write(cluster.url, 0, 20)
    log = tmp_path / "project.log"
    projector = spawn(["project"], env, log)
    try:
        wait_until(lambda: audit_position(cluster.url) >= head, 30, what="first catch-up")
        cluster.stop_server()
        time.sleep(2)  # the projector sees its connections die
        cluster.start_server()
        wait_until_accepting(cluster.url)
        head = write(cluster.url, 20, 20)
        wait_until(lambda: audit_position(cluster.url) >= head, 30,
                   what=f"catch-up after the restart; projector log:\n{tail(log)}")
        assert projector.poll() is None, tail(log)
    finally:
        kill(projector)
