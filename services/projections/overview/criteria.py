"""Indicators of 001 and criteria of 003 held against the targets in force (pure, no SQL)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

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
from services.projections.overview.answers import (
    Criterion,
    CriterionValue,
    IndicatorStatus,
    OverviewRow,
    Ratio,
    Status,
    Target,
)
from tenants.registry import Tenant

CRITERIA = {target.indicator: target.title for target in EFFECTIVENESS_CRITERIA_003}
PROGRAMME = {target.indicator: target.title for target in PROGRAMME_INDICATORS_001}

Row = dict[str, Any]
#: The subjects whose values a criterion's target compares with (_average_source).
_AVERAGES = (REGION_SUBJECT, MUNICIPALITY)


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
    """Counts, programme targets and indicator values of a set of tenants.

    The values are indexed once (by tenant, subject and indicator) so that each row looks up
    its own instead of scanning every tenant's: building the answer is linear in the values.
    """

    counts: dict[str, Counts]
    targets: dict[str, list[Row]]
    values: list[Row]
    series: dict[tuple[str, str, str], list[Row]] = field(init=False)
    subjects: dict[tuple[str, str], list[str]] = field(init=False)
    exact: dict[tuple[str, str, str, str], Decimal] = field(init=False)

    def __post_init__(self) -> None:
        series: dict[tuple[str, str, str], list[Row]] = defaultdict(list)
        for v in self.values:
            series[(v["tenant"], v["subject"], v["indicator"])].append(v)
        subjects: dict[tuple[str, str], list[str]] = defaultdict(list)
        for tenant, subject, indicator in sorted(series):
            subjects[(tenant, indicator)].append(subject)
        self.series, self.subjects = dict(series), dict(subjects)
        self.exact = {  # the averages a target compares with: the region's or a district's own
            (v["tenant"], v["subject"], v["indicator"], v["period"]): Decimal(v["value"])
            for v in self.values if v["subject"] in _AVERAGES
        }


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


@lru_cache(maxsize=4096)
def _period(text: str) -> Any:
    """A period's parse, once per distinct text (a few dozen in a region's values)."""
    return period_of(text)


def _latest(rows: list[Row]) -> Row | None:
    """The value of the latest period; of two ending the same day, the later measured."""

    def key(row: Row) -> tuple[Any, ...]:
        period = _period(row["period"])
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


def _recorded(scope: Scope, facts: Facts, indicator: str) -> Row | None:
    """The latest value of the scope's subject for an indicator (values measured by as_of)."""
    return _latest(facts.series.get((scope.tenant.id, scope.subject, indicator), []))


def _of_period(scope: Scope, facts: Facts, indicator: str, as_of: date) -> Row | None:
    """The latest value recorded for a period that `as_of` lies in (a year, a school year...)."""
    def covers(row: Row) -> bool:
        period = _period(row["period"])
        return period is not None and period.start <= as_of <= period.end

    own = facts.series.get((scope.tenant.id, scope.subject, indicator), [])
    return _latest([v for v in own if covers(v)])


def _indicators(scope: Scope, c: Counts, found: Recorded, as_of: date) -> list[IndicatorStatus]:
    """The three indicators of 001: the teachers' share computed from the events' participants
    when headcounts are recorded for `as_of`'s year (organisations.queries), else as last measured; the share of
    organisations in the network as recorded for the period `as_of` lies in, else computed from
    the facts (001 indicator 1: its denominator, every organisation of the city, is not in the
    log); the supported schools' share computed."""
    teachers, network = found.teachers, found.network
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


def _criteria(scope: Scope, facts: Facts, as_of: date) -> list[Criterion]:
    """Latest value per subject of each criterion, held against the regional or district average."""
    answer = []
    for indicator, title in CRITERIA.items():
        target = _target(scope.target_groups, indicator, as_of)
        rows = []
        for subject in facts.subjects.get((scope.tenant.id, indicator), []):
            v = _latest(facts.series[(scope.tenant.id, subject, indicator)])
            assert v is not None
            source = _average_source(scope, target, indicator, v["period"])
            own = source == (v["tenant"], v["subject"], indicator, v["period"])
            average = None if source is None or own else facts.exact.get(source)
            value = Decimal(v["value"])
            rows.append(CriterionValue(
                v["subject"], v["period"], float(value), date.fromisoformat(v["measured_on"]),
                _number(average), _status(target, value, average),
            ))
        answer.append(Criterion(indicator, title, _target_out(target), rows))
    return answer


@dataclass(frozen=True)
class Recorded:
    """What a row shows of the recorded values and targets as of a date: a pure function of
    the tenant's and its region's targets and values and of where `as_of` falls among their
    dates, so it can be kept (overview.summary)."""

    criteria: list[Criterion]
    teachers: Row | None
    network: Row | None


def recorded(scope: Scope, facts: Facts, as_of: date) -> Recorded:
    """The scope's criteria and the values its indicators fall back on, from `facts`."""
    return Recorded(_criteria(scope, facts, as_of), _recorded(scope, facts, NETWORK_TEACHERS_SHARE),
                    _of_period(scope, facts, NETWORK_ORGANISATIONS_SHARE, as_of))


def overview_row(scope: Scope, c: Counts, found: Recorded, as_of: date) -> OverviewRow:
    """One municipality's row, or the region's total, from its counts and recorded facts."""
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
        indicators=_indicators(scope, c, found, as_of),
        criteria=found.criteria,
    )


#: For the effectiveness-criteria report (services/projections/criteria_report/): the same
#: choice of the target in force (W9) and its answer form.
target_in_force = _target
target_answer = _target_out
#: For overview.summary: the boundary days of a network share's period.
period_parsed = _period
