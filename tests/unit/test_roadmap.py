"""Roadmap items: planned -> in progress -> done | rescheduled | cancelled (000 appendix 3)."""

from datetime import date

import pytest

from domain.base import AlreadyExists, InvalidTransition, InvalidValue, NotFound
from domain.roadmap import Evidence, Roadmap
from domain.schedule import DateList, Deadline, OpenEnded, SeparateSchedule, Window
from domain.school import BasisDocument
from domain.status import is_overdue

BASIS = BasisDocument(number="20/2", issued_on=date(2021, 2, 11), title="Приказ")
BY_15_MARCH = Deadline(due=date(2021, 3, 15), label="До 15.03.2021")
ORDER = (Evidence(kind="document", reference="Приказ ОО №12 от 10.03.2021"),)


def approved(meta) -> Roadmap:
    roadmap = Roadmap.approve(
        meta,
        key="kaybitsy-1-2021",
        school="kaybitsy-1",
        title="Дорожная карта сетевого взаимодействия",
        period_start=date(2021, 2, 11),
        period_end=date(2021, 12, 31),
        approved_on=date(2021, 2, 11),
        basis=BASIS,
    )
    roadmap.collect_events()
    return roadmap


def with_item(meta, schedule=BY_15_MARCH) -> Roadmap:
    roadmap = approved(meta)
    roadmap.add_item(
        meta,
        item="4",
        section="Развитие научно-методического обеспечения",
        title="Выявление проблемных зон ОО",
        schedule=schedule,
        responsible=("Руководители ШНР/ШНФСУ",),
    )
    roadmap.collect_events()
    return roadmap


def test_approving_a_roadmap_records_school_period_and_basis(meta):
    roadmap = Roadmap.approve(
        meta, "r-1", "kaybitsy-1", "ДК", date(2021, 2, 11), date(2021, 12, 31), date(2021, 2, 11)
    )
    [event] = roadmap.collect_events()
    assert isinstance(event, Roadmap.Approved)
    assert event.meta == meta and event.school == "kaybitsy-1" and event.basis is None
    assert roadmap.items == {}


def test_a_roadmap_period_cannot_end_before_it_starts(meta):
    with pytest.raises(InvalidValue) as error:
        Roadmap.approve(
            meta, "r-1", "k-1", "ДК", date(2021, 12, 31), date(2021, 2, 1), date(2021, 2, 1)
        )
    assert error.value.field == "period_end"


def test_a_roadmap_needs_a_well_formed_key_and_school(meta):
    with pytest.raises(InvalidValue):
        Roadmap.approve(
            meta, "bad key", "k-1", "ДК", date(2021, 1, 1), date(2021, 12, 31), date(2021, 1, 1)
        )
    with pytest.raises(InvalidValue):
        Roadmap.approve(
            meta, "r-1", "", "ДК", date(2021, 1, 1), date(2021, 12, 31), date(2021, 1, 1)
        )


def test_adding_an_item_keeps_section_schedule_and_responsible_as_written(meta):
    roadmap = approved(meta)
    visits = DateList(dates=(date(2021, 4, 22), date(2021, 5, 19)), label="22.04.2021 19.05.2021")
    roadmap.add_item(
        meta,
        "16",
        "Развитие кадрового потенциала",
        "Посещение уроков кураторами",
        visits,
        ("ШНОР", "школа-партнёр"),
        expected_result="Рекомендации по итогам посещений",
    )
    [event] = roadmap.collect_events()
    assert isinstance(event, Roadmap.ItemAdded)
    item = roadmap.item("16")
    assert item.status == "planned" and item.schedule == visits
    assert item.responsible == ("ШНОР", "школа-партнёр")


def test_an_item_key_is_unique_in_its_roadmap(meta):
    roadmap = with_item(meta)
    with pytest.raises(AlreadyExists) as error:
        roadmap.add_item(meta, "4", "Раздел", "Другое", BY_15_MARCH, ("отдел образования",))
    assert error.value.field == "item"


def test_an_item_needs_a_title_a_section_and_someone_responsible(meta):
    roadmap = approved(meta)
    with pytest.raises(InvalidValue, match="title"):
        roadmap.add_item(meta, "1", "Раздел", " ", BY_15_MARCH, ("ОО",))
    with pytest.raises(InvalidValue, match="section"):
        roadmap.add_item(meta, "1", "", "Мероприятие", BY_15_MARCH, ("ОО",))
    with pytest.raises(InvalidValue, match="responsible"):
        roadmap.add_item(meta, "1", "Раздел", "Мероприятие", BY_15_MARCH, ())


