"""The overview as computed before the summary (issue 16 goal 2): every fact fetched and counted
in Python per request. Kept only as the from-scratch reference test_overview_summary compares
the product's answer with; a copy, so a change of the product cannot change the reference."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from typing import Any

from domain.agreement import in_force
from domain.period import period_of
from domain.programme import (
    EFFECTIVENESS_CRITERIA_003,
    MUNICIPALITY,
    NETWORK_ORGANISATIONS_SHARE,
    NETWORK_SUPPORTED_SCHOOLS_SHARE,
    NETWORK_TEACHERS_SHARE,
    PROGRAMME_INDICATORS_001,
    IndicatorTarget,
)
from domain.roles import REGION_SUBJECT
from domain.status import is_done_by, is_on_time
from services.projections.organisations.queries import coverage_counts
from services.projections.overview.answers import (
    Criterion,
    CriterionValue,
    IndicatorStatus,
    OverviewRow,
    Ratio,
    RegionalOverview,
    Status,
    Target,
)
from services.projections.overview.projection import OverviewView
from services.projections.roadmaps.queries import item_progress
from services.projections.schedule.projection import ScheduleView
from services.projections.schedule.queries import DueProgress
from services.projections.schedule.rows import LINKED
from services.projections.store import ViewStore
from tenants.registry import Tenant

CRITERIA = {target.indicator: target.title for target in EFFECTIVENESS_CRITERIA_003}
PROGRAMME = {target.indicator: target.title for target in PROGRAMME_INDICATORS_001}

Row = dict[str, Any]


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
    #: 001 indicator 2 from the organisations model: teachers covered and the headcounts' sum of
    #: the schools with a headcount for `as_of`'s year (0: none recorded, the share is recorded).
    teachers_covered: int = 0
    teachers_counted: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))


@dataclass
class Facts:
    """Counts, programme targets and indicator values of a set of tenants."""

    counts: dict[str, Counts]
    targets: dict[str, list[Row]]
    values: list[Row]


@dataclass(frozen=True)
class Scope:
    """Whose row is being built: a municipality (subject «municipality») or the region's total."""

    tenant: Tenant
    region: Tenant
    subject: str
    target_groups: list[list[Row]]


def _percent(count: int, of: int) -> Decimal | None:
    return Decimal(count) * 100 / Decimal(of) if of else None


def _number(value: Decimal | None) -> float | None:
    return None if value is None else round(float(value), 2)


def _ratio(count: int, of: int) -> Ratio:
    return Ratio(count, of, _number(_percent(count, of)))


def _latest(rows: list[Row]) -> Row | None:
    """The value of the latest period; of two ending the same day, the later measured."""

    def key(row: Row) -> tuple[Any, ...]:
        period = period_of(row["period"])
        return (period.end if period else date.min, row["measured_on"], int(row["position"]))

    return max(rows, key=key, default=None)


def _target(groups: list[list[Row]], indicator: str, as_of: date) -> Row | None:
    """The first group (own programmes, then the region's) with a target in force on `as_of`.

    In force: adopted by then and within the programme's period; a lapsed programme's (or a
    not yet adopted one's) targets do not apply (W9). Of several, the latest adopted wins.
    """
    day = as_of.isoformat()
    for group in groups:
        matching = [
            r for r in group
            if r["indicator"] == indicator and r["adopted_on"] <= day
            and r["period_start"] <= day <= r["period_end"]
        ]
        if matching:
            return max(matching, key=lambda r: (r["adopted_on"], int(r["position"])))
    return None


def _target_value(row: Row) -> Decimal | None:
    return None if row["value"] is None else Decimal(row["value"])


def _target_out(row: Row | None) -> Target | None:
    if row is None:
        return None
    return Target(
        row["tenant"], row["programme"], row["level"], row["comparison"],
        _number(_target_value(row)), row["unit"], row["programme_title"],
    )


def _status(row: Row | None, value: Decimal | None, average: Decimal | None = None) -> Status:
    if row is None:
        return "no_target"
    if value is None:
        return "no_data"
    target = IndicatorTarget(row["indicator"], row["comparison"], _target_value(row), row["unit"])
    met = target.is_met(value, average)
    return "no_data" if met is None else "met" if met else "not_met"


def _recorded(scope: Scope, values: list[Row], indicator: str) -> Row | None:
    """The latest value of the scope's subject for an indicator (values measured by as_of)."""
    return _latest([
        v for v in values
        if v["tenant"] == scope.tenant.id and v["subject"] == scope.subject and v["indicator"] == indicator
    ])


def _of_period(scope: Scope, values: list[Row], indicator: str, as_of: date) -> Row | None:
    """The latest value recorded for a period that `as_of` lies in (a year, a school year...)."""
    def covers(row: Row) -> bool:
        period = period_of(row["period"])
        return period is not None and period.start <= as_of <= period.end

    return _recorded(scope, [v for v in values if covers(v)], indicator)


