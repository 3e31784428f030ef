"""What the effectiveness-criteria report answers: per school each of the 9 criteria of 003."""

from __future__ import annotations

from datetime import date
from typing import Literal

import msgspec

from services.projections.overview.answers import Target

#: met / not_met / no_data (nothing recorded, or the average unknown) / no_target (no
#: programme with this criterion in force on the date: only the programme in force applies).
Status = Literal["met", "not_met", "no_data", "no_target"]
AverageOf = Literal["region", "district"]


class SubjectResult(msgspec.Struct, frozen=True):
    """Criterion 5 for one optional subject: the school's USE average against the region's."""

    subject: str
    period: str
    value: float
    average: float | None
    schools_averaged: int
    status: Status


class Plan(msgspec.Struct, frozen=True):
    """What criterion 7 is derived from: the agreement's status and the roadmap's execution."""

    agreement: str
    agreement_number: str | None
    items_done: int
    items_active: int
    items_overdue: int


class CriterionResult(msgspec.Struct, frozen=True):
    """One criterion of one school on the date (003, criteria table, 1-9)."""

    number: int
    indicator: str
    title: str
    expected: str
    target: Target | None
    status: Status
    period: str | None = None
    value: float | None = None
    average: float | None = None
    average_of: AverageOf | None = None
    schools_averaged: int = 0
    previous_period: str | None = None
    previous_value: float | None = None
    trend: str | None = None
    subjects: list[SubjectResult] = []
    plan: Plan | None = None


class SchoolCriteria(msgspec.Struct, frozen=True):
    tenant_id: str
    municipality: str
    school: str
    name: str
    criteria: list[CriterionResult]
    met: int
    judged: int


class Tally(msgspec.Struct, frozen=True):
    """A municipality's schools on one criterion."""

    number: int
    indicator: str
    met: int
    not_met: int
    no_data: int


class MunicipalityCriteria(msgspec.Struct, frozen=True):
    tenant_id: str
    name: str
    schools: int
    criteria: list[Tally]


class CriteriaReport(msgspec.Struct, frozen=True):
    """Programme schools (identified, not exited by `as_of`) of the scope, with their criteria."""

    scope: str
    as_of: date
    schools: list[SchoolCriteria]
    municipalities: list[MunicipalityCriteria]
