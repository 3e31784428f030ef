"""Changing a tenant's deadline rules by its own order from a date (domain.md, Deadline rules)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec

from domain.deadline_rules import KEY, TenantRules
from domain.roles import ADOPTER_OF_TENANT_KIND, AUTHORITIES
from services.commands.authorisation import require_role
from services.commands.catalogue.common import BusinessDate
from services.commands.catalogue.duty import Order
from services.commands.registry import Command, handles
from services.commands.session import Session

#: The values a command may set; the same bounds as `domain.rules.DeadlineRules`, but positive.
_VALUES = ("monthly_report_day", "internship_request_lead_days",
           "internship_withdrawal_working_days", "termination_notice_months", "agreement_term",
           "agreement_term_years")


class SetDeadlineRules(Command, tag="set_deadline_rules"):
    """Change the tenant's deadline rules from `effective_from`, by an order (number, date, clause).

    Only the values given change; the others stay as in force on that date. Commands are judged
    by the rules in force on their own date (the request, withdrawal or notice date)."""

    effective_from: BusinessDate
    order: Order
    #: «до 28 числа» (000 p.2.2).
    monthly_report_day: Annotated[int, msgspec.Meta(ge=1, le=31)] | None = None
    #: «За неделю до начала» (003 p.2.3.2): calendar days.
    internship_request_lead_days: Annotated[int, msgspec.Meta(ge=1, le=365)] | None = None
    #: «не позднее чем за три рабочих дня» (003 p.2.3.2): working days.
    internship_withdrawal_working_days: Annotated[int, msgspec.Meta(ge=1, le=60)] | None = None
    #: «не позднее чем за два месяца» (003 §3.3): months.
    termination_notice_months: Annotated[int, msgspec.Meta(ge=1, le=24)] | None = None
    #: «сроком на 2019 год» (003 §3.1): calendar_year, or years from signing.
    agreement_term: Literal["calendar_year", "years"] | None = None
    agreement_term_years: Annotated[int, msgspec.Meta(ge=1, le=10)] | None = None

    def changes(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _VALUES if getattr(self, name) is not None}


@handles(SetDeadlineRules, roles=AUTHORITIES, tenants=("region", "municipality"))
def set_deadline_rules(cmd: SetDeadlineRules, session: Session) -> None:
    kind = session.tenant.kind
    require_role(session.principal, {ADOPTER_OF_TENANT_KIND[kind]},
                 why=f"the deadline rules of a {kind} tenant are set by its own {kind}")
    stream = TenantRules.stream_for(session.tenant.id, KEY)
    if session.find(TenantRules, stream) is None:
        rules = session.new(TenantRules.open(session.meta), "rules", KEY)
    else:
        rules = session.target(TenantRules, stream, "rules", KEY)
    rules.change(session.meta, cmd.changes(), cmd.effective_from, cmd.order.to_domain())
