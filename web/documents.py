"""«Скачать DOCX / PDF» from the pages: the printable documents behind the session, as the API serves them."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.params import PathParameter, QueryParameter

from services.auth import Principal
from services.context import Services, tenant_reader_guard
from services.documents import files
from services.documents.files import DocumentFormat
from services.projections.http import REGION_DEPENDENCIES, ReadSide, region_reader_guard
from tenants.registry import Tenant

Name = Annotated[Literal["partner-schools", "approval-sheet", "monthly-report", "roadmap", "criteria"],
                 PathParameter()]
Text = Annotated[str | None, QueryParameter(max_length=80)]
Fmt = Annotated[DocumentFormat, QueryParameter()]
AsOf = Annotated[date | None, QueryParameter()]


@get("/m/{tenant_id:str}/documents/{name:str}", name="tenant-document", guards=[tenant_reader_guard])
async def tenant_document(
    request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    services: NamedDependency[Services], read: NamedDependency[ReadSide], name: Name,
    format: Fmt = "pdf", as_of: AsOf = None, school: Text = None, month: Text = None,
    roadmap: Text = None, sheet: Text = None,
) -> Response[bytes]:
    if name == "partner-schools":
        return await files.partner_schools_file(request, tenant, principal, services, read, as_of, school, format)
    if name == "approval-sheet":
        return await files.approval_sheet_file(request, tenant, principal, read, sheet, format)
    if name == "monthly-report":
        return await files.monthly_report_file(tenant, principal, read, school, month, format)
    if name == "roadmap":
        return await files.roadmap_file(request, tenant, principal, read, roadmap, as_of, format)
    return await files.criteria_file(request, tenant, principal, services, read, as_of, school, format)


@get("/r/{region_id:str}/documents/overview", name="overview-document", guards=[region_reader_guard],
     dependencies=REGION_DEPENDENCIES)
async def overview_document(
    request: Request, region: NamedDependency[Tenant], services: NamedDependency[Services],
    read: NamedDependency[ReadSide], format: Fmt = "pdf", as_of: AsOf = None,
) -> Response[bytes]:
    return await files.overview_file(request, region, services, read, as_of, format)


DOCUMENT_PAGES = [tenant_document, overview_document]
