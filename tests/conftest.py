"""Backends for every storage test: a real SQLite file and a real PostgreSQL, never a mock."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator

import psycopg
import pytest

from cascade.pgcluster import ThrowawayCluster, wait_until_accepting
from tenants.backends import Backend, PostgresBackend, SQLiteBackend

_schemas = itertools.count(1)


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """CASCADE_TEST_PG_URL when given, else a throwaway cluster started for this session."""
    url = os.environ.get("CASCADE_TEST_PG_URL")
    if url:
        wait_until_accepting(url)
        yield url
        return
    cluster = ThrowawayCluster(durable=False)
    try:
        url = cluster.start()
        wait_until_accepting(url)
        yield url
    finally:
        cluster.stop()


@pytest.fixture
def pg_schema(pg_url: str) -> Iterator[str]:
    """A fresh schema per test, dropped afterwards, so tests never see each other's rows."""
    schema = f"test_{os.getpid()}_{next(_schemas)}"
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    yield schema
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgres"])
def backend_kind(request) -> str:
    return request.param


@pytest.fixture
def backend(backend_kind: str, tmp_path, request) -> Iterator[Backend]:
    """The same test runs on SQLite files and on PostgreSQL tables."""
    if backend_kind == "sqlite":
        store: Backend = SQLiteBackend(tmp_path / "store")
    else:
        url = request.getfixturevalue("pg_url")
        schema = request.getfixturevalue("pg_schema")
        store = PostgresBackend(url, schema=schema, pool_size=4)
    try:
        yield store
    finally:
        store.close()
