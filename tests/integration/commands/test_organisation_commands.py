"""Organisations that are not schools, their events for many schools, teacher headcounts (001 p.3,
p.5, indicator 2; 004 §3.1, §4.3): given earlier commands, when this one, then these events."""

from datetime import date

from domain.base import AlreadyExists, InvalidTransition, InvalidValue, NotFound
from services.auth import Forbidden
from services.commands.catalogue.organisation import (
    CancelOrganisationEvent,
    PlanOrganisationEvent,
    RecordOrganisationEventHeld,
    RecordTeacherHeadcount,
    RegisterOrganisation,
    SchoolParticipation,
)
from tests.integration.commands.facts import registered
from tests.integration.commands.scenario import AUDITOR_, OPERATOR, REGION, event, school_user

CDO = RegisterOrganisation(organisation="cdo", name="МБУ ДО «Центр дополнительного образования»",
                           short_name="ЦДО", kind="additional_education",
                           role_in_programme="001 p.5: методический отдел реализует программу")
SEMINAR = PlanOrganisationEvent(event="sem-1", organiser="cdo", kind="seminar",
                                planned_on=date(2021, 5, 20), topic="Формирующее оценивание")


def held(*participants: tuple[str, int], on: date = date(2021, 5, 20)) -> RecordOrganisationEventHeld:
    return RecordOrganisationEventHeld(
        event="sem-1", held_on=on,
        participants=[SchoolParticipation(school=s, teachers=t) for s, t in participants])


def test_001_p5_an_authority_registers_a_methodological_service(scenario):
    scenario.when(CDO).then(event("Organisation.Registered", key="cdo", kind="additional_education",
                                  short_name="ЦДО"))
    scenario.when(CDO).then_refused(AlreadyExists, "organisation")


def test_001_p5_the_region_operator_records_for_a_municipality_but_a_school_user_does_not(scenario):
    scenario.when(CDO, by=OPERATOR).then(event("Organisation.Registered", key="cdo"))
    for caller in (school_user("k-1"), AUDITOR_):
        scenario.when(RegisterOrganisation(organisation="imc", name="ИМЦ", kind="methodological_service"),
                      by=caller).then_refused(Forbidden)


def test_organisations_are_a_fact_of_a_municipality(scenario):
    scenario.when(CDO, by=OPERATOR, tenant=REGION).then_refused(Forbidden)


def test_004_s4_3_an_event_is_run_by_a_registered_organisation(scenario):
    scenario.when(SEMINAR).then_refused(NotFound, "organiser")
    scenario.given(CDO).when(SEMINAR).then(
        event("OrganisationEvent.Planned", key="sem-1", organiser="cdo", kind="seminar"))


def test_001_indicator_2_an_event_held_records_the_schools_and_their_teachers(scenario):
    scenario.given(*registered("k-1", "k-2"), CDO, SEMINAR).on(date(2021, 5, 21))
    [written] = scenario.when(held(("k-1", 7), ("k-2", 4))).then(
        event("OrganisationEvent.Held", held_on=date(2021, 5, 20)))
    assert [(p.school, p.teachers) for p in written.participants] == [("k-1", 7), ("k-2", 4)]


def test_001_forms_a_school_takes_part_once_and_must_be_of_the_municipality(scenario):
    scenario.given(*registered("k-1"), CDO, SEMINAR).on(date(2021, 5, 21))
    scenario.when(held(("k-1", 7), ("k-1", 2))).then_refused(InvalidValue, "participants")
    scenario.when(held(("k-1", 7), ("nope", 2))).then_refused(NotFound, "participants")


def test_an_event_is_not_held_in_the_future_nor_twice_nor_after_cancelling(scenario):
    scenario.given(*registered("k-1"), CDO, SEMINAR).on(date(2021, 5, 19))
    scenario.when(held(("k-1", 7))).then_refused(InvalidValue, "held_on")
    scenario.on(date(2021, 5, 21)).given(held(("k-1", 7)))
    scenario.when(held(("k-1", 7))).then_refused(InvalidTransition, "event")
    scenario.when(CancelOrganisationEvent(event="sem-1", reason="x")).then_refused(InvalidTransition, "event")


def test_a_planned_event_is_cancelled_with_a_reason(scenario):
    scenario.given(CDO, SEMINAR).when(CancelOrganisationEvent(event="sem-1", reason="Карантин")).then(
        event("OrganisationEvent.Cancelled", reason="Карантин"))


def test_001_indicator_2_a_headcount_is_recorded_then_corrected_with_a_reason(scenario):
    count = RecordTeacherHeadcount(school="k-1", year=2021, teachers=30)
    scenario.when(count).then_refused(NotFound, "school")
    scenario.given(*registered("k-1")).when(count).then(
        event("TeacherHeadcount.Recorded", school="k-1", year=2021, teachers=30))
    scenario.when(RecordTeacherHeadcount(school="k-1", year=2021, teachers=31)).then_refused(
        InvalidValue, "reason")
    scenario.when(RecordTeacherHeadcount(school="k-1", year=2021, teachers=31, reason="уточнено")).then(
        event("TeacherHeadcount.Corrected", teachers=31))
    scenario.when(RecordTeacherHeadcount(school="k-1", year=2021, teachers=31, reason="x")).then_refused(
        InvalidTransition, "teachers")
