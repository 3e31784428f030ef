"""Contests view (004 §3.3): the only writer of its tables.

Tables:
- `contests`: one row per contest of a tenant (regional in a region tenant, municipal in a
  municipality's), with its criteria, dates and the bounds of its context groups (JSON list of
  decimal strings);
- `applications`: one row per application with the figures it is scored on (decimal strings,
  so no digit is lost), the imported values they were looked up from with their source (JSON
  list, empty for typed figures) and, once decided, the order that made the school a site;
- `supports`: the schools a decided site supports, with their municipality (a regional site
  may support a school of another municipality).
The ranking is not stored: queries.py computes it with domain.quintile from these rows.
"""

from __future__ import annotations

import json
from uuid import UUID

from domain.base import CascadeAggregate
from domain.contest import SiteContest
from services.projections.view import BoundTx, Index, View
from tenants.registry import Tenant


class ContestView(View):
    """Base-support-site contests, their applications and the support their sites give."""

    name = "contests"
    schema = {
        "contests": (
            "CREATE TABLE IF NOT EXISTS {contests} ("
            "tenant TEXT NOT NULL, contest TEXT NOT NULL, title TEXT NOT NULL, "
            "level TEXT NOT NULL, criteria TEXT NOT NULL, applications_from TEXT NOT NULL, "
            "applications_until TEXT NOT NULL, context_bounds TEXT NOT NULL, "
            "basis TEXT NOT NULL, PRIMARY KEY (tenant, contest))"
        ),
        "applications": (
            "CREATE TABLE IF NOT EXISTS {applications} ("
            "tenant TEXT NOT NULL, contest TEXT NOT NULL, school TEXT NOT NULL, "
            "municipality TEXT NOT NULL, school_name TEXT NOT NULL, applied_on TEXT NOT NULL, "
            "score TEXT NOT NULL, context_index TEXT NOT NULL, source TEXT NOT NULL, "
            "decided_on TEXT, decision TEXT NOT NULL, exception_reason TEXT NOT NULL, "
            "figures TEXT NOT NULL, PRIMARY KEY (tenant, contest, school))"
        ),
        "supports": (
            "CREATE TABLE IF NOT EXISTS {supports} ("
            "tenant TEXT NOT NULL, contest TEXT NOT NULL, site TEXT NOT NULL, "
            "school TEXT NOT NULL, municipality TEXT NOT NULL, from_on TEXT NOT NULL, "
            "PRIMARY KEY (tenant, contest, site, school, municipality))"
        ),
    }
    indexes = (Index("applications", "municipality"), Index("supports", "municipality"))

    def __init__(self) -> None:
        #: stream id -> contest key; a pure function of (tenant, key), so never stale.
        self._keys: dict[UUID, str] = {}

    def process(self, tx: BoundTx, tenant: Tenant, event: CascadeAggregate.Event, position: int) -> None:
        match event:
            case SiteContest.Announced():
                self._keys[event.originator_id] = event.key
                basis = "" if event.basis is None else f"№ {event.basis.number} от {event.basis.issued_on}"
                tx.execute(
                    "INSERT INTO {contests} (tenant, contest, title, level, criteria, "
                    "applications_from, applications_until, context_bounds, basis) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (tenant.id, event.key, event.title, event.level, event.criteria,
                     event.applications_from.isoformat(), event.applications_until.isoformat(),
                     json.dumps([str(b) for b in event.context_bounds]), basis),
                )
            case SiteContest.Applied():
                a = event.application
                tx.execute(
                    "INSERT INTO {applications} (tenant, contest, school, municipality, "
                    "school_name, applied_on, score, context_index, source, decided_on, decision, "
                    "exception_reason, figures) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, '', '', ?)",
                    (tenant.id, self._key(tx, tenant.id, event.originator_id), a.school,
                     a.municipality, a.school_name, a.applied_on.isoformat(), str(a.score),
                     str(a.context_index), a.source,
                     json.dumps([{"indicator": f.indicator, "year": f.year, "value": str(f.value),
                                  "source": f.source} for f in a.figures], ensure_ascii=False)),
                )
            case SiteContest.SiteDecided():
                tx.execute(
                    "UPDATE {applications} SET decided_on = ?, decision = ?, exception_reason = ? "
                    "WHERE tenant = ? AND contest = ? AND school = ?",
                    (event.decided_on.isoformat(),
                     f"№ {event.basis.number} от {event.basis.issued_on}", event.exception_reason,
                     tenant.id, self._key(tx, tenant.id, event.originator_id), event.school),
                )
            case SiteContest.SupportAssigned():
                s = event.support
                tx.execute(
                    "INSERT INTO {supports} (tenant, contest, site, school, municipality, from_on) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (tenant.id, self._key(tx, tenant.id, event.originator_id), s.site, s.school,
                     s.municipality, s.from_on.isoformat()),
                )

    def _key(self, tx: BoundTx, tenant: str, stream: UUID) -> str:
        key = self._keys.get(stream)
        if key is None:
            for row in tx.query("SELECT contest FROM {contests} WHERE tenant = ?", (tenant,)):
                self._keys[SiteContest.stream_for(tenant, row["contest"])] = row["contest"]
            key = self._keys[stream]
        return key
