"""004 §3.3 base support sites by contest, given/when/then through the real executor."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from msgspec.structs import replace

from domain.base import AlreadyExists, DeadlineMissed, InvalidTransition, InvalidValue, NotFound
from services.auth import Forbidden
from services.commands.catalogue.common import Basis
from services.commands.catalogue.contest import (
    AnnounceSiteContest,
    ApplyToSiteContest,
    AssignSiteSupport,
    DecideSiteContest,
)
from tests.integration.commands.facts import registered
from tests.integration.commands.scenario import (
    AUDITOR_,
    MUNICIPALITY,
    NEIGHBOUR,
    OFFICER,
    OPERATOR,
    REGION,
    event,
    school_user,
)

ORDER = Basis(number="под-100/21", issued_on=date(2021, 5, 20), title="О базовых площадках")


def _announce(contest: str = "c-2021") -> AnnounceSiteContest:
    return AnnounceSiteContest(
        contest=contest, title="Конкурс базовых площадок 2021",
        criteria="Верхний квинтиль результатов среди школ в схожих условиях",
        applications_from=date(2021, 4, 1), applications_until=date(2021, 4, 30),
        context_bounds=[Decimal("0.5")],
    )


def _apply(school: str, score: str, index: str, municipality: str | None = MUNICIPALITY.id,
           on: date = date(2021, 4, 10)) -> ApplyToSiteContest:
    return ApplyToSiteContest(
        contest="c-2021", school=school, school_name=f"Школа {school}", applied_on=on,
        score=Decimal(score), context_index=Decimal(index), source="ВПР-2020; индекс ИРО",
        municipality=municipality,
    )


def _decide(school: str, reason: str = "") -> DecideSiteContest:
    return DecideSiteContest(contest="c-2021", school=school, decided_on=date(2021, 5, 20),
                             basis=ORDER, exception_reason=reason)


def _regional(scenario):
    return scenario.given(
        _announce(), _apply("k-1", "80", "0.7"), _apply("k-2", "60", "0.6"),
        _apply("n-1", "70", "0.2", NEIGHBOUR.id), by=OPERATOR, tenant=REGION,
    )


def test_004_3_3_the_region_announces_a_regional_contest(scenario):
    scenario.when(_announce(), by=OPERATOR, tenant=REGION).then(
        event("SiteContest.Announced", level="regional", organiser=REGION.id,
              context_bounds=(Decimal("0.5"),)))


def test_004_3_3_a_municipality_announces_a_municipal_contest(scenario):
    scenario.when(_announce()).then(event("SiteContest.Announced", level="municipal",
                                          organiser=MUNICIPALITY.id))


def test_004_3_3_only_the_organiser_runs_its_contest(scenario):
    scenario.when(_announce(), by=OPERATOR).then_refused(Forbidden)
    scenario.when(_announce(), by=AUDITOR_, tenant=REGION).then_refused(Forbidden)


def test_004_3_3_bounds_ascend_and_dates_are_ordered(scenario):
    bad = replace(_announce(), context_bounds=[Decimal("0.5"), Decimal("0.1")])
    scenario.when(bad, by=OPERATOR, tenant=REGION).then_refused(InvalidValue, "context_bounds")
    late = replace(_announce(), applications_until=date(2021, 3, 1))
    scenario.when(late, by=OPERATOR, tenant=REGION).then_refused(InvalidValue, "applications_until")


def test_004_3_3_applications_are_received_within_the_dates_and_once(scenario):
    _regional(scenario)
    scenario.when(_apply("k-3", "1", "0", on=date(2021, 5, 1)), by=OPERATOR,
                  tenant=REGION).then_refused(DeadlineMissed, "applied_on")
    scenario.when(_apply("k-1", "1", "0"), by=OPERATOR, tenant=REGION).then_refused(
        AlreadyExists, "school")
    scenario.when(_apply("k-3", "1", "0", municipality=None), by=OPERATOR,
                  tenant=REGION).then_refused(InvalidValue, "municipality")


def test_004_3_3_an_application_names_the_source_of_its_figures(scenario):
    scenario.given(_announce(), by=OPERATOR, tenant=REGION)
    bad = replace(_apply("k-1", "80", "0.7"), source=" ")
    scenario.when(bad, by=OPERATOR, tenant=REGION).then_refused(InvalidValue, "source")


def test_004_3_3_a_municipal_contest_is_among_its_own_schools(scenario):
    scenario.given(_announce(), *registered("k-1"))
    scenario.when(_apply("k-1", "80", "0.7", NEIGHBOUR.id)).then_refused(
        InvalidTransition, "municipality")
    scenario.when(_apply("k-1", "80", "0.7", None), by=school_user("k-1")).then(
        event("SiteContest.Applied"))
    scenario.when(_apply("k-2", "80", "0.7", None), by=school_user("k-1")).then_refused(Forbidden)


def test_004_3_3_a_site_is_decided_after_the_contest_closes(scenario):
    _regional(scenario).on(date(2021, 4, 30))
    early = replace(_decide("k-1"), decided_on=date(2021, 4, 30))
    scenario.when(early, by=OPERATOR, tenant=REGION).then_refused(DeadlineMissed, "decided_on")


def test_004_3_3_the_top_quintile_is_decided_a_site_by_order(scenario):
    _regional(scenario)
    scenario.when(_decide("k-1"), by=OPERATOR, tenant=REGION).then(
        event("SiteContest.SiteDecided", school="k-1", exception_reason=""))


def test_004_3_3_a_school_outside_the_quintile_needs_a_reason(scenario):
    _regional(scenario)
    refusal = scenario.when(_decide("k-2"), by=OPERATOR, tenant=REGION).then_refused(
        InvalidTransition, "school")
    assert "место 2 из 2" in str(refusal)
    scenario.when(_decide("k-2", "единственная школа района с ресурсами"), by=OPERATOR,
                  tenant=REGION).then(event("SiteContest.SiteDecided", school="k-2"))
    scenario.when(_decide("x-9"), by=OPERATOR, tenant=REGION).then_refused(NotFound, "school")


def test_004_3_3_a_regional_site_supports_a_school_of_another_municipality(scenario):
    _regional(scenario).given(_decide("k-1"), by=OPERATOR, tenant=REGION)
    support = AssignSiteSupport(contest="c-2021", site="k-1", school="n-7",
                                municipality=NEIGHBOUR.id, from_on=date(2021, 6, 1))
    scenario.when(support, by=OPERATOR, tenant=REGION).then(event("SiteContest.SupportAssigned"))
    scenario.when(support, by=OPERATOR, tenant=REGION).then_refused(AlreadyExists, "school")
    scenario.when(replace(support, site="k-2"), by=OPERATOR, tenant=REGION).then_refused(NotFound, "site")


def test_004_3_3_a_municipal_site_supports_only_its_municipality(scenario):
    scenario.given(_announce(), *registered("k-1"), _apply("k-1", "80", "0.7"), _decide("k-1"))
    support = AssignSiteSupport(contest="c-2021", site="k-1", school="n-7",
                                municipality=NEIGHBOUR.id, from_on=date(2021, 6, 1))
    scenario.when(support, by=OFFICER).then_refused(InvalidTransition, "municipality")
    scenario.when(replace(support, municipality=MUNICIPALITY.id), by=OFFICER).then(event("SiteContest.SupportAssigned"))
