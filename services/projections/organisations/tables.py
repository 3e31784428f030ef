"""Organisations, their events and teacher coverage as spreadsheet rows with Russian headers
(001 p.3, p.5, indicator 2; 004 §4.3), downloaded as the registers are (projections/export.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from services.projections.export import Column
from services.projections.organisations.queries import EventRow, OrganisationRow, TeacherCoverage

T = TypeVar("T")

#: Rows per page unless `limit` says otherwise; the exports carry every matching row.
DEFAULT_LIMIT, MAX_LIMIT = 100, 500

STATUS_RU = {"planned": "запланировано", "held": "проведено", "cancelled": "отменено"}
SOURCE_RU = {"computed": "рассчитано по мероприятиям", "recorded": "внесено вручную"}


def window(rows: Sequence[T], limit: int, offset: int) -> list[T]:
    """The rows from `offset`, at most `limit` of them (past the end: none)."""
    return list(rows[offset:offset + limit])


ORGANISATION_COLUMNS = [
    Column("organisation", "Код"), Column("name", "Наименование"), Column("short_name", "Краткое наименование"),
    Column("kind", "Вид"), Column("role", "Роль в программе"), Column("events_held", "Проведено мероприятий"),
    Column("schools_reached", "Охвачено школ"), Column("teachers", "Педагогов-участников"),
]


def organisation_rows(rows: list[OrganisationRow]) -> list[dict[str, Any]]:
    return [{"organisation": r.organisation, "name": r.name, "short_name": r.short_name, "kind": r.kind,
             "role": r.role_in_programme, "events_held": r.events_held, "schools_reached": r.schools_reached,
             "teachers": r.teachers_taking_part} for r in rows]


EVENT_COLUMNS = [
    Column("planned_on", "Дата (план)"), Column("held_on", "Проведено"), Column("organiser", "Организатор"),
    Column("kind", "Форма"), Column("topic", "Тема"), Column("status", "Состояние"),
    Column("schools", "Школы (педагогов)"), Column("teachers", "Педагогов всего"), Column("summary", "Итоги"),
]


def event_rows(rows: list[EventRow]) -> list[dict[str, Any]]:
    return [{"planned_on": r.planned_on.isoformat(), "held_on": r.held_on.isoformat() if r.held_on else None,
             "organiser": r.organiser_name, "kind": r.kind, "topic": r.topic, "status": STATUS_RU[r.status],
             "schools": [f"{s.school} ({s.teachers})" for s in r.schools], "teachers": r.teachers,
             "summary": r.summary or r.reason} for r in rows]


COVERAGE_COLUMNS = [
    Column("school", "Школа"), Column("teachers", "Педагогов"), Column("covered", "Охвачено"),
    Column("source", "Источник"),
]


def coverage_rows(coverage: TeacherCoverage) -> list[dict[str, Any]]:
    """One line per school with a headcount, then the total (001 indicator 2)."""
    source = SOURCE_RU[coverage.source]
    lines = [{"school": s.school, "teachers": s.teachers, "covered": s.covered, "source": source}
             for s in coverage.schools]
    return [*lines, {"school": "Итого", "teachers": coverage.teachers, "covered": coverage.covered,
                     "source": f"{source}: {coverage.percent} %" if coverage.percent is not None else source}]
