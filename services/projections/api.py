"""Read endpoints over the tenant logs: tenants visible to the caller, and a tenant's event log."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Request, get
from litestar.params import Parameter

from services.auth import can_read
from services.context import authenticate, services_of, tenant_log_guard
from tenants.mapper import decode_state
from tenants.registry import Tenant

MAX_PAGE = 500


class LoggedEvent(msgspec.Struct, frozen=True):
    """One event as the audit trail shows it: position, stream, type, provenance and payload."""

    position: int
    stream_id: str
    version: int
    type: str
    recorded_at: str
    tenant_id: str
    actor: dict[str, Any]
    correlation_id: str
    idempotency_key: str | None
    data: dict[str, Any]


class EventPage(msgspec.Struct, frozen=True):
    """A page of the log; `next_after` is the cursor for the following page."""

    tenant_id: str
    events: list[LoggedEvent]
    next_after: int | None
    head: int


@get(
    "/api/v1/tenants",
    operation_id="listTenants",
    tags=["tenants"],
    summary="Tenants the caller may read",
    sync_to_thread=False,
)
def list_tenants(request: Request) -> list[Tenant]:
    principal = authenticate(request)
    registry = services_of(request).backend.registry
    return [t for t in registry.all() if can_read(principal, t)]


@get(
    "/api/v1/tenants/{tenant_id:str}/events",
    operation_id="listTenantEvents",
    tags=["audit"],
    guards=[tenant_log_guard],
    summary="The tenant's event log, oldest first, paginated by position",
    sync_to_thread=True,
)
def list_events(
    request: Request,
    tenant_id: str,
    after: Annotated[int, Parameter(ge=0, description="Return events after this position")] = 0,
    limit: Annotated[int, Parameter(ge=1, le=MAX_PAGE)] = 100,
) -> EventPage:
    app = services_of(request).backend.application(tenant_id)
    notifications = app.recorder.select_notifications(
        start=after, limit=limit, inclusive_of_start=False
    )
    events = [_logged(n) for n in notifications]
    head = app.head_position()
    next_after = events[-1].position if events and events[-1].position < head else None
    return EventPage(tenant_id, events, next_after, head)


def _logged(notification: Any) -> LoggedEvent:
    from eventsourcing.utils import resolve_topic

    state = decode_state(resolve_topic(notification.topic), notification.state)
    meta = state.pop("meta")
    recorded_at = state.pop("timestamp")
    state.pop("originator_topic", None)
    return LoggedEvent(
        position=notification.id,
        stream_id=str(notification.originator_id),
        version=notification.originator_version,
        type=notification.topic.rpartition(":")[2],
        recorded_at=recorded_at.isoformat(),
        tenant_id=meta.tenant_id,
        actor=msgspec.to_builtins(meta.actor),
        correlation_id=meta.correlation_id,
        idempotency_key=meta.idempotency_key,
        data=msgspec.to_builtins(state),
    )


READ_ROUTES = [list_tenants, list_events]
