"""Partnership commands through the HTTP API: assignment, agreement, extension, termination."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.conftest import officer, operator, school_user

TENANT = "ru-16-kaybitsy"
BASIS = {"number": "20/2", "issued_on": "2021-02-11", "title": "Приказ"}
PEOPLE = {
    "coordinator": {"full_name": "Иванова Анна Петровна", "position": "заместитель директора"},
    "curator": {"full_name": "Петров Иван Сергеевич", "contact": "+7 843 000-00-00"},
    "municipal_coordinator": {"full_name": "Сидорова Мария Ивановна"},
}


def days(n: int) -> str:
    """An ISO date n days from today in the tenant's time zone (the server judges by it)."""
    return (datetime.now(ZoneInfo("Europe/Moscow")).date() + timedelta(days=n)).isoformat()


def accepted(api, command, as_=None, tenant=TENANT):
    response = api.post(tenant, command, as_ or officer(tenant))
    assert response.status_code == 201, response.text
    return response.json()


def refused(api, command, status, field=None, as_=None, tenant=TENANT):
    """The command is refused with a problem naming the field, and nothing is written."""
    before = api.head(tenant)
    response = api.post(tenant, command, as_ or officer(tenant))
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    if field is not None:
        assert response.json()["field"] == field, response.text
    assert api.head(tenant) == before
    return response.json()


def school(api, code, identified=False):
    accepted(api, {"type": "register_school", "school": code, "name": f"Школа {code}"})
    if identified:
        accepted(api, {"type": "identify_school", "school": code, "categories": ["low_results"],
                       "cohort_year": 2021, "basis": BASIS})


def assign(**overrides):
    return {"type": "assign_partner", "partnership": "p-1", "supported_school": "k-1",
            "partner_school": "k-2", **PEOPLE, "assigned_on": days(-100), "basis": BASIS,
            **overrides}


@pytest.fixture
def schools(api):
    school(api, "k-1", identified=True)
    school(api, "k-2")
    school(api, "k-3", identified=True)
    return api


@pytest.fixture
def concluded(schools):
    accepted(schools, assign())
    accepted(schools, {"type": "conclude_agreement", "partnership": "p-1", "number": "1/21",
                       "concluded_on": days(-90)})
    return schools


def test_the_whole_lifecycle_is_accepted(schools):
    api = schools
    body = accepted(api, assign())
    assert [e["type"] for e in body["events"]] == ["Partnership.Assigned"]
    body = accepted(api, {"type": "conclude_agreement", "partnership": "p-1", "number": "1/21",
                          "concluded_on": days(-90)})
    assert [e["type"] for e in body["events"]] == ["Partnership.AgreementConcluded"]
    body = accepted(api, {"type": "extend_agreement", "partnership": "p-1", "number": "1/21-д",
                          "extended_on": days(-85), "term_until": days(500)})
    assert [e["type"] for e in body["events"]] == ["Partnership.AgreementExtended"]
    body = accepted(api, {"type": "notify_termination", "partnership": "p-1",
                          "notice_given_on": days(-80), "takes_effect_on": days(-5)})
    assert [e["type"] for e in body["events"]] == ["Partnership.TerminationNotified"]
    body = accepted(api, {"type": "end_partnership", "partnership": "p-1", "ended_on": days(-5),
                          "reason": "расторжение по уведомлению"})
    assert [e["type"] for e in body["events"]] == ["Partnership.Ended"]
    assert body["events"][0]["version"] == 5
    assert body["position"] == api.head(TENANT)


def test_an_agreement_can_be_concluded_with_an_explicit_term(schools):
    accepted(schools, assign())
    accepted(schools, {"type": "conclude_agreement", "partnership": "p-1", "number": "1/21",
                       "concluded_on": days(-10), "term_until": days(200)})


def test_an_unknown_school_is_named_in_the_problem(schools):
    refused(schools, assign(supported_school="nope"), 404, "supported_school")
    refused(schools, assign(partner_school="nope"), 404, "partner_school")


def test_a_school_never_identified_gets_no_partner(schools):
    refused(schools, assign(supported_school="k-2", partner_school="k-1"), 409, "supported_school")


def test_a_school_in_the_programme_cannot_be_a_partner(schools):
    refused(schools, assign(partner_school="k-3"), 409, "partner_school")


