"""Commands of a base-support-site contest (004 §3.3): announce, apply, decide, assign support."""

from __future__ import annotations

from typing import Annotated

import msgspec

from domain.base import InvalidValue
from domain.contest import Application, SiteContest, SiteLevel, Support
from domain.roles import ADOPTER_OF_TENANT_KIND, AUTHORITIES, SCHOOL_USER
from services.commands.authorisation import require_role, require_school
from services.commands.catalogue.common import (
    Basis,
    BusinessDate,
    Key,
    Number,
    OptionalLine,
    ShortText,
    Text,
    basis_or_none,
)
from services.commands.registry import Command, handles
from services.commands.session import Session

#: The level of the sites each kind of tenant chooses (004 §3.3: regional and municipal sites).
SITE_LEVEL_OF_TENANT: dict[str, SiteLevel] = {"region": "regional", "municipality": "municipal"}


class AnnounceSiteContest(Command, tag="announce_site_contest"):
    """Announce a contest for base support sites with its criteria and dates (004 §3.3).

    A region tenant announces a regional contest, a municipality tenant a municipal one.
    `context_bounds` cut the context index of social conditions into groups of similar
    conditions (ascending lower edges; none: one group).
    """

    contest: Key
    title: ShortText
    criteria: Text
    applications_from: BusinessDate
    applications_until: BusinessDate
    context_bounds: Annotated[list[Number], msgspec.Meta(max_length=9)] = []
    basis: Basis | None = None


class ApplyToSiteContest(Command, tag="apply_to_site_contest"):
    """Record a school's application with the figures it is scored on and their source.

    `municipality` is the tenant id of the school's municipality (in a municipal contest, the
    tenant's own, which is the default).
    """

    contest: Key
    school: Key
    school_name: ShortText
    applied_on: BusinessDate
    score: Number
    context_index: Number
    source: ShortText
    municipality: Key | None = None


class DecideSiteContest(Command, tag="decide_site_contest"):
    """Make an applicant a base support site by the organiser's order (004 §3.3).

    A school outside its group's top quintile needs an `exception_reason`.
    """

    contest: Key
    school: Key
    decided_on: BusinessDate
    basis: Basis
    exception_reason: OptionalLine = ""


class AssignSiteSupport(Command, tag="assign_site_support"):
    """A decided site takes a school under its support from a date (004 §3.3).

    A regional site may support a school of any municipality of the region.
    """

    contest: Key
    site: Key
    school: Key
    municipality: Key
    from_on: BusinessDate


def _contest(session: Session, key: str) -> SiteContest:
    return session.target(SiteContest, SiteContest.stream_for(session.tenant.id, key), "contest", key)


@handles(AnnounceSiteContest, roles=AUTHORITIES, tenants=("region", "municipality"))
def announce_site_contest(cmd: AnnounceSiteContest, session: Session) -> None:
    _organiser_only(session)
    contest = SiteContest.announce(
        session.meta, cmd.contest, cmd.title, SITE_LEVEL_OF_TENANT[session.tenant.kind],
        cmd.criteria, cmd.applications_from, cmd.applications_until,
        tuple(cmd.context_bounds), basis_or_none(cmd.basis),
    )
    session.new(contest, "contest", cmd.contest)


@handles(ApplyToSiteContest, roles=AUTHORITIES | {SCHOOL_USER}, tenants=("region", "municipality"))
def apply_to_site_contest(cmd: ApplyToSiteContest, session: Session) -> None:
    """The organiser records an application; a school user of the municipality files its own."""
    municipality = cmd.municipality
    if session.tenant.kind == "municipality":
        require_school(session.principal, cmd.school)
        session.school(cmd.school)
        municipality = municipality or session.tenant.id
    elif municipality is None:
        raise InvalidValue("municipality", "a regional contest names the school's municipality")
    application = Application(
        cmd.school, municipality, cmd.school_name,
        session.not_after_today(cmd.applied_on, "applied_on"), cmd.score, cmd.context_index,
        cmd.source,
    )
    _contest(session, cmd.contest).apply(session.meta, application)


@handles(DecideSiteContest, roles=AUTHORITIES, tenants=("region", "municipality"))
def decide_site_contest(cmd: DecideSiteContest, session: Session) -> None:
    _organiser_only(session)
    _contest(session, cmd.contest).decide(
        session.meta, cmd.school, session.not_after_today(cmd.decided_on, "decided_on"),
        cmd.basis.to_domain(), cmd.exception_reason,
    )


@handles(AssignSiteSupport, roles=AUTHORITIES, tenants=("region", "municipality"))
def assign_site_support(cmd: AssignSiteSupport, session: Session) -> None:
    _organiser_only(session)
    support = Support(cmd.site, cmd.school, cmd.municipality, cmd.from_on)
    _contest(session, cmd.contest).assign_support(session.meta, support)


def _organiser_only(session: Session) -> None:
    """004 §3.3: the region decides regional sites, the municipality municipal ones."""
    kind = session.tenant.kind
    require_role(
        session.principal, {ADOPTER_OF_TENANT_KIND[kind]},
        why=f"004 §3.3: the contest of a {kind} tenant is run by its {kind}",
    )
