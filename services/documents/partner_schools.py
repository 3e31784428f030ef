"""000 appendix 1, «Перечень школ-партнеров»: the running pairs with coordinator and curator."""

from __future__ import annotations

from datetime import date

import msgspec

from services.documents.layout import Paragraph, Printable, Table
from services.documents.typography import long_date, numbered, short_date
from services.documents.words import own_number
from services.projections.registers import queries, tables
from services.projections.registers.paging import Scope
from services.projections.registers.people import People
from services.projections.store import ViewStore
from tenants.backends import Backend
from tenants.registry import Tenant


class PartnerLine(msgspec.Struct, frozen=True):
    n: int
    school: str
    coordinator: str
    partner: str
    curator: str


class PartnerSchoolList(msgspec.Struct, frozen=True):
    tenant: str
    tenant_name: str
    as_of: date
    lines: list[PartnerLine]
    #: The orders the pairs were assigned by («№ 20/2 от 11.02.2021»), once each.
    orders: list[str]


def build(store: ViewStore, backend: Backend, tenant: Tenant, as_of: date, school: str | None) -> PartnerSchoolList:
    """The pairs not ended by `as_of`, numbered by the weak school's name, people as on the date."""
    scope = Scope((tenant.id,), as_of, {tenant.id: tenant.name}, school=school, limit=None)
    running = [r for r in queries.partnership_entries(store, scope) if r.ended_on is None or r.ended_on > as_of]
    rows = tables.partner_list_rows(People(backend, as_of).partnerships(running))
    orders = list(dict.fromkeys(f"{numbered(r.basis.number)} от {short_date(r.basis.issued_on)}"
                                for r in running if r.basis is not None))
    lines = [PartnerLine(r["n"], r["weak"], r["coordinator"] or "—", r["strong"], r["curator"] or "—")
             for r in rows]
    return PartnerSchoolList(tenant.id, tenant.name, as_of, lines, orders)


def layout(data: PartnerSchoolList) -> Printable:
    headers = [c.header for c in tables.PARTNER_LIST_COLUMNS]
    rows = [[str(line.n), line.school, line.coordinator, line.partner, line.curator] for line in data.lines]
    basis = f"Приложение 1 к приказу {', '.join(data.orders)}" if data.orders else "Приложение 1"
    blocks = [Paragraph(basis), Table(headers, rows, [2, 9, 11, 9, 11])]
    if not rows:
        blocks.append(Paragraph(f"На {long_date(data.as_of)} закреплённых пар нет."))
    return Printable("partner-schools", "Перечень школ-партнеров", data.tenant_name,
                     own_number("ПШ", data.as_of), long_date(data.as_of), blocks,
                     subtitle=f"по состоянию на {long_date(data.as_of)}")
