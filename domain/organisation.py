"""Organisations that are not schools, the events they run for many schools, teacher headcounts.

001 p.3 and p.5 (heads of preschool and additional-education organisations; the methodical
department of МБУ ДО «ЦДО» and the ОЦПРМСО implement the programme), 001 «социальные
институты» (УК, УС), 004 §3.1 and §4.3 (ГАУ ДПО ИРО runs seminars with a practical part;
universities take part), 001 indicator 2 (the share of teachers covered by the network's events).
"""

from __future__ import annotations

from datetime import date
from typing import Literal, get_args
from uuid import UUID

import msgspec
from eventsourcing.domain import event

from domain.base import CascadeAggregate, InvalidValue, Provenance, check_key, composite_key

#: Kinds of participant named in the documents: methodological services (ИМЦ, ММС, the
#: methodical department of a ЦДО, 001 p.5; 004 §3.1), centres of additional education (ЦДО),
#: the regional institute of development of education (ИРО, 004 §4.3), centres of
#: psychological, pedagogical, medical and social help (ППМС, ОЦПРМСО of 001 p.5),
#: preschools (001 p.3), culture and sport institutions (001 «УК, УС»), universities (004 §3.1).
OrganisationKind = Literal[
    "methodological_service",
    "additional_education",
    "development_institute",
    "ppms_centre",
    "preschool",
    "culture",
    "sport",
    "university",
    "other",
]

#: Forms of the events an organisation runs for many schools (001 «формы взаимодействия»:
#: методические дни, консультации, семинары; 004 §4.3 серии семинаров, мастер-классы,
#: практикумы; 003 programme: курсы повышения квалификации).
OrganisationEventKind = Literal[
    "seminar", "consultation", "methodical_day", "course", "master_class", "workshop", "other",
]

OrganisationEventStatus = Literal["planned", "held", "cancelled"]


def check_text(value: str, field: str) -> str:
    if not value.strip():
        raise InvalidValue(field, "must not be empty")
    return value


def check_kind(value: str, allowed: object, field: str = "kind") -> str:
    if value not in get_args(allowed):
        raise InvalidValue(field, "must be one of {choices}", choices=', '.join(get_args(allowed)))
    return value


class Organisation(CascadeAggregate):
    """A participant of the programme that is not a school (001 p.3, p.5; 004 §3.1)."""

    stream_kind = "organisation"

    class Registered(CascadeAggregate.Created):
        key: str
        name: str
        short_name: str
        kind: OrganisationKind
        #: What makes it a participant: the order or plan naming it, as its text says.
        role_in_programme: str = ""

    @classmethod
    def register(
        cls, meta: Provenance, key: str, name: str, short_name: str, kind: OrganisationKind,
        role_in_programme: str = "",
    ) -> Organisation:
        """Register a participant of the programme with its kind (001 p.3, p.5; 004 §3.1)."""
        check_key(key, "organisation")
        check_text(name, "name")
        check_kind(kind, OrganisationKind)
        return cls._create(
            cls.Registered, meta=meta, key=key, name=name, short_name=short_name or name, kind=kind,
            role_in_programme=role_in_programme,
        )

    def __init__(
        self, meta: Provenance, key: str, name: str, short_name: str, kind: str,
        role_in_programme: str = "",
    ) -> None:
        self.key = key
        self.name = name
        self.short_name = short_name
        self.kind = kind
        self.role_in_programme = role_in_programme


class Participation(msgspec.Struct, frozen=True):
    """A school taking part in an event and how many of its teachers did (001 indicator 2)."""

    school: str
    teachers: int


def check_participants(participants: tuple[Participation, ...]) -> tuple[Participation, ...]:
    """001 forms of interaction: an event of the network serves schools; each school once,
    its teachers counted (not negative)."""
    if not participants:
        raise InvalidValue("participants", "must name at least one school")
    seen: set[str] = set()
    for p in participants:
        check_key(p.school, "participants")
        if p.school in seen:
            raise InvalidValue("participants", "school {school} is listed twice", school=p.school)
        if p.teachers < 0:
            raise InvalidValue("participants", "teachers of {school} must not be negative", school=p.school)
        seen.add(p.school)
    return participants


