"""Appointments by order in-process (001 p.2, 003 p.1, p.2, p.7, 000 p.3, app. 1): appoint,
replace from a date keeping the earlier holders, end; replace a partnership's people."""

from datetime import date

from domain.appointment import Tenure
from domain.base import AlreadyExists, InvalidTransition, InvalidValue, NotFound
from domain.people import Person as PersonRecord
from domain.school import BasisDocument
from services.auth import Forbidden
from services.commands.catalogue.appointment import (
    Appoint,
    EndAppointment,
    ReplaceAppointee,
    ReplacePartnershipPerson,
)
from services.commands.catalogue.common import Basis
from services.commands.catalogue.partnership import EndPartnership, Person
from tests.integration.commands.facts import identified, partnered, registered
from tests.integration.commands.scenario import OPERATOR, REGION, event, school_user
from tests.integration.commands.test_partnership_commands import CONCLUDED, NOTICE

ORDER_486 = Basis("486", date(2021, 12, 30), "О программе")
ORDER_662 = Basis("662", date(2019, 5, 3))


def coordinator(key="coord", person="Сафонова Н.В.") -> Appoint:
    return Appoint(appointment=key, post="programme_coordinator",
                   person=Person(person, "начальник информационно-аналитического отдела"),
                   effective_from=date(2021, 12, 30), order=ORDER_486)


def pair():
    return [*registered("k-1", "k-2"), identified("k-1"), partnered()]


def test_001_p2_the_programme_coordinator_is_appointed_by_order(scenario):
    scenario.when(coordinator()).then(event(
        "Appointment.Made", post="programme_coordinator", scope="", tenure=Tenure(
            PersonRecord("Сафонова Н.В.", "начальник информационно-аналитического отдела"),
            date(2021, 12, 30), BasisDocument("486", date(2021, 12, 30), "О программе"))))


def test_003_p1_a_working_group_member_names_the_group_and_the_place_in_it(scenario):
    scenario.when(Appoint(appointment="wg-1.1", post="working_group_member", scope="wg-2019",
                          duty="заместитель начальника МКУ «Управление образования»",
                          person=Person("Урманова Г.К."), effective_from=date(2019, 5, 3),
                          order=ORDER_662)).then(event("Appointment.Made", scope="wg-2019"))
    scenario.when(Appoint(appointment="wg-1.2", post="working_group_member", person=Person("Х"),
                          effective_from=date(2019, 5, 3), order=ORDER_662)).then_refused(InvalidValue, "scope")


def test_003_p7_the_controller_of_an_order_names_the_order(scenario):
    scenario.when(Appoint(appointment="control-662", post="order_controller", scope="662 от 03.05.2019",
                          person=Person("Урманова Г.К."), effective_from=date(2019, 5, 3),
                          order=ORDER_662)).then(event("Appointment.Made", post="order_controller"))


def test_a_post_is_appointed_once(scenario):
    scenario.given(coordinator()).when(coordinator()).then_refused(AlreadyExists, "appointment")


def test_appointments_are_made_by_the_tenants_own_authority(scenario):
    scenario.when(coordinator(), by=school_user("k-1")).then_refused(Forbidden)
    scenario.when(coordinator(), by=OPERATOR).then_refused(Forbidden)
    scenario.when(coordinator(), by=OPERATOR, tenant=REGION).then(event("Appointment.Made"))


def test_001_p2_a_later_order_replaces_the_coordinator_from_its_date(scenario):
    scenario.given(coordinator()).when(ReplaceAppointee(
        appointment="coord", person=Person("Петрова О.И."), effective_from=date(2023, 1, 10),
        order=Basis("12", date(2023, 1, 9)), reason="перевод")).then(event(
            "Appointment.HolderReplaced", tenure=Tenure(PersonRecord("Петрова О.И."), date(2023, 1, 10),
                                                        BasisDocument("12", date(2023, 1, 9)), "перевод")))


def test_a_replacement_takes_effect_after_the_current_holder_started(scenario):
    scenario.given(coordinator()).when(ReplaceAppointee(
        appointment="coord", person=Person("Петрова О.И."),
        effective_from=date(2021, 12, 30))).then_refused(InvalidValue, "effective_from")


def test_an_ended_post_has_no_new_holder(scenario):
    scenario.given(coordinator(), EndAppointment(appointment="coord", ended_on=date(2024, 12, 31))).when(
        ReplaceAppointee(appointment="coord", person=Person("Петрова О.И."),
                         effective_from=date(2025, 1, 10))).then_refused(InvalidTransition, "appointment")


def test_an_unknown_post_is_not_replaced(scenario):
    scenario.when(ReplaceAppointee(appointment="nope", person=Person("Петрова О.И."),
                                   effective_from=date(2025, 1, 10))).then_refused(NotFound, "appointment")


def test_003_p2_a_partnerships_curator_is_replaced_from_a_date(scenario):
    scenario.given(*pair()).when(ReplacePartnershipPerson(
        partnership="p-1", role="curator", person=Person("Козлова Е.А."),
        effective_from=date(2021, 9, 1), reason="увольнение")).then(event(
            "Appointment.Made", post="partnership_curator", scope="p-1", key="p-1.curator"))
    scenario.when(ReplacePartnershipPerson(
        partnership="p-1", role="curator", person=Person("Орлова Т.Н."),
        effective_from=date(2022, 1, 10))).then(event("Appointment.HolderReplaced"))


def test_a_partnership_person_is_replaced_after_the_assignment(scenario):
    scenario.given(*pair()).when(ReplacePartnershipPerson(
        partnership="p-1", role="coordinator", person=Person("Козлова Е.А."),
        effective_from=date(2021, 2, 11))).then_refused(InvalidValue, "effective_from")
    scenario.when(ReplacePartnershipPerson(
        partnership="p-1", role="coordinator", person=Person("Иванова Анна Петровна"),
        effective_from=date(2021, 3, 1))).then_refused(InvalidTransition, "person")


def test_an_ended_partnership_has_no_new_people(scenario):
    scenario.given(*pair(), CONCLUDED, NOTICE,
                   EndPartnership(partnership="p-1", ended_on=date(2021, 6, 1), reason="x")).when(
        ReplacePartnershipPerson(partnership="p-1", role="curator", person=Person("Козлова Е.А."),
                                 effective_from=date(2021, 9, 1))).then_refused(InvalidTransition, "partnership")


def test_only_the_municipality_replaces_a_partnerships_people(scenario):
    scenario.given(*pair()).when(ReplacePartnershipPerson(
        partnership="p-1", role="curator", person=Person("Козлова Е.А."),
        effective_from=date(2021, 9, 1)), by=OPERATOR).then_refused(Forbidden)
