"""GET the effectiveness-criteria report of 003 for a municipality or a whole region (JSON, CSV, XLSX)."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Annotated

from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from domain.base import InvalidValue
from services.auth import Principal
from services.context import Services, tenant_reader_guard
from services.projections.criteria_report import tables
from services.projections.criteria_report.answers import CriteriaReport
from services.projections.criteria_report.queries import criteria_report
from services.projections.export import FORMAT_HELP, Format, heading, tabular
from services.projections.http import (
    REGION_DEPENDENCIES,
    ReadSide,
    as_of_date,
    region_reader_guard,
    school_scope,
)
from services.projections.inputs import plain_text
from tenants.registry import Tenant

AsOf = Annotated[date | None, QueryParameter(description="The date: values measured, programme in force, "
                                                        "agreement and roadmap judged on it; today in the zone")]
Fmt = Annotated[Format, QueryParameter(name="format", description=FORMAT_HELP)]
_ABOUT = (
    " Each programme school (ШНОР/ШФНСУ identified by the date, not exited) on each of the 9 criteria of "
    "003: criteria 3-6 against the regional average and 9 against the district average, both computed "
    "from the schools' recorded values of the same period; 5 per optional subject "
    "(`use_average_<subject>`); 7 derived from the agreement in force and the roadmap's execution; 9 "
    "also as a trend (decrease since the previous period). Only a programme in force applies "
    "(`no_target` otherwise). `format=csv|xlsx`: one line per school and criterion."
)


def _answer(report: CriteriaReport, fmt: Format, where: str) -> Response[CriteriaReport]:
    if fmt == "json":
        return Response(report)
    return tabular(tables.rows(report), tables.COLUMNS, fmt, f"criteria-{report.scope}-{report.as_of.isoformat()}",
                   "Критерии результативности", heading("Критерии результативности (003)", where, report.as_of))


@get("/api/v1/tenants/{tenant_id:str}/criteria-report", operation_id="getCriteriaReport",
     tags=["criteria"], guards=[tenant_reader_guard], summary="Effectiveness criteria of 003 per school",
     description="The programme schools of this tenant (a region tenant: its own schools; every "
     "municipality's: under /regions); a school user sees its own school." + _ABOUT)
async def get_criteria_report(
    request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    services: NamedDependency[Services], read: NamedDependency[ReadSide], as_of: AsOf = None,
    school: Annotated[str | None, QueryParameter(max_length=80, description="Only this school")] = None,
    fmt: Fmt = "json",
) -> Response[CriteriaReport]:
    registry = services.backend.registry
    region = tenant if tenant.kind == "region" else registry.get(tenant.region_id)
    assert region is not None
    day = as_of_date(tenant, as_of, request)
    report = await asyncio.to_thread(criteria_report, read.store, region, registry.municipalities(region.id),
                                     [tenant], school_scope(principal, school), day, tenant.id)
    return _answer(report, fmt, tenant.name)


@get("/api/v1/regions/{region_id:str}/criteria-report", operation_id="getRegionCriteriaReport",
     tags=["criteria"], guards=[region_reader_guard], dependencies=REGION_DEPENDENCIES,
     summary="Effectiveness criteria of 003 in every municipality of the region",
     description="The region's operators and auditors; `municipality` for one." + _ABOUT)
async def get_region_criteria_report(
    request: Request, region: NamedDependency[Tenant], services: NamedDependency[Services],
    read: NamedDependency[ReadSide], as_of: AsOf = None,
    municipality: Annotated[str | None, QueryParameter(max_length=80, description="Only this municipality")] = None,
    fmt: Fmt = "json",
) -> Response[CriteriaReport]:
    plain_text(municipality, "municipality")
    municipalities = services.backend.registry.municipalities(region.id)
    chosen = [m for m in municipalities if municipality in (None, m.id)]
    if municipality is not None and not chosen:
        raise InvalidValue("municipality", f"is not a municipality of {region.id}")
    day = as_of_date(region, as_of, request)
    report = await asyncio.to_thread(criteria_report, read.store, region, municipalities, chosen, None, day,
                                     region.id)
    return _answer(report, fmt, region.name)


CRITERIA_ROUTES = [get_criteria_report, get_region_criteria_report]
