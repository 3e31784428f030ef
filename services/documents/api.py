"""GET printable documents as DOCX or PDF: the same scope and isolation as the views they read."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date
from typing import Annotated, Literal

from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from domain.base import InvalidValue
from services.auth import Principal
from services.context import Services, tenant_reader_guard
from services.documents import (
    approval_sheet,
    criteria,
    monthly_report,
    overview,
    partner_schools,
    roadmap,
)
from services.documents.docx import docx_bytes
from services.documents.layout import Printable
from services.documents.pdf import pdf_bytes
from services.projections.http import (
    REGION_DEPENDENCIES,
    ReadSide,
    as_of_date,
    region_reader_guard,
    school_scope,
)
from services.projections.inputs import plain_text
from tenants.registry import Tenant

DocumentFormat = Literal["docx", "pdf"]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
MEDIA = {"docx": DOCX, "pdf": PDF}

Fmt = Annotated[DocumentFormat, QueryParameter(name="format", description="docx or pdf")]
AsOf = Annotated[date | None, QueryParameter(description="The date the document shows; today in the zone")]
School = Annotated[str | None, QueryParameter(max_length=80, description="The school (a school user: its own)")]
_PRINT = " A4 with the tenant's name, the document's number and date in the header and page numbers."


def _file(doc: Printable, fmt: DocumentFormat, filename: str) -> Response[bytes]:
    content = docx_bytes(doc) if fmt == "docx" else pdf_bytes(doc)
    return Response(content, media_type=MEDIA[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{filename}.{fmt}"'})


async def _render(fmt: DocumentFormat, filename: str, make: Callable[[], Printable]) -> Response[bytes]:
    """Query, lay out and render off the event loop (WeasyPrint takes a while on a long table)."""
    return await asyncio.to_thread(lambda: _file(make(), fmt, filename))


def _required(value: str | None, name: str) -> str:
    plain_text(value, name)
    if not value:
        raise InvalidValue(name, "is required")
    return value


@get("/api/v1/tenants/{tenant_id:str}/documents/partner-schools", operation_id="getPartnerSchoolsDocument",
     tags=["documents"], guards=[tenant_reader_guard], summary="The partner-school list of 000 appendix 1",
     description="Pairs not ended by `as_of`: school, coordinator with position, partner school, "
     "curator with position." + _PRINT)
async def partner_schools_document(
    request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    services: NamedDependency[Services], read: NamedDependency[ReadSide], as_of: AsOf = None,
    school: School = None, fmt: Fmt = "pdf",
) -> Response[bytes]:
    scope, day = school_scope(principal, school), as_of_date(tenant, as_of, request)
    return await _render(fmt, f"partner-schools-{tenant.id}-{day.isoformat()}", lambda: partner_schools.layout(
        partner_schools.build(read.store, services.backend, tenant, day, scope)))


@get("/api/v1/tenants/{tenant_id:str}/documents/approval-sheet", operation_id="getApprovalSheetDocument",
     tags=["documents"], guards=[tenant_reader_guard], summary="The approval sheet of 003 (лист согласования)",
     description="The document, the initiator, each approver in order with position, the result "
     "(«Согласовано», «Подписано», returned with remarks) with date and time." + _PRINT)
async def approval_sheet_document(
    request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    read: NamedDependency[ReadSide],
    sheet: Annotated[str | None, QueryParameter(max_length=80, description="The sheet's key")] = None,
    fmt: Fmt = "pdf",
) -> Response[bytes]:
    key, scope = _required(sheet, "sheet"), school_scope(principal, None)
    day = as_of_date(tenant, None, request)
    return await _render(fmt, f"approval-sheet-{key}", lambda: approval_sheet.layout(
        approval_sheet.build(read.store, tenant, key, scope, day)))


@get("/api/v1/tenants/{tenant_id:str}/documents/monthly-report", operation_id="getMonthlyReportDocument",
     tags=["documents"], guards=[tenant_reader_guard], summary="A school's monthly report on its roadmap",
     description="The month's occurrences of the school's roadmap items with status and evidence, "
     "judged on the month's last day, with signature lines." + _PRINT)
async def monthly_report_document(
    tenant: NamedDependency[Tenant], principal: NamedDependency[Principal], read: NamedDependency[ReadSide],
    school: School = None,
    month: Annotated[str | None, QueryParameter(max_length=7, description="YYYY-MM")] = None,
    fmt: Fmt = "pdf",
) -> Response[bytes]:
    code = _required(school_scope(principal, school), "school")
    first = monthly_report.month_of(_required(month, "month"))
    return await _render(fmt, f"monthly-report-{code}-{first.strftime('%Y-%m')}", lambda: monthly_report.layout(
        monthly_report.build(read.store, tenant, code, first)))


@get("/api/v1/tenants/{tenant_id:str}/documents/roadmap", operation_id="getRoadmapDocument",
     tags=["documents"], guards=[tenant_reader_guard], summary="A roadmap as the document's table",
     description="Section, item, schedule as written, responsible, status on `as_of`." + _PRINT)
async def roadmap_document(
    request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    read: NamedDependency[ReadSide],
    roadmap_key: Annotated[str | None, QueryParameter(name="roadmap", max_length=80,
                                                      description="The roadmap's key")] = None,
    as_of: AsOf = None, fmt: Fmt = "pdf",
) -> Response[bytes]:
    key, own, day = _required(roadmap_key, "roadmap"), school_scope(principal, None), as_of_date(tenant, as_of, request)
    return await _render(fmt, f"roadmap-{key}-{day.isoformat()}", lambda: roadmap.layout(
        roadmap.build(read.store, tenant, key, own, day)))


@get("/api/v1/tenants/{tenant_id:str}/documents/criteria", operation_id="getCriteriaDocument",
     tags=["documents"], guards=[tenant_reader_guard], summary="A school's effectiveness criteria of 003",
     description="The 9 criteria of the school against the computed averages on `as_of`." + _PRINT)
async def criteria_document(
    request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    services: NamedDependency[Services], read: NamedDependency[ReadSide], as_of: AsOf = None,
    school: School = None, fmt: Fmt = "pdf",
) -> Response[bytes]:
    code, day = _required(school_scope(principal, school), "school"), as_of_date(tenant, as_of, request)
    registry = services.backend.registry
    region = tenant if tenant.kind == "region" else registry.get(tenant.region_id)
    assert region is not None
    return await _render(fmt, f"criteria-{code}-{day.isoformat()}", lambda: criteria.layout(
        criteria.build(read.store, region, registry.municipalities(region.id), tenant, code, day)))


@get("/api/v1/regions/{region_id:str}/documents/overview", operation_id="getOverviewDocument",
     tags=["documents"], guards=[region_reader_guard], dependencies=REGION_DEPENDENCIES,
     summary="The regional overview on one landscape page with its charts",
     description="The region's operators and auditors: the figures per municipality and the total on "
     "`as_of`, with bar charts." + _PRINT)
async def overview_document(
    request: Request, region: NamedDependency[Tenant], services: NamedDependency[Services],
    read: NamedDependency[ReadSide], as_of: AsOf = None, fmt: Fmt = "pdf",
) -> Response[bytes]:
    day = as_of_date(region, as_of, request)
    municipalities = services.backend.registry.municipalities(region.id)
    return await _render(fmt, f"overview-{region.id}-{day.isoformat()}", lambda: overview.layout(
        overview.build(read.store, region, municipalities, day)))


DOCUMENT_ROUTES = [partner_schools_document, approval_sheet_document, monthly_report_document,
                   roadmap_document, criteria_document, overview_document]
