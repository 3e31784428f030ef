"""Commands about roadmaps: approve one for a school, add items, start, complete, move, drop them
and their single occurrences (W7)."""

from __future__ import annotations

from typing import Annotated

import msgspec

from domain.base import InvalidValue
from domain.occurrence import Evidence, EvidenceKind
from domain.roadmap import Roadmap
from domain.roles import MUNICIPAL_ROLES, MUNICIPALITY_ONLY
from domain.schedule import Schedule, validate_schedule
from services.commands.authorisation import require_school
from services.commands.catalogue.approval import SheetRef, approved_on_sheet
from services.commands.catalogue.common import (
    Basis,
    BusinessDate,
    Key,
    OptionalText,
    ShortText,
    Text,
    basis_or_none,
)
from services.commands.registry import Command, handles
from services.commands.session import Session


class ItemEvidence(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Proof an item was done: a document (order, plan), a link to a published page, or a note."""

    kind: EvidenceKind
    reference: ShortText
    description: OptionalText = ""

    def to_domain(self) -> Evidence:
        return Evidence(self.kind, self.reference, self.description)


class ApproveRoadmap(Command, tag="approve_roadmap"):
    """Record the roadmap («дорожная карта») approved for a school for a period (000 app. 3)."""

    roadmap: Key
    school: Key
    title: ShortText
    period_start: BusinessDate
    period_end: BusinessDate
    approved_on: BusinessDate
    basis: Basis | None = None
    sheet: SheetRef = None


class AddRoadmapItem(Command, tag="add_roadmap_item"):
    """Add an item (мероприятие) under a section of a roadmap, with its schedule and responsible."""

    roadmap: Key
    item: Key
    section: ShortText
    title: Text
    schedule: Schedule
    responsible: Annotated[list[ShortText], msgspec.Meta(min_length=1, max_length=20)]
    expected_result: OptionalText = ""


class StartRoadmapItem(Command, tag="start_roadmap_item"):
    """Record that work on a planned roadmap item has begun."""

    roadmap: Key
    item: Key
    started_on: BusinessDate


class CompleteRoadmapItem(Command, tag="complete_roadmap_item"):
    """Record a roadmap item done, with at least one piece of evidence."""

    roadmap: Key
    item: Key
    completed_on: BusinessDate
    evidence: Annotated[list[ItemEvidence], msgspec.Meta(min_length=1, max_length=50)]


class RescheduleRoadmapItem(Command, tag="reschedule_roadmap_item"):
    """Move an open roadmap item to a new schedule, saying why."""

    roadmap: Key
    item: Key
    schedule: Schedule
    reason: ShortText


class CancelRoadmapItem(Command, tag="cancel_roadmap_item"):
    """Drop a roadmap item that is not done, saying why."""

    roadmap: Key
    item: Key
    reason: ShortText


class CompleteRoadmapOccurrence(Command, tag="complete_roadmap_occurrence"):
    """Record one occurrence of a roadmap item (named by its planned date) done, with its evidence."""

    roadmap: Key
    item: Key
    occurrence: BusinessDate
    completed_on: BusinessDate
    evidence: Annotated[list[ItemEvidence], msgspec.Meta(min_length=1, max_length=50)]


class CancelRoadmapOccurrence(Command, tag="cancel_roadmap_occurrence"):
    """Drop one occurrence of a roadmap item (named by its planned date), saying why."""

    roadmap: Key
    item: Key
    occurrence: BusinessDate
    reason: ShortText
    #: The day it was called off; today if not given.
    cancelled_on: BusinessDate | None = None


class RescheduleRoadmapOccurrence(Command, tag="reschedule_roadmap_occurrence"):
    """Move one occurrence of a roadmap item (named by its planned date) to another day."""

    roadmap: Key
    item: Key
    occurrence: BusinessDate
    due: BusinessDate
    reason: ShortText


def _roadmap(session: Session, key: str) -> Roadmap:
    return session.target(Roadmap, Roadmap.stream_for(session.tenant.id, key), "roadmap", key)


def _schedule(schedule: Schedule) -> Schedule:
    """The schedule, checked; a bad field is named by its path in the command, e.g. schedule.end."""
    try:
        return validate_schedule(schedule)
    except InvalidValue as error:
        raise InvalidValue(f"schedule.{error.field}", error.template, **error.params) from None


@handles(ApproveRoadmap, roles=MUNICIPALITY_ONLY)
def approve_roadmap(cmd: ApproveRoadmap, session: Session) -> None:
    session.school(cmd.school)
    roadmap = Roadmap.approve(
        session.meta,
        cmd.roadmap,
        cmd.school,
        cmd.title,
        cmd.period_start,
        cmd.period_end,
        approved_on_sheet(session, cmd.sheet, "roadmap", cmd.roadmap,
                          session.not_after_today(cmd.approved_on, "approved_on"), "approved_on"),
        basis_or_none(cmd.basis),
    )
    session.new(roadmap, "roadmap", cmd.roadmap)


@handles(AddRoadmapItem, roles=MUNICIPALITY_ONLY)
def add_roadmap_item(cmd: AddRoadmapItem, session: Session) -> None:
    _roadmap(session, cmd.roadmap).add_item(
        session.meta,
        cmd.item,
        cmd.section,
        cmd.title,
        _schedule(cmd.schedule),
        tuple(cmd.responsible),
        cmd.expected_result,
    )


@handles(StartRoadmapItem, roles=MUNICIPAL_ROLES)
def start_roadmap_item(cmd: StartRoadmapItem, session: Session) -> None:
    roadmap = _roadmap(session, cmd.roadmap)
    require_school(session.principal, roadmap.school)
    roadmap.start_item(session.meta, cmd.item, session.not_after_today(cmd.started_on, "started_on"))


@handles(CompleteRoadmapItem, roles=MUNICIPAL_ROLES)
def complete_roadmap_item(cmd: CompleteRoadmapItem, session: Session) -> None:
    roadmap = _roadmap(session, cmd.roadmap)
    require_school(session.principal, roadmap.school)
    roadmap.complete_item(
        session.meta,
        cmd.item,
        session.not_after_today(cmd.completed_on, "completed_on"),
        tuple(piece.to_domain() for piece in cmd.evidence),
    )


@handles(RescheduleRoadmapItem, roles=MUNICIPALITY_ONLY)
def reschedule_roadmap_item(cmd: RescheduleRoadmapItem, session: Session) -> None:
    _roadmap(session, cmd.roadmap).reschedule_item(
        session.meta, cmd.item, _schedule(cmd.schedule), cmd.reason
    )


@handles(CancelRoadmapItem, roles=MUNICIPALITY_ONLY)
def cancel_roadmap_item(cmd: CancelRoadmapItem, session: Session) -> None:
    _roadmap(session, cmd.roadmap).cancel_item(session.meta, cmd.item, cmd.reason)


@handles(CompleteRoadmapOccurrence, roles=MUNICIPAL_ROLES)
def complete_roadmap_occurrence(cmd: CompleteRoadmapOccurrence, session: Session) -> None:
    roadmap = _roadmap(session, cmd.roadmap)
    require_school(session.principal, roadmap.school)
    roadmap.complete_occurrence(
        session.meta, cmd.item, cmd.occurrence.isoformat(),
        session.not_after_today(cmd.completed_on, "completed_on"),
        tuple(piece.to_domain() for piece in cmd.evidence),
    )


@handles(CancelRoadmapOccurrence, roles=MUNICIPALITY_ONLY)
def cancel_roadmap_occurrence(cmd: CancelRoadmapOccurrence, session: Session) -> None:
    on = session.not_after_today(cmd.cancelled_on or session.today, "cancelled_on")
    _roadmap(session, cmd.roadmap).cancel_occurrence(
        session.meta, cmd.item, cmd.occurrence.isoformat(), on, cmd.reason
    )


@handles(RescheduleRoadmapOccurrence, roles=MUNICIPALITY_ONLY)
def reschedule_roadmap_occurrence(cmd: RescheduleRoadmapOccurrence, session: Session) -> None:
    _roadmap(session, cmd.roadmap).reschedule_occurrence(
        session.meta, cmd.item, cmd.occurrence.isoformat(), cmd.due, cmd.reason
    )
