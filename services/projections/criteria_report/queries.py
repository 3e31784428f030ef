"""The effectiveness-criteria report of 003 on a date, from other models' queries only.

Values and targets come from the overview's queries, the programme schools and their
agreements from the registers', roadmap execution from the roadmaps'. Averages are computed
here from the schools' recorded values of the same period (never typed in): the regional
average over every school of the region's tenants, the district average over the
municipality's schools. Only a programme in force on the date applies (W9).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from domain.criteria import (
    EXPECTED_003,
    NUMBER_003,
    USE_SUBJECT_PREFIX,
    absence_verdict,
    judged,
    mean,
    partnership_verdict,
    subjects_verdict,
    trend,
)
from domain.indicators import (
    EFFECTIVENESS_CRITERIA_003,
    INDICATOR_TITLES,
    PARTNERSHIP_PLAN_EXECUTED,
    UNEXCUSED_ABSENCE_RATE,
    USE_OPTIONAL_SUBJECTS_AVERAGE,
    IndicatorTarget,
)
from domain.period import period_of
from domain.programme import MUNICIPALITY
from domain.roles import REGION_SUBJECT
from services.projections.criteria_report.answers import (
    CriteriaReport,
    CriterionResult,
    MunicipalityCriteria,
    Plan,
    SchoolCriteria,
    SubjectResult,
    Tally,
)
from services.projections.overview.criteria import target_answer, target_in_force
from services.projections.overview.queries import criteria_facts
from services.projections.registers.answers import SchoolEntry
from services.projections.registers.paging import Scope
from services.projections.registers.queries import school_entries
from services.projections.roadmaps.queries import roadmap_status
from services.projections.store import ViewStore
from tenants.registry import Tenant

Row = dict[str, Any]
_NOT_SCHOOLS = (MUNICIPALITY, REGION_SUBJECT)


def _order(row: Row) -> tuple[Any, ...]:
    period = period_of(row["period"])
    return (period.end if period else date.min, row["measured_on"], int(row["position"]))


def _number(value: Decimal | None) -> float | None:
    return None if value is None else round(float(value), 2)


@dataclass
class Book:
    """The schools' recorded values: per (tenant, school, indicator), oldest period first."""

    rows: list[Row]
    series: dict[tuple[str, str, str], list[Row]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for row in sorted(self.rows, key=_order):
            if row["subject"] not in _NOT_SCHOOLS:
                self.series.setdefault((row["tenant"], row["subject"], row["indicator"]), []).append(row)

    def of(self, tenant: str, school: str, indicator: str) -> list[Row]:
        return self.series.get((tenant, school, indicator), [])

    def subjects(self, tenant: str, school: str) -> list[str]:
        """The per-subject USE average indicators a school has values of, by name."""
        return sorted(i for t, s, i in self.series if (t, s) == (tenant, school) and i.startswith(USE_SUBJECT_PREFIX))

    def peers(self, tenants: Sequence[str], indicator: str, period: str) -> list[Decimal]:
        """Every school's value of an indicator for a period in these tenants."""
        return [Decimal(r["value"]) for (t, _, i), rows in self.series.items() if t in tenants and i == indicator
                for r in rows if r["period"] == period]


@dataclass(frozen=True)
class Where:
    """The school judged, the tenants its averages are taken over, the targets in force."""

    tenant: str
    school: str
    region_tenants: tuple[str, ...]
    groups: list[list[Row]]
    as_of: date


def _standard(row: Row) -> IndicatorTarget:
    value = None if row["value"] is None else Decimal(row["value"])
    return IndicatorTarget(row["indicator"], row["comparison"], value, row["unit"])


def _average(book: Book, where: Where, target: Row, indicator: str, period: str) -> tuple[Decimal | None, Any, int]:
    """The average the target compares with, over the region's or the district's schools."""
    if target["comparison"] == ">= regional average":
        peers, of = book.peers(where.region_tenants, indicator, period), "region"
    elif target["comparison"] == "< district average":
        peers, of = book.peers((where.tenant,), indicator, period), "district"
    else:
        return None, None, 0
    return mean(peers), of, len(peers)


def _recorded(book: Book, where: Where, base: dict[str, Any], target: Row) -> CriterionResult:
    """Criteria 1-4, 6, 8: the latest recorded value against the expected result."""
    rows = book.of(where.tenant, where.school, target["indicator"])
    if not rows:
        return CriterionResult(**base, status="no_data")
    latest = rows[-1]
    value = Decimal(latest["value"])
    average, of, count = _average(book, where, target, target["indicator"], latest["period"])
    return CriterionResult(**base, status=judged(_standard(target), value, average), period=latest["period"],
                           value=_number(value), average=_number(average), average_of=of, schools_averaged=count)


def _absence(book: Book, where: Where, base: dict[str, Any], target: Row) -> CriterionResult:
    """Criterion 9: below the district average, and decreasing since the previous period."""
    rows = book.of(where.tenant, where.school, UNEXCUSED_ABSENCE_RATE)
    if not rows:
        return CriterionResult(**base, status="no_data")
    latest, previous = rows[-1], rows[-2] if len(rows) > 1 else None
    value = Decimal(latest["value"])
    before = Decimal(previous["value"]) if previous else None
    peers = book.peers((where.tenant,), UNEXCUSED_ABSENCE_RATE, latest["period"])
    average, moved = mean(peers), trend(before, value)
    return CriterionResult(
        **base, status=absence_verdict(value, average, moved), period=latest["period"], value=_number(value),
        average=_number(average), average_of="district", schools_averaged=len(peers),
        previous_period=previous["period"] if previous else None, previous_value=_number(before), trend=moved)


def _subjects(book: Book, where: Where, base: dict[str, Any], target: Row) -> CriterionResult:
    """Criterion 5 per optional subject, each against the regional average of that subject."""
    found = []
    for indicator in [*book.subjects(where.tenant, where.school), USE_OPTIONAL_SUBJECTS_AVERAGE]:
        rows = book.of(where.tenant, where.school, indicator)
        if not rows:
            continue
        latest = rows[-1]
        value = Decimal(latest["value"])
        peers = book.peers(where.region_tenants, indicator, latest["period"])
        average = mean(peers)
        found.append(SubjectResult(
            indicator.removeprefix(USE_SUBJECT_PREFIX) if indicator != USE_OPTIONAL_SUBJECTS_AVERAGE
            else "all_optional", latest["period"], float(value), _number(average), len(peers),
            judged(_standard({**target, "indicator": indicator}), value, average)))
    return CriterionResult(**base, status=subjects_verdict(s.status for s in found), subjects=found,
                           average_of="region")


def _plan(entry: SchoolEntry, progress: dict[str, Any], base: dict[str, Any]) -> CriterionResult:
    """Criterion 7, derived: the agreement in force on the date and the roadmap executed."""
    counts = progress.get(entry.school)
    done, active, overdue = (counts.done, counts.total - counts.cancelled, counts.overdue) if counts else (0, 0, 0)
    plan = Plan(entry.agreement.status, entry.agreement.number, done, active, overdue)
    return CriterionResult(**base, status=partnership_verdict(entry.agreement.status, active, overdue), plan=plan)


def _school(book: Book, where: Where, entry: SchoolEntry, progress: dict[str, Any], name: str) -> SchoolCriteria:
    results = []
    for standard in EFFECTIVENESS_CRITERIA_003:
        indicator = standard.indicator
        number = NUMBER_003[indicator]
        target = target_in_force(where.groups, indicator, where.as_of)
        base = {"number": number, "indicator": indicator, "title": INDICATOR_TITLES[indicator],
                "expected": EXPECTED_003[number], "target": target_answer(target)}
        if target is None:
            results.append(CriterionResult(**base, status="no_target"))
        elif indicator == PARTNERSHIP_PLAN_EXECUTED:
            results.append(_plan(entry, progress, base))
        elif indicator == USE_OPTIONAL_SUBJECTS_AVERAGE:
            results.append(_subjects(book, where, base, target))
        elif indicator == UNEXCUSED_ABSENCE_RATE:
            results.append(_absence(book, where, base, target))
        else:
            results.append(_recorded(book, where, base, target))
    judged_ = [r for r in results if r.status in ("met", "not_met")]
    return SchoolCriteria(where.tenant, name, entry.school, entry.name, results,
                          sum(r.status == "met" for r in judged_), len(judged_))


def _in_programme(entry: SchoolEntry, as_of: date) -> bool:
    """Identified (ШНОР/ШФНСУ) by the date and not exited by it."""
    if not entry.categories or (entry.exited_on is not None and entry.exited_on <= as_of):
        return False
    return entry.basis is None or entry.basis.issued_on <= as_of


def _tally(tenant: Tenant, rows: list[SchoolCriteria]) -> MunicipalityCriteria:
    tallies = []
    for standard in EFFECTIVENESS_CRITERIA_003:
        statuses = [c.status for r in rows for c in r.criteria if c.indicator == standard.indicator]
        tallies.append(Tally(NUMBER_003[standard.indicator], standard.indicator, statuses.count("met"),
                             statuses.count("not_met"), len(statuses) - statuses.count("met") - statuses.count("not_met")))
    return MunicipalityCriteria(tenant.id, tenant.name, len(rows), tallies)


def criteria_report(store: ViewStore, region: Tenant, municipalities: list[Tenant], chosen: list[Tenant],
                    school: str | None, as_of: date, scope: str) -> CriteriaReport:
    """Each programme school of the chosen municipalities on each criterion (blocking)."""
    region_tenants = (region.id, *(m.id for m in municipalities))
    targets, values = criteria_facts(store, list(region_tenants), as_of)
    book = Book(values)
    schools, summaries = [], []
    for tenant in chosen:
        entries = school_entries(store, Scope((tenant.id,), as_of, {tenant.id: tenant.name}, school=school, limit=None))
        progress = {s.school: s.counts for s in roadmap_status(store, tenant.id, school, as_of).schools}
        groups = [targets.get(tenant.id, []), targets[region.id]]
        rows = [_school(book, Where(tenant.id, e.school, region_tenants, groups, as_of), e, progress, tenant.name)
                for e in entries if _in_programme(e, as_of)]
        schools += rows
        summaries.append(_tally(tenant, rows))
    return CriteriaReport(scope, as_of, schools, summaries)
