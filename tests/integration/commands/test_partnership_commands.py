"""Partnership commands in-process: assign a partner, conclude, extend, notify, end."""

from datetime import date

from msgspec.structs import replace as msgspec_replace

from domain.base import AlreadyExists, DeadlineMissed, InvalidTransition, InvalidValue, NotFound
from services.auth import Forbidden
from services.commands.catalogue.partnership import (
    ConcludeAgreement,
    EndPartnership,
    ExtendAgreement,
    NotifyTermination,
    TerminateAgreementByConsent,
)
from tests.integration.commands.facts import identified, partnered, registered
from tests.integration.commands.scenario import (
    NEIGHBOUR,
    OPERATOR,
    event,
    officer_of,
    school_user,
)

SCHOOLS = (*registered("k-1", "k-2", "k-3"), identified("k-1"), identified("k-3"))
CONCLUDED = ConcludeAgreement(partnership="p-1", number="1/21", concluded_on=date(2021, 3, 1))
NOTICE = NotifyTermination(partnership="p-1", notice_given_on=date(2021, 4, 1),
                           takes_effect_on=date(2021, 6, 1))


def test_an_identified_school_gets_a_partner(scenario):
    scenario.given(*SCHOOLS).when(partnered()).then(
        event("Partnership.Assigned", key="p-1", supported_school="k-1", partner_school="k-2",
              assigned_on=date(2021, 2, 11)))


def test_a_school_never_identified_gets_no_partner(scenario):
    scenario.given(*SCHOOLS).when(partnered(supported="k-2", partner="k-1")).then_refused(
        InvalidTransition, "supported_school")


def test_a_school_in_the_programme_is_not_a_partner(scenario):
    scenario.given(*SCHOOLS).when(partnered(partner="k-3")).then_refused(
        InvalidTransition, "partner_school")


def test_an_unknown_partner_school_is_named(scenario):
    scenario.given(*SCHOOLS).when(partnered(partner="nope")).then_refused(
        NotFound, "partner_school")


def test_a_school_is_not_its_own_partner(scenario):
    scenario.given(*SCHOOLS).when(partnered(partner="k-1")).then_refused(
        InvalidValue, "partner_school")


def test_a_partnership_is_assigned_once(scenario):
    scenario.given(*SCHOOLS, partnered()).when(partnered()).then_refused(
        AlreadyExists, "partnership")


def test_an_assignment_is_not_dated_in_the_future(scenario):
    scenario.given(*SCHOOLS).when(partnered(on=date(2021, 6, 2))).then_refused(
        InvalidValue, "assigned_on")


def test_only_the_municipalitys_officers_assign_partners(scenario):
    scenario.given(*SCHOOLS)
    for caller in (school_user("k-1"), OPERATOR, officer_of(NEIGHBOUR)):
        scenario.when(partnered(), by=caller).then_refused(Forbidden)


def test_w2_an_agreement_for_2019_ends_on_31_december(scenario):
    """003 §3.1 «сроком на 2019 год»: no term given is the calendar year of signing."""
    scenario.given(*SCHOOLS, partnered()).when(CONCLUDED).then(
        event("Partnership.AgreementConcluded", number="1/21", concluded_on=date(2021, 3, 1),
              term_until=date(2021, 12, 31), term="calendar_year"))


def test_w2_the_command_names_a_calendar_year_or_a_number_of_years(scenario):
    scenario.given(*SCHOOLS, partnered(), partnered("p-2", "k-3", "k-2"))
    named = ConcludeAgreement(partnership="p-1", number="1/21", concluded_on=date(2021, 3, 1),
                              term="calendar_year", term_year=2022)
    scenario.when(named).then(event("Partnership.AgreementConcluded", term_until=date(2022, 12, 31),
                                    term="calendar_year"))
    years = ConcludeAgreement(partnership="p-2", number="2/21", concluded_on=date(2021, 3, 1),
                              term="years", term_years=2)
    scenario.when(years).then(event("Partnership.AgreementConcluded", term_until=date(2023, 3, 1),
                                    term="years"))


def test_w2_an_explicit_term_is_kept_and_a_contradictory_one_is_named(scenario):
    explicit = ConcludeAgreement(partnership="p-1", number="1/21", concluded_on=date(2021, 3, 1),
                                 term_until=date(2021, 8, 31))
    scenario.given(*SCHOOLS, partnered()).when(explicit).then(
        event("Partnership.AgreementConcluded", term_until=date(2021, 8, 31), term="explicit"))
    both = ConcludeAgreement(partnership="p-1", number="1/21", concluded_on=date(2021, 3, 1),
                             term="years", term_until=date(2021, 8, 31))
    scenario.given(partnered("p-2", "k-3", "k-2"))
    scenario.when(msgspec_replace(both, partnership="p-2")).then_refused(InvalidValue, "term_until")


