"""Partnership lifecycle: assigned -> concluded -> extended -> notified -> ended (003 p.2-3)."""

from datetime import date

import pytest

from domain.base import DeadlineMissed, InvalidTransition, InvalidValue
from domain.partnership import Partnership, Person
from domain.rules import DeadlineRules
from domain.school import BasisDocument, School

RULES = DeadlineRules()
BASIS = BasisDocument(number="под-482/19", issued_on=date(2019, 3, 22), title="Приказ МО и Н РТ")
COORDINATOR = Person(full_name="Иванова А.А.", position="заместитель директора")
CURATOR = Person(full_name="Петрова Б.Б.", position="учитель математики")
MUNICIPAL = Person(full_name="Валиахметова Р.С.", position="методист", contact="+7 000 000-00-00")


def school(meta, code: str, identified: bool = False) -> School:
    school = School.register(meta, code=code, name=f"МБОУ {code}")
    if identified:
        school.identify(meta, ("low_results",), 2019, BASIS)
    school.collect_events()
    return school


def assigned(meta) -> Partnership:
    partnership = Partnership.assign(
        meta,
        "soch-10--soch-6",
        supported=school(meta, "soch-10", identified=True),
        partner=school(meta, "soch-6"),
        coordinator=COORDINATOR,
        curator=CURATOR,
        municipal_coordinator=MUNICIPAL,
        assigned_on=date(2019, 4, 30),
        basis=BASIS,
    )
    partnership.collect_events()
    return partnership


def concluded(meta) -> Partnership:
    """An agreement of 06.05.2019 for one year from signing: to 06.05.2020."""
    partnership = assigned(meta)
    partnership.conclude_agreement(meta, "ПД-1", date(2019, 5, 6), RULES, term="years")
    partnership.collect_events()
    return partnership


def test_assigning_a_partner_to_an_identified_school_records_schools_and_people(meta):
    partnership = Partnership.assign(
        meta,
        "soch-10--soch-6",
        supported=school(meta, "soch-10", identified=True),
        partner=school(meta, "soch-6"),
        coordinator=COORDINATOR,
        curator=CURATOR,
        municipal_coordinator=MUNICIPAL,
        assigned_on=date(2019, 4, 30),
    )
    [event] = partnership.collect_events()
    assert isinstance(event, Partnership.Assigned)
    assert event.meta == meta
    assert (event.supported_school, event.partner_school) == ("soch-10", "soch-6")
    assert event.municipal_coordinator == MUNICIPAL
    assert partnership.status == "assigned" and not partnership.has_agreement


def test_a_school_that_exited_the_programme_can_still_be_given_a_partner(meta):
    supported = school(meta, "soch-10", identified=True)
    supported.exit_programme(meta, date(2022, 6, 1), "переход в эффективный режим")
    partnership = Partnership.assign(
        meta, "p-1", supported, school(meta, "soch-6"), COORDINATOR, CURATOR, MUNICIPAL,
        date(2022, 6, 2),
    )
    assert partnership.supported_school == "soch-10"


def test_a_partner_cannot_be_assigned_to_a_school_that_was_never_identified(meta):
    with pytest.raises(InvalidTransition, match="never identified"):
        Partnership.assign(
            meta, "p-1", school(meta, "soch-10"), school(meta, "soch-6"), COORDINATOR, CURATOR,
            MUNICIPAL, date(2019, 4, 30),
        )


def test_a_school_in_the_programme_cannot_be_a_partner(meta):
    with pytest.raises(InvalidTransition):
        Partnership.assign(
            meta, "p-1", school(meta, "soch-10", True), school(meta, "soch-2", True),
            COORDINATOR, CURATOR, MUNICIPAL, date(2019, 4, 30),
        )


def test_a_school_cannot_be_its_own_partner(meta):
    supported = school(meta, "soch-10", identified=True)
    with pytest.raises(InvalidValue):
        Partnership.assign(
            meta, "p-1", supported, supported, COORDINATOR, CURATOR, MUNICIPAL, date(2019, 4, 30)
        )


def test_coordinators_and_curators_must_be_named(meta):
    with pytest.raises(InvalidValue):
        Partnership.assign(
            meta, "p-1", school(meta, "soch-10", True), school(meta, "soch-6"),
            Person(full_name=" "), CURATOR, MUNICIPAL, date(2019, 4, 30),
        )


def test_w2_an_agreement_for_2019_ends_on_31_december(meta):
    """003 §3.1 «заключен сроком на 2019 год»: with no term given, the calendar year of signing."""
    partnership = assigned(meta)
    partnership.conclude_agreement(meta, "ПД-1", date(2019, 5, 6), RULES)
    [event] = partnership.collect_events()
    assert isinstance(event, Partnership.AgreementConcluded)
    assert (event.term_until, event.term) == (date(2019, 12, 31), "calendar_year")
    assert partnership.term_until == date(2019, 12, 31) and partnership.term_form == "calendar_year"
    assert partnership.status == "concluded" and partnership.has_agreement


