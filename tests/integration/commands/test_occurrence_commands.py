"""Occurrences of a roadmap item, one obligation each (W7), and visits or internships that close
the occurrence they were planned for (W11): given / when / then through the real executor."""

from datetime import date

from domain.base import InvalidTransition, InvalidValue, NotFound
from domain.roadmap import Evidence
from domain.schedule import DateList, Yearly
from services.auth import Forbidden
from services.commands.catalogue.internship import (
    ConfirmInternship,
    RecordInternshipHeld,
    RequestInternship,
)
from services.commands.catalogue.roadmap import (
    AddRoadmapItem,
    ApproveRoadmap,
    CancelRoadmapOccurrence,
    CompleteRoadmapItem,
    CompleteRoadmapOccurrence,
    ItemEvidence,
    RescheduleRoadmapOccurrence,
)
from services.commands.catalogue.visit import PlanVisit, RecordVisitHeld
from tests.integration.commands.facts import identified, partnered, registered
from tests.integration.commands.scenario import event, school_user

LESSONS = DateList((date(2021, 4, 22), date(2021, 5, 19), date(2021, 9, 15)), "три даты")
PROOF = ItemEvidence("note", "Протокол посещения", "")
APPROVED = (*registered("k-1", "k-2", "k-3"), identified("k-1"), partnered(),
            ApproveRoadmap(roadmap="rm-1", school="k-1", title="Дорожная карта",
                           period_start=date(2021, 2, 1), period_end=date(2022, 12, 31),
                           approved_on=date(2021, 2, 11)),
            AddRoadmapItem(roadmap="rm-1", item="i-16", section="Кадры", title="Посещение уроков",
                           schedule=LESSONS, responsible=["кураторы"]))


def done(occurrence: date, on: date, item: str = "i-16") -> CompleteRoadmapOccurrence:
    return CompleteRoadmapOccurrence(roadmap="rm-1", item=item, occurrence=occurrence, completed_on=on,
                                     evidence=[PROOF])


def test_w7_completing_one_occurrence_records_only_that_one(scenario):
    scenario.given(*APPROVED).when(done(date(2021, 4, 22), date(2021, 4, 22))).then(
        event("Roadmap.OccurrenceCompleted", item="i-16", occurrence="2021-04-22",
              completed_on=date(2021, 4, 22), evidence=(Evidence("note", "Протокол посещения"),)))


def test_w7_a_multi_date_item_is_not_completed_as_a_whole(scenario):
    whole = CompleteRoadmapItem(roadmap="rm-1", item="i-16", completed_on=date(2021, 5, 20), evidence=[PROOF])
    scenario.given(*APPROVED).when(whole).then_refused(InvalidTransition, "item")


def test_w7_the_last_open_occurrence_may_be_completed_as_the_item(scenario):
    whole = CompleteRoadmapItem(roadmap="rm-1", item="i-16", completed_on=date(2021, 5, 20), evidence=[PROOF])
    cancel = CancelRoadmapOccurrence(roadmap="rm-1", item="i-16", occurrence=date(2021, 9, 15),
                                     reason="карантин", cancelled_on=date(2021, 5, 1))
    scenario.given(*APPROVED, done(date(2021, 4, 22), date(2021, 4, 22)), cancel).when(whole).then(
        event("Roadmap.OccurrenceCompleted", occurrence="2021-05-19", completed_on=date(2021, 5, 20)))


def test_w7_an_unknown_occurrence_is_named(scenario):
    scenario.given(*APPROVED).when(done(date(2021, 4, 23), date(2021, 4, 23))).then_refused(
        NotFound, "occurrence")


def test_w7_an_occurrence_is_completed_once(scenario):
    first = done(date(2021, 4, 22), date(2021, 4, 22))
    scenario.given(*APPROVED, first).when(first).then_refused(InvalidTransition, "occurrence")


def test_w7_a_yearly_item_done_in_2022_leaves_2023_open(scenario):
    yearly = AddRoadmapItem(roadmap="rm-1", item="y", section="Кадры", title="Ежегодно",
                            schedule=Yearly(9, 10, 2021, 2022), responsible=["ОО"])
    scenario.given(*APPROVED, yearly).when(done(date(2021, 10, 31), date(2021, 5, 1), "y")).then(
        event("Roadmap.OccurrenceCompleted", item="y", occurrence="2021-10-31"))
    scenario.when(done(date(2022, 10, 31), date(2021, 5, 2), "y")).then(
        event("Roadmap.OccurrenceCompleted", item="y", occurrence="2022-10-31"))


