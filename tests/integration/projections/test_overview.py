"""The overview model fed with events: its own tables plus the roadmaps and schedule models' queries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.partnership import Partnership, Person
from domain.programme import (
    MUNICIPALITY,
    NETWORK_ORGANISATIONS_SHARE,
    NETWORK_SUPPORTED_SCHOOLS_SHARE,
    NETWORK_TEACHERS_SHARE,
    PROGRAMME_INDICATORS_001,
    IndicatorSeries,
    Programme,
)
from domain.report import Report
from domain.roadmap import Evidence, Roadmap
from domain.rules import DeadlineRules
from domain.schedule import Deadline
from domain.school import BasisDocument, School
from domain.visit import Visit
from services.projections.models import all_views
from services.projections.overview.queries import regional_overview
from tests.integration.projections.feed import (
    KAYBITSY,
    REGION,
    Feed,
    monthly_report_duty,
    provenance,
)

BASIS = BasisDocument(number="20/2", issued_on=date(2021, 2, 11), title="Приказ")
AS_OF = date(2021, 4, 30)


@pytest.fixture
def feed(store) -> Feed:
    return Feed(store, all_views())


def schools() -> list[School]:
    found = []
    for code in ("kaybitsy-1", "kaybitsy-2", "kaybitsy-3"):
        school = School.register(provenance(), code, f"МБОУ {code}")
        if code != "kaybitsy-2":
            school.identify(provenance(), ("low_results",), 2021, BASIS)
        found.append(school)
    return found


def partnership(supported: School, partner: School) -> Partnership:
    person = Person(full_name="Иванова А.А.")
    return Partnership.assign(
        provenance(), "p-1", supported=supported, partner=partner, coordinator=person, curator=person,
        municipal_coordinator=person, assigned_on=date(2021, 3, 1), basis=BASIS,
    )


def roadmap() -> Roadmap:
    plan = Roadmap.approve(
        provenance(), key="kaybitsy-1-2021", school="kaybitsy-1", title="Дорожная карта",
        period_start=date(2021, 3, 1), period_end=date(2021, 12, 31), approved_on=date(2021, 3, 1),
        basis=None,
    )
    for item in ("1", "2", "3"):
        plan.add_item(provenance(), item=item, section="Раздел", title=f"Мероприятие {item}",
                      schedule=Deadline(due=date(2021, 4, 1), label="До 01.04"), responsible=("ОО",))
    plan.complete_item(provenance(), "1", date(2021, 3, 20), (Evidence(kind="note", reference="Сделано"),))
    plan.cancel_item(provenance(), "3", "не актуально")
    return plan


def teachers_share(periods: dict[str, str]) -> IndicatorSeries:
    series = IndicatorSeries.open(provenance(), MUNICIPALITY, NETWORK_TEACHERS_SHARE)
    for period, value in periods.items():
        series.record(provenance(), period, Decimal(value), date(2021, 4, 1))
    return series


def test_a_municipality_row_counts_its_schools_items_reports_and_visits(store, feed):
    first, second, third = schools()
    visit = Visit.plan(provenance(), "v-1", "p-1", "kaybitsy-1", "kaybitsy-2", "lesson", date(2021, 4, 10))
    visit.hold(provenance(), date(2021, 4, 10), "Замечания", "", 4)
    reports = [
        Report.file(provenance(), "kaybitsy-1", "monthly_roadmap", "2021-03", date(2021, 3, 28), "Отчёт"),
        Report.file(provenance(), "kaybitsy-1", "monthly_roadmap", "2021-04", date(2021, 4, 29), "Отчёт"),
    ]
    programme = Programme.adopt(
        provenance(REGION), key="ru-16-network", title="Программа", level="regional",
        period_start=date(2021, 1, 1), period_end=date(2024, 12, 31), adopted_on=date(2021, 1, 10),
        targets=PROGRAMME_INDICATORS_001, basis=BASIS,
    )
    feed(programme, tenant=REGION)
    feed(monthly_report_duty(), first, second, third, partnership(first, second), roadmap(), visit, *reports,
         teachers_share({"2021-Q3": "70", "2021": "40"}))
    overview = regional_overview(store, REGION, [KAYBITSY], AS_OF)
    row = overview.municipalities[0]
    assert (row.registered_schools, row.identified_schools) == (3, 2)
    assert (row.with_partner.count, row.with_partner.of, row.with_partner.percent) == (1, 2, 50.0)
    assert (row.with_agreement.count, row.roadmap_items.count, row.roadmap_items.of) == (0, 1, 2)
    assert (row.reports_on_time.count, row.reports_on_time.of) == (1, 2)
    assert (row.visits.count, row.visits.of) == (1, 1)
    indicators = {i.indicator: i for i in row.indicators}
    assert indicators[NETWORK_ORGANISATIONS_SHARE].value == pytest.approx(66.67)
    assert indicators[NETWORK_ORGANISATIONS_SHARE].status == "met"
    assert indicators[NETWORK_SUPPORTED_SCHOOLS_SHARE].status == "not_met"
    teachers = indicators[NETWORK_TEACHERS_SHARE]
    assert (teachers.period, teachers.value, teachers.status) == ("2021", 40.0, "not_met")
    assert teachers.target is not None and teachers.target.tenant_id == REGION.id
    assert overview.total.registered_schools == 3
    assert overview.positions == {REGION.id: 1, KAYBITSY.id: feed.positions[KAYBITSY.id]}


def test_an_ended_partnership_no_longer_counts_and_a_school_that_left_is_not_identified(store, feed):
    first, second, third = schools()
    pair = partnership(first, second)
    pair.conclude_agreement(provenance(), "7", date(2021, 3, 1), DeadlineRules(), date(2021, 3, 31))
    pair.end(provenance(), date(2021, 3, 31), "срок истёк")
    third.exit_programme(provenance(), date(2021, 4, 2), "эффективный режим", BASIS)
    feed(first, second, third, pair)
    row = regional_overview(store, REGION, [KAYBITSY], AS_OF).municipalities[0]
    assert (row.identified_schools, row.with_partner.count, row.with_partner.of) == (1, 0, 1)
