"""Commands about programmes and indicators: adopt a programme with targets, record a value."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import msgspec

from domain.base import InvalidValue
from domain.programme import (
    MUNICIPALITY,
    Comparison,
    IndicatorSeries,
    IndicatorTarget,
    Level,
    Programme,
    Unit,
    check_target,
)
from domain.roles import ADOPTER_OF_TENANT_KIND, AUTHORITIES, REGION_SUBJECT, WRITERS
from services.commands.authorisation import require_role, require_school
from services.commands.catalogue.approval import SheetRef, approved_on_sheet
from services.commands.catalogue.common import (
    Basis,
    BusinessDate,
    Key,
    OptionalLine,
    OptionalText,
    Text,
    basis_or_none,
)
from services.commands.registry import Command, handles
from services.commands.session import Session

#: The level of programme each kind of tenant adopts.
LEVEL_OF_TENANT: dict[str, Level] = {"region": "regional", "municipality": "municipal"}

#: A measured value: a JSON number or, to keep every digit, a string such as "87.5".
Value = Annotated[Decimal, msgspec.Meta(description="A number, or a decimal string such as \"87.5\".")]

#: «2021», «2021-Q3», «2021-09» or «2021/2022».
IndicatorPeriod = Annotated[
    str, msgspec.Meta(min_length=4, max_length=9, examples=["2021", "2021-Q3", "2021-09", "2021/2022"])
]


class ProgrammeTarget(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """What the programme expects of one indicator, e.g. ">=" 50 percent; no value for averages."""

    indicator: Key
    comparison: Comparison
    unit: Unit
    value: Value | None = None
    title: OptionalLine = ""

    def to_domain(self) -> IndicatorTarget:
        return IndicatorTarget(self.indicator, self.comparison, self.value, self.unit, self.title)


class AdoptProgramme(Command, tag="adopt_programme"):
    """Record a programme adopted by an order, with its indicator targets (001 p.1)."""

    programme: Key
    title: Text
    level: Level
    period_start: BusinessDate
    period_end: BusinessDate
    adopted_on: BusinessDate
    basis: Basis | None = None
    targets: Annotated[list[ProgrammeTarget], msgspec.Meta(max_length=50)] = []
    sheet: SheetRef = None


class RecordIndicator(Command, tag="record_indicator"):
    """Record an indicator's value for a period; another value for a recorded period corrects it."""

    subject: Annotated[
        Key,
        msgspec.Meta(
            description='A school code, "municipality" in a municipality tenant, "region" in a '
            "region tenant."
        ),
    ]
    indicator: Key
    period: IndicatorPeriod
    value: Value
    measured_on: BusinessDate
    source: OptionalLine = ""
    reason: OptionalText = ""


@handles(AdoptProgramme, roles=AUTHORITIES, tenants=("region", "municipality"))
def adopt_programme(cmd: AdoptProgramme, session: Session) -> None:
    kind = session.tenant.kind
    require_role(
        session.principal, {ADOPTER_OF_TENANT_KIND[kind]},
        why=f"a programme of a {kind} tenant is adopted by its {kind}",
    )
    level = LEVEL_OF_TENANT[kind]
    if cmd.level != level:
        raise InvalidValue("level", f"a {kind} tenant adopts {level} programmes")
    programme = Programme.adopt(
        session.meta,
        cmd.programme,
        cmd.title,
        cmd.level,
        cmd.period_start,
        cmd.period_end,
        approved_on_sheet(session, cmd.sheet, "programme", cmd.programme,
                          session.not_after_today(cmd.adopted_on, "adopted_on"), "adopted_on"),
        _targets(cmd.targets),
        basis_or_none(cmd.basis),
    )
    session.new(programme, "programme", cmd.programme)


def _targets(targets: list[ProgrammeTarget]) -> tuple[IndicatorTarget, ...]:
    """The targets, checked; a bad one is named by its path in the command, e.g. targets[1].value."""
    checked = []
    for index, target in enumerate(targets):
        try:
            checked.append(check_target(target.to_domain()))
        except InvalidValue as error:
            raise InvalidValue(
                f"targets[{index}].{error.field}", error.template, **error.params
            ) from None
    return tuple(checked)


@handles(RecordIndicator, roles=WRITERS, tenants=("region", "municipality"))
def record_indicator(cmd: RecordIndicator, session: Session) -> None:
    _check_subject(cmd.subject, session)
    stream = IndicatorSeries.create_id(session.meta, cmd.subject, cmd.indicator)
    key = IndicatorSeries.key_for(cmd.subject, cmd.indicator)
    if session.find(IndicatorSeries, stream) is None:
        series = session.new(
            IndicatorSeries.open(session.meta, cmd.subject, cmd.indicator), "indicator", key
        )
    else:
        series = session.target(IndicatorSeries, stream, "indicator", key)
    series.record(
        session.meta,
        cmd.period,
        cmd.value,
        session.not_after_today(cmd.measured_on, "measured_on"),
        cmd.source,
        cmd.reason,
    )


def _check_subject(subject: str, session: Session) -> None:
    """The region's tenant measures the region; a municipality's, itself and its schools."""
    if session.tenant.kind == "region":
        if subject != REGION_SUBJECT:
            raise InvalidValue("subject", f'in a region tenant the subject is "{REGION_SUBJECT}"')
        return
    if subject == REGION_SUBJECT:
        raise InvalidValue(
            "subject", f'in a municipality tenant the subject is "{MUNICIPALITY}" or a school code'
        )
    if subject == MUNICIPALITY:
        require_role(
            session.principal, AUTHORITIES,
            why="only the authority records the municipality's own indicators",
        )
        return
    require_school(session.principal, subject)
    session.school(subject, "subject")

