"""The bank of methodical materials and the communities as spreadsheet rows with Russian headers."""

from __future__ import annotations

from typing import Any

from services.projections.communities.queries import CommunityRow, MaterialRow
from services.projections.export import Column

KIND_RU = {"working_group": "рабочая группа", "problem_group": "проблемная группа",
           "methodological_association": "методическое объединение", "creative_group": "творческая группа"}
LEVEL_RU = {"municipal": "муниципальный", "school": "школьный"}
AUTHOR_RU = {"organisation": "организация", "school": "школа"}

COMMUNITY_COLUMNS = [
    Column("name", "Наименование"), Column("kind", "Вид"), Column("level", "Уровень"),
    Column("school", "Школа"), Column("subject", "Предмет"), Column("members", "Школы-участники"),
    Column("teachers", "Педагогов"), Column("meetings_held", "Заседаний"),
    Column("last_meeting", "Последнее заседание"), Column("materials", "Материалов в банке"),
]
MATERIAL_COLUMNS = [
    Column("title", "Название"), Column("author", "Организация-автор"), Column("author_kind", "Автор"),
    Column("subject", "Предмет"), Column("link", "Ссылка"), Column("file_name", "Файл"),
    Column("community", "Объединение"), Column("added_on", "Добавлен"), Column("withdrawn", "Изъят"),
]


def _school(code: str, names: dict[str, str]) -> str:
    """«МБОУ «Фёдоровская СОШ» (k-fed)»: the name beside the code, never the code alone."""
    return f"{names[code]} ({code})" if code in names else code


def community_rows(rows: list[CommunityRow], names: dict[str, str]) -> list[dict[str, Any]]:
    return [{
        "name": r.name, "kind": KIND_RU[r.kind], "level": LEVEL_RU[r.level], "school": _school(r.school, names),
        "subject": r.subject, "members": [f"{_school(m.school, names)}: {m.teachers}" for m in r.members],
        "teachers": r.teachers, "meetings_held": r.meetings_held,
        "last_meeting": r.last_meeting.isoformat() if r.last_meeting else None, "materials": r.materials,
    } for r in rows]


def material_rows(rows: list[MaterialRow]) -> list[dict[str, Any]]:
    return [{
        "title": r.title, "author": r.author, "author_kind": AUTHOR_RU[r.author_kind], "subject": r.subject,
        "link": r.link, "file_name": r.file_name, "community": r.community,
        "added_on": r.added_on.isoformat(), "withdrawn": r.withdrawn_reason or "",
    } for r in rows]
