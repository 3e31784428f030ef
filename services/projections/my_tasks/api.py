"""GET /api/v1/tenants/{tenant_id}/my-tasks: what waits on the caller (issue 11 item 10)."""

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
from services.projections.my_tasks.queries import MyTasks, my_tasks
from services.projections.registers.paging import Scope
from services.projections.registers.projection import RegistersView
from services.projections.schedule.projection import ScheduleView
from tenants.registry import Tenant


@get("/api/v1/tenants/{tenant_id:str}/my-tasks", operation_id="listMyTasks", tags=["my-tasks"],
     guards=[tenant_reader_guard], summary="What waits on me («мои задачи»)",
     description="Approval sheets awaiting my signature; reports to accept or return (the "
     "municipal officer); internship requests to confirm (the host school, or the officer); "
     "occurrences due this week (Monday to Sunday of `as_of`) still owed; agreements expiring "
     "within 60 days. A school user sees its own school's; auditors and admins act on nothing.")
async def list_my_tasks(
    request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    read: NamedDependency[ReadSide],
    as_of: Annotated[date | None, QueryParameter(description="The day; today in the tenant's zone")] = None,
    position: Annotated[int | None, QueryParameter(
        ge=1, le=MAX_INT64, description="Wait until the views have read this log position")] = None,
) -> MyTasks:
    for view in (RegistersView, ScheduleView):
        await read_your_writes(request, view, tenant.id, position)
    scope = Scope((tenant.id,), as_of_date(tenant, as_of, request), {tenant.id: tenant.name},
                  school=school_scope(principal, None), limit=None)
    return await asyncio.to_thread(my_tasks, read.store, scope, principal)


MY_TASKS_ROUTES = [list_my_tasks]
