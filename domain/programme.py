"""Programme with indicator targets (001, 003 criteria) and the measured series of indicators."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Literal, get_args
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
from domain.school import BasisDocument

Level = Literal["regional", "municipal"]

#: How a measured value is held against the target: against the target's own value, or
#: against the regional / district average of the same period (003 criteria 3-6, 9).
Comparison = Literal[">=", "<=", "=", ">= regional average", "< district average"]
_AVERAGES = (">= regional average", "< district average")

Unit = Literal["percent", "score", "count", "boolean"]

# Programme indicators (001, «Показатели реализации Программы»).
NETWORK_ORGANISATIONS_SHARE = "network_organisations_share"
NETWORK_SUPPORTED_SCHOOLS_SHARE = "network_supported_schools_share"
NETWORK_TEACHERS_SHARE = "network_teachers_share"
# Effectiveness criteria of participating schools (003, criteria table, 1-9).
GRADE9_NO_CERTIFICATE_SHARE = "grade9_no_certificate_share"
GRADE11_NO_CERTIFICATE_SHARE = "grade11_no_certificate_share"
USE_RUSSIAN_AVERAGE = "use_russian_average"
USE_MATHEMATICS_AVERAGE = "use_mathematics_average"
USE_OPTIONAL_SUBJECTS_AVERAGE = "use_optional_subjects_average"
USE_80_PLUS_SHARE = "use_80_plus_share"
PARTNERSHIP_PLAN_EXECUTED = "partnership_plan_executed"
MONITORING_ANALYTIC_MATERIALS = "monitoring_analytic_materials"
UNEXCUSED_ABSENCE_RATE = "unexcused_absence_rate"

#: Russian titles as written in the documents, for reports and the regional overview.
INDICATOR_TITLES: dict[str, str] = {
    NETWORK_ORGANISATIONS_SHARE: "Доля образовательных организаций, вовлечённых в сетевое "
    "взаимодействие со школами/организациями-лидерами, %",
    NETWORK_SUPPORTED_SCHOOLS_SHARE: "Доля ШНОР и/или ШФНСУ, вовлечённых в сетевое "
    "взаимодействие, %",
    NETWORK_TEACHERS_SHARE: "Доля педагогов, охваченных мероприятиями в рамках сетевого "
    "взаимодействия, %",
    GRADE9_NO_CERTIFICATE_SHARE: "Доля выпускников 9 кл., не получивших аттестат, %",
    GRADE11_NO_CERTIFICATE_SHARE: "Доля выпускников 11 кл., не получивших аттестат, %",
    USE_RUSSIAN_AVERAGE: "Средний балл ЕГЭ, русский язык",
    USE_MATHEMATICS_AVERAGE: "Средний балл ЕГЭ, математика",
    USE_OPTIONAL_SUBJECTS_AVERAGE: "Предметы по выбору, средний балл ЕГЭ",
    USE_80_PLUS_SHARE: "Доля участников с результатом 80 и более баллов, %",
    PARTNERSHIP_PLAN_EXECUTED: "Наличие и реализация мероприятий в рамках выполнения "
    "партнёрского договора о взаимодействии и сотрудничестве со школами с высокими "
    "результатами обучения",
    MONITORING_ANALYTIC_MATERIALS: "Результативность участия во всероссийских и республиканских "
    "мониторинговых исследованиях качества образования (аналитические материалы)",
    UNEXCUSED_ABSENCE_RATE: "Показатель непосещаемости учащимися уроков по неуважительной "
    "причине, %",
}


class IndicatorTarget(msgspec.Struct, frozen=True):
    """What a programme expects of one indicator, e.g. «не менее 50%» (001) or «0» (003 p.1)."""

    indicator: str
    comparison: Comparison
    value: Decimal | None
    unit: Unit
    title: str = ""

    def is_met(self, measured: Decimal, average: Decimal | None = None) -> bool | None:
        """Whether a measured value meets the target; None when the needed average is unknown."""
        if self.comparison in _AVERAGES:
            if average is None:
                return None
            return measured >= average if self.comparison.startswith(">=") else measured < average
        if self.value is None:
            return None
        if self.comparison == ">=":
            return measured >= self.value
        if self.comparison == "<=":
            return measured <= self.value
        return measured == self.value


def _standard(
    indicator: str, comparison: Comparison, value: str | None, unit: Unit
) -> IndicatorTarget:
    """A target of the documents, titled in Russian."""
    amount = None if value is None else Decimal(value)
    return IndicatorTarget(indicator, comparison, amount, unit, INDICATOR_TITLES[indicator])


#: The three programme indicators of 001: not less than 50%, 100% of ШНОР/ШФНСУ, not less than 50%.
PROGRAMME_INDICATORS_001: tuple[IndicatorTarget, ...] = (
    _standard(NETWORK_ORGANISATIONS_SHARE, ">=", "50", "percent"),
    _standard(NETWORK_SUPPORTED_SCHOOLS_SHARE, "=", "100", "percent"),
    _standard(NETWORK_TEACHERS_SHARE, ">=", "50", "percent"),
)

#: The nine effectiveness criteria of 003 with their expected results; booleans expect 1 (yes).
EFFECTIVENESS_CRITERIA_003: tuple[IndicatorTarget, ...] = (
    _standard(GRADE9_NO_CERTIFICATE_SHARE, "=", "0", "percent"),
    _standard(GRADE11_NO_CERTIFICATE_SHARE, "=", "0", "percent"),
    _standard(USE_RUSSIAN_AVERAGE, ">= regional average", None, "score"),
    _standard(USE_MATHEMATICS_AVERAGE, ">= regional average", None, "score"),
    _standard(USE_OPTIONAL_SUBJECTS_AVERAGE, ">= regional average", None, "score"),
    _standard(USE_80_PLUS_SHARE, ">= regional average", None, "percent"),
    _standard(PARTNERSHIP_PLAN_EXECUTED, "=", "1", "boolean"),
    _standard(MONITORING_ANALYTIC_MATERIALS, "=", "1", "boolean"),
    _standard(UNEXCUSED_ABSENCE_RATE, "< district average", None, "percent"),
)


def check_target(target: IndicatorTarget) -> IndicatorTarget:
    """Reject a target whose value does not fit its comparison and unit, naming the field."""
    check_key(target.indicator, "indicator")
    if target.comparison not in get_args(Comparison):
        raise InvalidValue("comparison", f"must be one of {', '.join(get_args(Comparison))}")
    if target.unit not in get_args(Unit):
        raise InvalidValue("unit", f"must be one of {', '.join(get_args(Unit))}")
    if target.comparison in _AVERAGES:
        if target.value is not None:
            raise InvalidValue("value", "must be empty when compared with an average")
        if target.unit == "boolean":
            raise InvalidValue("unit", "a yes/no indicator has no average")
        return target
    value = target.value
    if value is None or not value.is_finite():
        raise InvalidValue("value", f"a finite number is required for {target.comparison}")
    if target.unit == "boolean" and (target.comparison != "=" or value not in (0, 1)):
        raise InvalidValue("value", "a yes/no indicator is compared with = 1 or = 0")
    if target.unit == "percent" and not 0 <= value <= 100:
        raise InvalidValue("value", "a percentage is 0-100")
    if value < 0:
        raise InvalidValue("value", "must not be negative")
    return target


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
        raise NotFound(f"programme {self.key} has no target for {indicator}", "indicator")


#: Subject of the municipality's own indicators (the tenant itself), as opposed to a school code.
MUNICIPALITY = "municipality"

_PERIOD_RE = re.compile(r"^(\d{4})(?:-Q[1-4]|-(?:0[1-9]|1[0-2])|/(\d{4}))?$")


def check_period(period: str) -> str:
    """A year «2021», quarter «2021-Q3», month «2021-09» or school year «2021/2022»."""
    match = _PERIOD_RE.match(period)
    if match is None or (match.group(2) and int(match.group(2)) != int(match.group(1)) + 1):
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
            raise InvalidValue(
                "reason", f"period {period} is recorded; a correction needs a reason"
            )
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
