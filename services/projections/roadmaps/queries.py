"""Roadmap status per item, roadmap, school and municipality as of a date: the only reader of its tables."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import msgspec

from domain.status import is_closed_by_exit, occurrence_status
from services.projections.roadmaps.occurrences import expanded_occurrences
from services.projections.roadmaps.projection import RoadmapView
from services.projections.schedule.queries import exit_dates
from services.projections.store import ViewStore


class StatusCounts(msgspec.Struct):
    """Items by stored status (these sum to `total`); `overdue` counts the open ones late as of the date."""

    total: int = 0
    done: int = 0
    in_progress: int = 0
    planned: int = 0
    cancelled: int = 0
    overdue: int = 0
    #: Open items of a school that left the programme, due after its exit (W5): never overdue.
    closed_by_exit: int = 0

    def add(self, status: str, overdue: bool, closed: bool = False) -> None:
        self.total += 1
        setattr(self, status, getattr(self, status) + 1)
        self.overdue += int(overdue)
        self.closed_by_exit += int(closed)


class OccurrenceCounts(msgspec.Struct):
    """Occurrences of the items by status as of the date (W7): each occurrence counts once."""

    total: int = 0
    on_time: int = 0
    late: int = 0
    missed: int = 0
    pending: int = 0
    rescheduled: int = 0
    cancelled: int = 0
    closed_by_exit: int = 0

    def add(self, status: str) -> None:
        self.total += 1
        setattr(self, status, getattr(self, status) + 1)


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


class OccurrenceStatus(msgspec.Struct, frozen=True):
    """One occurrence of an item (W7): keyed by its planned date, with its own status and evidence."""

    occurrence: str
    planned_due: date
    due_on: date
    window_start: date | None
    status: str
    done_on: date | None
    evidence: list[Evidence]
    cancelled_on: date | None
    reason: str
    #: What closed it: `visit:<key>` or `internship:<key>` (W11); empty if recorded directly.
    via: str


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
    #: Open and due after its school left the programme: «закрыто выходом из программы» (W5).
    closed_by_exit: bool = False
    occurrences: list[OccurrenceStatus] = []


class RoadmapStatus(msgspec.Struct, frozen=True):
    roadmap: str
    school: str
    title: str
    period_start: date
    period_end: date
    approved_on: date
    counts: StatusCounts
    items: list[ItemStatus]
    occurrences: OccurrenceCounts = msgspec.field(default_factory=OccurrenceCounts)


class SchoolStatus(msgspec.Struct):
    school: str
    roadmaps: int
    counts: StatusCounts
    occurrences: OccurrenceCounts = msgspec.field(default_factory=OccurrenceCounts)


class RoadmapsAnswer(msgspec.Struct, frozen=True):
    """Roadmaps of a tenant as of a date, with counts per roadmap, per school and in total."""

    tenant_id: str
    as_of: date
    view_position: int
    roadmaps: list[RoadmapStatus]
    schools: list[SchoolStatus]
    totals: StatusCounts
    parked: list[int] = []
    """Log positions this view could not apply (parked): while not empty the figures are incomplete."""
    occurrences: OccurrenceCounts = msgspec.field(default_factory=OccurrenceCounts)


class ItemProgress(msgspec.Struct, frozen=True):
    """A tenant's roadmap items done, of those not cancelled (what the overview shows)."""

    done: int
    active: int


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _where(tenant_id: str, school: str | None) -> tuple[str, list[Any]]:
    if school is None:
        return "tenant = ?", [tenant_id]
    return "tenant = ? AND school = ?", [tenant_id, school]


