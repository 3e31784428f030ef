"""Contests view (004 §3.3) fed with events on both backends: ranked table, each side its rows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from domain.contest import Application, SiteContest, Support
from domain.school import BasisDocument
from services.projections.contests.projection import ContestView
from services.projections.contests.queries import contest_tables
from tenants.registry import Tenant
from tests.integration.projections.feed import KAYBITSY, REGION, Feed, provenance

NEIGHBOUR = Tenant("ru-16-leninogorsk", "municipality", "ru-16", "Лениногорский район")
ORDER = BasisDocument("под-100/21", date(2021, 5, 20))


def _application(school: str, municipality: str, score: str, index: str) -> Application:
    return Application(school, municipality, f"Школа {school}", date(2021, 4, 10), Decimal(score),
                       Decimal(index), "ВПР-2020")


def _regional_contest() -> SiteContest:
    meta = provenance(REGION)
    contest = SiteContest.announce(meta, "c-2021", "Конкурс", "regional", "Верхний квинтиль",
                                   date(2021, 4, 1), date(2021, 4, 30), (Decimal("0.5"),))
    for school, municipality, score, index in (
        ("k-1", KAYBITSY.id, "80", "0.7"), ("k-2", KAYBITSY.id, "60", "0.6"),
        ("n-1", NEIGHBOUR.id, "80", "0.8"), ("n-2", NEIGHBOUR.id, "70", "0.1"),
    ):
        contest.apply(meta, _application(school, municipality, score, index))
    contest.decide(meta, "n-1", date(2021, 5, 20), ORDER)
    contest.assign_support(meta, Support("n-1", "k-2", KAYBITSY.id, date(2021, 6, 1)))
    return contest


def test_004_3_3_the_region_sees_its_contest_ranked_with_reasons(store):
    Feed(store, [ContestView()])(_regional_contest(), tenant=REGION)
    [table] = contest_tables(store, REGION).contests
    got = [(a.group, a.place, a.school, a.in_top_quintile, a.site) for a in table.applications]
    # Group 1 (index < 0.5): n-2 alone, place 1, in. Group 2: k-1 and n-1 tie at 80 (both in,
    # quota 1), k-2 third, out.
    assert got == [(1, 1, "n-2", True, False), (2, 1, "k-1", True, False),
                   (2, 1, "n-1", True, True), (2, 3, "k-2", False, False)]
    assert table.groups == ["индекс ниже 0.5", "индекс от 0.5"]
    assert table.applications[2].decision == "№ под-100/21 от 2021-05-20"
    assert "место 3 из 3" in table.applications[3].reason
    [support] = table.supports
    assert (support.site_municipality, support.municipality, support.cross_municipality) == (
        NEIGHBOUR.id, KAYBITSY.id, True)


def test_004_3_3_a_municipality_sees_only_its_side_of_a_regional_contest(store):
    Feed(store, [ContestView()])(_regional_contest(), tenant=REGION)
    [mine] = contest_tables(store, KAYBITSY).contests
    assert [a.school for a in mine.applications] == ["k-1", "k-2"]
    assert [a.place for a in mine.applications] == [1, 3]  # places among all applicants
    assert [(s.site, s.school) for s in mine.supports] == [("n-1", "k-2")]
    [theirs] = contest_tables(store, NEIGHBOUR).contests
    assert [a.school for a in theirs.applications] == ["n-2", "n-1"]  # group 1, then 2
    assert [(s.site, s.school) for s in theirs.supports] == [("n-1", "k-2")]
    other = Tenant("ru-16-other", "municipality", "ru-16", "Другой район")
    assert contest_tables(store, other).contests == []


def test_004_3_3_a_school_sees_only_its_own_rows(store):
    Feed(store, [ContestView()])(_regional_contest(), tenant=REGION)
    [table] = contest_tables(store, KAYBITSY, school="k-2").contests
    assert [a.school for a in table.applications] == ["k-2"]
    assert [s.school for s in table.supports] == ["k-2"]
