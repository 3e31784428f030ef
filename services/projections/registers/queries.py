"""The registers on a date, searched, filtered and paged: the only reader of the register tables.

Stored facts are filtered in SQL (scope, school, search, stored status); what is derived for
`as_of` (agreement status, overdue) in Python, then the rows are paged in their stable order.
Roadmap completion and reports on time come from the roadmaps and schedule models' queries.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

import msgspec

from domain.agreement import agreement_status
from services.projections.registers import sites
from services.projections.registers.answers import (
    Agreement,
    ApprovalEntry,
    ApproverLine,
    Basis,
    InternshipEntry,
    PartnershipEntry,
    ReportEntry,
    SchoolEntry,
    VisitEntry,
)
from services.projections.registers.paging import Built, Counted, Scope
from services.projections.registers.progress import progress as progress
from services.projections.registers.projection import RegistersView
from services.projections.registers.search import like_pattern
from services.projections.risk_profiles.queries import levels as risk_levels
from services.projections.roadmaps.queries import roadmap_status
from services.projections.store import ViewStore

_EARLIEST = date(1900, 1, 1)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _where(table: str, scope: Scope, where: Sequence[str], params: Sequence[Any]) -> tuple[str, list[Any]]:
    """`FROM table WHERE ...` of the scope's tenants, searched and filtered, and its values."""
    clauses = [f"tenant IN ({', '.join('?' for _ in scope.tenants)})", *where]
    values: list[Any] = [*scope.tenants, *params]
    if scope.q and scope.q.strip():
        clauses.append("search LIKE ? ESCAPE '!'")
        values.append(like_pattern(scope.q))
    return f"FROM {table} WHERE {' AND '.join(clauses)}", values


def _select(store: ViewStore, table: str, scope: Scope, where: Sequence[str] = (),
            params: Sequence[Any] = (), order: str = "tenant") -> list[dict[str, Any]]:
    """Rows of `table` (a `{name}` of this model) in the scope's tenants, searched and filtered."""
    source, values = _where(table, scope, where, params)
    return store.db.query(store.reader_tables(RegistersView).sql(f"SELECT * {source} ORDER BY {order}"), values)


