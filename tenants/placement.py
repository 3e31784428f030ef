"""Tenants placed on several PostgreSQL servers by region (issue 16 goal 7b).

The home server (CASCADE_PG_URL) keeps the registry and every region not placed elsewhere; each
region named in CASCADE_PG_REGION_URLS lives, with all its municipalities, on its own server.
Each server is an ordinary PostgresBackend of its own tenants (one pool, one LISTEN connection,
the same per-tenant tables), so a region's logs, keys and views never leave its server, and a
request about one region opens connections to that region's server only.
"""

from __future__ import annotations

from eventsourcing.persistence import InfrastructureFactory

from tenants.application import TenantApplication
from tenants.backends import Backend, PostgresBackend, UnknownTenant
from tenants.keys import KeyStore
from tenants.registry import PlacedRegistry, Placement, PostgresTenantRegistry


class PlacedBackend(Backend):
    """Routes each tenant to its region's server; the registry is the home server's."""

    def __init__(
        self, url: str, regions: dict[str, str], schema: str = "public", pool_size: int = 10,
        lock_timeout: int = 5,
    ) -> None:
        self.servers: dict[str, PostgresBackend] = {}
        super().__init__()
        self.placement = Placement(url, regions)
        self.schema = schema
        home = PostgresBackend(url, schema=schema, pool_size=pool_size, lock_timeout=lock_timeout)
        self.registry = home.registry
        assert isinstance(self.registry, PostgresTenantRegistry)
        home.registry = PlacedRegistry(self.registry, self.placement, url)
        self.home = home
        self.servers[url] = home
        for other in self.placement.urls()[1:]:
            self.servers[other] = PostgresBackend(
                other, schema=schema, pool_size=pool_size, lock_timeout=lock_timeout,
                registry=PlacedRegistry(self.registry, self.placement, other),
            )

    @property
    def chain_key(self) -> bytes | None:
        return self._chain_key

    @chain_key.setter
    def chain_key(self, key: bytes | None) -> None:
        """Every server seals its tenants' links with the installation's one key."""
        self._chain_key = key
        for server in self.servers.values():
            server.chain_key = key

    @property
    def datastore(self):
        """The home server's pool (the registry and the root log live there)."""
        return self.home.datastore

    @property
    def url(self) -> str:
        return self.home.url

    def server_url(self, tenant_id: str) -> str:
        """The URL of the server holding the tenant; UnknownTenant if it is not registered."""
        tenant = self.registry.get(tenant_id)
        if tenant is None:
            raise UnknownTenant(tenant_id)
        return self.placement.url_of(tenant)

    def application(self, tenant_id: str) -> TenantApplication:
        return self.servers[self.server_url(tenant_id)].application(tenant_id)

    def _factory(self, tenant_id: str) -> InfrastructureFactory:
        return self.servers[self.server_url(tenant_id)]._factory(tenant_id)

    def _keys(self, tenant_id: str, factory: InfrastructureFactory) -> KeyStore:
        return self.servers[self.server_url(tenant_id)]._keys(tenant_id, factory)

    def _close_shared(self) -> None:
        for server in self.servers.values():
            server.close()
