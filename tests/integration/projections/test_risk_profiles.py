"""The risk-profiles model fed with events, on SQLite and PostgreSQL (issue 11 item 7)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.risk import AntiRiskProgramme, FactorLevel, MeasureRef, ProgrammeIndicator, RiskProfile
from domain.roadmap import Evidence, Roadmap
from domain.schedule import Deadline
from domain.school import BasisDocument, School
from services.projections.models import all_views
from services.projections.registers import queries as registers
from services.projections.registers.paging import Scope
from services.projections.risk_profiles.queries import levels, risk_card
from tests.integration.projections.feed import KAYBITSY, Feed, provenance

BASIS = BasisDocument(number="20/2", issued_on=date(2021, 2, 11), title="Приказ")


@pytest.fixture
def feed(store) -> Feed:
    return Feed(store, all_views())


@pytest.fixture
def profiled(feed):
    school = School.register(provenance(), "k-fed", "МБОУ «Фёдоровская СОШ»")
    school.identify(provenance(), ("low_results",), 2021, BASIS, ())
    plan = Roadmap.approve(provenance(), key="rm", school="k-fed", title="Дорожная карта",
                           period_start=date(2021, 3, 1), period_end=date(2021, 12, 31),
                           approved_on=date(2021, 3, 1), basis=None)
    for item, due in (("1", date(2021, 6, 1)), ("2", date(2021, 12, 1))):
        plan.add_item(provenance(), item=item, section="Кадры", title=f"Мероприятие {item}",
                      schedule=Deadline(due=due, label=""), responsible=("директор",))
    plan.complete_item(provenance(), "1", date(2021, 5, 20), (Evidence(kind="note", reference="Приказ"),))
    profile = RiskProfile.assess(provenance(), "k-fed", date(2021, 4, 1),
                                 (FactorLevel("teacher_shortage", "high"), FactorLevel("low_equipment", "low")),
                                 "анкетирование")
    profile.adopt_programme(provenance(), AntiRiskProgramme(
        "teacher_shortage", "Кадровый дефицит", ("Закрыть вакансии",),
        (MeasureRef("rm", "1"), MeasureRef("rm", "2")), (ProgrammeIndicator("Доля вакансий", Decimal("0"), "%"),),
        date(2021, 4, 5)))
    profile.reassess(provenance(), date(2021, 9, 1), (FactorLevel("teacher_shortage", "medium"),), "повторно")
    feed(school, plan, profile)
    return feed


def test_500plus_the_profile_on_a_date_is_the_latest_assessment_by_then(store, profiled):
    spring = risk_card(store, KAYBITSY.id, "k-fed", date(2021, 6, 1))
    assert [(f.factor, f.level) for f in spring.factors] == [("teacher_shortage", "high"), ("low_equipment", "low")]
    assert (spring.assessed_on, spring.source, spring.assessments) == (date(2021, 4, 1), "анкетирование", 1)
    autumn = risk_card(store, KAYBITSY.id, "k-fed", date(2021, 10, 1))
    assert [(f.factor, f.level) for f in autumn.factors] == [("teacher_shortage", "medium")]
    assert autumn.assessments == 2
    assert risk_card(store, KAYBITSY.id, "k-fed", date(2021, 3, 1)).factors == []


def test_500plus_the_programme_shows_its_measures_state_from_the_roadmap(store, profiled):
    card = risk_card(store, KAYBITSY.id, "k-fed", date(2021, 6, 2))
    [programme] = card.programmes
    assert (programme.factor, programme.level, programme.goals) == ("teacher_shortage", "high", ["Закрыть вакансии"])
    assert [(m.item, m.status, m.overdue) for m in programme.measures] == [("1", "done", False), ("2", "planned", False)]
    assert programme.measures_done == 1 and programme.indicators[0].target == 0
    assert risk_card(store, KAYBITSY.id, "k-fed", date(2021, 4, 4)).programmes == []


def test_500plus_the_schools_register_shows_the_risk_profile(store, profiled):
    assert levels(store, [KAYBITSY.id], date(2021, 10, 1)) == {
        (KAYBITSY.id, "k-fed"): [FactorLevel("teacher_shortage", "medium")]}
    [entry] = registers.school_entries(store, Scope((KAYBITSY.id,), date(2021, 6, 1)))
    assert [(f.factor, f.level) for f in entry.risk_profile] == [("teacher_shortage", "high"), ("low_equipment", "low")]
