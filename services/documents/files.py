"""A document as a file response, from its inputs: what the API endpoints and the pages' links share.

The caller has passed the same guards as the view the document reads (tenant or region reader);
here the school scope, `as_of` and the document's own inputs are checked.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date
from typing import Literal

from litestar import Request, Response

from domain.base import InvalidValue
from services.auth import Principal
from services.context import Services
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
from services.projections.http import ReadSide, as_of_date, school_scope
from services.projections.inputs import plain_text
from tenants.registry import Tenant

DocumentFormat = Literal["docx", "pdf"]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
MEDIA = {"docx": DOCX, "pdf": PDF}


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


async def partner_schools_file(request: Request, tenant: Tenant, principal: Principal, services: Services,
                               read: ReadSide, as_of: date | None, school: str | None,
                               fmt: DocumentFormat) -> Response[bytes]:
    scope, day = school_scope(principal, school), as_of_date(tenant, as_of, request)
    return await _render(fmt, f"partner-schools-{tenant.id}-{day.isoformat()}", lambda: partner_schools.layout(
        partner_schools.build(read.store, services.backend, tenant, day, scope)))


async def approval_sheet_file(request: Request, tenant: Tenant, principal: Principal, read: ReadSide,
                              sheet: str | None, fmt: DocumentFormat) -> Response[bytes]:
    key, scope = _required(sheet, "sheet"), school_scope(principal, None)
    day = as_of_date(tenant, None, request)
    return await _render(fmt, f"approval-sheet-{key}", lambda: approval_sheet.layout(
        approval_sheet.build(read.store, tenant, key, scope, day)))


async def monthly_report_file(tenant: Tenant, principal: Principal, read: ReadSide, school: str | None,
                              month: str | None, fmt: DocumentFormat) -> Response[bytes]:
    code = _required(school_scope(principal, school), "school")
    first = monthly_report.month_of(_required(month, "month"))
    return await _render(fmt, f"monthly-report-{code}-{first.strftime('%Y-%m')}", lambda: monthly_report.layout(
        monthly_report.build(read.store, tenant, code, first)))


async def roadmap_file(request: Request, tenant: Tenant, principal: Principal, read: ReadSide,
                       key: str | None, as_of: date | None, fmt: DocumentFormat) -> Response[bytes]:
    found, own, day = _required(key, "roadmap"), school_scope(principal, None), as_of_date(tenant, as_of, request)
    return await _render(fmt, f"roadmap-{found}-{day.isoformat()}", lambda: roadmap.layout(
        roadmap.build(read.store, tenant, found, own, day)))


async def criteria_file(request: Request, tenant: Tenant, principal: Principal, services: Services,
                        read: ReadSide, as_of: date | None, school: str | None,
                        fmt: DocumentFormat) -> Response[bytes]:
    code, day = _required(school_scope(principal, school), "school"), as_of_date(tenant, as_of, request)
    registry = services.backend.registry
    region = tenant if tenant.kind == "region" else registry.get(tenant.region_id)
    assert region is not None
    return await _render(fmt, f"criteria-{code}-{day.isoformat()}", lambda: criteria.layout(
        criteria.build(read.store, region, registry.municipalities(region.id), tenant, code, day)))


async def overview_file(request: Request, region: Tenant, services: Services, read: ReadSide,
                        as_of: date | None, fmt: DocumentFormat) -> Response[bytes]:
    day = as_of_date(region, as_of, request)
    municipalities = services.backend.registry.municipalities(region.id)
    return await _render(fmt, f"overview-{region.id}-{day.isoformat()}", lambda: overview.layout(
        overview.build(read.store, region, municipalities, day)))
