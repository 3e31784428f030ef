"""Programme with indicator targets (001, 003 criteria) and the measured series of indicators.

The indicators and their targets are in domain/indicators.py; both aggregates stay here so the
topics of their stored events (`domain.programme:...`) never change.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import get_args
from uuid import UUID

import msgspec
from eventsourcing.domain import event

from domain.base import (
    CascadeAggregate,
    InvalidValue,
    NotFound,
    Provenance,
    check_business_date,
    check_key,
    composite_key,
)
from domain.indicators import (
    EFFECTIVENESS_CRITERIA_003,
    GRADE9_NO_CERTIFICATE_SHARE,
    GRADE11_NO_CERTIFICATE_SHARE,
    INDICATOR_TITLES,
    MONITORING_ANALYTIC_MATERIALS,
    NETWORK_ORGANISATIONS_SHARE,
    NETWORK_SUPPORTED_SCHOOLS_SHARE,
    NETWORK_TEACHERS_SHARE,
    PARTNERSHIP_PLAN_EXECUTED,
    PROGRAMME_INDICATORS_001,
    UNEXCUSED_ABSENCE_RATE,
    USE_80_PLUS_SHARE,
    USE_MATHEMATICS_AVERAGE,
    USE_OPTIONAL_SUBJECTS_AVERAGE,
    USE_RUSSIAN_AVERAGE,
    Comparison,
    IndicatorTarget,
    Level,
    Unit,
    check_target,
)
from domain.period import period_of
from domain.school import BasisDocument


class Programme(CascadeAggregate):
    """A regional or municipal programme and its targets, e.g. Smolensk 2021-2024 (001)."""

    stream_kind = "programme"

    class Adopted(CascadeAggregate.Created):
        key: str
        title: str
        level: Level
        period_start: date
        period_end: date
        adopted_on: date
        basis: BasisDocument | None
        targets: tuple[IndicatorTarget, ...]


    @classmethod
    def adopt(
        cls,
        meta: Provenance,
        key: str,
        title: str,
        level: Level,
        period_start: date,
        period_end: date,
        adopted_on: date,
        targets: tuple[IndicatorTarget, ...] = (),
        basis: BasisDocument | None = None,
    ) -> Programme:
        """Record a programme adopted by an order, with one target per indicator (001 p.1)."""
        check_key(key, "programme")
        if not title.strip():
            raise InvalidValue("title", "must not be empty")
        if level not in get_args(Level):
            raise InvalidValue("level", "must be regional or municipal")
        for value, name in ((period_start, "period_start"), (period_end, "period_end"),
                            (adopted_on, "adopted_on")):
            check_business_date(value, name)
        if period_end < period_start:
            raise InvalidValue("period_end", "must not be before period_start")
        indicators = [check_target(target).indicator for target in targets]
        if len(set(indicators)) != len(indicators):
            raise InvalidValue("targets", "one target per indicator")
        return cls._create(
            cls.Adopted,
            meta=meta,
            key=key,
            title=title,
            level=level,
            period_start=period_start,
            period_end=period_end,
            adopted_on=adopted_on,
            basis=basis,
            targets=tuple(targets),
        )

    def __init__(
        self,
        meta: Provenance,
        key: str,
        title: str,
        level: str,
        period_start: date,
        period_end: date,
        adopted_on: date,
        basis: BasisDocument | None,
        targets: tuple[IndicatorTarget, ...],
    ) -> None:
        self.key = key
        self.title = title
        self.level = level
        self.period_start = period_start
        self.period_end = period_end
        self.adopted_on = adopted_on
        self.basis = basis
        self.targets = targets

    def target(self, indicator: str) -> IndicatorTarget:
        """The programme's target for an indicator, or a named error."""
        for target in self.targets:
            if target.indicator == indicator:
                return target
        raise NotFound("programme {key} has no target for {indicator}", "indicator", key=self.key, indicator=indicator)


#: Subject of the municipality's own indicators (the tenant itself), as opposed to a school code.
MUNICIPALITY = "municipality"

def check_period(period: str) -> str:
    """A year «2021», quarter «2021-Q3», month «2021-09» or school year «2021/2022»."""
    parsed = period_of(period)
    if parsed is None or not parsed.spans_one_school_year:
        raise InvalidValue("period", "must be YYYY, YYYY-Qn, YYYY-MM or YYYY/YYYY+1")
    return period


