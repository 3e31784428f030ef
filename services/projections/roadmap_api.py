"""Roadmap status: per item, roadmap, school and municipality, as of a date (domain.md)."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Annotated, Any

import msgspec
from litestar import Request, Response, get
from litestar.params import Parameter

from services.auth import Forbidden
from services.context import authenticate, resolve_tenant, tenant_reader_guard
from services.projections.export import Column, Format, tabular
from services.projections.http import ReadSide, as_of_date, read_side, read_your_writes
from services.projections.views.roadmaps import RoadmapView, decode_schedule, occurrences

STATUS_RU = {
    "planned": "запланировано",
    "in_progress": "в работе",
    "done": "выполнено",
    "cancelled": "отменено",
}
FORM_RU = {
    "deadline": "срок",
    "window": "период",
    "dates": "даты",
    "yearly": "ежегодно",
    "monthly": "ежемесячно",
    "open_ended": "в течение периода",
    "separate": "по отдельному графику",
}


class StatusCounts(msgspec.Struct):
    """Items by stored status (these sum to `total`); `overdue` counts the open ones late as of the date."""

    total: int = 0
    done: int = 0
    in_progress: int = 0
    planned: int = 0
    cancelled: int = 0
    overdue: int = 0

    def add(self, status: str, overdue: bool) -> None:
        self.total += 1
        setattr(self, status, getattr(self, status) + 1)
        self.overdue += int(overdue)


class ItemSchedule(msgspec.Struct, frozen=True):
    """When an item is due: its form and wording, first and final due dates, every concrete date."""

    form: str
    label: str
    first_due: date | None
    final_due: date | None
    due_dates: list[date]
    definition: dict[str, Any]


class Evidence(msgspec.Struct, frozen=True):
    kind: str
    reference: str
    description: str = ""


class ItemStatus(msgspec.Struct, frozen=True):
    """One item (мероприятие); `overdue` is derived for `as_of`: open and past its final due date."""

    item: str
    seq: int
    section: str
    title: str
    responsible: list[str]
    schedule: ItemSchedule
    status: str
    overdue: bool
    started_on: date | None
    completed_on: date | None
    evidence: list[Evidence]
    reason: str
    reschedules: int


class RoadmapStatus(msgspec.Struct, frozen=True):
    roadmap: str
    school: str
    title: str
    period_start: date
    period_end: date
    approved_on: date
    counts: StatusCounts
    items: list[ItemStatus]


class SchoolStatus(msgspec.Struct):
    school: str
    roadmaps: int
    counts: StatusCounts


class RoadmapsAnswer(msgspec.Struct, frozen=True):
    """Roadmaps of a tenant as of a date, with counts per roadmap, per school and in total."""

    tenant_id: str
    as_of: date
    view_position: int
    roadmaps: list[RoadmapStatus]
    schools: list[SchoolStatus]
    totals: StatusCounts


COLUMNS = [
    Column("school", "Школа"),
    Column("roadmap_title", "Дорожная карта"),
    Column("seq", "№"),
    Column("section", "Направление"),
    Column("title", "Мероприятие"),
    Column("due", "Срок"),
    Column("due_dates", "Даты"),
    Column("status", "Статус"),
    Column("started_on", "Начато"),
    Column("completed_on", "Выполнено"),
    Column("evidence", "Подтверждение"),
    Column("responsible", "Ответственные"),
    Column("reason", "Причина"),
]


def school_scope(request: Request, school: str | None) -> str | None:
    """The school to filter by: a school user sees only its own school, whatever it asks."""
    principal = authenticate(request)
    if principal.role != "school_user":
        return school
    if principal.school is None or (school is not None and school != principal.school):
        raise Forbidden("a school user sees only its own school")
    return principal.school


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _where(tenant_id: str, school: str | None) -> tuple[str, list[Any]]:
    if school is None:
        return "tenant = ?", [tenant_id]
    return "tenant = ? AND school = ?", [tenant_id, school]


def load(read: ReadSide, tenant_id: str, school: str | None, as_of: date) -> RoadmapsAnswer:
    """Read the view's rows and derive statuses for `as_of` (blocking: run in a thread)."""
    tables = read.tables(RoadmapView)
    where, params = _where(tenant_id, school)
    db = read.store.db
    headers = db.query(tables.sql(f"SELECT * FROM {{roadmaps}} WHERE {where} ORDER BY school, roadmap"), params)
    items = db.query(tables.sql(f"SELECT * FROM {{items}} WHERE {where} ORDER BY school, roadmap, seq"), params)
    reached = read.store.positions(RoadmapView, tables.generation).get(tenant_id, 0)
    by_roadmap: dict[str, list[dict[str, Any]]] = {}
    for row in items:
        by_roadmap.setdefault(row["roadmap"], []).append(row)
    roadmaps: list[RoadmapStatus] = []
    schools: dict[str, SchoolStatus] = {}
    totals = StatusCounts()
    for header in headers:
        start, end = date.fromisoformat(header["period_start"]), date.fromisoformat(header["period_end"])
        counts = StatusCounts()
        statuses = [_item(row, start, end, as_of) for row in by_roadmap.get(header["roadmap"], [])]
        school_status = schools.setdefault(
            header["school"], SchoolStatus(header["school"], 0, StatusCounts())
        )
        for item in statuses:
            for tally in (counts, school_status.counts, totals):
                tally.add(item.status, item.overdue)
        school_status.roadmaps += 1
        roadmaps.append(RoadmapStatus(
            roadmap=header["roadmap"], school=header["school"], title=header["title"],
            period_start=start, period_end=end, approved_on=date.fromisoformat(header["approved_on"]),
            counts=counts, items=statuses,
        ))
    return RoadmapsAnswer(tenant_id, as_of, reached, roadmaps, list(schools.values()), totals)


