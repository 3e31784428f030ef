"""Network of schools (002): established by an order -> recomposed by later orders* -> dissolved.

002 §1.3: a network centre is set up on a school with stable results; 002 §4.2: the composition
of the network is set and approved by order of the municipal education department; 002 §1.6 and
§5.2: the network's functions and its priority directions are the text of that order. Each order
takes effect from its own date and keeps the earlier compositions: the network as of any day is
the version in force on that day.
"""

from __future__ import annotations

from datetime import date

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
from domain.school import BasisDocument, School

#: A network the size of a municipality's schools; more is a typing error.
MAX_MEMBERS = 200


class NetworkComposition(msgspec.Struct, frozen=True):
    """The network as one order set it, in force from `effective_from` until the next order."""

    effective_from: date
    members: tuple[str, ...]
    functions: str
    priority_directions: str
    order: BasisDocument


def check_order(order: BasisDocument) -> BasisDocument:
    """002 §4.2: the composition rests on an order, named by its number and date."""
    if not order.number.strip():
        raise InvalidValue("order.number", "must not be empty")
    check_business_date(order.issued_on, "order.issued_on")
    return order


def check_members(centre: str, members: tuple[School, ...]) -> tuple[str, ...]:
    """002 §4.2: the member schools, each once, other than the centre itself."""
    if not members:
        raise InvalidValue("members", "002 §4.2: a network has at least one member school")
    codes = tuple(m.code for m in members)
    if len(set(codes)) != len(codes):
        raise InvalidValue("members", "a school is a member once")
    if centre in codes:
        raise InvalidValue("members", "the network centre is not among its own members")
    if len(codes) > MAX_MEMBERS:
        raise InvalidValue("members", "at most {max_members} schools", max_members=MAX_MEMBERS)
    return codes


def check_centre(centre: School) -> School:
    """002 §1.3: the centre is a school with stable results: not a ШНОР (the rule of W6: a school
    identified only for adverse social conditions may lead)."""
    if not centre.has_low_results:
        return centre
    raise InvalidTransition("002 §1.3: a network centre is a school with stable results; school {code} is in the programme for low results (ШНОР)", "centre_school", code=centre.code)


class Network(CascadeAggregate):
    """One network: its centre school and its compositions by order, the latest last."""

    stream_kind = "network"

    class Established(CascadeAggregate.Created):
        key: str
        name: str
        centre_school: str
        composition: NetworkComposition

    class Recomposed(CascadeAggregate.Event):
        composition: NetworkComposition

    class Dissolved(CascadeAggregate.Event):
        dissolved_on: date
        order: BasisDocument

    @classmethod
    def establish(cls, meta: Provenance, key: str, name: str, centre: School,
                  members: tuple[School, ...], functions: str, priority_directions: str,
                  effective_from: date, order: BasisDocument) -> Network:
        """002 §1.3, §4.2: a network centre on a school with stable results, its members by order."""
        check_key(key, "network")
        if not name.strip():
            raise InvalidValue("name", "must not be empty")
        check_centre(centre)
        composition = NetworkComposition(
            check_business_date(effective_from, "effective_from"), check_members(centre.code, members),
            functions.strip(), priority_directions.strip(), check_order(order))
        return cls._create(cls.Established, meta=meta, key=key, name=name.strip(),
                           centre_school=centre.code, composition=composition)

    def __init__(self, meta: Provenance, key: str, name: str, centre_school: str,
                 composition: NetworkComposition) -> None:
        self.key = key
        self.name = name
        self.centre_school = centre_school
        self.compositions: tuple[NetworkComposition, ...] = (composition,)
        self.dissolved_on: date | None = None

    def recompose(self, meta: Provenance, members: tuple[School, ...], functions: str,
                  priority_directions: str, effective_from: date, order: BasisDocument) -> None:
        """002 §4.2: a later order changes the composition from its own date; the past keeps its own."""
        self._require(self.dissolved_on is None, "network {key} is dissolved", "network", key=self.key)
        check_business_date(effective_from, "effective_from")
        latest = self.compositions[-1].effective_from
        if effective_from <= latest:
            raise InvalidValue("effective_from", "must be after {latest}, the date the composition in force took effect", latest=latest)
        composition = NetworkComposition(
            effective_from, check_members(self.centre_school, members), functions.strip(),
            priority_directions.strip(), check_order(order))
        self._recomposed(meta=meta, composition=composition)

    @event(Recomposed)
    def _recomposed(self, meta: Provenance, composition: NetworkComposition) -> None:
        self.compositions = (*self.compositions, composition)

    def dissolve(self, meta: Provenance, dissolved_on: date, order: BasisDocument) -> None:
        """An order ends the network from a date: no composition is in force on or after it."""
        self._require(self.dissolved_on is None, "network {key} is already dissolved", "network", key=self.key)
        check_business_date(dissolved_on, "dissolved_on")
        if dissolved_on <= self.compositions[-1].effective_from:
            raise InvalidValue("dissolved_on", "must be after {effective_from}", effective_from=self.compositions[-1].effective_from)
        self._dissolved(meta=meta, dissolved_on=dissolved_on, order=check_order(order))

    @event(Dissolved)
    def _dissolved(self, meta: Provenance, dissolved_on: date, order: BasisDocument) -> None:
        self.dissolved_on = dissolved_on

    def composition_on(self, day: date) -> NetworkComposition | None:
        """The composition in force on `day`: the latest order effective by then, unless dissolved."""
        return composition_on(self.compositions, self.dissolved_on, day)


def composition_on(compositions: tuple[NetworkComposition, ...], dissolved_on: date | None,
                   day: date) -> NetworkComposition | None:
    """Of the compositions (oldest first), the one in force on `day`, or None."""
    if dissolved_on is not None and day >= dissolved_on:
        return None
    in_force = [c for c in compositions if c.effective_from <= day]
    return in_force[-1] if in_force else None
