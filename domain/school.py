"""School: registered, identified as ШНОР and/or ШФНСУ, designated, exited (domain.md, Lifecycles)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.base import (
    CascadeAggregate,
    InvalidTransition,
    InvalidValue,
    Provenance,
    check_key,
)
from domain.people import Person
from domain.school_terms import RESULTS_RULE, BasisDocument, Category, Designation, RiskFactor

__all__ = ["BasisDocument", "Category", "Designation", "RiskFactor", "School"]

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
        class_version = 2
        designation: Designation
        basis: BasisDocument | None
        #: Why a school identified for low results is designated all the same; "" if not needed.
        exception_reason: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["exception_reason"] = ""

    class NetworkCentreChanged(CascadeAggregate.Event):
        """002: the school became (`centre`) or ceased to be the centre of a network by order."""

        network: str
        centre: bool
        on: date
        basis: BasisDocument

    class ExitedProgramme(CascadeAggregate.Event):
        exited_on: date
        reason: str
        basis: BasisDocument | None

    class DetailsRecorded(CascadeAggregate.Event):
        """The school as the municipality's own list describes it (an import, docs/imports.md)."""

        short_name: str
        address: str
        director: Person | None
        #: The categories the list names (ШНОР, ШФНСУ, designations), as listed: identification
        #: itself stays identify_school with its basis (004 §3.2).
        listed_categories: tuple[str, ...]

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
        #: 002: the networks it centres (key -> the day an order dissolved it, None: running).
        self.centred_networks: dict[str, date | None] = {}
        self.short_name = ""
        self.address = ""
        self.director: Person | None = None
        self.listed_categories: tuple[str, ...] = ()

    @property
    def is_identified(self) -> bool:
        """Identified and not yet exited: it needs a partner, a roadmap and reports."""
        return self.in_programme

    @property
    def ever_identified(self) -> bool:
        return bool(self.identifications)

    @property
    def has_low_results(self) -> bool:
        """In the programme as ШНОР (low results); a ШФНСУ-only school may still do well (004 §3.3)."""
        return self.in_programme and "low_results" in self.categories

    def require_can_lead(self, field: str) -> None:
        """A partner (003 p.2-3) is a school not in the programme for low results (004 §3.3)."""
        if self.has_low_results:
            raise InvalidTransition("003 p.2-3, 004 §3.3: school {code} is in the programme for low results (ШНОР) and cannot be a partner", field, code=self.code)

    def identify(
        self,
        meta: Provenance,
        categories: tuple[Category, ...],
        cohort_year: int,
        basis: BasisDocument,
        risk_factors: tuple[RiskFactor, ...] = (),
    ) -> None:
        """Identify the school as ШНОР and/or ШФНСУ for a cohort (004 §3.2).

        While in the programme, identification in a later cohort re-confirms the school (it is
        kept on the next year's list) without an exit; its categories are those of the new list.
        """
        if not categories:
            raise InvalidValue("categories", "at least one category is required")
        if len(set(categories)) != len(categories):
            raise InvalidValue("categories", "must not repeat")
        if len(set(risk_factors)) != len(risk_factors):
            raise InvalidValue("risk_factors", "must not repeat")
        if self.in_programme and cohort_year <= max(self.identifications):
            raise InvalidTransition("school {code} is already in the programme (cohort {cohort_year}); it can be re-confirmed only in a later cohort", "school", code=self.code, cohort_year=self.cohort_year)
        if self.identifications and cohort_year <= max(self.identifications):
            raise InvalidTransition("school {code} can be re-identified only in a cohort after {latest}", "cohort_year", code=self.code, latest=max(self.identifications))
        if "leader_school" in self.designations and "low_results" in categories:
            raise InvalidTransition("school {code} is a leader school and cannot be identified for low results", "categories", code=self.code)
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
        self,
        meta: Provenance,
        designation: Designation,
        basis: BasisDocument | None = None,
        exception_reason: str = "",
    ) -> None:
        """Give the school a network role; a school identified for low results needs a reason.

        Each role asks for results (001 leader: good results 3-5 years; 002 §1.3 network centre:
        stable results; 004 §3.3 base support site: results well above average), which a school
        identified only as ШФНСУ may have and a ШНОР has not, save a recorded exception.
        """
        if designation in self.designations:
            raise InvalidTransition("school {code} is already designated {designation}", "designation", code=self.code, designation=designation)
        if self.has_low_results and not exception_reason.strip():
            raise InvalidTransition("{results_rule}; school {code} is identified for low results (ШНОР): designate it only with an exception_reason", "designation", results_rule=RESULTS_RULE[designation], code=self.code)
        self._designated(
            meta=meta, designation=designation, basis=basis, exception_reason=exception_reason.strip()
        )

    @event(Designated)
    def _designated(
        self, meta: Provenance, designation: str, basis: BasisDocument | None, exception_reason: str
    ) -> None:
        self.designations = (*self.designations, designation)

    def centre_network(self, meta: Provenance, network: str, on: date, basis: BasisDocument) -> None:
        """002 §1.3, §4.2: an order sets up a network with this school as its centre."""
        if network in self.centred_networks:
            raise InvalidTransition("school {code} already centres network {network}", "network", code=self.code, network=network)
        self._centre_changed(meta=meta, network=network, centre=True, on=on, basis=basis)

    def end_network_centre(self, meta: Provenance, network: str, on: date, basis: BasisDocument) -> None:
        """002: an order dissolves the network; from that day the school is not its centre, and
        when it centres no other running network it owes no network centre's duty (002 §4.3)."""
        if self.centred_networks.get(network, None) is not None:
            raise InvalidTransition("network {network} of school {code} has ended", "network", network=network, code=self.code)
        self._centre_changed(meta=meta, network=network, centre=False, on=on, basis=basis)

    @event(NetworkCentreChanged)
    def _centre_changed(self, meta: Provenance, network: str, centre: bool, on: date,
                        basis: BasisDocument) -> None:
        self.centred_networks[network] = None if centre else on

    @property
    def centres_a_running_network(self) -> bool:
        return any(ended is None for ended in self.centred_networks.values())

    def exit_programme(
        self, meta: Provenance, exited_on: date, reason: str, basis: BasisDocument | None = None
    ) -> None:
        """Record the transition to effective operation (001, goal of the programme)."""
        if not self.in_programme:
            raise InvalidTransition("school {code} is not in the programme", "school", code=self.code)
        if not reason.strip():
            raise InvalidValue("reason", "must not be empty")
        self._exited(meta=meta, exited_on=exited_on, reason=reason, basis=basis)

    @event(ExitedProgramme)
    def _exited(
        self, meta: Provenance, exited_on: date, reason: str, basis: BasisDocument | None
    ) -> None:
        self.in_programme = False
        self.exited_on = exited_on

    def details_differ(
        self, short_name: str, address: str, director: Person | None, listed: tuple[str, ...]
    ) -> bool:
        return (self.short_name, self.address, self.director, self.listed_categories) != (
            short_name, address, director, listed)

    def record_details(
        self, meta: Provenance, short_name: str, address: str, director: Person | None,
        listed_categories: tuple[str, ...],
    ) -> bool:
        """Record the list's description; the same description again is nothing new (False)."""
        if not self.details_differ(short_name, address, director, listed_categories):
            return False
        self._details(meta=meta, short_name=short_name, address=address, director=director,
                      listed_categories=listed_categories)
        return True

    @event(DetailsRecorded)
    def _details(
        self, meta: Provenance, short_name: str, address: str, director: Person | None,
        listed_categories: tuple[str, ...],
    ) -> None:
        self.short_name, self.address, self.director = short_name, address, director
        self.listed_categories = listed_categories
