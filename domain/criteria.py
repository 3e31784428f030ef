"""The nine effectiveness criteria of 003 (appendix «Критерии оценки результативности»): averages,
the trend of criterion 9 and the derived criterion 7 (pure rules, no I/O)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Literal

from domain.indicators import (
    EFFECTIVENESS_CRITERIA_003,
    USE_OPTIONAL_SUBJECTS_AVERAGE,
    IndicatorTarget,
)

Trend = Literal["decrease", "increase", "unchanged", "unknown"]
Verdict = Literal["met", "not_met", "no_data"]

#: Criterion 5 per subject (003: «Предметы по выбору, средний балл ЕГЭ»): a school's USE average
#: of one optional subject is recorded as `use_average_<subject>`, e.g. `use_average_physics`.
USE_SUBJECT_PREFIX = "use_average_"

#: The expected result of each criterion as 003 words it, by its number.
EXPECTED_003: dict[int, str] = {
    1: "0", 2: "0",
    3: "Равен среднереспубликанскому показателю или выше",
    4: "Равен среднереспубликанскому показателю или выше",
    5: "Равен среднереспубликанскому показателю или выше",
    6: "Равен среднереспубликанскому показателю или выше",
    7: "Партнерский договор, выполнение плана реализуемых мероприятий",
    8: "Аналитические материалы",
    9: "Ниже среднерайонного показателя",
}

#: Criterion number (1-9) of each indicator, in the order of the 003 table.
NUMBER_003: dict[str, int] = {t.indicator: n for n, t in enumerate(EFFECTIVENESS_CRITERIA_003, start=1)}

#: Agreement statuses (domain/agreement.py) in which the partnership agreement is in force.
AGREEMENT_IN_FORCE = ("in_force", "expiring")


def subject_of(indicator: str) -> str | None:
    """The optional subject of a per-subject USE average indicator, else None."""
    if indicator.startswith(USE_SUBJECT_PREFIX) and len(indicator) > len(USE_SUBJECT_PREFIX):
        return indicator[len(USE_SUBJECT_PREFIX):]
    return None


def criterion_of(indicator: str) -> str | None:
    """The 003 criterion an indicator is recorded for (a per-subject average belongs to 5)."""
    if indicator in NUMBER_003:
        return indicator
    return USE_OPTIONAL_SUBJECTS_AVERAGE if subject_of(indicator) else None


def mean(values: Iterable[Decimal]) -> Decimal | None:
    """The unweighted mean of the schools' recorded values (003: «среднереспубликанский»,
    «среднерайонный» показатель, computed from what is recorded, never typed in)."""
    found = list(values)
    return sum(found, Decimal(0)) / len(found) if found else None


def trend(previous: Decimal | None, latest: Decimal) -> Trend:
    """003 criterion 9, «Уменьшение показателя»: how the value moved since the previous period."""
    if previous is None:
        return "unknown"
    if latest < previous:
        return "decrease"
    return "increase" if latest > previous else "unchanged"


def judged(target: IndicatorTarget, value: Decimal | None, average: Decimal | None) -> Verdict:
    """A recorded value against the expected result (1-6, 8), the average where it is one."""
    if value is None:
        return "no_data"
    met = target.is_met(value, average)
    return "no_data" if met is None else "met" if met else "not_met"


def absence_verdict(value: Decimal | None, district_average: Decimal | None, moved: Trend) -> Verdict:
    """003 criterion 9: «Уменьшение показателя непосещаемости … Ниже среднерайонного показателя».

    Met when the value is below the district average and has decreased since the previous
    period; with no previous period recorded the average alone decides.
    """
    if value is None or district_average is None:
        return "no_data"
    if value >= district_average:
        return "not_met"
    return "met" if moved in ("decrease", "unknown") else "not_met"


def partnership_verdict(agreement: str, active: int, overdue: int) -> Verdict:
    """003 criterion 7: «Партнерский договор, выполнение плана реализуемых мероприятий».

    Met when the school's partnership agreement is in force on the date and its roadmap (the
    joint plan, 003 p.6.2) has items and none overdue; no roadmap items: no data.
    """
    if agreement not in AGREEMENT_IN_FORCE:
        return "not_met"
    if active == 0:
        return "no_data"
    return "met" if overdue == 0 else "not_met"


def subjects_verdict(verdicts: Iterable[Verdict]) -> Verdict:
    """Criterion 5 over its subjects: met when every subject judged is met."""
    found = [v for v in verdicts if v != "no_data"]
    if not found:
        return "no_data"
    return "met" if all(v == "met" for v in found) else "not_met"
