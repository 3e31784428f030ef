"""What waits on one person on a date, read only from the registers' and schedule's queries.

Each list follows who may act on it (the command's roles): sheets awaiting the caller's
signature (003 approval sheet, its `subject`), reports to accept or return (the municipal
officer, 000 p.2.2), internship requests to confirm (the host school, or the officer; 003
§2.3.2), occurrences due this week (a school user: its own school's), agreements expiring
within 60 days (003 §3.1-3.3).
"""

from __future__ import annotations

from datetime import date, timedelta

import msgspec

from domain.roles import AUTHORITIES, MUNICIPAL_ROLES, MUNICIPALITY_ONLY, SCHOOL_USER, WRITERS
from services.auth import Principal
from services.projections.registers.answers import (
    ApprovalEntry,
    InternshipEntry,
    PartnershipEntry,
    ReportEntry,
)
from services.projections.registers.paging import Scope
from services.projections.registers.queries import (
    approval_entries,
    internship_entries,
    partnership_entries,
    report_entries,
)
from services.projections.schedule.queries import DueRow, monitoring_calendar
from services.projections.store import ViewStore

#: Statuses of a row still owed: not done, not cancelled, not closed by the school's exit.
OPEN = ("due", "missed")


class MyTasks(msgspec.Struct, frozen=True):
    """What waits on the caller in one tenant on `as_of`; `week_*`: the ISO week of `as_of`."""

    tenant_id: str
    as_of: date
    subject: str
    role: str
    school: str | None
    week_start: date
    week_end: date
    sheets: list[ApprovalEntry]
    reports: list[ReportEntry]
    internships: list[InternshipEntry]
    occurrences: list[DueRow]
    agreements: list[PartnershipEntry]
    total: int


def week_of(day: date) -> tuple[date, date]:
    """Monday and Sunday of the week of `day`."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def _sheets(store: ViewStore, scope: Scope, principal: Principal) -> list[ApprovalEntry]:
    """Sheets whose current line is the caller's (its token's subject), whatever its role."""
    every = approval_entries(store, Scope(scope.tenants, scope.as_of, scope.names, limit=None),
                             status="in_approval")
    return [sheet for sheet in every if sheet.awaiting == principal.subject]


def _internships(store: ViewStore, scope: Scope, principal: Principal) -> list[InternshipEntry]:
    if principal.role not in MUNICIPAL_ROLES:
        return []
    submitted = internship_entries(store, scope, status="submitted")
    if principal.role == SCHOOL_USER:
        return [r for r in submitted if r.host_school == principal.school]
    return submitted


def _occurrences(store: ViewStore, scope: Scope, principal: Principal) -> list[DueRow]:
    if principal.role not in WRITERS:
        return []
    monday, sunday = week_of(scope.as_of)
    calendar = monitoring_calendar(store, scope.tenants[0], monday, sunday, scope.school, None, scope.as_of)
    return [row for row in calendar.rows if row.obligation and row.status in OPEN]


def my_tasks(store: ViewStore, scope: Scope, principal: Principal) -> MyTasks:
    """Everything waiting on `principal` in the scope's one tenant (blocking)."""
    sheets = _sheets(store, scope, principal)
    reports = (report_entries(store, scope, status="filed")
               if principal.role in MUNICIPALITY_ONLY else [])
    internships = _internships(store, scope, principal)
    occurrences = _occurrences(store, scope, principal)
    agreements = (partnership_entries(store, scope, agreement="expiring")
                  if principal.role in AUTHORITIES or principal.role == SCHOOL_USER else [])
    monday, sunday = week_of(scope.as_of)
    return MyTasks(
        tenant_id=scope.tenants[0], as_of=scope.as_of, subject=principal.subject, role=principal.role,
        school=principal.school, week_start=monday, week_end=sunday, sheets=sheets, reports=reports,
        internships=internships, occurrences=occurrences, agreements=agreements,
        total=len(sheets) + len(reports) + len(internships) + len(occurrences) + len(agreements),
    )
