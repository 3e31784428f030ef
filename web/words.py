"""Russian names of what the views answer in codes: kinds of obligation, statuses, report kinds."""

from __future__ import annotations

DUE_KINDS = {
    "roadmap_item": "Мероприятие дорожной карты",
    "monthly_report": "Ежемесячный отчёт",
    "annual_analytic_note": "Аналитическая записка за год",
    "effectiveness_analysis": "Анализ эффективности мер",
    "visit": "Взаимопосещение",
    "internship_request": "Заявка на стажировку",
    "internship_withdrawal": "Отзыв заявки на стажировку",
    "agreement_expiry": "Окончание срока соглашения",
    "termination_notice": "Последний день уведомления о расторжении",
    "termination_effective": "Расторжение вступает в силу",
}

DUE_STATUSES = {
    "on_time": "выполнено в срок",
    "late": "выполнено с опозданием",
    "missed": "пропущено",
    "due": "предстоит",
    "cancelled": "отменено",
    "closed_by_exit": "закрыто выходом из программы",
    "done": "выполнено",
    "passed": "срок прошёл",
}

ITEM_STATUSES = {
    "done": "выполнено",
    "in_progress": "выполняется",
    "planned": "запланировано",
    "cancelled": "отменено",
}

REPORT_KINDS = {
    "monthly_roadmap": "ежемесячный отчёт об исполнении дорожной карты",
    "annual_analytic_note": "аналитическая записка за учебный год",
    "effectiveness_analysis": "анализ эффективности принятых мер",
}


def word(table: dict[str, str], code: str) -> str:
    """The Russian word for a code; an unknown code is shown as «—», never as the code."""
    return table.get(code, "—")

PARTNERSHIP_STATUSES = {
    "assigned": "партнёр назначен",
    "concluded": "соглашение заключено",
    "notified": "направлено уведомление о расторжении",
    "ended": "прекращено",
}

VISIT_STATUSES = {
    "planned": "запланировано",
    "held": "проведено",
    "cancelled": "отменено",
}

INTERNSHIP_STATUSES = {
    "submitted": "подана",
    "confirmed": "подтверждена",
    "held": "проведена",
    "withdrawn": "отозвана",
}
