"""The write path's round trips on PostgreSQL, counted from libpq's own trace of each connection.

A command is one pool checkout, and its save is one statement (the tenant's save function:
lock, idempotency check, events, chain links, idempotency row, NOTIFY, commit) in one round
trip; the key is not looked up before it, and an aggregate not in the cache is read in one
statement (newest snapshot and the events after it). The counts are asserted, so a statement
added to the path fails here.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from psycopg.pq import Trace

from cascade.pgcluster import wait_until_accepting
from services.commands.catalogue.school import DesignateSchool
from tenants.backends import PostgresBackend
from tenants.chain import verify_log
from tests.integration.commands.facts import registered
from tests.integration.commands.scenario import MUNICIPALITY, OFFICER, TENANTS, Scenario, event

#: Statements and round trips of a keyed command changing one existing aggregate, whose
#: aggregate is not in the cache: its snapshot and events in one read, the save (which checks the key).
COLD = (2, 2)
#: The same command when the aggregate was just written by this process: no read back.
WARM = (1, 1)


@dataclass
class Traffic:
    statements: int
    round_trips: int
    text: str


@contextmanager
def traced(conn) -> Iterator[list[Traffic]]:
    """libpq's protocol trace of one connection: each Execute or Query sent, each ReadyForQuery."""
    found: list[Traffic] = []
    with tempfile.TemporaryFile("w+b") as log:
        conn.pgconn.trace(log.fileno())
        conn.pgconn.set_trace_flags(Trace.SUPPRESS_TIMESTAMPS | Trace.REGRESS_MODE)
        try:
            yield found
        finally:
            conn.pgconn.untrace()
            log.seek(0)
            text = log.read().decode(errors="replace")
    sent = re.findall(r"^F\t\d+\t(Execute|Query)\b", text, re.M)
    ready = re.findall(r"^B\t\d+\tReadyForQuery\b", text, re.M)
    found.append(Traffic(len(sent), len(ready), text))


@pytest.fixture
def pg(pg_url, pg_schema) -> Iterator[Scenario]:
    store = PostgresBackend(pg_url, schema=pg_schema, pool_size=2)
    for tenant in TENANTS:
        store.provision(tenant)
    try:
        yield Scenario(store)
    finally:
        store.close()


def _command_traffic(scenario: Scenario, command, key: str) -> Traffic:
    """The traffic of one command on the connection the executor binds for it."""
    app = scenario.backend.application(MUNICIPALITY.id)
    with app.unit():
        conn = app.factory.datastore.current_connection()  # type: ignore[attr-defined]
        with traced(conn) as traffic:
            scenario.run(command, OFFICER, MUNICIPALITY, key)
    return traffic[0]


def test_a_command_is_one_pool_checkout(pg):
    pg.given(*registered("k-1"))
    pool = pg.backend.datastore.pool  # type: ignore[attr-defined]
    before = pool.get_stats().get("requests_num", 0)
    pg.run(DesignateSchool(school="k-1", designation="network_centre"), OFFICER,
           MUNICIPALITY, "designate-k-1")
    assert pool.get_stats().get("requests_num", 0) - before == 1


def test_a_cold_command_writes_in_one_statement_after_one_read_each(pg):
    pg.given(*registered("k-1"))
    pg.backend.application(MUNICIPALITY.id).forget_aggregates()
    traffic = _command_traffic(pg, DesignateSchool(school="k-1", designation="network_centre"), "d-1")
    assert (traffic.statements, traffic.round_trips) == COLD, traffic.text


def test_an_aggregate_just_written_is_not_read_back(pg):
    pg.given(*registered("k-1"))
    traffic = _command_traffic(pg, DesignateSchool(school="k-1", designation="network_centre"), "d-1")
    assert (traffic.statements, traffic.round_trips) == WARM, traffic.text


def test_trace_sees_every_statement(pg):
    """The counter itself: two plain statements are two statements in two round trips."""
    app = pg.backend.application(MUNICIPALITY.id)
    with app.unit():
        conn = app.factory.datastore.current_connection()  # type: ignore[attr-defined]
        with traced(conn) as traffic:
            conn.execute("SELECT 1")
            conn.execute("SELECT 2")
    assert (traffic[0].statements, traffic[0].round_trips) == (2, 2)


def test_a_restarted_postgresql_is_survived_without_a_pre_ping(tmp_path):
    """Every idle connection of the pool dies with the server; the next command still succeeds.

    Nothing pings a connection on checkout any more: the dead one fails its first statement,
    the datastore replaces the pool's dead connections, and the library's retry runs it again.
    """
    from tests.fault.harness import RestartableCluster

    cluster = RestartableCluster()
    try:
        url = cluster.start()
        wait_until_accepting(url)
        store = PostgresBackend(url, pool_size=2)
        try:
            for tenant in TENANTS:
                store.provision(tenant)
            scenario = Scenario(store)
            scenario.given(*registered("k-1"))
            cluster.stop_server()
            cluster.start_server()
            wait_until_accepting(url)
            scenario.when(*registered("k-2"), key="after-restart").then(event("School.Registered", code="k-2"))
            scenario.when(DesignateSchool(school="k-1", designation="network_centre")).then(
                event("School.Designated"))
            assert verify_log(store.application(MUNICIPALITY.id).recorder, MUNICIPALITY.id).ok
        finally:
            store.close()
    finally:
        cluster.stop()
