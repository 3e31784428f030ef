"""A school's monthly report on its roadmap: that month's occurrences with status and evidence,
prefilled from the roadmaps model, with lines for the director's and the coordinator's signatures."""

from __future__ import annotations

import calendar
from datetime import date

import msgspec

from domain.base import InvalidValue, NotFound
from services.documents.layout import Paragraph, Printable, Signatures, Table
from services.documents.typography import long_date, month_title, short_date
from services.documents.words import OCCURRENCE, own_number, word
from services.projections.registers.queries import school_names
from services.projections.roadmaps.queries import Evidence, roadmap_status
from services.projections.store import ViewStore
from tenants.registry import Tenant


class ReportLine(msgspec.Struct, frozen=True):
    roadmap: str
    seq: int
    title: str
    due_on: date
    status: str
    done_on: date | None
    evidence: str


class MonthlyReportDoc(msgspec.Struct, frozen=True):
    tenant_name: str
    school: str
    school_name: str
    month: date
    as_of: date
    lines: list[ReportLine]


def month_of(value: str) -> date:
    """`YYYY-MM` as the month's first day (422 naming `month` otherwise)."""
    try:
        first = date.fromisoformat(f"{value}-01")
    except ValueError:
        raise InvalidValue("month", "must be YYYY-MM") from None
    if not 2000 <= first.year <= 2100:
        raise InvalidValue("month", "must lie between 2000 and 2100")
    return first


def _evidence(items: list[Evidence]) -> str:
    return "; ".join(" ".join(part for part in (e.reference, e.description) if part) for e in items) or "—"


def build(store: ViewStore, tenant: Tenant, school: str, month: date) -> MonthlyReportDoc:
    """Every occurrence due in the month, of each roadmap of the school, judged on its last day."""
    names = school_names(store, [tenant.id])
    if (tenant.id, school) not in names:
        raise NotFound(f"school {school!r} is not a school of {tenant.id}", "school")
    last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    lines = [
        ReportLine(r.title, item.seq, item.title, o.due_on, word(OCCURRENCE, o.status), o.done_on,
                   _evidence(o.evidence or item.evidence))
        for r in roadmap_status(store, tenant.id, school, last).roadmaps
        for item in sorted(r.items, key=lambda i: i.seq)
        for o in item.occurrences if month <= o.due_on <= last
    ]
    return MonthlyReportDoc(tenant.name, school, names[(tenant.id, school)], month, last,
                            sorted(lines, key=lambda line: (line.due_on, line.seq)))


def layout(data: MonthlyReportDoc) -> Printable:
    headers = ["№", "Мероприятие дорожной карты", "Срок", "Состояние", "Выполнено", "Подтверждение"]
    rows = [[str(n), line.title, short_date(line.due_on), line.status, short_date(line.done_on), line.evidence]
            for n, line in enumerate(data.lines, start=1)]
    month = month_title(data.month)
    blocks = [
        Paragraph(f"Школа: {data.school_name}"),
        Paragraph(f"Отчётный период: {month}; состояние на {long_date(data.as_of)}"),
        Table(headers, rows, [2, 14, 6, 6, 6, 11]),
    ]
    if not rows:
        blocks.append(Paragraph(f"Мероприятий со сроком в {month} нет."))
    blocks.append(Signatures([("Директор школы", "/____________/"), ("Координатор", "/____________/")]))
    return Printable("monthly-report", "Отчёт об исполнении дорожной карты", data.tenant_name,
                     own_number("ОТЧ", data.as_of, data.school), long_date(data.as_of), blocks,
                     subtitle=f"{data.school_name}, {month}")