def test_an_item_with_an_impossible_schedule_is_refused(meta):
    backwards = Window(start=date(2021, 11, 30), end=date(2021, 10, 1))
    with pytest.raises(InvalidValue):
        approved(meta).add_item(meta, "8", "Раздел", "Мероприятие", backwards, ("ОО",))


def test_commands_on_an_unknown_item_name_it(meta):
    roadmap = with_item(meta)
    with pytest.raises(NotFound) as error:
        roadmap.start_item(meta, "99", date(2021, 3, 1))
    assert error.value.field == "item"
    with pytest.raises(NotFound):
        roadmap.complete_item(meta, "99", date(2021, 3, 1), ORDER)
    with pytest.raises(NotFound):
        roadmap.cancel_item(meta, "99", "причина")


def test_starting_a_planned_item_puts_it_in_progress(meta):
    roadmap = with_item(meta)
    roadmap.start_item(meta, "4", date(2021, 3, 1))
    [event] = roadmap.collect_events()
    assert isinstance(event, Roadmap.ItemStarted) and event.started_on == date(2021, 3, 1)
    assert roadmap.item("4").status == "in_progress"


def test_an_item_in_progress_cannot_be_started_again(meta):
    roadmap = with_item(meta)
    roadmap.start_item(meta, "4", date(2021, 3, 1))
    with pytest.raises(InvalidTransition):
        roadmap.start_item(meta, "4", date(2021, 3, 2))


def test_completing_an_item_in_progress_records_its_evidence(meta):
    roadmap = with_item(meta)
    roadmap.start_item(meta, "4", date(2021, 3, 1))
    roadmap.collect_events()
    evidence = (*ORDER, Evidence("link", "https://edu.tatar.ru/kaybitcy", "публикация"))
    roadmap.complete_item(meta, "4", date(2021, 3, 12), evidence)
    [event] = roadmap.collect_events()
    assert isinstance(event, Roadmap.ItemCompleted) and event.evidence == evidence
    item = roadmap.item("4")
    assert item.status == "done" and item.completed_on == date(2021, 3, 12)


def test_completing_a_planned_item_starts_and_completes_it(meta):
    roadmap = with_item(meta)
    roadmap.complete_item(meta, "4", date(2021, 3, 12), ORDER)
    item = roadmap.item("4")
    assert item.status == "done" and item.started_on == item.completed_on == date(2021, 3, 12)


def test_completion_needs_evidence(meta):
    roadmap = with_item(meta)
    with pytest.raises(InvalidValue) as error:
        roadmap.complete_item(meta, "4", date(2021, 3, 12), ())
    assert error.value.field == "evidence"
    with pytest.raises(InvalidValue):
        roadmap.complete_item(meta, "4", date(2021, 3, 12), (Evidence("note", " "),))


def test_an_item_cannot_be_completed_before_it_started(meta):
    roadmap = with_item(meta)
    roadmap.start_item(meta, "4", date(2021, 3, 1))
    with pytest.raises(InvalidValue, match="completed_on"):
        roadmap.complete_item(meta, "4", date(2021, 2, 28), ORDER)


def test_a_done_item_cannot_be_completed_again(meta):
    roadmap = with_item(meta)
    roadmap.complete_item(meta, "4", date(2021, 3, 12), ORDER)
    with pytest.raises(InvalidTransition):
        roadmap.complete_item(meta, "4", date(2021, 3, 13), ORDER)


def test_rescheduling_an_open_item_replaces_its_schedule_and_keeps_the_reason(meta):
    roadmap = with_item(meta)
    later = Deadline(due=date(2021, 4, 15))
    roadmap.reschedule_item(meta, "4", later, "карантин")
    [event] = roadmap.collect_events()
    assert isinstance(event, Roadmap.ItemRescheduled) and event.reason == "карантин"
    assert roadmap.item("4").schedule == later and roadmap.item("4").status == "planned"


