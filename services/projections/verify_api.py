"""GET /api/v1/tenants/{tenant_id}/audit/verify: is the stored history the history that was written?"""

from __future__ import annotations

import time

import msgspec
import structlog
from litestar import Request, get

from services.context import authenticate, services_of, tenant_log_guard
from services.projections.verification import verify_tenant

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


@get(
    "/api/v1/tenants/{tenant_id:str}/audit/verify",
    operation_id="verifyTenantLog",
    tags=["audit"],
    guards=[tenant_log_guard],
    summary="Verify the tenant's hash chain and its region's checkpoints",
    sync_to_thread=True,
)
def verify_log_endpoint(request: Request, tenant_id: str) -> VerificationReport:
    principal = authenticate(request)
    started = time.perf_counter()
    verdict = verify_tenant(services_of(request).backend, tenant_id)
    seconds = round(time.perf_counter() - started, 3)
    log.info("audit query", query="verify", tenant=tenant_id, actor=principal.subject,
             ok=verdict.ok, checked=verdict.checked, seconds=seconds)
    return VerificationReport(
        tenant_id, verdict.ok, verdict.checked, verdict.head, verdict.position,
        verdict.first_bad_position, verdict.problem, seconds,
    )
