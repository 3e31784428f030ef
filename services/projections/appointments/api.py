"""GET appointments: each post appointed by order and who held it on a date (001 p.2, 003 p.1-2, p.7)."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Annotated, Literal

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from domain.roles import SCHOOL_USER
from services.auth import Forbidden, Principal
from services.context import Services, tenant_reader_guard
from services.projections.appointments.projection import AppointmentView
from services.projections.appointments.queries import AppointmentsAnswer, appointments_on
from services.projections.http import ReadSide, as_of_date, read_your_writes
from services.projections.inputs import MAX_INT64, plain_text
from tenants.registry import Tenant

PostFilter = Literal[
    "programme_coordinator", "municipal_coordinator", "working_group_member", "order_controller",
    "partnership_coordinator", "partnership_curator", "partnership_municipal_coordinator",
]


@get(
    "/api/v1/tenants/{tenant_id:str}/appointments",
    operation_id="listAppointments",
    tags=["appointments"],
    guards=[tenant_reader_guard],
    summary="Appointments by order: who held each post on a date, and every holder in turn",
    description=(
        "Posts: the programme coordinator (001 p.2), the municipal coordinator (003 p.2), the "
        "working-group members with their place in it (003 p.1), the controller of an order "
        "(000 p.3, 003 p.7), and each partnership's coordinator, curator and municipal coordinator "
        "(from its assignment, replaced from a date). Per post: the holder on `as_of` and the "
        "history with the days each held it and the order. Names are read from the log: an erased "
        "person is shown as `erased` without a name (152-ФЗ). Not for school users."
    ),
)
async def list_appointments(
    request: Request,
    tenant: NamedDependency[Tenant],
    principal: NamedDependency[Principal],
    read: NamedDependency[ReadSide],
    services: NamedDependency[Services],
    as_of: Annotated[date | None, QueryParameter(description="The day of the holders; today in the tenant's zone")] = None,
    post: Annotated[PostFilter | None, QueryParameter(description="Only posts of this kind")] = None,
    for_: Annotated[str | None, QueryParameter(name="scope", max_length=300, description="Only posts for this partnership, group or order")] = None,
    position: Annotated[
        int | None, QueryParameter(ge=1, le=MAX_INT64, description="Wait until the view has read this log position")
    ] = None,
) -> AppointmentsAnswer:
    if principal.role == SCHOOL_USER:
        raise Forbidden("the appointments of the authority are not for school users")
    await read_your_writes(request, AppointmentView, tenant.id, position)
    day = as_of_date(tenant, as_of, request)
    return await asyncio.to_thread(appointments_on, read.store, services.backend, tenant.id, day, post,
                                   plain_text(for_, "scope"))


APPOINTMENT_ROUTES = [list_appointments]
