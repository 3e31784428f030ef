"""The overview model fed with events: its own tables plus the roadmaps and schedule models' queries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.organisation import Organisation, OrganisationEvent, Participation, TeacherHeadcount
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
from services.projections.overview.regional import regional_overview
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


def test_w4_an_expired_agreement_is_not_counted(store, feed):
    """003 §3.1-3.2: past its term without an extension the agreement has expired."""
    first, second, third = schools()
    pair = partnership(first, second)
    pair.conclude_agreement(provenance(), "7", date(2021, 3, 10), DeadlineRules())  # to 31.12.2021
    feed(first, second, third, pair)

    def with_agreement(day: date) -> tuple[int, int]:
        row = regional_overview(store, REGION, [KAYBITSY], day).municipalities[0]
        return row.with_agreement.count, row.with_partner.count

    assert with_agreement(date(2021, 3, 5)) == (0, 1)  # paired on 1 March, not yet signed
    assert with_agreement(date(2021, 12, 31)) == (1, 1)
    assert with_agreement(date(2022, 1, 1)) == (0, 1)  # expired; the pair still stands
    pair.extend(provenance(), "ДС-1", date(2021, 12, 20), date(2022, 12, 31))
    feed(pair)
    assert with_agreement(date(2022, 3, 1)) == (1, 1)
    assert with_agreement(date(2023, 1, 1)) == (0, 1)


def test_w4_an_agreement_terminated_by_consent_is_not_counted(store, feed):
    first, second, third = schools()
    pair = partnership(first, second)
    pair.conclude_agreement(provenance(), "7", date(2021, 3, 1), DeadlineRules())
    pair.terminate_by_consent(provenance(), "С-1", date(2021, 4, 1), date(2021, 4, 15), "")
    feed(first, second, third, pair)
    row = regional_overview(store, REGION, [KAYBITSY], date(2021, 4, 20)).municipalities[0]
    assert (row.with_agreement.count, row.with_partner.count) == (0, 0)


def test_w8_schools_partners_and_values_are_counted_as_of_their_own_dates(store, feed):
    first, second, third = schools()  # identified by the order of 11.02.2021
    pair = partnership(first, second)  # assigned on 01.03.2021
    pair.conclude_agreement(provenance(), "7", date(2021, 3, 1), DeadlineRules(), date(2021, 9, 30))
    pair.end(provenance(), date(2021, 9, 30), "срок истёк")
    third.exit_programme(provenance(), date(2021, 6, 1), "эффективный режим", BASIS)
    third.identify(provenance(), ("adverse_conditions",), 2022,
                   BasisDocument("5", date(2022, 1, 20), "Перечень 2022"))
    series = IndicatorSeries.open(provenance(), MUNICIPALITY, NETWORK_TEACHERS_SHARE)
    series.record(provenance(), "2021-Q1", Decimal("30"), date(2021, 4, 5))
    series.record(provenance(), "2021-Q2", Decimal("45"), date(2021, 7, 5))
    feed(first, second, third, pair, series)

    def row(day: date):
        return regional_overview(store, REGION, [KAYBITSY], day).municipalities[0]

    def teachers(day: date) -> float | None:
        return {i.indicator: i for i in row(day).indicators}[NETWORK_TEACHERS_SHARE].value

    assert (row(date(2021, 2, 10)).identified_schools, row(date(2021, 2, 11)).identified_schools) == (0, 2)
    assert (row(date(2021, 5, 31)).identified_schools, row(date(2021, 6, 1)).identified_schools) == (2, 1)
    assert row(date(2022, 1, 20)).identified_schools == 2  # identified again in the 2022 list
    assert [row(d).with_partner.count for d in (date(2021, 2, 28), date(2021, 3, 1),
                                                date(2021, 9, 29), date(2021, 9, 30))] == [0, 1, 1, 0]
    assert (teachers(date(2021, 4, 4)), teachers(date(2021, 6, 30)), teachers(date(2021, 7, 5))) == \
        (None, 30.0, 45.0)


def test_w9_the_targets_of_a_lapsed_programme_do_not_apply(store, feed):
    programme = Programme.adopt(
        provenance(REGION), key="ru-16-2019", title="План 2019", level="regional",
        period_start=date(2019, 1, 1), period_end=date(2019, 12, 31), adopted_on=date(2019, 3, 22),
        targets=PROGRAMME_INDICATORS_001, basis=BASIS,
    )
    feed(programme, tenant=REGION)
    feed(*schools())

    def status(day: date) -> tuple[str, bool]:
        indicator = regional_overview(store, REGION, [KAYBITSY], day).municipalities[0].indicators[0]
        return indicator.status, indicator.target is None

    assert status(date(2019, 6, 1))[1] is False
    assert status(date(2021, 4, 30)) == ("no_target", True)
    assert status(date(2019, 3, 21)) == ("no_target", True)  # not yet adopted


def network_share(periods: dict[str, tuple[str, date]]) -> IndicatorSeries:
    series = IndicatorSeries.open(provenance(), MUNICIPALITY, NETWORK_ORGANISATIONS_SHARE)
    for period, (value, measured_on) in periods.items():
        series.record(provenance(), period, Decimal(value), measured_on)
    return series


def network_indicator(store, as_of: date):
    row = regional_overview(store, REGION, [KAYBITSY], as_of).municipalities[0]
    found = {i.indicator: i for i in row.indicators}[NETWORK_ORGANISATIONS_SHARE]
    return found.value, found.source, found.period


def test_001_network_share_uses_recorded_value_for_the_period_of_the_date(store, feed):
    """001 indicator 1 (share of organisations in network interaction): the value the department
    recorded for the period wins over the one computed from the schools registered here."""
    first, second, third = schools()
    feed(first, second, third, partnership(first, second),
         network_share({"2020/2021": ("58", date(2021, 4, 1))}))
    assert network_indicator(store, date(2021, 4, 30)) == (58.0, "recorded", "2020/2021")


def test_001_network_share_uses_recorded_value_only_once_measured_else_computes_it(store, feed):
    first, second, third = schools()
    feed(first, second, third, partnership(first, second),
         network_share({"2020/2021": ("58", date(2021, 4, 1))}))
    # Before it was measured, and in a period with no value of its own: computed (2 of 3 registered).
    assert network_indicator(store, date(2021, 3, 31)) == (pytest.approx(66.67), "computed", None)
    assert network_indicator(store, date(2021, 9, 30)) == (pytest.approx(66.67), "computed", None)


def test_001_indicator_2_the_teachers_share_is_computed_once_headcounts_are_recorded(feed, store):
    feed(teachers_share({"2021": "40"}))
    day = date(2021, 12, 31)

    def share() -> tuple[float | None, str, str | None]:
        overview = regional_overview(store, REGION, [KAYBITSY], day)
        [mine] = [i for i in overview.municipalities[0].indicators if i.indicator == NETWORK_TEACHERS_SHARE]
        [total] = [i for i in overview.total.indicators if i.indicator == NETWORK_TEACHERS_SHARE]
        assert (total.value, total.source) == (mine.value, mine.source) or mine.source == "recorded"
        return mine.value, mine.source, mine.period

    assert share() == (40.0, "recorded", "2021")
    seminar = OrganisationEvent.plan(provenance(), "s-1", "cdo", "seminar", date(2021, 3, 1), "Семинар")
    seminar.hold(provenance(), date(2021, 3, 1), (Participation("k-1", 6),))
    feed(Organisation.register(provenance(), "cdo", "ЦДО", "", "additional_education"), seminar,
         TeacherHeadcount.record(provenance(), "k-1", 2021, 20),
         TeacherHeadcount.record(provenance(), "k-2", 2021, 10))
    assert share() == (20.0, "computed", "2021")


def test_001_a_programme_is_shown_by_its_own_title_in_its_entry_and_its_targets(store, feed):
    """The programme's title as adopted (001) travels with its targets: the programmes list and the
    target each indicator is judged against name it, besides the key."""
    from services.projections.overview.queries import programmes

    feed(Programme.adopt(
        provenance(REGION), key="ru-16-network", title="Программа сетевого взаимодействия",
        level="regional", period_start=date(2021, 1, 1), period_end=date(2024, 12, 31),
        adopted_on=date(2021, 1, 10), targets=PROGRAMME_INDICATORS_001, basis=BASIS,
    ), tenant=REGION)
    (entry,) = programmes(store, [REGION.id])
    assert (entry.programme, entry.title) == ("ru-16-network", "Программа сетевого взаимодействия")
    overview = regional_overview(store, REGION, [KAYBITSY], AS_OF)
    target = {i.indicator: i for i in overview.total.indicators}[NETWORK_TEACHERS_SHARE].target
    assert target is not None and target.programme_title == "Программа сетевого взаимодействия"
