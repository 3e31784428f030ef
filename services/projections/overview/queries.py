"""The overview tables read: the only reader of them (the regional overview: overview.regional).

Roadmap items and the schedule's reports and visits come from those models' queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import msgspec

from domain.criteria import USE_SUBJECT_PREFIX
from domain.programme import NETWORK_ORGANISATIONS_SHARE, NETWORK_TEACHERS_SHARE
from services.projections.overview.answers import ProgrammeEntry, ProgrammeTarget
from services.projections.overview.criteria import CRITERIA, Row
from services.projections.overview.projection import OverviewView
from services.projections.store import ViewStore


def _in(tenants: Sequence[str]) -> str:
    return ", ".join("?" for _ in tenants)


def revisions(store: ViewStore, tenants: Sequence[str]) -> dict[str, dict[str, tuple[int, int]]]:
    """By part ('criteria', 'schools') and tenant, (generation, log position of the latest
    change): what the overview keeps of a tenant is kept by (overview.summary), in one query."""
    tables = store.reader_tables(OverviewView)
    rows = store.db.query(tables.sql(
        f"SELECT tenant, part, position FROM {{revisions}} WHERE tenant IN ({_in(tenants)})"), list(tenants))
    found = {(r["tenant"], r["part"]): int(r["position"]) for r in rows}
    return {part: {tenant: (tables.generation, found.get((tenant, part), 0)) for tenant in tenants}
            for part in ("criteria", "schools")}


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


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def school_facts(store: ViewStore, tenants: list[str]) -> dict[str, tuple[list[Row], list[Row], list[Row]]]:
    """Per tenant, its schools, identifications and partnerships with the dates the overview
    counts them by (overview.ledger turns them into changes by day)."""
    tables, where = store.reader_tables(OverviewView), f"tenant IN ({_in(tenants)})"
    found: dict[str, tuple[list[Row], list[Row], list[Row]]] = {tenant: ([], [], []) for tenant in tenants}
    for k, sql in enumerate((
        "SELECT tenant, school FROM {schools}",
        "SELECT tenant, school, identified_on, exited_on FROM {identifications}",
        "SELECT tenant, supported_school, partner_school, assigned_on, ended_on, concluded_on, "
        "term_until FROM {partnerships}",
    )):
        for row in store.db.query(tables.sql(f"{sql} WHERE {where}"), tenants):
            found[row["tenant"]][k].append(row)
    return found


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
