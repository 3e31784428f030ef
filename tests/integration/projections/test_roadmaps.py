"""The roadmaps model fed with roadmap events: stored statuses, derived overdue, counts."""

from __future__ import annotations

from datetime import date

import pytest

from domain.roadmap import Evidence, Roadmap
from domain.schedule import DateList, Deadline, OpenEnded, Yearly
from services.projections.roadmaps.projection import RoadmapView
from services.projections.roadmaps.queries import item_progress, roadmap_status, school_counts
from tests.integration.projections.feed import KAYBITSY, Feed, provenance

BY_15_MARCH = Deadline(due=date(2021, 3, 15), label="До 15.03.2021")
ORDER = (Evidence(kind="document", reference="Приказ ОО №12"),)


def roadmap(key: str = "kaybitsy-1-2021", school: str = "kaybitsy-1") -> Roadmap:
    return Roadmap.approve(
        provenance(), key=key, school=school, title="Дорожная карта",
        period_start=date(2021, 2, 11), period_end=date(2021, 12, 31), approved_on=date(2021, 2, 11),
        basis=None,
    )


def add(plan: Roadmap, item: str, schedule=BY_15_MARCH) -> None:
    plan.add_item(provenance(), item=item, section="Раздел", title=f"Мероприятие {item}",
                  schedule=schedule, responsible=("ОО",))


@pytest.fixture
def feed(store) -> Feed:
    return Feed(store, [RoadmapView()])


def test_an_open_item_past_its_final_due_date_is_overdue_and_a_done_one_is_not(store, feed):
    plan = roadmap()
    add(plan, "1")
    add(plan, "2")
    add(plan, "3", OpenEnded(label="В течение года"))
    plan.start_item(provenance(), "1", date(2021, 3, 1))
    plan.complete_item(provenance(), "2", date(2021, 3, 10), ORDER)
    last = feed(plan)
    answer = roadmap_status(store, KAYBITSY.id, None, date(2021, 3, 16))
    items = {item.item: item for item in answer.roadmaps[0].items}
    assert (items["1"].status, items["1"].overdue) == ("in_progress", True)
    assert (items["2"].status, items["2"].overdue) == ("done", False)
    assert items["2"].evidence[0].reference == "Приказ ОО №12" and items["2"].completed_on == date(2021, 3, 10)
    # An open-ended item is due at the end of its period (here the roadmap's), W7.
    assert items["3"].overdue is False and items["3"].schedule.due_dates == [date(2021, 12, 31)]
    assert answer.view_position == last
    assert (answer.totals.total, answer.totals.done, answer.totals.in_progress, answer.totals.planned,
            answer.totals.overdue) == (3, 1, 1, 1, 1)
    on_the_day = roadmap_status(store, KAYBITSY.id, None, date(2021, 3, 15))
    assert on_the_day.totals.overdue == 0


def test_a_reschedule_moves_the_due_dates_and_a_cancellation_keeps_the_reason(store, feed):
    plan = roadmap()
    add(plan, "1")
    add(plan, "2")
    later = DateList(dates=(date(2021, 4, 1), date(2021, 5, 1)), label="Апрель и май")
    plan.reschedule_item(provenance(), "1", later, "перенос по приказу")
    plan.cancel_item(provenance(), "2", "не актуально")
    feed(plan)
    items = {i.item: i for i in roadmap_status(store, KAYBITSY.id, None, date(2021, 4, 15)).roadmaps[0].items}
    assert items["1"].schedule.due_dates == [date(2021, 4, 1), date(2021, 5, 1)]
    # W7: the 1 April occurrence is missed on 15 April, so the item is overdue before its last date.
    assert (items["1"].reschedules, items["1"].reason, items["1"].overdue) == (1, "перенос по приказу", True)
    assert (items["2"].status, items["2"].reason, items["2"].overdue) == ("cancelled", "не актуально", False)
    assert [i.seq for i in items.values()] == [1, 2]


def test_a_school_sees_its_own_roadmaps_and_progress_counts_items_not_cancelled(store, feed):
    first, second = roadmap(), roadmap("kaybitsy-2-2021", "kaybitsy-2")
    for plan in (first, second):
        add(plan, "1")
        add(plan, "2")
    first.complete_item(provenance(), "1", date(2021, 3, 1), ORDER)
    second.cancel_item(provenance(), "2", "не актуально")
    feed(first, second)
    own = roadmap_status(store, KAYBITSY.id, "kaybitsy-2", date(2021, 3, 1))
    assert [r.school for r in own.roadmaps] == ["kaybitsy-2"]
    assert [(s.school, s.roadmaps, s.counts.total) for s in own.schools] == [("kaybitsy-2", 1, 2)]
    progress = item_progress(store, [KAYBITSY.id, "ru-16-other"])
    assert (progress[KAYBITSY.id].done, progress[KAYBITSY.id].active) == (1, 3)
    assert "ru-16-other" not in progress


def _occurrences(answer, item: str = "1"):
    found = next(i for i in answer.roadmaps[0].items if i.item == item)
    return {o.occurrence: o for o in found.occurrences}


