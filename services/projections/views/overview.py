"""Regional overview view: schools, partnerships, programme targets, measured indicator values.

The figures of the overview (shares, rates, statuses as of a date) are computed on read by
`load_facts` from these tables and those of the roadmap and schedule views; none is stored.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from domain.partnership import Partnership
from domain.programme import IndicatorSeries, Programme
from domain.school import School
from services.projections.store import ViewStore
from services.projections.view import BoundTx, View
from services.projections.views.roadmaps import RoadmapView
from services.projections.views.schedule import ScheduleView
from tenants.registry import Tenant


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _decimal(value: Any) -> str | None:
    return None if value is None else str(value)


class OverviewView(View):
    """What the overview needs beyond roadmaps and the schedule; `series` is bookkeeping."""

    name = "overview"
    schema = {
        "schools": (
            "CREATE TABLE IF NOT EXISTS {schools} ("
            "tenant TEXT NOT NULL, school TEXT NOT NULL, stream_id TEXT NOT NULL, "
            "name TEXT NOT NULL, "
            "in_programme INTEGER NOT NULL, categories TEXT NOT NULL, cohort_year INTEGER, "
            "designations TEXT NOT NULL, exited_on TEXT, "
            "PRIMARY KEY (tenant, school))"
        ),
        "partnerships": (
            "CREATE TABLE IF NOT EXISTS {partnerships} ("
            "tenant TEXT NOT NULL, partnership TEXT NOT NULL, stream_id TEXT NOT NULL, "
            "supported_school TEXT NOT NULL, partner_school TEXT NOT NULL, status TEXT NOT NULL, "
            "agreement_number TEXT, concluded_on TEXT, term_until TEXT, ended_on TEXT, "
            "PRIMARY KEY (tenant, partnership))"
        ),
        "targets": (
            "CREATE TABLE IF NOT EXISTS {targets} ("
            "tenant TEXT NOT NULL, programme TEXT NOT NULL, level TEXT NOT NULL, "
            "indicator TEXT NOT NULL, comparison TEXT NOT NULL, value TEXT, unit TEXT NOT NULL, "
            "title TEXT NOT NULL, adopted_on TEXT NOT NULL, period_start TEXT NOT NULL, "
            "period_end TEXT NOT NULL, position BIGINT NOT NULL, "
            "PRIMARY KEY (tenant, programme, indicator))"
        ),
        "series": (
            "CREATE TABLE IF NOT EXISTS {series} ("
            "tenant TEXT NOT NULL, stream_id TEXT NOT NULL, subject TEXT NOT NULL, "
            "indicator TEXT NOT NULL, PRIMARY KEY (tenant, stream_id))"
        ),
        "indicator_values": (
            "CREATE TABLE IF NOT EXISTS {indicator_values} ("
            "tenant TEXT NOT NULL, subject TEXT NOT NULL, indicator TEXT NOT NULL, "
            "period TEXT NOT NULL, value TEXT NOT NULL, measured_on TEXT NOT NULL, "
            "position BIGINT NOT NULL, "
            "PRIMARY KEY (tenant, subject, indicator, period))"
        ),
    }
    indexes = (
        "CREATE INDEX IF NOT EXISTS {ix} ON {schools} (tenant, stream_id)",
        "CREATE INDEX IF NOT EXISTS {ix} ON {partnerships} (tenant, stream_id)",
        "CREATE INDEX IF NOT EXISTS {ix} ON {indicator_values} (tenant, indicator)",
    )

    def process(self, tx: BoundTx, tenant: Tenant, event: Any, position: int) -> None:
        handler = _HANDLERS.get(type(event))
        if handler is not None:
            handler(tx, tenant.id, event, position)


# Schools --------------------------------------------------------------------------------
def _school_registered(tx: BoundTx, tenant: str, event: Any, position: int) -> None:
    tx.execute(
        "INSERT INTO {schools} (tenant, school, stream_id, name, in_programme, categories, "
        "cohort_year, designations, exited_on) VALUES (?, ?, ?, ?, 0, '[]', NULL, '[]', NULL)",
        (tenant, event.code, str(event.originator_id), event.name),
    )


def _school_identified(tx: BoundTx, tenant: str, event: Any, position: int) -> None:
    tx.execute(
        "UPDATE {schools} SET in_programme = 1, categories = ?, cohort_year = ?, exited_on = NULL "
        "WHERE tenant = ? AND stream_id = ?",
        (json.dumps(list(event.categories)), event.cohort_year, tenant, str(event.originator_id)),
    )


def _school_designated(tx: BoundTx, tenant: str, event: Any, position: int) -> None:
    rows = tx.query(
        "SELECT designations FROM {schools} WHERE tenant = ? AND stream_id = ?",
        (tenant, str(event.originator_id)),
    )
    if not rows:
        return
    designations = [*json.loads(rows[0]["designations"]), event.designation]
    tx.execute(
        "UPDATE {schools} SET designations = ? WHERE tenant = ? AND stream_id = ?",
        (json.dumps(designations), tenant, str(event.originator_id)),
    )


def _school_exited(tx: BoundTx, tenant: str, event: Any, position: int) -> None:
    tx.execute(
        "UPDATE {schools} SET in_programme = 0, exited_on = ? WHERE tenant = ? AND stream_id = ?",
        (event.exited_on.isoformat(), tenant, str(event.originator_id)),
    )


# Partnerships ---------------------------------------------------------------------------
def _partnership_assigned(tx: BoundTx, tenant: str, event: Any, position: int) -> None:
    tx.execute(
        "INSERT INTO {partnerships} (tenant, partnership, stream_id, supported_school, "
        "partner_school, status, agreement_number, concluded_on, term_until, ended_on) "
        "VALUES (?, ?, ?, ?, ?, 'assigned', NULL, NULL, NULL, NULL)",
        (tenant, event.key, str(event.originator_id), event.supported_school,
         event.partner_school),
    )


def _partnership_update(sql: str, values: Callable[[Any], tuple[Any, ...]]) -> Callable[..., None]:
    def handler(tx: BoundTx, tenant: str, event: Any, position: int) -> None:
        tx.execute(
            f"UPDATE {{partnerships}} SET {sql} WHERE tenant = ? AND stream_id = ?",
            (*values(event), tenant, str(event.originator_id)),
        )

    return handler


# Programmes and indicators --------------------------------------------------------------
def _programme_adopted(tx: BoundTx, tenant: str, event: Any, position: int) -> None:
    tx.executemany(
        "INSERT INTO {targets} (tenant, programme, level, indicator, comparison, value, unit, "
        "title, adopted_on, period_start, period_end, position) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                tenant, event.key, event.level, target.indicator, target.comparison,
                _decimal(target.value), target.unit, target.title, event.adopted_on.isoformat(),
                event.period_start.isoformat(), event.period_end.isoformat(), position,
            )
            for target in event.targets
        ],
    )


def _series_opened(tx: BoundTx, tenant: str, event: Any, position: int) -> None:
    tx.execute(
        "INSERT INTO {series} (tenant, stream_id, subject, indicator) VALUES (?, ?, ?, ?)",
        (tenant, str(event.originator_id), event.subject, event.indicator),
    )


def _value_recorded(tx: BoundTx, tenant: str, event: Any, position: int) -> None:
    """A recorded or corrected value: the latest one of the period replaces the earlier."""
    rows = tx.query(
        "SELECT subject, indicator FROM {series} WHERE tenant = ? AND stream_id = ?",
        (tenant, str(event.originator_id)),
    )
    if not rows:
        return
    subject, indicator = rows[0]["subject"], rows[0]["indicator"]
    tx.execute(
        "INSERT INTO {indicator_values} (tenant, subject, indicator, period, value, measured_on, "
        "position) VALUES (?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (tenant, subject, indicator, period) DO UPDATE SET value = excluded.value, "
        "measured_on = excluded.measured_on, position = excluded.position",
        (tenant, subject, indicator, event.period, str(event.value), event.measured_on.isoformat(),
         position),
    )


_HANDLERS: dict[type, Callable[[BoundTx, str, Any, int], None]] = {
    School.Registered: _school_registered,
    School.Identified: _school_identified,
    School.Designated: _school_designated,
    School.ExitedProgramme: _school_exited,
    Partnership.Assigned: _partnership_assigned,
    Partnership.AgreementConcluded: _partnership_update(
        "status = 'concluded', agreement_number = ?, concluded_on = ?, term_until = ?",
        lambda e: (e.number, _iso(e.concluded_on), _iso(e.term_until)),
    ),
    Partnership.AgreementExtended: _partnership_update(
        "term_until = ?", lambda e: (_iso(e.term_until),)
    ),
    Partnership.TerminationNotified: _partnership_update("status = 'notified'", lambda e: ()),
    Partnership.Ended: _partnership_update(
        "status = 'ended', ended_on = ?", lambda e: (_iso(e.ended_on),)
    ),
    Programme.Adopted: _programme_adopted,
    IndicatorSeries.Opened: _series_opened,
    IndicatorSeries.ValueRecorded: _value_recorded,
    IndicatorSeries.ValueCorrected: _value_recorded,
}


# Queries ----------------------------------------------------------------------------------
@dataclass
class Counts:
    """A tenant's counts as of a date: summed over municipalities, shares come from the sums."""

    registered: int = 0
    networked: int = 0
    identified: int = 0
    with_partner: int = 0
    with_agreement: int = 0
    items_done: int = 0
    items_active: int = 0
    reports_on_time: int = 0
    reports_due: int = 0
    visits_held: int = 0
    visits_planned: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))


