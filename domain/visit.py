"""Visit: planned -> held (findings) | cancelled; missed is derived (000 items 9-11, 16)."""

from __future__ import annotations

from datetime import date
from typing import Literal, get_args

from eventsourcing.domain import event

from domain.base import CascadeAggregate, InvalidValue, Provenance, check_key
from domain.occurrence import RoadmapLink

#: Forms of interaction named in the documents: lessons and extracurricular activities
#: (000 item 9), pedagogical council (000 item 10), methodological association meetings
#: (000 item 11), consultations and seminars (001 forms of interaction), internships (003 p.2.2).
VisitKind = Literal[
    "lesson",
    "extracurricular",
    "pedagogical_council",
    "methodological_meeting",
    "consultation",
    "seminar",
    "internship",
    "other",
]

VisitStatus = Literal["planned", "held", "cancelled"]


class Visit(CascadeAggregate):
    """One visit between the schools of a partnership, so "held vs planned" can be counted."""

    stream_kind = "visit"

    class Planned(CascadeAggregate.Created):
        key: str
        partnership: str
        host_school: str
        visiting_school: str
        kind: VisitKind
        planned_on: date
        topic: str
        #: The roadmap occurrence this visit is planned for (W11); held, it closes it.
        link: RoadmapLink | None = None

    class Held(CascadeAggregate.Event):
        held_on: date
        findings: str
        recommendations: str
        participants: int

    class Cancelled(CascadeAggregate.Event):
        reason: str


    @classmethod
    def plan(
        cls,
        meta: Provenance,
        key: str,
        partnership: str,
        host_school: str,
        visiting_school: str,
        kind: VisitKind,
        planned_on: date,
        topic: str = "",
        link: RoadmapLink | None = None,
    ) -> Visit:
        """Plan a visit of one school of a partnership to the other (host = the school visited)."""
        check_key(key, "visit")
        check_key(partnership, "partnership")
        check_key(host_school, "host_school")
        check_key(visiting_school, "visiting_school")
        if host_school == visiting_school:
            raise InvalidValue("visiting_school", "must differ from host_school")
        if kind not in get_args(VisitKind):
            raise InvalidValue("kind", "must be one of {choices}", choices=', '.join(get_args(VisitKind)))
        return cls._create(
            cls.Planned,
            meta=meta,
            key=key,
            partnership=partnership,
            host_school=host_school,
            visiting_school=visiting_school,
            kind=kind,
            planned_on=planned_on,
            topic=topic,
            link=link,
        )

    def __init__(
        self,
        meta: Provenance,
        key: str,
        partnership: str,
        host_school: str,
        visiting_school: str,
        kind: str,
        planned_on: date,
        topic: str,
        link: RoadmapLink | None = None,
    ) -> None:
        self.key = key
        self.link = link
        self.partnership = partnership
        self.host_school = host_school
        self.visiting_school = visiting_school
        self.kind = kind
        self.planned_on = planned_on
        self.topic = topic
        self.status: VisitStatus = "planned"
        self.held_on: date | None = None
        self.findings = ""
        self.recommendations = ""
        self.participants: int | None = None
        self.cancel_reason = ""

    def hold(
        self,
        meta: Provenance,
        held_on: date,
        findings: str,
        recommendations: str,
        participants: int,
    ) -> None:
        """Record the visit held with what was seen and advised (003 p.2.2)."""
        self._require(self.status != "held", "visit {key} is already held", "visit", key=self.key)
        self._require(self.status != "cancelled", "visit {key} is cancelled", "visit", key=self.key)
        if not findings.strip():
            raise InvalidValue("findings", "must not be empty")
        if participants < 0:
            raise InvalidValue("participants", "must not be negative")
        self._held(
            meta=meta,
            held_on=held_on,
            findings=findings,
            recommendations=recommendations,
            participants=participants,
        )

    @event(Held)
    def _held(
        self,
        meta: Provenance,
        held_on: date,
        findings: str,
        recommendations: str,
        participants: int,
    ) -> None:
        self.status = "held"
        self.held_on = held_on
        self.findings = findings
        self.recommendations = recommendations
        self.participants = participants

    def cancel(self, meta: Provenance, reason: str) -> None:
        """Call off a planned visit, with the reason."""
        self._require(self.status != "held", "visit {key} is already held", "visit", key=self.key)
        self._require(self.status != "cancelled", "visit {key} is already cancelled", "visit", key=self.key)
        if not reason.strip():
            raise InvalidValue("reason", "must not be empty")
        self._cancelled(meta=meta, reason=reason)

    @event(Cancelled)
    def _cancelled(self, meta: Provenance, reason: str) -> None:
        self.status = "cancelled"
        self.cancel_reason = reason
