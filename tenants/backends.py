"""Where tenants live: one SQLite file each, or per-tenant tables on one shared PostgreSQL pool."""

from __future__ import annotations

import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from eventsourcing.persistence import (
    InfrastructureFactory,
    IntegrityError,
    InterfaceError,
    InternalError,
    OperationalError,
    ProgrammingError,
)
from eventsourcing.postgres import PostgresDatastore, PostgresFactory
from eventsourcing.sqlite import SQLiteFactory
from eventsourcing.utils import Environment
from psycopg.conninfo import conninfo_to_dict

from tenants.application import TenantApplication
from tenants.key_tables import PostgresKeyStore, SQLiteKeyStore
from tenants.keys import KeyStore
from tenants.recorders import PostgresTenantRecorder
from tenants.registry import PostgresTenantRegistry, SQLiteTenantRegistry, Tenant, TenantRegistry


class UnknownTenant(LookupError):
    """No such tenant is registered."""


class Backend(ABC):
    """Opens each tenant's Application once and keeps it for the life of the process."""

    registry: TenantRegistry

    def __init__(self) -> None:
        self._apps: dict[str, TenantApplication] = {}
        self._lock = threading.Lock()
        self.chain_key: bytes | None = None
        """Seals every chain link written (tenants.chain.seal); set before any tenant is opened."""

    def application(self, tenant_id: str) -> TenantApplication:
        """The tenant's application; raises UnknownTenant for an unregistered id."""
        app = self._apps.get(tenant_id)
        if app is not None:
            return app
        if self.registry.get(tenant_id) is None:
            raise UnknownTenant(tenant_id)
        with self._lock:
            app = self._apps.get(tenant_id)
            if app is None:
                app = self._open(tenant_id)
                app.name = tenant_id
                app.recorder.tenant_id = tenant_id  # type: ignore[attr-defined]
                app.recorder.chain_key = self.chain_key  # type: ignore[attr-defined]
                self._apps[tenant_id] = app
        return app

    def _open(self, tenant_id: str, attempts: int = 5) -> TenantApplication:
        """Open (and create, if new) a tenant's tables; two processes may race to create them."""
        for attempt in range(1, attempts + 1):
            try:
                factory = self._factory(tenant_id)
                return TenantApplication(tenant_id, factory, keys=self._keys(tenant_id, factory))
            except (InternalError, IntegrityError, ProgrammingError):
                # PostgreSQL: "tuple concurrently updated" when another process creates the
                # same tables at that moment; the next attempt finds them created.
                if attempt == attempts:
                    raise
                time.sleep(0.05 * attempt)
        raise AssertionError("unreachable")

    def provision(self, tenant: Tenant) -> bool:
        """Register a tenant and create its storage; False if it already existed."""
        created = self.registry.add(tenant)
        self.application(tenant.id)
        return created

    def close(self) -> None:
        with self._lock:
            for app in self._apps.values():
                app.close()
            self._apps.clear()
        self._close_shared()

    @abstractmethod
    def _factory(self, tenant_id: str) -> InfrastructureFactory:
        """Infrastructure for one tenant's application."""

    @abstractmethod
    def _keys(self, tenant_id: str, factory: InfrastructureFactory) -> KeyStore:
        """The tenant's person keys, beside its log (created on first open)."""

    @abstractmethod
    def _close_shared(self) -> None:
        """Release what all tenants share."""


class SQLiteBackend(Backend):
    """Embedded default: `<dir>/tenants/<tenant>.sqlite`, registry in `<dir>/registry.sqlite`."""

    def __init__(self, directory: Path, lock_timeout: int = 10) -> None:
        super().__init__()
        self.directory = Path(directory)
        (self.directory / "tenants").mkdir(parents=True, exist_ok=True)
        self.lock_timeout = lock_timeout
        self.registry = SQLiteTenantRegistry(self.directory / "registry.sqlite")

    def tenant_file(self, tenant_id: str) -> Path:
        return self.directory / "tenants" / f"{tenant_id}.sqlite"

    def _close_shared(self) -> None:
        """Nothing is shared: each tenant's file closes with its application."""

    def _keys(self, tenant_id: str, factory: InfrastructureFactory) -> KeyStore:
        """`person_keys` in the tenant's own file."""
        keys = SQLiteKeyStore(factory.datastore)  # type: ignore[attr-defined]
        keys.create_table()
        return keys

    def _factory(self, tenant_id: str) -> InfrastructureFactory:
        return SQLiteFactory(
            Environment(
                tenant_id,
                {
                    "SQLITE_DBNAME": str(self.tenant_file(tenant_id)),
                    "IS_SNAPSHOTTING_ENABLED": "y",
                    "SQLITE_LOCK_TIMEOUT": str(self.lock_timeout),
                    "APPLICATION_RECORDER_TOPIC": "tenants.recorders:SQLiteTenantRecorder",
                },
            )
        )


