"""GET registers of a municipality: schools, partnerships and agreements, the partner-school list
of 000 appendix 1, people in roles (JSON pages, or CSV / XLSX of every matching row)."""

from __future__ import annotations

import asyncio
from typing import Annotated

from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from domain.partnership import Status as PartnershipStatus
from services.auth import Principal
from services.context import Services, tenant_reader_guard
from services.projections.http import ReadSide
from services.projections.registers import build
from services.projections.registers.answers import (
    PartnershipsRegister,
    PeopleRegister,
    SchoolsRegister,
)
from services.projections.registers.params import (
    AgreementFilter,
    AsOf,
    CategoryFilter,
    Cohort,
    Fmt,
    Limit,
    PageNo,
    PersonRole,
    Position,
    School,
    Search,
    tenant_scope,
)
from services.projections.registers.records_api import RECORD_ROUTES
from services.projections.registers.region_api import REGION_REGISTER_ROUTES
from tenants.registry import Tenant

_PAGED = (
    " JSON: one page (`page`, `limit`, with `total` and `pages`); `format=csv|xlsx`: every row "
    "matching the filters, Russian headers, XLSX with a title row (municipality, as_of) and the "
    "header frozen. A school user sees only its own school's rows."
)
_PEOPLE = (
    " Coordinator, curator and municipal coordinator as the partnership records them, read from "
    "its stream: a name only while its key exists, an erased person as `erased` (152-ФЗ)."
)


@get("/api/v1/tenants/{tenant_id:str}/registers/schools", operation_id="listSchoolRegister",
     tags=["registers"], guards=[tenant_reader_guard],
     summary="Schools register: category, cohort and basis, partner, people, agreement, roadmap, reports",
     description="Ordered by name. Agreement status on `as_of` (003 §3.1-3.3: in force, expiring "
     "within 60 days, expired, ended). Roadmap completion: items done of those not cancelled; "
     "reports on time of those the tenant's duties asked for by `as_of`." + _PEOPLE + _PAGED)
async def list_school_register(
    request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    read: NamedDependency[ReadSide], services: NamedDependency[Services], as_of: AsOf = None,
    q: Search = None, school: School = None, category: CategoryFilter = None, cohort: Cohort = None,
    agreement: AgreementFilter = None, page: PageNo = 1, limit: Limit = 50, position: Position = None,
    fmt: Fmt = "json",
) -> Response[SchoolsRegister]:
    scope = await tenant_scope(request, tenant, principal, as_of, q, school, page, limit, position, fmt)
    return await asyncio.to_thread(build.schools, read.store, services.backend, scope, fmt,
                                   category=category, cohort=cohort, agreement=agreement)


@get("/api/v1/tenants/{tenant_id:str}/registers/partnerships", operation_id="listPartnershipRegister",
     tags=["registers"], guards=[tenant_reader_guard],
     summary="Partnerships and agreements with their deadlines",
     description="Ordered by the supported school's name. `deadline`: the day a notified "
     "termination takes effect, else the agreement's last day; `days_left` from `as_of`." + _PEOPLE + _PAGED)
async def list_partnership_register(
    request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    read: NamedDependency[ReadSide], services: NamedDependency[Services], as_of: AsOf = None,
    q: Search = None, school: School = None, agreement: AgreementFilter = None,
    status: Annotated[PartnershipStatus | None, QueryParameter(description="Only this state")] = None,
    page: PageNo = 1, limit: Limit = 50, position: Position = None, fmt: Fmt = "json",
) -> Response[PartnershipsRegister]:
    scope = await tenant_scope(request, tenant, principal, as_of, q, school, page, limit, position, fmt)
    return await asyncio.to_thread(build.partnerships, read.store, services.backend, scope, fmt,
                                   agreement=agreement, status=status)


@get("/api/v1/tenants/{tenant_id:str}/registers/partner-schools", operation_id="getPartnerSchoolList",
     tags=["registers"], guards=[tenant_reader_guard],
     summary="The partner-school list of 000 appendix 1 (Перечень школ-партнеров)",
     description="Pairs not ended by `as_of`, numbered in the order of the weak school's name; "
     "as CSV / XLSX in the document's five columns and wording." + _PEOPLE + _PAGED)
async def get_partner_school_list(
    request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    read: NamedDependency[ReadSide], services: NamedDependency[Services], as_of: AsOf = None,
    school: School = None, page: PageNo = 1, limit: Limit = 50, position: Position = None,
    fmt: Fmt = "json",
) -> Response[PartnershipsRegister]:
    scope = await tenant_scope(request, tenant, principal, as_of, None, school, page, limit, position, fmt)
    return await asyncio.to_thread(build.partner_list, read.store, services.backend, scope, fmt)


@get("/api/v1/tenants/{tenant_id:str}/registers/people", operation_id="listPeopleRegister",
     tags=["registers"], guards=[tenant_reader_guard],
     summary="People in roles: coordinators, curators, municipal coordinators",
     description="One row per role of each partnership, in the order of the supported school's "
     "name; `q` searches the names shown (an erased person is never found)." + _PEOPLE + _PAGED)
async def list_people_register(
    request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    read: NamedDependency[ReadSide], services: NamedDependency[Services], as_of: AsOf = None,
    q: Search = None, school: School = None,
    role: Annotated[PersonRole | None, QueryParameter(description="Only this role")] = None,
    page: PageNo = 1, limit: Limit = 50, position: Position = None, fmt: Fmt = "json",
) -> Response[PeopleRegister]:
    scope = await tenant_scope(request, tenant, principal, as_of, q, school, page, limit, position, fmt)
    return await asyncio.to_thread(build.people, read.store, services.backend, scope, fmt, role)


REGISTER_ROUTES = [
    list_school_register, list_partnership_register, get_partner_school_list, list_people_register,
    *RECORD_ROUTES, *REGION_REGISTER_ROUTES,
]
