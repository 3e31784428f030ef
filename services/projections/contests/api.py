"""GET contests: base-support-site contests with their applications ranked (004 §3.3)."""

from __future__ import annotations

import asyncio
from typing import Annotated

from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from services.auth import Principal
from services.context import tenant_reader_guard
from services.projections.contests.export import CONTEST_COLUMNS, contest_rows
from services.projections.contests.projection import ContestView
from services.projections.contests.queries import ContestsAnswer, contest_tables
from services.projections.export import FORMAT_HELP, Format, tabular
from services.projections.http import ReadSide, read_your_writes, school_scope
from services.projections.inputs import MAX_INT64
from tenants.registry import Tenant


@get(
    "/api/v1/tenants/{tenant_id:str}/contests",
    operation_id="listSiteContests",
    tags=["contests"],
    guards=[tenant_reader_guard],
    summary="Base support site contests: applications ranked by the top-quintile rule",
    description=(
        "Per contest: criteria, dates, the context groups and every application placed in its "
        "group by «верхний квинтиль среди школ в схожих неблагоприятных условиях» (004 §3.3): "
        "place (equal scores share it), the group's quota ceil(n/5), whether it is in the top "
        "quintile, the reason in words, the figures and their source, and the order deciding "
        "the site. A municipality sees its own contests and, of its region's contests, only its "
        "own schools' applications and the support its schools give or receive. A school user "
        "sees only its own school's rows. `format=csv` or `xlsx` downloads the ranked table, one "
        "line per application with the reason for its place and the values used."
    ),
)
async def list_contests(
    request: Request,
    tenant: NamedDependency[Tenant],
    principal: NamedDependency[Principal],
    read: NamedDependency[ReadSide],
    school: Annotated[str | None, QueryParameter(max_length=80, description="Only this school")] = None,
    position: Annotated[
        int | None, QueryParameter(ge=1, le=MAX_INT64, description="Wait until the view has read this log position")
    ] = None,
    fmt: Annotated[Format, QueryParameter(name="format", description=FORMAT_HELP)] = "json",
) -> Response[ContestsAnswer]:
    scope = school_scope(principal, school)
    await read_your_writes(request, ContestView, tenant.id, position)
    answer = await asyncio.to_thread(contest_tables, read.store, tenant, scope)
    if fmt == "json":
        return Response(answer)
    return tabular(contest_rows(answer.contests), CONTEST_COLUMNS, fmt, f"contests-{tenant.id}",
                   "Рейтинг заявок", f"Конкурс базовых площадок: {tenant.name}")


CONTEST_ROUTES = [list_contests]