def test_w2_an_agreement_for_a_named_year_ends_on_31_december_of_that_year(meta):
    partnership = assigned(meta)
    partnership.conclude_agreement(
        meta, "ПД-1", date(2019, 12, 20), RULES, term="calendar_year", term_year=2020
    )
    assert partnership.term_until == date(2020, 12, 31)


def test_w2_an_agreement_for_n_years_runs_to_the_same_date_n_years_later(meta):
    partnership = assigned(meta)
    partnership.conclude_agreement(meta, "ПД-1", date(2019, 5, 6), RULES, term="years", term_years=2)
    assert (partnership.term_until, partnership.term_form) == (date(2021, 5, 6), "years")


def test_w2_a_tenant_whose_rule_is_years_gets_years_by_default(meta):
    partnership = assigned(meta)
    rules = DeadlineRules(agreement_term="years", agreement_term_years=1)
    partnership.conclude_agreement(meta, "ПД-1", date(2019, 5, 6), rules)
    assert (partnership.term_until, partnership.term_form) == (date(2020, 5, 6), "years")


def test_an_agreement_can_state_its_own_term(meta):
    partnership = assigned(meta)
    partnership.conclude_agreement(meta, "ПД-1", date(2019, 5, 6), RULES, date(2019, 12, 31))
    assert (partnership.term_until, partnership.term_form) == (date(2019, 12, 31), "explicit")


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"term_until": date(2019, 5, 6)}, "term_until"),
    ({"term": "explicit"}, "term_until"),
    ({"term": "calendar_year", "term_until": date(2019, 12, 31)}, "term_until"),
    ({"term": "calendar_year", "term_year": 2018}, "term_year"),
    ({"term": "years", "term_year": 2020}, "term_year"),
    ({"term_years": 2}, "term_years"),
    ({"term": "years", "term_years": 11}, "term_years"),
])
def test_an_agreement_term_must_be_consistent_and_end_after_it_is_concluded(meta, kwargs, field):
    with pytest.raises(InvalidValue) as error:
        assigned(meta).conclude_agreement(meta, "ПД-1", date(2019, 5, 6), RULES, **kwargs)
    assert error.value.field == field


def test_an_agreement_signed_on_31_december_for_that_year_is_refused(meta):
    with pytest.raises(InvalidValue) as error:
        assigned(meta).conclude_agreement(meta, "ПД-1", date(2019, 12, 31), RULES)
    assert error.value.field == "term_year"


def test_an_agreement_cannot_be_concluded_twice(meta):
    with pytest.raises(InvalidTransition):
        concluded(meta).conclude_agreement(meta, "ПД-2", date(2019, 5, 7), RULES)


def test_a_supplementary_agreement_extends_the_term(meta):
    partnership = concluded(meta)
    partnership.extend(meta, "ДС-1", date(2020, 4, 1), date(2021, 5, 6))
    [event] = partnership.collect_events()
    assert isinstance(event, Partnership.AgreementExtended)
    assert partnership.term_until == date(2021, 5, 6) and partnership.extensions == ("ДС-1",)


def test_an_extension_must_move_the_term_later(meta):
    partnership = concluded(meta)
    with pytest.raises(InvalidValue):
        partnership.extend(meta, "ДС-1", date(2020, 4, 1), partnership.term_until)


def test_an_agreement_must_exist_to_be_extended_or_terminated(meta):
    with pytest.raises(InvalidTransition):
        assigned(meta).extend(meta, "ДС-1", date(2020, 4, 1), date(2021, 5, 6))
    with pytest.raises(InvalidTransition):
        assigned(meta).notify_termination(meta, date(2019, 9, 1), date(2019, 11, 1), RULES)


def test_a_termination_notice_two_months_ahead_is_accepted(meta):
    partnership = concluded(meta)
    partnership.notify_termination(meta, date(2019, 9, 1), date(2019, 11, 1), RULES)
    [event] = partnership.collect_events()
    assert isinstance(event, Partnership.TerminationNotified)
    assert partnership.status == "notified" and partnership.takes_effect_on == date(2019, 11, 1)


def test_a_termination_notice_shorter_than_two_months_misses_the_deadline(meta):
    with pytest.raises(DeadlineMissed):
        concluded(meta).notify_termination(meta, date(2019, 9, 1), date(2019, 10, 31), RULES)


def test_a_tenant_can_require_a_longer_notice(meta):
    rules = DeadlineRules(termination_notice_months=3)
    with pytest.raises(DeadlineMissed):
        concluded(meta).notify_termination(meta, date(2019, 9, 1), date(2019, 11, 1), rules)


def test_a_termination_cannot_be_notified_twice_nor_the_agreement_extended_after(meta):
    partnership = concluded(meta)
    partnership.notify_termination(meta, date(2019, 9, 1), date(2019, 11, 1), RULES)
    with pytest.raises(InvalidTransition):
        partnership.notify_termination(meta, date(2019, 9, 2), date(2019, 12, 1), RULES)
    with pytest.raises(InvalidTransition):
        partnership.extend(meta, "ДС-1", date(2019, 9, 3), date(2021, 5, 6))


