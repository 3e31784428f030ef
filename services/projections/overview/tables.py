"""The overview as spreadsheet rows with Russian headers: one per municipality and a total."""

from __future__ import annotations

from typing import Any

from domain.programme import (
    NETWORK_ORGANISATIONS_SHARE,
    NETWORK_SUPPORTED_SCHOOLS_SHARE,
    NETWORK_TEACHERS_SHARE,
)
from services.projections.export import Column
from services.projections.overview.answers import OverviewRow, RegionalOverview

_SHORT = {
    NETWORK_ORGANISATIONS_SHARE: "Доля ОО в сетевом взаимодействии, %",
    NETWORK_SUPPORTED_SCHOOLS_SHARE: "Доля ШНОР/ШФНСУ в сетевом взаимодействии, %",
    NETWORK_TEACHERS_SHARE: "Доля педагогов, охваченных сетевыми мероприятиями, %",
}
_STATUS_RU = {
    "met": "достигнут", "not_met": "не достигнут", "no_data": "нет данных",
    "no_target": "цель не задана",
}
_SIGN = {">=": "≥", "<=": "≤", "=": "="}

COLUMNS = [
    Column("name", "Муниципалитет"),
    Column("identified", "Школ ШНОР/ШФНСУ"),
    Column("with_partner", "С партнёром"),
    Column("with_partner_pct", "Доля с партнёром, %", "percent"),
    Column("with_agreement", "С соглашением"),
    Column("with_agreement_pct", "Доля с соглашением, %", "percent"),
    Column("items", "Мероприятия: выполнено / всего"),
    Column("items_pct", "Выполнение дорожных карт, %", "percent"),
    Column("reports", "Отчёты: в срок / к сроку"),
    Column("reports_pct", "Отчёты в срок, %", "percent"),
    Column("visits", "Посещения: проведено / запланировано"),
    *(
        column
        for indicator, header in _SHORT.items()
        for column in (
            Column(indicator, header, "percent"),
            Column(f"{indicator}_target", f"{header.removesuffix(', %')}: цель"),
            Column(f"{indicator}_status", f"{header.removesuffix(', %')}: статус"),
        )
    ),
]


def _flat(row: OverviewRow, name: str) -> dict[str, Any]:
    flat: dict[str, Any] = {
        "name": name,
        "identified": row.identified_schools,
        "with_partner": row.with_partner.count,
        "with_partner_pct": row.with_partner.percent,
        "with_agreement": row.with_agreement.count,
        "with_agreement_pct": row.with_agreement.percent,
        "items": f"{row.roadmap_items.count} / {row.roadmap_items.of}",
        "items_pct": row.roadmap_items.percent,
        "reports": f"{row.reports_on_time.count} / {row.reports_on_time.of}",
        "reports_pct": row.reports_on_time.percent,
        "visits": f"{row.visits.count} / {row.visits.of}",
    }
    for indicator in row.indicators:
        target = indicator.target
        flat[indicator.indicator] = indicator.value
        flat[f"{indicator.indicator}_target"] = (
            f"{_SIGN.get(target.comparison, target.comparison)} {target.value:g}"
            if target is not None and target.value is not None else None
        )
        flat[f"{indicator.indicator}_status"] = _STATUS_RU[indicator.status]
    return flat


def table_rows(overview: RegionalOverview) -> list[dict[str, Any]]:
    """One spreadsheet row per municipality, then the region's total."""
    rows = [_flat(row, row.name) for row in overview.municipalities]
    rows.append(_flat(overview.total, f"Итого по региону: {overview.name}"))
    return rows
