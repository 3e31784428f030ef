"""The roadmaps model fed with roadmap events: stored statuses, derived overdue, counts."""

from __future__ import annotations

from datetime import date

import pytest

from domain.roadmap import Evidence, Roadmap
from domain.schedule import DateList, Deadline, OpenEnded
from services.projections.roadmaps.projection import RoadmapView
from services.projections.roadmaps.queries import item_progress, roadmap_status
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
    assert items["3"].overdue is False and items["3"].schedule.due_dates == []
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
    assert (items["1"].reschedules, items["1"].reason, items["1"].overdue) == (1, "перенос по приказу", False)
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
