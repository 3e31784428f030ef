"""GET registers of a whole region (its operators and auditors): schools and partnerships of
every municipality of the region, never of another region."""

from __future__ import annotations

import asyncio
from typing import Annotated

from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from domain.partnership import Status as PartnershipStatus
from services.context import Services
from services.projections.http import REGION_DEPENDENCIES, ReadSide, region_reader_guard
from services.projections.registers import build
from services.projections.registers.answers import PartnershipsRegister, SchoolsRegister
from services.projections.registers.params import (
    AgreementFilter,
    AsOf,
    CategoryFilter,
    Cohort,
    Fmt,
    Limit,
    Municipality,
    PageNo,
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


REGION_REGISTER_ROUTES = [list_region_school_register, list_region_partnership_register]
