"""Contest tables (004 §3.3): the only reader of the contests view's tables.

The ranking is computed on read by the pure rule (domain.quintile) over every application of
a contest, then the rows the caller may see are kept: a municipality sees its own contests and,
of its region's contests, only its own schools' applications and the support its schools give
or receive (a cross-municipality partnership shows each side what belongs to it).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import msgspec

from domain.contest import UsedValue
from domain.quintile import Entrant, band_title, top_quintile
from services.projections.contests.projection import ContestView
from services.projections.store import ViewStore
from tenants.registry import Tenant


class RankedApplication(msgspec.Struct, frozen=True):
    """One application in its place: the figures beside the rule, and the reason for the place."""

    group: int
    group_title: str
    place: int
    group_size: int
    quota: int
    in_top_quintile: bool
    reason: str
    school: str
    municipality: str
    school_name: str
    score: Decimal
    context_index: Decimal
    source: str
    applied_on: date
    site: bool
    decided_on: date | None
    decision: str
    exception_reason: str
    #: The imported values the score and context index were looked up from (004 §3.2), with
    #: their source; empty when the figures were typed with the application.
    figures: list[UsedValue] = []


class SupportRow(msgspec.Struct, frozen=True):
    """A school a site supports from a date, with both municipalities."""

    site: str
    site_municipality: str
    school: str
    municipality: str
    from_on: date
    cross_municipality: bool


class ContestTable(msgspec.Struct, frozen=True):
    """A contest with its ranked applications (group by group, place by place)."""

    organiser: str
    contest: str
    title: str
    level: str
    criteria: str
    applications_from: date
    applications_until: date
    basis: str
    groups: list[str]
    applications: list[RankedApplication]
    supports: list[SupportRow]


class ContestsAnswer(msgspec.Struct, frozen=True):
    """The contests the tenant sees, each ranked by the 004 §3.3 top-quintile rule."""

    tenant_id: str
    view_position: int
    contests: list[ContestTable]
    parked: list[int] = []


def contest_tables(store: ViewStore, tenant: Tenant, school: str | None = None) -> ContestsAnswer:
    """Own contests in full (a school user: its own rows); the region's, this side only."""
    tables = store.reader_tables(ContestView)
    rows = _read(store, tables, tenant.id)
    answer = [_table(c, apps, sups, None, school) for c, apps, sups in rows]
    if tenant.kind == "municipality":
        region = _read(store, tables, tenant.region_id)
        answer += [t for c, apps, sups in region
                   if (t := _table(c, apps, sups, tenant.id, school)).applications or t.supports]
    reached = store.positions(ContestView, tables.generation).get(tenant.id, 0)
    parked = store.parked_positions(ContestView, [tenant.id])
    return ContestsAnswer(tenant.id, reached, answer, parked)


def _read(store: ViewStore, tables: Any, tenant_id: str) -> list[tuple[dict, list[dict], list[dict]]]:
    contests = store.db.query(
        tables.sql("SELECT * FROM {contests} WHERE tenant = ? ORDER BY contest"), (tenant_id,))
    apps = store.db.query(
        tables.sql("SELECT * FROM {applications} WHERE tenant = ? ORDER BY contest, school"),
        (tenant_id,))
    sups = store.db.query(
        tables.sql("SELECT * FROM {supports} WHERE tenant = ? ORDER BY contest, site, school"),
        (tenant_id,))
    return [
        (c, [a for a in apps if a["contest"] == c["contest"]],
         [s for s in sups if s["contest"] == c["contest"]])
        for c in contests
    ]


