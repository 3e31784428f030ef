"""Visit commands in-process: plan, record as held, cancel, between a partnership's schools."""

from datetime import date

from domain.base import AlreadyExists, InvalidTransition, InvalidValue, NotFound
from services.auth import Forbidden
from services.commands.catalogue.partnership import ConcludeAgreement, EndPartnership
from services.commands.catalogue.visit import CancelVisit, PlanVisit, RecordVisitHeld
from tests.integration.commands.facts import identified, partnered, registered
from tests.integration.commands.scenario import AUDITOR_, event, school_user

PAIRED = (*registered("k-1", "k-2", "k-3"), identified("k-1"), partnered())


def plan(host: str = "k-2", visiting: str = "k-1", partnership: str = "p-1") -> PlanVisit:
    return PlanVisit(visit="v-1", partnership=partnership, host_school=host,
                     visiting_school=visiting, planned_on=date(2021, 4, 22), kind="lesson",
                     topic="Посещение уроков математики")


def held(on: date = date(2021, 4, 22)) -> RecordVisitHeld:
    return RecordVisitHeld(visit="v-1", held_on=on, findings="Уроки проведены", participants=12,
                           recommendations="Усилить практику")


CANCEL = CancelVisit(visit="v-1", reason="Карантин")


def test_a_school_of_the_partnership_plans_a_visit(scenario):
    scenario.given(*PAIRED).when(plan(), by=school_user("k-1")).then(
        event("Visit.Planned", key="v-1", partnership="p-1", host_school="k-2",
              visiting_school="k-1", planned_on=date(2021, 4, 22), kind="lesson"))


def test_a_school_outside_the_visit_does_not_plan_it(scenario):
    scenario.given(*PAIRED)
    for caller in (school_user("k-3"), AUDITOR_):
        scenario.when(plan(), by=caller).then_refused(Forbidden)


def test_an_unknown_partnership_is_named(scenario):
    scenario.given(*PAIRED).when(plan(partnership="nope")).then_refused(NotFound, "partnership")


def test_both_schools_belong_to_the_partnership(scenario):
    scenario.given(*PAIRED).when(plan(host="k-3")).then_refused(InvalidValue, "host_school")


def test_a_visit_key_is_planned_once(scenario):
    scenario.given(*PAIRED, plan()).when(plan()).then_refused(AlreadyExists, "visit")


def test_no_visit_is_planned_under_an_ended_partnership(scenario):
    ended = (ConcludeAgreement(partnership="p-1", number="ПД-1", concluded_on=date(2021, 3, 1),
                               term_until=date(2021, 5, 1)),
             EndPartnership(partnership="p-1", ended_on=date(2021, 5, 1), reason="истёк срок"))
    scenario.given(*PAIRED, *ended).when(plan()).then_refused(InvalidTransition, "partnership")


def test_the_visiting_school_records_the_visit_held(scenario):
    scenario.given(*PAIRED, plan()).when(held(), by=school_user("k-1")).then(
        event("Visit.Held", held_on=date(2021, 4, 22), findings="Уроки проведены",
              participants=12))


def test_a_visit_is_not_held_in_the_future(scenario):
    scenario.given(*PAIRED, plan()).when(held(on=date(2021, 6, 2))).then_refused(
        InvalidValue, "held_on")


def test_a_school_outside_the_visit_does_not_record_it(scenario):
    scenario.given(*PAIRED, plan()).when(held(), by=school_user("k-3")).then_refused(Forbidden)


def test_a_visit_is_held_once(scenario):
    scenario.given(*PAIRED, plan(), held()).when(held()).then_refused(InvalidTransition, "visit")


def test_an_unknown_visit_is_named(scenario):
    scenario.given(*PAIRED).when(held()).then_refused(NotFound, "visit")


def test_the_host_cancels_a_planned_visit(scenario):
    scenario.given(*PAIRED, plan()).when(CANCEL, by=school_user("k-2")).then(
        event("Visit.Cancelled", reason="Карантин"))


def test_a_held_visit_is_not_cancelled(scenario):
    scenario.given(*PAIRED, plan(), held()).when(CANCEL).then_refused(InvalidTransition, "visit")
