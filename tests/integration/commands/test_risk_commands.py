"""Risk profiles and anti-risk programmes (issue 11 item 7, the «500+» practice), given/when/then."""

from datetime import date
from decimal import Decimal

import pytest

from domain.base import InvalidTransition, InvalidValue, NotFound
from domain.risk import FactorLevel, MeasureRef
from services.auth import Forbidden
from services.commands.catalogue.risk import (
    AdoptAntiRiskProgramme,
    AssessRiskProfile,
    Factor,
    Indicator,
    Measure,
)
from services.commands.catalogue.roadmap import AddRoadmapItem, ApproveRoadmap
from tests.integration.commands.facts import identified, registered
from tests.integration.commands.scenario import AUDITOR_, event, school_user

ON = date(2021, 5, 10)
FACTORS = [Factor("teacher_shortage", "high"), Factor("low_learning_motivation", "medium"),
           Factor("low_equipment", "low")]


def assess(factors=FACTORS, on: date = ON, school: str = "k-1") -> AssessRiskProfile:
    return AssessRiskProfile(school=school, assessed_on=on, factors=list(factors), source="анкетирование")


def programme(factor: str = "teacher_shortage", measures=None, on: date = ON) -> AdoptAntiRiskProgramme:
    return AdoptAntiRiskProgramme(
        school="k-1", factor=factor, title="Антирисковая программа «Дефицит кадров»",
        goals=["Укомплектовать штат учителей математики"],
        measures=measures or [Measure("rm-1", "i-1")],
        indicators=[Indicator("Доля вакансий", Decimal(0), "%")], adopted_on=on)


@pytest.fixture(autouse=True)
def identified_school(scenario):
    scenario.given(*registered("k-1", "k-2"), identified("k-1"))


def roadmaps():
    item = {"section": "Кадры", "title": "Привлечь учителя", "responsible": ["директор"],
            "schedule": {"form": "deadline", "due": date(2021, 8, 31)}}
    return [
        ApproveRoadmap(roadmap="rm-1", school="k-1", title="Карта", period_start=date(2021, 1, 1),
                       period_end=date(2021, 12, 31), approved_on=date(2021, 2, 1)),
        AddRoadmapItem(roadmap="rm-1", item="i-1", **item),
    ]


def test_500plus_an_identified_school_is_assessed_with_a_level_per_factor(scenario):
    scenario.when(assess()).then(event(
        "RiskProfile.Assessed", school="k-1", assessed_on=ON,
        factors=(FactorLevel("teacher_shortage", "high"), FactorLevel("low_learning_motivation", "medium"),
                 FactorLevel("low_equipment", "low"))))


def test_004_3_2_a_school_not_identified_has_no_risk_profile(scenario):
    scenario.when(assess(school="k-2")).then_refused(InvalidTransition, "school")


def test_500plus_a_factor_is_rated_once(scenario):
    scenario.when(assess([Factor("teacher_shortage", "high"), Factor("teacher_shortage", "low")])) \
        .then_refused(InvalidValue, "factors")


def test_500plus_a_later_assessment_reassesses_and_keeps_history(scenario):
    scenario.given(assess())
    scenario.when(assess([Factor("teacher_shortage", "medium")], on=date(2021, 5, 20))).then(
        event("RiskProfile.Reassessed", factors=(FactorLevel("teacher_shortage", "medium"),)))


def test_500plus_a_reassessment_is_not_dated_before_the_last(scenario):
    scenario.given(assess())
    scenario.when(assess(on=date(2021, 5, 1))).then_refused(InvalidValue, "assessed_on")


def test_500plus_a_school_user_assesses_only_its_own_school(scenario):
    scenario.when(assess(), by=school_user("k-2")).then_refused(Forbidden)
    scenario.when(assess(), by=AUDITOR_).then_refused(Forbidden)


def test_500plus_an_anti_risk_programme_answers_a_factor_with_roadmap_measures(scenario):
    scenario.given(*roadmaps(), assess())
    written = scenario.when(programme(), by=school_user("k-1")).then(event("RiskProfile.ProgrammeAdopted"))
    adopted = written[-1].programme
    assert adopted.measures == (MeasureRef("rm-1", "i-1"),) and adopted.indicators[0].target == 0


def test_500plus_a_low_risk_needs_no_programme(scenario):
    scenario.given(*roadmaps(), assess())
    scenario.when(programme("low_equipment")).then_refused(InvalidTransition, "factor")


def test_500plus_a_programme_is_for_a_factor_of_the_profile(scenario):
    scenario.given(*roadmaps(), assess())
    scenario.when(programme("language_cultural_barriers")).then_refused(InvalidValue, "factor")


def test_500plus_one_programme_per_factor(scenario):
    scenario.given(*roadmaps(), assess(), programme())
    scenario.when(programme()).then_refused(InvalidTransition, "factor")


def test_500plus_measures_are_items_of_the_schools_roadmap(scenario):
    scenario.given(*roadmaps(), assess())
    scenario.when(programme(measures=[Measure("rm-1", "i-9")])).then_refused(InvalidTransition, "measures")
    scenario.when(programme(measures=[Measure("rm-none", "i-1")])).then_refused(NotFound, "measures")


def test_500plus_a_programme_needs_a_profile(scenario):
    scenario.given(*roadmaps())
    scenario.when(programme()).then_refused(NotFound, "school")


def test_500plus_a_programme_is_not_adopted_before_the_assessment(scenario):
    scenario.given(*roadmaps(), assess())
    scenario.when(programme(on=date(2021, 5, 1))).then_refused(InvalidValue, "adopted_on")
