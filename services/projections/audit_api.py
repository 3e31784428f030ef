"""Audit trail listing: a tenant's events, newest or oldest first, filtered, paginated by position."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

import msgspec
import structlog
from litestar import Request, get
from litestar.params import Parameter

from domain.base import InvalidValue
from services.context import authenticate, tenant_log_guard
from services.projections.http import ReadSide, read_side, read_your_writes
from services.projections.views.audit import AuditView

MAX_PAGE = 500
log = structlog.get_logger("cascade.audit")


class LoggedEvent(msgspec.Struct, frozen=True):
    """One event as the audit trail shows it: position, stream, type, provenance and payload."""

    position: int
    stream_id: str
    version: int
    type: str
    recorded_at: str
    tenant_id: str
    actor: dict[str, str]
    correlation_id: str
    idempotency_key: str | None
    data: dict[str, Any]


class EventPage(msgspec.Struct, frozen=True):
    """A page of the log; pass `next` as `after` (oldest first) or `before` (newest first)."""

    tenant_id: str
    order: str
    events: list[LoggedEvent]
    next: int | None
    view_position: int


def _instant(value: str | None, field: str) -> str | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidValue(field, "must be an ISO 8601 instant, e.g. 2021-03-01T00:00:00+03:00") from None
    if parsed.tzinfo is None:
        raise InvalidValue(field, "must carry a time zone offset")
    return parsed.astimezone(UTC).isoformat(timespec="microseconds")


@get(
    "/api/v1/tenants/{tenant_id:str}/events",
    operation_id="listTenantEvents",
    tags=["audit"],
    guards=[tenant_log_guard],
    summary="The tenant's audit trail: every event with who, when and why",
)
async def list_events(
    request: Request,
    tenant_id: str,
    order: Annotated[Literal["asc", "desc"], Parameter(description="oldest (asc) or newest (desc) first")] = "asc",
    after: Annotated[int | None, Parameter(ge=0, description="positions greater than this (asc)")] = None,
    before: Annotated[int | None, Parameter(ge=1, description="positions less than this (desc)")] = None,
    stream: Annotated[str | None, Parameter(max_length=80)] = None,
    event_type: Annotated[str | None, Parameter(query="type", max_length=100)] = None,
    actor: Annotated[str | None, Parameter(max_length=200)] = None,
    since: Annotated[str | None, Parameter(description="recorded at or after (ISO instant)")] = None,
    until: Annotated[str | None, Parameter(description="recorded before (ISO instant)")] = None,
    limit: Annotated[int, Parameter(ge=1, le=MAX_PAGE)] = 100,
    position: Annotated[int | None, Parameter(ge=1, description="wait until the trail has this position")] = None,
) -> EventPage:
    await read_your_writes(request, AuditView, tenant_id, position)
    log.info("audit query", query="events", tenant=tenant_id, actor=authenticate(request).subject,
             filters={"stream": stream, "type": event_type, "actor": actor, "since": since, "until": until})
    start, end = _instant(since, "since"), _instant(until, "until")
    read = read_side(request)
    filters = {"stream_id": stream, "type": event_type, "actor": actor}
    # The database work runs off the event loop: a slow or absent store must not stall others.
    return await asyncio.to_thread(
        _page, read, tenant_id, order, after, before, filters, start, end, limit
    )


def _page(
    read: ReadSide, tenant_id: str, order: str, after: int | None, before: int | None,
    filters: dict[str, str | None], start: str | None, end: str | None, limit: int,
) -> EventPage:
    tables = read.tables(AuditView)
    clauses, params = ["tenant = ?"], [tenant_id]
    for column, value in filters.items():
        if value:
            clauses.append(f"{column} = ?")
            params.append(value)
    rows = read.store.db.query(
        tables.sql(_select(clauses, order, after, before, start is not None, end is not None)),
        [*params, *([after] if after is not None and order == "asc" else []),
         *([before] if before is not None and order == "desc" else [])]
        + [v for v in (start, end) if v is not None] + [limit + 1],
    )
    more = len(rows) > limit
    events = [_logged(row) for row in rows[:limit]]
    reached = read.store.positions(AuditView, tables.generation).get(tenant_id, 0)
    return EventPage(tenant_id, order, events, events[-1].position if more else None, reached)


def _select(clauses: list[str], order: str, after: int | None, before: int | None,
            has_since: bool, has_until: bool) -> str:
    where = list(clauses)
    if after is not None and order == "asc":
        where.append("position > ?")
    if before is not None and order == "desc":
        where.append("position < ?")
    if has_since:
        where.append("recorded_at >= ?")
    if has_until:
        where.append("recorded_at < ?")
    direction = "ASC" if order == "asc" else "DESC"
    return f"SELECT * FROM {{events}} WHERE {' AND '.join(where)} ORDER BY position {direction} LIMIT ?"


def _logged(row: dict[str, Any]) -> LoggedEvent:
    return LoggedEvent(
        position=int(row["position"]), stream_id=row["stream_id"], version=int(row["version"]),
        type=row["type"], recorded_at=row["recorded_at"], tenant_id=row["tenant"],
        actor={"subject": row["actor"], "role": row["role"], "organisation": row["organisation"]},
        correlation_id=row["correlation_id"], idempotency_key=row["idempotency_key"],
        data=msgspec.json.decode(row["payload"]),
    )
