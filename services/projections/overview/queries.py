"""The regional overview as of a date: the only reader of the overview tables.

Roadmap items and the schedule's reports and visits come from those models' queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import msgspec

from domain.criteria import USE_SUBJECT_PREFIX
from domain.programme import MUNICIPALITY, NETWORK_ORGANISATIONS_SHARE, NETWORK_TEACHERS_SHARE
from domain.roles import REGION_SUBJECT
from services.projections.organisations.projection import OrganisationsView
from services.projections.organisations.queries import coverage_counts
from services.projections.overview.answers import ProgrammeEntry, ProgrammeTarget, RegionalOverview
from services.projections.overview.criteria import CRITERIA, Counts, Row, Scope, overview_row
from services.projections.overview.projection import OverviewView
from services.projections.overview.summary import MAX_INTERVALS, Entry, summaries
from services.projections.roadmaps.projection import RoadmapView
from services.projections.roadmaps.queries import item_progress
from services.projections.schedule.projection import ScheduleView
from services.projections.schedule.queries import due_progress
from services.projections.store import ViewStore
from services.projections.view import View
from tenants.registry import Tenant

#: Views whose rows the overview shows: it is whole up to the position all of them have read.
SOURCES: tuple[type[View], ...] = (OverviewView, RoadmapView, ScheduleView, OrganisationsView)


def _in(tenants: Sequence[str]) -> str:
    return ", ".join("?" for _ in tenants)


def load_counts(store: ViewStore, tenants: list[str], as_of: date) -> dict[str, Counts]:
    """What the overview counts of these tenants, in a few grouped queries over four models."""
    counts = {tenant: Counts() for tenant in tenants}
    _count_schools(store, counts, f"tenant IN ({_in(tenants)})", as_of)
    for tenant, items in item_progress(store, tenants).items():
        counts[tenant].items_done, counts[tenant].items_active = items.done, items.active
    for tenant, due in due_progress(store, tenants, as_of).items():
        c = counts[tenant]
        c.reports_on_time, c.reports_due = due.reports_on_time, due.reports_due
        c.visits_held, c.visits_planned = due.visits_held, due.visits_planned
    for tenant, (covered, counted) in coverage_counts(store, tenants, as_of).items():
        counts[tenant].teachers_covered, counts[tenant].teachers_counted = covered, counted
    return counts


def revisions(store: ViewStore, tenants: Sequence[str], part: str) -> dict[str, tuple[int, int]]:
    """Per tenant, (generation, log position of the latest change to `part`): what is kept by."""
    tables = store.reader_tables(OverviewView)
    rows = store.db.query(tables.sql(
        f"SELECT tenant, position FROM {{revisions}} WHERE part = ? AND tenant IN ({_in(tenants)})"),
        [part, *tenants])
    found = {r["tenant"]: int(r["position"]) for r in rows}
    return {tenant: (tables.generation, found.get(tenant, 0)) for tenant in tenants}


def recorded_facts(store: ViewStore, tenants: list[str]) -> tuple[dict[str, list[Row]], dict[str, list[Row]]]:
    """Per tenant, its programmes' targets and every value of the overview's indicators."""
    tables, where = store.reader_tables(OverviewView), f"tenant IN ({_in(tenants)})"
    targets: dict[str, list[Row]] = {tenant: [] for tenant in tenants}
    for row in store.db.query(tables.sql(f"SELECT * FROM {{targets}} WHERE {where}"), tenants):
        targets[row["tenant"]].append(row)
    values: dict[str, list[Row]] = {tenant: [] for tenant in tenants}
    indicators = [NETWORK_TEACHERS_SHARE, NETWORK_ORGANISATIONS_SHARE, *CRITERIA]
    for row in store.db.query(tables.sql(
            "SELECT tenant, subject, indicator, period, value, measured_on, position "
            f"FROM {{indicator_values}} WHERE {where} AND indicator IN ({_in(indicators)})"),
            [*tenants, *indicators]):
        values[row["tenant"]].append(row)
    return targets, values


def _counts(store: ViewStore, tenants: list[str], as_of: date,
            tracked: dict[type[View], dict[str, int]]) -> dict[str, Counts]:
    """Each tenant's counts as of `as_of`, kept by date while none of its sources changed: the
    overview's schools (its `schools` revision), roadmaps, schedule and organisations (the
    positions those views have read)."""
    kept, schools = summaries(store).counts, revisions(store, tenants, "schools")
    others = (RoadmapView, ScheduleView, OrganisationsView)
    generations = tuple(store.ensure_live(view) for view in others)
    keys = {t: (*schools[t], *generations, *(tracked[view].get(t, 0) for view in others)) for t in tenants}
    for tenant in kept.stale(keys):
        kept.keep(tenant, keys[tenant], {})
    by_day: dict[str, dict[date, Counts]] = {tenant: kept.get(tenant) for tenant in tenants}
    if missing := [tenant for tenant in tenants if as_of not in by_day[tenant]]:
        fresh = load_counts(store, missing, as_of)
        for tenant in missing:
            if len(by_day[tenant]) >= MAX_INTERVALS:
                by_day[tenant].clear()
            by_day[tenant][as_of] = fresh[tenant]
    return {tenant: by_day[tenant][as_of] for tenant in tenants}


def _entries(store: ViewStore, region: Tenant, tenants: list[str]) -> dict[str, Entry]:
    """Each tenant's kept entry (overview.summary), loaded afresh for those of another revision."""
    kept = summaries(store).recorded
    own, regional = revisions(store, tenants, "criteria"), revisions(store, [region.id], "criteria")[region.id]
    keys = {tenant: (*own[tenant], *regional) for tenant in tenants}
    entries: dict[str, Entry] = {}
    if stale := kept.stale(keys):
        loaded = sorted({*stale, region.id})
        targets, values = recorded_facts(store, loaded)
        again = revisions(store, loaded, "criteria")  # a change while loading: used, not kept
        for tenant in stale:
            groups = [targets[tenant]] if tenant == region.id else [targets[tenant], targets[region.id]]
            extra = [] if tenant == region.id else values[region.id]
            entries[tenant] = entry = Entry(groups, [*values[tenant], *extra])
            if again[tenant] == own[tenant] and again[region.id] == regional:
                kept.keep(tenant, keys[tenant], entry)
    return {tenant: entries.get(tenant) or kept.get(tenant) for tenant in tenants}


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _count_schools(store: ViewStore, counts: dict[str, Counts], where: str, as_of: date) -> None:
    """Registered; identified, with a partner or an agreement in force, on `as_of`.

    Identified on D: an identification whose basis is dated by D and no exit by D (004 §3.2,
    001). A partnership counts from assigned_on until the day it ended; its agreement from
    signing through the last day of its term (003 §3.1-3.2, domain.agreement.in_force, here in
    SQL): past its term without an extension it has expired, ended or not. `networked` are the
    registered schools in a partnership on D, on either side (001: organisations in network
    interaction). Counted by the database, one row per tenant: the answer's cost in Python
    grows with municipalities, not schools (issue 16 goal 2).
    """
    tables, tenants, day = store.reader_tables(OverviewView), list(counts), as_of.isoformat()
    active = (
        "p.tenant = {t}.tenant AND (p.assigned_on IS NULL OR p.assigned_on <= ?) "
        "AND (p.ended_on IS NULL OR p.ended_on > ?)"
    )
    agreed = (
        " AND p.concluded_on IS NOT NULL AND p.term_until IS NOT NULL AND p.concluded_on <= ? "
        "AND ? <= p.term_until"
    )
    supported = f"EXISTS (SELECT 1 FROM {{{{partnerships}}}} p WHERE {active.format(t='i')} " \
        "AND p.supported_school = i.school{extra})"
    rows = store.db.query(
        tables.sql(
            "SELECT i.tenant, COUNT(DISTINCT i.school) AS identified, "
            f"COUNT(DISTINCT CASE WHEN {supported.format(extra='')} THEN i.school END) AS with_partner, "
            f"COUNT(DISTINCT CASE WHEN {supported.format(extra=agreed)} THEN i.school END) AS with_agreement "
            f"FROM {{identifications}} i WHERE i.{where} AND i.identified_on <= ? "
            "AND (i.exited_on IS NULL OR i.exited_on > ?) GROUP BY i.tenant"
        ),
        [day, day, day, day, day, day, *tenants, day, day],
    )
    for r in rows:
        c = counts[r["tenant"]]
        c.identified, c.with_partner, c.with_agreement = (
            int(r["identified"]), int(r["with_partner"]), int(r["with_agreement"]))
    schools = store.db.query(
        tables.sql(
            "SELECT s.tenant, COUNT(*) AS registered, "
            f"SUM(CASE WHEN EXISTS (SELECT 1 FROM {{partnerships}} p WHERE {active.format(t='s')} "
            "AND (p.supported_school = s.school OR p.partner_school = s.school)) THEN 1 ELSE 0 END) "
            f"AS networked FROM {{schools}} s WHERE s.{where} GROUP BY s.tenant"
        ),
        [day, day, *tenants],
    )
    for r in schools:
        counts[r["tenant"]].registered, counts[r["tenant"]].networked = int(r["registered"]), int(r["networked"] or 0)


