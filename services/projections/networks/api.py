"""GET networks: each network's centre and member schools by order, as of a date (002 §4.2)."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Annotated

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from services.auth import Principal
from services.context import tenant_reader_guard
from services.projections.http import ReadSide, as_of_date, read_your_writes, school_scope
from services.projections.inputs import MAX_INT64
from services.projections.networks.projection import NetworkView
from services.projections.networks.queries import NetworksAnswer, networks_as_of
from tenants.registry import Tenant


@get(
    "/api/v1/tenants/{tenant_id:str}/networks",
    operation_id="listNetworks",
    tags=["networks"],
    guards=[tenant_reader_guard],
    summary="Networks of schools: centre, members, functions and directions by order (002)",
    description=(
        "Per network: its centre school (002 §1.3), the composition in force on `as_of` (members "
        "by name, functions and priority directions as the order's text, the order), and every "
        "composition set by its orders with the days it was in force (002 §4.2). A school user "
        "sees only the networks its school is the centre or a member of."
    ),
)
async def list_networks(
    request: Request,
    tenant: NamedDependency[Tenant],
    principal: NamedDependency[Principal],
    read: NamedDependency[ReadSide],
    as_of: Annotated[
        date | None, QueryParameter(description="Date of the composition in force; today in the tenant's zone")
    ] = None,
    school: Annotated[str | None, QueryParameter(max_length=80, description="Only networks of this school")] = None,
    position: Annotated[
        int | None, QueryParameter(ge=1, le=MAX_INT64, description="Wait until the view has read this log position")
    ] = None,
) -> NetworksAnswer:
    scope = school_scope(principal, school)
    await read_your_writes(request, NetworkView, tenant.id, position)
    day = as_of_date(tenant, as_of, request)
    return await asyncio.to_thread(networks_as_of, read.store, tenant.id, scope, day)


NETWORK_ROUTES = [list_networks]
