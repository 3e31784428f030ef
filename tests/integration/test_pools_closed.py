"""Every connection pool the product opens, the product closes: on the failure paths too.

A psycopg_pool pool left open is closed by the garbage collector, which may run in one of the
pool's own threads: that thread cannot join itself, and pytest fails whichever test was running
(`Exception ignored in: ConnectionPool.__del__ … RuntimeError: cannot join current thread`). Here
every pool that reaches `__del__` still open is noted, so a pool left open fails these tests
every time, in whichever thread it would have been collected, instead of another test now and then.
"""

from __future__ import annotations

import gc
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from eventsourcing.persistence import OperationalError
from eventsourcing.postgres import PostgresDatastore
from psycopg_pool import ConnectionPool

from cascade.app import create_app, open_backend
from cascade.settings import ConfigurationError, Settings
from tenants.backends import PostgresBackend


@contextmanager
def pools_dropped_open(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The pools opened inside and not closed: collected still open, or still running after."""
    running = set(pool_threads())
    dropped: list[str] = []
    for owner in (ConnectionPool, PostgresDatastore):  # the store's datastore closes its pool in __del__
        monkeypatch.setattr(owner, "__del__", _noting(owner.__del__, dropped))
    yield dropped
    gc.collect()  # a pool held in a reference cycle (pool, connection, pool) is found here
    dropped.extend(sorted(set(pool_threads()) - running))


def _noting(collect: Callable[[Any], None], dropped: list[str]) -> Callable[[Any], None]:
    def noting(owner: Any) -> None:
        pool = getattr(owner, "pool", owner)
        if not getattr(pool, "_closed", True):
            dropped.append(pool.name)
        collect(owner)

    return noting


def pool_threads() -> list[str]:
    """The scheduler thread of each open psycopg_pool pool of this process."""
    return [thread.name for thread in threading.enumerate() if thread.name.endswith("-scheduler")]


def test_a_backend_whose_server_is_down_closes_the_pool_it_opened(monkeypatch) -> None:
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pools_dropped_open(monkeypatch) as dropped:
        with pytest.raises(OperationalError):  # its traceback let go before collecting
            PostgresBackend(f"host=127.0.0.1 port={port} dbname=postgres user=postgres connect_timeout=2", pool_size=1)
    assert dropped == []


def test_a_chain_key_that_cannot_be_read_closes_the_store_opened(pg_url, pg_schema, tmp_path, monkeypatch) -> None:
    settings = Settings(data_dir=str(tmp_path / "var"), store="postgres", pg_url=pg_url, pg_schema=pg_schema,
                        chain_key="not a key")
    with pools_dropped_open(monkeypatch) as dropped:
        with pytest.raises(ConfigurationError):  # its traceback let go before collecting
            open_backend(settings)
    assert dropped == []


def test_an_app_that_cannot_start_closes_the_views_it_opened(backend, tmp_path, monkeypatch) -> None:
    """The checkpoint key unreadable: the app fails after its view pool was opened, and closes it."""
    settings = Settings(data_dir=str(tmp_path / "var"), audit_key=str(tmp_path / "no-such-key.pem"))
    with pools_dropped_open(monkeypatch) as dropped:
        with pytest.raises(FileNotFoundError):  # its traceback let go before collecting
            create_app(settings, backend=backend)
    assert dropped == []


def test_an_app_closes_its_pools_at_shutdown(backend, tmp_path, monkeypatch) -> None:
    from litestar.testing import TestClient

    with pools_dropped_open(monkeypatch) as dropped:
        with TestClient(create_app(Settings(data_dir=str(tmp_path / "var")), backend=backend)) as client:
            assert client.get("/health/live").status_code == 200
    assert dropped == []