def test_w7_a_yearly_item_done_in_2022_leaves_2023_open(store, feed):
    plan = Roadmap.approve(provenance(), key="smolensk-2022", school="kaybitsy-1", title="Карта",
                           period_start=date(2022, 1, 1), period_end=date(2023, 12, 31),
                           approved_on=date(2022, 1, 1), basis=None)
    add(plan, "1", Yearly(start_month=9, end_month=10, first_year=2022, label="ежегодно (сентябрь-октябрь)"))
    plan.complete_occurrence(provenance(), "1", "2022-10-31", date(2022, 10, 20), ORDER)
    feed(plan)
    answer = roadmap_status(store, KAYBITSY.id, None, date(2023, 11, 1))
    occurrences = _occurrences(answer)
    assert {k: o.status for k, o in occurrences.items()} == {"2022-10-31": "on_time", "2023-10-31": "missed"}
    assert occurrences["2022-10-31"].evidence[0].reference == "Приказ ОО №12"
    item = answer.roadmaps[0].items[0]
    assert (item.status, item.overdue) == ("planned", True)
    counts = answer.roadmaps[0].occurrences
    assert (counts.total, counts.on_time, counts.missed) == (2, 1, 1)
    assert answer.occurrences.missed == 1 and answer.schools[0].occurrences.on_time == 1


def test_w7_each_occurrence_has_its_own_status_and_as_of_counts_what_was_done_by_then(store, feed):
    plan = roadmap()
    five = DateList(dates=tuple(date(2021, m, 15) for m in (3, 4, 5, 6, 9)), label="пять дат")
    add(plan, "1", five)
    plan.complete_occurrence(provenance(), "1", "2021-03-15", date(2021, 3, 15), ORDER)
    plan.complete_occurrence(provenance(), "1", "2021-04-15", date(2021, 4, 20), ORDER, via="visit:v-1")
    plan.cancel_occurrence(provenance(), "1", "2021-05-15", date(2021, 5, 1), "карантин")
    plan.reschedule_occurrence(provenance(), "1", "2021-06-15", date(2021, 10, 1), "перенос")
    feed(plan)
    occurrences = _occurrences(roadmap_status(store, KAYBITSY.id, None, date(2021, 9, 20)))
    assert {k: o.status for k, o in occurrences.items()} == {
        "2021-03-15": "on_time", "2021-04-15": "late", "2021-05-15": "cancelled",
        "2021-06-15": "rescheduled", "2021-09-15": "missed"}
    assert occurrences["2021-06-15"].due_on == date(2021, 10, 1)
    assert occurrences["2021-06-15"].reason == "перенос" and occurrences["2021-04-15"].via == "visit:v-1"
    # As of 16 April: the 15 April occurrence was not yet done, the cancellation not yet made.
    earlier = roadmap_status(store, KAYBITSY.id, None, date(2021, 4, 16))
    assert {k: o.status for k, o in _occurrences(earlier).items()} == {
        "2021-03-15": "on_time", "2021-04-15": "missed", "2021-05-15": "pending",
        "2021-06-15": "rescheduled", "2021-09-15": "pending"}
    counts = earlier.roadmaps[0].occurrences
    assert (counts.on_time, counts.missed, counts.pending, counts.rescheduled) == (1, 1, 2, 1)


def test_w7_the_item_is_done_once_every_occurrence_is_closed(store, feed):
    plan = roadmap()
    add(plan, "1", DateList(dates=(date(2021, 3, 15), date(2021, 4, 15))))
    plan.complete_occurrence(provenance(), "1", "2021-03-15", date(2021, 3, 14), ORDER)
    feed(plan)
    assert roadmap_status(store, KAYBITSY.id, None, date(2021, 3, 20)).roadmaps[0].items[0].status == "planned"
    plan.complete_occurrence(provenance(), "1", "2021-04-15", date(2021, 4, 14), ORDER)
    feed(plan)
    item = roadmap_status(store, KAYBITSY.id, None, date(2021, 4, 20)).roadmaps[0].items[0]
    assert (item.status, item.completed_on) == ("done", date(2021, 4, 14))
    assert [o.status for o in item.occurrences] == ["on_time", "on_time"]
    assert item_progress(store, [KAYBITSY.id])[KAYBITSY.id].done == 1


def test_the_registers_school_counts_are_the_roadmaps_answers_without_its_items(store, feed):
    """Issue 16 goal 2: the schools register's completion reads per-school counts made by the
    same rules as the roadmaps answer (W7 occurrences, overdue, cancelled), never different."""
    first, second = roadmap(), roadmap("kaybitsy-2-2021", "kaybitsy-2")
    five = DateList(dates=tuple(date(2021, m, 15) for m in (3, 4, 5, 6, 9)), label="пять дат")
    for plan in (first, second):
        add(plan, "1", five)
        add(plan, "2")
        add(plan, "3", OpenEnded(label="В течение года"))
    first.complete_occurrence(provenance(), "1", "2021-03-15", date(2021, 3, 15), ORDER)
    first.cancel_occurrence(provenance(), "1", "2021-05-15", date(2021, 5, 1), "карантин")
    first.complete_item(provenance(), "2", date(2021, 3, 20), ORDER)
    second.start_item(provenance(), "2", date(2021, 3, 1))
    second.cancel_item(provenance(), "3", "не нужно")
    feed(first, second)
    for day in (date(2021, 3, 16), date(2021, 4, 16), date(2021, 9, 20), date(2022, 1, 10)):
        counted = school_counts(store, KAYBITSY.id, day)
        assert counted == roadmap_status(store, KAYBITSY.id, None, day).schools
        assert [s.school for s in counted] == ["kaybitsy-1", "kaybitsy-2"]
    late = {s.school: s.counts for s in school_counts(store, KAYBITSY.id, date(2021, 9, 20))}
    assert (late["kaybitsy-1"].done, late["kaybitsy-1"].overdue) == (1, 1)
    assert (late["kaybitsy-2"].cancelled, late["kaybitsy-2"].overdue) == (1, 2)
