"""Commands of a base-support-site contest (004 §3.3): announce, apply, decide, assign support."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import msgspec

from domain.base import InvalidValue
from domain.contest import Application, SiteContest, SiteLevel, Support, UsedValue
from domain.results import CONTEXT_INDEX, RESULT_INDICATORS, VPR_AVERAGE, SchoolResults
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
    Year,
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
    tenant's own, which is the default). In a regional contest, give `results_year` instead of
    `score` and `context_index`: both are looked up from the results the region imported
    (`score_indicator` of that year, default the ВПР average, and the context index), and the
    application records the values used with their source (004 §3.2-3.3). Typed figures need a
    `source`.
    """

    contest: Key
    school: Key
    school_name: ShortText
    applied_on: BusinessDate
    score: Number | None = None
    context_index: Number | None = None
    source: OptionalLine = ""
    municipality: Key | None = None
    results_year: Year | None = None
    score_indicator: Key = VPR_AVERAGE


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
    applied_on = session.not_after_today(cmd.applied_on, "applied_on")
    if cmd.results_year is None:
        for field in ("score", "context_index"):
            if getattr(cmd, field) is None:
                raise InvalidValue(field, "is required unless results_year looks it up from the "
                                          "imported results")
        application = Application(cmd.school, municipality, cmd.school_name, applied_on,
                                  cmd.score, cmd.context_index, cmd.source)
    else:
        application = _from_results(cmd, session, municipality, applied_on)
    _contest(session, cmd.contest).apply(session.meta, application)


def _from_results(cmd: ApplyToSiteContest, session: Session, municipality: str,
                  applied_on: date) -> Application:
    """004 §3.2-3.3: the score and the context index from the region's imported results."""
    if session.tenant.kind != "region":
        raise InvalidValue("results_year", "the imported results are the region's: a municipal "
                                           "contest types its figures")
    if cmd.score is not None or cmd.context_index is not None:
        raise InvalidValue("results_year", "either typed figures or results_year, not both")
    year = cmd.results_year
    assert year is not None
    results = session.find(SchoolResults, SchoolResults.create_id(session.meta, municipality, cmd.school))
    if results is None:
        raise InvalidValue("school", f"no results of school {cmd.school} of {municipality} were imported")
    score, score_source = results.figure(year, cmd.score_indicator, "score_indicator")
    index, index_source = results.figure(year, CONTEXT_INDEX, "results_year")
    figures = (UsedValue(cmd.score_indicator, year, score, score_source),
               UsedValue(CONTEXT_INDEX, year, index, index_source))
    source = cmd.source or "; ".join(dict.fromkeys(f"{RESULT_INDICATORS.get(f.indicator, f.indicator)} "
                                                   f"{year}: {f.source}" for f in figures))
    return Application(cmd.school, municipality, cmd.school_name, applied_on, score, index,
                       source[:300], figures)


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
