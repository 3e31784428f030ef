"""School: registered, identified as ШНОР and/or ШФНСУ, designated, exited (domain.md, Lifecycles)."""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

import msgspec
from eventsourcing.domain import event

from domain.base import (
    CascadeAggregate,
    InvalidTransition,
    InvalidValue,
    Provenance,
    check_key,
)

#: ШНОР: low educational results; ШФНСУ: adverse social conditions (004 §3.2).
Category = Literal["low_results", "adverse_conditions"]

#: Risk factors of the federal "500+" practice chosen for a school at identification.
RiskFactor = Literal[
    "low_equipment",
    "teacher_shortage",
    "insufficient_teacher_competence",
    "low_process_adaptivity",
    "pupils_at_risk_of_failure",
    "low_parental_involvement",
    "poor_school_environment",
    "low_learning_motivation",
    "high_share_special_needs",
    "language_cultural_barriers",
]

#: Roles a school can be given: leader/partner school, base support site (004 §3.3),
#: network interaction centre (002 §1.3).
Designation = Literal["leader_school", "base_support_site", "network_centre"]


class BasisDocument(msgspec.Struct, frozen=True):
    """The order or procedure a decision rests on, e.g. order 20/2 of 11.02.2021, GIA-2018."""

    number: str
    issued_on: date
    title: str = ""


class School(CascadeAggregate):
    """An educational organisation of a municipality and its place in the programme."""

    stream_kind = "school"

    class Registered(CascadeAggregate.Created):
        code: str
        name: str
        locality: str

    class Identified(CascadeAggregate.Event):
        categories: tuple[Category, ...]
        cohort_year: int
        basis: BasisDocument
        risk_factors: tuple[RiskFactor, ...]

    class Designated(CascadeAggregate.Event):
        designation: Designation
        basis: BasisDocument | None

    class ExitedProgramme(CascadeAggregate.Event):
        exited_on: date
        reason: str
        basis: BasisDocument | None

    @staticmethod
    def create_id(meta: Provenance, code: str) -> UUID:
        return School.stream_for(meta.tenant_id, code)

    @classmethod
    def register(cls, meta: Provenance, code: str, name: str, locality: str = "") -> School:
        """Register a school under its code (unique in its municipality)."""
        check_key(code, "school")
        if not name.strip():
            raise InvalidValue("name", "must not be empty")
        return cls._create(cls.Registered, meta=meta, code=code, name=name, locality=locality)

    def __init__(self, meta: Provenance, code: str, name: str, locality: str) -> None:
        self.code = code
        self.name = name
        self.locality = locality
        self.categories: tuple[str, ...] = ()
        self.cohort_year: int | None = None
        self.risk_factors: tuple[str, ...] = ()
        self.designations: tuple[str, ...] = ()
        self.in_programme = False
        self.exited_on: date | None = None
        self.identifications: tuple[int, ...] = ()

    @property
    def is_identified(self) -> bool:
        """Identified and not yet exited: it needs a partner, a roadmap and reports."""
        return self.in_programme

    @property
    def ever_identified(self) -> bool:
        return bool(self.identifications)

    def identify(
        self,
        meta: Provenance,
        categories: tuple[Category, ...],
        cohort_year: int,
        basis: BasisDocument,
        risk_factors: tuple[RiskFactor, ...] = (),
    ) -> None:
        """Identify the school as ШНОР and/or ШФНСУ for a cohort (004 §3.2)."""
        if not categories:
            raise InvalidValue("categories", "at least one category is required")
        if len(set(categories)) != len(categories):
            raise InvalidValue("categories", "must not repeat")
        if len(set(risk_factors)) != len(risk_factors):
            raise InvalidValue("risk_factors", "must not repeat")
        if self.in_programme:
            raise InvalidTransition(
                f"school {self.code} is already in the programme (cohort {self.cohort_year})",
                "school",
            )
        if self.identifications and cohort_year <= max(self.identifications):
            raise InvalidTransition(
                f"school {self.code} can be re-identified only in a cohort after "
                f"{max(self.identifications)}",
                "cohort_year",
            )
        if "leader_school" in self.designations:
            raise InvalidTransition(
                f"school {self.code} is a leader school and cannot be identified", "school"
            )
        self._identified(
            meta=meta,
            categories=tuple(categories),
            cohort_year=cohort_year,
            basis=basis,
            risk_factors=tuple(risk_factors),
        )

    @event(Identified)
    def _identified(
        self,
        meta: Provenance,
        categories: tuple[str, ...],
        cohort_year: int,
        basis: BasisDocument,
        risk_factors: tuple[str, ...],
    ) -> None:
        self.categories = categories
        self.cohort_year = cohort_year
        self.risk_factors = risk_factors
        self.in_programme = True
        self.exited_on = None
        self.identifications = (*self.identifications, cohort_year)

    def designate(
        self, meta: Provenance, designation: Designation, basis: BasisDocument | None = None
    ) -> None:
        """Give the school a network role; a school in the programme cannot lead others."""
        if designation in self.designations:
            raise InvalidTransition(
                f"school {self.code} is already designated {designation}", "designation"
            )
        if designation == "leader_school" and self.in_programme:
            raise InvalidTransition(
                f"school {self.code} is in the programme and cannot be a leader school",
                "designation",
            )
        self._designated(meta=meta, designation=designation, basis=basis)

    @event(Designated)
    def _designated(
        self, meta: Provenance, designation: str, basis: BasisDocument | None
    ) -> None:
        self.designations = (*self.designations, designation)

    def exit_programme(
        self, meta: Provenance, exited_on: date, reason: str, basis: BasisDocument | None = None
    ) -> None:
        """Record the transition to effective operation (001, goal of the programme)."""
        if not self.in_programme:
            raise InvalidTransition(f"school {self.code} is not in the programme", "school")
        if not reason.strip():
            raise InvalidValue("reason", "must not be empty")
        self._exited(meta=meta, exited_on=exited_on, reason=reason, basis=basis)

    @event(ExitedProgramme)
    def _exited(
        self, meta: Provenance, exited_on: date, reason: str, basis: BasisDocument | None
    ) -> None:
        self.in_programme = False
        self.exited_on = exited_on
