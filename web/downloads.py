"""Downloads of the tables on the municipality's and the school's pages, as CSV or XLSX.

Each is the export of the register or view the table is read from (the registers' build, the
roadmaps' table rows), with the same scope and filters as the page shows; the guards are the
API's, fed by the session's principal.
"""

from __future__ import annotations

from typing import Annotated, Literal

from anyio import to_thread
from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.params import PathParameter, QueryParameter

from domain.roles import SCHOOL_ROLES
from services.auth import Forbidden, Principal
from services.context import Services, tenant_reader_guard
from services.projections.export import Format
from services.projections.http import ReadSide, school_scope
from services.projections.registers import build
from services.projections.registers.params import tenant_scope
from services.projections.roadmaps.api import roadmaps_file
from services.projections.roadmaps.queries import roadmap_status
from tenants.registry import Tenant
from web.school import today_in

Fmt = Annotated[Format, QueryParameter(name="format")]
School = Annotated[str | None, QueryParameter(max_length=80)]
RegisterTable = Annotated[Literal["reports", "schools", "partnerships"], PathParameter()]


def _file(fmt: Format) -> Format:
    return "csv" if fmt == "csv" else "xlsx"


@get("/m/{tenant_id:str}/download/{table:str}", name="municipal-download", guards=[tenant_reader_guard])
async def municipal_download(
    request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    read: NamedDependency[ReadSide], services: NamedDependency[Services], table: RegisterTable,
    fmt: Fmt = "xlsx",
) -> Response:
    """«Мои задачи»'s tables: the reports waiting for a decision, the schools, the partnerships."""
    if principal.role in SCHOOL_ROLES or tenant.kind != "municipality":
        raise Forbidden("the municipality's tables are for its officers and the region")
    scope = await tenant_scope(request, tenant, principal, None, None, None, 1, 50, None, _file(fmt))
    if table == "reports":
        return await to_thread.run_sync(lambda: build.reports(read.store, scope, _file(fmt), status="filed"))
    if table == "schools":
        return await to_thread.run_sync(lambda: build.schools(read.store, services.backend, scope, _file(fmt)))
    return await to_thread.run_sync(lambda: build.partnerships(read.store, services.backend, scope, _file(fmt)))


@get("/m/{tenant_id:str}/download/roadmaps", name="roadmaps-download", guards=[tenant_reader_guard])
async def roadmaps_download(
    tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    read: NamedDependency[ReadSide], school: School = None, fmt: Fmt = "xlsx",
) -> Response:
    """The roadmaps' items (of one school, or a school user's own), as the roadmaps export them."""
    scope = school_scope(principal, school)
    day = today_in(tenant)
    answer = await to_thread.run_sync(roadmap_status, read.store, tenant.id, scope, day)
    return await to_thread.run_sync(roadmaps_file, read.store, tenant, scope, day, answer, _file(fmt))


DOWNLOAD_ROUTES = [roadmaps_download, municipal_download]