class Measurement(msgspec.Struct, frozen=True):
    """The current value of one period of a series."""

    period: str
    value: Decimal
    measured_on: date
    source: str = ""


class IndicatorSeries(CascadeAggregate):
    """Measured values of one indicator for one school or the municipality, corrections kept."""

    stream_kind = "indicator_series"

    class Opened(CascadeAggregate.Created):
        subject: str
        indicator: str

    class ValueRecorded(CascadeAggregate.Event):
        period: str
        value: Decimal
        measured_on: date
        source: str

    class ValueCorrected(CascadeAggregate.Event):
        period: str
        value: Decimal
        measured_on: date
        source: str
        reason: str

    @staticmethod
    def key_for(subject: str, indicator: str) -> str:
        """One stream per subject and indicator, so all values of a period meet in one place."""
        return composite_key(check_key(subject, "subject"), check_key(indicator, "indicator"))

    @staticmethod
    def create_id(meta: Provenance, subject: str, indicator: str) -> UUID:
        return IndicatorSeries.stream_for(
            meta.tenant_id, IndicatorSeries.key_for(subject, indicator)
        )


    @classmethod
    def open(cls, meta: Provenance, subject: str, indicator: str) -> IndicatorSeries:
        """Start the series of an indicator for a school code or `MUNICIPALITY`."""
        cls.key_for(subject, indicator)
        return cls._create(cls.Opened, meta=meta, subject=subject, indicator=indicator)

    def __init__(self, meta: Provenance, subject: str, indicator: str) -> None:
        self.subject = subject
        self.indicator = indicator
        self.values: dict[str, Measurement] = {}
        self.corrections = 0

    def record(
        self,
        meta: Provenance,
        period: str,
        value: Decimal,
        measured_on: date,
        source: str = "",
        reason: str = "",
    ) -> None:
        """Record a period's value; a different value for a recorded period is a correction."""
        check_period(period)
        if not isinstance(value, Decimal) or not value.is_finite():
            raise InvalidValue("value", "must be a finite decimal number")
        current = self.values.get(period)
        if current is None:
            self._recorded(
                meta=meta, period=period, value=value, measured_on=measured_on, source=source
            )
            return
        if current == Measurement(period, value, measured_on, source):
            return  # the same fact again (a retry): nothing new to record
        if not reason.strip():
            raise InvalidValue("reason", "period {period} is recorded; a correction needs a reason", period=period)
        self._corrected(
            meta=meta,
            period=period,
            value=value,
            measured_on=measured_on,
            source=source,
            reason=reason,
        )

    @event(ValueRecorded)
    def _recorded(
        self, meta: Provenance, period: str, value: Decimal, measured_on: date, source: str
    ) -> None:
        self.values[period] = Measurement(period, value, measured_on, source)

    @event(ValueCorrected)
    def _corrected(
        self,
        meta: Provenance,
        period: str,
        value: Decimal,
        measured_on: date,
        source: str,
        reason: str,
    ) -> None:
        self.values[period] = Measurement(period, value, measured_on, source)
        self.corrections += 1


__all__ = [
    "Comparison",
    "EFFECTIVENESS_CRITERIA_003",
    "GRADE11_NO_CERTIFICATE_SHARE",
    "GRADE9_NO_CERTIFICATE_SHARE",
    "INDICATOR_TITLES",
    "IndicatorSeries",
    "IndicatorTarget",
    "Level",
    "MONITORING_ANALYTIC_MATERIALS",
    "MUNICIPALITY",
    "Measurement",
    "NETWORK_ORGANISATIONS_SHARE",
    "NETWORK_SUPPORTED_SCHOOLS_SHARE",
    "NETWORK_TEACHERS_SHARE",
    "PARTNERSHIP_PLAN_EXECUTED",
    "PROGRAMME_INDICATORS_001",
    "Programme",
    "UNEXCUSED_ABSENCE_RATE",
    "USE_80_PLUS_SHARE",
    "USE_MATHEMATICS_AVERAGE",
    "USE_OPTIONAL_SUBJECTS_AVERAGE",
    "USE_RUSSIAN_AVERAGE",
    "Unit",
    "check_period",
    "check_target",
]