def _indicators(scope: Scope, c: Counts, values: list[Row], as_of: date) -> list[IndicatorStatus]:
    """The three indicators of 001: the teachers' share computed from the events' participants
    when headcounts are recorded for `as_of`'s year (organisations.queries), else as last measured; the share of
    organisations in the network as recorded for the period `as_of` lies in, else computed from
    the facts (001 indicator 1: its denominator, every organisation of the city, is not in the
    log); the supported schools' share computed."""
    teachers = _recorded(scope, values, NETWORK_TEACHERS_SHARE)
    network = _of_period(scope, values, NETWORK_ORGANISATIONS_SHARE, as_of)
    measured: dict[str, tuple[Decimal | None, str | None, bool]] = {
        NETWORK_ORGANISATIONS_SHARE: (
            (Decimal(network["value"]), network["period"], True) if network
            else (_percent(c.networked, c.registered), None, False)
        ),
        NETWORK_SUPPORTED_SCHOOLS_SHARE: (_percent(c.with_partner, c.identified), None, False),
        NETWORK_TEACHERS_SHARE: (
            (_percent(c.teachers_covered, c.teachers_counted), str(as_of.year), False) if c.teachers_counted
            else (Decimal(teachers["value"]), teachers["period"], True) if teachers else (None, None, True)
        ),
    }
    answer = []
    for indicator, title in PROGRAMME.items():
        value, period, recorded = measured[indicator]
        target = _target(scope.target_groups, indicator, as_of)
        answer.append(IndicatorStatus(
            indicator, title, _number(value), "recorded" if recorded else "computed",
            period, _target_out(target), _status(target, value),
        ))
    return answer


def _average_source(
    scope: Scope, target: Row | None, indicator: str, period: str
) -> tuple[str, str, str, str] | None:
    """Where the average a target compares with is recorded: the region's or the district's."""
    if target is None:
        return None
    if target["comparison"] == ">= regional average":
        return (scope.region.id, REGION_SUBJECT, indicator, period)
    if target["comparison"] == "< district average":
        return (scope.tenant.id, MUNICIPALITY, indicator, period)
    return None


def _criteria(scope: Scope, values: list[Row], as_of: date) -> list[Criterion]:
    """Latest value per subject of each criterion, held against the regional or district average."""
    exact = {
        (v["tenant"], v["subject"], v["indicator"], v["period"]): Decimal(v["value"])
        for v in values
    }
    answer = []
    for indicator, title in CRITERIA.items():
        target = _target(scope.target_groups, indicator, as_of)
        mine = [v for v in values if v["tenant"] == scope.tenant.id and v["indicator"] == indicator]
        rows = []
        for subject in sorted({m["subject"] for m in mine}):
            v = _latest([m for m in mine if m["subject"] == subject])
            assert v is not None
            source = _average_source(scope, target, indicator, v["period"])
            own = source == (v["tenant"], v["subject"], indicator, v["period"])
            average = None if source is None or own else exact.get(source)
            value = Decimal(v["value"])
            rows.append(CriterionValue(
                v["subject"], v["period"], float(value), date.fromisoformat(v["measured_on"]),
                _number(average), _status(target, value, average),
            ))
        answer.append(Criterion(indicator, title, _target_out(target), rows))
    return answer


def overview_row(scope: Scope, c: Counts, facts: Facts, as_of: date) -> OverviewRow:
    """One municipality's row, or the region's total, from the facts."""
    return OverviewRow(
        tenant_id=scope.tenant.id,
        name=scope.tenant.name,
        registered_schools=c.registered,
        identified_schools=c.identified,
        with_partner=_ratio(c.with_partner, c.identified),
        with_agreement=_ratio(c.with_agreement, c.identified),
        roadmap_items=_ratio(c.items_done, c.items_active),
        reports_on_time=_ratio(c.reports_on_time, c.reports_due),
        visits=_ratio(c.visits_held, c.visits_planned),
        indicators=_indicators(scope, c, facts.values, as_of),
        criteria=_criteria(scope, facts.values, as_of),
    )



def due_progress(store: ViewStore, tenants: Sequence[str], as_of: date) -> dict[str, DueProgress]:
    """Per tenant: reports its duties ask for due by `as_of` and those filed on time (every report
    kind, named ones too; a filing no duty asks for is not counted); visits planned and held."""
    tables = store.reader_tables(ScheduleView)
    found = store.db.query(
        tables.sql(
            "SELECT tenant, kind, due_on, done_on FROM {due} "
            f"WHERE tenant IN ({', '.join('?' for _ in tenants)}) "
            "AND kind IN ('monthly_report', 'effectiveness_analysis', 'annual_analytic_note', "
            "'named_report', 'visit') "
            f"AND cancelled IN (0, {LINKED}) AND due_on <= ?"
        ),
        [*tenants, as_of.isoformat()],
    )
    progress = {tenant: DueProgress() for tenant in tenants}
    for row in found:
        tally, done_on = progress[row["tenant"]], _day(row["done_on"])
        if row["kind"] != "visit":
            tally.reports_due += 1
            tally.reports_on_time += is_on_time(date.fromisoformat(row["due_on"]), done_on)
        else:
            tally.visits_planned += 1
            tally.visits_held += is_done_by(done_on, as_of)
    return progress


