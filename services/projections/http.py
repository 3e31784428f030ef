"""What read endpoints share: the read side, `as_of`, read-your-writes, region scope."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from domain.base import DomainError
from services.auth import Forbidden
from services.context import authenticate, services_of
from services.projections.runner import wait_for_position
from services.projections.store import ViewStore
from services.projections.view import Tables, View
from tenants.backends import UnknownTenant
from tenants.registry import Tenant

#: How long a query with `position=` waits for the view to reach it.
READ_YOUR_WRITES_TIMEOUT = 5.0


@dataclass(frozen=True)
class ReadSide:
    """The view store and the views it serves."""

    store: ViewStore
    views: tuple[View, ...]

    def tables(self, view: type[View]) -> Tables:
        return self.store.reader_tables(view)


class ViewNotCaughtUp(DomainError):
    """The view has not yet reached the log position the client asked for."""

    code = "view-not-caught-up"

    def __init__(self, reached: int, wanted: int) -> None:
        super().__init__(f"the view is at position {reached}, not yet at {wanted}; retry shortly", "position")
        self.reached = reached


def read_side(connection: ASGIConnection) -> ReadSide:
    return services_of(connection).read  # type: ignore[attr-defined]


def as_of_date(tenant: Tenant, value: date | None) -> date:
    """Derived statuses are computed for this date: given, or today in the tenant's time zone."""
    return value or datetime.now(ZoneInfo(tenant.timezone)).date()


async def read_your_writes(
    connection: ASGIConnection, view: type[View], tenant_id: str, position: int | None
) -> None:
    """When the client names a log position, wait (bounded) until the view has read it."""
    if not position:
        return
    store = read_side(connection).store
    reached = await asyncio.to_thread(
        wait_for_position, store, view, tenant_id, position, READ_YOUR_WRITES_TIMEOUT
    )
    if reached < position:
        raise ViewNotCaughtUp(reached, position)


def region_of(connection: ASGIConnection) -> Tenant:
    region_id = connection.path_params["region_id"]
    region = services_of(connection).backend.registry.get(region_id)
    if region is None or region.kind != "region":
        raise UnknownTenant(region_id)
    return region


def region_reader_guard(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    """Region-wide views are for the region's operators and auditors."""
    principal = authenticate(connection)
    region = region_of(connection)
    if principal.region != region.id or principal.role not in ("region_operator", "auditor"):
        raise Forbidden()
