"""The PostgreSQL side of the store: one pool shared by every tenant, failing fast when the server is down."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

import psycopg
from eventsourcing.persistence import (
    DatabaseError,
    DataError,
    InfrastructureFactory,
    IntegrityError,
    InterfaceError,
    InternalError,
    NotSupportedError,
    OperationalError,
    PersistenceError,
    ProgrammingError,
)
from eventsourcing.postgres import PostgresDatastore, PostgresFactory
from eventsourcing.utils import Environment

from tenants.recorders import PostgresTenantRecorder


class SharedPoolFactory(PostgresFactory):
    """PostgresFactory that reuses the backend's datastore instead of opening a pool per tenant."""

    application_recorder_class = PostgresTenantRecorder

    def __init__(self, env: Environment, datastore: PostgresDatastore) -> None:
        InfrastructureFactory.__init__(self, env)
        self.datastore = datastore

    def close(self) -> None:
        """The pool belongs to the backend, which closes it once."""


class StoreUnreachable(OperationalError):
    """PostgreSQL did not answer a direct connection attempt just now: refused without waiting."""


def connection_lost(error: BaseException | None) -> bool:
    """No connection in time (PoolTimeout), a dropped one, or the server shutting down.

    Not a lock timeout or a cancelled statement: those have their own SQLSTATE classes.
    """
    if isinstance(error, psycopg.InterfaceError):
        return True
    if not isinstance(error, psycopg.OperationalError):
        return False
    return error.sqlstate is None or error.sqlstate.startswith(("08", "57P"))


_TRANSLATIONS = (
    (psycopg.InterfaceError, InterfaceError), (psycopg.OperationalError, OperationalError),
    (psycopg.DataError, DataError), (psycopg.IntegrityError, IntegrityError),
    (psycopg.InternalError, InternalError), (psycopg.ProgrammingError, ProgrammingError),
    (psycopg.NotSupportedError, NotSupportedError), (psycopg.DatabaseError, DatabaseError),
)


def translated(error: psycopg.Error) -> Exception:
    """The library's exception for a psycopg one, as its own `get_connection` raises them."""
    for theirs, ours in _TRANSLATIONS:
        if isinstance(error, theirs):
            return ours(str(error))
    return PersistenceError(str(error))


class FailFastDatastore(PostgresDatastore):
    """A datastore that stops waiting for PostgreSQL once it knows the server is down.

    eventsourcing retries a failed read or write ten times, and each attempt waits up to the
    pool's timeout for a connection: with the server stopped a request hung for about a minute.
    Here, when a connection cannot be had or is lost, the server is tried directly (one short
    connection, outside the pool). If that fails too, the store is marked down and every request
    is refused at once with StoreUnreachable (503 with Retry-After) until a probe, at most one
    per `probe_interval`, finds the server again. If the server answers (it restarted, or came
    back), the pool's idle connections are checked and the dead ones replaced at once, instead
    of being checked out one by one with the pool's backoff between failures. Reconnection
    attempts of the pool give up after `reconnect_timeout`, so a fresh one starts on demand
    rather than after a long exponential backoff.
    """

    def __init__(
        self, *args: Any, probe_interval: float = 1.0, probe_timeout: int = 2,
        reconnect_timeout: float = 5.0, **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.pool.reconnect_timeout = reconnect_timeout
        assert isinstance(self.pool.kwargs, dict)
        # The pool's own connection attempts must not hang on an unreachable host either.
        self.pool.kwargs.setdefault("connect_timeout", max(int(self.pool.timeout), 2))
        # No server-side prepared statements: when a pipelined insert fails (a version conflict),
        # psycopg keeps names of statements the server never prepared in the connection's cache,
        # and every later use of that pooled connection answers `prepared statement "_pg3_N"
        # does not exist`. Parsing each statement again costs far less than one such failure.
        self.pool.kwargs["prepare_threshold"] = None
        self.probe_interval = probe_interval
        self.probe_timeout = probe_timeout
        self._down_lock = threading.Lock()
        self._checking = threading.Lock()
        self._down = False
        self._next_probe = 0.0
        self._local = threading.local()

    @contextmanager
    def bound(self) -> Iterator[None]:
        """One pool checkout for everything this thread reads and writes inside (one command).

        Re-entrant; the connection is checked out on first use. A connection lost meanwhile is
        dropped from the binding: the library's retry then takes a fresh one from the pool, and
        the dead one is discarded on return.
        """
        if getattr(self._local, "depth", 0):
            self._local.depth += 1
            try:
                yield
            finally:
                self._local.depth -= 1
            return
        self._local.depth = 1
        try:
            yield
        finally:
            self._local.depth = 0
            self.release()

    def release(self) -> None:
        """Give the bound connection back to the pool (e.g. while waiting); the next use takes one."""
        held = getattr(self._local, "held", None)
        self._local.conn = self._local.held = None
        if held is not None:
            held.close()

    def current_connection(self) -> Any:
        """The connection bound to this thread (by `bound`), checked out now if need be."""
        if not getattr(self._local, "depth", 0):
            return None
        with self.get_connection() as conn:
            return conn

    @contextmanager
    def get_connection(self) -> Iterator[Any]:
        if getattr(self._local, "depth", 0):
            conn = getattr(self._local, "conn", None)
            if conn is None or conn.broken or conn.closed:
                self.release()
                self._refuse_while_down()
                held = ExitStack()
                conn = held.enter_context(self._pooled())
                self._local.conn, self._local.held = conn, held
            try:
                yield conn
            except psycopg.Error as error:
                ours = translated(error)
                if connection_lost(error):
                    self.release()
                    self._after_lost(ours)
                raise ours from error
            return
        self._refuse_while_down()
        with self._pooled() as conn:
            yield conn

    @contextmanager
    def _pooled(self) -> Iterator[Any]:
        try:
            with super().get_connection() as conn:
                yield conn
        except (OperationalError, InterfaceError) as error:
            if connection_lost(error.__cause__):
                self._after_lost(error)
            raise

    def _after_lost(self, error: Exception) -> None:
        """A connection was lost: refuse at once if the server is down, else replace the dead ones."""
        if not self._reachable():
            with self._down_lock:
                self._down = True
                self._next_probe = time.monotonic() + self.probe_interval
            raise StoreUnreachable(str(error)) from error
        self._discard_broken_connections()

    def _refuse_while_down(self) -> None:
        with self._down_lock:
            if not self._down:
                return
            now = time.monotonic()
            if now < self._next_probe:
                raise StoreUnreachable("PostgreSQL is unreachable; retry later")
            self._next_probe = now + self.probe_interval
        if not self._reachable():
            raise StoreUnreachable("PostgreSQL is still unreachable; retry later")
        with self._down_lock:
            self._down = False
        self._discard_broken_connections()

    def _discard_broken_connections(self) -> None:
        """The server answers again: replace the pool's dead idle connections now (one caller)."""
        if not self._checking.acquire(blocking=False):
            return
        try:
            self.pool.check()
        except Exception:  # best effort: a dead connection left over fails once and is replaced
            pass
        finally:
            self._checking.release()

    def _reachable(self) -> bool:
        """One direct connection, outside the pool, with a short connect timeout."""
        params = {k: v for k, v in dict(self.pool.kwargs or {}).items() if k != "row_factory"}
        params["connect_timeout"] = self.probe_timeout
        try:
            with psycopg.connect(**params) as conn:
                conn.execute("SELECT 1")
            return True
        except psycopg.Error:
            return False
