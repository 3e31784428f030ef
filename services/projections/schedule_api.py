"""Monitoring calendar: what is due when, what was done on time, late or missed (domain.md)."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Annotated, Any, Literal, get_args

import msgspec
from litestar import Request, Response, get
from litestar.params import Parameter

from domain.base import InvalidValue
from domain.schedule import add_months
from services.context import resolve_tenant, tenant_reader_guard
from services.projections.export import Column, Format, tabular
from services.projections.http import ReadSide, as_of_date, read_side, read_your_writes
from services.projections.roadmap_api import school_scope
from services.projections.views.schedule import INFORMATIONAL, KINDS, ScheduleView

#: Longest range one query may ask for.
MAX_RANGE_MONTHS = 36

DueKind = Literal[
    "roadmap_item", "monthly_report", "annual_analytic_note", "effectiveness_analysis", "visit",
    "internship_request", "internship_withdrawal", "agreement_expiry", "termination_notice",
    "termination_effective",
]
assert get_args(DueKind) == KINDS

#: Statuses of an obligation: on_time | late | missed | due | cancelled; of an informational
#: row (a limit or a term, `obligation` false): done | passed | due | cancelled.
DueStatus = Literal["on_time", "late", "missed", "due", "cancelled", "done", "passed"]

KIND_RU = {
    "roadmap_item": "Мероприятие дорожной карты",
    "monthly_report": "Ежемесячный отчёт",
    "annual_analytic_note": "Аналитическая записка",
    "effectiveness_analysis": "Анализ эффективности",
    "visit": "Посещение",
    "internship_request": "Заявка на стажировку",
    "internship_withdrawal": "Срок отзыва заявки на стажировку",
    "agreement_expiry": "Окончание срока договора",
    "termination_notice": "Срок уведомления о расторжении",
    "termination_effective": "Расторжение договора",
}
STATUS_RU = {
    "on_time": "в срок",
    "late": "с опозданием",
    "missed": "пропущено",
    "due": "ожидается",
    "cancelled": "отменено",
    "done": "состоялось",
    "passed": "срок прошёл",
}


class DueRow(msgspec.Struct, frozen=True):
    """One obligation (or informational date) and its status for `as_of`."""

    id: str
    kind: str
    school: str
    ref: str
    title: str
    due_on: date
    window_start: date | None
    done_on: date | None
    cancelled: bool
    obligation: bool
    status: DueStatus


class OnTimeRate(msgspec.Struct):
    """Obligations by status; `rate` = on_time / (on_time + late + missed), null when none."""

    on_time: int = 0
    late: int = 0
    missed: int = 0
    due: int = 0
    cancelled: int = 0
    rate: float | None = None

    def add(self, status: str) -> None:
        setattr(self, status, getattr(self, status) + 1)

    def finish(self) -> OnTimeRate:
        decided = self.on_time + self.late + self.missed
        self.rate = round(self.on_time / decided, 4) if decided else None
        return self


class SchoolRate(msgspec.Struct, frozen=True):
    school: str
    obligations: OnTimeRate


class ScheduleAnswer(msgspec.Struct, frozen=True):
    """Rows due in [from, to] with statuses for `as_of`, and on-time rates of the obligations."""

    tenant_id: str
    from_: date = msgspec.field(name="from")
    to: date
    as_of: date
    view_position: int
    rows: list[DueRow]
    schools: list[SchoolRate]
    municipality: OnTimeRate


COLUMNS = [
    Column("school", "Школа"),
    Column("kind", "Вид"),
    Column("title", "Наименование"),
    Column("due_on", "Срок"),
    Column("window_start", "Начало периода"),
    Column("done_on", "Выполнено"),
    Column("status", "Статус"),
    Column("ref", "Ссылка"),
]


def status_of(kind: str, due_on: date, done_on: date | None, cancelled: bool, as_of: date) -> str:
    """The derived status: only `missed`/`passed` versus `due` depends on `as_of`."""
    if cancelled:
        return "cancelled"
    if kind in INFORMATIONAL:
        if done_on is not None:
            return "done"
        return "passed" if due_on < as_of else "due"
    if done_on is not None:
        return "on_time" if done_on <= due_on else "late"
    return "missed" if due_on < as_of else "due"


def check_range(start: date | None, end: date | None) -> tuple[date, date]:
    if start is None:
        raise InvalidValue("from", "is required, e.g. from=2021-03-01")
    if end is None:
        raise InvalidValue("to", "is required, e.g. to=2021-12-31")
    if end < start:
        raise InvalidValue("to", "must not be before from")
    if end > add_months(start, MAX_RANGE_MONTHS):
        raise InvalidValue("to", "must be at most 3 years after from")
    return start, end


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def load(
    read: ReadSide, tenant_id: str, start: date, end: date, school: str | None, kind: str | None,
    as_of: date,
) -> ScheduleAnswer:
    """Read the rows of the range and derive statuses and rates (blocking: run in a thread)."""
    tables = read.tables(ScheduleView)
    where, params = ["tenant = ?", "due_on >= ?", "due_on <= ?"], [tenant_id, start.isoformat(), end.isoformat()]
    for column, value in (("school", school), ("kind", kind)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    found = read.store.db.query(
        tables.sql(f"SELECT * FROM {{due}} WHERE {' AND '.join(where)} ORDER BY due_on, school, id"),
        params,
    )
    reached = read.store.positions(ScheduleView, tables.generation).get(tenant_id, 0)
    rows, schools, municipality = [], {}, OnTimeRate()
    for row in found:
        due_on, done_on = date.fromisoformat(row["due_on"]), _date(row["done_on"])
        cancelled = bool(row["cancelled"])
        status = status_of(row["kind"], due_on, done_on, cancelled, as_of)
        obligation = row["kind"] not in INFORMATIONAL
        rows.append(DueRow(
            id=row["id"], kind=row["kind"], school=row["school"], ref=row["ref"], title=row["title"],
            due_on=due_on, window_start=_date(row["window_start"]), done_on=done_on,
            cancelled=cancelled, obligation=obligation, status=status,  # type: ignore[arg-type]
        ))
        tally = schools.setdefault(row["school"], OnTimeRate())
        if obligation:
            tally.add(status)
            municipality.add(status)
    per_school = [SchoolRate(school, tally.finish()) for school, tally in sorted(schools.items())]
    return ScheduleAnswer(
        tenant_id, start, end, as_of, reached, rows, per_school, municipality.finish()
    )


def table_rows(answer: ScheduleAnswer) -> list[dict[str, Any]]:
    """One spreadsheet row per calendar row, in Russian."""
    return [
        {
            "school": row.school, "kind": KIND_RU.get(row.kind, row.kind), "title": row.title,
            "due_on": row.due_on.isoformat(),
            "window_start": row.window_start.isoformat() if row.window_start else None,
            "done_on": row.done_on.isoformat() if row.done_on else None,
            "status": STATUS_RU[row.status], "ref": row.ref,
        }
        for row in answer.rows
    ]


@get(
    "/api/v1/tenants/{tenant_id:str}/schedule",
    operation_id="listSchedule",
    tags=["schedule"],
    guards=[tenant_reader_guard],
    summary="Monitoring calendar: what is due when, on time, late or missed, and on-time rates",
    description=(
        "Rows due within [from, to] (both required, at most 3 years apart): roadmap item "
        "occurrences, monthly reports (by the 28th), annual analytic notes, effectiveness "
        "analyses, visits, internship request and withdrawal deadlines, agreement expiry, the "
        "last day for a termination notice and the day a termination takes effect. Status for "
        "`as_of`: obligations are on_time (done_on <= due_on), late, missed (not done, due "
        "before as_of), due or cancelled; informational rows (`obligation` false) are done, "
        "passed, due or cancelled. On-time rates = on_time / (on_time + late + missed), per "
        "school and for the municipality, over obligations only. A school user sees only its "
        "own school. `format=csv|xlsx` downloads the rows with Russian headers."
    ),
)
async def list_schedule(
    request: Request,
    tenant_id: str,
    start: Annotated[date | None, Parameter(query="from", description="First due date (required)")] = None,
    end: Annotated[date | None, Parameter(query="to", description="Last due date (required)")] = None,
    as_of: Annotated[
        date | None, Parameter(description="Date of the derived statuses; today in the tenant's zone")
    ] = None,
    school: Annotated[str | None, Parameter(max_length=80, description="Only this school")] = None,
    kind: Annotated[DueKind | None, Parameter(description="Only rows of this kind")] = None,
    position: Annotated[
        int | None, Parameter(ge=1, description="Wait until the view has read this log position")
    ] = None,
    fmt: Annotated[Format, Parameter(query="format", description="json, csv or xlsx")] = "json",
) -> Response[ScheduleAnswer]:
    first, last = check_range(start, end)
    scope = school_scope(request, school)
    tenant = resolve_tenant(request)
    await read_your_writes(request, ScheduleView, tenant_id, position)
    day = as_of_date(tenant, as_of, request)
    answer = await asyncio.to_thread(load, read_side(request), tenant_id, first, last, scope, kind, day)
    if fmt == "json":
        return Response(answer)
    return tabular(
        table_rows(answer), COLUMNS, fmt,
        f"schedule-{tenant_id}-{first.isoformat()}-{last.isoformat()}", "Календарь мониторинга",
    )
