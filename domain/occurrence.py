"""Occurrences of a roadmap item: each concrete date or period of its schedule is an obligation
of its own, with its own status and evidence (W7; 000 appendix 3, p.2.2).

An occurrence is keyed by the ISO date the plan gives it (`2021-04-22`): the key survives a
move of that occurrence to another day. `domain.schedule.roadmap_occurrences` gives the planned
dates (a list of dates, a monthly day, a yearly window, a window, a deadline, and an open-ended
item due at the end of its period); what was recorded of each (done with evidence, cancelled,
moved) is an `OccurrenceRecord`. Statuses are derived in `domain.status.occurrence_status`.

An `ItemCompleted` event (the whole item done, the only completion before occurrences existed)
keeps its old meaning on replay: every occurrence without a record of its own counts as done on
that date, with that evidence.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

import msgspec

from domain.base import InvalidTransition, InvalidValue, NotFound, Provenance, check_business_date
from domain.schedule import Schedule, final_due, roadmap_occurrences

#: What proves an item done: an order or plan, a link to a published page, or a short note.
EvidenceKind = Literal["document", "link", "note"]


class Evidence(msgspec.Struct, frozen=True):
    """Proof that an item was done, so the region can check it without asking (000 p.2.2)."""

    kind: EvidenceKind
    reference: str
    description: str = ""


class RoadmapLink(msgspec.Struct, frozen=True):
    """The roadmap occurrence a visit or internship is planned for (W11): held, it closes it."""

    roadmap: str
    item: str
    occurrence: str


class OccurrenceRecord(msgspec.Struct, frozen=True):
    """What was recorded of one occurrence; one never acted upon has no record."""

    key: str
    done_on: date | None = None
    evidence: tuple[Evidence, ...] = ()
    cancelled_on: date | None = None
    #: The day it was moved to (None: due on its planned date).
    moved_to: date | None = None
    reason: str = ""
    #: What closed it, e.g. `visit:<key>` or `internship:<key>` (W11); empty: recorded directly.
    via: str = ""


#: Where an item stands; "overdue" is not a status: domain.status derives it from a date.
ItemStatus = Literal["planned", "in_progress", "done", "cancelled"]

#: Item statuses still open.
OPEN: tuple[str, ...] = ("planned", "in_progress")


class RoadmapItem(msgspec.Struct, frozen=True):
    """State of one item (мероприятие), rebuilt from the events; replaced, never mutated."""

    key: str
    section: str
    title: str
    schedule: Schedule
    responsible: tuple[str, ...]
    expected_result: str = ""
    status: ItemStatus = "planned"
    started_on: date | None = None
    completed_on: date | None = None
    evidence: tuple[Evidence, ...] = ()
    cancel_reason: str = ""
    #: What was recorded of single occurrences (domain.occurrence), in the order recorded.
    occurrences: tuple[OccurrenceRecord, ...] = ()

    @property
    def due_on(self) -> date | None:
        """Last date the item can be on time; None if its dates live elsewhere or never end."""
        return final_due(self.schedule)


class ItemOccurrence(msgspec.Struct, frozen=True):
    """One occurrence as it stands: planned date (its key), current due date and the record."""

    key: str
    planned_due: date
    due: date
    window_start: date | None
    done_on: date | None
    evidence: tuple[Evidence, ...]
    cancelled_on: date | None
    moved: bool
    reason: str
    via: str

    @property
    def is_open(self) -> bool:
        return self.done_on is None and self.cancelled_on is None


def occurrence_key(due: date) -> str:
    """The stable key of an occurrence: the ISO date the plan gives it."""
    return due.isoformat()


def item_occurrences(
    schedule: Schedule, period_start: date, period_end: date,
    records: Mapping[str, OccurrenceRecord], completed_on: date | None = None,
    evidence: tuple[Evidence, ...] = (),
) -> list[ItemOccurrence]:
    """Every occurrence of an item with what was recorded of it, in planned order.

    `completed_on`/`evidence`: a legacy whole-item completion (ItemCompleted), standing for
    every occurrence without a record of its own.
    """
    result = []
    for planned in roadmap_occurrences(schedule, period_start, period_end):
        key = occurrence_key(planned.due)
        record = records.get(key) or OccurrenceRecord(key)
        if record.done_on is None and record.cancelled_on is None and completed_on is not None:
            record = msgspec.structs.replace(record, done_on=completed_on, evidence=evidence)
        due = record.moved_to or planned.due
        start = planned.window_start
        if start is not None and start > due:
            start = None
        result.append(ItemOccurrence(
            key=key, planned_due=planned.due, due=due, window_start=start,
            done_on=record.done_on, evidence=record.evidence, cancelled_on=record.cancelled_on,
            moved=record.moved_to is not None, reason=record.reason, via=record.via,
        ))
    return result


def find_open(occurrences: list[ItemOccurrence], key: str, item: str) -> ItemOccurrence:
    """The occurrence under `key`, still open; a named error otherwise (404 / 409)."""
    for found in occurrences:
        if found.key == key:
            if not found.is_open:
                state = "done" if found.done_on is not None else "cancelled"
                raise InvalidTransition("occurrence {key} of item {item} is {state}", "occurrence", key=key, item=item, state=state)
            return found
    keys = ", ".join(o.key for o in occurrences) or "none"
    raise NotFound("item {item} has no occurrence {key} (its occurrences: {keys})", "occurrence", item=item, key=key, keys=keys)


def check_evidence(evidence: tuple[Evidence, ...]) -> tuple[Evidence, ...]:
    if not evidence:
        raise InvalidValue("evidence", "at least one piece of evidence is required")
    if any(not piece.reference.strip() for piece in evidence):
        raise InvalidValue("evidence", "every reference must be non-empty")
    return tuple(evidence)


def check_reason(reason: str) -> str:
    if not reason.strip():
        raise InvalidValue("reason", "must not be empty")
    return reason


def all_closed(occurrences: list[ItemOccurrence]) -> bool:
    """Every occurrence done or cancelled, and at least one done: the item as a whole is done."""
    return (bool(occurrences) and not any(o.is_open for o in occurrences)
            and any(o.done_on is not None for o in occurrences))


class OccurrenceCommands:
    """The Roadmap's commands on single occurrences (mixed into domain.roadmap.Roadmap)."""

    items: dict[str, RoadmapItem]
    period_start: date
    period_end: date

    if TYPE_CHECKING:  # provided by Roadmap and its base
        def item(self, key: str) -> RoadmapItem: ...
        def _require(self, condition: bool, message: str, field: str | None = None) -> None: ...
        def trigger_event(self, event_class: type[Any], **kwargs: Any) -> None: ...

    def occurrences(self, item: str) -> list[ItemOccurrence]:
        """Every occurrence of an item as it stands."""
        current = self.item(item)
        records = {r.key: r for r in current.occurrences}
        return item_occurrences(current.schedule, self.period_start, self.period_end, records,
                                current.completed_on, current.evidence)

    def _open_occurrence(self, item: str, occurrence: str) -> ItemOccurrence:
        current = self.item(item)
        self._require(current.status in OPEN, "item {item} is {status}", "item", item=item, status=current.status)
        return find_open(self.occurrences(item), occurrence, item)

    def complete_occurrence(self, meta: Provenance, item: str, occurrence: str, completed_on: date,
                            evidence: tuple[Evidence, ...], via: str = "") -> None:
        """Record one occurrence done with its own evidence and date; the others stay as they are."""
        self._open_occurrence(item, occurrence)
        self.trigger_event(self.OccurrenceCompleted, meta=meta, item=item,  # type: ignore[attr-defined]
                           occurrence=occurrence, completed_on=completed_on,
                           evidence=check_evidence(evidence), via=via)

    def cancel_occurrence(self, meta: Provenance, item: str, occurrence: str, cancelled_on: date,
                          reason: str) -> None:
        """Drop one occurrence not done, with the reason; the others stay due."""
        self._open_occurrence(item, occurrence)
        self.trigger_event(self.OccurrenceCancelled, meta=meta, item=item,  # type: ignore[attr-defined]
                           occurrence=occurrence, cancelled_on=cancelled_on, reason=check_reason(reason))

    def reschedule_occurrence(self, meta: Provenance, item: str, occurrence: str, due: date,
                              reason: str) -> None:
        """Move one open occurrence to another day, with the reason; its key stays the plan's date."""
        found = self._open_occurrence(item, occurrence)
        check_business_date(due, "due")
        if due == found.due:
            raise InvalidValue("due", "occurrence {occurrence} is already due on {due_on}", occurrence=occurrence, due_on=found.due)
        self.trigger_event(self.OccurrenceRescheduled, meta=meta, item=item,  # type: ignore[attr-defined]
                           occurrence=occurrence, due=due, reason=check_reason(reason))

    def record_occurrence(self, item: str, occurrence: str, **changes: Any) -> None:
        """Apply an occurrence event; the item is done once every occurrence is closed."""
        current = self.items[item]
        records = {r.key: r for r in current.occurrences}
        found = records.get(occurrence, OccurrenceRecord(occurrence))
        records[occurrence] = msgspec.structs.replace(found, **changes)
        current = msgspec.structs.replace(current, occurrences=tuple(records.values()))
        self.items[item] = current
        occurrences = self.occurrences(item)
        if all_closed(occurrences):
            last = max(o.done_on for o in occurrences if o.done_on is not None)
            self.items[item] = msgspec.structs.replace(
                current, status="done", started_on=current.started_on or last, completed_on=last)
