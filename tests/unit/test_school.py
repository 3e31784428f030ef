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


def test_a_school_in_the_programme_cannot_be_identified_again_in_the_same_cohort(meta):
    school = registered(meta)
    school.identify(meta, ("low_results",), 2021, BASIS)
    with pytest.raises(InvalidTransition):
        school.identify(meta, ("low_results",), 2021, BASIS)


def test_w10_a_school_still_in_the_programme_is_reconfirmed_in_a_later_cohort(meta):
    """Kept on next year's list (003 preamble: yearly lists): no fictitious exit is needed."""
    school = registered(meta)
    school.identify(meta, ("low_results", "adverse_conditions"), 2021, BASIS)
    school.identify(meta, ("adverse_conditions",), 2022, BASIS)
    first, again = school.collect_events()
    assert isinstance(again, School.Identified) and again.cohort_year == 2022
    assert school.in_programme and school.exited_on is None
    assert (school.cohort_year, school.identifications) == (2022, (2021, 2022))
    assert school.categories == ("adverse_conditions",)
    with pytest.raises(InvalidTransition):
        school.identify(meta, ("adverse_conditions",), 2022, BASIS)


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


@pytest.mark.parametrize("designation", ["leader_school", "network_centre", "base_support_site"])
def test_w6_a_school_identified_for_low_results_is_not_designated_without_an_exception(
    meta, designation
):
    school = registered(meta)
    school.identify(meta, ("low_results", "adverse_conditions"), 2021, BASIS)
    with pytest.raises(InvalidTransition) as error:
        school.designate(meta, designation)
    assert error.value.field == "designation"
    assert error.value.message.startswith(("001", "002 §1.3", "004 §3.3"))
    with pytest.raises(InvalidTransition):
        school.designate(meta, designation, exception_reason="   ")


def test_w6_a_recorded_exception_reason_lets_a_low_results_school_be_designated(meta):
    school = registered(meta)
    school.identify(meta, ("low_results",), 2021, BASIS)
    school.designate(meta, "network_centre", exception_reason=" единственная школа с ресурсами ")
    [_, event] = school.collect_events()
    assert isinstance(event, School.Designated)
    assert event.exception_reason == "единственная школа с ресурсами"
    assert school.designations == ("network_centre",)


@pytest.mark.parametrize("designation", ["leader_school", "network_centre", "base_support_site"])
def test_w6_a_school_identified_only_as_adverse_conditions_can_lead(meta, designation):
    """004 §3.3: schools in adverse conditions with results well above average are the sites."""
    school = registered(meta)
    school.identify(meta, ("adverse_conditions",), 2021, BASIS)
    school.designate(meta, designation)
    [_, event] = school.collect_events()
    assert isinstance(event, School.Designated) and event.exception_reason == ""
    school.require_can_lead("partner_school")


def test_w6_a_low_results_school_cannot_be_a_partner(meta):
    school = registered(meta)
    school.identify(meta, ("low_results",), 2021, BASIS)
    with pytest.raises(InvalidTransition) as error:
        school.require_can_lead("partner_school")
    assert error.value.field == "partner_school"


def test_a_leader_school_is_not_identified_for_low_results_but_may_be_for_conditions(meta):
    school = registered(meta)
    school.designate(meta, "leader_school")
    with pytest.raises(InvalidTransition) as error:
        school.identify(meta, ("low_results",), 2021, BASIS)
    assert error.value.field == "categories"
    school.identify(meta, ("adverse_conditions",), 2021, BASIS)
    assert school.in_programme


def test_exit_requires_being_in_the_programme(meta):
    with pytest.raises(InvalidTransition):
        registered(meta).exit_programme(meta, date(2022, 6, 1), "причина")


def test_the_same_code_in_the_same_tenant_is_the_same_stream(meta):
    assert School.register(meta, "k-1", "A").id == School.stream_for(meta.tenant_id, "k-1")
    assert School.stream_for("ru-16-a", "k-1") != School.stream_for("ru-16-b", "k-1")
