"""Contest for base support sites (004 §3.3): announced, applied to, ranked, decided by order.

«Региональные и муниципальные базовые площадки поддержки определяются на конкурсной основе»
among schools in similar adverse conditions whose results are among the best (top quintile,
domain.quintile). The region's tenant runs regional contests, a municipality's its municipal
ones; the level of the sites follows. Applications carry the figures they are scored on (the
result score and the context index of social conditions) with their source.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

import msgspec
from eventsourcing.domain import event

from domain.base import (
    AlreadyExists,
    CascadeAggregate,
    DeadlineMissed,
    InvalidTransition,
    InvalidValue,
    NotFound,
    Provenance,
    check_key,
)
from domain.quintile import Entrant, Placing, check_bounds, top_quintile
from domain.school import BasisDocument

#: A regional site (chosen by the region) or a municipal one (chosen by a municipality).
SiteLevel = Literal["regional", "municipal"]


class UsedValue(msgspec.Struct, frozen=True):
    """An imported value an application is scored on (004 §3.2-3.3), with its source."""

    indicator: str
    year: int
    value: Decimal
    source: str


class Application(msgspec.Struct, frozen=True):
    """A school's application with the figures it is scored on.

    `figures`: the imported values the score and context index were looked up from (empty when
    they were typed with the application, as before such lookups existed).
    """

    school: str
    municipality: str
    school_name: str
    applied_on: date
    score: Decimal
    context_index: Decimal
    source: str
    figures: tuple[UsedValue, ...] = ()


class Support(msgspec.Struct, frozen=True):
    """A school a decided site supports (a cross-municipality partnership for a regional site)."""

    site: str
    school: str
    municipality: str
    from_on: date


class SiteContest(CascadeAggregate):
    """One contest: its criteria and dates, the applications, the sites decided by order."""

    stream_kind = "site_contest"

    class Announced(CascadeAggregate.Created):
        key: str
        title: str
        level: SiteLevel
        organiser: str
        criteria: str
        applications_from: date
        applications_until: date
        context_bounds: tuple[Decimal, ...]
        basis: BasisDocument | None

    class Applied(CascadeAggregate.Event):
        application: Application

    class SiteDecided(CascadeAggregate.Event):
        school: str
        decided_on: date
        basis: BasisDocument
        #: Why a school outside the top quintile is chosen all the same; "" if it is inside.
        exception_reason: str

    class SupportAssigned(CascadeAggregate.Event):
        support: Support

    @classmethod
    def announce(
        cls,
        meta: Provenance,
        key: str,
        title: str,
        level: SiteLevel,
        criteria: str,
        applications_from: date,
        applications_until: date,
        context_bounds: tuple[Decimal, ...] = (),
        basis: BasisDocument | None = None,
    ) -> SiteContest:
        """004 §3.3: the organiser (region or municipality) announces criteria and dates."""
        check_key(key, "contest")
        if not title.strip():
            raise InvalidValue("title", "must not be empty")
        if not criteria.strip():
            raise InvalidValue("criteria", "the contest's criteria must be stated")
        if applications_until < applications_from:
            raise InvalidValue("applications_until", "must not be before applications_from")
        return cls._create(
            cls.Announced, meta=meta, key=key, title=title, level=level,
            organiser=meta.tenant_id, criteria=criteria, applications_from=applications_from,
            applications_until=applications_until, context_bounds=check_bounds(context_bounds),
            basis=basis,
        )

    def __init__(
        self, meta: Provenance, key: str, title: str, level: SiteLevel, organiser: str,
        criteria: str, applications_from: date, applications_until: date,
        context_bounds: tuple[Decimal, ...], basis: BasisDocument | None,
    ) -> None:
        self.key = key
        self.title = title
        self.level = level
        self.organiser = organiser
        self.criteria = criteria
        self.applications_from = applications_from
        self.applications_until = applications_until
        self.context_bounds = tuple(context_bounds)
        self.applications: dict[str, Application] = {}
        self.sites: dict[str, str] = {}  # school -> municipality of the decided sites
        self.supports: list[Support] = []

    def apply(self, meta: Provenance, application: Application) -> None:
        """A school applies within the contest's dates, once, with finite figures."""
        if not self.applications_from <= application.applied_on <= self.applications_until:
            raise DeadlineMissed("004 §3.3: applications to contest {key} are received from {applications_from} to {applications_until}", "applied_on", key=self.key, applications_from=self.applications_from, applications_until=self.applications_until)
        if application.school in self.applications:
            raise AlreadyExists("school {school} has already applied to contest {key}", "school", school=application.school, key=self.key)
        if self.level == "municipal" and application.municipality != self.organiser:
            raise InvalidTransition("004 §3.3: a municipal contest is among the schools of its municipality ({organiser})", "municipality", organiser=self.organiser)
        for field in ("score", "context_index"):
            value = getattr(application, field)
            if not value.is_finite() or value < 0:
                raise InvalidValue(field, "must be a finite number, not negative")
        if not application.source.strip():
            raise InvalidValue("source", "must name the recorded values the figures come from")
        self._applied(meta=meta, application=application)

    @event(Applied)
    def _applied(self, meta: Provenance, application: Application) -> None:
        self.applications[application.school] = application

    def ranking(self) -> list[Placing]:
        """004 §3.3: the applications placed by the top-quintile rule in their context groups."""
        entrants = [
            Entrant(a.school, a.score, a.context_index) for a in self.applications.values()
        ]
        return top_quintile(entrants, self.context_bounds)

    def decide(
        self, meta: Provenance, school: str, decided_on: date, basis: BasisDocument,
        exception_reason: str = "",
    ) -> None:
        """The organiser makes an applicant a base support site by order, after the contest closes.

        A school outside its group's top quintile is chosen only with a recorded reason.
        """
        if school not in self.applications:
            raise NotFound("school {school} has not applied to contest {key}", "school", school=school, key=self.key)
        if school in self.sites:
            raise InvalidTransition("school {school} is already a site of {key}", "school", school=school, key=self.key)
        if decided_on <= self.applications_until:
            raise DeadlineMissed("004 §3.3: contest {key} is decided after its applications close ({applications_until})", "decided_on", key=self.key, applications_until=self.applications_until)
        placing = next(p for p in self.ranking() if p.school == school)
        if not placing.in_top_quintile and not exception_reason.strip():
            raise InvalidTransition("004 §3.3: school {school} is not in the top quintile of its group ({reason}); decide it only with an exception_reason", "school", school=school, reason=placing.reason)
        self._decided(
            meta=meta, school=school, decided_on=decided_on, basis=basis,
            exception_reason=exception_reason.strip(),
        )

    @event(SiteDecided)
    def _decided(
        self, meta: Provenance, school: str, decided_on: date, basis: BasisDocument,
        exception_reason: str,
    ) -> None:
        self.sites[school] = self.applications[school].municipality

    def assign_support(self, meta: Provenance, support: Support) -> None:
        """004 §3.3: a site supports schools; a regional one those of any municipality of the
        region (a cross-municipality partnership), a municipal one those of its municipality."""
        if support.site not in self.sites:
            raise NotFound("school {site} is not a site of contest {key}", "site", site=support.site, key=self.key)
        check_key(support.school, "school")
        check_key(support.municipality, "municipality")
        if (support.school, support.municipality) == (support.site, self.sites[support.site]):
            raise InvalidValue("school", "a site does not support itself")
        if self.level == "municipal" and support.municipality != self.organiser:
            raise InvalidTransition("004 §3.3: a municipal base support site supports the schools of its municipality ({organiser})", "municipality", organiser=self.organiser)
        if any(s.site == support.site and s.school == support.school
               and s.municipality == support.municipality for s in self.supports):
            raise AlreadyExists("site {site} already supports {school}", "school", site=support.site, school=support.school)
        self._supported(meta=meta, support=support)

    @event(SupportAssigned)
    def _supported(self, meta: Provenance, support: Support) -> None:
        self.supports.append(support)
