"""Commands about internship requests: request, confirm, withdraw, record as held (003 p.2.3)."""

from __future__ import annotations

from typing import Annotated

import msgspec

from domain.internship import InternshipRequest
from domain.occurrence import Evidence
from domain.roles import MUNICIPAL_ROLES
from services.commands.authorisation import require_school
from services.commands.catalogue.common import BusinessDate, Key, OptionalText, ShortText
from services.commands.catalogue.occurrence_link import checked_link, close_linked
from services.commands.registry import Command, handles
from services.commands.session import Session

#: Teachers sent on or attending an internship: at least one.
Teachers = Annotated[int, msgspec.Meta(ge=1, le=10_000)]


class RequestInternship(Command, tag="request_internship"):
    """Request an internship for teachers at a host school, at least a week ahead (003 p.2.3.2)."""

    internship: Key
    school: Key
    host_school: Key
    topic: ShortText
    participants: Teachers
    start: BusinessDate
    end: BusinessDate
    #: The roadmap occurrence (its planned date) this internship is for (W11): held, it closes it.
    roadmap: Key | None = None
    item: Key | None = None
    occurrence: BusinessDate | None = None


class ConfirmInternship(Command, tag="confirm_internship"):
    """Accept an internship request on behalf of the host school."""

    internship: Key


class WithdrawInternship(Command, tag="withdraw_internship"):
    """Withdraw an internship request, at least three working days before its start (003 p.2.3.2)."""

    internship: Key
    reason: ShortText


class RecordInternshipHeld(Command, tag="record_internship_held"):
    """Record that a confirmed internship took place and how many teachers attended."""

    internship: Key
    held_on: BusinessDate
    participants_attended: Teachers
    summary: OptionalText = ""


def _request(session: Session, key: str) -> InternshipRequest:
    stream = InternshipRequest.stream_for(session.tenant.id, key)
    return session.target(InternshipRequest, stream, "internship", key)


@handles(RequestInternship, roles=MUNICIPAL_ROLES)
def request_internship(cmd: RequestInternship, session: Session) -> None:
    require_school(session.principal, cmd.school)
    session.school(cmd.school, "school")
    session.school(cmd.host_school, "host_school")
    request = InternshipRequest.submit(
        session.meta,
        cmd.internship,
        cmd.school,
        cmd.host_school,
        cmd.topic,
        cmd.participants,
        cmd.start,
        cmd.end,
        session.today,
        session.rules_on(session.today),  # judged by the rules in force on the request date
        checked_link(session, cmd.roadmap, cmd.item, cmd.occurrence, (cmd.school, cmd.host_school)),
    )
    session.new(request, "internship", cmd.internship)


@handles(ConfirmInternship, roles=MUNICIPAL_ROLES)
def confirm_internship(cmd: ConfirmInternship, session: Session) -> None:
    request = _request(session, cmd.internship)
    require_school(session.principal, request.host_school)
    request.confirm(session.meta, session.today)


@handles(WithdrawInternship, roles=MUNICIPAL_ROLES)
def withdraw_internship(cmd: WithdrawInternship, session: Session) -> None:
    request = _request(session, cmd.internship)
    require_school(session.principal, request.school)
    request.withdraw(session.meta, session.today, cmd.reason, session.calendar,
                     session.rules_on(session.today))  # in force on the withdrawal date


@handles(RecordInternshipHeld, roles=MUNICIPAL_ROLES)
def record_internship_held(cmd: RecordInternshipHeld, session: Session) -> None:
    request = _request(session, cmd.internship)
    require_school(session.principal, request.host_school)
    held_on = session.not_after_today(cmd.held_on, "held_on")
    request.hold(session.meta, held_on, cmd.participants_attended, cmd.summary)
    evidence = Evidence("note", f"Стажировка {cmd.internship} от {held_on.strftime('%d.%m.%Y')}", cmd.summary)
    close_linked(session, request.link, held_on, evidence, f"internship:{cmd.internship}")
