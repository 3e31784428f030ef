"""The monitoring calendar as a month grid (Monday first) and as a list, for a municipality's
officers (and the region, read only) and for one school; each day's obligations with their
status in words. Read through the schedule's monitoring_calendar; downloads are its export."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal

from anyio import to_thread
from babel.dates import get_day_names
from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from domain.roles import SCHOOL_ROLES
from domain.schedule import add_months
from services.auth import Forbidden, Principal
from services.context import tenant_reader_guard
from services.projections.export import Format
from services.projections.http import ReadSide, school_scope
from services.projections.overview.queries import municipal_register
from services.projections.schedule.api import Period, schedule_file
from services.projections.schedule.queries import DueRow, ScheduleAnswer, monitoring_calendar
from tenants.registry import Tenant
from web import words
from web.formatting import LOCALE
from web.pages import page
from web.school import Month, SchoolInPath, month_of, today_in

View = Annotated[Literal["grid", "list"], QueryParameter()]
Fmt = Annotated[Format, QueryParameter(name="format")]
#: Monday first, as the Russian calendar is (Babel: 0 is Monday).
WEEKDAYS = [get_day_names("abbreviated", locale=LOCALE)[day] for day in range(7)]
WEEKDAYS_WIDE = [get_day_names("wide", locale=LOCALE)[day] for day in range(7)]
#: The four statuses of 003's monitoring, and the others an obligation may end in.
LEGEND = ("due", "on_time", "late", "missed")


@dataclass(frozen=True)
class Day:
    day: date
    in_month: bool
    today: bool
    rows: list[DueRow]


def month_grid(first: date, rows: list[DueRow], today: date) -> list[list[Day]]:
    """The month's weeks, Monday to Sunday, each day with the obligations due on it."""
    due: dict[date, list[DueRow]] = {}
    for row in rows:
        due.setdefault(row.due_on, []).append(row)
    weeks = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(first.year, first.month)
    return [[Day(d, d.month == first.month, d == today, due.get(d, [])) for d in week] for week in weeks]


def _month(first: date) -> tuple[date, date]:
    return first, date.fromordinal(add_months(first, 1).toordinal() - 1)


def _municipal(principal: Principal, tenant: Tenant) -> None:
    if principal.role in SCHOOL_ROLES or tenant.kind != "municipality":
        raise Forbidden("the municipality's calendar is for its officers and the region")


async def _answer(read: ReadSide, tenant: Tenant, first: date, school: str | None) -> ScheduleAnswer:
    start, end = _month(first)
    return await to_thread.run_sync(
        monitoring_calendar, read.store, tenant.id, start, end, school, None, today_in(tenant))


async def _page(request: Request, tenant: Tenant, read: ReadSide, month: str | None, view: str,
                school: str | None) -> Response:
    today = today_in(tenant)
    first = month_of(month, today)
    answer = await _answer(read, tenant, first, school)
    register = await to_thread.run_sync(municipal_register, read.store, tenant.id)
    base = f"/m/{tenant.id}" + (f"/schools/{school}" if school else "") + "/calendar"
    return page(  # type: ignore[return-value]
        request, "calendar.html", tenant=tenant, school=school, answer=answer, view=view,
        weeks=month_grid(first, answer.rows, today), weekdays=list(zip(WEEKDAYS, WEEKDAYS_WIDE, strict=True)),
        first=first, previous=add_months(first, -1).strftime("%Y-%m"),
        following=add_months(first, 1).strftime("%Y-%m"), month=first.strftime("%Y-%m"), base=base,
        names={s.school: s.name for s in register.schools}, words=words, legend=LEGEND,
    )


async def _download(tenant: Tenant, read: ReadSide, month: str | None, school: str | None, fmt: Format) -> Response:
    first = month_of(month, today_in(tenant))
    answer = await _answer(read, tenant, first, school)
    return await to_thread.run_sync(schedule_file, read.store, tenant, Period(*_month(first)), school, None,
                                    today_in(tenant), answer, "csv" if fmt == "csv" else "xlsx")


@get("/m/{tenant_id:str}/calendar", name="municipal-calendar", guards=[tenant_reader_guard])
async def municipal_calendar(
    request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    read: NamedDependency[ReadSide], month: Month = None, view: View = "grid",
) -> Response:
    """The municipality's monitoring calendar for a month, as a grid or a list."""
    _municipal(principal, tenant)
    return await _page(request, tenant, read, month, view, None)


@get("/m/{tenant_id:str}/calendar/download", name="municipal-calendar-download", guards=[tenant_reader_guard])
async def municipal_calendar_download(
    tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    read: NamedDependency[ReadSide], month: Month = None, fmt: Fmt = "xlsx",
) -> Response:
    _municipal(principal, tenant)
    return await _download(tenant, read, month, None, fmt)


@get("/m/{tenant_id:str}/schools/{school:str}/calendar", name="school-calendar", guards=[tenant_reader_guard])
async def school_calendar(
    request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    read: NamedDependency[ReadSide], school: SchoolInPath, month: Month = None, view: View = "grid",
) -> Response:
    """One school's own calendar: what it owes in the month, as a grid or a list."""
    return await _page(request, tenant, read, month, view, school_scope(principal, school))


@get("/m/{tenant_id:str}/schools/{school:str}/calendar/download", name="school-calendar-download",
     guards=[tenant_reader_guard])
async def school_calendar_download(
    tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    read: NamedDependency[ReadSide], school: SchoolInPath, month: Month = None, fmt: Fmt = "xlsx",
) -> Response:
    return await _download(tenant, read, month, school_scope(principal, school), fmt)


CALENDAR_ROUTES = [municipal_calendar, municipal_calendar_download, school_calendar, school_calendar_download]