def _tracked(store: ViewStore) -> dict[type[View], dict[str, int]]:
    return {view: store.positions(view, store.ensure_live(view)) for view in SOURCES}


def positions(store: ViewStore, tenants: Sequence[str],
              tracked: dict[type[View], dict[str, int]] | None = None) -> dict[str, int]:
    """Per tenant, the position all source views have read: the overview is whole up to it."""
    tracked = tracked or _tracked(store)
    return {tenant: min(p.get(tenant, 0) for p in tracked.values()) for tenant in tenants}


def regional_overview(
    store: ViewStore, region: Tenant, municipalities: list[Tenant], as_of: date
) -> RegionalOverview:
    """Municipalities against their own targets, else the region's; the total, the region's (blocking)."""
    tenants, tracked = [region.id, *(m.id for m in municipalities)], _tracked(store)
    counts = _counts(store, tenants, as_of, tracked)
    entries = _entries(store, region, tenants)
    rows = []
    for m in municipalities:
        scope = Scope(m, region, MUNICIPALITY, entries[m.id].groups)
        rows.append(overview_row(scope, counts[m.id], entries[m.id].recorded(scope, as_of), as_of))
    total = sum((counts[m.id] for m in municipalities), Counts())
    if not all(counts[m.id].teachers_counted for m in municipalities):
        # 001 indicator 2 for the region is computed only when every municipality counts teachers.
        total.teachers_covered = total.teachers_counted = 0
    scope = Scope(region, region, REGION_SUBJECT, entries[region.id].groups)
    total_row = overview_row(scope, total, entries[region.id].recorded(scope, as_of), as_of)
    degraded = sorted({p.tenant for view in SOURCES for p in store.parked(view)
                       if p.tenant in tenants and p.generation == store.ensure_live(view)})
    return RegionalOverview(region.id, region.name, as_of, rows, total_row, positions(store, tenants, tracked),
                            degraded)


