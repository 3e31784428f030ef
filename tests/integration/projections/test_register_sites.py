"""Base support sites in the registers (004 §3.3), on SQLite and PostgreSQL: the level the
contest's order decided, and a regional site's support of a school of another municipality
shown to each side and to nobody else."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.contest import Application, SiteContest, Support
from domain.school import BasisDocument, School
from services.projections.models import all_views
from services.projections.registers import queries
from services.projections.registers.paging import Scope
from tenants.registry import Tenant
from tests.integration.projections.feed import KAYBITSY, REGION, Feed, provenance

NEIGHBOUR = Tenant("ru-16-leninogorsk", "municipality", "ru-16", "Лениногорский район")
THIRD = Tenant("ru-16-other", "municipality", "ru-16", "Другой район")
ORDER = BasisDocument("под-100/21", date(2021, 5, 20))
AFTER = date(2021, 6, 15)


@pytest.fixture
def feed(store) -> Feed:
    feed = Feed(store, all_views())
    for tenant, codes in ((KAYBITSY, ("k-1", "k-2")), (NEIGHBOUR, ("n-1", "n-2")), (THIRD, ("t-1",))):
        feed(*(School.register(provenance(tenant), c, f"МБОУ «Школа {c}»") for c in codes), tenant=tenant)
    meta = provenance(REGION)
    contest = SiteContest.announce(meta, "c-2021", "Конкурс", "regional", "Верхний квинтиль",
                                   date(2021, 4, 1), date(2021, 4, 30))
    for school, tenant, score in (("n-1", NEIGHBOUR, "80"), ("k-1", KAYBITSY, "60")):
        contest.apply(meta, Application(school, tenant.id, f"МБОУ «Школа {school}»",
                                        date(2021, 4, 10), Decimal(score), Decimal("0.6"), "ВПР-2020"))
    contest.decide(meta, "n-1", date(2021, 5, 20), ORDER)
    contest.assign_support(meta, Support("n-1", "k-2", KAYBITSY.id, date(2021, 6, 1)))
    feed(contest, tenant=REGION)
    return feed


def _scope(tenant: Tenant, day: date = AFTER, **fields) -> Scope:
    return Scope((tenant.id,), day, {tenant.id: tenant.name}, region=tenant.region_id, **fields)


def _schools(store, tenant: Tenant, day: date = AFTER, **filters) -> dict[str, object]:
    return {r.school: r for r in queries.school_entries(store, _scope(tenant, day), **filters)}


def test_004_3_3_the_schools_register_shows_the_level_the_contest_decided(store, feed):
    rows = _schools(store, NEIGHBOUR)
    assert rows["n-1"].base_site_level == "regional"
    assert rows["n-2"].base_site_level is None
    assert _schools(store, KAYBITSY)["k-1"].base_site_level is None  # applied, not decided
    before = _schools(store, NEIGHBOUR, date(2021, 5, 19))
    assert before["n-1"].base_site_level is None  # the order's date
    assert list(_schools(store, NEIGHBOUR, category="base_support_site")) == ["n-1"]


def test_004_3_3_the_supported_municipality_sees_its_school_with_the_partner_site(store, feed):
    [supported] = _schools(store, KAYBITSY)["k-2"].supported_by
    assert (supported.site, supported.site_name, supported.site_tenant, supported.cross_municipality) == (
        "n-1", "МБОУ «Школа n-1»", NEIGHBOUR.id, True)
    [row] = queries.partnership_entries(store, _scope(KAYBITSY))
    assert (row.tenant_id, row.supported_school, row.partner_name, row.status) == (
        KAYBITSY.id, "k-2", "МБОУ «Школа n-1»", "site_support")
    assert queries.partnership_entries(store, _scope(KAYBITSY, q="школа n-1"))
    assert not queries.partnership_entries(store, _scope(KAYBITSY, q="школа t-1"))


def test_004_3_3_the_site_municipality_sees_the_support_it_gives(store, feed):
    [given] = _schools(store, NEIGHBOUR)["n-1"].site_supports
    assert (given.school, given.school_name, given.school_tenant) == ("k-2", "МБОУ «Школа k-2»", KAYBITSY.id)
    [row] = queries.partnership_entries(store, _scope(NEIGHBOUR))
    assert (row.tenant_id, row.partner_school, row.supported_name) == (NEIGHBOUR.id, "n-1", "МБОУ «Школа k-2»")
    assert not _schools(store, NEIGHBOUR)["n-2"].supported_by


def test_004_3_3_a_third_municipality_sees_neither_side(store, feed):
    assert queries.partnership_entries(store, _scope(THIRD)) == []
    [row] = _schools(store, THIRD).values()
    assert (row.supported_by, row.site_supports, row.base_site_level) == ([], [], None)


def test_004_3_3_the_region_lists_the_support_once(store, feed):
    tenants = (REGION.id, KAYBITSY.id, NEIGHBOUR.id, THIRD.id)
    scope = Scope(tenants, AFTER, region=REGION.id)
    [row] = queries.partnership_entries(store, scope)
    assert (row.tenant_id, row.supported_school, row.partner_school) == (KAYBITSY.id, "k-2", "n-1")
    assert queries.partnership_entries(store, scope, status="ended") == []
