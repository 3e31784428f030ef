"""Russian words for the codes the views answer, as the printed documents use them."""

from __future__ import annotations

from datetime import date

from services.documents.typography import numbered

OCCURRENCE = {
    "on_time": "выполнено в срок", "late": "выполнено с опозданием", "missed": "не выполнено в срок",
    "pending": "предстоит", "rescheduled": "перенесено", "cancelled": "отменено",
    "closed_by_exit": "закрыто выходом из программы",
}
ITEM = {"done": "выполнено", "in_progress": "выполняется", "planned": "запланировано", "cancelled": "отменено"}
CRITERION = {"met": "достигнут", "not_met": "не достигнут", "no_data": "нет данных", "no_target": "не установлен"}
AVERAGE_OF = {"region": "средний по региону", "district": "средний по району"}
EVIDENCE = {"document": "документ", "link": "ссылка", "photo": "фото", "report": "отчёт"}


def word(table: dict[str, str], code: str) -> str:
    """The Russian word for a code; an unknown code is shown as «—», never as the code."""
    return table.get(code, "—")


def own_number(prefix: str, day: date, *parts: str) -> str:
    """The document's own number: «№ ПШ-20210301» (kind, date, and what it is about)."""
    return numbered("-".join([prefix, day.strftime("%Y%m%d"), *parts]))
