"""Commands about reporting duties adopted by a tenant's own order: adopt, amend, lapse."""

from __future__ import annotations

from typing import Annotated

import msgspec

from domain.base import InvalidValue
from domain.duty import (
    DueForm,
    DueRule,
    DutyEvent,
    DutyKind,
    DutyOrder,
    DutyTerms,
    Obligor,
    ReportingDuty,
)
from domain.duty_due import MAX_DAYS_AFTER
from domain.roles import ADOPTER_OF_TENANT_KIND, AUTHORITIES
from services.commands.authorisation import require_role
from services.commands.catalogue.common import BusinessDate, Key, OptionalLine, ShortText
from services.commands.registry import Command, handles
from services.commands.session import Session

Day = Annotated[int, msgspec.Meta(ge=1, le=31)]
Month = Annotated[int, msgspec.Meta(ge=1, le=12)]
DaysAfter = Annotated[int, msgspec.Meta(ge=1, le=MAX_DAYS_AFTER)]


class Due(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """{"form": "monthly", "day": 28} (000 p.2.2); {"form": "yearly", "day": 25, "month": 12}
    (000 item 20; 003 p.6.1: 7 May); {"form": "school_year_end", "day": 30, "month": 6} (002 §4.3);
    {"form": "after_event", "days": 5, "after": "visit_held"} (N days after a visit or an
    internship held)."""

    form: DueForm
    day: Day | None = None
    month: Month | None = None
    days: DaysAfter | None = None
    after: DutyEvent | None = None

    def to_domain(self) -> DueRule:
        if self.form != "after_event" and self.day is None:
            raise InvalidValue("due.day", f"a {self.form} rule needs the day")
        return DueRule(self.form, self.day or 0, self.month, self.days, self.after)


class Order(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The order and clause the duty rests on, e.g. {"number": "20/2", "issued_on": "2021-02-11",
    "clause": "п. 2.2"}."""

    number: ShortText
    issued_on: BusinessDate
    clause: ShortText
    title: OptionalLine = ""

    def to_domain(self) -> DutyOrder:
        return DutyOrder(self.number, self.issued_on, self.clause, self.title)


class _Terms(Command):
    report_kind: DutyKind
    title: ShortText
    obligor: Obligor
    due: Due
    addressee: ShortText

    def terms(self) -> DutyTerms:
        return DutyTerms(self.report_kind, self.title, self.obligor, self.due.to_domain(),
                         self.addressee)


class AdoptReportingDuty(_Terms, tag="adopt_reporting_duty"):
    """Record a reporting duty adopted by an order: which report, who owes it, by when, to whom.

    Only duties in force generate obligations in the schedule and the overview."""

    duty: Key
    effective_from: BusinessDate
    order: Order
    effective_until: BusinessDate | None = None


class AmendReportingDuty(_Terms, tag="amend_reporting_duty"):
    """A later order changes a duty from its own effective date; earlier periods keep their terms."""

    duty: Key
    effective_from: BusinessDate
    order: Order


class LapseReportingDuty(Command, tag="lapse_reporting_duty"):
    """An order lapses a duty: nothing due on or after `lapsed_on` is owed."""

    duty: Key
    lapsed_on: BusinessDate
    order: Order


def _adopter(session: Session) -> None:
    kind = session.tenant.kind
    require_role(session.principal, {ADOPTER_OF_TENANT_KIND[kind]},
                 why=f"the duties of a {kind} tenant are set by its own {kind}")


@handles(AdoptReportingDuty, roles=AUTHORITIES, tenants=("region", "municipality"))
def adopt_reporting_duty(cmd: AdoptReportingDuty, session: Session) -> None:
    _adopter(session)
    duty = ReportingDuty.adopt(session.meta, cmd.duty, cmd.terms(), cmd.effective_from,
                               cmd.order.to_domain(), cmd.effective_until)
    session.new(duty, "duty", cmd.duty)


def _duty(session: Session, key: str) -> ReportingDuty:
    return session.target(ReportingDuty, ReportingDuty.stream_for(session.tenant.id, key), "duty", key)


@handles(AmendReportingDuty, roles=AUTHORITIES, tenants=("region", "municipality"))
def amend_reporting_duty(cmd: AmendReportingDuty, session: Session) -> None:
    _adopter(session)
    duty = _duty(session, cmd.duty)
    if cmd.report_kind != duty.versions[-1].terms.report_kind:
        raise InvalidValue("report_kind", "an amendment keeps the report kind; adopt a new duty")
    if cmd.report_kind == "named" and cmd.due.form != duty.versions[-1].terms.due.form:
        raise InvalidValue("due.form", "a named report keeps its period shape; adopt a new duty")
    duty.amend(session.meta, cmd.terms(), cmd.effective_from, cmd.order.to_domain())


@handles(LapseReportingDuty, roles=AUTHORITIES, tenants=("region", "municipality"))
def lapse_reporting_duty(cmd: LapseReportingDuty, session: Session) -> None:
    _adopter(session)
    _duty(session, cmd.duty).lapse(session.meta, cmd.lapsed_on, cmd.order.to_domain())