def _stored(store: ViewStore, tenant_id: str, school: str | None) -> tuple[
        list[dict[str, Any]], dict[str, list[dict[str, Any]]], dict[tuple[str, str], list[dict[str, Any]]]]:
    """The roadmaps' headers in order, their items by roadmap, the occurrence rows by item."""
    tables = store.reader_tables(RoadmapView)
    where, params = _where(tenant_id, school)
    headers = store.db.query(tables.sql(f"SELECT * FROM {{roadmaps}} WHERE {where} ORDER BY school, roadmap"), params)
    items = store.db.query(tables.sql(f"SELECT * FROM {{items}} WHERE {where} ORDER BY school, roadmap, seq"), params)
    records = store.db.query(tables.sql(
        "SELECT o.* FROM {occurrences} o JOIN {roadmaps} r ON r.tenant = o.tenant AND r.roadmap = o.roadmap "
        "WHERE o.tenant = ?" + (" AND r.school = ?" if school is not None else "")), params)
    by_roadmap: dict[str, list[dict[str, Any]]] = {}
    for row in items:
        by_roadmap.setdefault(row["roadmap"], []).append(row)
    by_item: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in records:
        by_item.setdefault((row["roadmap"], row["item"]), []).append(row)
    return headers, by_roadmap, by_item


def roadmap_status(store: ViewStore, tenant_id: str, school: str | None, as_of: date) -> RoadmapsAnswer:
    """Every roadmap of a tenant (or one school) with statuses derived for `as_of` (blocking)."""
    headers, by_roadmap, by_item = _stored(store, tenant_id, school)
    reached = store.positions(RoadmapView, store.reader_tables(RoadmapView).generation).get(tenant_id, 0)
    exits = exit_dates(store, tenant_id)
    roadmaps: list[RoadmapStatus] = []
    schools: dict[str, SchoolStatus] = {}
    totals, occurrence_totals = StatusCounts(), OccurrenceCounts()
    for header in headers:
        statuses = _roadmap(header, by_roadmap.get(header["roadmap"], []), by_item, as_of,
                            exits.get(header["school"]))
        school_status = schools.setdefault(header["school"], SchoolStatus(header["school"], 0, StatusCounts()))
        for item in statuses.items:
            for tally in (school_status.counts, totals):
                tally.add(item.status, item.overdue, item.closed_by_exit)
            for occurrence in item.occurrences:
                school_status.occurrences.add(occurrence.status)
                occurrence_totals.add(occurrence.status)
        school_status.roadmaps += 1
        roadmaps.append(statuses)
    parked = store.parked_positions(RoadmapView, [tenant_id])
    return RoadmapsAnswer(tenant_id, as_of, reached, roadmaps, list(schools.values()), totals, parked,
                          occurrence_totals)


def school_counts(store: ViewStore, tenant_id: str, as_of: date) -> list[SchoolStatus]:
    """`roadmap_status(...).schools` without building the items: the same statuses and counts
    from the same rules, for the registers' completion column (issue 16 goal 2)."""
    headers, by_roadmap, by_item = _stored(store, tenant_id, None)
    exits = exit_dates(store, tenant_id)
    schools: dict[str, SchoolStatus] = {}
    for header in headers:
        start, end = date.fromisoformat(header["period_start"]), date.fromisoformat(header["period_end"])
        found = schools.setdefault(header["school"], SchoolStatus(header["school"], 0, StatusCounts()))
        for row in by_roadmap.get(header["roadmap"], []):
            status, overdue, closed, occurrences = _judged(
                row, start, end, as_of, exits.get(header["school"]), by_item.get((row["roadmap"], row["item"]), []))
            found.counts.add(status, overdue, closed)
            for occurrence in occurrences:
                found.occurrences.add(occurrence)
        found.roadmaps += 1
    return list(schools.values())


def _roadmap(header: dict[str, Any], rows: list[dict[str, Any]],
             records: dict[tuple[str, str], list[dict[str, Any]]], as_of: date,
             exited_on: date | None) -> RoadmapStatus:
    start, end = date.fromisoformat(header["period_start"]), date.fromisoformat(header["period_end"])
    counts, occurrence_counts = StatusCounts(), OccurrenceCounts()
    items = [_item(row, start, end, as_of, exited_on, records.get((row["roadmap"], row["item"]), []))
             for row in rows]
    for item in items:
        counts.add(item.status, item.overdue, item.closed_by_exit)
        for occurrence in item.occurrences:
            occurrence_counts.add(occurrence.status)
    return RoadmapStatus(
        roadmap=header["roadmap"], school=header["school"], title=header["title"],
        period_start=start, period_end=end, approved_on=date.fromisoformat(header["approved_on"]),
        counts=counts, items=items, occurrences=occurrence_counts,
    )


