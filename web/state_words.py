"""The fields of a stream's state in Russian, for the auditor's «Состояние записи» page.

A stream's state is its aggregate's attributes as the log's events made them
(services/audit/time_travel.py `state_at`). The page shows each attribute by its Russian name
here, with the stored name beside it (in the cell's title and secondary text), as event types
are shown (web/event_words.py). A field of a nested record (a person, a document, a row of a list)
is named from the same table; keys that are data (a school's code, a year) are shown as they are.
tests/browser/test_audit_state_words.py renders the state of every stream kind of the demo and
asserts no field is shown by its stored name alone.
"""

from __future__ import annotations

#: A field by its stored name; `<Kind>.<name>` where one kind means something else by it.
FIELDS: dict[str, str] = {
    "accepted_on": "дата принятия", "address": "адрес", "adopted_on": "дата принятия",
    "applications": "заявки", "applications_from": "приём заявок с", "applications_until": "приём заявок до",
    "applied_on": "дата заявки", "approved_on": "дата утверждения", "approvers": "согласующие",
    "assessed_on": "дата оценки", "assigned_on": "дата назначения", "attachments": "приложения",
    "author": "автор", "author_kind": "вид автора", "basis": "основание", "cancel_reason": "причина отмены",
    "categories": "категории", "centre_school": "центральная школа", "centred_networks": "сети, где школа — центр",
    "code": "код", "cohort_year": "год отбора", "completed_on": "дата выполнения",
    "compositions": "составы", "concluded_on": "дата заключения", "confirmed_on": "дата подтверждения",
    "consent_number": "номер соглашения о расторжении", "contact": "контакт", "context_bounds": "границы групп контекста",
    "context_index": "индекс социального контекста", "coordinator": "координатор", "corrections": "исправления",
    "counts": "число строк", "criteria": "критерии", "curator": "куратор", "dates": "даты",
    "decided": "решения", "designations": "статусы", "director": "директор", "dissolved_on": "дата прекращения",
    "document": "документ", "due": "срок", "duty": "обязанность", "effective_until": "действует до",
    "enabled": "включена", "end": "окончание", "end_month": "последний месяц", "ended_on": "дата окончания",
    "evidence": "подтверждения", "expected_result": "ожидаемый результат", "extensions": "продления",
    "factors": "факторы", "figures": "показатели", "filed_on": "дата подачи", "findings": "наблюдения",
    "first_filed_on": "дата первой подачи", "first_year": "первый год", "form": "вид срока",
    "formed_on": "дата создания", "from_on": "с даты", "full_name": "Ф.И.О.", "head": "вершина цепочки",
    "held_on": "дата проведения", "host_school": "принимающая школа", "identifications": "отнесения к ШНОР/ШФНСУ",
    "in_programme": "в программе", "indicator": "показатель", "issued_on": "дата документа",
    "item": "мероприятие", "items": "мероприятия", "key": "ключ записи", "kind": "вид", "label": "подпись",
    "lapsed_on": "дата отмены", "last_on": "дата последнего действия", "last_year": "последний год",
    "level": "уровень", "link": "ссылка", "listed_categories": "категории по спискам",
    "locality": "населённый пункт", "measured_on": "дата измерения", "meetings": "заседания",
    "members": "участники", "municipal_coordinator": "муниципальный координатор",
    "municipality": "муниципалитет", "name": "название", "notice_given_by": "кто направил уведомление",
    "notice_given_on": "дата уведомления", "number": "номер", "occurrence": "срок по плану",
    "occurrences": "сроки по плану", "organiser": "организатор", "participants": "участников",
    "participants_attended": "участников прошли", "partner_school": "школа-партнёр",
    "partnership": "партнёрство", "period": "период", "period_end": "окончание периода",
    "period_start": "начало периода", "person": "лицо", "planned_on": "дата по плану",
    "position": "должность", "post": "обязанность по приказу", "programmes": "программы",
    "recommendations": "рекомендации", "reference": "документ или ссылка", "remarks": "замечания",
    "responsible": "ответственный", "returned_on": "дата возврата", "returns": "возвратов",
    "risk_factors": "факторы риска", "roadmap": "дорожная карта", "role": "роль",
    "role_in_programme": "роль в программе", "round": "круг согласования", "schedule": "сроки",
    "school": "школа", "school_name": "название школы", "scope": "область", "score": "балл",
    "section": "раздел", "sha": "контрольная сумма файла", "short_name": "краткое название",
    "signed": "подписи", "site": "базовая площадка", "sites": "базовые площадки", "source": "источник",
    "sources": "источники", "start": "начало", "start_month": "первый месяц", "started_on": "дата начала",
    "status": "состояние", "subject": "субъект", "submitted_on": "дата подачи", "summary": "итоги",
    "supported_school": "школа, которой помогают", "supports": "закрепления", "takes_effect_on": "вступает в силу",
    "teachers": "педагогов", "tenant": "журнал", "tenures": "сроки назначения", "term_form": "вид срока соглашения",
    "term_until": "срок соглашения до", "title": "название", "topic": "тема", "value": "значение",
    "values": "значения", "versions": "редакции", "visiting_school": "посещающая школа",
    "withdrawal_reason": "причина отзыва", "withdrawn": "изъят", "withdrawn_on": "дата отзыва",
    "year": "год", "agreement_number": "номер соглашения", "exited_on": "дата выхода из программы",
    "targets": "целевые значения",
    # A kind that means another thing by a common name.
    "Programme.key": "код программы", "School.name": "полное наименование",
    "ApprovalSheet.document": "документ на согласовании", "Report.summary": "содержание отчёта",
    "ReminderSubscription.subject": "учётная запись", "IndicatorSeries.subject": "к чему относится",
    "Community.subject": "предмет", "ChainCheckpoint.position": "позиция в журнале",
}


def field_word(kind: str, name: str) -> str | None:
    """The Russian name of a state's field (`kind` is the stream's aggregate), else None."""
    return FIELDS.get(f"{kind}.{name}") or FIELDS.get(name)
