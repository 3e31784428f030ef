"""School commands in-process: register, identify, designate, exit the programme."""

from datetime import date

from domain.base import AlreadyExists, InvalidTransition, InvalidValue, NotFound
from domain.school import BasisDocument
from services.auth import Forbidden
from services.commands.catalogue.school import (
    DesignateSchool,
    ExitProgramme,
    IdentifySchool,
    RegisterSchool,
)
from tests.integration.commands.facts import BASIS, identified, partnered, registered
from tests.integration.commands.scenario import (
    AUDITOR_,
    OPERATOR,
    REGION,
    event,
    operator_of,
    school_user,
)


def test_an_officer_registers_a_school(scenario):
    scenario.when(RegisterSchool(school="k-1", name="Школа", locality="Кулангы")).then(
        event("School.Registered", code="k-1", name="Школа", locality="Кулангы"))


def test_a_school_code_is_registered_once(scenario):
    scenario.given(*registered("k-1")).when(*registered("k-1")).then_refused(AlreadyExists, "school")


def test_only_the_municipality_registers_schools(scenario):
    for caller in (school_user("k-1"), OPERATOR, AUDITOR_):
        scenario.when(*registered("k-1"), by=caller).then_refused(Forbidden)


def test_schools_are_not_registered_in_a_region_tenant(scenario):
    scenario.when(*registered("k-1"), by=OPERATOR, tenant=REGION).then_refused(Forbidden)


def test_the_region_identifies_a_school_of_its_municipality(scenario):
    scenario.given(*registered("k-1")).when(identified("k-1"), by=OPERATOR).then(
        event("School.Identified", categories=("low_results",), cohort_year=2021,
              basis=BasisDocument("20/2", date(2021, 2, 11), "Приказ")))


def test_another_regions_operator_does_not_identify(scenario):
    scenario.given(*registered("k-1")).when(
        identified("k-1"), by=operator_of("ru-67")).then_refused(Forbidden)


def test_an_unknown_school_is_not_identified(scenario):
    scenario.when(identified("nope")).then_refused(NotFound, "school")


def test_a_school_in_the_programme_is_not_identified_again_in_the_same_cohort(scenario):
    scenario.given(*registered("k-1"), identified("k-1")).when(identified("k-1")).then_refused(
        InvalidTransition, "school")


def test_w10_a_school_still_in_the_programme_is_reconfirmed_in_a_later_cohort(scenario):
    scenario.given(*registered("k-1"), identified("k-1")).when(identified("k-1", 2022)).then(
        event("School.Identified", cohort_year=2022, categories=("low_results",)))


def _adverse(code: str) -> IdentifySchool:
    return IdentifySchool(school=code, categories=["adverse_conditions"], cohort_year=2021,
                          basis=BASIS)


def test_w6_a_school_identified_for_low_results_is_not_a_base_support_site(scenario):
    site = DesignateSchool(school="k-1", designation="base_support_site", basis=BASIS)
    error = scenario.given(*registered("k-1"), identified("k-1")).when(site).then_refused(
        InvalidTransition, "designation")
    assert "004 §3.3" in str(error)


def test_w6_a_network_centre_with_low_results_needs_a_recorded_exception_reason(scenario):
    centre = DesignateSchool(school="k-1", designation="network_centre",
                             exception_reason="Единственная школа района с ресурсной базой")
    scenario.given(*registered("k-1"), identified("k-1")).when(centre).then(
        event("School.Designated", designation="network_centre",
              exception_reason="Единственная школа района с ресурсной базой"))


def test_w6_a_resilient_adverse_conditions_school_is_a_leader_and_a_partner(scenario):
    scenario.given(*registered("k-1", "k-2"), identified("k-1"), _adverse("k-2"))
    scenario.when(DesignateSchool(school="k-2", designation="leader_school")).then(
        event("School.Designated", designation="leader_school", exception_reason=""))
    scenario.when(partnered(supported="k-1", partner="k-2")).then(
        event("Partnership.Assigned", supported_school="k-1", partner_school="k-2"))


def test_w6_a_low_results_school_is_not_a_partner(scenario):
    scenario.given(*registered("k-1", "k-2"), identified("k-1"), identified("k-2"))
    scenario.when(partnered(supported="k-1", partner="k-2")).then_refused(
        InvalidTransition, "partner_school")


def test_a_school_is_designated_a_network_centre(scenario):
    scenario.given(*registered("k-1")).when(
        DesignateSchool(school="k-1", designation="network_centre", basis=BASIS)).then(
        event("School.Designated", designation="network_centre"))


def test_a_designation_is_given_once(scenario):
    designate = DesignateSchool(school="k-1", designation="network_centre")
    scenario.given(*registered("k-1"), designate).when(designate).then_refused(
        InvalidTransition, "designation")


def test_an_unknown_school_is_not_designated(scenario):
    scenario.when(DesignateSchool(school="nope", designation="network_centre")).then_refused(
        NotFound, "school")


def test_an_identified_school_exits_the_programme(scenario):
    exit_ = ExitProgramme(school="k-1", exited_on=date(2021, 5, 31), reason="Результаты выросли")
    scenario.given(*registered("k-1"), identified("k-1")).when(exit_).then(
        event("School.ExitedProgramme", exited_on=date(2021, 5, 31), reason="Результаты выросли"))


def test_an_exit_is_not_dated_in_the_future(scenario):
    exit_ = ExitProgramme(school="k-1", exited_on=date(2021, 6, 2), reason="Результаты выросли")
    scenario.given(*registered("k-1"), identified("k-1")).when(exit_).then_refused(
        InvalidValue, "exited_on")


def test_a_school_never_identified_does_not_exit(scenario):
    exit_ = ExitProgramme(school="k-1", exited_on=date(2021, 5, 31), reason="Результаты выросли")
    scenario.given(*registered("k-1")).when(exit_).then_refused(InvalidTransition, "school")
