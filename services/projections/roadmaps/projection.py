"""Roadmap view: the only writer of the roadmaps and items tables.

Stored status is the item's own (planned | in_progress | done | cancelled); "overdue" is
derived on read (domain.status), never stored (domain.md).

Tables:
- `roadmaps`: one row per roadmap, with its school and period;
- `items`: one row per item, `seq` in the order the items were added, the schedule as JSON
  (tagged by `form`), its first and final due dates, status, dates, evidence (JSON list), the
  reason of the last reschedule or of the cancellation and the day it was cancelled (tenant
  time zone);
- `occurrences`: what was recorded of single occurrences (W7): done with evidence, cancelled,
  moved, keyed by the occurrence's planned ISO date. An item whose every occurrence is done or
  cancelled (one at least done) is stored done, on the last day one was done.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import msgspec

from domain.base import CascadeAggregate
from domain.occurrence import Evidence, OccurrenceRecord, all_closed, item_occurrences
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
            "reason TEXT NOT NULL, reschedules INTEGER NOT NULL, cancelled_on TEXT, "
            "PRIMARY KEY (tenant, roadmap, item))"
        ),
        # What was recorded of single occurrences (W7, domain.occurrence): one row per record.
        "occurrences": (
            "CREATE TABLE IF NOT EXISTS {occurrences} ("
            "tenant TEXT NOT NULL, roadmap TEXT NOT NULL, item TEXT NOT NULL, "
            "occurrence TEXT NOT NULL, done_on TEXT, evidence TEXT NOT NULL, cancelled_on TEXT, "
            "moved_to TEXT, reason TEXT NOT NULL, via TEXT NOT NULL, "
            "PRIMARY KEY (tenant, roadmap, item, occurrence))"
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
                recorded = event.timestamp.astimezone(ZoneInfo(tenant.timezone)).date()
                self._item_update(tx, tenant.id, event, "status = 'cancelled', reason = ?, cancelled_on = ?",
                                  (event.reason, _iso(recorded)))
            case Roadmap.OccurrenceCompleted() | Roadmap.OccurrenceCancelled() | Roadmap.OccurrenceRescheduled():
                self._occurrence(tx, tenant.id, event)

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
            "evidence, reason, reschedules, cancelled_on) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'planned', NULL, NULL, '[]', '', 0, NULL)",
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

    def _occurrence(self, tx: BoundTx, tenant: str, event: Any) -> None:
        """Record what one occurrence event says; the item is done once every occurrence is closed."""
        roadmap = self.roadmap_key(tx, tenant, event.originator_id)
        key = (tenant, roadmap, event.item, event.occurrence)
        tx.execute("INSERT INTO {occurrences} (tenant, roadmap, item, occurrence, done_on, evidence, "
                   "cancelled_on, moved_to, reason, via) VALUES (?, ?, ?, ?, NULL, '[]', NULL, NULL, '', '') "
                   "ON CONFLICT (tenant, roadmap, item, occurrence) DO NOTHING", key)
        match event:
            case Roadmap.OccurrenceCompleted():
                sets, params = "done_on = ?, evidence = ?, via = ?", (
                    _iso(event.completed_on), msgspec.json.encode(list(event.evidence)).decode(), event.via)
            case Roadmap.OccurrenceCancelled():
                sets, params = "cancelled_on = ?, reason = ?", (_iso(event.cancelled_on), event.reason)
            case _:
                sets, params = "moved_to = ?, reason = ?", (_iso(event.due), event.reason)
        tx.execute(f"UPDATE {{occurrences}} SET {sets} WHERE tenant = ? AND roadmap = ? AND item = ? "
                   "AND occurrence = ?", (*params, *key))
        found = tx.query("SELECT i.schedule, i.completed_on, i.evidence, r.period_start, r.period_end "
                         "FROM {items} i JOIN {roadmaps} r ON r.tenant = i.tenant AND r.roadmap = i.roadmap "
                         "WHERE i.tenant = ? AND i.roadmap = ? AND i.item = ?", key[:3])
        if not found:
            return
        records = occurrence_records(tx.query(
            "SELECT * FROM {occurrences} WHERE tenant = ? AND roadmap = ? AND item = ?", key[:3]))
        occurrences = item_occurrences(
            msgspec.json.decode(found[0]["schedule"], type=Schedule),
            date.fromisoformat(found[0]["period_start"]), date.fromisoformat(found[0]["period_end"]),
            records, _date(found[0]["completed_on"]),
            msgspec.json.decode(found[0]["evidence"], type=tuple[Evidence, ...]))
        if all_closed(occurrences):
            last = _iso(max(o.done_on for o in occurrences if o.done_on is not None))
            self._item_update(tx, tenant, event, "status = 'done', started_on = COALESCE(started_on, ?), "
                              "completed_on = ?", (last, last))


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def occurrence_records(rows: list[dict[str, Any]]) -> dict[str, OccurrenceRecord]:
    """Rows of the `occurrences` table as the domain's records, by occurrence key."""
    return {
        row["occurrence"]: OccurrenceRecord(
            row["occurrence"], _date(row["done_on"]),
            msgspec.json.decode(row["evidence"], type=tuple[Evidence, ...]), _date(row["cancelled_on"]),
            _date(row["moved_to"]), row["reason"], row["via"],
        )
        for row in rows
    }
