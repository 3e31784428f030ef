"""Where tenants live: one SQLite file each, or per-tenant tables on one shared PostgreSQL pool."""

from __future__ import annotations

import threading
import time
from abc import ABC, abstractmethod
from pathlib import Path

from eventsourcing.persistence import (
    InfrastructureFactory,
    IntegrityError,
    InternalError,
    ProgrammingError,
)
from eventsourcing.sqlite import SQLiteFactory
from eventsourcing.utils import Environment
from psycopg.conninfo import conninfo_to_dict

from tenants.application import TenantApplication
from tenants.key_tables import PostgresKeyStore, SQLiteKeyStore
from tenants.keys import KeyStore
from tenants.pg_datastore import FailFastDatastore, SharedPoolFactory
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


def table_prefix(tenant_id: str) -> str:
    """Tenant id as a SQL identifier prefix: `ru-16-kaybitsy` -> `t_ru_16_kaybitsy`."""
    return "t_" + tenant_id.replace("-", "_")


class PostgresBackend(Backend):
    """Production store: `<prefix>_events` and `<prefix>_idempotency` per tenant, one pool."""

    def __init__(
        self, url: str, schema: str = "public", pool_size: int = 10, lock_timeout: int = 5,
        registry: TenantRegistry | None = None,
    ) -> None:
        super().__init__()
        params = conninfo_to_dict(url)
        self.url = url
        self.schema = schema
        self.datastore = FailFastDatastore(
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
            # No pre-ping: it cost a round trip per checkout. A connection found dead fails its
            # statement; FailFastDatastore then replaces the pool's dead ones and the library's
            # retry runs it again (tests/fault/test_database_outage.py, test_write_path.py).
            pre_ping=False,
        )
        # A server of a placed installation (tenants/placement.py) reads the home server's registry.
        try:
            self.registry = registry if registry is not None else PostgresTenantRegistry(self.datastore, schema)
        except BaseException:  # the server down: the pool the registry opened is closed, not left to gc
            self.datastore.close()
            raise

    def _factory(self, tenant_id: str) -> InfrastructureFactory:
        return SharedPoolFactory(
            Environment(table_prefix(tenant_id), {"IS_SNAPSHOTTING_ENABLED": "y"}), self.datastore
        )

    def _keys(self, tenant_id: str, factory: InfrastructureFactory) -> KeyStore:
        """`t_<tenant>_person_keys` beside the tenant's other tables."""
        keys = PostgresKeyStore(self.datastore, table_prefix(tenant_id) + "_person_keys")
        keys.create_table()
        return keys

    def _close_shared(self) -> None:
        self.datastore.close()
