"""GET roadmaps: roadmap status per item, roadmap, school and municipality, as JSON, CSV or XLSX."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Annotated

from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from services.auth import Principal
from services.context import tenant_reader_guard
from services.projections.export import FORMAT_HELP, Format, heading, tabular
from services.projections.http import (
    ReadSide,
    as_of_date,
    knowledge_instant,
    read_your_writes,
    school_scope,
)
from services.projections.inputs import MAX_INT64
from services.projections.kept_response import kept_response
from services.projections.registers.queries import school_names
from services.projections.roadmaps.projection import RoadmapView
from services.projections.roadmaps.queries import RoadmapsAnswer, roadmap_status
from services.projections.roadmaps.tables import COLUMNS, table_rows
from services.projections.schedule.projection import ScheduleView
from services.projections.store import ViewStore
from tenants.registry import Tenant


@get(
    "/api/v1/tenants/{tenant_id:str}/roadmaps",
    operation_id="listRoadmapStatus",
    tags=["roadmaps"],
    guards=[tenant_reader_guard],
    summary="Roadmap status: every item and occurrence with its due dates and status",
    description=(
        "Per item: schedule (form, wording, first and final due date, every concrete due date), "
        "status as of `as_of`, `overdue` (open with an occurrence missed by `as_of`; derived, never "
        "stored), evidence, and every occurrence (keyed by its planned date) with its own status "
        "(on_time, late, missed, pending, rescheduled, cancelled, closed_by_exit, judged from "
        "effective dates), due date and evidence. Item counts and occurrence counts per roadmap, "
        "per school and for the municipality. A school user sees only its own school. "
        "`format=csv|xlsx` downloads the items with Russian headers."
    ),
)
async def list_roadmaps(
    request: Request,
    tenant: NamedDependency[Tenant],
    principal: NamedDependency[Principal],
    read: NamedDependency[ReadSide],
    as_of: Annotated[
        date | None, QueryParameter(description="Date of the derived statuses; today in the tenant's zone")
    ] = None,
    school: Annotated[str | None, QueryParameter(max_length=80, description="Only this school")] = None,
    position: Annotated[
        int | None, QueryParameter(ge=1, le=MAX_INT64, description="Wait until the view has read this log position")
    ] = None,
    fmt: Annotated[Format, QueryParameter(name="format", description=FORMAT_HELP)] = "json",
) -> Response[RoadmapsAnswer]:
    scope = school_scope(principal, school)
    await read_your_writes(request, RoadmapView, tenant.id, position)
    day = as_of_date(tenant, as_of, request)
    if fmt == "json" and knowledge_instant(request) is None:  # live views: kept by their stamp
        return await asyncio.to_thread(
            kept_response, request, read.store, (RoadmapView, ScheduleView), [tenant.id], ("roadmaps", tenant.id, scope, day),
            lambda: roadmap_status(read.store, tenant.id, scope, day),
        )
    answer = await asyncio.to_thread(roadmap_status, read.store, tenant.id, scope, day)
    if fmt == "json":
        return Response(answer)
    return await asyncio.to_thread(roadmaps_file, read.store, tenant, scope, day, answer, fmt)


def roadmaps_file(store: ViewStore, tenant: Tenant, scope: str | None, day: date, answer: RoadmapsAnswer,
                  fmt: Format) -> Response:
    """The roadmaps as CSV or XLSX: the API's export and the pages' download are the same bytes."""
    names = {code: name for (_, code), name in school_names(store, [tenant.id]).items()}
    return tabular(
        table_rows(answer, names), COLUMNS, fmt,
        f"roadmaps-{tenant.id}-{day.isoformat()}", "Дорожные карты",
        heading("Дорожные карты", tenant.name, day, школа=names.get(scope or "", scope)),
    )
