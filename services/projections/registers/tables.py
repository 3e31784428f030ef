"""The registers as spreadsheet rows with Russian headers; the partner-school list of 000 app. 1."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.projections.export import Column, ru_day
from services.projections.registers.answers import (
    Agreement,
    ApprovalEntry,
    InternshipEntry,
    PartnershipEntry,
    PersonEntry,
    PersonShown,
    ReportEntry,
    SchoolEntry,
    VisitEntry,
)
from tenants.mapper import ERASED_NAME

CATEGORY_RU = {
    "low_results": "ШНОР", "adverse_conditions": "ШФНСУ", "leader_school": "школа-лидер",
    "network_centre": "центр сетевого взаимодействия", "base_support_site": "базовая площадка",
}
AGREEMENT_RU = {"none": "нет", "in_force": "действует", "expiring": "истекает в течение 60 дней",
                "expired": "истекло", "ended": "расторгнуто"}
LEVEL_RU = {"low": "низкий", "medium": "средний", "high": "высокий"}
ROLE_RU = {"coordinator": "координатор", "curator": "куратор",
           "municipal_coordinator": "муниципальный координатор"}
STATUS_RU = {
    "assigned": "закреплена", "concluded": "соглашение заключено", "notified": "уведомление о расторжении",
    "ended": "прекращена", "planned": "запланирован", "held": "проведён", "cancelled": "отменён",
    "filed": "сдан", "accepted": "принят", "returned": "возвращён", "submitted": "подана",
    "confirmed": "подтверждена", "withdrawn": "отозвана", "in_approval": "на согласовании",
    "approved": "согласован", "site_support": "поддержка базовой площадки",
}
SITE_LEVEL_RU = {"regional": "региональная", "municipal": "муниципальная"}


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def person_cell(person: PersonShown | None) -> str:
    """«Григорьева А.В., заместитель директора»; an erased person as the erasure marker."""
    if person is None:
        return ""
    if person.erased or person.full_name is None:
        return ERASED_NAME
    return ", ".join(part for part in (person.full_name, person.position) if part)


def _role(people: list[PersonShown], role: str) -> str:
    return person_cell(next((p for p in people if p.role == role), None))


def _term(agreement: Agreement) -> str:
    if agreement.concluded_on is None:
        return ""
    until = ru_day(agreement.term_until) if agreement.term_until else ""
    return f"{ru_day(agreement.concluded_on)} – {until}"


SCHOOL_COLUMNS = [
    Column("municipality", "Муниципалитет"), Column("school", "Код"), Column("name", "Наименование"),
    Column("short_name", "Краткое наименование"), Column("category", "Категория"),
    Column("cohort_year", "Год выявления"), Column("basis", "Основание выявления"),
    Column("risk_factors", "Факторы риска"), Column("risk_profile", "Профиль рисков"),
    Column("partner", "Школа-партнёр"),
    Column("coordinator", "Координатор"), Column("curator", "Куратор"),
    Column("municipal_coordinator", "Муниципальный координатор"),
    Column("agreement_number", "Номер соглашения"), Column("agreement_term", "Срок соглашения"),
    Column("agreement_status", "Статус соглашения"), Column("roadmap", "Дорожная карта: выполнено"),
    Column("reports", "Отчёты в срок"), Column("exited_on", "Выход из программы"),
    Column("base_site", "Базовая площадка (004 §3.3)"),
]


def _site_cell(r: SchoolEntry) -> str:
    """«региональная; поддерживает: МОУ «Алехинская СОШ»», or «поддержка: <site>»."""
    parts = [SITE_LEVEL_RU.get(r.base_site_level, r.base_site_level)] if r.base_site_level else []
    if r.site_supports:
        parts.append("поддерживает: " + ", ".join(s.school_name for s in r.site_supports))
    if r.supported_by:
        parts.append("поддержка: " + ", ".join(s.site_name for s in r.supported_by))
    return "; ".join(parts)


def school_rows(rows: list[SchoolEntry]) -> list[dict[str, Any]]:
    found = []
    for r in rows:
        basis = f"№ {r.basis.number} от {ru_day(r.basis.issued_on)} {r.basis.title}".strip() if r.basis else ""
        found.append({
            "municipality": r.municipality, "school": r.school, "name": r.name, "short_name": r.short_name,
            "category": [CATEGORY_RU.get(c, c) for c in [*r.categories, *r.designations]],
            "cohort_year": r.cohort_year, "basis": basis, "risk_factors": r.risk_factors,
            "risk_profile": [f"{f.factor}: {LEVEL_RU[f.level]}" for f in r.risk_profile],
            "partner": r.partner_name or "", "coordinator": _role(r.people, "coordinator"),
            "curator": _role(r.people, "curator"),
            "municipal_coordinator": _role(r.people, "municipal_coordinator"),
            "agreement_number": r.agreement.number, "agreement_term": _term(r.agreement),
            "agreement_status": AGREEMENT_RU[r.agreement.status],
            "roadmap": f"{r.roadmap.done} из {r.roadmap.active}" if r.roadmap else "",
            "reports": f"{r.reports.on_time} из {r.reports.due}" if r.reports else "",
            "exited_on": _iso(r.exited_on), "base_site": _site_cell(r),
        })
    return found


PARTNERSHIP_COLUMNS = [
    Column("municipality", "Муниципалитет"), Column("partnership", "Партнёрство"),
    Column("supported", "Школа (ШНОР/ШФНСУ)"), Column("partner", "Школа-партнёр"),
    Column("status", "Состояние"), Column("assigned_on", "Закреплена"),
    Column("agreement_number", "Номер соглашения"), Column("agreement_term", "Срок соглашения"),
    Column("agreement_status", "Статус соглашения"), Column("deadline", "Ближайший срок"),
    Column("days_left", "Дней осталось"), Column("coordinator", "Координатор"),
    Column("curator", "Куратор"), Column("municipal_coordinator", "Муниципальный координатор"),
]


def partnership_rows(rows: list[PartnershipEntry]) -> list[dict[str, Any]]:
    return [{
        "municipality": r.municipality, "partnership": r.partnership, "supported": r.supported_name,
        "partner": r.partner_name, "status": STATUS_RU.get(r.status, r.status),
        "assigned_on": _iso(r.assigned_on), "agreement_number": r.agreement.number,
        "agreement_term": _term(r.agreement), "agreement_status": AGREEMENT_RU[r.agreement.status],
        "deadline": _iso(r.deadline), "days_left": r.days_left,
        "coordinator": _role(r.people, "coordinator"), "curator": _role(r.people, "curator"),
        "municipal_coordinator": _role(r.people, "municipal_coordinator"),
    } for r in rows]


#: 000 appendix 1, «Перечень школ-партнеров»: its five columns, in its order and wording.
PARTNER_LIST_COLUMNS = [
    Column("n", "№ п/п"),
    Column("weak", "Наименование «слабой» школы"),
    Column("coordinator", "Ф.И.О., занимаемая должность, ответственного исполнителя (координатора) в ШНР"),
    Column("strong", "Наименование «сильной» школы, закрепленной"),
    Column("curator", "Ф.И.О., занимаемая должность, ответственного исполнителя (куратора) в школе-партнере"),
]


def partner_list_rows(rows: list[PartnershipEntry]) -> list[dict[str, Any]]:
    """One line per running pair, numbered in the order of the weak school's name (000 app. 1)."""
    return [{"n": n, "weak": r.supported_name, "coordinator": _role(r.people, "coordinator"),
             "strong": r.partner_name, "curator": _role(r.people, "curator")}
            for n, r in enumerate(rows, start=1)]


