"""GET a school's risk profile and anti-risk programmes (issue 11 item 7)."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Annotated

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.params import PathParameter, QueryParameter

from services.auth import Principal
from services.context import tenant_reader_guard
from services.projections.http import ReadSide, as_of_date, read_your_writes, school_scope
from services.projections.inputs import MAX_INT64
from services.projections.risk_profiles.projection import RiskProfilesView
from services.projections.risk_profiles.queries import RiskCard, risk_card
from tenants.registry import Tenant


@get("/api/v1/tenants/{tenant_id:str}/schools/{school:str}/risk-profile", operation_id="getRiskProfile",
     tags=["risk-profiles"], guards=[tenant_reader_guard], summary="A school's risk profile and anti-risk programmes",
     description="The school's risk factors with their levels (low / medium / high) from its latest "
     "assessment dated by `as_of`, the anti-risk programme of each factor with goals, indicators and "
     "targets, and each measure (a roadmap item) with its state on `as_of`. A school user sees its own.")
async def get_risk_profile(
    request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    read: NamedDependency[ReadSide], school: Annotated[str, PathParameter(max_length=80)],
    as_of: Annotated[date | None, QueryParameter(description="The day; today in the tenant's zone")] = None,
    position: Annotated[int | None, QueryParameter(
        ge=1, le=MAX_INT64, description="Wait until the view has read this log position")] = None,
) -> RiskCard:
    chosen = school_scope(principal, school)
    assert chosen is not None
    await read_your_writes(request, RiskProfilesView, tenant.id, position)
    return await asyncio.to_thread(risk_card, read.store, tenant.id, chosen, as_of_date(tenant, as_of, request))


RISK_ROUTES = [get_risk_profile]
