"""Roadmap view: the only writer of the roadmaps and items tables.

Stored status is the item's own (planned | in_progress | done | cancelled); "overdue" is
derived on read (domain.status), never stored (domain.md).

Tables:
- `roadmaps`: one row per roadmap, with its school and period;
- `items`: one row per item, `seq` in the order the items were added, the schedule as JSON
  (tagged by `form`), its first and final due dates, status, dates, evidence (JSON list) and
  the reason of the last reschedule or of the cancellation.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import msgspec

from domain.base import CascadeAggregate
from domain.roadmap import Roadmap
from domain.schedule import Schedule, final_due, first_due
from services.projections.view import BoundTx, Index, View
from tenants.registry import Tenant


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def encode_schedule(schedule: Schedule) -> str:
    """The schedule as stored: JSON tagged by `form`, the shape the command API accepts."""
    return msgspec.json.encode(schedule).decode()


class RoadmapView(View):
    """Roadmaps and their items; other models read them through roadmaps.queries."""

    name = "roadmaps"
    schema = {
        "roadmaps": (
            "CREATE TABLE IF NOT EXISTS {roadmaps} ("
            "tenant TEXT NOT NULL, roadmap TEXT NOT NULL, school TEXT NOT NULL, "
            "title TEXT NOT NULL, period_start TEXT NOT NULL, period_end TEXT NOT NULL, "
            "approved_on TEXT NOT NULL, PRIMARY KEY (tenant, roadmap))"
        ),
        "items": (
            "CREATE TABLE IF NOT EXISTS {items} ("
            "tenant TEXT NOT NULL, roadmap TEXT NOT NULL, item TEXT NOT NULL, "
            "school TEXT NOT NULL, seq INTEGER NOT NULL, section TEXT NOT NULL, "
            "title TEXT NOT NULL, form TEXT NOT NULL, label TEXT NOT NULL, "
            "schedule TEXT NOT NULL, responsible TEXT NOT NULL, first_due TEXT, final_due TEXT, "
            "status TEXT NOT NULL, started_on TEXT, completed_on TEXT, evidence TEXT NOT NULL, "
            "reason TEXT NOT NULL, reschedules INTEGER NOT NULL, "
            "PRIMARY KEY (tenant, roadmap, item))"
        ),
    }
    indexes = (Index("roadmaps", "tenant, school"), Index("items", "tenant, school"))

    def __init__(self) -> None:
        #: stream id -> roadmap key. The mapping is a pure function of (tenant, key), so a
        #: cached entry is never wrong, whatever transaction or generation put it there.
        self._keys: dict[UUID, str] = {}

    def process(self, tx: BoundTx, tenant: Tenant, event: CascadeAggregate.Event, position: int) -> None:
        match event:
            case Roadmap.Approved():
                self._approved(tx, tenant.id, event)
            case Roadmap.ItemAdded():
                self._item_added(tx, tenant.id, event)
            case Roadmap.ItemStarted():
                self._item_update(tx, tenant.id, event, "status = 'in_progress', started_on = ?",
                                  (_iso(event.started_on),))
            case Roadmap.ItemCompleted():
                self._item_completed(tx, tenant.id, event)
            case Roadmap.ItemRescheduled():
                self._item_rescheduled(tx, tenant.id, event)
            case Roadmap.ItemCancelled():
                self._item_update(tx, tenant.id, event, "status = 'cancelled', reason = ?", (event.reason,))

    def roadmap_key(self, tx: BoundTx, tenant: str, stream: UUID) -> str | None:
        """The roadmap key of a stream: cached, else found among the tenant's roadmaps."""
        key = self._keys.get(stream)
        if key is None:
            for row in tx.query("SELECT roadmap FROM {roadmaps} WHERE tenant = ?", (tenant,)):
                self._keys[Roadmap.stream_for(tenant, row["roadmap"])] = row["roadmap"]
            key = self._keys.get(stream)
        return key

    def _approved(self, tx: BoundTx, tenant: str, event: Roadmap.Approved) -> None:
        self._keys[event.originator_id] = event.key
        tx.execute(
            "INSERT INTO {roadmaps} (tenant, roadmap, school, title, period_start, period_end, "
            "approved_on) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (tenant, event.key, event.school, event.title, _iso(event.period_start),
             _iso(event.period_end), _iso(event.approved_on)),
        )

    def _item_added(self, tx: BoundTx, tenant: str, event: Roadmap.ItemAdded) -> None:
        roadmap = self.roadmap_key(tx, tenant, event.originator_id)
        rows = tx.query(
            "SELECT school, (SELECT COUNT(*) FROM {items} i WHERE i.tenant = r.tenant "
            "AND i.roadmap = r.roadmap) AS n FROM {roadmaps} r WHERE r.tenant = ? AND r.roadmap = ?",
            (tenant, roadmap),
        )
        if not rows:
            return
        schedule = event.schedule
        tx.execute(
            "INSERT INTO {items} (tenant, roadmap, item, school, seq, section, title, form, label, "
            "schedule, responsible, first_due, final_due, status, started_on, completed_on, "
            "evidence, reason, reschedules) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'planned', NULL, NULL, '[]', '', 0)",
            (tenant, roadmap, event.item, rows[0]["school"], int(rows[0]["n"]) + 1, event.section,
             event.title, type(schedule).__struct_config__.tag, schedule.label,
             encode_schedule(schedule), msgspec.json.encode(list(event.responsible)).decode(),
             _iso(first_due(schedule)), _iso(final_due(schedule))),
        )

    def _item_update(self, tx: BoundTx, tenant: str, event: Any, sets: str, params: tuple) -> None:
        """Update one item of the event's roadmap (`event` is any item event: it names `item`)."""
        roadmap = self.roadmap_key(tx, tenant, event.originator_id)
        tx.execute(
            f"UPDATE {{items}} SET {sets} WHERE tenant = ? AND roadmap = ? AND item = ?",
            (*params, tenant, roadmap, event.item),
        )

    def _item_completed(self, tx: BoundTx, tenant: str, event: Roadmap.ItemCompleted) -> None:
        evidence = msgspec.json.encode(list(event.evidence)).decode()
        completed = _iso(event.completed_on)
        self._item_update(
            tx, tenant, event,
            "status = 'done', started_on = COALESCE(started_on, ?), completed_on = ?, evidence = ?",
            (completed, completed, evidence),
        )

    def _item_rescheduled(self, tx: BoundTx, tenant: str, event: Roadmap.ItemRescheduled) -> None:
        schedule = event.schedule
        self._item_update(
            tx, tenant, event,
            "form = ?, label = ?, schedule = ?, first_due = ?, final_due = ?, reason = ?, "
            "reschedules = reschedules + 1",
            (type(schedule).__struct_config__.tag, schedule.label, encode_schedule(schedule),
             _iso(first_due(schedule)), _iso(final_due(schedule)), event.reason),
        )
