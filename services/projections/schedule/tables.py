"""The monitoring calendar as spreadsheet rows with Russian headers (CSV and XLSX downloads)."""

from __future__ import annotations

from typing import Any

from services.projections.export import Column
from services.projections.schedule.queries import ScheduleAnswer

KIND_RU = {
    "roadmap_item": "Мероприятие дорожной карты",
    "monthly_report": "Ежемесячный отчёт",
    "annual_analytic_note": "Аналитическая записка",
    "effectiveness_analysis": "Анализ эффективности",
    "visit": "Посещение",
    "internship_request": "Заявка на стажировку",
    "internship_withdrawal": "Срок отзыва заявки на стажировку",
    "agreement_expiry": "Окончание срока договора",
    "termination_notice": "Срок уведомления о расторжении",
    "termination_effective": "Расторжение договора",
    "named_report": "Отчёт",
    "partnership_agreement": "Заключение партнёрского договора",
}
STATUS_RU = {
    "on_time": "в срок",
    "late": "с опозданием",
    "missed": "пропущено",
    "due": "ожидается",
    "cancelled": "отменено",
    "closed_by_exit": "закрыто выходом из программы",
    "done": "состоялось",
    "passed": "срок прошёл",
    "rescheduled": "перенесено",
}

COLUMNS = [
    Column("school", "Код школы"),
    Column("school_name", "Школа"),
    Column("kind", "Вид"),
    Column("title", "Наименование"),
    Column("due_on", "Срок"),
    Column("window_start", "Начало периода"),
    Column("done_on", "Выполнено"),
    Column("status", "Статус"),
    Column("ref", "Ссылка"),
]


def table_rows(answer: ScheduleAnswer, names: dict[str, str]) -> list[dict[str, Any]]:
    """One spreadsheet row per calendar row, in Russian."""
    return [
        {
            "school": row.school, "school_name": names.get(row.school, ""), "kind": KIND_RU.get(row.kind, row.kind), "title": row.title,
            "due_on": row.due_on.isoformat(),
            "window_start": row.window_start.isoformat() if row.window_start else None,
            "done_on": row.done_on.isoformat() if row.done_on else None,
            "status": STATUS_RU[row.status], "ref": row.ref,
        }
        for row in answer.rows
    ]
