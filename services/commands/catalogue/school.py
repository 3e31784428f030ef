"""Commands about schools: register, identify (ШНОР/ШФНСУ), designate, exit the programme."""

from __future__ import annotations

from typing import Annotated

import msgspec

from domain.roles import AUTHORITIES, MUNICIPALITY_ONLY
from domain.school import Category, Designation, RiskFactor, School
from services.commands.catalogue.common import (
    Basis,
    BusinessDate,
    Key,
    OptionalLine,
    ShortText,
    Year,
    basis_or_none,
)
from services.commands.registry import Command, handles
from services.commands.session import Session


class RegisterSchool(Command, tag="register_school"):
    """Add an educational organisation of the municipality under a stable code."""

    school: Key
    name: ShortText
    locality: OptionalLine = ""


class IdentifySchool(Command, tag="identify_school"):
    """Identify a school as ШНОР and/or ШФНСУ for a cohort, with its basis and risk profile.

    A school still in the programme is re-confirmed by identifying it in a later cohort.
    """

    school: Key
    categories: Annotated[list[Category], msgspec.Meta(min_length=1, max_length=2)]
    cohort_year: Year
    basis: Basis
    risk_factors: Annotated[list[RiskFactor], msgspec.Meta(max_length=10)] = []


class DesignateSchool(Command, tag="designate_school"):
    """Make a school a leader school, a base support site (004 §3.3) or a network centre.

    A school identified for low results (ШНОР) is refused unless `exception_reason` says why.
    """

    school: Key
    designation: Designation
    basis: Basis | None = None
    exception_reason: OptionalLine = ""


class ExitProgramme(Command, tag="exit_programme"):
    """Record a school's transition to effective operation."""

    school: Key
    exited_on: BusinessDate
    reason: ShortText
    basis: Basis | None = None


@handles(RegisterSchool, roles=MUNICIPALITY_ONLY)
def register_school(cmd: RegisterSchool, session: Session) -> None:
    school = School.register(session.meta, cmd.school, cmd.name, cmd.locality)
    session.new(school, "school", cmd.school)


@handles(IdentifySchool, roles=AUTHORITIES)
def identify_school(cmd: IdentifySchool, session: Session) -> None:
    school = session.target(School, School.stream_for(session.tenant.id, cmd.school), "school", cmd.school)
    school.identify(
        session.meta,
        tuple(cmd.categories),
        cmd.cohort_year,
        cmd.basis.to_domain(),
        tuple(cmd.risk_factors),
    )


@handles(DesignateSchool, roles=AUTHORITIES)
def designate_school(cmd: DesignateSchool, session: Session) -> None:
    school = session.target(School, School.stream_for(session.tenant.id, cmd.school), "school", cmd.school)
    school.designate(session.meta, cmd.designation, basis_or_none(cmd.basis), cmd.exception_reason)


@handles(ExitProgramme, roles=MUNICIPALITY_ONLY)
def exit_programme(cmd: ExitProgramme, session: Session) -> None:
    school = session.target(School, School.stream_for(session.tenant.id, cmd.school), "school", cmd.school)
    school.exit_programme(
        session.meta, session.not_after_today(cmd.exited_on, "exited_on"), cmd.reason,
        basis_or_none(cmd.basis),
    )
