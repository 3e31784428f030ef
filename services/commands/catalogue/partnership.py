"""Commands about partnerships: assign a partner, conclude, extend and terminate the agreement (003)."""

from __future__ import annotations

from typing import Annotated

import msgspec

from domain.agreement import NoticeParty, TermForm
from domain.partnership import Partnership
from domain.partnership import Person as PersonRecord
from domain.roles import MUNICIPALITY_ONLY
from services.commands.catalogue.common import (
    Basis,
    BusinessDate,
    Key,
    OptionalLine,
    ShortText,
    Year,
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


#: A term in whole years from signing.
TermYears = Annotated[int, msgspec.Meta(ge=1, le=10)]


class ConcludeAgreement(Command, tag="conclude_agreement"):
    """Record the partnership agreement and its term (003 p.6.1, §3.1).

    `term`: `explicit` (to `term_until`), `calendar_year` (to 31.12 of `term_year`, default the
    year of signing: «сроком на 2019 год») or `years` (`term_years` from signing). Without
    `term`, a `term_until` alone is explicit, and nothing at all is the calendar year of signing.
    """

    partnership: Key
    number: ShortText
    concluded_on: BusinessDate
    term_until: BusinessDate | None = None
    term: TermForm | None = None
    term_year: Year | None = None
    term_years: TermYears | None = None


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
    given_by: NoticeParty | None = None


class TerminateAgreementByConsent(Command, tag="terminate_agreement_by_consent"):
    """End the agreement early by an agreement of the parties, no notice period (003 §3.2).

    The partnership ends on `takes_effect_on`; `reason` defaults to the agreement's number and date.
    """

    partnership: Key
    number: ShortText
    agreed_on: BusinessDate
    takes_effect_on: BusinessDate
    reason: OptionalLine = ""


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
        session.rules_on(cmd.concluded_on),
        cmd.term_until,
        cmd.term,
        cmd.term_year,
        cmd.term_years,
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
        session.rules_on(cmd.notice_given_on),
        cmd.given_by,
    )


@handles(TerminateAgreementByConsent, roles=MUNICIPALITY_ONLY)
def terminate_agreement_by_consent(cmd: TerminateAgreementByConsent, session: Session) -> None:
    _partnership(session, cmd.partnership).terminate_by_consent(
        session.meta,
        cmd.number,
        session.not_after_today(cmd.agreed_on, "agreed_on"),
        session.not_after_today(cmd.takes_effect_on, "takes_effect_on"),
        cmd.reason,
    )


@handles(EndPartnership, roles=MUNICIPALITY_ONLY)
def end_partnership(cmd: EndPartnership, session: Session) -> None:
    _partnership(session, cmd.partnership).end(
        session.meta, session.not_after_today(cmd.ended_on, "ended_on"), cmd.reason
    )
