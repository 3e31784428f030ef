"""School lifecycle: registered -> identified -> designated / exited (domain.md, Lifecycles)."""

from datetime import date

import pytest

from domain.base import InvalidTransition, InvalidValue
from domain.school import BasisDocument, School

BASIS = BasisDocument(number="20/2", issued_on=date(2021, 2, 11), title="Приказ")


def registered(meta) -> School:
    school = School.register(meta, code="kaybitsy-1", name="МБОУ «Кадышевская СОШ»")
    school.collect_events()
    return school


def test_identifying_a_registered_school_records_categories_basis_and_risks(meta):
    school = registered(meta)
    school.identify(meta, ("low_results", "adverse_conditions"), 2021, BASIS, ("teacher_shortage",))
    [event] = school.collect_events()
    assert isinstance(event, School.Identified)
    assert event.meta == meta
    assert school.is_identified and school.categories == ("low_results", "adverse_conditions")


def test_a_school_in_the_programme_cannot_be_identified_again(meta):
    school = registered(meta)
    school.identify(meta, ("low_results",), 2021, BASIS)
    with pytest.raises(InvalidTransition):
        school.identify(meta, ("low_results",), 2022, BASIS)


def test_an_exited_school_can_be_re_identified_only_in_a_later_cohort(meta):
    school = registered(meta)
    school.identify(meta, ("low_results",), 2021, BASIS)
    school.exit_programme(meta, date(2022, 6, 1), "переход в эффективный режим")
    with pytest.raises(InvalidTransition):
        school.identify(meta, ("low_results",), 2021, BASIS)
    school.identify(meta, ("adverse_conditions",), 2023, BASIS)
    assert school.identifications == (2021, 2023)


def test_identification_needs_a_category(meta):
    with pytest.raises(InvalidValue):
        registered(meta).identify(meta, (), 2021, BASIS)


def test_a_school_in_the_programme_cannot_be_a_leader_school(meta):
    school = registered(meta)
    school.identify(meta, ("low_results",), 2021, BASIS)
    with pytest.raises(InvalidTransition):
        school.designate(meta, "leader_school")


def test_exit_requires_being_in_the_programme(meta):
    with pytest.raises(InvalidTransition):
        registered(meta).exit_programme(meta, date(2022, 6, 1), "причина")


def test_the_same_code_in_the_same_tenant_is_the_same_stream(meta):
    assert School.register(meta, "k-1", "A").id == School.stream_for(meta.tenant_id, "k-1")
    assert School.stream_for("ru-16-a", "k-1") != School.stream_for("ru-16-b", "k-1")
