"""Monthly trends of a region: reports filed on time and roadmap items done, month by month.

Read through the schedule's monitoring calendar and the roadmaps' status queries, per
municipality, for the twelve months up to the business date. A month's reports are those its
duties made due in that month (by the business date), obligations not cancelled nor closed by
a school's exit, as the overview counts them; on time: filed by the due date. Items done: roadmap
items completed in that month.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.schedule import add_months
from services.projections.export import Column
from services.projections.http import ReadSide
from services.projections.roadmaps.queries import roadmap_status
from services.projections.schedule.queries import monitoring_calendar
from tenants.registry import Tenant
from web.formatting import month_title

MONTHS = 12
REPORT_KINDS = frozenset({"monthly_report", "effectiveness_analysis", "annual_analytic_note", "named_report"})
JUDGED = frozenset({"on_time", "late", "missed"})
CHART_HEIGHT = 80


@dataclass
class Month:
    first: date
    reports_due: int = 0
    reports_on_time: int = 0
    items_done: int = 0

    @property
    def key(self) -> str:
        return self.first.strftime("%Y-%m")

    @property
    def title(self) -> str:
        return month_title(self.first)

    @property
    def on_time_percent(self) -> float | None:
        return 100.0 * self.reports_on_time / self.reports_due if self.reports_due else None


@dataclass(frozen=True)
class Trends:
    months: list[Month]

    @property
    def most_items(self) -> int:
        return max([m.items_done for m in self.months] + [1])

    def height(self, value: float | None, top: float) -> int:
        """A column's height in SVG units for `value` of `top`."""
        return 0 if not value else round(CHART_HEIGHT * value / top)


def monthly_trends(read: ReadSide, municipalities: list[Tenant], as_of: date) -> Trends:
    """The twelve months up to `as_of`, summed over the municipalities (blocking)."""
    store, first = read.store, add_months(as_of.replace(day=1), 1 - MONTHS)
    months = {m.key: m for m in (Month(add_months(first, i)) for i in range(MONTHS))}
    for municipality in municipalities:
        calendar = monitoring_calendar(store, municipality.id, first, as_of, None, None, as_of)
        for row in calendar.rows:
            if row.kind in REPORT_KINDS and row.obligation and row.status in JUDGED:
                month = months[row.due_on.strftime("%Y-%m")]
                month.reports_due += 1
                month.reports_on_time += row.status == "on_time"
        for roadmap in roadmap_status(store, municipality.id, None, as_of).roadmaps:
            for item in roadmap.items:
                done = item.completed_on
                if item.status == "done" and done is not None and first <= done <= as_of:
                    months[done.strftime("%Y-%m")].items_done += 1
    return Trends(list(months.values()))


TREND_COLUMNS = [
    Column("month", "Месяц"),
    Column("reports_due", "Отчётов к сроку"),
    Column("reports_on_time", "Отчётов в срок"),
    Column("on_time_pct", "Отчёты в срок, %"),
    Column("items_done", "Выполнено мероприятий"),
]


def trend_rows(trends: Trends) -> list[dict[str, Any]]:
    return [
        {"month": m.title, "reports_due": m.reports_due, "reports_on_time": m.reports_on_time,
         "on_time_pct": None if m.on_time_percent is None else round(m.on_time_percent, 1),
         "items_done": m.items_done}
        for m in trends.months
    ]
