"""Commands about organisations that are not schools, their events for many schools, and the
teacher headcounts 001 indicator 2 is computed from."""

from __future__ import annotations

from typing import Annotated

import msgspec

from domain.organisation import (
    Organisation,
    OrganisationEvent,
    OrganisationEventKind,
    OrganisationKind,
    Participation,
    TeacherHeadcount,
)
from domain.roles import AUTHORITIES
from services.commands.catalogue.common import (
    BusinessDate,
    Count,
    Key,
    OptionalLine,
    OptionalText,
    ShortText,
    Year,
)
from services.commands.registry import Command, handles
from services.commands.session import Session


class RegisterOrganisation(Command, tag="register_organisation"):
    """Register a participant of the programme that is not a school: a methodological service
    (ИМЦ, ММС, ЦДО), ИРО, a ППМС centre, a preschool, a culture or sport institution, a
    university (001 p.3, p.5; 004 §3.1)."""

    organisation: Key
    name: ShortText
    kind: OrganisationKind
    short_name: OptionalLine = ""
    role_in_programme: OptionalText = ""


class PlanOrganisationEvent(Command, tag="plan_organisation_event"):
    """Plan a seminar, consultation, methodical day or course an organisation runs for schools."""

    event: Key
    organiser: Key
    kind: OrganisationEventKind
    planned_on: BusinessDate
    topic: ShortText


class SchoolParticipation(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A school of the municipality and how many of its teachers took part."""

    school: Key
    teachers: Count


class RecordOrganisationEventHeld(Command, tag="record_organisation_event_held"):
    """Record an event held, with the schools and the number of their teachers taking part."""

    event: Key
    held_on: BusinessDate
    participants: Annotated[list[SchoolParticipation], msgspec.Meta(min_length=1, max_length=500)]
    summary: OptionalText = ""


class CancelOrganisationEvent(Command, tag="cancel_organisation_event"):
    """Call off a planned event, saying why."""

    event: Key
    reason: ShortText


class RecordTeacherHeadcount(Command, tag="record_teacher_headcount"):
    """The number of teachers of a school in a year (001 indicator 2's denominator); a
    different number for a recorded year is a correction and needs a reason."""

    school: Key
    year: Year
    teachers: Annotated[int, msgspec.Meta(ge=1, le=100_000)]
    reason: OptionalLine = ""


@handles(RegisterOrganisation, roles=AUTHORITIES)
def register_organisation(cmd: RegisterOrganisation, session: Session) -> None:
    organisation = Organisation.register(
        session.meta, cmd.organisation, cmd.name, cmd.short_name, cmd.kind, cmd.role_in_programme
    )
    session.new(organisation, "organisation", cmd.organisation)


@handles(PlanOrganisationEvent, roles=AUTHORITIES)
def plan_organisation_event(cmd: PlanOrganisationEvent, session: Session) -> None:
    session.load(Organisation, Organisation.stream_for(session.tenant.id, cmd.organiser),
                 "organiser", cmd.organiser)
    planned = OrganisationEvent.plan(
        session.meta, cmd.event, cmd.organiser, cmd.kind, cmd.planned_on, cmd.topic
    )
    session.new(planned, "event", cmd.event)


def _event(session: Session, key: str) -> OrganisationEvent:
    return session.target(OrganisationEvent, OrganisationEvent.stream_for(session.tenant.id, key),
                          "event", key)


@handles(RecordOrganisationEventHeld, roles=AUTHORITIES)
def record_organisation_event_held(cmd: RecordOrganisationEventHeld, session: Session) -> None:
    held = _event(session, cmd.event)
    held_on = session.not_after_today(cmd.held_on, "held_on")
    for participant in cmd.participants:
        session.school(participant.school, "participants")
    participants = tuple(Participation(p.school, p.teachers) for p in cmd.participants)
    held.hold(session.meta, held_on, participants, cmd.summary)


@handles(CancelOrganisationEvent, roles=AUTHORITIES)
def cancel_organisation_event(cmd: CancelOrganisationEvent, session: Session) -> None:
    _event(session, cmd.event).cancel(session.meta, cmd.reason)


@handles(RecordTeacherHeadcount, roles=AUTHORITIES)
def record_teacher_headcount(cmd: RecordTeacherHeadcount, session: Session) -> None:
    session.school(cmd.school)
    stream = TeacherHeadcount.stream_for(session.tenant.id, TeacherHeadcount.key_for(cmd.school, cmd.year))
    if session.find(TeacherHeadcount, stream) is None:
        headcount = TeacherHeadcount.record(session.meta, cmd.school, cmd.year, cmd.teachers)
        session.new(headcount, "school", cmd.school)
        return
    session.target(TeacherHeadcount, stream, "school", cmd.school).correct(
        session.meta, cmd.teachers, cmd.reason)
