"""The regional overview for a date on one landscape page: the figures per municipality and charts."""

from __future__ import annotations

from datetime import date

import msgspec

from services.documents.layout import Bar, Chart, Paragraph, Printable, Table
from services.documents.typography import figure, long_date, percent
from services.documents.words import own_number
from services.projections.overview.answers import OverviewRow, Ratio
from services.projections.overview.regional import regional_overview
from services.projections.store import ViewStore
from tenants.registry import Tenant

#: The shares shown, each as a column and as a chart: (field of OverviewRow, Russian heading).
SHARES = [
    ("with_partner", "Школы с партнёром"),
    ("with_agreement", "Соглашения в силе"),
    ("roadmap_items", "Мероприятия выполнены"),
    ("reports_on_time", "Отчёты в срок"),
    ("visits", "Взаимопосещения проведены"),
]


class OverviewDoc(msgspec.Struct, frozen=True):
    region_name: str
    as_of: date
    rows: list[OverviewRow]
    total: OverviewRow


def build(store: ViewStore, region: Tenant, municipalities: list[Tenant], as_of: date) -> OverviewDoc:
    answer = regional_overview(store, region, municipalities, as_of)
    return OverviewDoc(answer.name, as_of, answer.municipalities, answer.total)


def _ratio(value: Ratio) -> str:
    return f"{figure(value.count)} из {figure(value.of)} ({percent(value.percent)})"


def _row(row: OverviewRow) -> list[str]:
    return [row.name, figure(row.registered_schools), figure(row.identified_schools),
            *(_ratio(getattr(row, key)) for key, _ in SHARES)]


def layout(data: OverviewDoc) -> Printable:
    headers = ["Муниципалитет", "Школ", "ШНОР/ШФНСУ", *(title for _, title in SHARES)]
    table = Table(headers, [*(_row(r) for r in data.rows), _row(data.total)], [5, 2, 2, 3, 3, 3, 3, 3])
    charts = [
        Chart(title, [Bar(r.name, getattr(r, key).percent, percent(getattr(r, key).percent))
                      for r in [*data.rows, data.total]])
        for key, title in SHARES
    ]
    blocks = [table, *charts,
              Paragraph(f"Доли в процентах; последняя строка — итог по региону ({data.total.name}).")]
    return Printable("overview", "Сводка по региону", data.region_name, own_number("СВ", data.as_of),
                     long_date(data.as_of), blocks, orientation="landscape",
                     subtitle=f"{data.region_name}, по состоянию на {long_date(data.as_of)}")
