"""Monitoring calendar as of a date, and on-time rates: the only reader of the schedule tables."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any, Literal

import msgspec

from domain.status import informational_status, obligation_status
from services.projections.schedule.owed import CANCELLED, CLOSED_BY_EXIT
from services.projections.schedule.projection import ScheduleView
from services.projections.schedule.rows import INFORMATIONAL, LINKED, NOT_OWED
from services.projections.store import ViewStore

#: Statuses of an obligation: on_time | late | missed | due | cancelled | closed_by_exit (due
#: after the school left the programme, W5); of an informational
#: row (a limit or a term, `obligation` false): done | passed | due | cancelled.
DueStatus = Literal[
    "on_time", "late", "missed", "due", "cancelled", "closed_by_exit", "done", "passed", "rescheduled"
]


class Evidence(msgspec.Struct, frozen=True):
    kind: str
    reference: str
    description: str = ""


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
    #: A roadmap occurrence moved to another day (W7): the day the plan gave it.
    moved_from: date | None = None
    #: A roadmap occurrence done: its own evidence (W7).
    evidence: list[Evidence] = []


class OnTimeRate(msgspec.Struct):
    """Obligations by status on `as_of`: done by then on time or late, missed (due before it and
    not done by then), due; `rate` = on_time / (on_time + late + missed), null when none."""

    on_time: int = 0
    late: int = 0
    missed: int = 0
    due: int = 0
    cancelled: int = 0
    closed_by_exit: int = 0
    #: Moved to another day and not yet due there (W7).
    rescheduled: int = 0
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
    parked: list[int] = []
    """Log positions this view could not apply (parked): while not empty the figures are incomplete."""


class DueProgress(msgspec.Struct):
    """A tenant's reports owed under its duties and visits due by a date (not cancelled, not closed
    by an exit): the overview's shares."""

    reports_on_time: int = 0
    reports_due: int = 0
    visits_held: int = 0
    visits_planned: int = 0


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _informational(kind: str, marker: int) -> bool:
    return kind in INFORMATIONAL or marker in (NOT_OWED, LINKED)


def status_of(kind: str, due_on: date, done_on: date | None, cancelled: int, as_of: date,
              moved: bool = False) -> DueStatus:
    """The derived status of a row on the business date `as_of`, judged by the domain (obligation
    or informational date); `cancelled` is the stored marker: 0 open, 1 cancelled, 2 closed by the
    school's exit, 3 not owed, 4 a visit linked to a roadmap occurrence (W11). Done counts only
    when done by `as_of` (its effective date): a report filed after D was missed (or still due) on
    D, whatever was recorded later."""
    done_on = done_on if done_on is not None and done_on <= as_of else None
    if _informational(kind, cancelled):
        return informational_status(due_on, done_on, cancelled == CANCELLED, as_of)
    return obligation_status(due_on, done_on, cancelled == CANCELLED, as_of, cancelled == CLOSED_BY_EXIT,
                             moved)


def _due_row(row: dict[str, Any], as_of: date) -> DueRow:
    due_on, done_on, marker = date.fromisoformat(row["due_on"]), _date(row["done_on"]), int(row["cancelled"])
    return DueRow(
        id=row["id"], kind=row["kind"], school=row["school"], ref=row["ref"], title=row["title"],
        due_on=due_on, window_start=_date(row["window_start"]), done_on=done_on,
        cancelled=marker == CANCELLED, obligation=not _informational(row["kind"], marker),
        status=status_of(row["kind"], due_on, done_on, marker, as_of, row["moved_from"] is not None),
        moved_from=_date(row["moved_from"]),
        evidence=msgspec.json.decode(row["evidence"] or "[]", type=list[Evidence]),
    )


def monitoring_calendar(
    store: ViewStore, tenant_id: str, start: date, end: date, school: str | None, kind: str | None,
    as_of: date,
) -> ScheduleAnswer:
    """Rows due in [start, end] (of one school or kind) with statuses and rates for `as_of` (blocking)."""
    tables = store.reader_tables(ScheduleView)
    where, params = ["tenant = ?", "due_on >= ?", "due_on <= ?"], [tenant_id, start.isoformat(), end.isoformat()]
    for column, value in (("school", school), ("kind", kind)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    found = store.db.query(
        tables.sql(f"SELECT * FROM {{due}} WHERE {' AND '.join(where)} ORDER BY due_on, school, id"),
        params,
    )
    reached = store.positions(ScheduleView, tables.generation).get(tenant_id, 0)
    rows = [_due_row(row, as_of) for row in found]
    schools: dict[str, OnTimeRate] = {}
    municipality = OnTimeRate()
    for row in rows:
        tally = schools.setdefault(row.school, OnTimeRate())
        if row.obligation:
            tally.add(row.status)
            municipality.add(row.status)
    per_school = [SchoolRate(school, tally.finish()) for school, tally in sorted(schools.items())]
    parked = store.parked_positions(ScheduleView, [tenant_id])
    return ScheduleAnswer(tenant_id, start, end, as_of, reached, rows, per_school,
                          municipality.finish(), parked)


def due_progress(store: ViewStore, tenants: Sequence[str], as_of: date) -> dict[str, DueProgress]:
    """Per tenant: reports its duties ask for due by `as_of` and those filed on time (every report
    kind, named ones too; a filing no duty asks for is not counted); visits planned and held.

    Counted by the database, one row per tenant (the overview's cost grows with municipalities,
    not with their obligations): on time is domain.status.is_on_time (done by the day due), held
    is is_done_by (done by `as_of`), compared as ISO dates."""
    tables = store.reader_tables(ScheduleView)
    found = store.db.query(
        tables.sql(
            "SELECT tenant, "
            "SUM(CASE WHEN kind <> 'visit' THEN 1 ELSE 0 END) AS reports_due, "
            "SUM(CASE WHEN kind <> 'visit' AND done_on IS NOT NULL AND done_on <= due_on "
            "THEN 1 ELSE 0 END) AS reports_on_time, "
            "SUM(CASE WHEN kind = 'visit' THEN 1 ELSE 0 END) AS visits_planned, "
            "SUM(CASE WHEN kind = 'visit' AND done_on IS NOT NULL AND done_on <= ? "
            "THEN 1 ELSE 0 END) AS visits_held "
            "FROM {due} "
            f"WHERE tenant IN ({', '.join('?' for _ in tenants)}) "
            "AND kind IN ('monthly_report', 'effectiveness_analysis', 'annual_analytic_note', "
            "'named_report', 'visit') "
            f"AND cancelled IN (0, {LINKED}) AND due_on <= ? GROUP BY tenant"
        ),
        [as_of.isoformat(), *tenants, as_of.isoformat()],
    )
    progress = {tenant: DueProgress() for tenant in tenants}
    for row in found:
        tally = progress[row["tenant"]]
        tally.reports_due, tally.reports_on_time = int(row["reports_due"] or 0), int(row["reports_on_time"] or 0)
        tally.visits_planned, tally.visits_held = int(row["visits_planned"] or 0), int(row["visits_held"] or 0)
    return progress


def exit_dates(store: ViewStore, tenant_id: str) -> dict[str, date]:
    """The schools of a tenant that left the programme, and when (for the roadmaps view, W5)."""
    tables = store.reader_tables(ScheduleView)
    found = store.db.query(
        tables.sql("SELECT key, facts FROM {streams} WHERE tenant = ? AND kind = 'school'"), [tenant_id]
    )
    exits = {row["key"]: _date(json.loads(row["facts"]).get("exited_on")) for row in found}
    return {school: on for school, on in exits.items() if on is not None}
