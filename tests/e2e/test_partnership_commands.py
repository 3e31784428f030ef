"""Partnership commands through the HTTP API: assignment, agreement, extension, termination."""

import pytest

from tests.e2e.helpers import (
    BASIS,
    TENANT,
    days,
    identify_school,
    officer,
    ok,
    operator,
    refused,
    register_schools,
    school_user,
    types,
)

OFFICER = officer()
PEOPLE = {
    "coordinator": {"full_name": "Иванова Анна Петровна", "position": "заместитель директора"},
    "curator": {"full_name": "Петров Иван Сергеевич", "contact": "+7 843 000-00-00"},
    "municipal_coordinator": {"full_name": "Сидорова Мария Ивановна"},
}


def assign(**overrides):
    return {"type": "assign_partner", "partnership": "p-1", "supported_school": "k-1",
            "partner_school": "k-2", **PEOPLE, "assigned_on": days(-100), "basis": BASIS,
            **overrides}


@pytest.fixture
def schools(api):
    register_schools(api, "k-1", "k-2", "k-3")
    identify_school(api, "k-1")
    return identify_school(api, "k-3")


@pytest.fixture
def concluded(schools):
    ok(schools, assign())
    ok(schools, {"type": "conclude_agreement", "partnership": "p-1", "number": "1/21",
                 "concluded_on": days(-90)})
    return schools


def test_the_whole_lifecycle_is_accepted(schools):
    api = schools
    body = ok(api, assign())
    assert types(body) == ["Partnership.Assigned"]
    body = ok(api, {"type": "conclude_agreement", "partnership": "p-1", "number": "1/21",
                    "concluded_on": days(-90)})
    assert types(body) == ["Partnership.AgreementConcluded"]
    body = ok(api, {"type": "extend_agreement", "partnership": "p-1", "number": "1/21-д",
                    "extended_on": days(-85), "term_until": days(500)})
    assert types(body) == ["Partnership.AgreementExtended"]
    body = ok(api, {"type": "notify_termination", "partnership": "p-1",
                    "notice_given_on": days(-80), "takes_effect_on": days(-5)})
    assert types(body) == ["Partnership.TerminationNotified"]
    body = ok(api, {"type": "end_partnership", "partnership": "p-1", "ended_on": days(-5),
                    "reason": "расторжение по уведомлению"})
    assert types(body) == ["Partnership.Ended"]
    assert body["events"][0]["version"] == 5
    assert body["position"] == api.head(TENANT)


def test_an_agreement_can_be_concluded_with_an_explicit_term(schools):
    ok(schools, assign())
    ok(schools, {"type": "conclude_agreement", "partnership": "p-1", "number": "1/21",
                 "concluded_on": days(-10), "term_until": days(200)})


def test_an_unknown_school_is_named_in_the_problem(schools):
    refused(schools, assign(supported_school="nope"), OFFICER, 404, "supported_school")
    refused(schools, assign(partner_school="nope"), OFFICER, 404, "partner_school")


def test_a_school_never_identified_gets_no_partner(schools):
    refused(schools, assign(supported_school="k-2", partner_school="k-1"), OFFICER, 409, "supported_school")


def test_a_school_in_the_programme_cannot_be_a_partner(schools):
    refused(schools, assign(partner_school="k-3"), OFFICER, 409, "partner_school")


def test_a_school_is_not_its_own_partner(schools):
    refused(schools, assign(partner_school="k-1"), OFFICER, 422, "partner_school")


def test_a_partnership_is_assigned_once(schools):
    ok(schools, assign())
    refused(schools, assign(), OFFICER, 409, "partnership")


def test_people_are_named_and_dates_are_not_in_the_future(schools):
    refused(schools, assign(coordinator={"full_name": ""}), OFFICER, 422)
    refused(schools, assign(curator={"full_name": "Петров", "phone": "1"}), OFFICER, 422)
    refused(schools, assign(assigned_on=days(1)), OFFICER, 422, "assigned_on")


def test_only_municipal_officers_of_the_municipality_assign_partners(schools):
    refused(schools, assign(), school_user("k-1"), 403)
    refused(schools, assign(), operator(), 403)
    refused(schools, assign(), officer("ru-16-leninogorsk"), 403)


def test_an_agreement_is_concluded_once(concluded):
    refused(concluded, {"type": "conclude_agreement", "partnership": "p-1", "number": "2/21",
                        "concluded_on": days(-1)}, OFFICER, 409, "number")


def test_an_agreement_needs_an_existing_partnership_and_a_term_after_it(schools):
    refused(schools, {"type": "conclude_agreement", "partnership": "p-9", "number": "1/21",
                      "concluded_on": days(-1)}, OFFICER, 404, "partnership")
    ok(schools, assign())
    refused(schools, {"type": "conclude_agreement", "partnership": "p-1", "number": "1/21",
                      "concluded_on": days(-1), "term_until": days(-2)}, OFFICER, 422, "term_until")
    refused(schools, {"type": "conclude_agreement", "partnership": "p-1", "number": "1/21",
                      "concluded_on": days(1)}, OFFICER, 422, "concluded_on")


def test_an_extension_needs_an_agreement_and_a_later_term(schools):
    ok(schools, assign())
    extend = {"type": "extend_agreement", "partnership": "p-1", "number": "1/21-д",
              "extended_on": days(-1), "term_until": days(500)}
    refused(schools, extend, OFFICER, 409, "number")
    ok(schools, {"type": "conclude_agreement", "partnership": "p-1", "number": "1/21",
                 "concluded_on": days(-90), "term": "years"})
    refused(schools, {**extend, "term_until": days(30)}, OFFICER, 422, "term_until")
    refused(schools, {**extend, "extended_on": days(-91)}, OFFICER, 422, "extended_on")
    ok(schools, extend)


def test_a_notice_is_given_at_least_two_months_ahead(concluded):
    refused(concluded, {"type": "notify_termination", "partnership": "p-1",
                        "notice_given_on": days(-30), "takes_effect_on": days(0)}, OFFICER,
            422, "takes_effect_on")


def test_after_a_notice_the_agreement_is_not_extended(concluded):
    ok(concluded, {"type": "notify_termination", "partnership": "p-1",
                   "notice_given_on": days(-1), "takes_effect_on": days(70)})
    refused(concluded, {"type": "extend_agreement", "partnership": "p-1", "number": "1/21-д",
                        "extended_on": days(0), "term_until": days(500)}, OFFICER, 409, "term_until")
    refused(concluded, {"type": "notify_termination", "partnership": "p-1",
                        "notice_given_on": days(0), "takes_effect_on": days(80)}, OFFICER,
            409, "notice_given_on")


def test_a_partnership_ends_early_only_after_a_notice_took_effect(concluded):
    end = {"type": "end_partnership", "partnership": "p-1", "ended_on": days(0), "reason": "решение"}
    refused(concluded, end, OFFICER, 409, "ended_on")
    ok(concluded, {"type": "notify_termination", "partnership": "p-1",
                   "notice_given_on": days(-10), "takes_effect_on": days(70)})
    refused(concluded, end, OFFICER, 422, "ended_on")


def test_an_ended_partnership_takes_no_more_commands(concluded):
    ok(concluded, {"type": "notify_termination", "partnership": "p-1",
                   "notice_given_on": days(-80), "takes_effect_on": days(-10)})
    ok(concluded, {"type": "end_partnership", "partnership": "p-1", "ended_on": days(-10),
                   "reason": "решение"})
    refused(concluded, {"type": "end_partnership", "partnership": "p-1", "ended_on": days(0),
                        "reason": "ещё раз"}, OFFICER, 409, "partnership")
