"""From a scope to an answer: query, page, enrich the page's rows, then JSON or a spreadsheet."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

import msgspec
from litestar import Response

from services.projections.answer_cache import kept
from services.projections.export import Column, Format, heading, tabular
from services.projections.registers import queries, tables
from services.projections.registers.answers import (
    ApprovalsRegister,
    InternshipsRegister,
    PartnershipsRegister,
    PeopleRegister,
    ReportsRegister,
    SchoolEntry,
    SchoolsRegister,
    VisitsRegister,
)
from services.projections.registers.paging import Scope, page_of
from services.projections.registers.people import People
from services.projections.registers.projection import RegistersView
from services.projections.roadmaps.projection import RoadmapView
from services.projections.schedule.projection import ScheduleView
from services.projections.store import ViewStore
from services.projections.view import View
from tenants.backends import Backend


def _respond(answer: type, store: ViewStore, scope: Scope, rows: Sequence[Any] | Callable[[], Sequence[Any]],
             fmt: Format, export: tuple[list[Column], Callable[[list[Any]], list[dict[str, Any]]], str, str],
             enrich: Callable[[list[Any]], list[Any]] | None = None,
             filters: dict[str, Any] | None = None, keep: Sequence[type[View]] = ()) -> Response:
    """A page of JSON, or every matching row as CSV / XLSX (a title row names scope and date).

    `keep`: the views the answer reads, when it reads nothing else (no decrypted person): its JSON
    page is then kept by their stamp (services/projections/answer_cache.py)."""
    def page_answer() -> Any:
        shown, page = page_of(rows() if callable(rows) else rows, scope)
        return answer(scope=scope.tenants[0], as_of=scope.as_of, page=page,
                      view_positions=queries.positions(store, scope), rows=enrich(shown) if enrich else shown)

    if fmt == "json" and keep:
        question = (answer.__name__, scope.tenants, scope.as_of, scope.q, scope.school, scope.page, scope.limit,
                    scope.region, tuple(sorted((filters or {}).items())))
        return Response(kept(store, keep, scope.tenants, question, page_answer, lambda _: 64 * 1024))
    if fmt == "json":
        return Response(page_answer())
    shown, _ = page_of(rows() if callable(rows) else rows, scope)
    shown = enrich(shown) if enrich else shown
    columns, to_rows, name, title = export
    where = scope.name_of(scope.tenants[0])
    used = {FILTER_RU.get(key, key): tables.CATEGORY_RU.get(str(value), value)
            for key, value in (filters or {}).items()}
    head = heading(title, where, scope.as_of, поиск=scope.q, школа=scope.school, **used)
    return tabular(to_rows(shown), columns, fmt, f"{name}-{scope.tenants[0]}-{scope.as_of.isoformat()}",
                   title, head)


#: The filters' names in the title row of an export.
FILTER_RU = {"category": "категория", "cohort": "год выявления", "agreement": "соглашение",
             "status": "состояние", "kind": "вид", "role": "роль", "period": "период",
             "host": "принимающая школа", "partnership": "партнёрство"}


def _with_progress(store: ViewStore, scope: Scope, rows: list[SchoolEntry]) -> list[SchoolEntry]:
    """Roadmap completion and reports on time of the shown schools, one query set per tenant."""
    figures = {tenant: queries.progress(store, tenant, scope.as_of) for tenant in {r.tenant_id for r in rows}}
    return [msgspec.structs.replace(r, roadmap=figures[r.tenant_id][0].get(r.school),
                                    reports=figures[r.tenant_id][1].get(r.school)) for r in rows]


def schools(store: ViewStore, backend: Backend, scope: Scope, fmt: Format, **filters: Any) -> Response:
    rows = queries.school_entries(store, scope, **filters)
    people = People(backend, scope.as_of)
    return _respond(SchoolsRegister, store, scope, rows, fmt,
                    (tables.SCHOOL_COLUMNS, tables.school_rows, "schools", "Реестр школ"),
                    lambda shown: people.schools(_with_progress(store, scope, shown)), filters=filters)


def partnerships(store: ViewStore, backend: Backend, scope: Scope, fmt: Format, **filters: Any) -> Response:
    rows = queries.partnership_entries(store, scope, **filters)
    return _respond(PartnershipsRegister, store, scope, rows, fmt,
                    (tables.PARTNERSHIP_COLUMNS, tables.partnership_rows, "partnerships",
                     "Реестр партнёрств и соглашений"), People(backend, scope.as_of).partnerships, filters=filters)


def partner_list(store: ViewStore, backend: Backend, scope: Scope, fmt: Format) -> Response:
    """000 appendix 1: the running pairs (not ended by `as_of`) with coordinator and curator."""
    rows = [r for r in queries.partnership_entries(store, scope)
            if (r.ended_on is None or r.ended_on > scope.as_of) and r.site_support is None]
    return _respond(PartnershipsRegister, store, scope, rows, fmt,
                    (tables.PARTNER_LIST_COLUMNS, tables.partner_list_rows, "partner-schools",
                     "Перечень школ-партнеров"), People(backend, scope.as_of).partnerships)


def visits(store: ViewStore, scope: Scope, fmt: Format, **filters: Any) -> Response:
    return _respond(VisitsRegister, store, scope, lambda: queries.visit_entries(store, scope, built=False, **filters),
                    fmt, (tables.VISIT_COLUMNS, tables.visit_rows, "visits", "Реестр посещений"), filters=filters,
                    keep=(RegistersView,))


def reports(store: ViewStore, scope: Scope, fmt: Format, **filters: Any) -> Response:
    return _respond(ReportsRegister, store, scope, lambda: queries.report_entries(store, scope, **filters), fmt,
                    (tables.REPORT_COLUMNS, tables.report_rows, "reports", "Реестр отчётов"), filters=filters,
                    keep=(RegistersView,))


def internships(store: ViewStore, scope: Scope, fmt: Format, **filters: Any) -> Response:
    return _respond(InternshipsRegister, store, scope, lambda: queries.internship_entries(store, scope, **filters),
                    fmt, (tables.INTERNSHIP_COLUMNS, tables.internship_rows, "internships",
                          "Реестр заявок на стажировки"), filters=filters, keep=(RegistersView,))


def approvals(store: ViewStore, scope: Scope, fmt: Format, **filters: Any) -> Response:
    return _respond(ApprovalsRegister, store, scope, lambda: queries.approval_entries(store, scope, **filters), fmt,
                    (tables.APPROVAL_COLUMNS, tables.approval_rows, "approvals", "Реестр листов согласования"),
                    filters=filters, keep=(RegistersView, RoadmapView, ScheduleView))  # a school's: its roadmaps'


def people(store: ViewStore, backend: Backend, scope: Scope, fmt: Format, role: str | None = None) -> Response:
    """People in roles; `q` searches the names shown (decrypted), so the page is cut after."""
    everyone = [r for r in queries.partnership_entries(store, dataclasses.replace(scope, q=None))
                if r.site_support is None]  # a site's support (004 §3.3) names no person
    rows = People(backend, scope.as_of).entries(everyone, role, scope.q)
    return _respond(PeopleRegister, store, scope, rows, fmt,
                    (tables.PEOPLE_COLUMNS, tables.people_rows, "people", "Реестр ответственных лиц"),
                    filters={"role": tables.ROLE_RU.get(role or "", role)})
