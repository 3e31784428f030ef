"""The organisations model fed with events, on SQLite and PostgreSQL (001 p.3, p.5, indicator 2;
004 §3.1, §4.3): lists, events with schools and teachers, teacher coverage computed or recorded."""

from __future__ import annotations

from datetime import date

import pytest

from domain.organisation import Organisation, OrganisationEvent, Participation, TeacherHeadcount
from services.projections.organisations import queries
from services.projections.organisations.projection import OrganisationsView
from services.projections.organisations.queries import Filters
from tests.integration.projections.feed import KAYBITSY, Feed, provenance

META = provenance()


@pytest.fixture
def feed(store) -> Feed:
    return Feed(store, [OrganisationsView()])


def held(key: str, organiser: str, day: date, *schools: tuple[str, int]) -> OrganisationEvent:
    event = OrganisationEvent.plan(META, key, organiser, "seminar", day, f"Семинар {key}")
    event.hold(META, day, tuple(Participation(s, t) for s, t in schools))
    return event


def organisations(feed: Feed) -> None:
    feed(Organisation.register(META, "cdo", "МБУ ДО «Центр дополнительного образования»", "ЦДО",
                               "additional_education"),
         Organisation.register(META, "iro", "ГАУ ДПО «Институт развития образования»", "ИРО",
                               "development_institute"))


def test_001_p5_organisations_are_listed_by_name_searched_and_filtered(feed, store):
    organisations(feed)
    feed(held("s-1", "cdo", date(2022, 3, 1), ("k-1", 5), ("k-2", 3)),
         held("s-2", "cdo", date(2022, 4, 1), ("k-1", 2)))
    rows = queries.organisations(store, KAYBITSY.id, Filters())
    assert [r.organisation for r in rows] == ["iro", "cdo"]  # «ГАУ...» before «МБУ...»
    cdo = rows[1]
    assert (cdo.events_held, cdo.schools_reached, cdo.teachers_taking_part) == (2, 2, 10)
    assert [r.organisation for r in queries.organisations(store, KAYBITSY.id, Filters(q="институт РАЗВИТИЯ"))] == ["iro"]
    assert [r.organisation for r in queries.organisations(store, KAYBITSY.id, Filters(kind="additional_education"))] == ["cdo"]
    assert queries.organisations(store, "other-tenant", Filters()) == []


def test_004_s4_3_events_show_their_schools_and_teachers_and_a_school_sees_only_its_part(feed, store):
    organisations(feed)
    planned = OrganisationEvent.plan(META, "c-1", "iro", "consultation", date(2022, 5, 1), "Консультация")
    cancelled = OrganisationEvent.plan(META, "c-2", "iro", "course", date(2022, 6, 1), "Курсы")
    cancelled.cancel(META, "Карантин")
    feed(held("s-1", "cdo", date(2022, 3, 1), ("k-1", 5), ("k-2", 3)), planned, cancelled)
    rows = queries.events(store, KAYBITSY.id, Filters())
    assert [(e.event, e.status, e.teachers) for e in rows] == [
        ("s-1", "held", 8), ("c-1", "planned", 0), ("c-2", "cancelled", 0)]
    assert rows[0].organiser_name.startswith("МБУ ДО") and rows[2].reason == "Карантин"
    mine = queries.events(store, KAYBITSY.id, Filters(school="k-2"))
    assert [(e.event, [(s.school, s.teachers) for s in e.schools]) for e in mine] == [("s-1", [("k-2", 3)])]
    assert [e.event for e in queries.events(store, KAYBITSY.id, Filters(status="planned"))] == ["c-1"]
    assert [e.event for e in queries.events(store, KAYBITSY.id, Filters(q="курсы"))] == ["c-2"]
    assert queries.events(store, KAYBITSY.id, Filters(year=2021)) == []


def test_001_indicator_2_coverage_is_recorded_without_headcounts(feed, store):
    organisations(feed)
    feed(held("s-1", "cdo", date(2022, 3, 1), ("k-1", 5)))
    coverage = queries.teacher_coverage(store, KAYBITSY.id, 2022, date(2022, 12, 31))
    assert coverage.source == "recorded" and coverage.percent is None
    assert queries.coverage_counts(store, [KAYBITSY.id], date(2022, 12, 31)) == {}


def test_001_indicator_2_coverage_is_computed_from_headcounts_never_counting_a_teacher_twice(feed, store):
    organisations(feed)
    corrected = TeacherHeadcount.record(META, "k-2", 2022, 9)
    corrected.correct(META, 10, "уточнено")
    feed(TeacherHeadcount.record(META, "k-1", 2022, 20), corrected,
         TeacherHeadcount.record(META, "k-3", 2022, 10),
         TeacherHeadcount.record(META, "k-1", 2021, 99),
         held("s-1", "cdo", date(2022, 3, 1), ("k-1", 8), ("k-2", 12)),
         held("s-2", "iro", date(2022, 4, 1), ("k-1", 6)),
         held("s-3", "iro", date(2022, 9, 1), ("k-1", 15)),
         held("s-0", "iro", date(2021, 9, 1), ("k-3", 10)))
    # k-1: at most 8 at one event by 30.06 (8 and 6 may be the same teachers); k-2: 12 of 10 -> 10.
    june = queries.teacher_coverage(store, KAYBITSY.id, 2022, date(2022, 6, 30))
    assert june.source == "computed"
    assert (june.covered, june.teachers, june.percent) == (18, 40, 45.0)
    assert [(s.school, s.teachers, s.covered) for s in june.schools] == [
        ("k-1", 20, 8), ("k-2", 10, 10), ("k-3", 10, 0)]
    december = queries.teacher_coverage(store, KAYBITSY.id, 2022, date(2022, 12, 31))
    assert (december.covered, december.percent) == (25, 62.5)
    assert queries.coverage_counts(store, [KAYBITSY.id], date(2022, 12, 31)) == {KAYBITSY.id: (25, 40)}
    own = queries.teacher_coverage(store, KAYBITSY.id, 2022, date(2022, 12, 31), school="k-2")
    assert (own.covered, own.teachers) == (10, 10)