def test_an_agreement_is_concluded_once(scenario):
    scenario.given(*SCHOOLS, partnered(), CONCLUDED).when(CONCLUDED).then_refused(
        InvalidTransition, "number")


def test_an_agreement_needs_a_partnership(scenario):
    scenario.given(*SCHOOLS).when(CONCLUDED).then_refused(NotFound, "partnership")


def test_an_agreement_is_extended_to_a_later_term(scenario):
    extend = ExtendAgreement(partnership="p-1", number="1/21-д", extended_on=date(2021, 5, 1),
                             term_until=date(2023, 3, 1))
    scenario.given(*SCHOOLS, partnered(), CONCLUDED).when(extend).then(
        event("Partnership.AgreementExtended", number="1/21-д", term_until=date(2023, 3, 1)))


def test_an_extension_needs_an_agreement(scenario):
    extend = ExtendAgreement(partnership="p-1", number="1/21-д", extended_on=date(2021, 5, 1),
                             term_until=date(2023, 3, 1))
    scenario.given(*SCHOOLS, partnered()).when(extend).then_refused(InvalidTransition, "number")


def test_a_termination_is_notified_two_months_ahead(scenario):
    scenario.given(*SCHOOLS, partnered(), CONCLUDED).when(NOTICE).then(
        event("Partnership.TerminationNotified", notice_given_on=date(2021, 4, 1),
              takes_effect_on=date(2021, 6, 1)))


def test_the_party_that_gave_notice_is_recorded(scenario):
    notice = msgspec_replace(NOTICE, given_by="supported_school")
    scenario.given(*SCHOOLS, partnered(), CONCLUDED).when(notice).then(
        event("Partnership.TerminationNotified", given_by="supported_school"))


def test_a_notice_without_its_party_is_recorded_as_not_stated(scenario):
    scenario.given(*SCHOOLS, partnered(), CONCLUDED).when(NOTICE).then(
        event("Partnership.TerminationNotified", given_by=""))


CONSENT = TerminateAgreementByConsent(partnership="p-1", number="С-1/21", agreed_on=date(2021, 5, 20),
                                      takes_effect_on=date(2021, 5, 31))


def test_mutual_termination_ends_the_partnership_on_its_date_without_notice(scenario):
    scenario.given(*SCHOOLS, partnered(), CONCLUDED).when(CONSENT).then(
        event("Partnership.TerminatedByConsent", number="С-1/21", agreed_on=date(2021, 5, 20),
              takes_effect_on=date(2021, 5, 31)),
        event("Partnership.Ended", ended_on=date(2021, 5, 31),
              reason="Расторгнут по соглашению сторон № С-1/21 от 20.05.2021"))


def test_mutual_termination_is_not_recorded_ahead_of_its_date(scenario):
    ahead = msgspec_replace(CONSENT, takes_effect_on=date(2021, 6, 2))
    scenario.given(*SCHOOLS, partnered(), CONCLUDED).when(ahead).then_refused(
        InvalidValue, "takes_effect_on")


def test_mutual_termination_needs_an_agreement_and_the_municipality(scenario):
    scenario.given(*SCHOOLS, partnered()).when(CONSENT).then_refused(
        InvalidTransition, "partnership")
    scenario.given(CONCLUDED).when(CONSENT, by=school_user("k-1")).then_refused(Forbidden)


def test_a_notice_shorter_than_two_months_is_refused(scenario):
    short = NotifyTermination(partnership="p-1", notice_given_on=date(2021, 5, 1),
                              takes_effect_on=date(2021, 6, 1))
    scenario.given(*SCHOOLS, partnered(), CONCLUDED).when(short).then_refused(
        DeadlineMissed, "takes_effect_on")


def test_a_partnership_ends_when_its_notice_takes_effect(scenario):
    end = EndPartnership(partnership="p-1", ended_on=date(2021, 6, 1), reason="уведомление")
    scenario.given(*SCHOOLS, partnered(), CONCLUDED, NOTICE).when(end).then(
        event("Partnership.Ended", ended_on=date(2021, 6, 1), reason="уведомление"))


def test_a_partnership_does_not_end_early_without_a_notice(scenario):
    end = EndPartnership(partnership="p-1", ended_on=date(2021, 6, 1), reason="решение")
    scenario.given(*SCHOOLS, partnered(), CONCLUDED).when(end).then_refused(
        InvalidTransition, "ended_on")