def _item(row: dict[str, Any], period_start: date, period_end: date, as_of: date) -> ItemStatus:
    schedule = decode_schedule(row["schedule"])
    final = _date(row["final_due"])
    status = row["status"]
    return ItemStatus(
        item=row["item"], seq=int(row["seq"]), section=row["section"], title=row["title"],
        responsible=msgspec.json.decode(row["responsible"]),
        schedule=ItemSchedule(
            form=row["form"], label=row["label"], first_due=_date(row["first_due"]), final_due=final,
            due_dates=[o.due for o in occurrences(schedule, period_start, period_end)],
            definition=msgspec.json.decode(row["schedule"]),
        ),
        status=status,
        overdue=status in ("planned", "in_progress") and final is not None and final < as_of,
        started_on=_date(row["started_on"]), completed_on=_date(row["completed_on"]),
        evidence=msgspec.json.decode(row["evidence"], type=list[Evidence]),
        reason=row["reason"], reschedules=int(row["reschedules"]),
    )


def table_rows(answer: RoadmapsAnswer) -> list[dict[str, Any]]:
    """One spreadsheet row per item, in Russian."""
    rows = []
    for roadmap in answer.roadmaps:
        for item in roadmap.items:
            status = STATUS_RU[item.status] + (", просрочено" if item.overdue else "")
            due = item.schedule.label or FORM_RU.get(item.schedule.form, item.schedule.form)
            rows.append({
                "school": roadmap.school, "roadmap_title": roadmap.title, "seq": item.seq,
                "section": item.section, "title": item.title, "due": due,
                "due_dates": [d.isoformat() for d in item.schedule.due_dates],
                "status": status,
                "started_on": _iso(item.started_on), "completed_on": _iso(item.completed_on),
                "evidence": [e.reference for e in item.evidence],
                "responsible": item.responsible, "reason": item.reason,
            })
    return rows


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


@get(
    "/api/v1/tenants/{tenant_id:str}/roadmaps",
    operation_id="listRoadmapStatus",
    tags=["roadmaps"],
    guards=[tenant_reader_guard],
    summary="Roadmap status: every item with its due dates, done / in progress / planned / overdue",
    description=(
        "Per item: schedule (form, wording, first and final due date, every concrete due date), "
        "stored status, `overdue` for `as_of` (open and past its final due date; derived, never "
        "stored) and evidence. Counts per roadmap, per school and for the municipality. A school "
        "user sees only its own school. `format=csv|xlsx` downloads the items with Russian headers."
    ),
)
async def list_roadmaps(
    request: Request,
    tenant_id: str,
    as_of: Annotated[
        date | None, Parameter(description="Date of the derived statuses; today in the tenant's zone")
    ] = None,
    school: Annotated[str | None, Parameter(max_length=80, description="Only this school")] = None,
    position: Annotated[
        int | None, Parameter(ge=1, description="Wait until the view has read this log position")
    ] = None,
    fmt: Annotated[Format, Parameter(query="format", description="json, csv or xlsx")] = "json",
) -> Response[RoadmapsAnswer]:
    scope = school_scope(request, school)
    tenant = resolve_tenant(request)
    await read_your_writes(request, RoadmapView, tenant_id, position)
    day = as_of_date(tenant, as_of, request)
    answer = await asyncio.to_thread(load, read_side(request), tenant_id, scope, day)
    if fmt == "json":
        return Response(answer)
    return tabular(
        table_rows(answer), COLUMNS, fmt, f"roadmaps-{tenant_id}-{day.isoformat()}",
        "Дорожные карты",
    )
