"""A roadmap as the document's table: section, item, schedule as written, responsible, status."""

from __future__ import annotations

from datetime import date

import msgspec

from domain.base import NotFound
from services.auth import Forbidden
from services.documents.layout import Paragraph, Printable, Table
from services.documents.typography import long_date, short_date
from services.documents.words import ITEM, own_number, word
from services.projections.registers.queries import school_names
from services.projections.roadmaps.queries import ItemStatus, RoadmapStatus, roadmap_status
from services.projections.store import ViewStore
from tenants.registry import Tenant


class RoadmapLine(msgspec.Struct, frozen=True):
    seq: int
    section: str
    title: str
    schedule: str
    responsible: str
    status: str


class RoadmapDoc(msgspec.Struct, frozen=True):
    tenant_name: str
    roadmap: str
    title: str
    school_name: str
    period: str
    approved_on: date
    as_of: date
    lines: list[RoadmapLine]


def find(store: ViewStore, tenant: Tenant, roadmap: str, own_school: str | None, as_of: date) -> RoadmapStatus:
    """The roadmap by its key; a school user's scope is its own school's roadmaps only."""
    found = next((r for r in roadmap_status(store, tenant.id, None, as_of).roadmaps if r.roadmap == roadmap), None)
    if found is None:
        raise NotFound(f"no roadmap {roadmap!r} in {tenant.id}", "roadmap")
    if own_school is not None and found.school != own_school:
        raise Forbidden("a school user sees only its own school")
    return found


def status_of(item: ItemStatus, as_of: date) -> str:
    shown = word(ITEM, item.status)
    if item.closed_by_exit:
        return "закрыто выходом из программы"
    if item.status == "done" and item.completed_on is not None:
        return f"{shown} {short_date(item.completed_on)}"
    return f"{shown}, просрочено" if item.overdue else shown


def build(store: ViewStore, tenant: Tenant, roadmap: str, own_school: str | None, as_of: date) -> RoadmapDoc:
    found = find(store, tenant, roadmap, own_school, as_of)
    name = school_names(store, [tenant.id]).get((tenant.id, found.school), found.school)
    lines = [RoadmapLine(i.seq, i.section, i.title, i.schedule.label, ", ".join(i.responsible),
                         status_of(i, as_of)) for i in sorted(found.items, key=lambda i: i.seq)]
    period = f"{short_date(found.period_start)} – {short_date(found.period_end)}"
    return RoadmapDoc(tenant.name, found.roadmap, found.title, name, period, found.approved_on, as_of, lines)


def layout(data: RoadmapDoc) -> Printable:
    headers = ["№", "Раздел", "Мероприятие", "Сроки", "Ответственные", "Состояние"]
    rows, section = [], None
    for line in data.lines:
        rows.append([str(line.seq), line.section if line.section != section else "", line.title,
                     line.schedule, line.responsible, line.status])
        section = line.section
    blocks = [
        Paragraph(f"Школа: {data.school_name}"),
        Paragraph(f"Срок реализации: {data.period}; утверждена {long_date(data.approved_on)}"),
        Table(headers, rows, [2, 7, 15, 7, 8, 7]),
        Paragraph(f"Состояние на {long_date(data.as_of)}"),
    ]
    return Printable("roadmap", data.title, data.tenant_name, own_number("ДК", data.approved_on, data.roadmap),
                     long_date(data.approved_on), blocks, subtitle="Дорожная карта (совместный план работы)")
