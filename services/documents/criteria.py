"""003, the effectiveness-criteria table of one school against the computed averages."""

from __future__ import annotations

from datetime import date

import msgspec

from domain.base import NotFound
from services.documents.layout import Paragraph, Printable, Table
from services.documents.typography import figure, long_date
from services.documents.words import AVERAGE_OF, CRITERION, own_number, word
from services.projections.criteria_report.answers import CriterionResult
from services.projections.criteria_report.queries import criteria_report
from services.projections.store import ViewStore
from tenants.registry import Tenant


class CriterionLine(msgspec.Struct, frozen=True):
    number: str
    title: str
    expected: str
    value: str
    average: str
    status: str


class CriteriaDoc(msgspec.Struct, frozen=True):
    tenant_name: str
    school: str
    school_name: str
    as_of: date
    lines: list[CriterionLine]
    met: int
    judged: int


def _lines(c: CriterionResult) -> list[CriterionLine]:
    average = "—" if c.average is None else f"{figure(c.average)} ({word(AVERAGE_OF, c.average_of or '')})"
    value = figure(c.value) + (f" ({c.period})" if c.period else "")
    if c.plan is not None:
        value = f"выполнено {c.plan.items_done} из {c.plan.items_active}"
    if c.trend is not None and c.previous_value is not None:
        value += f"; было {figure(c.previous_value)} ({c.previous_period})"
    lines = [CriterionLine(str(c.number), c.title, c.expected, value, average, word(CRITERION, c.status))]
    lines += [CriterionLine(f"{c.number}.{n}", s.subject, "", f"{figure(s.value)} ({s.period})",
                            figure(s.average), word(CRITERION, s.status))
              for n, s in enumerate(c.subjects, start=1)]
    return lines


def build(store: ViewStore, region: Tenant, municipalities: list[Tenant], tenant: Tenant, school: str,
          as_of: date) -> CriteriaDoc:
    report = criteria_report(store, region, municipalities, [tenant], school, as_of, tenant.id)
    found = next((s for s in report.schools if s.school == school), None)
    if found is None:
        raise NotFound(f"school {school!r} is not a programme school of {tenant.id} on {as_of.isoformat()}", "school")
    lines = [line for c in found.criteria for line in _lines(c)]
    return CriteriaDoc(tenant.name, school, found.name, as_of, lines, found.met, found.judged)


def layout(data: CriteriaDoc) -> Printable:
    headers = ["№", "Критерий", "Ожидаемый результат", "Значение школы", "Средний показатель", "Оценка"]
    rows = [[line.number, line.title, line.expected, line.value, line.average, line.status] for line in data.lines]
    blocks = [
        Paragraph(f"Школа: {data.school_name}"),
        Table(headers, rows, [2, 12, 10, 7, 7, 6]),
        Paragraph(f"Достигнуто критериев: {data.met} из {data.judged} оценённых на {long_date(data.as_of)}"),
    ]
    return Printable("criteria", "Критерии оценки результативности", data.tenant_name,
                     own_number("КР", data.as_of, data.school), long_date(data.as_of), blocks,
                     subtitle=data.school_name)