def test_a_school_is_not_its_own_partner(schools):
    refused(schools, assign(partner_school="k-1"), 422, "partner_school")


def test_a_partnership_is_assigned_once(schools):
    accepted(schools, assign())
    refused(schools, assign(), 409, "partnership")


def test_people_are_named_and_dates_are_not_in_the_future(schools):
    refused(schools, assign(coordinator={"full_name": ""}), 422)
    refused(schools, assign(curator={"full_name": "Петров", "phone": "1"}), 422)
    refused(schools, assign(assigned_on=days(1)), 422, "assigned_on")


def test_only_municipal_officers_of_the_municipality_assign_partners(schools):
    refused(schools, assign(), 403, as_=school_user("k-1"))
    refused(schools, assign(), 403, as_=operator())
    refused(schools, assign(), 403, as_=officer("ru-16-leninogorsk"))


def test_an_agreement_is_concluded_once(concluded):
    refused(concluded, {"type": "conclude_agreement", "partnership": "p-1", "number": "2/21",
                        "concluded_on": days(-1)}, 409, "number")


def test_an_agreement_needs_an_existing_partnership_and_a_term_after_it(schools):
    refused(schools, {"type": "conclude_agreement", "partnership": "p-9", "number": "1/21",
                      "concluded_on": days(-1)}, 404, "partnership")
    accepted(schools, assign())
    refused(schools, {"type": "conclude_agreement", "partnership": "p-1", "number": "1/21",
                      "concluded_on": days(-1), "term_until": days(-2)}, 422, "term_until")
    refused(schools, {"type": "conclude_agreement", "partnership": "p-1", "number": "1/21",
                      "concluded_on": days(1)}, 422, "concluded_on")


def test_an_extension_needs_an_agreement_and_a_later_term(schools):
    accepted(schools, assign())
    extend = {"type": "extend_agreement", "partnership": "p-1", "number": "1/21-д",
              "extended_on": days(-1), "term_until": days(500)}
    refused(schools, extend, 409, "number")
    accepted(schools, {"type": "conclude_agreement", "partnership": "p-1", "number": "1/21",
                       "concluded_on": days(-90)})
    refused(schools, {**extend, "term_until": days(30)}, 422, "term_until")
    refused(schools, {**extend, "extended_on": days(-91)}, 422, "extended_on")
    accepted(schools, extend)


def test_a_notice_is_given_at_least_two_months_ahead(concluded):
    refused(concluded, {"type": "notify_termination", "partnership": "p-1",
                        "notice_given_on": days(-30), "takes_effect_on": days(0)},
            422, "takes_effect_on")


def test_after_a_notice_the_agreement_is_not_extended(concluded):
    accepted(concluded, {"type": "notify_termination", "partnership": "p-1",
                         "notice_given_on": days(-1), "takes_effect_on": days(70)})
    refused(concluded, {"type": "extend_agreement", "partnership": "p-1", "number": "1/21-д",
                        "extended_on": days(0), "term_until": days(500)}, 409, "term_until")
    refused(concluded, {"type": "notify_termination", "partnership": "p-1",
                        "notice_given_on": days(0), "takes_effect_on": days(80)},
            409, "notice_given_on")


def test_a_partnership_ends_early_only_after_a_notice_took_effect(concluded):
    end = {"type": "end_partnership", "partnership": "p-1", "ended_on": days(0), "reason": "решение"}
    refused(concluded, end, 409, "ended_on")
    accepted(concluded, {"type": "notify_termination", "partnership": "p-1",
                         "notice_given_on": days(-10), "takes_effect_on": days(70)})
    refused(concluded, end, 422, "ended_on")


def test_an_ended_partnership_takes_no_more_commands(concluded):
    accepted(concluded, {"type": "notify_termination", "partnership": "p-1",
                         "notice_given_on": days(-80), "takes_effect_on": days(-10)})
    accepted(concluded, {"type": "end_partnership", "partnership": "p-1", "ended_on": days(-10),
                         "reason": "решение"})
    refused(concluded, {"type": "end_partnership", "partnership": "p-1", "ended_on": days(0),
                        "reason": "ещё раз"}, 409, "partnership")