@dataclass
class Facts:
    """Counts, programme targets and indicator values of a set of tenants."""

    counts: dict[str, Counts]
    targets: dict[str, list[dict[str, Any]]]
    values: list[dict[str, Any]]


# Reading ----------------------------------------------------------------------------------
def _in(tenants: Sequence[str]) -> str:
    return ", ".join("?" for _ in tenants)


def load_facts(
    store: ViewStore, tenants: list[str], as_of: date, indicators: Sequence[str]
) -> Facts:
    """What the overview shows of these tenants, in a few grouped queries over three views."""
    db, overview = store.db, store.reader_tables(OverviewView)
    where = f"tenant IN ({_in(tenants)})"
    counts = {tenant: Counts() for tenant in tenants}
    _count_schools(store, counts, where)
    _count_items(store, counts, where)
    _count_due(store, counts, where, as_of)
    targets: dict[str, list[dict[str, Any]]] = {tenant: [] for tenant in tenants}
    for row in db.query(f"SELECT * FROM {overview.physical('targets')} WHERE {where}", tenants):
        targets[row["tenant"]].append(row)
    values = db.query(
        f"SELECT tenant, subject, indicator, period, value, measured_on, position "
        f"FROM {overview.physical('indicator_values')} WHERE {where} "
        f"AND indicator IN ({_in(indicators)})",
        [*tenants, *indicators],
    )
    return Facts(counts, targets, values)


