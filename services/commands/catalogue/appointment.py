"""Commands about appointments by order: appoint, replace the holder, end; replace a partnership's people."""

from __future__ import annotations

from typing import Literal

from domain.appointment import PARTNERSHIP_POSTS, Appointment, partnership_post_key
from domain.base import InvalidTransition, InvalidValue
from domain.partnership import Partnership
from domain.roles import ADOPTER_OF_TENANT_KIND, AUTHORITIES, MUNICIPALITY_ONLY
from services.commands.authorisation import require_role
from services.commands.catalogue.common import Basis, BusinessDate, Key, OptionalLine, basis_or_none
from services.commands.catalogue.partnership import Person
from services.commands.registry import Command, handles
from services.commands.session import Session

#: Posts appointed by an order of the tenant itself (partnership posts have their own command).
OrderPost = Literal["programme_coordinator", "municipal_coordinator", "working_group_member", "order_controller"]
#: Which of a partnership's people is replaced.
PartnershipRole = Literal["coordinator", "curator", "municipal_coordinator"]


class Appoint(Command, kw_only=True, tag="appoint"):
    """Appoint a person by order from a date: the programme coordinator (001 p.2), the municipal
    coordinator (003 p.2; `scope`: the schools supervised, as the order words it), a working-group
    member (003 p.1; `scope`: the group's key, `duty`: the place in it and the person's position),
    or the person controlling an order (000 p.3, 003 p.7; `scope`: the order controlled)."""

    appointment: Key
    post: OrderPost
    person: Person
    effective_from: BusinessDate
    order: Basis
    scope: OptionalLine = ""
    duty: OptionalLine = ""


class ReplaceAppointee(Command, kw_only=True, tag="replace_appointee"):
    """Another person holds the post from a date (by a later order); earlier holders are kept."""

    appointment: Key
    person: Person
    effective_from: BusinessDate
    order: Basis | None = None
    reason: OptionalLine = ""


class EndAppointment(Command, kw_only=True, tag="end_appointment"):
    """The post is vacated from a date: no holder on or after it."""

    appointment: Key
    ended_on: BusinessDate
    order: Basis | None = None


class ReplacePartnershipPerson(Command, kw_only=True, tag="replace_partnership_person"):
    """Replace the coordinator, curator or municipal coordinator of a partnership from a date
    (000 app. 1, 003 p.2): the one the assignment named held it until the day before."""

    partnership: Key
    role: PartnershipRole
    person: Person
    effective_from: BusinessDate
    order: Basis | None = None
    reason: OptionalLine = ""


def _adopter(session: Session) -> None:
    kind = session.tenant.kind
    require_role(session.principal, {ADOPTER_OF_TENANT_KIND[kind]},
                 why=f"the appointments of a {kind} tenant are made by its own {kind}")


@handles(Appoint, roles=AUTHORITIES, tenants=("region", "municipality"))
def appoint(cmd: Appoint, session: Session) -> None:
    _adopter(session)
    made = Appointment.make(session.meta, cmd.appointment, cmd.post, cmd.scope, cmd.duty,
                            cmd.person.to_domain(), cmd.effective_from, cmd.order.to_domain())
    session.new(made, "appointment", cmd.appointment)


def _appointment(session: Session, key: str) -> Appointment:
    return session.target(Appointment, Appointment.stream_for(session.tenant.id, key), "appointment", key)


@handles(ReplaceAppointee, roles=AUTHORITIES, tenants=("region", "municipality"))
def replace_appointee(cmd: ReplaceAppointee, session: Session) -> None:
    _adopter(session)
    post = _appointment(session, cmd.appointment)
    if post.post in PARTNERSHIP_POSTS:
        raise InvalidValue("appointment", "a partnership's people are replaced by replace_partnership_person")
    post.replace(session.meta, cmd.person.to_domain(), cmd.effective_from, basis_or_none(cmd.order), cmd.reason)


@handles(EndAppointment, roles=AUTHORITIES, tenants=("region", "municipality"))
def end_appointment(cmd: EndAppointment, session: Session) -> None:
    _adopter(session)
    post = _appointment(session, cmd.appointment)
    if post.post in PARTNERSHIP_POSTS:
        raise InvalidValue("appointment", "a partnership's people end with the partnership")
    post.end(session.meta, cmd.ended_on, basis_or_none(cmd.order))


@handles(ReplacePartnershipPerson, roles=MUNICIPALITY_ONLY)
def replace_partnership_person(cmd: ReplacePartnershipPerson, session: Session) -> None:
    pair = session.load(Partnership, Partnership.stream_for(session.tenant.id, cmd.partnership),
                        "partnership", cmd.partnership)
    if pair.status == "ended":
        raise InvalidTransition(f"partnership {pair.key} has ended", "partnership")
    post = next(p for p, role in PARTNERSHIP_POSTS.items() if role == cmd.role)
    key = partnership_post_key(pair.key, post)
    person, order = cmd.person.to_domain(), basis_or_none(cmd.order)
    existing = session.find(Appointment, Appointment.stream_for(session.tenant.id, key))
    if existing is not None:
        session.add(existing).replace(session.meta, person, cmd.effective_from, order, cmd.reason)
        return
    if cmd.effective_from <= pair.assigned_on:
        raise InvalidValue("effective_from", f"must be after {pair.assigned_on}, the day the pair was assigned")
    if person == getattr(pair, cmd.role):
        raise InvalidTransition("the person already holds the post", "person")
    session.new(Appointment.make(session.meta, key, post, pair.key, "", person, cmd.effective_from,
                                 order, cmd.reason), "appointment", key)
