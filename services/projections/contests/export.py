"""The ranked contest table as spreadsheet rows with Russian headers (004 §3.3), as the
registers download (services/projections/export.py): one line per application, group by
group and place by place, with the reason for its place and the values it was scored on."""

from __future__ import annotations

from typing import Any

from services.projections.contests.queries import ContestTable
from services.projections.export import Column

CONTEST_COLUMNS = [
    Column("contest", "Конкурс"), Column("group", "Группа (индекс социального контекста)"),
    Column("place", "Место"), Column("group_size", "Заявок в группе"),
    Column("quota", "Квота (1/5)"), Column("in_top_quintile", "Верхний квинтиль"),
    Column("reason", "Обоснование места"), Column("municipality", "Муниципалитет"),
    Column("school", "Код"), Column("school_name", "Школа"), Column("score", "Результат"),
    Column("context_index", "Индекс социального контекста"), Column("figures", "Использованные значения"),
    Column("source", "Источник"), Column("site", "Базовая площадка"), Column("decision", "Приказ"),
    Column("exception_reason", "Обоснование исключения"),
]


def contest_rows(tables: list[ContestTable]) -> list[dict[str, Any]]:
    return [{
        "contest": t.title, "group": a.group_title, "place": a.place, "group_size": a.group_size,
        "quota": a.quota, "in_top_quintile": a.in_top_quintile, "reason": a.reason,
        "municipality": a.municipality, "school": a.school, "school_name": a.school_name,
        "score": str(a.score), "context_index": str(a.context_index),
        "figures": [f"{f.indicator} {f.year} = {f.value} ({f.source})" for f in a.figures],
        "source": a.source, "site": a.site, "decision": a.decision,
        "exception_reason": a.exception_reason,
    } for t in tables for a in t.applications]
