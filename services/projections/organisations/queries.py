"""Organisations, their events and teacher coverage (001 indicator 2): the only reader of its tables."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

import msgspec

from services.projections.organisations.projection import OrganisationsView
from services.projections.registers.search import like_pattern
from services.projections.store import ViewStore


class OrganisationRow(msgspec.Struct, frozen=True):
    """An organisation that is not a school, and what it ran: events held, schools, teachers."""

    organisation: str
    name: str
    short_name: str
    kind: str
    role_in_programme: str
    events_held: int
    schools_reached: int
    teachers_taking_part: int


class SchoolTeachers(msgspec.Struct, frozen=True):
    school: str
    teachers: int


class EventRow(msgspec.Struct, frozen=True):
    """An event for schools: its organiser, form, dates, status and the schools with their teachers."""

    event: str
    organiser: str
    organiser_name: str
    kind: str
    planned_on: date
    topic: str
    status: Literal["planned", "held", "cancelled"]
    held_on: date | None
    summary: str
    reason: str
    schools: list[SchoolTeachers]
    teachers: int


class SchoolCoverage(msgspec.Struct, frozen=True):
    """A school's teachers in the year and how many of them events of the year reached."""

    school: str
    teachers: int
    covered: int


class TeacherCoverage(msgspec.Struct, frozen=True):
    """001 indicator 2 for a year: computed when the tenant records headcounts, else recorded."""

    year: int
    source: Literal["computed", "recorded"]
    covered: int | None
    teachers: int | None
    percent: float | None
    schools: list[SchoolCoverage]


@dataclass(frozen=True)
class Filters:
    """What a list is narrowed to: a search, a kind, an organiser, a school, a year, a status."""

    q: str | None = None
    kind: str | None = None
    organiser: str | None = None
    school: str | None = None
    year: int | None = None
    status: str | None = None


def organisations(store: ViewStore, tenant: str, filters: Filters) -> list[OrganisationRow]:
    """Ordered by name; searched by name or short name (Russian, case- and ё/е-insensitive)."""
    tables = store.reader_tables(OrganisationsView)
    sql, params = "SELECT * FROM {organisations} WHERE tenant = ?", [tenant]
    if filters.q:
        sql, params = sql + " AND search LIKE ? ESCAPE '!'", [*params, like_pattern(filters.q)]
    if filters.kind:
        sql, params = sql + " AND kind = ?", [*params, filters.kind]
    rows = store.db.query(tables.sql(sql + " ORDER BY name, organisation"), params)
    reached = store.db.query(tables.sql(
        "SELECT e.organiser, e.event, p.school, p.teachers FROM {org_events} e JOIN {participants} p "
        "ON p.tenant = e.tenant AND p.event = e.event WHERE e.tenant = ? AND e.status = 'held'"
    ), [tenant])
    answer = []
    for r in rows:
        own = [x for x in reached if x["organiser"] == r["organisation"]]
        answer.append(OrganisationRow(
            r["organisation"], r["name"], r["short_name"], r["kind"], r["role_in_programme"],
            len({x["event"] for x in own}), len({x["school"] for x in own}), sum(x["teachers"] for x in own),
        ))
    return answer


