"""Audit endpoints: is the stored history the history that was written, and what was a stream then?"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Annotated

import msgspec
import structlog
from litestar import Request, get
from litestar.di import NamedDependency, Provide
from litestar.params import PathParameter, QueryParameter

from domain.base import InvalidValue
from services.audit.notary import Notary
from services.audit.time_travel import StreamState, state_at
from services.audit.verification import verify_tenant
from services.auth import Principal
from services.context import Services, tenant_log_guard
from tenants.registry import Tenant

log = structlog.get_logger("cascade.audit")


class VerificationReport(msgspec.Struct, frozen=True):
    """Success with the number of events checked, or the first position that does not verify."""

    tenant_id: str
    ok: bool
    checked: int
    head: str
    verified_through: int
    first_bad_position: int | None
    problem: str | None
    seconds: float
    anchored_through: int = 0
    """Newest position a region or signed checkpoint covers."""
    unanchored: int = 0
    """Events after the newest checkpoint: not yet protected against a rewrite with a recomputed chain."""


@get(
    "/api/v1/tenants/{tenant_id:str}/audit/verify",
    operation_id="verifyTenantLog",
    tags=["audit"],
    guards=[tenant_log_guard],
    summary="Verify the tenant's hash chain and its region's checkpoints",
    sync_to_thread=True,
)
def verify_log_endpoint(
    tenant_id: Annotated[str, PathParameter()],
    tenant: NamedDependency[Tenant],
    principal: NamedDependency[Principal],
    services: NamedDependency[Services],
    notary: NamedDependency[Notary],
) -> VerificationReport:
    started = time.perf_counter()
    verdict = verify_tenant(services.backend, tenant.id, notary)
    seconds = round(time.perf_counter() - started, 3)
    log.info("audit query", query="verify", tenant=tenant.id, actor=principal.subject,
             ok=verdict.ok, checked=verdict.checked, unanchored=verdict.unanchored, seconds=seconds)
    return VerificationReport(
        tenant.id, verdict.ok, verdict.checked, verdict.head, verdict.position,
        verdict.first_bad_position, verdict.problem, seconds, verdict.anchored_through, verdict.unanchored,
    )


@get(
    "/api/v1/tenants/{tenant_id:str}/streams/{stream_ref:path}",
    operation_id="getStreamState",
    tags=["audit"],
    guards=[tenant_log_guard],
    summary="State of one aggregate at a version or instant (stream id, or kind/key)",
    sync_to_thread=True,
)
def get_stream_state(
    tenant_id: Annotated[str, PathParameter()],
    stream_ref: Annotated[str, PathParameter()],
    tenant: NamedDependency[Tenant],
    principal: NamedDependency[Principal],
    services: NamedDependency[Services],
    version: Annotated[int | None, QueryParameter(ge=1)] = None,
    at: Annotated[str | None, QueryParameter(description="ISO 8601 instant with offset")] = None,
) -> StreamState:
    instant = None
    if at is not None:
        try:
            instant = datetime.fromisoformat(at)
        except ValueError:
            raise InvalidValue("at", "must be an ISO 8601 instant with offset") from None
    result = state_at(services.backend.application(tenant.id), tenant.id, stream_ref.lstrip("/"), version, instant)
    log.info("audit query", query="stream-state", tenant=tenant.id, actor=principal.subject,
             stream=result.stream_id, version=result.version)
    return result


def provide_notary(request: Request) -> Notary:
    return request.app.state.notary


AUDIT_ROUTES = [verify_log_endpoint, get_stream_state]
AUDIT_DEPENDENCIES = {"notary": Provide(provide_notary, sync_to_thread=False)}
