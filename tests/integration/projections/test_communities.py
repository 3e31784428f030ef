"""The communities model fed with events, on SQLite and PostgreSQL (004 §3.1, §4.5-4.8): members
with teachers counted, meetings held, the bank of methodical materials searchable."""

from __future__ import annotations

from datetime import date

import pytest

from domain.community import Community, MethodicalMaterial
from services.projections.communities import queries
from services.projections.communities.projection import CommunitiesView
from services.projections.communities.queries import Filters
from tests.integration.projections.feed import KAYBITSY, Feed, provenance

META = provenance()


@pytest.fixture
def feed(store) -> Feed:
    return Feed(store, [CommunitiesView()])


def groups() -> tuple[Community, Community]:
    mmo = Community.form(META, "mmo-math", "methodological_association", "municipal", "",
                         "ММО учителей математики", "математика", date(2021, 9, 1))
    mmo.join(META, "k-1", 3)
    mmo.join(META, "k-2", 2)
    mmo.join(META, "k-1", 4)  # a new count for the same school replaces the earlier
    mmo.hold_meeting(META, date(2021, 10, 5), "Анализ ВПР", 6)
    mmo.hold_meeting(META, date(2021, 11, 9), "Открытые уроки", 5, "Провести в декабре")
    group = Community.form(META, "pg-k3", "problem_group", "school", "k-3", "Проблемная группа «Ёлочка»")
    return mmo, group


def test_004_s4_7_a_community_shows_members_teachers_and_meetings(feed, store):
    feed(*groups())
    rows = queries.communities(store, KAYBITSY.id, Filters())
    assert [r.community for r in rows] == ["mmo-math", "pg-k3"]
    mmo = rows[0]
    assert [(m.school, m.teachers) for m in mmo.members] == [("k-1", 4), ("k-2", 2)]
    assert (mmo.schools, mmo.teachers, mmo.meetings_held, mmo.last_meeting) == (2, 6, 2, date(2021, 11, 9))
    assert mmo.meetings[1].decisions == "Провести в декабре"


def test_004_s3_1_communities_filter_by_level_kind_school_and_search(feed, store):
    feed(*groups())
    ids = lambda f: [r.community for r in queries.communities(store, KAYBITSY.id, f)]  # noqa: E731
    assert ids(Filters(level="school")) == ["pg-k3"]
    assert ids(Filters(kind="methodological_association")) == ["mmo-math"]
    assert ids(Filters(school="k-2")) == ["mmo-math"]
    assert ids(Filters(school="k-3")) == ["pg-k3"]
    assert ids(Filters(q="елочка")) == ["pg-k3"]
    assert ids(Filters(q="МАТЕМАТИКА")) == ["mmo-math"]
    assert queries.communities(store, "other", Filters()) == []


def test_004_s4_7_the_bank_lists_materials_newest_first_and_hides_withdrawn(feed, store):
    old = MethodicalMaterial.add(META, "m-1", "Рекомендации по подготовке к ОГЭ", "school", "k-1",
                                 date(2021, 10, 1), file_name="oge.pdf", subject="математика",
                                 community="mmo-math")
    new = MethodicalMaterial.add(META, "m-2", "Формирующее оценивание", "organisation", "imc",
                                 date(2021, 11, 1), link="https://imc.example/fo")
    gone = MethodicalMaterial.add(META, "m-3", "Старый план", "school", "k-2", date(2021, 9, 1),
                                  file_name="plan.docx")
    gone.withdraw(META, "устарел")
    feed(*groups(), old, new, gone)
    ids = lambda f: [m.material for m in queries.materials(store, KAYBITSY.id, f)]  # noqa: E731
    assert ids(Filters()) == ["m-2", "m-1"]
    assert ids(Filters(withdrawn=True)) == ["m-2", "m-1", "m-3"]
    assert ids(Filters(q="огэ")) == ["m-1"] and ids(Filters(author="imc")) == ["m-2"]
    assert ids(Filters(community="mmo-math")) == ["m-1"]
    [bank_item] = [m for m in queries.materials(store, KAYBITSY.id, Filters()) if m.material == "m-2"]
    assert (bank_item.author_kind, bank_item.link, bank_item.file_name) == ("organisation", "https://imc.example/fo", "")
    assert queries.communities(store, KAYBITSY.id, Filters())[0].materials == 1