def _table(contest: dict, apps: list[dict], sups: list[dict], side: str | None,
           school: str | None) -> ContestTable:
    """The contest ranked over all its applications, then cut to one municipality's side."""
    bounds = tuple(Decimal(b) for b in json.loads(contest["context_bounds"]))
    by_school = {a["school"]: a for a in apps}
    entrants = [Entrant(a["school"], Decimal(a["score"]), Decimal(a["context_index"])) for a in apps]
    ranked = [_ranked(p, by_school[p.school], bounds) for p in top_quintile(entrants, bounds)]
    site_of = {a["school"]: a["municipality"] for a in apps if a["decided_on"]}
    supports = [
        SupportRow(s["site"], site_of.get(s["site"], ""), s["school"], s["municipality"],
                   date.fromisoformat(s["from_on"]), site_of.get(s["site"]) != s["municipality"])
        for s in sups
    ]
    if side is not None:
        ranked = [r for r in ranked if r.municipality == side]
        supports = [s for s in supports if side in (s.municipality, s.site_municipality)]
    if school is not None:
        ranked = [r for r in ranked if r.school == school]
        supports = [s for s in supports if school in (s.site, s.school)]
    return ContestTable(
        contest["tenant"], contest["contest"], contest["title"], contest["level"],
        contest["criteria"], date.fromisoformat(contest["applications_from"]),
        date.fromisoformat(contest["applications_until"]), contest["basis"],
        [band_title(group, bounds) for group in range(len(bounds) + 1)], ranked, supports,
    )


def _ranked(placing: Any, row: dict, bounds: tuple[Decimal, ...]) -> RankedApplication:
    decided = row["decided_on"]
    return RankedApplication(
        placing.group + 1, band_title(placing.group, bounds), placing.place, placing.group_size,
        placing.quota, placing.in_top_quintile, placing.reason, row["school"], row["municipality"],
        row["school_name"], placing.score, placing.context_index, row["source"],
        date.fromisoformat(row["applied_on"]), decided is not None,
        date.fromisoformat(decided) if decided else None, row["decision"], row["exception_reason"],
        [UsedValue(f["indicator"], f["year"], Decimal(f["value"]), f["source"])
         for f in json.loads(row["figures"])],
    )


class SiteLink(msgspec.Struct, frozen=True):
    """A school made a base support site by order, and (when it has one) a school it supports.

    `site_municipality` and `municipality` are tenant ids; `school` is None for the decision
    alone (a site supporting nobody yet).
    """

    organiser: str
    contest: str
    level: str
    site: str
    site_municipality: str
    site_name: str
    decided_on: date
    decision: str
    school: str | None = None
    municipality: str | None = None
    from_on: date | None = None


def site_links(store: ViewStore, organisers: Sequence[str], tenants: Sequence[str],
               as_of: date) -> list[SiteLink]:
    """004 §3.3: the sites decided by `as_of` in the contests of `organisers` (the region and the
    municipalities read), with the supports that touch `tenants` on either side."""
    tables = store.reader_tables(ContestView)
    marks = ", ".join("?" for _ in organisers)
    decided = store.db.query(tables.sql(
        "SELECT a.tenant, a.contest, a.school, a.municipality, a.school_name, a.decided_on, "
        "a.decision, c.level FROM {applications} a JOIN {contests} c ON c.tenant = a.tenant AND "
        f"c.contest = a.contest WHERE a.tenant IN ({marks}) AND a.decided_on IS NOT NULL AND "
        "a.decided_on <= ? ORDER BY a.tenant, a.contest, a.school"), (*organisers, as_of.isoformat()))
    supports: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for row in store.db.query(tables.sql(
            f"SELECT * FROM {{supports}} WHERE tenant IN ({marks}) ORDER BY school, municipality"),
            tuple(organisers)):
        supports.setdefault((row["tenant"], row["contest"], row["site"]), []).append(row)
    found = []
    for d in decided:
        site = SiteLink(d["tenant"], d["contest"], d["level"], d["school"], d["municipality"],
                        d["school_name"], date.fromisoformat(d["decided_on"]), d["decision"])
        given = supports.get((d["tenant"], d["contest"], d["school"]), [])
        if d["municipality"] in tenants:
            found.append(site)
        found += [msgspec.structs.replace(site, school=s["school"], municipality=s["municipality"],
                                          from_on=date.fromisoformat(s["from_on"]))
                  for s in given if tenants and (s["municipality"] in tenants
                                                 or d["municipality"] in tenants)]
    return found
