"""Roadmap view: every approved roadmap and its items with schedule, status and evidence.

Stored status is the item's own (planned | in_progress | done | cancelled); "overdue" is
derived on read from `final_due` and the date asked about, never stored (domain.md).

Tables (read by the overview view as well, so their shape is fixed):
- `roadmaps`: one row per roadmap, with its school and period;
- `items`: one row per item, `seq` in the order the items were added, the schedule as JSON
  (tagged by `form`), its first and final due dates, status, dates, evidence (JSON list) and
  the reason of the last reschedule or of the cancellation.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

import msgspec

from domain.roadmap import Roadmap
from domain.schedule import Occurrence, Schedule, due_dates, final_due, first_due
from services.projections.view import BoundTx, View
from tenants.registry import Tenant

_schedule_decoder = msgspec.json.Decoder(Schedule)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def encode_schedule(schedule: Schedule) -> str:
    """The schedule as stored: JSON tagged by `form`, the shape the command API accepts."""
    return msgspec.json.encode(schedule).decode()


def decode_schedule(text: str) -> Schedule:
    return _schedule_decoder.decode(text)


def occurrences(schedule: Schedule, period_start: date, period_end: date) -> list[Occurrence]:
    """Concrete due dates of an item of a roadmap with that period.

    A bounded schedule (deadline, window, dates, yearly with a last year, monthly with an end)
    yields all of its own dates, even one the plan put outside the roadmap's period, so no
    dated item disappears from the calendar. An unbounded one (yearly without a last year,
    monthly without an end) is cut to the roadmap's period. Open-ended and «по графику»
    schedules have no due dates.
    """
    start, end = period_start, period_end
    last = final_due(schedule)
    if last is not None:
        first = first_due(schedule) or last
        start, end = min(start, first), max(end, last)
    return due_dates(schedule, start, end)


class RoadmapView(View):
    """Roadmaps and their items; the overview reads these tables too."""

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
    indexes = (
        "CREATE INDEX IF NOT EXISTS {ix} ON {roadmaps} (tenant, school)",
        "CREATE INDEX IF NOT EXISTS {ix} ON {items} (tenant, school)",
    )

    def __init__(self) -> None:
        #: stream id -> roadmap key. The mapping is a pure function of (tenant, key), so a
        #: cached entry is never wrong, whatever transaction or generation put it there.
        self._keys: dict[UUID, str] = {}

    def process(self, tx: BoundTx, tenant: Tenant, event: Any, position: int) -> None:
        handler = _HANDLERS.get(type(event))
        if handler is not None:
            handler(self, tx, tenant.id, event)

    def roadmap_key(self, tx: BoundTx, tenant: str, stream: UUID) -> str | None:
        """The roadmap key of a stream: cached, else found among the tenant's roadmaps."""
        key = self._keys.get(stream)
        if key is None:
            for row in tx.query("SELECT roadmap FROM {roadmaps} WHERE tenant = ?", (tenant,)):
                self._keys[Roadmap.stream_for(tenant, row["roadmap"])] = row["roadmap"]
            key = self._keys.get(stream)
        return key

    # Handlers -----------------------------------------------------------------------------
    def _approved(self, tx: BoundTx, tenant: str, event: Any) -> None:
        self._keys[event.originator_id] = event.key
        tx.execute(
            "INSERT INTO {roadmaps} (tenant, roadmap, school, title, period_start, period_end, "
            "approved_on) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (tenant, event.key, event.school, event.title, _iso(event.period_start),
             _iso(event.period_end), _iso(event.approved_on)),
        )

    def _item_added(self, tx: BoundTx, tenant: str, event: Any) -> None:
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
        roadmap = self.roadmap_key(tx, tenant, event.originator_id)
        tx.execute(
            f"UPDATE {{items}} SET {sets} WHERE tenant = ? AND roadmap = ? AND item = ?",
            (*params, tenant, roadmap, event.item),
        )

    def _item_started(self, tx: BoundTx, tenant: str, event: Any) -> None:
        self._item_update(tx, tenant, event, "status = 'in_progress', started_on = ?",
                          (_iso(event.started_on),))

    def _item_completed(self, tx: BoundTx, tenant: str, event: Any) -> None:
        evidence = msgspec.json.encode(list(event.evidence)).decode()
        completed = _iso(event.completed_on)
        self._item_update(
            tx, tenant, event,
            "status = 'done', started_on = COALESCE(started_on, ?), completed_on = ?, evidence = ?",
            (completed, completed, evidence),
        )

    def _item_rescheduled(self, tx: BoundTx, tenant: str, event: Any) -> None:
        schedule = event.schedule
        self._item_update(
            tx, tenant, event,
            "form = ?, label = ?, schedule = ?, first_due = ?, final_due = ?, reason = ?, "
            "reschedules = reschedules + 1",
            (type(schedule).__struct_config__.tag, schedule.label, encode_schedule(schedule),
             _iso(first_due(schedule)), _iso(final_due(schedule)), event.reason),
        )

    def _item_cancelled(self, tx: BoundTx, tenant: str, event: Any) -> None:
        self._item_update(tx, tenant, event, "status = 'cancelled', reason = ?", (event.reason,))


_HANDLERS: dict[type, Callable[[RoadmapView, BoundTx, str, Any], None]] = {
    Roadmap.Approved: RoadmapView._approved,
    Roadmap.ItemAdded: RoadmapView._item_added,
    Roadmap.ItemStarted: RoadmapView._item_started,
    Roadmap.ItemCompleted: RoadmapView._item_completed,
    Roadmap.ItemRescheduled: RoadmapView._item_rescheduled,
    Roadmap.ItemCancelled: RoadmapView._item_cancelled,
}