class _SharedPoolFactory(PostgresFactory):
    """PostgresFactory that reuses the backend's datastore instead of opening a pool per tenant."""

    application_recorder_class = PostgresTenantRecorder

    def __init__(self, env: Environment, datastore: PostgresDatastore) -> None:
        InfrastructureFactory.__init__(self, env)
        self.datastore = datastore

    def close(self) -> None:
        """The pool belongs to the backend, which closes it once."""


class StoreUnreachable(OperationalError):
    """PostgreSQL did not answer a direct connection attempt just now: refused without waiting."""


def _connection_lost(error: BaseException | None) -> bool:
    """No connection in time (PoolTimeout), a dropped one, or the server shutting down.

    Not a lock timeout or a cancelled statement: those have their own SQLSTATE classes.
    """
    if isinstance(error, psycopg.InterfaceError):
        return True
    if not isinstance(error, psycopg.OperationalError):
        return False
    return error.sqlstate is None or error.sqlstate.startswith(("08", "57P"))


class _FailFastDatastore(PostgresDatastore):
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

    @contextmanager
    def get_connection(self) -> Iterator[Any]:
        self._refuse_while_down()
        try:
            with super().get_connection() as conn:
                yield conn
        except (OperationalError, InterfaceError) as error:
            if _connection_lost(error.__cause__):
                if not self._reachable():
                    with self._down_lock:
                        self._down = True
                        self._next_probe = time.monotonic() + self.probe_interval
                    raise StoreUnreachable(str(error)) from error
                self._discard_broken_connections()
            raise

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
        except Exception:  # best effort: the pool still checks each connection on checkout
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


def table_prefix(tenant_id: str) -> str:
    """Tenant id as a SQL identifier prefix: `ru-16-kaybitsy` -> `t_ru_16_kaybitsy`."""
    return "t_" + tenant_id.replace("-", "_")


class PostgresBackend(Backend):
    """Production store: `<prefix>_events` and `<prefix>_idempotency` per tenant, one pool."""

    def __init__(
        self, url: str, schema: str = "public", pool_size: int = 10, lock_timeout: int = 5
    ) -> None:
        super().__init__()
        params = conninfo_to_dict(url)
        self.url = url
        self.schema = schema
        self.datastore = _FailFastDatastore(
            dbname=str(params.get("dbname", "postgres")),
            host=str(params.get("host", "127.0.0.1")),
            port=str(params.get("port", "5432")),
            user=str(params.get("user", "postgres")),
            password=str(params.get("password", "")),
            connect_timeout=int(params.get("connect_timeout", 5)),
            pool_size=pool_size,
            max_overflow=pool_size,
            lock_timeout=lock_timeout,
            schema=schema,
            pre_ping=True,
        )
        self.registry = PostgresTenantRegistry(self.datastore, schema)

    def _factory(self, tenant_id: str) -> InfrastructureFactory:
        return _SharedPoolFactory(
            Environment(table_prefix(tenant_id), {"IS_SNAPSHOTTING_ENABLED": "y"}), self.datastore
        )

    def _keys(self, tenant_id: str, factory: InfrastructureFactory) -> KeyStore:
        """`t_<tenant>_person_keys` beside the tenant's other tables."""
        keys = PostgresKeyStore(self.datastore, table_prefix(tenant_id) + "_person_keys")
        keys.create_table()
        return keys

    def _close_shared(self) -> None:
        self.datastore.close()
