"""GET organisations, their events for schools and teacher coverage (001 p.3, p.5, indicator 2; 004 §4.3)."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Annotated

import msgspec
from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from domain.organisation import OrganisationEventKind, OrganisationEventStatus, OrganisationKind
from services.auth import Principal
from services.context import tenant_reader_guard
from services.projections.export import FORMAT_HELP, Format, tabular
from services.projections.http import ReadSide, as_of_date, read_your_writes, school_scope
from services.projections.inputs import MAX_INT64, plain_text
from services.projections.organisations import queries
from services.projections.organisations.projection import OrganisationsView
from services.projections.organisations.queries import (
    EventRow,
    Filters,
    OrganisationRow,
    TeacherCoverage,
)
from services.projections.organisations.tables import (
    COVERAGE_COLUMNS,
    DEFAULT_LIMIT,
    EVENT_COLUMNS,
    MAX_LIMIT,
    ORGANISATION_COLUMNS,
    coverage_rows,
    event_rows,
    organisation_rows,
    window,
)
from tenants.registry import Tenant

Search = Annotated[str | None, QueryParameter(max_length=200, description="Words of the name or topic "
                                               "(Russian, case- and ё/е-insensitive)")]
School = Annotated[str | None, QueryParameter(max_length=80, description="Only this school")]
Position = Annotated[int | None, QueryParameter(ge=1, le=MAX_INT64,
                                                description="Wait until the view has read this log position")]
OrgKind = Annotated[OrganisationKind | None, QueryParameter(description="Only organisations of this kind")]
EventKind = Annotated[OrganisationEventKind | None, QueryParameter(description="Only events of this form")]
EventStatus = Annotated[OrganisationEventStatus | None, QueryParameter(description="planned, held or cancelled")]
Year = Annotated[int | None, QueryParameter(ge=2000, le=2100, description="Calendar year")]


Limit = Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT, description="Rows per page (JSON; exports have all)")]
Offset = Annotated[int, QueryParameter(ge=0, le=1_000_000, description="Rows skipped before the page")]
Fmt = Annotated[Format, QueryParameter(name="format", description=FORMAT_HELP)]


class OrganisationsAnswer(msgspec.Struct, frozen=True):
    tenant_id: str
    organisations: list[OrganisationRow]
    position: int
    #: The rows matching the filters; this page has at most `limit` of them from `offset`.
    total: int = 0
    limit: int = DEFAULT_LIMIT
    offset: int = 0


class EventsAnswer(msgspec.Struct, frozen=True):
    tenant_id: str
    events: list[EventRow]
    position: int
    total: int = 0
    limit: int = DEFAULT_LIMIT
    offset: int = 0


class CoverageAnswer(msgspec.Struct, frozen=True):
    """The share over every school; `coverage.schools` is the page of `total` schools."""

    tenant_id: str
    as_of: date
    coverage: TeacherCoverage
    position: int
    total: int = 0
    limit: int = DEFAULT_LIMIT
    offset: int = 0


def _download(rows: list[dict], columns: list, fmt: Format, name: str, tenant: Tenant, title: str) -> Response:
    return tabular(rows, columns, fmt, f"{name}-{tenant.id}", title, f"{title}: {tenant.name}")


@get("/api/v1/tenants/{tenant_id:str}/organisations", operation_id="listOrganisations",
     tags=["organisations"], guards=[tenant_reader_guard],
     summary="Organisations that are not schools, with the events they held for schools",
     description="Methodological services (ИМЦ, ММС, ЦДО), ИРО, ППМС centres, preschools, culture and "
     "sport institutions, universities registered as participants (001 p.3, p.5; 004 §3.1), ordered "
     "by name; per organisation the events held, distinct schools reached and teachers taking part. "
     "`limit`/`offset` page the rows (`total`: how many match); `format=csv|xlsx` downloads all of them.")
async def list_organisations(
    request: Request, tenant: NamedDependency[Tenant], read: NamedDependency[ReadSide],
    q: Search = None, kind: OrgKind = None, position: Position = None,
    limit: Limit = DEFAULT_LIMIT, offset: Offset = 0, fmt: Fmt = "json",
) -> Response[OrganisationsAnswer]:
    plain_text(q, "q")
    await read_your_writes(request, OrganisationsView, tenant.id, position)
    rows = await asyncio.to_thread(queries.organisations, read.store, tenant.id, Filters(q=q, kind=kind))
    if fmt != "json":
        return _download(organisation_rows(rows), ORGANISATION_COLUMNS, fmt, "organisations", tenant,
                         "Организации-участники")
    return Response(OrganisationsAnswer(tenant.id, window(rows, limit, offset),
                                        queries.reached(read.store, tenant.id), len(rows), limit, offset))


@get("/api/v1/tenants/{tenant_id:str}/organisation-events", operation_id="listOrganisationEvents",
     tags=["organisations"], guards=[tenant_reader_guard],
     summary="Seminars, consultations, methodical days and courses run for schools",
     description="Ordered by the day held (else planned); each with its organiser, status, the "
     "schools and the number of their teachers taking part (001 forms of interaction, 004 §4.3). "
     "`year` keeps the events of that calendar year. A school user sees only the events its school "
     "took part in, and only its own participation. `limit`/`offset` page the rows (`total`: how "
     "many match); `format=csv|xlsx` downloads all of them.")
async def list_organisation_events(
    request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    read: NamedDependency[ReadSide], q: Search = None, kind: EventKind = None,
    organiser: Annotated[str | None, QueryParameter(max_length=80, description="Only this organisation")] = None,
    school: School = None, year: Year = None, status: EventStatus = None,
    position: Position = None, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0, fmt: Fmt = "json",
) -> Response[EventsAnswer]:
    scope = school_scope(principal, school)
    plain_text(q, "q")
    plain_text(organiser, "organiser")
    await read_your_writes(request, OrganisationsView, tenant.id, position)
    filters = Filters(q=q, kind=kind, organiser=organiser, school=scope, year=year, status=status)
    rows = await asyncio.to_thread(queries.events, read.store, tenant.id, filters)
    if fmt != "json":
        return _download(event_rows(rows), EVENT_COLUMNS, fmt, "organisation-events", tenant,
                         "Мероприятия для школ")
    return Response(EventsAnswer(tenant.id, window(rows, limit, offset),
                                 queries.reached(read.store, tenant.id), len(rows), limit, offset))


@get("/api/v1/tenants/{tenant_id:str}/teacher-coverage", operation_id="getTeacherCoverage",
     tags=["organisations"], guards=[tenant_reader_guard],
     summary="001 indicator 2: the share of teachers covered by the network's events, and its source",
     description="For the calendar year (default: `as_of`'s), events held from 1 January to `as_of`. "
     "`source: computed` when the tenant records teacher headcounts for the year: per school the "
     "most of its teachers at one event (never counting a teacher twice), at most its headcount, "
     "summed over the schools' headcounts. `source: recorded` without headcounts: the value recorded "
     "by hand is the overview's. A school user sees only its own school. `limit`/`offset` page the "
     "schools (`total`: how many; the share is over all); `format=csv|xlsx` downloads every school and the total.")
async def get_teacher_coverage(
    request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    read: NamedDependency[ReadSide],
    as_of: Annotated[date | None, QueryParameter(description="Business date; today in the tenant's zone")] = None,
    year: Year = None, school: School = None, position: Position = None,
    limit: Limit = DEFAULT_LIMIT, offset: Offset = 0, fmt: Fmt = "json",
) -> Response[CoverageAnswer]:
    scope = school_scope(principal, school)
    await read_your_writes(request, OrganisationsView, tenant.id, position)
    day = as_of_date(tenant, as_of, request)
    if year is not None and year < day.year:
        day = date(year, 12, 31)
    coverage = await asyncio.to_thread(queries.teacher_coverage, read.store, tenant.id, year or day.year,
                                       day, scope)
    if fmt != "json":
        return _download(coverage_rows(coverage), COVERAGE_COLUMNS, fmt, "teacher-coverage", tenant,
                         f"Охват педагогов за {coverage.year} год")
    shown = msgspec.structs.replace(coverage, schools=window(coverage.schools, limit, offset))
    return Response(CoverageAnswer(tenant.id, day, shown, queries.reached(read.store, tenant.id),
                                   len(coverage.schools), limit, offset))


ORGANISATION_ROUTES = [list_organisations, list_organisation_events, get_teacher_coverage]
