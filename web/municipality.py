"""The municipal officer's home «Мои задачи»: reports to accept, schools, partnerships; «Принять отчёт».

Region-wide readers open it too (read only); a school user, or anyone outside the municipality's
region, gets the 403 page.
"""

from __future__ import annotations

from typing import Annotated

import msgspec
from anyio import to_thread
from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import QueryParameter
from litestar.response import Redirect

from domain.base import DomainError
from domain.roles import MUNICIPALITY_ONLY, SCHOOL_ROLES
from services.auth import Forbidden, Principal
from services.commands.catalogue.report import AcceptReport, ReturnReport
from services.context import tenant_reader_guard
from services.projections.http import ReadSide, read_your_writes
from services.projections.inputs import MAX_INT64
from services.projections.overview.projection import OverviewView
from services.projections.overview.queries import municipal_register
from services.projections.reports.projection import ReportView
from services.projections.reports.queries import tenant_reports
from services.projections.roadmaps.projection import RoadmapView
from services.projections.roadmaps.queries import roadmap_status
from tenants.registry import Tenant
from web import words
from web.forms import FormState, Refusal, post_command, refusal_of
from web.pages import SECURITY_HEADERS, page
from web.school import today_in

ACCEPT_FIELDS = ("report",)
RETURN_FIELDS = ("remarks",)
REPORT_KEY = ("school", "kind", "period")
Position = Annotated[int | None, QueryParameter(ge=1, le=MAX_INT64)]
Done = Annotated[str | None, QueryParameter(max_length=20)]


def _municipal(principal: Principal, tenant: Tenant) -> None:
    """The municipality's pages: its officers and the region; not a school, not a region tenant."""
    if principal.role in SCHOOL_ROLES or tenant.kind != "municipality":
        raise Forbidden("the municipality's pages are for its officers and the region")


async def _home(
    request: Request, tenant: Tenant, principal: Principal, read: ReadSide,
    refusals: list[Refusal] | None = None, done: str | None = None, status: int = 200,
    values: dict[str, str] | None = None,
) -> Response:
    today = today_in(tenant)
    reports = await to_thread.run_sync(tenant_reports, read.store, tenant.id, "filed", None)
    register = await to_thread.run_sync(municipal_register, read.store, tenant.id)
    roadmaps = await to_thread.run_sync(roadmap_status, read.store, tenant.id, None, today)
    progress = {s.school: s.counts for s in roadmaps.schools}
    return page(  # type: ignore[return-value]
        request, "municipal_home.html", status=status, tenant=tenant, today=today,
        reports=reports.reports, register=register, progress=progress, totals=roadmaps.totals,
        names={s.school: s.name for s in register.schools},
        words=words, may_accept=principal.role in MUNICIPALITY_ONLY, done=done,
        form=FormState(values or {}, refusals=refusals or []),
    )


@get("/m/{tenant_id:str}", name="municipal-home", guards=[tenant_reader_guard])
async def municipal_home(
    request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    read: NamedDependency[ReadSide], position: Position = None, done: Done = None,
) -> Response:
    """«Мои задачи»: what waits on the officer, then the municipality's schools and pairs."""
    _municipal(principal, tenant)
    for view in (ReportView, OverviewView, RoadmapView):
        await read_your_writes(request, view, tenant.id, position)
    return await _home(request, tenant, principal, read, done=done)


@post("/m/{tenant_id:str}/reports/accept", name="accept-report", guards=[tenant_reader_guard],
      status_code=303)
async def accept_report(
    request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    read: NamedDependency[ReadSide],
) -> Response:
    """«Принять отчёт»: accept a filed report through the executor, then back to the list."""
    return await _decide(request, tenant, principal, read, AcceptReport, ACCEPT_FIELDS, "accepted")


@post("/m/{tenant_id:str}/reports/return", name="return-report", guards=[tenant_reader_guard],
      status_code=303)
async def return_report(
    request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    read: NamedDependency[ReadSide],
) -> Response:
    """«Вернуть на доработку»: return a filed report saying what to fix (the remarks are required)."""
    return await _decide(request, tenant, principal, read, ReturnReport, RETURN_FIELDS, "returned")


async def _decide(
    request: Request, tenant: Tenant, principal: Principal, read: ReadSide,
    command: type[AcceptReport] | type[ReturnReport], fields: tuple[str, ...], done: str,
) -> Response:
    """Post the authority's decision on a report; a refusal is shown at that report's row."""
    _municipal(principal, tenant)
    form = await request.form()
    values = {name: str(form.get(name, "")) for name in (*REPORT_KEY, *fields) if name != "report"}
    data = {"type": command.__struct_config__.tag, **values}
    if "remarks" in data:
        data["remarks"] = data["remarks"].strip()
    key = str(form.get("idempotency_key", ""))[:200] or None
    try:
        accepted = await post_command(request, tenant, principal, command, data, key)
    except (msgspec.ValidationError, DomainError, Forbidden) as error:
        refusal = refusal_of(error, str(command.__struct_config__.tag), fields)
        return await _home(request, tenant, principal, read, [refusal], status=422, values=values)
    return Redirect(f"/m/{tenant.id}?position={accepted.position}&done={done}",
                    status_code=303, headers=SECURITY_HEADERS)


MUNICIPAL_ROUTES = [municipal_home, accept_report, return_report]