def test_rescheduling_needs_a_reason_and_a_new_schedule(meta):
    roadmap = with_item(meta)
    with pytest.raises(InvalidValue, match="reason"):
        roadmap.reschedule_item(meta, "4", Deadline(due=date(2021, 4, 15)), "  ")
    with pytest.raises(InvalidValue, match="schedule"):
        roadmap.reschedule_item(meta, "4", BY_15_MARCH, "перенос")


def test_a_done_or_cancelled_item_cannot_be_rescheduled(meta):
    roadmap = with_item(meta)
    roadmap.complete_item(meta, "4", date(2021, 3, 12), ORDER)
    with pytest.raises(InvalidTransition):
        roadmap.reschedule_item(meta, "4", Deadline(due=date(2021, 4, 15)), "перенос")
    other = with_item(meta)
    other.cancel_item(meta, "4", "не актуально")
    with pytest.raises(InvalidTransition):
        other.reschedule_item(meta, "4", Deadline(due=date(2021, 4, 15)), "перенос")


def test_cancelling_an_open_item_records_the_reason(meta):
    roadmap = with_item(meta)
    roadmap.cancel_item(meta, "4", "мероприятие объединено с п.5")
    [event] = roadmap.collect_events()
    assert isinstance(event, Roadmap.ItemCancelled)
    assert roadmap.item("4").status == "cancelled"


def test_cancelling_needs_a_reason(meta):
    with pytest.raises(InvalidValue, match="reason"):
        with_item(meta).cancel_item(meta, "4", "")


def test_a_done_item_cannot_be_cancelled_nor_a_cancelled_one_again(meta):
    roadmap = with_item(meta)
    roadmap.complete_item(meta, "4", date(2021, 3, 12), ORDER)
    with pytest.raises(InvalidTransition):
        roadmap.cancel_item(meta, "4", "причина")
    other = with_item(meta)
    other.cancel_item(meta, "4", "причина")
    with pytest.raises(InvalidTransition):
        other.cancel_item(meta, "4", "причина")
    with pytest.raises(InvalidTransition):
        other.complete_item(meta, "4", date(2021, 3, 12), ORDER)


def overdue(item, as_of: date) -> bool:
    return is_overdue(item.status, item.due_on, as_of)


def test_an_open_item_is_overdue_only_after_its_last_due_date(meta):
    roadmap = with_item(meta)
    assert not overdue(roadmap.item("4"), date(2021, 3, 15))
    assert overdue(roadmap.item("4"), date(2021, 3, 16))
    roadmap.start_item(meta, "4", date(2021, 3, 1))
    assert overdue(roadmap.item("4"), date(2021, 3, 16))
    roadmap.complete_item(meta, "4", date(2021, 3, 20), ORDER)
    assert not overdue(roadmap.item("4"), date(2021, 3, 16))


def test_an_item_on_a_separate_or_open_schedule_is_never_overdue(meta):
    for schedule in (
        SeparateSchedule(reference="По графику ОО"),
        OpenEnded(label="В течение года"),
    ):
        assert not overdue(with_item(meta, schedule).item("4"), date(2030, 1, 1))


def test_rebuilding_from_the_events_gives_the_same_items(meta):
    roadmap = Roadmap.approve(
        meta, "r-1", "k-1", "ДК", date(2021, 1, 1), date(2021, 12, 31), date(2021, 1, 1)
    )
    roadmap.add_item(meta, "4", "Раздел", "Мероприятие", BY_15_MARCH, ("ОО",))
    roadmap.add_item(meta, "5", "Раздел", "Мероприятие", BY_15_MARCH, ("ОО",))
    roadmap.start_item(meta, "4", date(2021, 3, 1))
    roadmap.complete_item(meta, "4", date(2021, 3, 12), ORDER)
    roadmap.reschedule_item(meta, "5", Deadline(due=date(2021, 4, 1)), "перенос")
    rebuilt = None
    for stored in roadmap.collect_events():
        rebuilt = stored.mutate(rebuilt)
    assert rebuilt.items == roadmap.items and rebuilt.version == roadmap.version


def test_the_same_key_in_the_same_tenant_is_the_same_stream(meta):
    roadmap = Roadmap.approve(
        meta, "r-1", "k-1", "ДК", date(2021, 1, 1), date(2021, 12, 31), date(2021, 1, 1)
    )
    assert roadmap.id == Roadmap.stream_for(meta.tenant_id, "r-1")
    assert Roadmap.stream_for("ru-16-a", "r-1") != Roadmap.stream_for("ru-16-b", "r-1")
