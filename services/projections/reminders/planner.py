"""What to remind whom of on a day, read from the schedule's, registers' and own queries.

- `upcoming`: an open obligation of a school, N days before its due date (N per tenant,
  default 1), to each of that school's users with reminders on; planned from the N-th day
  before until the due day, so a day the worker did not run is caught up;
- `missed`: the day after the due date (status missed: not done by then), to the same people;
  caught up for a week;
- `digest`: on the digest weekday (Monday by default), to each municipal officer with
  reminders on, what is overdue in the municipality (obligations missed and still not done);
  one per officer and ISO week, none when nothing is overdue.
Each is planned once ever per obligation, kind and recipient (projection.plan).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from domain.base import FIRST_DATE
from domain.roles import MUNICIPAL_OFFICER, SCHOOL_USER
from services.projections.registers.queries import school_names
from services.projections.reminders import messages
from services.projections.reminders.projection import Planned, plan
from services.projections.reminders.queries import Subscriber, subscribers
from services.projections.schedule.queries import DueRow, monitoring_calendar
from services.projections.store import ViewStore
from tenants.registry import Tenant

#: How long after the due day a missed obligation is still announced (a worker that was down).
MISSED_CATCH_UP_DAYS = 7


@dataclass(frozen=True)
class ReminderRules:
    """N days before, per tenant (default 1), and the weekday of the digest (0 = Monday)."""

    days_before: int = 1
    per_tenant: Mapping[str, int] = field(default_factory=dict)
    digest_weekday: int = 0

    def days_for(self, tenant_id: str) -> int:
        return self.per_tenant.get(tenant_id, self.days_before)


def _school_items(tenant: Tenant, rows: list[DueRow], people: list[Subscriber], names: dict[str, str],
                  today: date, days: int) -> list[Planned]:
    found = []
    for row in rows:
        if not row.obligation:
            continue
        school = names.get(row.school, row.school)
        if row.status == "due" and row.due_on - timedelta(days=days) <= today <= row.due_on:
            kind, (subject, text, html) = "upcoming", messages.upcoming(row, school, (row.due_on - today).days)
        elif row.status == "missed" and 1 <= (today - row.due_on).days <= MISSED_CATCH_UP_DAYS:
            kind, (subject, text, html) = "missed", messages.missed(row, school)
        else:
            continue
        found += [Planned(tenant.id, row.id, kind, person.subject, row.due_on, subject, text, html)
                  for person in people if person.role == SCHOOL_USER and person.school == row.school]
    return found


def _digests(tenant: Tenant, store: ViewStore, people: list[Subscriber], names: dict[str, str],
             today: date) -> list[Planned]:
    officers = [p for p in people if p.role == MUNICIPAL_OFFICER]
    if not officers:
        return []
    rows = monitoring_calendar(store, tenant.id, FIRST_DATE, today - timedelta(days=1), None, None, today).rows
    overdue = [r for r in rows if r.obligation and r.status == "missed"]
    if not overdue:
        return []
    year, week, _ = today.isocalendar()
    label = f"{year}-W{week:02}"
    subject, text, html = messages.digest(tenant.name, label, overdue, names)
    return [Planned(tenant.id, f"digest:{label}", "digest", officer.subject, today, subject, text, html)
            for officer in officers]


def planned_for(store: ViewStore, tenant: Tenant, today: date, rules: ReminderRules) -> list[Planned]:
    """Every message due to be planned in the tenant on `today` (blocking, writes nothing)."""
    people = subscribers(store, tenant.id)
    if not people:
        return []
    days = rules.days_for(tenant.id)
    names = {code: name for (_, code), name in school_names(store, [tenant.id]).items()}
    window = monitoring_calendar(store, tenant.id, today - timedelta(days=MISSED_CATCH_UP_DAYS),
                                 today + timedelta(days=days), None, None, today).rows
    found = _school_items(tenant, window, people, names, today, days)
    if today.weekday() == rules.digest_weekday:
        found += _digests(tenant, store, people, names, today)
    return found


def plan_day(store: ViewStore, tenants: list[Tenant], today: date, rules: ReminderRules,
             now: datetime) -> int:
    """Plan the day's reminders of every municipality given; how many messages are new."""
    return sum(plan(store, planned_for(store, tenant, today, rules), today, now)
               for tenant in tenants if tenant.kind == "municipality")
