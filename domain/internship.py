"""Internship request: submitted -> confirmed -> held | withdrawn (003 p.2.3.1-2.3.2)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from eventsourcing.domain import event

from domain.base import (
    CascadeAggregate,
    DeadlineMissed,
    InvalidTransition,
    InvalidValue,
    Provenance,
    check_key,
)
from domain.occurrence import RoadmapLink
from domain.rules import (
    DeadlineRules,
    WorkingDays,
    internship_request_deadline,
    internship_withdrawal_deadline,
)

Status = Literal["submitted", "confirmed", "held", "withdrawn"]


class InternshipRequest(CascadeAggregate):
    """A school's request to send teachers on an internship at a partner school (003 p.2.3)."""

    stream_kind = "internship"

    class Submitted(CascadeAggregate.Created):
        key: str
        school: str
        host_school: str
        topic: str
        participants: int
        start: date
        end: date
        submitted_on: date
        #: The roadmap occurrence this internship is planned for (W11); held, it closes it.
        link: RoadmapLink | None = None

    class Confirmed(CascadeAggregate.Event):
        confirmed_on: date

    class Held(CascadeAggregate.Event):
        held_on: date
        participants_attended: int
        summary: str

    class Withdrawn(CascadeAggregate.Event):
        withdrawn_on: date
        reason: str


    @classmethod
    def submit(
        cls,
        meta: Provenance,
        key: str,
        school: str,
        host_school: str,
        topic: str,
        participants: int,
        start: date,
        end: date,
        submitted_on: date,
        rules: DeadlineRules,
        link: RoadmapLink | None = None,
    ) -> InternshipRequest:
        """Submit a request at least a week before the start (003 p.2.3.2); teachers are counted."""
        check_key(key, "internship")
        check_key(school, "school")
        check_key(host_school, "host_school")
        if host_school == school:
            raise InvalidValue("host_school", "must differ from the requesting school")
        if not topic.strip():
            raise InvalidValue("topic", "must not be empty")
        if participants < 1:
            raise InvalidValue("participants", "at least one teacher is required")
        if end < start:
            raise InvalidValue("end", "must not be before start")
        latest = internship_request_deadline(start, rules)
        if submitted_on > latest:
            raise DeadlineMissed("an internship starting on {start} must be requested by {latest}", "submitted_on", start=start, latest=latest)
        return cls._create(
            cls.Submitted,
            meta=meta,
            key=key,
            school=school,
            host_school=host_school,
            topic=topic,
            participants=participants,
            start=start,
            end=end,
            submitted_on=submitted_on,
            link=link,
        )

    def __init__(
        self,
        meta: Provenance,
        key: str,
        school: str,
        host_school: str,
        topic: str,
        participants: int,
        start: date,
        end: date,
        submitted_on: date,
        link: RoadmapLink | None = None,
    ) -> None:
        self.key = key
        self.link = link
        self.school = school
        self.host_school = host_school
        self.topic = topic
        self.participants = participants
        self.start = start
        self.end = end
        self.submitted_on = submitted_on
        self.status: Status = "submitted"
        self.confirmed_on: date | None = None
        self.held_on: date | None = None
        self.participants_attended: int | None = None
        self.summary = ""
        self.withdrawn_on: date | None = None
        self.withdrawal_reason = ""

    def _require_not_closed(self) -> None:
        if self.status in ("held", "withdrawn"):
            raise InvalidTransition("internship request {key} is {status}", "status", key=self.key, status=self.status)

    def confirm(self, meta: Provenance, confirmed_on: date) -> None:
        """The host school accepts the request."""
        self._require_not_closed()
        self._require(self.status == "submitted", "internship request {key} is already confirmed", "status", key=self.key)
        if confirmed_on < self.submitted_on:
            raise InvalidValue("confirmed_on", "must not be before submitted_on")
        self._confirmed(meta=meta, confirmed_on=confirmed_on)

    @event(Confirmed)
    def _confirmed(self, meta: Provenance, confirmed_on: date) -> None:
        self.status = "confirmed"
        self.confirmed_on = confirmed_on

    def hold(
        self, meta: Provenance, held_on: date, participants_attended: int, summary: str
    ) -> None:
        """Record that a confirmed internship took place, with how many teachers came."""
        self._require_not_closed()
        self._require(self.status == "confirmed", "internship request {key} must be confirmed before it is held", "status", key=self.key)
        if held_on < self.start:
            raise InvalidValue("held_on", "must not be before the start {start}", start=self.start)
        if participants_attended < 1:
            raise InvalidValue("participants_attended", "at least one teacher must attend")
        self._held(
            meta=meta,
            held_on=held_on,
            participants_attended=participants_attended,
            summary=summary,
        )

    @event(Held)
    def _held(
        self, meta: Provenance, held_on: date, participants_attended: int, summary: str
    ) -> None:
        self.status = "held"
        self.held_on = held_on
        self.participants_attended = participants_attended
        self.summary = summary

    def withdraw(
        self,
        meta: Provenance,
        withdrawn_on: date,
        reason: str,
        calendar: WorkingDays,
        rules: DeadlineRules,
    ) -> None:
        """Withdraw in writing no later than three working days before the start (003 p.2.3.2)."""
        self._require_not_closed()
        if not reason.strip():
            raise InvalidValue("reason", "must not be empty")
        # A withdrawal transcribed from paper has its own date: never before the request it withdraws.
        earliest = self.confirmed_on or self.submitted_on
        if withdrawn_on < earliest:
            raise InvalidValue("withdrawn_on", "must not be before {earliest}", earliest=earliest)
        latest = internship_withdrawal_deadline(self.start, calendar, rules)
        if withdrawn_on > latest:
            raise DeadlineMissed("an internship starting on {start} can be withdrawn until {latest}", "withdrawn_on", start=self.start, latest=latest)
        self._withdrawn(meta=meta, withdrawn_on=withdrawn_on, reason=reason)

    @event(Withdrawn)
    def _withdrawn(self, meta: Provenance, withdrawn_on: date, reason: str) -> None:
        self.status = "withdrawn"
        self.withdrawn_on = withdrawn_on
        self.withdrawal_reason = reason
