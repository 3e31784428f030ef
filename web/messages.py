"""Every refusal a page can show, as a Russian sentence: one table keyed by problem type and field.

A command's refusal carries a problem type (services/problems.py) and the field at fault; the
page shows the sentence beside that field and in the error summary. No English and no Python
names reach the page: a pair missing from the table falls back to the type's general sentence,
then to the refusing rule's own Russian sentence (services/rule_messages.py, the catalogue of the
domain's messages), then to the type's general sentence, then to one for any refusal.
"""

from __future__ import annotations

from domain.base import DomainError
from services.rule_messages import render

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
    # The command forms (web/command_forms.py): the refusals their tasks meet most; every other
    # field's refusal is made from its Russian label (web/form_words.py).
    ("invalid-value", "held_on"): "Дата проведения не может быть позже сегодняшнего дня.",
    ("invalid-value", "completed_on"): "Дата выполнения не может быть позже сегодняшнего дня.",
    ("invalid-value", "host_school"): "Принимающая школа должна быть другой школой муниципалитета, партнёром по этой паре.",
    ("invalid-value", "visiting_school"): "Посещающая школа должна быть одной из школ этой пары.",
    ("invalid-value", "end"): "Дата окончания не может быть раньше даты начала.",
    ("invalid-value", "period_end"): "Окончание периода не может быть раньше его начала.",
    ("invalid-value", "occurrence"): "В дорожной карте нет мероприятия с таким сроком.",
    ("invalid-value", "partner_school"): "Школа-партнёр должна отличаться от школы, которой помогают.",
    ("invalid-value", "effective_from"): "Дата не подходит: она раньше прежнего назначения или вне срока программы.",
    ("invalid-value", "participants"): "Укажите число участников: хотя бы один.",
    ("invalid-request", "complete_roadmap_occurrence.evidence"): "Приложите хотя бы одно подтверждение: его вид и документ или ссылку.",
    ("invalid-request", "complete_roadmap_item.evidence"): "Приложите хотя бы одно подтверждение: его вид и документ или ссылку.",
    ("invalid-request", "request_internship.start"): "Укажите дату начала стажировки.",
    ("deadline-rule", "request_internship.start"): "Заявку подают не позднее чем за 7 дней до начала стажировки (003 п. 2.3.2): выберите более позднюю дату начала.",
    ("deadline-rule", "withdraw_internship"): "Срок отзыва прошёл: заявку можно отозвать не позднее чем за 3 рабочих дня до начала стажировки (003 п. 2.3.2).",
    ("deadline-rule", "notify_termination"): "Уведомление о расторжении направляют не позднее чем за 2 месяца до его вступления в силу (003 §3.3).",
    ("not-found", "visit"): "Такого посещения нет.",
    ("not-found", "internship"): "Такой заявки на стажировку нет.",
    ("not-found", "partnership"): "Такой пары школ нет.",
    ("not-found", "roadmap"): "Такой дорожной карты нет.",
    ("not-found", "item"): "Такого мероприятия в дорожной карте нет.",
    ("not-found", "sheet"): "Такого листа согласования нет.",
    ("not-found", "host_school"): "Такой школы нет в реестре муниципалитета.",
    ("not-found", "supported_school"): "Такой школы нет в реестре муниципалитета.",
    ("not-found", "partner_school"): "Такой школы нет в реестре муниципалитета.",
    ("invalid-transition", "record_visit_held"): "Это посещение уже проведено или отменено.",
    ("invalid-transition", "withdraw_internship"): "Эта заявка уже проведена или отозвана.",
    ("invalid-transition", "confirm_internship"): "Эта заявка уже подтверждена, проведена или отозвана.",
    ("invalid-transition", "complete_roadmap_occurrence"): "Это мероприятие в этот срок уже выполнено или отменено.",
    ("invalid-transition", "sign_off"): "Лист согласования сейчас ждёт не вашей подписи или уже согласован.",
    ("invalid-transition", "return_with_remarks"): "Лист согласования сейчас ждёт не вашей подписи или уже согласован.",
    ("already-exists", "school"): "Школа с таким кодом уже есть в реестре.",
    ("already-exists", "supported_school"): "У этой школы уже есть школа-партнёр.",
    ("forbidden", "transcribed"): "Запись задним числом с бумаги вносят только специалисты муниципалитета и региона.",
    # The envelope every form carries (web/form_rows.py).
    ("version-conflict", "expected_version"): "Запись уже изменилась после этой версии: откройте её заново, "
                                              "проверьте изменения и укажите её текущую версию.",
    ("invalid-value", "transcribed.effective_on"): "День факта не может быть позже сегодняшнего дня или раньше "
                                                   "начала программы.",
    ("invalid-value", "transcribed.document.issued_on"): "Дата бумажного документа не может быть позже "
                                                         "сегодняшнего дня.",
    ("invalid-value", "transcribed.reason"): "Напишите, почему факт вносится сейчас.",
    ("invalid-request", "subscribe_reminders.email"): "Укажите адрес электронной почты в виде имя@домен.",
}

#: When nothing in the table fits.
FALLBACK = "Запрос не принят. Проверьте данные и попробуйте ещё раз."


def message_for(problem: str, field: str | None) -> str:
    """The Russian sentence for a refusal of this type at this field."""
    return MESSAGES.get((problem, field)) or MESSAGES.get((problem, None)) or FALLBACK


def rule_text(error: Exception) -> str | None:
    """The refusing rule's own message in Russian, lower-case as it reads after a label, or None."""
    if not isinstance(error, DomainError):
        return None
    return render(getattr(error, "template", error.message), getattr(error, "params", {}))


def refusal_message(problem: str, field: str | None, error: Exception) -> str:
    """The table's sentence for this type at this field, else the rule's own, else the general one."""
    rule = rule_text(error)
    if (problem, field) not in MESSAGES and rule:
        return f"{rule[:1].upper()}{rule[1:]}."
    return message_for(problem, field)