class OrganisationEvent(CascadeAggregate):
    """An event an organisation runs for many schools: planned -> held (schools, teachers) | cancelled."""

    stream_kind = "organisation_event"

    class Planned(CascadeAggregate.Created):
        key: str
        organiser: str
        kind: OrganisationEventKind
        planned_on: date
        topic: str

    class Held(CascadeAggregate.Event):
        held_on: date
        participants: tuple[Participation, ...]
        summary: str = ""

    class Cancelled(CascadeAggregate.Event):
        reason: str

    @classmethod
    def plan(
        cls, meta: Provenance, key: str, organiser: str, kind: OrganisationEventKind,
        planned_on: date, topic: str,
    ) -> OrganisationEvent:
        """Plan an event of an organisation (004 §4.3: seminars, consultations, courses...)."""
        check_key(key, "event")
        check_key(organiser, "organiser")
        check_kind(kind, OrganisationEventKind)
        check_text(topic, "topic")
        return cls._create(
            cls.Planned, meta=meta, key=key, organiser=organiser, kind=kind, planned_on=planned_on,
            topic=topic,
        )

    def __init__(
        self, meta: Provenance, key: str, organiser: str, kind: str, planned_on: date, topic: str,
    ) -> None:
        self.key = key
        self.organiser = organiser
        self.kind = kind
        self.planned_on = planned_on
        self.topic = topic
        self.status: OrganisationEventStatus = "planned"
        self.held_on: date | None = None
        self.participants: tuple[Participation, ...] = ()

    def hold(self, meta: Provenance, held_on: date, participants: tuple[Participation, ...],
             summary: str = "") -> None:
        """Record the event held with the schools and the number of their teachers who took part."""
        self._require(self.status == "planned", "event {key} is {status}", "event", key=self.key, status=self.status)
        self._held(meta=meta, held_on=held_on, participants=check_participants(participants),
                   summary=summary)

    @event(Held)
    def _held(self, meta: Provenance, held_on: date, participants: tuple[Participation, ...],
              summary: str) -> None:
        self.status = "held"
        self.held_on = held_on
        self.participants = tuple(participants)

    def cancel(self, meta: Provenance, reason: str) -> None:
        """Call off a planned event, saying why."""
        self._require(self.status == "planned", "event {key} is {status}", "event", key=self.key, status=self.status)
        self._cancelled(meta=meta, reason=check_text(reason, "reason"))

    @event(Cancelled)
    def _cancelled(self, meta: Provenance, reason: str) -> None:
        self.status = "cancelled"


class TeacherHeadcount(CascadeAggregate):
    """The number of teachers of a school in a year: the denominator of 001 indicator 2."""

    stream_kind = "teacher_headcount"

    class Recorded(CascadeAggregate.Created):
        school: str
        year: int
        teachers: int

    class Corrected(CascadeAggregate.Event):
        teachers: int
        reason: str

    @staticmethod
    def key_for(school: str, year: int) -> str:
        """One stream per school and year."""
        return composite_key(check_key(school, "school"), str(year))

    @staticmethod
    def create_id(meta: Provenance, school: str, year: int) -> UUID:
        return TeacherHeadcount.stream_for(meta.tenant_id, TeacherHeadcount.key_for(school, year))

    @classmethod
    def record(cls, meta: Provenance, school: str, year: int, teachers: int) -> TeacherHeadcount:
        """001 indicator 2: a school's teachers in a year; at least one."""
        check_key(school, "school")
        if teachers < 1:
            raise InvalidValue("teachers", "a school has at least one teacher")
        return cls._create(cls.Recorded, meta=meta, school=school, year=year, teachers=teachers)

    def __init__(self, meta: Provenance, school: str, year: int, teachers: int) -> None:
        self.school = school
        self.year = year
        self.teachers = teachers

    def correct(self, meta: Provenance, teachers: int, reason: str) -> None:
        """A different figure for the same year replaces the earlier one, with a reason."""
        if teachers < 1:
            raise InvalidValue("teachers", "a school has at least one teacher")
        self._require(teachers != self.teachers, "{teachers} teachers already recorded", "teachers", teachers=self.teachers)
        self._corrected(meta=meta, teachers=teachers, reason=check_text(reason, "reason"))

    @event(Corrected)
    def _corrected(self, meta: Provenance, teachers: int, reason: str) -> None:
        self.teachers = teachers
