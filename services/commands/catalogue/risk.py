"""Commands about risk profiles and anti-risk programmes (issue 11 item 7): assess or reassess a
school's risk factors, adopt an anti-risk programme for one factor."""

from __future__ import annotations

from typing import Annotated

import msgspec

from domain.base import InvalidTransition
from domain.risk import (
    AntiRiskProgramme,
    FactorLevel,
    Level,
    MeasureRef,
    ProgrammeIndicator,
    RiskProfile,
)
from domain.roadmap import Roadmap
from domain.roles import WRITERS
from domain.school import RiskFactor
from services.commands.authorisation import require_school
from services.commands.catalogue.common import BusinessDate, Key, Number, OptionalLine, ShortText
from services.commands.registry import Command, handles
from services.commands.session import Session


class Factor(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A risk factor and its level, e.g. {"factor": "teacher_shortage", "level": "high"}."""

    factor: RiskFactor
    level: Level


class Measure(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A measure of the programme: an item of the school's roadmap."""

    roadmap: Key
    item: Key


class Indicator(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """An indicator of the programme and its target, e.g. {"title": "...", "target": 5, "unit": "%"}."""

    title: ShortText
    target: Number
    unit: OptionalLine = ""


class AssessRiskProfile(Command, tag="assess_risk_profile"):
    """Rate an identified school's risk factors (low / medium / high); again: a reassessment."""

    school: Key
    assessed_on: BusinessDate
    factors: Annotated[list[Factor], msgspec.Meta(min_length=1, max_length=10)]
    source: OptionalLine = ""


class AdoptAntiRiskProgramme(Command, tag="adopt_anti_risk_programme"):
    """Adopt the anti-risk programme of one factor of the school's profile."""

    school: Key
    factor: RiskFactor
    title: ShortText
    goals: Annotated[list[ShortText], msgspec.Meta(min_length=1, max_length=20)]
    measures: Annotated[list[Measure], msgspec.Meta(min_length=1, max_length=50)]
    indicators: Annotated[list[Indicator], msgspec.Meta(min_length=1, max_length=20)]
    adopted_on: BusinessDate


@handles(AssessRiskProfile, roles=WRITERS, tenants=("municipality",))
def assess_risk_profile(cmd: AssessRiskProfile, session: Session) -> None:
    require_school(session.principal, cmd.school)
    school = session.school(cmd.school)
    if not school.is_identified:
        raise InvalidTransition(
            f"004 §3.2: school {cmd.school} is not identified (ШНОР/ШФНСУ); only an identified "
            "school has a risk profile", "school")
    factors = tuple(FactorLevel(f.factor, f.level) for f in cmd.factors)
    assessed_on = session.not_after_today(cmd.assessed_on, "assessed_on")
    stream = RiskProfile.stream_for(session.tenant.id, cmd.school)
    if session.find(RiskProfile, stream) is None:
        session.new(RiskProfile.assess(session.meta, cmd.school, assessed_on, factors, cmd.source),
                    "school", cmd.school)
        return
    session.target(RiskProfile, stream, "school", cmd.school).reassess(session.meta, assessed_on, factors, cmd.source)


def _measures(session: Session, school: str, measures: list[Measure]) -> tuple[MeasureRef, ...]:
    """Each measure is an existing item of a roadmap of the same school (404 / 422)."""
    for m in measures:
        roadmap = session.load(Roadmap, Roadmap.stream_for(session.tenant.id, m.roadmap), "measures", m.roadmap)
        if roadmap.school != school:
            raise InvalidTransition(f"roadmap {m.roadmap} is of school {roadmap.school}, not {school}", "measures")
        if m.item not in roadmap.items:
            raise InvalidTransition(f"roadmap {m.roadmap} has no item {m.item}", "measures")
    return tuple(MeasureRef(m.roadmap, m.item) for m in measures)


@handles(AdoptAntiRiskProgramme, roles=WRITERS, tenants=("municipality",))
def adopt_anti_risk_programme(cmd: AdoptAntiRiskProgramme, session: Session) -> None:
    require_school(session.principal, cmd.school)
    profile = session.target(RiskProfile, RiskProfile.stream_for(session.tenant.id, cmd.school), "school",
                             cmd.school)
    programme = AntiRiskProgramme(
        factor=cmd.factor, title=cmd.title, goals=tuple(cmd.goals),
        measures=_measures(session, cmd.school, cmd.measures),
        indicators=tuple(ProgrammeIndicator(i.title, i.target, i.unit) for i in cmd.indicators),
        adopted_on=session.not_after_today(cmd.adopted_on, "adopted_on"),
    )
    profile.adopt_programme(session.meta, programme)