def test_after_a_notice_the_partnership_ends_when_the_notice_takes_effect(meta):
    partnership = concluded(meta)
    partnership.notify_termination(meta, date(2019, 9, 1), date(2019, 11, 1), RULES)
    with pytest.raises(DeadlineMissed):
        partnership.end(meta, date(2019, 10, 31), "расторжение")
    partnership.end(meta, date(2019, 11, 1), "расторжение по уведомлению")
    [_, event] = partnership.collect_events()
    assert isinstance(event, Partnership.Ended)
    assert partnership.status == "ended" and partnership.ended_on == date(2019, 11, 1)


def test_without_a_notice_the_partnership_ends_only_at_term_expiry(meta):
    partnership = concluded(meta)
    partnership.extend(meta, "ДС-1", date(2020, 4, 1), date(2021, 5, 6))
    with pytest.raises(InvalidTransition):
        partnership.end(meta, date(2021, 5, 5), "истёк срок")
    partnership.end(meta, date(2021, 5, 6), "истёк срок договора")
    assert partnership.status == "ended"


def test_an_agreement_expiring_before_the_notice_takes_effect_ends_at_its_term(meta):
    partnership = concluded(meta)
    partnership.notify_termination(meta, date(2020, 4, 1), date(2020, 6, 1), RULES)
    partnership.end(meta, date(2020, 5, 6), "истёк срок договора")
    assert partnership.ended_on == date(2020, 5, 6)


def test_a_partnership_without_an_agreement_cannot_end_on_its_own(meta):
    with pytest.raises(InvalidTransition):
        assigned(meta).end(meta, date(2025, 1, 1), "причина")


def test_nothing_happens_after_a_partnership_ended(meta):
    partnership = concluded(meta)
    partnership.end(meta, partnership.term_until, "истёк срок договора")
    with pytest.raises(InvalidTransition):
        partnership.extend(meta, "ДС-1", date(2020, 6, 1), date(2021, 6, 1))
    with pytest.raises(InvalidTransition):
        partnership.notify_termination(meta, date(2020, 6, 1), date(2020, 8, 1), RULES)
    with pytest.raises(InvalidTransition):
        partnership.conclude_agreement(meta, "ПД-2", date(2020, 6, 1), RULES)
    with pytest.raises(InvalidTransition):
        partnership.end(meta, date(2020, 6, 1), "ещё раз")


def test_the_same_key_in_the_same_tenant_is_the_same_stream(meta):
    assert assigned(meta).id == Partnership.stream_for(meta.tenant_id, "soch-10--soch-6")
    assert Partnership.stream_for("a", "p-1") != Partnership.stream_for("b", "p-1")


def test_the_party_that_gave_notice_is_recorded(meta):
    partnership = concluded(meta)
    partnership.notify_termination(
        meta, date(2019, 9, 1), date(2019, 11, 1), RULES, given_by="partner_school"
    )
    [event] = partnership.collect_events()
    assert isinstance(event, Partnership.TerminationNotified) and event.given_by == "partner_school"
    assert partnership.notice_given_by == "partner_school"


def test_mutual_termination_ends_the_agreement_early_without_a_notice_period(meta):
    partnership = concluded(meta)
    partnership.terminate_by_consent(meta, "С-1", date(2019, 9, 1), date(2019, 9, 2), "")
    consent, ended = partnership.collect_events()
    assert isinstance(consent, Partnership.TerminatedByConsent) and consent.number == "С-1"
    assert isinstance(ended, Partnership.Ended) and ended.ended_on == date(2019, 9, 2)
    assert ended.reason == "Расторгнут по соглашению сторон № С-1 от 01.09.2019"
    assert partnership.status == "ended" and partnership.consent_number == "С-1"


def test_mutual_termination_also_overrides_a_pending_notice(meta):
    partnership = concluded(meta)
    partnership.notify_termination(meta, date(2019, 9, 1), date(2019, 11, 1), RULES)
    partnership.terminate_by_consent(meta, "С-1", date(2019, 9, 10), date(2019, 9, 10), "договорились")
    assert partnership.ended_on == date(2019, 9, 10)


@pytest.mark.parametrize(("agreed", "effect", "field"), [
    (date(2019, 5, 5), date(2019, 6, 1), "agreed_on"),
    (date(2019, 6, 2), date(2019, 6, 1), "takes_effect_on"),
    (date(2019, 6, 1), date(2020, 5, 7), "takes_effect_on"),
])
def test_mutual_termination_lies_within_the_agreement(meta, agreed, effect, field):
    with pytest.raises(InvalidValue) as error:
        concluded(meta).terminate_by_consent(meta, "С-1", agreed, effect, "")
    assert error.value.field == field


def test_mutual_termination_needs_an_agreement(meta):
    with pytest.raises(InvalidTransition):
        assigned(meta).terminate_by_consent(meta, "С-1", date(2019, 6, 1), date(2019, 6, 1), "")
