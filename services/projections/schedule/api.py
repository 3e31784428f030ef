"""GET schedule: the monitoring calendar, what is due when, on time, late or missed (domain.md)."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Annotated, Literal, NamedTuple, get_args

from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from domain.base import InvalidValue
from domain.schedule import add_months
from services.auth import Principal
from services.context import tenant_reader_guard
from services.projections.export import FORMAT_HELP, Format, heading, tabular
from services.projections.http import (
    ReadSide,
    as_of_date,
    knowledge_instant,
    read_your_writes,
    school_scope,
)
from services.projections.inputs import MAX_INT64, bounded_date
from services.projections.kept_response import kept_response
from services.projections.registers.queries import school_names
from services.projections.schedule.projection import ScheduleView
from services.projections.schedule.queries import ScheduleAnswer, monitoring_calendar
from services.projections.schedule.rows import KINDS
from services.projections.schedule.tables import COLUMNS, KIND_RU, table_rows
from services.projections.store import ViewStore
from tenants.registry import Tenant

#: Longest range one query may ask for.
MAX_RANGE_MONTHS = 36

DueKind = Literal[
    "roadmap_item", "monthly_report", "annual_analytic_note", "effectiveness_analysis", "visit",
    "internship_request", "internship_withdrawal", "agreement_expiry", "termination_notice",
    "termination_effective", "named_report", "partnership_agreement",
]
assert get_args(DueKind) == KINDS


def check_range(start: date | None, end: date | None) -> tuple[date, date]:
    bounded_date(start, "from")
    bounded_date(end, "to")
    if start is None:
        raise InvalidValue("from", "is required, e.g. from=2021-03-01")
    if end is None:
        raise InvalidValue("to", "is required, e.g. to=2021-12-31")
    if end < start:
        raise InvalidValue("to", "must not be before from")
    if end > add_months(start, MAX_RANGE_MONTHS):
        raise InvalidValue("to", "must be at most 3 years after from")
    return start, end


@get(
    "/api/v1/tenants/{tenant_id:str}/schedule",
    operation_id="listSchedule",
    tags=["schedule"],
    guards=[tenant_reader_guard],
    summary="Monitoring calendar: what is due when, on time, late or missed, and on-time rates",
    description=(
        "Rows due within [from, to] (both required, at most 3 years apart): roadmap item "
        "occurrences, the reports the tenant's own reporting duties ask for (monthly reports, "
        "annual analytic notes, effectiveness analyses, reports a duty names itself; a filing no duty asks for is an "
        "informational row), visits, internship request and withdrawal deadlines, agreement "
        "expiry, the last day for a termination notice and the day a termination takes effect. "
        "Status on the business date `as_of` (done counts only if done by then): obligations "
        "are on_time (done by as_of and done_on <= due_on), late, missed (not done by as_of, "
        "due before it), due, cancelled or closed_by_exit (due after the school left "
        "the programme); informational rows (`obligation` false) are done, "
        "passed, due or cancelled. On-time rates = on_time / (on_time + late + missed), per "
        "school and for the municipality, over obligations only. A school user sees only its "
        "own school. `format=csv|xlsx` downloads the rows with Russian headers."
    ),
)
async def list_schedule(
    request: Request,
    tenant: NamedDependency[Tenant],
    principal: NamedDependency[Principal],
    read: NamedDependency[ReadSide],
    start: Annotated[date | None, QueryParameter(name="from", description="First due date (required)")] = None,
    end: Annotated[date | None, QueryParameter(name="to", description="Last due date (required)")] = None,
    as_of: Annotated[
        date | None, QueryParameter(description="Date of the derived statuses; today in the tenant's zone")
    ] = None,
    school: Annotated[str | None, QueryParameter(max_length=80, description="Only this school")] = None,
    kind: Annotated[DueKind | None, QueryParameter(description="Only rows of this kind")] = None,
    position: Annotated[
        int | None, QueryParameter(ge=1, le=MAX_INT64, description="Wait until the view has read this log position")
    ] = None,
    fmt: Annotated[Format, QueryParameter(name="format", description=FORMAT_HELP)] = "json",
) -> Response[ScheduleAnswer]:
    first, last = check_range(start, end)
    scope = school_scope(principal, school)
    await read_your_writes(request, ScheduleView, tenant.id, position)
    day = as_of_date(tenant, as_of, request)
    if fmt == "json" and knowledge_instant(request) is None:  # live views: kept by their stamp
        return await asyncio.to_thread(
            kept_response, request, read.store, (ScheduleView,), [tenant.id], ("schedule", tenant.id, first, last, scope, kind, day),
            lambda: monitoring_calendar(read.store, tenant.id, first, last, scope, kind, day),
        )
    answer = await asyncio.to_thread(
        monitoring_calendar, read.store, tenant.id, first, last, scope, kind, day
    )
    if fmt == "json":
        return Response(answer)
    return await asyncio.to_thread(schedule_file, read.store, tenant, Period(first, last), scope, kind,
                                   day, answer, fmt)


class Period(NamedTuple):
    """The calendar's range, both ends included."""

    first: date
    last: date


def schedule_file(store: ViewStore, tenant: Tenant, period: Period, scope: str | None, kind: str | None,
                  day: date, answer: ScheduleAnswer, fmt: Format) -> Response:
    """The calendar as CSV or XLSX: the API's export and the pages' download are the same bytes."""
    first, last = period
    names = {code: name for (_, code), name in school_names(store, [tenant.id]).items()}
    return tabular(
        table_rows(answer, names), COLUMNS, fmt,
        f"schedule-{tenant.id}-{first.isoformat()}-{last.isoformat()}", "Календарь мониторинга",
        heading("Календарь мониторинга", tenant.name, day, школа=names.get(scope or "", scope), вид=KIND_RU.get(kind or "", kind),
                период=f"{first.strftime('%d.%m.%Y')}–{last.strftime('%d.%m.%Y')}"),
    )
