"""Roadmap commands in-process: approve, add an item, start, complete, reschedule, cancel."""

from datetime import date

from domain.base import AlreadyExists, InvalidTransition, InvalidValue, NotFound
from domain.roadmap import Evidence
from domain.schedule import Deadline, Window
from services.auth import Forbidden
from services.commands.catalogue.roadmap import (
    AddRoadmapItem,
    ApproveRoadmap,
    CancelRoadmapItem,
    CompleteRoadmapItem,
    ItemEvidence,
    RescheduleRoadmapItem,
    StartRoadmapItem,
)
from tests.integration.commands.facts import registered
from tests.integration.commands.scenario import OPERATOR, event, school_user

DUE = Deadline(date(2021, 2, 15), "До 15.02.2021")
AUTUMN = Window(date(2021, 10, 1), date(2021, 11, 30), "октябрь-ноябрь 2021")
PROOF = ItemEvidence("document", "Приказ 31", "утверждён")


def approve(school: str = "k-1", approved_on: date = date(2021, 2, 11)) -> ApproveRoadmap:
    return ApproveRoadmap(roadmap="rm-1", school=school, title="Дорожная карта",
                          period_start=date(2021, 2, 1), period_end=date(2021, 12, 31),
                          approved_on=approved_on)


def add(item: str = "i-1", schedule=DUE, responsible=("директор",)) -> AddRoadmapItem:
    return AddRoadmapItem(roadmap="rm-1", item=item, section="Управление",
                          title="Разработать программу", schedule=schedule,
                          responsible=list(responsible))


def start(on: date = date(2021, 2, 1)) -> StartRoadmapItem:
    return StartRoadmapItem(roadmap="rm-1", item="i-1", started_on=on)


def complete(on: date = date(2021, 2, 14), evidence=(PROOF,)) -> CompleteRoadmapItem:
    return CompleteRoadmapItem(roadmap="rm-1", item="i-1", completed_on=on,
                               evidence=list(evidence))


RESCHEDULE = RescheduleRoadmapItem(roadmap="rm-1", item="i-1", schedule=AUTUMN, reason="перенос")
CANCEL = CancelRoadmapItem(roadmap="rm-1", item="i-1", reason="Утратило актуальность")
PLANNED = (*registered("k-1", "k-2"), approve(), add())


def test_a_roadmap_is_approved_for_a_school(scenario):
    scenario.given(*registered("k-1")).when(approve()).then(
        event("Roadmap.Approved", key="rm-1", school="k-1", approved_on=date(2021, 2, 11)))


def test_a_roadmap_for_an_unknown_school_names_the_school(scenario):
    scenario.when(approve(school="nope")).then_refused(NotFound, "school")


def test_a_roadmap_key_is_approved_once(scenario):
    scenario.given(*registered("k-1"), approve()).when(approve()).then_refused(
        AlreadyExists, "roadmap")


def test_an_approval_is_not_dated_in_the_future(scenario):
    scenario.given(*registered("k-1")).when(approve(approved_on=date(2021, 6, 2))).then_refused(
        InvalidValue, "approved_on")


def test_schools_and_the_region_do_not_approve_roadmaps(scenario):
    scenario.given(*registered("k-1"))
    for caller in (school_user("k-1"), OPERATOR):
        scenario.when(approve(), by=caller).then_refused(Forbidden)


def test_an_item_is_added_with_its_schedule(scenario):
    scenario.given(*registered("k-1"), approve()).when(add()).then(
        event("Roadmap.ItemAdded", item="i-1", schedule=DUE, responsible=("директор",)))


def test_an_item_key_is_added_once(scenario):
    scenario.given(*PLANNED).when(add()).then_refused(AlreadyExists, "item")


def test_an_item_of_an_unknown_roadmap_names_the_roadmap(scenario):
    scenario.given(*registered("k-1")).when(add()).then_refused(NotFound, "roadmap")


def test_a_schedule_that_cannot_be_expanded_names_its_field(scenario):
    backwards = Window(date(2021, 11, 30), date(2021, 10, 1))
    scenario.given(*registered("k-1"), approve()).when(add(schedule=backwards)).then_refused(
        InvalidValue, "schedule.end")


def test_the_school_starts_its_own_item(scenario):
    scenario.given(*PLANNED).when(start(), by=school_user("k-1")).then(
        event("Roadmap.ItemStarted", item="i-1", started_on=date(2021, 2, 1)))


def test_another_school_does_not_start_the_item(scenario):
    scenario.given(*PLANNED).when(start(), by=school_user("k-2")).then_refused(Forbidden)


def test_an_item_is_started_once(scenario):
    scenario.given(*PLANNED, start()).when(start()).then_refused(InvalidTransition, "item")


def test_the_school_completes_its_item_with_evidence(scenario):
    scenario.given(*PLANNED, start()).when(complete(), by=school_user("k-1")).then(
        event("Roadmap.ItemCompleted", item="i-1", completed_on=date(2021, 2, 14),
              evidence=(Evidence("document", "Приказ 31", "утверждён"),)))


def test_a_completion_before_the_start_is_refused(scenario):
    scenario.given(*PLANNED, start()).when(complete(on=date(2021, 1, 31))).then_refused(
        InvalidValue, "completed_on")


def test_a_done_item_is_not_completed_again(scenario):
    scenario.given(*PLANNED, complete()).when(complete()).then_refused(InvalidTransition, "item")


def test_an_open_item_is_rescheduled_with_a_reason(scenario):
    scenario.given(*PLANNED).when(RESCHEDULE).then(
        event("Roadmap.ItemRescheduled", item="i-1", schedule=AUTUMN, reason="перенос"))


def test_a_school_does_not_reschedule(scenario):
    scenario.given(*PLANNED).when(RESCHEDULE, by=school_user("k-1")).then_refused(Forbidden)


def test_rescheduling_to_the_same_schedule_is_refused(scenario):
    same = RescheduleRoadmapItem(roadmap="rm-1", item="i-1", schedule=DUE, reason="нет")
    scenario.given(*PLANNED).when(same).then_refused(InvalidValue, "schedule")


def test_an_open_item_is_cancelled_with_a_reason(scenario):
    scenario.given(*PLANNED).when(CANCEL).then(
        event("Roadmap.ItemCancelled", item="i-1", reason="Утратило актуальность"))


def test_a_done_item_is_not_cancelled(scenario):
    scenario.given(*PLANNED, complete()).when(CANCEL).then_refused(InvalidTransition, "item")


def test_an_unknown_item_is_named(scenario):
    unknown = CancelRoadmapItem(roadmap="rm-1", item="nope", reason="отмена")
    scenario.given(*PLANNED).when(unknown).then_refused(NotFound, "item")