VISIT_COLUMNS = [
    Column("planned_on", "Дата"), Column("host", "Принимающая школа"), Column("visiting", "Посещающая школа"),
    Column("kind", "Вид"), Column("topic", "Тема"), Column("status", "Состояние"),
    Column("held_on", "Проведён"), Column("participants", "Участников"),
]


def visit_rows(rows: list[VisitEntry]) -> list[dict[str, Any]]:
    return [{"planned_on": _iso(r.planned_on), "host": r.host_name, "visiting": r.visiting_name,
             "kind": r.kind, "topic": r.topic,
             "status": STATUS_RU[r.status] + (", просрочен" if r.overdue else ""),
             "held_on": _iso(r.held_on), "participants": r.participants} for r in rows]


REPORT_COLUMNS = [
    Column("school", "Школа"), Column("kind", "Вид отчёта"), Column("period", "Период"),
    Column("filed_on", "Сдан"), Column("filings", "Подач"), Column("status", "Состояние"),
    Column("decided_on", "Решение"), Column("remarks", "Замечания"),
]


def report_rows(rows: list[ReportEntry]) -> list[dict[str, Any]]:
    return [{"school": r.school_name, "kind": r.kind, "period": r.period, "filed_on": _iso(r.filed_on),
             "filings": r.filings, "status": STATUS_RU[r.status], "decided_on": _iso(r.decided_on),
             "remarks": r.remarks} for r in rows]


INTERNSHIP_COLUMNS = [
    Column("school", "Школа"), Column("host", "Принимающая школа"), Column("topic", "Тема"),
    Column("participants", "Участников"), Column("start", "Начало"), Column("end", "Окончание"),
    Column("submitted_on", "Заявка подана"), Column("status", "Состояние"), Column("attended", "Прошли"),
]


def internship_rows(rows: list[InternshipEntry]) -> list[dict[str, Any]]:
    return [{"school": r.school_name, "host": r.host_name, "topic": r.topic, "participants": r.participants,
             "start": _iso(r.start), "end": _iso(r.end), "submitted_on": _iso(r.submitted_on),
             "status": STATUS_RU[r.status], "attended": r.attended} for r in rows]


APPROVAL_COLUMNS = [
    Column("sheet", "Лист"), Column("document", "Документ"), Column("submitted_on", "Направлен"),
    Column("status", "Состояние"), Column("awaiting", "Ожидает подписи"),
    Column("approved_on", "Согласован"), Column("returns", "Возвратов"),
]


def approval_rows(rows: list[ApprovalEntry]) -> list[dict[str, Any]]:
    return [{"sheet": r.sheet, "document": r.document_title, "submitted_on": _iso(r.submitted_on),
             "status": STATUS_RU[r.status],
             "awaiting": next((f"{a.position}, {a.organisation}" for a in r.approvers
                               if a.subject == r.awaiting), ""),
             "approved_on": _iso(r.approved_on), "returns": r.returns} for r in rows]


PEOPLE_COLUMNS = [
    Column("role", "Роль"), Column("person", "Ф.И.О., должность"), Column("school", "Школа"),
    Column("partnership", "Партнёрство"),
]


def people_rows(rows: list[PersonEntry]) -> list[dict[str, Any]]:
    return [{"role": ROLE_RU[r.role], "person": person_cell(r.person), "school": r.school_name or "",
             "partnership": r.partnership} for r in rows]
