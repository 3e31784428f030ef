"""Commands about networks of schools (002): establish by order, recompose by a later order, dissolve."""

from __future__ import annotations

from typing import Annotated

import msgspec

from domain.network import MAX_MEMBERS, Network
from domain.roles import MUNICIPALITY_ONLY
from domain.school import School
from services.commands.catalogue.common import Basis, BusinessDate, Key, OptionalText, ShortText
from services.commands.registry import Command, handles
from services.commands.session import Session

Members = Annotated[list[Key], msgspec.Meta(min_length=1, max_length=MAX_MEMBERS)]


class _Composition(Command, kw_only=True):
    members: Members
    effective_from: BusinessDate
    order: Basis
    functions: OptionalText = ""
    priority_directions: OptionalText = ""


class EstablishNetwork(_Composition, tag="establish_network"):
    """Set up a network by order (002 §1.3, §4.2): a centre on a school with stable results (not a
    ШНОР), its member schools, its functions (§1.6) and priority directions (§5.2) as the order's
    text. The centre school becomes a network centre, so the duties owed by network centres
    (002 §4.3: the end-of-year analytic note) reach it."""

    network: Key
    name: ShortText
    centre_school: Key


class RecomposeNetwork(_Composition, tag="recompose_network"):
    """A later order changes the network's members, functions or directions from its own date
    (002 §4.2); the compositions before it stay as they were."""

    network: Key


class DissolveNetwork(Command, tag="dissolve_network"):
    """An order ends the network from a date."""

    network: Key
    dissolved_on: BusinessDate
    order: Basis


def _members(session: Session, codes: list[str]) -> tuple[School, ...]:
    return tuple(session.school(code, "members") for code in codes)


@handles(EstablishNetwork, roles=MUNICIPALITY_ONLY)
def establish_network(cmd: EstablishNetwork, session: Session) -> None:
    centre = session.school(cmd.centre_school, "centre_school")
    network = Network.establish(
        session.meta, cmd.network, cmd.name, centre, _members(session, cmd.members), cmd.functions,
        cmd.priority_directions, cmd.effective_from, cmd.order.to_domain())
    session.new(network, "network", cmd.network)
    session.add(centre)
    if "network_centre" not in centre.designations:
        centre.designate(session.meta, "network_centre", cmd.order.to_domain())
    centre.centre_network(session.meta, cmd.network, cmd.effective_from, cmd.order.to_domain())


def _network(session: Session, key: str) -> Network:
    return session.target(Network, Network.stream_for(session.tenant.id, key), "network", key)


@handles(RecomposeNetwork, roles=MUNICIPALITY_ONLY)
def recompose_network(cmd: RecomposeNetwork, session: Session) -> None:
    network = _network(session, cmd.network)
    network.recompose(session.meta, _members(session, cmd.members), cmd.functions,
                      cmd.priority_directions, cmd.effective_from, cmd.order.to_domain())


@handles(DissolveNetwork, roles=MUNICIPALITY_ONLY)
def dissolve_network(cmd: DissolveNetwork, session: Session) -> None:
    """002: the order ends the network; its centre's duty lapses from that day (002 §4.3)."""
    network = _network(session, cmd.network)
    network.dissolve(session.meta, cmd.dissolved_on, cmd.order.to_domain())
    centre = session.add(session.school(network.centre_school, "network"))
    centre.end_network_centre(session.meta, cmd.network, cmd.dissolved_on, cmd.order.to_domain())
