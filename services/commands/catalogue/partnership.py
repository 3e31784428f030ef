"""Commands about partnerships: assign a partner, conclude, extend and terminate the agreement (003)."""

from __future__ import annotations

import msgspec

from domain.partnership import Partnership
from domain.partnership import Person as PersonRecord
from domain.roles import MUNICIPALITY_ONLY
from services.commands.catalogue.common import (
    Basis,
    BusinessDate,
    Key,
    OptionalLine,
    ShortText,
    basis_or_none,
)
from services.commands.registry import Command, handles
from services.commands.session import Session

#: An optional short detail of a person: position, phone or e-mail.
PersonDetail = OptionalLine


class Person(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A named coordinator or curator, e.g. {"full_name": "Иванова А.П.", "position": "завуч"}."""

    full_name: ShortText
    position: PersonDetail = ""
    contact: PersonDetail = ""

    def to_domain(self) -> PersonRecord:
        return PersonRecord(self.full_name, self.position, self.contact)


class AssignPartner(Command, tag="assign_partner"):
    """Pair an identified school with a partner school and name its coordinators (003 p.2-3)."""

    partnership: Key
    supported_school: Key
    partner_school: Key
    coordinator: Person
    curator: Person
    municipal_coordinator: Person
    assigned_on: BusinessDate
    basis: Basis | None = None


class ConcludeAgreement(Command, tag="conclude_agreement"):
    """Record the partnership agreement, for one year unless a term is given (003 p.6.1, §3.1)."""

    partnership: Key
    number: ShortText
    concluded_on: BusinessDate
    term_until: BusinessDate | None = None


class ExtendAgreement(Command, tag="extend_agreement"):
    """Prolong the partnership agreement by a supplementary agreement (003 §3.2)."""

    partnership: Key
    number: ShortText
    extended_on: BusinessDate
    term_until: BusinessDate


class NotifyTermination(Command, tag="notify_termination"):
    """Record a written termination notice, given at least two months ahead (003 §3.3)."""

    partnership: Key
    notice_given_on: BusinessDate
    takes_effect_on: BusinessDate


class EndPartnership(Command, tag="end_partnership"):
    """End a partnership whose notice took effect or whose agreement ran its term (003 §3)."""

    partnership: Key
    ended_on: BusinessDate
    reason: ShortText


def _partnership(session: Session, key: str) -> Partnership:
    stream = Partnership.stream_for(session.tenant.id, key)
    return session.target(Partnership, stream, "partnership", key)


@handles(AssignPartner, roles=MUNICIPALITY_ONLY)
def assign_partner(cmd: AssignPartner, session: Session) -> None:
    supported = session.school(cmd.supported_school, "supported_school")
    partner = session.school(cmd.partner_school, "partner_school")
    partnership = Partnership.assign(
        session.meta,
        cmd.partnership,
        supported,
        partner,
        cmd.coordinator.to_domain(),
        cmd.curator.to_domain(),
        cmd.municipal_coordinator.to_domain(),
        session.not_after_today(cmd.assigned_on, "assigned_on"),
        basis_or_none(cmd.basis),
    )
    session.new(partnership, "partnership", cmd.partnership)


@handles(ConcludeAgreement, roles=MUNICIPALITY_ONLY)
def conclude_agreement(cmd: ConcludeAgreement, session: Session) -> None:
    _partnership(session, cmd.partnership).conclude_agreement(
        session.meta,
        cmd.number,
        session.not_after_today(cmd.concluded_on, "concluded_on"),
        session.rules,
        cmd.term_until,
    )


@handles(ExtendAgreement, roles=MUNICIPALITY_ONLY)
def extend_agreement(cmd: ExtendAgreement, session: Session) -> None:
    _partnership(session, cmd.partnership).extend(
        session.meta,
        cmd.number,
        session.not_after_today(cmd.extended_on, "extended_on"),
        cmd.term_until,
    )


@handles(NotifyTermination, roles=MUNICIPALITY_ONLY)
def notify_termination(cmd: NotifyTermination, session: Session) -> None:
    _partnership(session, cmd.partnership).notify_termination(
        session.meta,
        session.not_after_today(cmd.notice_given_on, "notice_given_on"),
        cmd.takes_effect_on,
        session.rules,
    )


@handles(EndPartnership, roles=MUNICIPALITY_ONLY)
def end_partnership(cmd: EndPartnership, session: Session) -> None:
    _partnership(session, cmd.partnership).end(
        session.meta, session.not_after_today(cmd.ended_on, "ended_on"), cmd.reason
    )
