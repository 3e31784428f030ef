"""Commands about visits between the schools of a partnership: plan, record held, cancel."""

from __future__ import annotations

from domain.base import InvalidTransition, InvalidValue
from domain.occurrence import Evidence
from domain.partnership import Partnership
from domain.roles import MUNICIPAL_ROLES
from domain.visit import Visit, VisitKind
from services.commands.authorisation import require_school
from services.commands.catalogue.common import (
    BusinessDate,
    Count,
    Key,
    OptionalLine,
    OptionalText,
    ShortText,
    Text,
)
from services.commands.catalogue.occurrence_link import checked_link, close_linked
from services.commands.registry import Command, handles
from services.commands.session import Session


class PlanVisit(Command, tag="plan_visit"):
    """Plan a visit of one school of a partnership to the other (host: the school visited)."""

    visit: Key
    partnership: Key
    host_school: Key
    visiting_school: Key
    planned_on: BusinessDate
    kind: VisitKind
    topic: OptionalLine = ""
    #: The roadmap occurrence (its planned date) this visit is for (W11): held, it closes it.
    roadmap: Key | None = None
    item: Key | None = None
    occurrence: BusinessDate | None = None


class RecordVisitHeld(Command, tag="record_visit_held"):
    """Record a planned visit held, with what was seen and advised (003 p.2.2)."""

    visit: Key
    held_on: BusinessDate
    findings: Text
    participants: Count
    recommendations: OptionalText = ""


class CancelVisit(Command, tag="cancel_visit"):
    """Call off a planned visit, saying why."""

    visit: Key
    reason: ShortText


def _visit(session: Session, key: str) -> Visit:
    visit = session.target(Visit, Visit.stream_for(session.tenant.id, key), "visit", key)
    require_school(session.principal, visit.host_school, visit.visiting_school)
    return visit


@handles(PlanVisit, roles=MUNICIPAL_ROLES)
def plan_visit(cmd: PlanVisit, session: Session) -> None:
    require_school(session.principal, cmd.host_school, cmd.visiting_school)
    partnership = session.load(
        Partnership,
        Partnership.stream_for(session.tenant.id, cmd.partnership),
        "partnership",
        cmd.partnership,
    )
    pair = (partnership.supported_school, partnership.partner_school)
    for field in ("host_school", "visiting_school"):
        code = getattr(cmd, field)
        if code not in pair:
            raise InvalidValue(
                field, f"school {code} is not one of partnership {cmd.partnership} ({', '.join(pair)})"
            )
    if partnership.status == "ended":
        raise InvalidTransition(f"partnership {cmd.partnership} has ended", "partnership")
    link = checked_link(session, cmd.roadmap, cmd.item, cmd.occurrence, pair)
    visit = Visit.plan(
        session.meta,
        cmd.visit,
        cmd.partnership,
        cmd.host_school,
        cmd.visiting_school,
        cmd.kind,
        cmd.planned_on,
        cmd.topic,
        link,
    )
    session.new(visit, "visit", cmd.visit)


@handles(RecordVisitHeld, roles=MUNICIPAL_ROLES)
def record_visit_held(cmd: RecordVisitHeld, session: Session) -> None:
    visit = _visit(session, cmd.visit)
    held_on = session.not_after_today(cmd.held_on, "held_on")
    visit.hold(session.meta, held_on, cmd.findings, cmd.recommendations, cmd.participants)
    evidence = Evidence("note", f"Посещение {cmd.visit} от {held_on.strftime('%d.%m.%Y')}", cmd.findings)
    close_linked(session, visit.link, held_on, evidence, f"visit:{cmd.visit}")


@handles(CancelVisit, roles=MUNICIPAL_ROLES)
def cancel_visit(cmd: CancelVisit, session: Session) -> None:
    _visit(session, cmd.visit).cancel(session.meta, cmd.reason)
