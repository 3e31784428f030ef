"""Every refusal a page can show, as a Russian sentence: one table keyed by problem type and field.

A command's refusal carries a problem type (services/problems.py) and the field at fault; the
page shows the sentence beside that field and in the error summary. No English and no Python
names reach the page: a pair missing from the table falls back to the type's general sentence,
then to one for any refusal.
"""

from __future__ import annotations

#: (problem type, field) -> the sentence shown beside the field. A refusal naming no field of the
#: form is looked up under the form's command name; field None: any field.
MESSAGES: dict[tuple[str, str | None], str] = {
    ("invalid-request", "period"): "Укажите отчётный месяц в виде ГГГГ-ММ, например 2021-03.",
    ("invalid-request", "summary"): "Напишите, что сделано за месяц (до 2000 знаков).",
    ("invalid-request", "attachments"): "Каждое приложение — одна строка до 300 знаков, не больше 50 строк.",
    ("invalid-request", "school"): "Школа указана неверно.",
    ("invalid-request", "kind"): "Выберите вид отчёта.",
    ("invalid-request", "remarks"): "Напишите, что исправить в отчёте (до 2000 знаков).",
    ("invalid-request", None): "Проверьте это поле: значение не подходит.",
    ("invalid-value", "period"): "Этот отчётный период ещё не начался: отчёт за него подать нельзя.",
    ("invalid-value", "summary"): "Напишите, что сделано за месяц.",
    ("invalid-value", "remarks"): "Напишите, что исправить в отчёте.",
    ("invalid-value", None): "Значение не подходит.",
    ("not-found", "period"): "За этот период отчёт не подавался.",
    ("not-found", "school"): "Такой школы нет в реестре муниципалитета.",
    ("not-found", None): "Такой записи нет.",
    ("invalid-transition", "file_report"): "Отчёт за этот период уже подан и ещё не возвращён на доработку.",
    ("invalid-transition", "accept_report"): "Этот отчёт уже принят или возвращён на доработку.",
    ("invalid-transition", "return_report"): "Этот отчёт уже принят или возвращён на доработку.",
    ("invalid-transition", None): "Это действие сейчас невозможно: запись в другом состоянии.",
    ("already-exists", None): "Такая запись уже есть.",
    ("deadline-rule", None): "Срок для этого действия уже прошёл.",
    ("version-conflict", None): "Запись только что изменил кто-то другой: откройте страницу заново.",
    ("idempotency-key-reused", None): "Эта форма уже отправлена с другими данными: откройте её заново.",
    ("forbidden", None): "У вас нет прав на это действие.",
}

#: When nothing in the table fits.
FALLBACK = "Запрос не принят. Проверьте данные и попробуйте ещё раз."


def message_for(problem: str, field: str | None) -> str:
    """The Russian sentence for a refusal of this type at this field."""
    return MESSAGES.get((problem, field)) or MESSAGES.get((problem, None)) or FALLBACK