def test_w7_cancel_and_reschedule_one_occurrence_with_a_reason(scenario):
    cancel = CancelRoadmapOccurrence(roadmap="rm-1", item="i-16", occurrence=date(2021, 5, 19), reason="карантин")
    scenario.given(*APPROVED).when(cancel).then(
        event("Roadmap.OccurrenceCancelled", occurrence="2021-05-19", reason="карантин",
              cancelled_on=scenario.today))
    move = RescheduleRoadmapOccurrence(roadmap="rm-1", item="i-16", occurrence=date(2021, 9, 15),
                                       due=date(2021, 9, 22), reason="каникулы")
    scenario.when(move).then(event("Roadmap.OccurrenceRescheduled", occurrence="2021-09-15",
                                   due=date(2021, 9, 22)))
    scenario.when(cancel).then_refused(InvalidTransition, "occurrence")


def test_w7_schools_do_not_cancel_occurrences(scenario):
    cancel = CancelRoadmapOccurrence(roadmap="rm-1", item="i-16", occurrence=date(2021, 5, 19), reason="нет")
    scenario.given(*APPROVED).when(cancel, by=school_user("k-1")).then_refused(Forbidden)


def _visit(**link) -> PlanVisit:
    return PlanVisit(visit="v-1", partnership="p-1", host_school="k-1", visiting_school="k-2",
                     planned_on=date(2021, 4, 22), kind="lesson", topic="Уроки", **link)


LINK = {"roadmap": "rm-1", "item": "i-16", "occurrence": date(2021, 4, 22)}


def test_w11_a_visit_held_closes_the_occurrence_it_was_planned_for(scenario):
    held = RecordVisitHeld(visit="v-1", held_on=date(2021, 4, 22), findings="Уроки проведены", participants=3)
    scenario.given(*APPROVED, _visit(**LINK)).when(held, by=school_user("k-2")).then(
        event("Visit.Held", held_on=date(2021, 4, 22)),
        event("Roadmap.OccurrenceCompleted", item="i-16", occurrence="2021-04-22",
              completed_on=date(2021, 4, 22), via="visit:v-1"))


def test_w11_a_link_to_an_unknown_item_or_occurrence_is_refused_by_name(scenario):
    scenario.given(*APPROVED)
    scenario.when(_visit(**{**LINK, "roadmap": "nope"})).then_refused(NotFound, "roadmap")
    scenario.when(_visit(**{**LINK, "item": "nope"})).then_refused(NotFound, "item")
    scenario.when(_visit(**{**LINK, "occurrence": date(2021, 4, 23)})).then_refused(NotFound, "occurrence")
    scenario.when(_visit(roadmap="rm-1", item="i-16")).then_refused(InvalidValue, "occurrence")


def test_w11_an_occurrence_done_meanwhile_stays_as_it_was(scenario):
    held = RecordVisitHeld(visit="v-1", held_on=date(2021, 4, 23), findings="Уроки", participants=3)
    scenario.given(*APPROVED, _visit(**LINK), done(date(2021, 4, 22), date(2021, 4, 22))).when(held).then(
        event("Visit.Held", held_on=date(2021, 4, 23)))


def test_w11_an_internship_held_closes_its_occurrence(scenario):
    request = RequestInternship(internship="in-1", school="k-1", host_school="k-2", topic="ОГЭ",
                                participants=2, start=date(2021, 9, 13), end=date(2021, 9, 14),
                                roadmap="rm-1", item="i-16", occurrence=date(2021, 9, 15))
    held = RecordInternshipHeld(internship="in-1", held_on=date(2021, 9, 14), participants_attended=2)
    scenario.given(*APPROVED, request, ConfirmInternship(internship="in-1")).on(date(2021, 9, 20)).when(held).then(
        event("InternshipRequest.Held", held_on=date(2021, 9, 14)),
        event("Roadmap.OccurrenceCompleted", occurrence="2021-09-15", via="internship:in-1"))
