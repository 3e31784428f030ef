"""GET registers of a municipality's records: visits, reports, internship requests, approval sheets."""

from __future__ import annotations

import asyncio
from typing import Annotated

from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from domain.approval import DocumentKind
from domain.approval import Status as SheetStatus
from domain.internship import Status as InternshipStatus
from domain.report import ReportKind, ReportStatus
from domain.visit import VisitKind, VisitStatus
from services.auth import Principal
from services.context import tenant_reader_guard
from services.projections.http import ReadSide
from services.projections.registers import build
from services.projections.registers.answers import (
    ApprovalsRegister,
    InternshipsRegister,
    ReportsRegister,
    VisitsRegister,
)
from services.projections.registers.params import (
    AsOf,
    Fmt,
    Limit,
    PageNo,
    Position,
    School,
    Search,
    tenant_scope,
)
from tenants.registry import Tenant

_PAGED = (
    " `q` searches the schools' names and the topic or title (Russian, case- and ё/е-insensitive). "
    "JSON: one page (`page`, `limit`, with `total` and `pages`); `format=csv|xlsx`: every row "
    "matching the filters, Russian headers, XLSX with a title row and the header frozen."
)


@get("/api/v1/tenants/{tenant_id:str}/registers/visits", operation_id="listVisitRegister",
     tags=["registers"], guards=[tenant_reader_guard], summary="Visits between partner schools",
     description="By planned date; `overdue`: still planned after its day (as_of). A school "
     "user sees the visits it hosts or makes." + _PAGED)
async def list_visit_register(
    request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    read: NamedDependency[ReadSide], as_of: AsOf = None, q: Search = None, school: School = None,
    status: Annotated[VisitStatus | None, QueryParameter(description="Only this state")] = None,
    kind: Annotated[VisitKind | None, QueryParameter(description="Only this kind")] = None,
    page: PageNo = 1, limit: Limit = 50, position: Position = None, fmt: Fmt = "json",
) -> Response[VisitsRegister]:
    scope = await tenant_scope(request, tenant, principal, as_of, q, school, page, limit, position, fmt)
    return await asyncio.to_thread(build.visits, read.store, scope, fmt, status=status, kind=kind)


@get("/api/v1/tenants/{tenant_id:str}/registers/reports", operation_id="listReportRegister",
     tags=["registers"], guards=[tenant_reader_guard], summary="Reports filed, accepted, returned",
     description="By first filing date, with the latest filing and decision. A school user sees "
     "its own school's." + _PAGED)
async def list_report_register(
    request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    read: NamedDependency[ReadSide], as_of: AsOf = None, q: Search = None, school: School = None,
    kind: Annotated[ReportKind | None, QueryParameter(description="Only this kind")] = None,
    status: Annotated[ReportStatus | None, QueryParameter(description="Only this state")] = None,
    page: PageNo = 1, limit: Limit = 50, position: Position = None, fmt: Fmt = "json",
) -> Response[ReportsRegister]:
    scope = await tenant_scope(request, tenant, principal, as_of, q, school, page, limit, position, fmt)
    return await asyncio.to_thread(build.reports, read.store, scope, fmt, kind=kind, status=status)


@get("/api/v1/tenants/{tenant_id:str}/registers/internships", operation_id="listInternshipRegister",
     tags=["registers"], guards=[tenant_reader_guard], summary="Internship requests (003 §2.3)",
     description="By start date. A school user sees the requests it made or hosts." + _PAGED)
async def list_internship_register(
    request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    read: NamedDependency[ReadSide], as_of: AsOf = None, q: Search = None, school: School = None,
    status: Annotated[InternshipStatus | None, QueryParameter(description="Only this state")] = None,
    page: PageNo = 1, limit: Limit = 50, position: Position = None, fmt: Fmt = "json",
) -> Response[InternshipsRegister]:
    scope = await tenant_scope(request, tenant, principal, as_of, q, school, page, limit, position, fmt)
    return await asyncio.to_thread(build.internships, read.store, scope, fmt, status=status)


@get("/api/v1/tenants/{tenant_id:str}/registers/approvals", operation_id="listApprovalRegister",
     tags=["registers"], guards=[tenant_reader_guard], summary="Approval sheets (листы согласования, 003)",
     description="By submission date, each line with its signature date and the line awaited. A "
     "school user sees the sheets of its own school's roadmaps." + _PAGED)
async def list_approval_register(
    request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    read: NamedDependency[ReadSide], as_of: AsOf = None, q: Search = None, school: School = None,
    status: Annotated[SheetStatus | None, QueryParameter(description="Only this state")] = None,
    document_kind: Annotated[DocumentKind | None, QueryParameter(description="Only this kind of document")] = None,
    page: PageNo = 1, limit: Limit = 50, position: Position = None, fmt: Fmt = "json",
) -> Response[ApprovalsRegister]:
    scope = await tenant_scope(request, tenant, principal, as_of, q, school, page, limit, position, fmt)
    return await asyncio.to_thread(build.approvals, read.store, scope, fmt, status=status,
                                   document_kind=document_kind)


RECORD_ROUTES = [list_visit_register, list_report_register, list_internship_register, list_approval_register]