def _selected(store: ViewStore, table: str, scope: Scope, where: Sequence[str],
              params: Sequence[Any], order: str) -> Counted[dict[str, Any]]:
    """The rows `_select` would return, read only as asked: a count, or one page in SQL."""
    source, values = _where(table, scope, where, params)

    def query(sql: str, more: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return store.db.query(store.reader_tables(RegistersView).sql(sql), [*values, *more])

    return Counted(lambda: int(query(f"SELECT COUNT(*) AS n {source}")[0]["n"]),
                   lambda: query(f"SELECT * {source} ORDER BY {order}"),
                   lambda offset, limit: query(f"SELECT * {source} ORDER BY {order} LIMIT ? OFFSET ?",
                                               [limit, offset]))


def positions(store: ViewStore, scope: Scope) -> dict[str, int]:
    """How far the registers have read each tenant's log."""
    generation = store.reader_tables(RegistersView).generation
    reached = store.positions(RegistersView, generation)
    return {tenant: reached.get(tenant, 0) for tenant in scope.tenants}


def school_names(store: ViewStore, tenants: Sequence[str]) -> dict[tuple[str, str], str]:
    """(tenant, school code) -> registered name."""
    scope = Scope(tuple(tenants), _EARLIEST)
    return {(r["tenant"], r["school"]): r["name"] for r in _select(store, "{reg_schools}", scope)}


def _basis(number: str | None, issued_on: str | None, title: str | None = "") -> Basis | None:
    return Basis(number, date.fromisoformat(issued_on), title or "") if number and issued_on else None


def _agreement(row: dict[str, Any] | None, as_of: date) -> Agreement:
    if row is None:
        return Agreement(None, None, None, "none")
    concluded, term = _day(row["concluded_on"]), _day(row["term_until"])
    status = agreement_status(concluded, term, _day(row["ended_on"]), as_of)
    return Agreement(row["agreement_number"], concluded, term, status, len(json.loads(row["extensions"])))


def partnership_entries(store: ViewStore, scope: Scope, agreement: str | None = None,
                        status: str | None = None) -> list[PartnershipEntry]:
    """Partnerships in order of the supported school's name, with agreement status and deadline."""
    where, params = ([], []) if status is None else (["status = ?"], [status])
    if scope.school is not None:
        where.append("(supported_school = ? OR partner_school = ?)")
        params += [scope.school, scope.school]
    rows = _select(store, "{reg_partnerships}", scope, where, params, "sort_name, tenant, partnership")
    names = school_names(store, scope.tenants)
    found = []
    for row in rows:
        terms = _agreement(row, scope.as_of)
        if agreement is not None and terms.status != agreement:
            continue
        deadline = _day(row["takes_effect_on"]) if row["status"] == "notified" else terms.term_until
        if row["status"] == "ended":
            deadline = None
        tenant = row["tenant"]
        found.append(PartnershipEntry(
            tenant_id=tenant, municipality=scope.name_of(tenant), partnership=row["partnership"],
            supported_school=row["supported_school"],
            supported_name=names.get((tenant, row["supported_school"]), row["supported_school"]),
            partner_school=row["partner_school"],
            partner_name=names.get((tenant, row["partner_school"]), row["partner_school"]),
            status=row["status"], assigned_on=date.fromisoformat(row["assigned_on"]),
            basis=_basis(row["basis_number"], row["basis_issued_on"]), agreement=terms,
            notice_given_on=_day(row["notice_given_on"]), takes_effect_on=_day(row["takes_effect_on"]),
            ended_on=_day(row["ended_on"]), deadline=deadline,
            days_left=(deadline - scope.as_of).days if deadline else None,
        ))
    if status in (None, sites.SITE_SUPPORT) and agreement in (None, "none"):
        supports = [r for r in sites.support_entries(store, scope, school_names)
                    if sites.found_by(scope.q, r.supported_name, r.partner_name, r.partnership)]
        found = sorted([*found, *supports], key=sites.sort_key) if supports else found
    return found


def _pairs(store: ViewStore, scope: Scope) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """(tenant, school) -> its partnerships (either side), latest assigned first."""
    rows = _select(store, "{reg_partnerships}", Scope(scope.tenants, scope.as_of),
                   order="assigned_on DESC, partnership")
    found: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in rows:
        for side in ("supported_school", "partner_school"):
            found.setdefault((row["tenant"], row[side]), []).append(row)
    return found


def _matches(row: dict[str, Any], category: str | None, cohort: int | None) -> bool:
    if cohort is not None and row["cohort_year"] != cohort:
        return False
    if category is None or category == "base_support_site":
        return True  # a site by designation or by a contest's order: sites.is_site
    return category in json.loads(row["categories"]) or category in json.loads(row["designations"])


def school_entries(store: ViewStore, scope: Scope, category: str | None = None,
                   cohort: int | None = None, agreement: str | None = None) -> list[SchoolEntry]:
    """Schools in order of name (short name, then full, then code), with partner and agreement."""
    where, params = (["school = ?"], [scope.school]) if scope.school is not None else ([], [])
    rows = _select(store, "{reg_schools}", scope, where, params, "sort_name, tenant, school")
    pairs, names = _pairs(store, scope), school_names(store, scope.tenants)
    risks = risk_levels(store, scope.tenants, scope.as_of)
    found = []
    for row in rows:
        if not _matches(row, category, cohort):
            continue
        mine = pairs.get((row["tenant"], row["school"]), [])
        supported = [p for p in mine if p["supported_school"] == row["school"]]
        current = next((p for p in supported if p["status"] != "ended"), supported[0] if supported else None)
        terms = _agreement(current, scope.as_of)
        if agreement is not None and terms.status != agreement:
            continue
        entry = _school_entry(row, scope, current, terms, names, mine)
        found.append(msgspec.structs.replace(entry, risk_profile=risks.get((row["tenant"], row["school"]), [])))
    found = sites.with_sites(store, scope, found, school_names)
    return [r for r in found if category != "base_support_site" or sites.is_site(r)]


def _school_entry(row: dict[str, Any], scope: Scope, current: dict[str, Any] | None,
                  terms: Agreement, names: dict[tuple[str, str], str],
                  mine: list[dict[str, Any]]) -> SchoolEntry:
    tenant, partner = row["tenant"], current["partner_school"] if current else None
    return SchoolEntry(
        tenant_id=tenant, municipality=scope.name_of(tenant), school=row["school"], name=row["name"],
        short_name=row["short_name"], locality=row["locality"], in_programme=bool(row["in_programme"]),
        categories=json.loads(row["categories"]), designations=json.loads(row["designations"]),
        base_site_level=None, cohort_year=row["cohort_year"],
        basis=_basis(row["basis_number"], row["basis_issued_on"], row["basis_title"]),
        risk_factors=json.loads(row["risk_factors"]), exited_on=_day(row["exited_on"]),
        partnership=current["partnership"] if current else None, partner_school=partner,
        partner_name=names.get((tenant, partner)) if partner else None,
        supports=[p["supported_school"] for p in mine
                  if p["partner_school"] == row["school"] and p["status"] != "ended"],
        agreement=terms,
    )


def visit_entries(store: ViewStore, scope: Scope, status: str | None = None,
                  kind: str | None = None, built: bool = True) -> Sequence[VisitEntry]:
    """Visits by planned date; `overdue`: still planned after its day. `built=False`: read from
    the database and made entries only as read (the register's page: a count and its rows), else
    a list."""
    where, params = _filters({"status": status, "kind": kind})
    if scope.school is not None:
        where.append("(host_school = ? OR visiting_school = ?)")
        params += [scope.school, scope.school]
    names, today = school_names(store, scope.tenants), scope.as_of.isoformat()

    def entry(r: dict[str, Any]) -> VisitEntry:
        return VisitEntry(
            tenant_id=r["tenant"], visit=r["visit"], partnership=r["partnership"],
            host_school=r["host_school"], host_name=names.get((r["tenant"], r["host_school"]), r["host_school"]),
            visiting_school=r["visiting_school"],
            visiting_name=names.get((r["tenant"], r["visiting_school"]), r["visiting_school"]),
            kind=r["kind"], planned_on=date.fromisoformat(r["planned_on"]), topic=r["topic"],
            status=r["status"], overdue=r["status"] == "planned" and r["planned_on"] < today,
            held_on=_day(r["held_on"]), participants=r["participants"], reason=r["reason"],
        )

    if built:
        return [entry(r) for r in _select(store, "{reg_visits}", scope, where, params, "planned_on, tenant, visit")]
    return Built(_selected(store, "{reg_visits}", scope, where, params, "planned_on, tenant, visit"), entry)


def _filters(values: dict[str, Any]) -> tuple[list[str], list[Any]]:
    present = {column: value for column, value in values.items() if value is not None}
    return [f"{column} = ?" for column in present], list(present.values())


def report_entries(store: ViewStore, scope: Scope, kind: str | None = None,
                   status: str | None = None) -> list[ReportEntry]:
    """Reports by first filing date, with their latest filing and decision."""
    where, params = _filters({"kind": kind, "status": status, "school": scope.school})
    names = school_names(store, scope.tenants)
    return [
        ReportEntry(
            tenant_id=r["tenant"], report=r["report"], school=r["school"],
            school_name=names.get((r["tenant"], r["school"]), r["school"]), kind=r["kind"],
            period=r["period"], first_filed_on=date.fromisoformat(r["first_filed_on"]),
            filed_on=date.fromisoformat(r["filed_on"]), filings=int(r["filings"]), status=r["status"],
            decided_on=_day(r["decided_on"]), remarks=r["remarks"],
        )
        for r in _select(store, "{reg_reports}", scope, where, params,
                         "first_filed_on, tenant, school, report")
    ]


def internship_entries(store: ViewStore, scope: Scope, status: str | None = None) -> list[InternshipEntry]:
    """Internship requests by start date (003 §2.3)."""
    where, params = _filters({"status": status})
    if scope.school is not None:
        where.append("(school = ? OR host_school = ?)")
        params += [scope.school, scope.school]
    names = school_names(store, scope.tenants)
    return [
        InternshipEntry(
            tenant_id=r["tenant"], internship=r["internship"], school=r["school"],
            school_name=names.get((r["tenant"], r["school"]), r["school"]), host_school=r["host_school"],
            host_name=names.get((r["tenant"], r["host_school"]), r["host_school"]), topic=r["topic"],
            participants=int(r["participants"]), start=date.fromisoformat(r["start_on"]),
            end=date.fromisoformat(r["end_on"]), submitted_on=date.fromisoformat(r["submitted_on"]),
            status=r["status"], decided_on=_day(r["decided_on"]), attended=r["attended"],
        )
        for r in _select(store, "{reg_internships}", scope, where, params, "start_on, tenant, internship")
    ]


def approval_entries(store: ViewStore, scope: Scope, status: str | None = None,
                     document_kind: str | None = None) -> list[ApprovalEntry]:
    """Approval sheets by submission date; a school's: those of its own roadmaps."""
    where, params = _filters({"status": status, "document_kind": document_kind})
    if scope.school is not None:
        keys = [r.roadmap for t in scope.tenants
                for r in roadmap_status(store, t, scope.school, scope.as_of).roadmaps] or [""]
        where.append(f"document_kind = 'roadmap' AND document_key IN ({', '.join('?' for _ in keys)})")
        params += keys
    found = []
    for r in _select(store, "{reg_approvals}", scope, where, params, "submitted_on, tenant, sheet"):
        lines = [ApproverLine(a["subject"], a["position"], a["organisation"], _day(a["signed_on"]))
                 for a in json.loads(r["approvers"])]
        waiting = next((a.subject for a in lines if a.signed_on is None), None)
        found.append(ApprovalEntry(
            tenant_id=r["tenant"], sheet=r["sheet"], document_kind=r["document_kind"],
            document_key=r["document_key"], document_title=r["document_title"],
            submitted_on=date.fromisoformat(r["submitted_on"]), status=r["status"],
            approved_on=_day(r["approved_on"]), returns=int(r["returns"]), approvers=lines,
            awaiting=waiting if r["status"] == "in_approval" else None,
        ))
    return found
