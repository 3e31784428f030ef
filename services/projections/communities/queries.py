"""Communities and the bank of methodical materials (004 §4.5-4.8): the only reader of its tables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import msgspec

from services.projections.communities.projection import CommunitiesView
from services.projections.registers.search import like_pattern
from services.projections.store import ViewStore


class Member(msgspec.Struct, frozen=True):
    school: str
    teachers: int


class Meeting(msgspec.Struct, frozen=True):
    held_on: date
    topic: str
    participants: int
    decisions: str


class CommunityRow(msgspec.Struct, frozen=True):
    """A community with its member schools, teachers counted, and the meetings it held."""

    community: str
    kind: str
    level: str
    school: str
    name: str
    subject: str
    formed_on: date | None
    members: list[Member]
    schools: int
    teachers: int
    meetings_held: int
    last_meeting: date | None
    meetings: list[Meeting]
    materials: int


class MaterialRow(msgspec.Struct, frozen=True):
    """A material of the bank: title, author organisation, link or file name (004 §4.7)."""

    material: str
    title: str
    author_kind: str
    author: str
    added_on: date
    link: str
    file_name: str
    subject: str
    community: str
    withdrawn: bool
    withdrawn_reason: str | None


@dataclass(frozen=True)
class Filters:
    q: str | None = None
    kind: str | None = None
    level: str | None = None
    school: str | None = None
    author: str | None = None
    community: str | None = None
    withdrawn: bool = False


def _where(sql: str, params: list[object], pairs: tuple[tuple[str, object], ...]) -> tuple[str, list[object]]:
    for column, value in pairs:
        if value:
            sql, params = sql + f" AND {column} = ?", [*params, value]
    return sql, params


def communities(store: ViewStore, tenant: str, filters: Filters) -> list[CommunityRow]:
    """Ordered by name; a school filter keeps the communities the school is a member or the
    owner of; searched by name or subject (Russian, case- and ё/е-insensitive)."""
    tables = store.reader_tables(CommunitiesView)
    sql, params = _where("SELECT * FROM {communities} WHERE tenant = ?", [tenant],
                         (("kind", filters.kind), ("level", filters.level)))
    if filters.q:
        sql, params = sql + " AND search LIKE ? ESCAPE '!'", [*params, like_pattern(filters.q)]
    rows = store.db.query(tables.sql(sql + " ORDER BY name, community"), params)
    members = store.db.query(tables.sql(
        "SELECT community, school, teachers FROM {community_members} WHERE tenant = ? ORDER BY school"), [tenant])
    meetings = store.db.query(tables.sql(
        "SELECT * FROM {community_meetings} WHERE tenant = ? ORDER BY held_on, position"), [tenant])
    materials = store.db.query(tables.sql(
        "SELECT community, COUNT(*) AS n FROM {materials} WHERE tenant = ? AND withdrawn_reason IS NULL "
        "GROUP BY community"), [tenant])
    counted = {m["community"]: m["n"] for m in materials}
    answer = []
    for r in rows:
        own = [Member(m["school"], m["teachers"]) for m in members if m["community"] == r["community"]]
        if filters.school and filters.school != r["school"] and filters.school not in {m.school for m in own}:
            continue
        held = [Meeting(date.fromisoformat(m["held_on"]), m["topic"], m["participants"], m["decisions"])
                for m in meetings if m["community"] == r["community"]]
        answer.append(CommunityRow(
            r["community"], r["kind"], r["level"], r["school"], r["name"], r["subject"],
            date.fromisoformat(r["formed_on"]) if r["formed_on"] else None, own, len(own),
            sum(m.teachers for m in own), len(held), max((m.held_on for m in held), default=None), held,
            int(counted.get(r["community"], 0)),
        ))
    return answer


def materials(store: ViewStore, tenant: str, filters: Filters) -> list[MaterialRow]:
    """The bank, newest first; withdrawn ones only when asked; searched by title, subject, file."""
    tables = store.reader_tables(CommunitiesView)
    sql, params = _where("SELECT * FROM {materials} WHERE tenant = ?", [tenant],
                         (("author", filters.author), ("community", filters.community)))
    if not filters.withdrawn:
        sql += " AND withdrawn_reason IS NULL"
    if filters.q:
        sql, params = sql + " AND search LIKE ? ESCAPE '!'", [*params, like_pattern(filters.q)]
    rows = store.db.query(tables.sql(sql + " ORDER BY added_on DESC, material"), params)
    return [
        MaterialRow(r["material"], r["title"], r["author_kind"], r["author"], date.fromisoformat(r["added_on"]),
                    r["link"], r["file_name"], r["subject"], r["community"], r["withdrawn_reason"] is not None,
                    r["withdrawn_reason"])
        for r in rows
    ]


def reached(store: ViewStore, tenant: str) -> int:
    return store.positions(CommunitiesView, store.ensure_live(CommunitiesView)).get(tenant, 0)
