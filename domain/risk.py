"""Risk profile of an identified school and its anti-risk programmes (issue 11 item 7).

The federal «500+» practice the documents build on (004 §3.2 identifies the schools, 001 p.4
speaks of the «адресная программа поддержки»): each identified school's risk factors are rated
low / medium / high; an anti-risk programme («антирисковая программа») answers one factor with
goals, measures (items of the school's roadmap), indicators and their targets.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal, get_args

import msgspec
from eventsourcing.domain import event

from domain.base import (
    CascadeAggregate,
    InvalidTransition,
    InvalidValue,
    Provenance,
    check_business_date,
    check_key,
)
from domain.school import RiskFactor

Level = Literal["low", "medium", "high"]


class FactorLevel(msgspec.Struct, frozen=True):
    """One risk factor of the profile and its level."""

    factor: RiskFactor
    level: Level


class MeasureRef(msgspec.Struct, frozen=True):
    """A measure of the programme: an item of the school's roadmap."""

    roadmap: str
    item: str


class ProgrammeIndicator(msgspec.Struct, frozen=True):
    """What shows the risk receding, and the value aimed at, e.g. «доля обучающихся с
    неуспеваемостью», target 5, percent."""

    title: str
    target: Decimal
    unit: str


class AntiRiskProgramme(msgspec.Struct, frozen=True):
    factor: RiskFactor
    title: str
    goals: tuple[str, ...]
    measures: tuple[MeasureRef, ...]
    indicators: tuple[ProgrammeIndicator, ...]
    adopted_on: date


def check_factors(factors: tuple[FactorLevel, ...]) -> tuple[FactorLevel, ...]:
    """At least one factor, each once, each a known factor with a level (422)."""
    if not factors:
        raise InvalidValue("factors", "at least one risk factor is required")
    names = [f.factor for f in factors]
    if len(set(names)) != len(names):
        raise InvalidValue("factors", "a risk factor is rated once")
    for f in factors:
        if f.factor not in get_args(RiskFactor):
            raise InvalidValue("factors", "unknown risk factor {factor}", factor=f.factor)
        if f.level not in get_args(Level):
            raise InvalidValue("factors", "level is low, medium or high")
    return factors


def check_programme(programme: AntiRiskProgramme) -> AntiRiskProgramme:
    """Title, at least one goal, one measure and one indicator with a non-negative target (422)."""
    if not programme.title.strip():
        raise InvalidValue("title", "must not be empty")
    if not programme.goals or any(not g.strip() for g in programme.goals):
        raise InvalidValue("goals", "at least one goal, none empty")
    if not programme.measures:
        raise InvalidValue("measures", "at least one measure (a roadmap item)")
    if len(set(programme.measures)) != len(programme.measures):
        raise InvalidValue("measures", "must not repeat")
    if not programme.indicators or any(not i.title.strip() for i in programme.indicators):
        raise InvalidValue("indicators", "at least one indicator, each titled")
    if any(not i.target.is_finite() or i.target < 0 for i in programme.indicators):
        raise InvalidValue("indicators", "a target is a finite, non-negative number")
    check_business_date(programme.adopted_on, "adopted_on")
    return programme


class RiskProfile(CascadeAggregate):
    """One school's risk profile (one stream per school), reassessed with history kept."""

    stream_kind = "risk_profile"

    class Assessed(CascadeAggregate.Created):
        key: str
        school: str
        assessed_on: date
        factors: tuple[FactorLevel, ...]
        source: str

    class Reassessed(CascadeAggregate.Event):
        assessed_on: date
        factors: tuple[FactorLevel, ...]
        source: str

    class ProgrammeAdopted(CascadeAggregate.Event):
        programme: AntiRiskProgramme

    @classmethod
    def assess(cls, meta: Provenance, school: str, assessed_on: date, factors: tuple[FactorLevel, ...],
               source: str = "") -> RiskProfile:
        """The first assessment of an identified school's risk factors (who checks identification:
        the command, which sees the school)."""
        check_key(school, "school")
        check_business_date(assessed_on, "assessed_on")
        return cls._create(cls.Assessed, meta=meta, key=school, school=school, assessed_on=assessed_on,
                           factors=check_factors(tuple(factors)), source=source)

    def __init__(self, meta: Provenance, key: str, school: str, assessed_on: date,
                 factors: tuple[FactorLevel, ...], source: str) -> None:
        self.key = key
        self.school = school
        self.assessed_on = assessed_on
        self.factors = factors
        self.programmes: dict[str, AntiRiskProgramme] = {}

    def level_of(self, factor: str) -> Level | None:
        return next((f.level for f in self.factors if f.factor == factor), None)

    def reassess(self, meta: Provenance, assessed_on: date, factors: tuple[FactorLevel, ...],
                 source: str = "") -> None:
        """A later assessment replaces the levels; the earlier stays in the log."""
        check_business_date(assessed_on, "assessed_on")
        if assessed_on < self.assessed_on:
            raise InvalidValue("assessed_on", "must not be before the last assessment {assessed_on}", assessed_on=self.assessed_on)
        self._reassessed(meta=meta, assessed_on=assessed_on, factors=check_factors(tuple(factors)), source=source)

    @event(Reassessed)
    def _reassessed(self, meta: Provenance, assessed_on: date, factors: tuple[FactorLevel, ...], source: str) -> None:
        self.assessed_on = assessed_on
        self.factors = factors

    def adopt_programme(self, meta: Provenance, programme: AntiRiskProgramme) -> None:
        """An anti-risk programme for a factor of the profile rated medium or high, one per factor
        (a low risk needs none: 409), adopted not before the assessment."""
        check_programme(programme)
        level = self.level_of(programme.factor)
        if level is None:
            raise InvalidValue("factor", "{factor} is not in the risk profile of {school}", factor=programme.factor, school=self.school)
        if level == "low":
            raise InvalidTransition("{factor} is rated low: no anti-risk programme", "factor", factor=programme.factor)
        if programme.factor in self.programmes:
            raise InvalidTransition("{factor} already has an anti-risk programme", "factor", factor=programme.factor)
        if programme.adopted_on < self.assessed_on:
            raise InvalidValue("adopted_on", "must not be before the assessment {assessed_on}", assessed_on=self.assessed_on)
        self._programme_adopted(meta=meta, programme=programme)

    @event(ProgrammeAdopted)
    def _programme_adopted(self, meta: Provenance, programme: AntiRiskProgramme) -> None:
        self.programmes[programme.factor] = programme
