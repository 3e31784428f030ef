"""GET events: a tenant's audit trail, newest or oldest first, filtered, paginated by position."""

from __future__ import annotations

import asyncio
from datetime import UTC
from typing import Annotated

import structlog
from litestar import Request, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from services.auth import Principal
from services.context import tenant_log_guard
from services.projections.audit_trail.projection import AuditView
from services.projections.audit_trail.queries import EventPage, Order, TrailFilter, event_page
from services.projections.http import ReadSide, read_your_writes
from services.projections.inputs import MAX_INT64, bounded_instant, plain_text
from tenants.registry import Tenant

MAX_PAGE = 500
log = structlog.get_logger("cascade.audit")


def _instant(value: str | None, field: str) -> str | None:
    """The instant as the view stores it: UTC, to the microsecond."""
    instant = bounded_instant(value, field)
    return None if instant is None else instant.astimezone(UTC).isoformat(timespec="microseconds")


@get(
    "/api/v1/tenants/{tenant_id:str}/events",
    operation_id="listTenantEvents",
    tags=["audit"],
    guards=[tenant_log_guard],
    summary="The tenant's audit trail: every event with who, when and why",
)
async def list_events(
    request: Request,
    tenant: NamedDependency[Tenant],
    principal: NamedDependency[Principal],
    read: NamedDependency[ReadSide],
    order: Annotated[Order, QueryParameter(description="oldest (asc) or newest (desc) first")] = "asc",
    after: Annotated[int | None, QueryParameter(ge=0, le=MAX_INT64, description="positions greater than this (asc)")] = None,
    before: Annotated[int | None, QueryParameter(ge=1, le=MAX_INT64, description="positions less than this (desc)")] = None,
    stream: Annotated[str | None, QueryParameter(max_length=80)] = None,
    event_type: Annotated[str | None, QueryParameter(name="type", max_length=100)] = None,
    actor: Annotated[str | None, QueryParameter(max_length=200)] = None,
    since: Annotated[str | None, QueryParameter(description="recorded at or after (ISO instant)")] = None,
    until: Annotated[str | None, QueryParameter(description="recorded before (ISO instant)")] = None,
    transcribed: Annotated[bool | None, QueryParameter(
        description="true: only facts transcribed from paper; false: only facts recorded on their day",
    )] = None,
    limit: Annotated[int, QueryParameter(ge=1, le=MAX_PAGE)] = 100,
    position: Annotated[int | None, QueryParameter(ge=1, le=MAX_INT64, description="wait until the trail has this position")] = None,
) -> EventPage:
    await read_your_writes(request, AuditView, tenant.id, position)
    log.info("audit query", query="events", tenant=tenant.id, actor=principal.subject,
             filters={"stream": stream, "type": event_type, "actor": actor, "since": since, "until": until,
                      "transcribed": transcribed})
    where = TrailFilter(
        plain_text(stream, "stream"), plain_text(event_type, "type"), plain_text(actor, "actor"),
        _instant(since, "since"), _instant(until, "until"), transcribed,
    )
    # The database work runs off the event loop: a slow or absent store must not stall others.
    return await asyncio.to_thread(event_page, read.store, tenant.id, order, after, before, where, limit)
