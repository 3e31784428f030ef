"""GET printable documents as DOCX or PDF: the same scope and isolation as the views they read."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from services.auth import Principal
from services.context import Services, tenant_reader_guard
from services.documents import files
from services.documents.files import DocumentFormat
from services.projections.http import REGION_DEPENDENCIES, ReadSide, region_reader_guard
from tenants.registry import Tenant

#: The Python name is the query's, so a refusal names the field the client sent (`format`).
Fmt = Annotated[DocumentFormat, QueryParameter(description="docx or pdf")]
AsOf = Annotated[date | None, QueryParameter(description="The date the document shows; today in the zone")]
School = Annotated[str | None, QueryParameter(max_length=80, description="The school (a school user: its own)")]
_PRINT = " A4 with the tenant's name, the document's number and date in the header and page numbers."


@get("/api/v1/tenants/{tenant_id:str}/documents/partner-schools", operation_id="getPartnerSchoolsDocument",
     tags=["documents"], guards=[tenant_reader_guard], summary="The partner-school list of 000 appendix 1",
     description="Pairs not ended by `as_of`: school, coordinator with position, partner school, "
     "curator with position." + _PRINT)
async def partner_schools_document(
    request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    services: NamedDependency[Services], read: NamedDependency[ReadSide], as_of: AsOf = None,
    school: School = None, format: Fmt = "pdf",
) -> Response[bytes]:
    return await files.partner_schools_file(request, tenant, principal, services, read, as_of, school, format)


@get("/api/v1/tenants/{tenant_id:str}/documents/approval-sheet", operation_id="getApprovalSheetDocument",
     tags=["documents"], guards=[tenant_reader_guard], summary="The approval sheet of 003 (лист согласования)",
     description="The document, the initiator, each approver in order with position, the result "
     "(«Согласовано», «Подписано», returned with remarks) with date and time." + _PRINT)
async def approval_sheet_document(
    request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    read: NamedDependency[ReadSide],
    sheet: Annotated[str | None, QueryParameter(max_length=80, description="The sheet's key")] = None,
    format: Fmt = "pdf",
) -> Response[bytes]:
    return await files.approval_sheet_file(request, tenant, principal, read, sheet, format)


@get("/api/v1/tenants/{tenant_id:str}/documents/monthly-report", operation_id="getMonthlyReportDocument",
     tags=["documents"], guards=[tenant_reader_guard], summary="A school's monthly report on its roadmap",
     description="The month's occurrences of the school's roadmap items with status and evidence, "
     "judged on the month's last day, with signature lines." + _PRINT)
async def monthly_report_document(
    tenant: NamedDependency[Tenant], principal: NamedDependency[Principal], read: NamedDependency[ReadSide],
    school: School = None,
    month: Annotated[str | None, QueryParameter(max_length=7, description="YYYY-MM")] = None,
    format: Fmt = "pdf",
) -> Response[bytes]:
    return await files.monthly_report_file(tenant, principal, read, school, month, format)


@get("/api/v1/tenants/{tenant_id:str}/documents/roadmap", operation_id="getRoadmapDocument",
     tags=["documents"], guards=[tenant_reader_guard], summary="A roadmap as the document's table",
     description="Section, item, schedule as written, responsible, status on `as_of`." + _PRINT)
async def roadmap_document(
    request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    read: NamedDependency[ReadSide],
    roadmap_key: Annotated[str | None, QueryParameter(name="roadmap", max_length=80,
                                                      description="The roadmap's key")] = None,
    as_of: AsOf = None, format: Fmt = "pdf",
) -> Response[bytes]:
    return await files.roadmap_file(request, tenant, principal, read, roadmap_key, as_of, format)


@get("/api/v1/tenants/{tenant_id:str}/documents/criteria", operation_id="getCriteriaDocument",
     tags=["documents"], guards=[tenant_reader_guard], summary="A school's effectiveness criteria of 003",
     description="The 9 criteria of the school against the computed averages on `as_of`." + _PRINT)
async def criteria_document(
    request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    services: NamedDependency[Services], read: NamedDependency[ReadSide], as_of: AsOf = None,
    school: School = None, format: Fmt = "pdf",
) -> Response[bytes]:
    return await files.criteria_file(request, tenant, principal, services, read, as_of, school, format)


@get("/api/v1/regions/{region_id:str}/documents/overview", operation_id="getOverviewDocument",
     tags=["documents"], guards=[region_reader_guard], dependencies=REGION_DEPENDENCIES,
     summary="The regional overview on one landscape page with its charts",
     description="The region's operators and auditors: the figures per municipality and the total on "
     "`as_of`, with bar charts." + _PRINT)
async def overview_document(
    request: Request, region: NamedDependency[Tenant], services: NamedDependency[Services],
    read: NamedDependency[ReadSide], as_of: AsOf = None, format: Fmt = "pdf",
) -> Response[bytes]:
    return await files.overview_file(request, region, services, read, as_of, format)


DOCUMENT_ROUTES = [partner_schools_document, approval_sheet_document, monthly_report_document,
                   roadmap_document, criteria_document, overview_document]
