"""Wiring of the read side past one server: a hot standby, and regions on servers of their own.

Each server keeps the views of its own tenants, in the same schema as their logs: one view
store per server, one projection runner per server (following that server's logs only), and
queries routed to the store of the server holding the tenant or region in the path.
"""

from __future__ import annotations

from contextlib import ExitStack
from typing import TYPE_CHECKING

from services.projections.database import PostgresViewDatabase
from services.projections.http import ReadSide
from services.projections.standby import StandbyViewDatabase
from services.projections.store import ViewStore
from tenants.backends import Backend, UnknownTenant
from tenants.placement import PlacedBackend

if TYPE_CHECKING:
    from cascade.settings import Settings


class ServerRoute:
    """`ReadSide.route`: the read side of the server holding a tenant (None: the home server's)."""

    def __init__(self, backend: PlacedBackend, sides: dict[str, ReadSide]) -> None:
        self.backend = backend
        self.sides = sides

    def __call__(self, tenant_id: str) -> ReadSide | None:
        try:
            return self.sides.get(self.backend.server_url(tenant_id))
        except UnknownTenant:
            return None  # the endpoint's own tenant lookup answers 404

    def close(self) -> None:
        for side in self.sides.values():
            side.store.db.close()


def placed_read_side(backend: Backend, home: ReadSide) -> ReadSide:
    """`home` (the home server's views) routing every placed region to its own server's views."""
    if not isinstance(backend, PlacedBackend):
        return home
    sides: dict[str, ReadSide] = {}
    with ExitStack() as on_error:  # a server that fails to open: the pools opened before closed
        on_error.callback(lambda: ServerRoute(backend, sides).close())
        for url in backend.placement.urls()[1:]:
            store = ViewStore(PostgresViewDatabase(url, schema=backend.schema))
            sides[url] = ReadSide(store, home.views, home.scratch)
            store.reconcile(home.views)
        on_error.pop_all()
    return ReadSide(home.store, home.views, home.scratch, ServerRoute(backend, sides))


def server_sides(backend: Backend, read: ReadSide) -> list[tuple[Backend, ReadSide]]:
    """What one projection runner follows and fills: each server's tenants and its views."""
    if not isinstance(backend, PlacedBackend) or not isinstance(read.route, ServerRoute):
        return [(backend, read)]
    return [(server, read.route.sides.get(url, read)) for url, server in backend.servers.items()]


def close_placed(read: ReadSide) -> None:
    """Release the other servers' view pools (the home's closes with the read side's store)."""
    if isinstance(read.route, ServerRoute):
        read.route.close()


def close_read_side(read: ReadSide) -> None:
    """Release all `open_read_side` opened, each even when one before it fails to close."""
    with ExitStack() as closing:  # run in reverse: the other servers', the scratch, the home's
        closing.callback(read.store.db.close)
        if read.scratch is not None:
            closing.callback(read.scratch.close)
        closing.callback(close_placed, read)


def side_of(backend: Backend, read: ReadSide, tenant_id: str) -> tuple[Backend, ReadSide]:
    """The server's backend and views holding one tenant (a rebuild there sees its tenants only)."""
    if not isinstance(backend, PlacedBackend):
        return backend, read
    return backend.servers[backend.server_url(tenant_id)], read.serving(tenant_id)


def open_standby_side(settings: Settings, read: ReadSide) -> ReadSide:
    """The API's queries: from the hot standby CASCADE_PG_READ_URL when one is set, else `read`.

    Writes (the projector, feed tokens) stay on the primary (services/projections/standby.py).
    """
    if not settings.pg_read_url or not isinstance(read.store.db, PostgresViewDatabase):
        return read
    primary = read.store.db
    replica = PostgresViewDatabase(settings.pg_read_url, schema=primary.schema)
    with ExitStack() as on_error:
        on_error.callback(replica.close)
        db = StandbyViewDatabase(primary, replica)
        db.catch_up(settings.startup_wait_seconds)  # the generations the primary just made, on the standby
        on_error.pop_all()
    return ReadSide(ViewStore(db), read.views, read.scratch, read.route)
