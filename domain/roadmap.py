"""Roadmap of a school and its items: planned -> in progress -> done | cancelled (000 app. 3)."""

from __future__ import annotations

from datetime import date

import msgspec
from eventsourcing.domain import event

from domain.base import (
    AlreadyExists,
    CascadeAggregate,
    InvalidValue,
    NotFound,
    Provenance,
    check_business_date,
    check_key,
)
from domain.occurrence import (
    OPEN,
    Evidence,
    OccurrenceCommands,
    RoadmapItem,
    check_evidence,
)
from domain.schedule import Schedule, validate_schedule
from domain.school import BasisDocument

_OPEN = OPEN


class Roadmap(OccurrenceCommands, CascadeAggregate):
    """The approved plan («дорожная карта») of one supported school for one period (000 app. 3)."""

    stream_kind = "roadmap"

    class Approved(CascadeAggregate.Created):
        key: str
        school: str
        title: str
        period_start: date
        period_end: date
        approved_on: date
        basis: BasisDocument | None

    class ItemAdded(CascadeAggregate.Event):
        item: str
        section: str
        title: str
        schedule: Schedule
        responsible: tuple[str, ...]
        expected_result: str

    class ItemStarted(CascadeAggregate.Event):
        item: str
        started_on: date

    class ItemCompleted(CascadeAggregate.Event):
        item: str
        completed_on: date
        evidence: tuple[Evidence, ...]

    class ItemRescheduled(CascadeAggregate.Event):
        item: str
        schedule: Schedule
        reason: str

    class ItemCancelled(CascadeAggregate.Event):
        item: str
        reason: str

    class OccurrenceCompleted(CascadeAggregate.Event):
        """One occurrence of an item done (W7); `via` names the visit or internship that did it (W11)."""

        item: str
        occurrence: str
        completed_on: date
        evidence: tuple[Evidence, ...]
        via: str = ""

        def apply(self, aggregate: Roadmap) -> None:
            aggregate.record_occurrence(self.item, self.occurrence, done_on=self.completed_on,
                                        evidence=self.evidence, via=self.via)

    class OccurrenceCancelled(CascadeAggregate.Event):
        item: str
        occurrence: str
        cancelled_on: date
        reason: str

        def apply(self, aggregate: Roadmap) -> None:
            aggregate.record_occurrence(self.item, self.occurrence, cancelled_on=self.cancelled_on,
                                        reason=self.reason)

    class OccurrenceRescheduled(CascadeAggregate.Event):
        item: str
        occurrence: str
        due: date
        reason: str

        def apply(self, aggregate: Roadmap) -> None:
            aggregate.record_occurrence(self.item, self.occurrence, moved_to=self.due, reason=self.reason)

    @classmethod
    def approve(
        cls,
        meta: Provenance,
        key: str,
        school: str,
        title: str,
        period_start: date,
        period_end: date,
        approved_on: date,
        basis: BasisDocument | None = None,
    ) -> Roadmap:
        """Record the roadmap approved for a school by an order (000 p.1, app. 3)."""
        check_key(key, "roadmap")
        check_key(school, "school")
        if not title.strip():
            raise InvalidValue("title", "must not be empty")
        check_business_date(period_start, "period_start")
        check_business_date(period_end, "period_end")
        check_business_date(approved_on, "approved_on")
        if period_end < period_start:
            raise InvalidValue("period_end", "must not be before period_start")
        return cls._create(
            cls.Approved,
            meta=meta,
            key=key,
            school=school,
            title=title,
            period_start=period_start,
            period_end=period_end,
            approved_on=approved_on,
            basis=basis,
        )

    def __init__(
        self,
        meta: Provenance,
        key: str,
        school: str,
        title: str,
        period_start: date,
        period_end: date,
        approved_on: date,
        basis: BasisDocument | None,
    ) -> None:
        self.key = key
        self.school = school
        self.title = title
        self.period_start = period_start
        self.period_end = period_end
        self.approved_on = approved_on
        self.basis = basis
        self.items: dict[str, RoadmapItem] = {}

    def item(self, key: str) -> RoadmapItem:
        """The item under its key, or a named error the API can turn into 404."""
        try:
            return self.items[key]
        except KeyError:
            raise NotFound("roadmap {key} has no item {key_2}", "item", key=self.key, key_2=key) from None

    def add_item(
        self,
        meta: Provenance,
        item: str,
        section: str,
        title: str,
        schedule: Schedule,
        responsible: tuple[str, ...],
        expected_result: str = "",
    ) -> None:
        """Add an item (мероприятие) under a section (направление), as written in the plan."""
        check_key(item, "item")
        if item in self.items:
            raise AlreadyExists("roadmap {key} already has item {item}", "item", key=self.key, item=item)
        if not section.strip():
            raise InvalidValue("section", "must not be empty")
        if not title.strip():
            raise InvalidValue("title", "must not be empty")
        if not responsible or any(not who.strip() for who in responsible):
            raise InvalidValue("responsible", "at least one, none empty")
        validate_schedule(schedule)
        self._item_added(
            meta=meta,
            item=item,
            section=section,
            title=title,
            schedule=schedule,
            responsible=tuple(responsible),
            expected_result=expected_result,
        )

    @event(ItemAdded)
    def _item_added(
        self,
        meta: Provenance,
        item: str,
        section: str,
        title: str,
        schedule: Schedule,
        responsible: tuple[str, ...],
        expected_result: str,
    ) -> None:
        self.items[item] = RoadmapItem(
            key=item,
            section=section,
            title=title,
            schedule=schedule,
            responsible=responsible,
            expected_result=expected_result,
        )

    def start_item(self, meta: Provenance, item: str, started_on: date) -> None:
        """Record that work on a planned item has begun."""
        current = self.item(item)
        self._require(current.status == "planned", "item {item} is {status}, not planned", "item", item=item, status=current.status)
        self._item_started(meta=meta, item=item, started_on=started_on)

    @event(ItemStarted)
    def _item_started(self, meta: Provenance, item: str, started_on: date) -> None:
        self.items[item] = msgspec.structs.replace(
            self.items[item], status="in_progress", started_on=started_on
        )

    def complete_item(
        self, meta: Provenance, item: str, completed_on: date, evidence: tuple[Evidence, ...]
    ) -> None:
        """Record an item done with its evidence; a planned item starts and completes at once.

        An item with several occurrences is done one occurrence at a time (W7): this completes
        it only while at most one occurrence is open (then that one, by OccurrenceCompleted).
        """
        current = self.item(item)
        self._require(current.status in _OPEN, "item {item} is {status}", "item", item=item, status=current.status)
        evidence = check_evidence(evidence)
        if current.started_on is not None and completed_on < current.started_on:
            raise InvalidValue("completed_on", "must not be before {started_on}", started_on=current.started_on)
        occurrences = self.occurrences(item)
        open_ = [o for o in occurrences if o.is_open]
        if len(occurrences) > 1:
            self._require(len(open_) == 1, "item {item} has {count} open occurrences: complete each by complete_roadmap_occurrence", "item", item=item, count=len(open_))
            self.complete_occurrence(meta, item, open_[0].key, completed_on, evidence)
            return
        self._item_completed(meta=meta, item=item, completed_on=completed_on, evidence=evidence)

    @event(ItemCompleted)
    def _item_completed(
        self, meta: Provenance, item: str, completed_on: date, evidence: tuple[Evidence, ...]
    ) -> None:
        current = self.items[item]
        self.items[item] = msgspec.structs.replace(
            current,
            status="done",
            started_on=current.started_on or completed_on,
            completed_on=completed_on,
            evidence=evidence,
        )

    def reschedule_item(self, meta: Provenance, item: str, schedule: Schedule, reason: str) -> None:
        """Move an open item to a new schedule; the reason stays in the log for the region."""
        current = self.item(item)
        self._require(current.status in _OPEN, "item {item} is {status}", "item", item=item, status=current.status)
        if not reason.strip():
            raise InvalidValue("reason", "must not be empty")
        validate_schedule(schedule)
        if schedule == current.schedule:
            raise InvalidValue("schedule", "is the same as the current one")
        self._item_rescheduled(meta=meta, item=item, schedule=schedule, reason=reason)

    @event(ItemRescheduled)
    def _item_rescheduled(
        self, meta: Provenance, item: str, schedule: Schedule, reason: str
    ) -> None:
        self.items[item] = msgspec.structs.replace(self.items[item], schedule=schedule)

    def cancel_item(self, meta: Provenance, item: str, reason: str) -> None:
        """Drop an item that is not done, with the reason."""
        current = self.item(item)
        self._require(current.status in _OPEN, "item {item} is {status}", "item", item=item, status=current.status)
        if not reason.strip():
            raise InvalidValue("reason", "must not be empty")
        self._item_cancelled(meta=meta, item=item, reason=reason)

    @event(ItemCancelled)
    def _item_cancelled(self, meta: Provenance, item: str, reason: str) -> None:
        self.items[item] = msgspec.structs.replace(
            self.items[item], status="cancelled", cancel_reason=reason
        )
