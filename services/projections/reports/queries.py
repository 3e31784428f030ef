"""Reports of a tenant by state: the only reader of the reports table."""

from __future__ import annotations

from datetime import date
from typing import Any

import msgspec

from services.projections.reports.projection import ReportView
from services.projections.store import ViewStore


class ReportState(msgspec.Struct, frozen=True):
    """One report: whose, which kind and period, and where it stands."""

    school: str
    kind: str
    period: str
    status: str
    first_filed_on: date
    filed_on: date
    accepted_on: date | None
    returned_on: date | None
    returns: int


class ReportsAnswer(msgspec.Struct, frozen=True):
    tenant_id: str
    view_position: int
    reports: list[ReportState]
    parked: list[int] = []
    """Log positions this view could not apply (parked): while not empty the list is incomplete."""


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _state(row: dict[str, Any]) -> ReportState:
    return ReportState(
        school=row["school"], kind=row["kind"], period=row["period"], status=row["status"],
        first_filed_on=date.fromisoformat(row["first_filed_on"]),
        filed_on=date.fromisoformat(row["filed_on"]), accepted_on=_day(row["accepted_on"]),
        returned_on=_day(row["returned_on"]), returns=int(row["returns"]),
    )


def tenant_reports(
    store: ViewStore, tenant_id: str, status: str | None = None, school: str | None = None
) -> ReportsAnswer:
    """A tenant's reports (of one state, of one school), oldest filing first (blocking)."""
    tables = store.reader_tables(ReportView)
    where, params = ["tenant = ?"], [tenant_id]
    for column, value in (("status", status), ("school", school)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    rows = store.db.query(
        tables.sql(f"SELECT * FROM {{reports}} WHERE {' AND '.join(where)} "
                   "ORDER BY filed_on, school, kind, period"),
        params,
    )
    reached = store.positions(ReportView, tables.generation).get(tenant_id, 0)
    parked = store.parked_positions(ReportView, [tenant_id])
    return ReportsAnswer(tenant_id, reached, [_state(row) for row in rows], parked)
