"""The criteria report as spreadsheet rows with Russian headers: one line per school and criterion."""

from __future__ import annotations

from typing import Any

from services.projections.criteria_report.answers import CriteriaReport, CriterionResult
from services.projections.export import Column

STATUS_RU = {"met": "достигнут", "not_met": "не достигнут", "no_data": "нет данных",
             "no_target": "программа не действует"}
AVERAGE_RU = {"region": "среднерегиональный", "district": "среднерайонный"}
TREND_RU = {"decrease": "уменьшение", "increase": "рост", "unchanged": "без изменений",
            "unknown": "нет предыдущего периода"}
AGREEMENT_RU = {"none": "нет соглашения", "in_force": "действует", "expiring": "истекает в течение 60 дней",
                "expired": "истекло", "ended": "расторгнуто"}

COLUMNS = [
    Column("municipality", "Муниципалитет"), Column("school", "Школа"), Column("number", "№ критерия"),
    Column("title", "Критерий"), Column("expected", "Ожидаемый результат"), Column("period", "Период"),
    Column("value", "Значение"), Column("average", "Среднее"), Column("average_of", "Какое среднее"),
    Column("detail", "Динамика / предметы / план"), Column("status", "Результат"),
]


def _detail(c: CriterionResult) -> str:
    if c.subjects:
        return "; ".join(f"{s.subject}: {s.value} (среднее {s.average}, {STATUS_RU[s.status]})" for s in c.subjects)
    if c.plan is not None:
        return (f"соглашение: {AGREEMENT_RU.get(c.plan.agreement, c.plan.agreement)}; мероприятий выполнено "
                f"{c.plan.items_done} из {c.plan.items_active}, просрочено {c.plan.items_overdue}")
    if c.trend is not None:
        before = f" (было {c.previous_value} за {c.previous_period})" if c.previous_period else ""
        return TREND_RU[c.trend] + before
    return ""


def rows(report: CriteriaReport) -> list[dict[str, Any]]:
    return [{
        "municipality": s.municipality, "school": s.name, "number": c.number, "title": c.title,
        "expected": c.expected, "period": c.period, "value": c.value, "average": c.average,
        "average_of": AVERAGE_RU.get(c.average_of or "", ""), "detail": _detail(c), "status": STATUS_RU[c.status],
    } for s in report.schools for c in s.criteria]
