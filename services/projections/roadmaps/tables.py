"""Roadmap status as spreadsheet rows with Russian headers (CSV and XLSX downloads)."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.projections.export import Column
from services.projections.roadmaps.queries import RoadmapsAnswer

STATUS_RU = {
    "planned": "запланировано",
    "in_progress": "в работе",
    "done": "выполнено",
    "cancelled": "отменено",
}
#: Statuses of an occurrence (W7), as the «Даты» column shows them beside each date.
OCCURRENCE_RU = {
    "on_time": "в срок",
    "late": "с опозданием",
    "missed": "пропущено",
    "pending": "ожидается",
    "rescheduled": "перенесено",
    "cancelled": "отменено",
    "closed_by_exit": "закрыто выходом из программы",
}
FORM_RU = {
    "deadline": "срок",
    "window": "период",
    "dates": "даты",
    "yearly": "ежегодно",
    "monthly": "ежемесячно",
    "open_ended": "в течение периода",
    "separate": "по отдельному графику",
}

COLUMNS = [
    Column("school", "Код школы"),
    Column("school_name", "Школа"),
    Column("roadmap_title", "Дорожная карта"),
    Column("seq", "№"),
    Column("section", "Направление"),
    Column("title", "Мероприятие"),
    Column("due", "Срок"),
    Column("due_dates", "Даты"),
    Column("status", "Статус"),
    Column("started_on", "Начато"),
    Column("completed_on", "Выполнено"),
    Column("evidence", "Подтверждение"),
    Column("responsible", "Ответственные"),
    Column("reason", "Причина"),
]


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def table_rows(answer: RoadmapsAnswer, names: dict[str, str]) -> list[dict[str, Any]]:
    """One spreadsheet row per item, in Russian; «Даты» gives each occurrence with its status (W7)."""
    rows = []
    for roadmap in answer.roadmaps:
        for item in roadmap.items:
            status = STATUS_RU[item.status] + (", просрочено" if item.overdue else "")
            due = item.schedule.label or FORM_RU.get(item.schedule.form, item.schedule.form)
            rows.append({
                "school": roadmap.school, "school_name": names.get(roadmap.school, ""),
                "roadmap_title": roadmap.title, "seq": item.seq,
                "section": item.section, "title": item.title, "due": due,
                "due_dates": [f"{o.due_on.strftime('%d.%m.%Y')} ({OCCURRENCE_RU[o.status]})" for o in item.occurrences],
                "status": status,
                "started_on": _iso(item.started_on), "completed_on": _iso(item.completed_on),
                "evidence": [e.reference for e in item.evidence],
                "responsible": item.responsible, "reason": item.reason,
            })
    return rows