def criteria_facts(store: ViewStore, tenants: list[str], as_of: date) -> tuple[dict[str, list[dict[str, Any]]], list[dict[str, Any]]]:
    """Programme targets per tenant, and every 003 criterion value measured by `as_of` (the
    nine criteria and criterion 5's per-subject averages `use_average_<subject>`), for the
    effectiveness-criteria report (issue 11 item 9)."""
    tables = store.reader_tables(OverviewView)
    where = f"tenant IN ({_in(tenants)})"
    targets: dict[str, list[dict[str, Any]]] = {tenant: [] for tenant in tenants}
    for row in store.db.query(tables.sql(f"SELECT * FROM {{targets}} WHERE {where}"), tenants):
        targets[row["tenant"]].append(row)
    values = store.db.query(
        tables.sql(
            "SELECT tenant, subject, indicator, period, value, measured_on, position "
            f"FROM {{indicator_values}} WHERE {where} AND (indicator IN ({_in(list(CRITERIA))}) "
            "OR indicator LIKE ?) AND measured_on <= ? ORDER BY tenant, subject, indicator, period"
        ),
        [*tenants, *CRITERIA, f"{USE_SUBJECT_PREFIX}%", as_of.isoformat()],
    )
    return targets, values


class SchoolEntry(msgspec.Struct, frozen=True):
    """A school of the municipality's register, by its code and name."""

    school: str
    name: str
    in_programme: bool
    exited_on: date | None


class PartnershipEntry(msgspec.Struct, frozen=True):
    """A pair of a supported school and its partner, with its agreement's term."""

    partnership: str
    supported_school: str
    partner_school: str
    status: str
    agreement_number: str | None
    concluded_on: date | None
    term_until: date | None
    ended_on: date | None


class MunicipalRegister(msgspec.Struct, frozen=True):
    """A municipality's schools and partnerships, as the officer's pages list them."""

    tenant_id: str
    view_position: int
    schools: list[SchoolEntry]
    partnerships: list[PartnershipEntry]


def municipal_register(store: ViewStore, tenant_id: str) -> MunicipalRegister:
    """Every school and partnership of one municipality, by code (blocking)."""
    tables = store.reader_tables(OverviewView)
    schools = store.db.query(
        tables.sql("SELECT * FROM {schools} WHERE tenant = ? ORDER BY school"), [tenant_id]
    )
    pairs = store.db.query(
        tables.sql("SELECT * FROM {partnerships} WHERE tenant = ? ORDER BY supported_school, "
                   "partner_school"), [tenant_id],
    )
    return MunicipalRegister(
        tenant_id, store.positions(OverviewView, tables.generation).get(tenant_id, 0),
        [SchoolEntry(r["school"], r["name"], bool(r["in_programme"]), _day(r["exited_on"]))
         for r in schools],
        [PartnershipEntry(r["partnership"], r["supported_school"], r["partner_school"], r["status"],
                          r["agreement_number"], _day(r["concluded_on"]), _day(r["term_until"]),
                          _day(r["ended_on"])) for r in pairs],
    )


def programmes(store: ViewStore, tenants: Sequence[str]) -> list[ProgrammeEntry]:
    """The programmes adopted by these tenants, newest period first, each with its targets (blocking)."""
    tables = store.reader_tables(OverviewView)
    rows = store.db.query(
        tables.sql(f"SELECT * FROM {{targets}} WHERE tenant IN ({_in(tenants)}) "
                   "ORDER BY period_start DESC, tenant, programme, position, indicator"), list(tenants))
    found: dict[tuple[str, str], ProgrammeEntry] = {}
    for r in rows:
        entry = found.setdefault((r["tenant"], r["programme"]), ProgrammeEntry(
            r["tenant"], r["programme"], r["level"], date.fromisoformat(r["adopted_on"]),
            date.fromisoformat(r["period_start"]), date.fromisoformat(r["period_end"]), [],
            r["programme_title"]))
        entry.targets.append(ProgrammeTarget(r["indicator"], r["title"], r["comparison"],
                                             None if r["value"] is None else float(r["value"]), r["unit"]))
    return list(found.values())
