"""GET /api/v1/tenants/{tenant_id}/streams/{stream_id}?version=N|at=instant: an auditor's time travel."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import structlog
from litestar import Request, get
from litestar.params import Parameter

from domain.base import InvalidValue
from services.context import authenticate, services_of, tenant_log_guard
from services.projections.time_travel import StreamState, state_at

log = structlog.get_logger("cascade.audit")


@get(
    "/api/v1/tenants/{tenant_id:str}/streams/{stream_ref:path}",
    operation_id="getStreamState",
    tags=["audit"],
    guards=[tenant_log_guard],
    summary="State of one aggregate at a version or instant (stream id, or kind/key)",
    sync_to_thread=True,
)
def get_stream_state(
    request: Request,
    tenant_id: str,
    stream_ref: str,
    version: Annotated[int | None, Parameter(ge=1)] = None,
    at: Annotated[str | None, Parameter(description="ISO 8601 instant with offset")] = None,
) -> StreamState:
    principal = authenticate(request)
    instant = None
    if at is not None:
        try:
            instant = datetime.fromisoformat(at)
        except ValueError:
            raise InvalidValue("at", "must be an ISO 8601 instant with offset") from None
    result = state_at(services_of(request).backend.application(tenant_id), tenant_id,
                      stream_ref.lstrip("/"), version, instant)
    log.info("audit query", query="stream-state", tenant=tenant_id, actor=principal.subject,
             stream=result.stream_id, version=result.version)
    return result
