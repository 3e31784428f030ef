"""What read endpoints share: the read side, `as_of`, read-your-writes, region scope."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.di import Provide
from litestar.handlers.base import BaseRouteHandler

from domain.base import DomainError, InvalidValue
from domain.roles import REGION_OVERSEERS, SCHOOL_USER
from services.auth import Forbidden, Principal
from services.context import authenticate, services_of
from services.projections.inputs import bounded_date, bounded_instant, plain_text
from services.projections.runner import wait_for_position
from services.projections.scratch import ScratchReplays
from services.projections.store import ViewStore
from services.projections.view import Tables, View
from tenants.backends import UnknownTenant
from tenants.registry import Tenant

#: How long a query with `position=` waits for the view to reach it.
READ_YOUR_WRITES_TIMEOUT = 5.0


@dataclass(frozen=True)
class ReadSide:
    """The view store and the views it serves (and scratch replays of past instants)."""

    store: ViewStore
    views: tuple[View, ...]
    scratch: ScratchReplays | None = None
    route: Callable[[str], ReadSide | None] | None = None
    """Tenants placed on other servers (tenants/placement.py): the read side of a tenant's server."""

    def tables(self, view: type[View]) -> Tables:
        return self.store.reader_tables(view)

    def serving(self, tenant_id: str) -> ReadSide:
        """The read side holding this tenant's (or region's) views: its server's, else this one."""
        placed = self.route(tenant_id) if self.route is not None else None
        return placed or self


class ViewNotCaughtUp(DomainError):
    """The view has not yet reached the log position the client asked for."""

    code = "view-not-caught-up"

    def __init__(self, reached: int, wanted: int) -> None:
        super().__init__(f"the view is at position {reached}, not yet at {wanted}; retry shortly", "position")
        self.reached = reached


def knowledge_instant(connection: ASGIConnection | None) -> datetime | None:
    """`at=`: answer from what the logs held at that instant (None: now, from the live views)."""
    raw = connection.query_params.get("at") if connection is not None else None
    return bounded_instant(raw, "at")


def read_side(connection: ASGIConnection) -> ReadSide:
    """The live views, or with `at=` a scratch copy replayed up to that instant."""
    live = services_of(connection).read
    scope_id = connection.path_params.get("tenant_id") or connection.path_params.get("region_id")
    if scope_id:
        live = live.serving(scope_id)
    instant = knowledge_instant(connection)
    if instant is None or live.scratch is None:
        return live
    registry = services_of(connection).backend.registry
    if "tenant_id" in connection.path_params:
        scope = [connection.path_params["tenant_id"]]
    else:
        region_id = connection.path_params["region_id"]
        scope = [region_id, *(t.id for t in registry.municipalities(region_id))]
    return ReadSide(live.scratch.store_at(scope, instant), live.views, live.scratch)


def as_of_date(tenant: Tenant, value: date | None, connection: ASGIConnection | None = None) -> date:
    """Derived statuses are computed for this date: given, else the day of `at=`, else today."""
    if value is not None:
        bounded_date(value, "as_of")
        return value
    instant = knowledge_instant(connection)
    return (instant or datetime.now(ZoneInfo(tenant.timezone))).astimezone(ZoneInfo(tenant.timezone)).date()


async def read_your_writes(
    connection: ASGIConnection, view: type[View], tenant_id: str, position: int | None
) -> None:
    """When the client names a log position, wait (bounded) until the view has read it."""
    if not position or knowledge_instant(connection) is not None:
        return
    # A position the log has not reached was never answered to anyone: no wait can bring it.
    app = services_of(connection).backend.application(tenant_id)
    head = await asyncio.to_thread(app.head_position)
    if position > head:
        raise InvalidValue("position", f"the log of {tenant_id} ends at position {head}")
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
    if principal.region != region.id or principal.role not in REGION_OVERSEERS:
        raise Forbidden()


def school_scope(principal: Principal, school: str | None) -> str | None:
    """The school to filter by: a school user sees only its own school, whatever it asks."""
    plain_text(school, "school")
    if principal.role != SCHOOL_USER:
        return school
    if principal.school is None or (school is not None and school != principal.school):
        raise Forbidden("a school user sees only its own school")
    return principal.school


def provide_read_side(request: Request) -> ReadSide:
    """Dependency `read`: the live views, or a replay up to `at=`."""
    return read_side(request)


def provide_region(request: Request) -> Tenant:
    """Dependency `region` of the region-wide endpoints: the region named in the path."""
    return region_of(request)


READ_DEPENDENCIES = {"read": Provide(provide_read_side, sync_to_thread=False)}
#: For handlers under /regions/{region_id}: declared on those handlers only.
REGION_DEPENDENCIES = {"region": Provide(provide_region, sync_to_thread=False)}