def _item_status(row: dict[str, Any], as_of: date) -> str:
    """The stored status as of the date: an item done later was still open then."""
    completed = _date(row["completed_on"])
    if row["status"] != "done" or completed is None or completed <= as_of:
        return row["status"]
    started = _date(row["started_on"])
    return "in_progress" if started is not None and started <= as_of else "planned"


def _judged(row: dict[str, Any], period_start: date, period_end: date, as_of: date,
            exited_on: date | None, records: list[dict[str, Any]]) -> tuple[str, bool, bool, list[str]]:
    """An item's status, overdue and closed by exit as of the date, and its occurrences' statuses."""
    status = _item_status(row, as_of)
    closed = is_closed_by_exit(status, _date(row["final_due"]), exited_on)
    judged = [occurrence_status(o.due, o.done_on, o.cancelled_on, as_of, exited_on, o.moved)
              for o in expanded_occurrences(row, period_start, period_end, records)]
    # W7: overdue as soon as one occurrence is missed, not only after the last one.
    overdue = status in ("planned", "in_progress") and not closed and "missed" in judged
    return status, overdue, closed, judged


def _item(row: dict[str, Any], period_start: date, period_end: date, as_of: date,
          exited_on: date | None = None, records: list[dict[str, Any]] | None = None) -> ItemStatus:
    status, overdue, closed, judged = _judged(row, period_start, period_end, as_of, exited_on, records or [])
    occurrences = [
        OccurrenceStatus(
            occurrence=o.key, planned_due=o.planned_due, due_on=o.due, window_start=o.window_start,
            status=judged_status, done_on=o.done_on,
            evidence=[Evidence(e.kind, e.reference, e.description) for e in o.evidence],
            cancelled_on=o.cancelled_on, reason=o.reason, via=o.via,
        )
        for o, judged_status in zip(expanded_occurrences(row, period_start, period_end, records or []),
                                    judged, strict=True)
    ]
    return ItemStatus(
        item=row["item"], seq=int(row["seq"]), section=row["section"], title=row["title"],
        responsible=msgspec.json.decode(row["responsible"]),
        schedule=ItemSchedule(
            form=row["form"], label=row["label"], first_due=_date(row["first_due"]), final_due=_date(row["final_due"]),
            due_dates=[o.planned_due for o in occurrences],
            definition=msgspec.json.decode(row["schedule"]),
        ),
        status=status, overdue=overdue,
        started_on=_date(row["started_on"]), completed_on=_date(row["completed_on"]),
        evidence=msgspec.json.decode(row["evidence"], type=list[Evidence]),
        reason=row["reason"], reschedules=int(row["reschedules"]), closed_by_exit=closed,
        occurrences=occurrences,
    )


def item_progress(store: ViewStore, tenants: Sequence[str]) -> dict[str, ItemProgress]:
    """Per tenant, roadmap items done of those not cancelled (tenants without items: absent)."""
    tables = store.reader_tables(RoadmapView)
    rows = store.db.query(
        tables.sql(
            "SELECT tenant, SUM(CASE WHEN status = 'done' THEN 1 ELSE 0 END) AS done, "
            "SUM(CASE WHEN status <> 'cancelled' THEN 1 ELSE 0 END) AS active "
            f"FROM {{items}} WHERE tenant IN ({', '.join('?' for _ in tenants)}) GROUP BY tenant"
        ),
        list(tenants),
    )
    return {r["tenant"]: ItemProgress(int(r["done"] or 0), int(r["active"] or 0)) for r in rows}