def _count_schools(store: ViewStore, counts: dict[str, Counts], where: str) -> None:
    """Registered, identified (in the programme now), with a partner or an agreement that runs.

    A partnership counts until it has ended; `networked` are the registered schools in one,
    on either side (001: organisations in network interaction).
    """
    tables, tenants = store.reader_tables(OverviewView), list(counts)
    schools = store.db.query(
        f"SELECT tenant, school, in_programme FROM {tables.physical('schools')} WHERE {where}",
        tenants,
    )
    partnerships = store.db.query(
        f"SELECT tenant, supported_school, partner_school, agreement_number "
        f"FROM {tables.physical('partnerships')} WHERE {where} AND status <> 'ended'",
        tenants,
    )
    for tenant, c in counts.items():
        registered = {r["school"] for r in schools if r["tenant"] == tenant}
        identified = {r["school"] for r in schools if r["tenant"] == tenant and r["in_programme"]}
        active = [p for p in partnerships if p["tenant"] == tenant]
        supported = {p["supported_school"] for p in active}
        agreed = {p["supported_school"] for p in active if p["agreement_number"] is not None}
        networked = supported | {p["partner_school"] for p in active}
        c.registered, c.identified = len(registered), len(identified)
        c.networked = len(networked & registered)
        c.with_partner = len(identified & supported)
        c.with_agreement = len(identified & agreed)


def _count_items(store: ViewStore, counts: dict[str, Counts], where: str) -> None:
    """Roadmap items done, of those not cancelled."""
    items = store.reader_tables(RoadmapView).physical("items")
    for row in store.db.query(
        f"SELECT tenant, SUM(CASE WHEN status = 'done' THEN 1 ELSE 0 END) AS done, "
        f"SUM(CASE WHEN status <> 'cancelled' THEN 1 ELSE 0 END) AS active "
        f"FROM {items} WHERE {where} GROUP BY tenant",
        list(counts),
    ):
        counts[row["tenant"]].items_done = int(row["done"] or 0)
        counts[row["tenant"]].items_active = int(row["active"] or 0)


def _count_due(store: ViewStore, counts: dict[str, Counts], where: str, as_of: date) -> None:
    """Monthly reports and visits due by `as_of`, not cancelled; reports filed by their due date
    are on time, visits count as held once held by `as_of`."""
    due, day = store.reader_tables(ScheduleView).physical("due"), as_of.isoformat()
    for row in store.db.query(
        f"SELECT tenant, kind, COUNT(*) AS due, "
        f"SUM(CASE WHEN done_on IS NOT NULL AND done_on <= due_on THEN 1 ELSE 0 END) "
        f"AS on_time, "
        f"SUM(CASE WHEN done_on IS NOT NULL AND done_on <= ? THEN 1 ELSE 0 END) AS done "
        f"FROM {due} WHERE {where} AND kind IN ('monthly_report', 'visit') AND cancelled = 0 "
        f"AND due_on <= ? GROUP BY tenant, kind",
        [day, *counts, day],
    ):
        c = counts[row["tenant"]]
        if row["kind"] == "monthly_report":
            c.reports_on_time, c.reports_due = int(row["on_time"] or 0), int(row["due"])
        else:
            c.visits_held, c.visits_planned = int(row["done"] or 0), int(row["due"])
