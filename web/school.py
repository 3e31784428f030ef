"""The school user's pages: «Что сделать» (this month's obligations, my roadmap) and the monthly report form."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

import msgspec
from anyio import to_thread
from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import PathParameter, QueryParameter
from litestar.response import Redirect

from domain.base import DomainError, InvalidValue
from domain.schedule import add_months
from services.auth import Forbidden, Principal
from services.commands.catalogue.report import FileReport
from services.commands.catalogue.roadmap import AddRoadmapItem
from services.context import tenant_reader_guard
from services.projections.http import ReadSide, read_your_writes, school_scope
from services.projections.inputs import MAX_INT64
from services.projections.roadmaps.projection import RoadmapView
from services.projections.roadmaps.queries import roadmap_status
from services.projections.schedule.projection import ScheduleView
from services.projections.schedule.queries import monitoring_calendar
from tenants.registry import Tenant
from web import words
from web.designs import may_post
from web.form_unions import choice_query
from web.forms import FormState, lines, post_command, refusal_of
from web.names import school_name
from web.offline import accepted_answer, refused_answer, wants_json
from web.pages import SECURITY_HEADERS, page

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
REPORT_FIELDS = ("period", "summary", "attachments")
Position = Annotated[int | None, QueryParameter(ge=1, le=MAX_INT64)]
Month = Annotated[str | None, QueryParameter(max_length=7)]
Done = Annotated[str | None, QueryParameter(max_length=20)]
SchoolInPath = Annotated[str, PathParameter(max_length=80)]


def today_in(tenant: Tenant) -> date:
    return datetime.now(ZoneInfo(tenant.timezone)).date()


def month_of(value: str | None, today: date) -> date:
    """The first day of the month asked for (YYYY-MM), else of this month."""
    if not value:
        return today.replace(day=1)
    found = _MONTH.match(value)
    if not found:
        raise InvalidValue("month", "must be YYYY-MM")
    return date(int(found[1]), int(found[2]), 1)


@dataclass(frozen=True)
class MonthNav:
    current: date
    previous: str
    following: str


def _nav(first: date) -> MonthNav:
    return MonthNav(first, add_months(first, -1).strftime("%Y-%m"), add_months(first, 1).strftime("%Y-%m"))


@get("/m/{tenant_id:str}/schools/{school:str}", name="school-todo", guards=[tenant_reader_guard])
async def school_todo(
    request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    read: NamedDependency[ReadSide], school: SchoolInPath, month: Month = None,
    position: Position = None, done: Done = None,
) -> Response:
    """«Что сделать»: the month's obligations of the school with deadlines, and its roadmaps."""
    scope = school_scope(principal, school)
    assert scope is not None
    for view in (ScheduleView, RoadmapView):
        await read_your_writes(request, view, tenant.id, position)
    today = today_in(tenant)
    first = month_of(month, today)
    last = date.fromordinal(add_months(first, 1).toordinal() - 1)
    calendar = await to_thread.run_sync(
        monitoring_calendar, read.store, tenant.id, first, last, scope, None, today
    )
    roadmaps = await to_thread.run_sync(roadmap_status, read.store, tenant.id, scope, today)
    return page(  # type: ignore[return-value]
        request, "school_todo.html", tenant=tenant, school=scope, today=today, nav=_nav(first),
        rows=calendar.rows, rate=calendar.municipality, roadmaps=roadmaps, words=words,
        done=done == "report", school_name=school_name(request, tenant.id, scope),
        may_plan=may_post(principal, AddRoadmapItem), choice_query=choice_query,
    )


def _report_form(request: Request, tenant: Tenant, school: SchoolInPath, state: FormState, status: int = 200) -> Response:
    return page(  # type: ignore[return-value]
        request, "report_form.html", status=status, tenant=tenant, school=school, form=state,
        fields=REPORT_FIELDS, school_name=school_name(request, tenant.id, school),
    )


@get("/m/{tenant_id:str}/schools/{school:str}/reports/new", name="report-form",
     guards=[tenant_reader_guard])
async def report_form(
    request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    school: SchoolInPath,
) -> Response:
    """The monthly report form, the period set to last month (the one usually reported)."""
    _own_school(principal, school)
    last_month = add_months(today_in(tenant).replace(day=1), -1).strftime("%Y-%m")
    return _report_form(request, tenant, school, FormState({"period": last_month, "summary": "", "attachments": ""}))


def _own_school(principal: Principal, school: str) -> None:
    """Forms of a school are posted by that school's own users (as the command's rule says)."""
    if school_scope(principal, school) != school or principal.school != school:
        raise Forbidden("a school's report is filed by the school")


@post("/m/{tenant_id:str}/schools/{school:str}/reports", name="report-post",
      guards=[tenant_reader_guard], status_code=303)
async def file_report(
    request: Request, tenant: NamedDependency[Tenant], principal: NamedDependency[Principal],
    school: SchoolInPath,
) -> Response:
    """File the monthly report through the executor; a refusal is shown at its field."""
    _own_school(principal, school)
    form = await request.form()
    values = {name: str(form.get(name, "")) for name in REPORT_FIELDS}
    key = str(form.get("idempotency_key", ""))[:200]
    data = {
        "type": "file_report", "school": school, "kind": "monthly_roadmap",
        "period": values["period"].strip(), "summary": values["summary"].strip(),
        "attachments": lines(values["attachments"]),
    }
    try:
        accepted = await post_command(request, tenant, principal, FileReport, data, key or None)
    except (msgspec.ValidationError, DomainError, Forbidden) as error:
        state = FormState(values, refusals=[refusal_of(error, "file_report", REPORT_FIELDS)])
        if wants_json(request):
            return refused_answer("file_report", state.refusals)
        return _report_form(request, tenant, school, state, status=422)
    target = (f"/m/{tenant.id}/schools/{school}?month={data['period']}"
              f"&position={accepted.position}&done=report")
    if wants_json(request):
        return accepted_answer(accepted, target)
    return Redirect(target, status_code=303, headers=SECURITY_HEADERS)


SCHOOL_ROUTES = [school_todo, report_form, file_report]