def events(store: ViewStore, tenant: str, filters: Filters) -> list[EventRow]:
    """Ordered by date (held, else planned); a school filter keeps the events it took part in and
    shows only its own participation."""
    tables = store.reader_tables(OrganisationsView)
    sql = ("SELECT e.*, o.name AS organiser_name FROM {org_events} e LEFT JOIN {organisations} o "
           "ON o.tenant = e.tenant AND o.organisation = e.organiser WHERE e.tenant = ?")
    params: list[object] = [tenant]
    for column, value in (("e.kind", filters.kind), ("e.organiser", filters.organiser),
                          ("e.status", filters.status)):
        if value:
            sql, params = sql + f" AND {column} = ?", [*params, value]
    if filters.q:
        sql, params = sql + " AND e.search LIKE ? ESCAPE '!'", [*params, like_pattern(filters.q)]
    rows = store.db.query(tables.sql(sql), params)
    taking_part = store.db.query(tables.sql(
        "SELECT event, school, teachers FROM {participants} WHERE tenant = ? ORDER BY school"), [tenant])
    answer = []
    for r in rows:
        schools = [SchoolTeachers(p["school"], p["teachers"]) for p in taking_part if p["event"] == r["event"]]
        if filters.school is not None:
            schools = [s for s in schools if s.school == filters.school]
            if not schools:
                continue
        day = date.fromisoformat(r["held_on"] or r["planned_on"])
        if filters.year is not None and day.year != filters.year:
            continue
        answer.append(EventRow(
            r["event"], r["organiser"], r["organiser_name"] or r["organiser"], r["kind"],
            date.fromisoformat(r["planned_on"]), r["topic"], r["status"],
            date.fromisoformat(r["held_on"]) if r["held_on"] else None, r["summary"], r["reason"],
            schools, sum(s.teachers for s in schools),
        ))
    return sorted(answer, key=lambda e: (e.held_on or e.planned_on, e.event))


def _coverage_rows(store: ViewStore, tenants: Sequence[str], year: int, as_of: date):
    tables = store.reader_tables(OrganisationsView)
    marks = ", ".join("?" for _ in tenants)
    heads = store.db.query(tables.sql(
        f"SELECT tenant, school, teachers FROM {{headcounts}} WHERE tenant IN ({marks}) AND year = ?"
    ), [*tenants, year])
    reached = store.db.query(tables.sql(
        "SELECT p.tenant, p.school, MAX(p.teachers) AS teachers FROM {participants} p JOIN {org_events} e "
        f"ON e.tenant = p.tenant AND e.event = p.event WHERE p.tenant IN ({marks}) AND e.status = 'held' "
        "AND e.held_on >= ? AND e.held_on <= ? GROUP BY p.tenant, p.school"
    ), [*tenants, date(year, 1, 1).isoformat(), min(as_of, date(year, 12, 31)).isoformat()])
    most = {(r["tenant"], r["school"]): r["teachers"] for r in reached}
    return [(h["tenant"], h["school"], h["teachers"], min(h["teachers"], most.get((h["tenant"], h["school"]), 0)))
            for h in heads]


def coverage_counts(store: ViewStore, tenants: Sequence[str], as_of: date) -> dict[str, tuple[int, int]]:
    """Per tenant with headcounts for `as_of`'s year: (teachers covered, teachers) by events held
    from 1 January to `as_of` (001 indicator 2; the rule of `teacher_coverage`)."""
    answer: dict[str, tuple[int, int]] = {}
    for tenant, _, teachers, covered in _coverage_rows(store, tenants, as_of.year, as_of):
        done, total = answer.get(tenant, (0, 0))
        answer[tenant] = (done + covered, total + teachers)
    return answer


def teacher_coverage(store: ViewStore, tenant: str, year: int, as_of: date,
                     school: str | None = None) -> TeacherCoverage:
    """001 indicator 2 «доля педагогов, охваченных мероприятиями»: per school with a headcount for
    the year, the teachers covered are the most of its teachers at one event held that year by
    `as_of` (a lower bound: the same teacher at two events is never counted twice), at most its
    headcount; the share is their sum over the headcounts' sum. No headcount for the year: the
    share is the value recorded by hand (`source: recorded`, in the overview)."""
    rows = [r for r in _coverage_rows(store, [tenant], year, as_of) if school is None or r[1] == school]
    if not rows:
        return TeacherCoverage(year, "recorded", None, None, None, [])
    covered, teachers = sum(r[3] for r in rows), sum(r[2] for r in rows)
    schools = [SchoolCoverage(r[1], r[2], r[3]) for r in sorted(rows, key=lambda r: r[1])]
    return TeacherCoverage(year, "computed", covered, teachers, round(covered * 100 / teachers, 1), schools)


def reached(store: ViewStore, tenant: str) -> int:
    """The log position the view has read for the tenant."""
    return store.positions(OrganisationsView, store.ensure_live(OrganisationsView)).get(tenant, 0)
