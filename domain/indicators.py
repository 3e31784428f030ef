"""Indicators of the programmes (001, 003 criteria): their names, titles and targets."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal, get_args

import msgspec

from domain.base import InvalidValue, check_key

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
        raise InvalidValue("comparison", "must be one of {choices}", choices=', '.join(get_args(Comparison)))
    if target.unit not in get_args(Unit):
        raise InvalidValue("unit", "must be one of {choices}", choices=', '.join(get_args(Unit)))
    if target.comparison in _AVERAGES:
        if target.value is not None:
            raise InvalidValue("value", "must be empty when compared with an average")
        if target.unit == "boolean":
            raise InvalidValue("unit", "a yes/no indicator has no average")
        return target
    value = target.value
    if value is None or not value.is_finite():
        raise InvalidValue("value", "a finite number is required for {comparison}", comparison=target.comparison)
    if target.unit == "boolean" and (target.comparison != "=" or value not in (0, 1)):
        raise InvalidValue("value", "a yes/no indicator is compared with = 1 or = 0")
    if target.unit == "percent" and not 0 <= value <= 100:
        raise InvalidValue("value", "a percentage is 0-100")
    if value < 0:
        raise InvalidValue("value", "must not be negative")
    return target
