"""GET registers of a whole region (its operators and auditors): schools, partnerships, visits,
reports, internship requests, approval sheets and people of every municipality of the region,
never of another region."""

from __future__ import annotations

import asyncio
from typing import Annotated

from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from domain.approval import DocumentKind
from domain.approval import Status as SheetStatus
from domain.internship import Status as InternshipStatus
from domain.partnership import Status as PartnershipStatus
from domain.report import ReportKind, ReportStatus
from domain.visit import VisitKind, VisitStatus
from services.context import Services
from services.projections.http import REGION_DEPENDENCIES, ReadSide, region_reader_guard
from services.projections.registers import build
from services.projections.registers.answers import (
    ApprovalsRegister,
    InternshipsRegister,
    PartnershipsRegister,
    PeopleRegister,
    ReportsRegister,
    SchoolsRegister,
    VisitsRegister,
)
from services.projections.registers.params import (
    AgreementFilter,
    AsOf,
    CategoryFilter,
    Cohort,
    Fmt,
    Limit,
    Municipality,
    PageNo,
    PersonRole,
    Search,
    region_scope,
)
from tenants.registry import Tenant

_REGION = (
    " Every municipality of the region (and the region's own tenant), `municipality` for one; "
    "the same columns, filters, pages and exports as the municipality's register."
)


@get("/api/v1/regions/{region_id:str}/registers/schools", operation_id="listRegionSchoolRegister",
     tags=["registers"], guards=[region_reader_guard], dependencies=REGION_DEPENDENCIES,
     summary="Schools register of the whole region", description="Ordered by name." + _REGION)
async def list_region_school_register(
    request: Request, region: NamedDependency[Tenant], services: NamedDependency[Services],
    read: NamedDependency[ReadSide], as_of: AsOf = None, q: Search = None,
    municipality: Municipality = None, category: CategoryFilter = None, cohort: Cohort = None,
    agreement: AgreementFilter = None, page: PageNo = 1, limit: Limit = 50, fmt: Fmt = "json",
) -> Response[SchoolsRegister]:
    municipalities = services.backend.registry.municipalities(region.id)
    scope = region_scope(request, region, municipalities, as_of, q, municipality, page, limit, fmt)
    return await asyncio.to_thread(build.schools, read.store, services.backend, scope, fmt,
                                   category=category, cohort=cohort, agreement=agreement)


@get("/api/v1/regions/{region_id:str}/registers/partnerships", operation_id="listRegionPartnershipRegister",
     tags=["registers"], guards=[region_reader_guard], dependencies=REGION_DEPENDENCIES,
     summary="Partnerships and agreements of the whole region",
     description="Ordered by the supported school's name." + _REGION)
async def list_region_partnership_register(
    request: Request, region: NamedDependency[Tenant], services: NamedDependency[Services],
    read: NamedDependency[ReadSide], as_of: AsOf = None, q: Search = None,
    municipality: Municipality = None, agreement: AgreementFilter = None,
    status: Annotated[PartnershipStatus | None, QueryParameter(description="Only this state")] = None,
    page: PageNo = 1, limit: Limit = 50, fmt: Fmt = "json",
) -> Response[PartnershipsRegister]:
    municipalities = services.backend.registry.municipalities(region.id)
    scope = region_scope(request, region, municipalities, as_of, q, municipality, page, limit, fmt)
    return await asyncio.to_thread(build.partnerships, read.store, services.backend, scope, fmt,
                                   agreement=agreement, status=status)


def _scope(request: Request, region: Tenant, services: Services, as_of, q, municipality, page, limit, fmt):
    municipalities = services.backend.registry.municipalities(region.id)
    return region_scope(request, region, municipalities, as_of, q, municipality, page, limit, fmt)


@get("/api/v1/regions/{region_id:str}/registers/visits", operation_id="listRegionVisitRegister",
     tags=["registers"], guards=[region_reader_guard], dependencies=REGION_DEPENDENCIES,
     summary="Visits between partner schools of the whole region",
     description="By planned date; `overdue`: still planned after its day." + _REGION)
async def list_region_visit_register(
    request: Request, region: NamedDependency[Tenant], services: NamedDependency[Services],
    read: NamedDependency[ReadSide], as_of: AsOf = None, q: Search = None,
    municipality: Municipality = None,
    status: Annotated[VisitStatus | None, QueryParameter(description="Only this state")] = None,
    kind: Annotated[VisitKind | None, QueryParameter(description="Only this kind")] = None,
    page: PageNo = 1, limit: Limit = 50, fmt: Fmt = "json",
) -> Response[VisitsRegister]:
    scope = _scope(request, region, services, as_of, q, municipality, page, limit, fmt)
    return await asyncio.to_thread(build.visits, read.store, scope, fmt, status=status, kind=kind)


