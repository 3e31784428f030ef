"""Registry of regions and their municipalities: which tenants exist and where each belongs."""

from __future__ import annotations

import re
import sqlite3
import threading
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import msgspec

TENANT_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
TenantId = Annotated[str, msgspec.Meta(pattern=TENANT_PATTERN, min_length=2, max_length=40)]
_TENANT_RE = re.compile(TENANT_PATTERN)


class Tenant(msgspec.Struct, frozen=True):
    """A region (its own tenant for region-level facts) or a municipality of exactly one region."""

    id: str
    kind: Literal["region", "municipality"]
    region_id: str
    name: str
    timezone: str = "Europe/Moscow"


class RegistryError(ValueError):
    """Provisioning refused: bad id, unknown region, duplicate or mismatched tenant."""


def validate_tenant(tenant: Tenant, region: Tenant | None) -> None:
    """Check a tenant before it is provisioned."""
    if not _TENANT_RE.match(tenant.id) or not 2 <= len(tenant.id) <= 40:
        raise RegistryError(f"tenant id {tenant.id!r} must be lowercase words joined by '-'")
    try:
        ZoneInfo(tenant.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise RegistryError(f"unknown time zone {tenant.timezone!r}") from None
    if tenant.kind == "region":
        if tenant.region_id != tenant.id:
            raise RegistryError("a region's tenant id is its region id")
    elif region is None or region.kind != "region":
        raise RegistryError(f"region {tenant.region_id!r} is not registered")


class TenantRegistry(ABC):
    """Tenants kept in one small table; cached in memory, reloaded when a tenant is unknown."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cache: dict[str, Tenant] = {}

    def get(self, tenant_id: str) -> Tenant | None:
        tenant = self._cache.get(tenant_id)
        if tenant is None and _TENANT_RE.match(tenant_id):
            self._reload()
            tenant = self._cache.get(tenant_id)
        return tenant

    def all(self) -> list[Tenant]:
        self._reload()
        return sorted(self._cache.values(), key=lambda t: (t.region_id, t.kind != "region", t.id))

    def municipalities(self, region_id: str) -> list[Tenant]:
        return [t for t in self.all() if t.region_id == region_id and t.kind == "municipality"]

    def add(self, tenant: Tenant) -> bool:
        """Provision a tenant; False when the very same tenant already exists."""
        existing = self.get(tenant.id)
        if existing is not None:
            if existing != tenant:
                raise RegistryError(f"tenant {tenant.id} exists with other attributes")
            return False
        validate_tenant(tenant, self.get(tenant.region_id))
        self._insert(tenant)
        with self._lock:
            self._cache[tenant.id] = tenant
        return True

    def _reload(self) -> None:
        rows = self._select_all()
        with self._lock:
            self._cache = {t.id: t for t in rows}

    @abstractmethod
    def _select_all(self) -> list[Tenant]:
        """Every registered tenant, from the store."""

    @abstractmethod
    def _insert(self, tenant: Tenant) -> None:
        """Persist a validated new tenant."""


_COLUMNS = "id, kind, region_id, name, timezone"


class SQLiteTenantRegistry(TenantRegistry):
    """Registry in its own SQLite file beside the tenants' files."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        with self._connect() as conn:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS tenants (id TEXT PRIMARY KEY, kind TEXT NOT NULL, "
                "region_id TEXT NOT NULL, name TEXT NOT NULL, timezone TEXT NOT NULL)"
            )

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10)

    def _select_all(self) -> list[Tenant]:
        with self._connect() as conn:
            rows = conn.execute(f"SELECT {_COLUMNS} FROM tenants").fetchall()
        return [Tenant(*row) for row in rows]

    def _insert(self, tenant: Tenant) -> None:
        with self._connect() as conn:
            conn.execute(
                f"INSERT INTO tenants ({_COLUMNS}) VALUES (?,?,?,?,?)",
                (tenant.id, tenant.kind, tenant.region_id, tenant.name, tenant.timezone),
            )


class PostgresTenantRegistry(TenantRegistry):
    """Registry as the `cascade_tenants` table of the shared schema."""

    def __init__(self, datastore, schema: str) -> None:
        from psycopg.sql import SQL, Identifier

        super().__init__()
        self.datastore = datastore
        table = Identifier(schema, "cascade_tenants")
        self._select = SQL(f"SELECT {_COLUMNS} FROM {{}}").format(table)
        self._insert_sql = SQL(
            f"INSERT INTO {{}} ({_COLUMNS}) VALUES (%s,%s,%s,%s,%s) ON CONFLICT DO NOTHING"
        ).format(table)
        with datastore.transaction(commit=True) as curs:
            curs.execute(
                SQL(
                    "CREATE TABLE IF NOT EXISTS {} (id text PRIMARY KEY, kind text NOT NULL, "
                    "region_id text NOT NULL, name text NOT NULL, timezone text NOT NULL)"
                ).format(table)
            )

    def _select_all(self) -> list[Tenant]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._select)
            rows = curs.fetchall()
        return [Tenant(r["id"], r["kind"], r["region_id"], r["name"], r["timezone"]) for r in rows]

    def _insert(self, tenant: Tenant) -> None:
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(
                self._insert_sql,
                (tenant.id, tenant.kind, tenant.region_id, tenant.name, tenant.timezone),
            )


class Placement:
    """Which PostgreSQL server holds each region: the region's tenant and every municipality of it.

    A region named in `regions` lives on that server's URL; every other region on `home`, which
    also keeps the registry itself. A tenant's log, its person keys and its views are all on its
    region's server, so nothing of one region is stored on another's.
    """

    def __init__(self, home: str, regions: dict[str, str]) -> None:
        for region_id in regions:
            if not _TENANT_RE.match(region_id):
                raise RegistryError(f"region id {region_id!r} must be lowercase words joined by '-'")
        self.home = home
        self.regions = dict(regions)

    def url_of(self, tenant: Tenant) -> str:
        return self.regions.get(tenant.region_id, self.home)

    def urls(self) -> list[str]:
        """Every server, the home first."""
        return [self.home, *sorted(set(self.regions.values()) - {self.home})]


class PlacedRegistry(TenantRegistry):
    """The tenants one server holds: a read-only view of the registry kept on the home server."""

    def __init__(self, registry: TenantRegistry, placement: Placement, url: str) -> None:
        super().__init__()
        self.registry = registry
        self.placement = placement
        self.url = url

    def _select_all(self) -> list[Tenant]:
        return [t for t in self.registry.all() if self.placement.url_of(t) == self.url]

    def _insert(self, tenant: Tenant) -> None:
        raise RegistryError("tenants are provisioned in the registry of the home server")
