"""GET overview: per municipality and in total, as JSON, CSV or XLSX, and its live stream."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import AsyncIterator
from datetime import date
from typing import Annotated, Any

from anyio import to_thread
from litestar import Request, Response, get
from litestar.connection import ASGIConnection
from litestar.di import NamedDependency
from litestar.handlers.base import BaseRouteHandler
from litestar.params import QueryParameter
from litestar.response import ServerSentEvent, ServerSentEventMessage

from services.context import Services
from services.projections.export import FORMAT_HELP, Format, heading, tabular
from services.projections.http import REGION_DEPENDENCIES, ReadSide, as_of_date, region_reader_guard
from services.projections.overview.answers import RegionalOverview
from services.projections.overview.regional import positions, regional_overview
from services.projections.overview.tables import COLUMNS, table_rows
from services.projections.store import ViewStore
from tenants.registry import Tenant

POLL_SECONDS = 0.5
KEEPALIVE_SECONDS = 15.0
MAX_STREAM_SECONDS = 3600


@get(
    "/api/v1/regions/{region_id:str}/overview",
    operation_id="getRegionalOverview",
    tags=["overview"],
    guards=[region_reader_guard],
    dependencies=REGION_DEPENDENCIES,
    summary="Per municipality and in total: schools, partners, agreements, roadmaps, reports, "
    "visits and indicators against targets",
    description=(
        "One row per municipality of the region and a total, as of the business date "
        "`as_of` (facts judged by their own dates; `at=` is knowledge time). Identified: "
        "identified by a list dated by `as_of` and not exited by then; a partner counts from "
        "assigned_on until the partnership ended, an agreement while in force on `as_of` "
        "(signed by then, its term, extensions included, not yet past: 003 §3.1-3.2). Roadmap "
        "completion: items done of those not cancelled. Reports on time: "
        "reports the tenant's own reporting duties ask for (every kind), due by `as_of`, filed "
        "by their due date, of all due (a tenant without a duty owes none; those closed by a "
        "school's exit are not counted). Visits: held by "
        "`as_of`, of those planned by `as_of` and not cancelled. Indicators of 001: the share of "
        "organisations in the network is the value recorded for the period `as_of` lies in "
        "(`source: recorded`), else computed (`source: computed`: schools in a running "
        "partnership of those registered); the supported schools' share is computed (identified "
        "schools with a partner of those identified); the teachers' share is computed from the "
        "teachers taking part in organisations' events when the municipality records teacher "
        "headcounts for `as_of`'s year (`source: computed`; the total only when every municipality "
        "does), else the latest value measured by `as_of` (subject `municipality`, `region` for the "
        "total). Criteria of "
        "003: the latest value of each subject measured by `as_of`. Targets: of programmes in "
        "force on `as_of`, the municipality's own, else the region's; status met, not_met, no_data or no_target. `format=csv|xlsx` "
        "gives the table with Russian headers."
    ),
    sync_to_thread=True,
)
def get_regional_overview(
    request: Request,
    region: NamedDependency[Tenant],
    services: NamedDependency[Services],
    read: NamedDependency[ReadSide],
    as_of: Annotated[
        date | None,
        QueryParameter(description="Business date the figures are taken at; default today in the region"),
    ] = None,
    fmt: Annotated[Format, QueryParameter(name="format", description=FORMAT_HELP)] = "json",
) -> Response[RegionalOverview]:
    """JSON by default; CSV and XLSX: one row per municipality and a total row."""
    municipalities = services.backend.registry.municipalities(region.id)
    day = as_of_date(region, as_of, request)
    overview = regional_overview(read.store, region, municipalities, day)
    if fmt == "json":
        return Response(overview)
    return tabular(
        table_rows(overview), COLUMNS, fmt, f"overview-{region.id}-{day.isoformat()}", "Обзор региона",
        heading("Обзор региона", region.name, day),
    )


async def overview_changes(
    store: ViewStore, region: Tenant, registry: Any, max_seconds: float,
    stopping: threading.Event | None = None,
) -> AsyncIterator[ServerSentEventMessage]:
    """The current position of each tenant, then every advance; a comment now and then; bounded.

    Ends (cleanly: the last chunk is sent) after `max_seconds`, or at the next poll once the
    server is stopping, so a SIGTERM never waits for a stream's hour.
    """
    poll, keepalive = POLL_SECONDS, KEEPALIVE_SECONDS
    started = time.monotonic()
    deadline = started + max_seconds
    next_keepalive = started + keepalive
    seen: dict[str, int] = {}
    tenants: list[str] = []
    while True:
        if not tenants or time.monotonic() >= next_keepalive:
            municipalities = await to_thread.run_sync(registry.municipalities, region.id)
            tenants = [region.id, *(m.id for m in municipalities)]
        reached = await to_thread.run_sync(positions, store, tenants)
        for tenant, position in reached.items():
            if position > seen.get(tenant, 0):
                seen[tenant] = position
                yield ServerSentEventMessage(
                    data=json.dumps({"tenant": tenant, "position": position}),
                    event="overview-changed", id=f"{tenant}:{position}",
                )
        now = time.monotonic()
        if now >= deadline or (stopping is not None and stopping.is_set()):
            return
        if now >= next_keepalive:
            next_keepalive = now + keepalive
            yield ServerSentEventMessage(data=None, comment="keepalive")
        await asyncio.sleep(min(poll, deadline - now))


async def session_or_bearer(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    """The page's script opens the stream too: without a bearer token, the signed-in session's
    principal, from the resolver the web registers as `app.state.session_principal` (its claims
    checked against the registry by the same RegisteredClaims as a token's)."""
    if connection.headers.get("authorization"):
        return
    resolver = connection.app.state.get("session_principal")
    principal = await resolver(connection) if resolver is not None else None
    if principal is not None:
        connection.scope.setdefault("state", {})["principal"] = principal


@get(
    "/api/v1/regions/{region_id:str}/overview/stream",
    operation_id="streamRegionalOverview",
    tags=["overview"],
    guards=[session_or_bearer, region_reader_guard],
    dependencies=REGION_DEPENDENCIES,
    summary="Server-sent events `overview-changed` {tenant, position} as the overview advances",
    description=(
        "First one event per tenant of the region with the log position the overview has "
        "read, then one each time it advances (polled every 0.5 s); a `: keepalive` comment "
        "every 15 s; the stream ends after `max_seconds` (at most 3600), reconnect to go on. "
        "A bearer token, or the web session's cookie (the overview page's live update)."
    ),
    media_type="text/event-stream",
)
async def regional_overview_stream(
    region: NamedDependency[Tenant],
    services: NamedDependency[Services],
    read: NamedDependency[ReadSide],
    max_seconds: Annotated[
        int, QueryParameter(ge=1, le=MAX_STREAM_SECONDS, description="The stream ends after this long")
    ] = MAX_STREAM_SECONDS,
) -> ServerSentEvent:
    """First where each tenant stands, then every advance; `: keepalive` every 15 s."""
    return ServerSentEvent(overview_changes(
        read.store, region, services.backend.registry, max_seconds, services.stopping
    ))


OVERVIEW_ROUTES = [get_regional_overview, regional_overview_stream]