def _in(tenants: Sequence[str]) -> str:
    return ", ".join("?" for _ in tenants)


def load_facts(store: ViewStore, tenants: list[str], as_of: date, indicators: Sequence[str]) -> Facts:
    """What the overview shows of these tenants, in a few grouped queries over three models."""
    tables = store.reader_tables(OverviewView)
    where = f"tenant IN ({_in(tenants)})"
    counts = {tenant: Counts() for tenant in tenants}
    _count_schools(store, counts, where, as_of)
    for tenant, items in item_progress(store, tenants).items():
        counts[tenant].items_done, counts[tenant].items_active = items.done, items.active
    for tenant, due in due_progress(store, tenants, as_of).items():
        c = counts[tenant]
        c.reports_on_time, c.reports_due = due.reports_on_time, due.reports_due
        c.visits_held, c.visits_planned = due.visits_held, due.visits_planned
    for tenant, (covered, counted) in coverage_counts(store, tenants, as_of).items():
        counts[tenant].teachers_covered, counts[tenant].teachers_counted = covered, counted
    targets: dict[str, list[dict[str, Any]]] = {tenant: [] for tenant in tenants}
    for row in store.db.query(tables.sql(f"SELECT * FROM {{targets}} WHERE {where}"), tenants):
        targets[row["tenant"]].append(row)
    values = store.db.query(
        tables.sql(
            "SELECT tenant, subject, indicator, period, value, measured_on, position "
            f"FROM {{indicator_values}} WHERE {where} AND indicator IN ({_in(indicators)}) "
            "AND measured_on <= ?"
        ),
        [*tenants, *indicators, as_of.isoformat()],
    )
    return Facts(counts, targets, values)


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _count_schools(store: ViewStore, counts: dict[str, Counts], where: str, as_of: date) -> None:
    """Registered; identified, with a partner or an agreement in force, on `as_of`.

    Identified on D: an identification whose basis is dated by D and no exit by D (004 §3.2,
    001). A partnership counts from assigned_on until the day it ended; its agreement from
    signing through the last day of its term (003 §3.1-3.2): past its term without an extension
    it has expired, ended or not. `networked` are the registered schools in a partnership on
    D, on either side (001: organisations in network interaction).
    """
    tables, tenants, day = store.reader_tables(OverviewView), list(counts), as_of.isoformat()
    schools = store.db.query(
        tables.sql(f"SELECT tenant, school FROM {{schools}} WHERE {where}"), tenants
    )
    spells = store.db.query(
        tables.sql(
            f"SELECT DISTINCT tenant, school FROM {{identifications}} WHERE {where} "
            "AND identified_on <= ? AND (exited_on IS NULL OR exited_on > ?)"
        ),
        [*tenants, day, day],
    )
    partnerships = store.db.query(
        tables.sql(
            "SELECT tenant, supported_school, partner_school, concluded_on, term_until, ended_on "
            f"FROM {{partnerships}} WHERE {where} AND (assigned_on IS NULL OR assigned_on <= ?) "
            "AND (ended_on IS NULL OR ended_on > ?)"
        ),
        [*tenants, day, day],
    )
    for tenant, c in counts.items():
        registered = {r["school"] for r in schools if r["tenant"] == tenant}
        identified = {r["school"] for r in spells if r["tenant"] == tenant}
        active = [p for p in partnerships if p["tenant"] == tenant]
        supported = {p["supported_school"] for p in active}
        agreed = {
            p["supported_school"] for p in active
            if in_force(_day(p["concluded_on"]), _day(p["term_until"]), _day(p["ended_on"]), as_of)
        }
        networked = supported | {p["partner_school"] for p in active}
        c.registered, c.identified = len(registered), len(identified)
        c.networked = len(networked & registered)
        c.with_partner = len(identified & supported)
        c.with_agreement = len(identified & agreed)


def regional_overview(
    store: ViewStore, region: Tenant, municipalities: list[Tenant], as_of: date
) -> RegionalOverview:
    """Municipalities against their own targets, else the region's; the total, the region's (blocking)."""
    tenants = [region.id, *(m.id for m in municipalities)]
    facts = load_facts(store, tenants, as_of, [NETWORK_TEACHERS_SHARE, NETWORK_ORGANISATIONS_SHARE, *CRITERIA])
    regional = facts.targets[region.id]
    rows = [
        overview_row(Scope(m, region, MUNICIPALITY, [facts.targets[m.id], regional]),
                     facts.counts[m.id], facts, as_of)
        for m in municipalities
    ]
    total = sum((facts.counts[m.id] for m in municipalities), Counts())
    if not all(facts.counts[m.id].teachers_counted for m in municipalities):
        # 001 indicator 2 for the region is computed only when every municipality counts teachers.
        total.teachers_covered = total.teachers_counted = 0
    total_row = overview_row(Scope(region, region, REGION_SUBJECT, [regional]), total, facts, as_of)
    return RegionalOverview(region.id, region.name, as_of, rows, total_row, {})