@get("/api/v1/regions/{region_id:str}/registers/reports", operation_id="listRegionReportRegister",
     tags=["registers"], guards=[region_reader_guard], dependencies=REGION_DEPENDENCIES,
     summary="Reports of the whole region", description="By first filing date." + _REGION)
async def list_region_report_register(
    request: Request, region: NamedDependency[Tenant], services: NamedDependency[Services],
    read: NamedDependency[ReadSide], as_of: AsOf = None, q: Search = None,
    municipality: Municipality = None,
    kind: Annotated[ReportKind | None, QueryParameter(description="Only this kind")] = None,
    status: Annotated[ReportStatus | None, QueryParameter(description="Only this state")] = None,
    page: PageNo = 1, limit: Limit = 50, fmt: Fmt = "json",
) -> Response[ReportsRegister]:
    scope = _scope(request, region, services, as_of, q, municipality, page, limit, fmt)
    return await asyncio.to_thread(build.reports, read.store, scope, fmt, kind=kind, status=status)


@get("/api/v1/regions/{region_id:str}/registers/internships", operation_id="listRegionInternshipRegister",
     tags=["registers"], guards=[region_reader_guard], dependencies=REGION_DEPENDENCIES,
     summary="Internship requests of the whole region (003 §2.3)", description="By start date." + _REGION)
async def list_region_internship_register(
    request: Request, region: NamedDependency[Tenant], services: NamedDependency[Services],
    read: NamedDependency[ReadSide], as_of: AsOf = None, q: Search = None,
    municipality: Municipality = None,
    status: Annotated[InternshipStatus | None, QueryParameter(description="Only this state")] = None,
    page: PageNo = 1, limit: Limit = 50, fmt: Fmt = "json",
) -> Response[InternshipsRegister]:
    scope = _scope(request, region, services, as_of, q, municipality, page, limit, fmt)
    return await asyncio.to_thread(build.internships, read.store, scope, fmt, status=status)


@get("/api/v1/regions/{region_id:str}/registers/approvals", operation_id="listRegionApprovalRegister",
     tags=["registers"], guards=[region_reader_guard], dependencies=REGION_DEPENDENCIES,
     summary="Approval sheets of the whole region (003)", description="By submission date." + _REGION)
async def list_region_approval_register(
    request: Request, region: NamedDependency[Tenant], services: NamedDependency[Services],
    read: NamedDependency[ReadSide], as_of: AsOf = None, q: Search = None,
    municipality: Municipality = None,
    status: Annotated[SheetStatus | None, QueryParameter(description="Only this state")] = None,
    document_kind: Annotated[DocumentKind | None, QueryParameter(description="Only this kind of document")] = None,
    page: PageNo = 1, limit: Limit = 50, fmt: Fmt = "json",
) -> Response[ApprovalsRegister]:
    scope = _scope(request, region, services, as_of, q, municipality, page, limit, fmt)
    return await asyncio.to_thread(build.approvals, read.store, scope, fmt, status=status,
                                   document_kind=document_kind)


@get("/api/v1/regions/{region_id:str}/registers/people", operation_id="listRegionPeopleRegister",
     tags=["registers"], guards=[region_reader_guard], dependencies=REGION_DEPENDENCIES,
     summary="People in roles of the whole region",
     description="Coordinators, curators and municipal coordinators of every partnership; names "
     "shown while decryptable, an erased person as erased; `q` searches the names shown." + _REGION)
async def list_region_people_register(
    request: Request, region: NamedDependency[Tenant], services: NamedDependency[Services],
    read: NamedDependency[ReadSide], as_of: AsOf = None, q: Search = None,
    municipality: Municipality = None,
    role: Annotated[PersonRole | None, QueryParameter(description="Only this role")] = None,
    page: PageNo = 1, limit: Limit = 50, fmt: Fmt = "json",
) -> Response[PeopleRegister]:
    scope = _scope(request, region, services, as_of, q, municipality, page, limit, fmt)
    return await asyncio.to_thread(build.people, read.store, services.backend, scope, fmt, role)


REGION_REGISTER_ROUTES = [
    list_region_school_register, list_region_partnership_register, list_region_visit_register,
    list_region_report_register, list_region_internship_register, list_region_approval_register,
    list_region_people_register,
]
