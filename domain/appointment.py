"""Appointment by order (назначение приказом): made -> holder replaced* -> ended.

One post, held by one person at a time, each holder from the date of the order that named them:
the programme coordinator (001 p.2), the municipal coordinator of the supported schools (003 p.2),
a member of the working group with their place in it (003 p.1), the person controlling an order
(000 p.3, 003 p.7), and the coordinator, curator or municipal coordinator of a partnership
(000 appendix 1, 003 p.2), first named when the pair was assigned and replaced from a date. The
holders are kept, so who held the post on any day is known. The person is personal data (152-ФЗ):
sealed in the log like every `Person`, erasable.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

import msgspec
from eventsourcing.domain import event

from domain.base import (
    CascadeAggregate,
    InvalidTransition,
    InvalidValue,
    Provenance,
    check_business_date,
    check_key,
)
from domain.people import Person, check_person
from domain.school import BasisDocument

Post = Literal[
    "programme_coordinator", "municipal_coordinator", "working_group_member", "order_controller",
    "partnership_coordinator", "partnership_curator", "partnership_municipal_coordinator",
]
#: Posts of a partnership: `scope` is the partnership's key, the first holder is the person the
#: assignment named (from its `assigned_on`).
PARTNERSHIP_POSTS: dict[str, str] = {
    "partnership_coordinator": "coordinator", "partnership_curator": "curator",
    "partnership_municipal_coordinator": "municipal_coordinator",
}
#: Which clause each post rests on (the refusals name it).
CLAUSE: dict[str, str] = {
    "programme_coordinator": "001 p.2", "municipal_coordinator": "003 p.2",
    "working_group_member": "003 p.1", "order_controller": "000 p.3, 003 p.7",
    "partnership_coordinator": "000 app. 1", "partnership_curator": "000 app. 1, p.1.3",
    "partnership_municipal_coordinator": "003 p.2",
}


class Tenure(msgspec.Struct, frozen=True):
    """One holder of the post, from `effective_from` until the next holder or the end."""

    person: Person
    effective_from: date
    order: BasisDocument | None
    reason: str = ""


def check_scope(post: Post, scope: str) -> str:
    """A working group member names the group, an order controller the order it controls, a
    partnership post the partnership; the coordinators of a programme are one per tenant."""
    needs = post == "working_group_member" or post == "order_controller" or post in PARTNERSHIP_POSTS
    if needs and not scope.strip():
        raise InvalidValue("scope", "{clause}: a {post} names what it is for", clause=CLAUSE[post], post=post)
    return scope.strip()


class Appointment(CascadeAggregate):
    """A post and everyone who held it, by order."""

    stream_kind = "appointment"

    class Made(CascadeAggregate.Created):
        key: str
        post: str
        scope: str
        #: The place in a working group (руководитель, секретарь, член) or what the post covers.
        duty: str
        tenure: Tenure

    class HolderReplaced(CascadeAggregate.Event):
        tenure: Tenure

    class Ended(CascadeAggregate.Event):
        ended_on: date
        order: BasisDocument | None

    @classmethod
    def make(cls, meta: Provenance, key: str, post: Post, scope: str, duty: str, person: Person,
             effective_from: date, order: BasisDocument | None, reason: str = "") -> Appointment:
        """Appoint a person to a post from a date, by order (clauses in CLAUSE)."""
        if post not in PARTNERSHIP_POSTS:  # a partnership post's key is built from a checked key
            check_key(key, "appointment")
        if order is None and post not in PARTNERSHIP_POSTS:
            raise InvalidValue("order", "{clause}: the appointment is made by order", clause=CLAUSE[post])
        tenure = Tenure(check_person(person, "person"), check_business_date(effective_from, "effective_from"),
                        order, reason.strip())
        return cls._create(cls.Made, meta=meta, key=key, post=post, scope=check_scope(post, scope),
                           duty=duty.strip(), tenure=tenure)

    def __init__(self, meta: Provenance, key: str, post: str, scope: str, duty: str, tenure: Tenure) -> None:
        self.key = key
        self.post = post
        self.scope = scope
        self.duty = duty
        self.tenures: tuple[Tenure, ...] = (tenure,)
        self.ended_on: date | None = None

    def replace(self, meta: Provenance, person: Person, effective_from: date,
                order: BasisDocument | None, reason: str = "") -> None:
        """Another person holds the post from a date after the current holder's start."""
        self._require(self.ended_on is None, "appointment {key} has ended", "appointment", key=self.key)
        check_business_date(effective_from, "effective_from")
        current = self.tenures[-1]
        if effective_from <= current.effective_from:
            raise InvalidValue("effective_from", "must be after {effective_from}, the day the current holder took the post", effective_from=current.effective_from)
        if person == current.person:
            raise InvalidTransition("the person already holds the post", "person")
        self._replaced(meta=meta, tenure=Tenure(check_person(person, "person"), effective_from, order,
                                                reason.strip()))

    @event(HolderReplaced)
    def _replaced(self, meta: Provenance, tenure: Tenure) -> None:
        self.tenures = (*self.tenures, tenure)

    def end(self, meta: Provenance, ended_on: date, order: BasisDocument | None) -> None:
        """The post is vacated from a date (no holder on or after it)."""
        self._require(self.ended_on is None, "appointment {key} has already ended", "appointment", key=self.key)
        check_business_date(ended_on, "ended_on")
        if ended_on <= self.tenures[-1].effective_from:
            raise InvalidValue("ended_on", "must be after {effective_from}", effective_from=self.tenures[-1].effective_from)
        self._ended(meta=meta, ended_on=ended_on, order=order)

    @event(Ended)
    def _ended(self, meta: Provenance, ended_on: date, order: BasisDocument | None) -> None:
        self.ended_on = ended_on


def holder_on(tenures: tuple[Tenure, ...], ended_on: date | None, day: date) -> Tenure | None:
    """Who held the post on `day`: the latest holder from by then, unless the post had ended."""
    if ended_on is not None and day >= ended_on:
        return None
    held = [t for t in tenures if t.effective_from <= day]
    return held[-1] if held else None


def partnership_post_key(partnership: str, post: str) -> str:
    """The appointment key of a partnership's post: `<partnership>.<role>`."""
    return f"{partnership}.{PARTNERSHIP_POSTS[post]}"
