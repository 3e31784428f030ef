"""Organisations, their events for many schools, headcounts (001 p.3, p.5, indicator 2; 004 §4.3)
and communities with the bank of materials (004 §3.1, §4.5-4.7): pure domain rules."""

from datetime import date

import pytest

from domain.base import InvalidTransition, InvalidValue
from domain.community import Community, MethodicalMaterial
from domain.organisation import Organisation, OrganisationEvent, Participation, TeacherHeadcount

DAY = date(2022, 3, 10)


def test_001_p5_an_organisation_has_a_name_and_a_kind_of_the_documents(meta):
    org = Organisation.register(meta, "cdo", "МБУ ДО «ЦДО»", "", "additional_education")
    assert org.short_name == "МБУ ДО «ЦДО»"
    with pytest.raises(InvalidValue, match="kind"):
        Organisation.register(meta, "x", "X", "", "bank")  # type: ignore[arg-type]
    with pytest.raises(InvalidValue, match="name"):
        Organisation.register(meta, "x", " ", "", "university")


def test_001_forms_an_event_held_names_each_school_once_with_its_teachers(meta):
    e = OrganisationEvent.plan(meta, "e", "cdo", "methodical_day", DAY, "Методический день")
    with pytest.raises(InvalidValue, match="participants"):
        e.hold(meta, DAY, ())
    with pytest.raises(InvalidValue, match="twice"):
        e.hold(meta, DAY, (Participation("a", 1), Participation("a", 2)))
    e.hold(meta, DAY, (Participation("a", 5), Participation("b", 0)))
    assert e.status == "held" and e.participants[0].teachers == 5
    with pytest.raises(InvalidTransition):
        e.cancel(meta, "поздно")


def test_001_indicator_2_a_headcount_is_at_least_one_teacher(meta):
    with pytest.raises(InvalidValue, match="teachers"):
        TeacherHeadcount.record(meta, "a", 2022, 0)
    count = TeacherHeadcount.record(meta, "a", 2022, 20)
    with pytest.raises(InvalidTransition):
        count.correct(meta, 20, "same")
    count.correct(meta, 21, "уточнено")
    assert count.teachers == 21


def test_004_s3_1_levels_of_a_community(meta):
    with pytest.raises(InvalidValue, match="school"):
        Community.form(meta, "c", "problem_group", "school", "", "ПГ")
    with pytest.raises(InvalidValue, match="school"):
        Community.form(meta, "c", "working_group", "municipal", "a", "РГ")
    group = Community.form(meta, "c", "problem_group", "school", "a", "ПГ")
    with pytest.raises(InvalidValue, match="school"):
        group.join(meta, "b", 2)
    with pytest.raises(InvalidTransition):
        group.hold_meeting(meta, DAY, "Тема", 3)
    group.join(meta, "a", 4)
    group.hold_meeting(meta, DAY, "Тема", 3)
    assert group.members == {"a": 4} and group.meetings == 1


def test_004_s4_7_a_material_of_the_bank_has_a_link_or_a_file(meta):
    with pytest.raises(InvalidValue, match="link"):
        MethodicalMaterial.add(meta, "m", "Заголовок", "school", "a", DAY)
    material = MethodicalMaterial.add(meta, "m", "Заголовок", "organisation", "imc", DAY,
                                      link="https://imc.example/m")
    material.withdraw(meta, "устарело")
    with pytest.raises(InvalidTransition):
        material.withdraw(meta, "снова")
