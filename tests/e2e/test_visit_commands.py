"""Visit commands through the HTTP API, on a partnership saved straight through the backend."""

from datetime import date

import pytest

from domain.base import Actor, Provenance
from domain.partnership import Partnership, Person
from domain.rules import DeadlineRules
from domain.school import School
from domain.visit import Visit
from tests.e2e.conftest import auditor, officer, school_user

TENANT = "ru-16-kaybitsy"
BASIS = {"number": "20/2", "issued_on": "2021-02-11"}
META = Provenance(TENANT, Actor("setup", "municipal_officer", TENANT), "setup")


def ok(api, command, as_=None, tenant=TENANT):
    response = api.post(tenant, command, as_ or officer(tenant))
    assert response.status_code == 201, response.text
    return response.json()


def refused(api, command, as_, status, field=None, tenant=TENANT):
    """The command is refused as problem+json and nothing is written."""
    head = api.head(tenant)
    response = api.post(tenant, command, as_)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    if field is not None:
        assert response.json()["field"] == field, response.text
    assert api.head(tenant) == head
    return response.json()


def plan(visit="v-1", host="k-2", visiting="k-1", partnership="p-1", **extra):
    return {"type": "plan_visit", "visit": visit, "partnership": partnership,
            "host_school": host, "visiting_school": visiting, "planned_on": "2021-04-22",
            "kind": "lesson", "topic": "Посещение уроков математики", **extra}


def held(visit="v-1", held_on="2021-04-22"):
    return {"type": "record_visit_held", "visit": visit, "held_on": held_on,
            "findings": "Уроки проведены", "recommendations": "Усилить практику",
            "participants": 12}


def cancel(visit="v-1"):
    return {"type": "cancel_visit", "visit": visit, "reason": "Карантин"}


def visit(api, key="v-1"):
    return api.backend.application(TENANT).repository.get(Visit.stream_for(TENANT, key))


@pytest.fixture
def paired(api):
    """k-1 (identified) paired with partner k-2 as p-1; k-3 is outside the partnership."""
    for code in ("k-1", "k-2", "k-3"):
        ok(api, {"type": "register_school", "school": code, "name": f"Школа {code}"})
    ok(api, {"type": "identify_school", "school": "k-1", "categories": ["low_results"],
             "cohort_year": 2021, "basis": BASIS})
    app = api.backend.application(TENANT)
    supported, partner = (app.repository.get(School.stream_for(TENANT, c)) for c in ("k-1", "k-2"))
    app.save(Partnership.assign(
        META, "p-1", supported, partner, Person("Иванова И.И."), Person("Петров П.П."),
        Person("Сидорова С.С."), date(2021, 2, 11),
    ))
    return api


def test_an_officer_plans_a_visit_between_the_partners(paired):
    body = ok(paired, plan())
    [event] = body["events"]
    assert event["type"] == "Visit.Planned" and event["version"] == 1
    planned = visit(paired)
    assert (planned.host_school, planned.visiting_school, planned.status) == ("k-2", "k-1", "planned")


def test_either_school_of_the_partnership_plans_a_visit(paired):
    ok(paired, plan(visit="v-1"), as_=school_user("k-1"))
    ok(paired, plan(visit="v-2", host="k-1", visiting="k-2"), as_=school_user("k-2"))


def test_a_school_outside_the_visit_cannot_plan_it(paired):
    refused(paired, plan(), school_user("k-3"), 403)
    refused(paired, plan(), auditor(), 403)


def test_an_unknown_partnership_is_named(paired):
    refused(paired, plan(partnership="nope"), officer(), 404, "partnership")


def test_both_schools_must_be_the_partnerships(paired):
    refused(paired, plan(host="k-3"), officer(), 422, "host_school")
    refused(paired, plan(visiting="k-3"), officer(), 422, "visiting_school")


def test_a_school_does_not_visit_itself(paired):
    refused(paired, plan(host="k-1", visiting="k-1"), officer(), 422, "visiting_school")


def test_an_unknown_kind_is_refused(paired):
    refused(paired, plan(kind="picnic"), officer(), 422, "kind")


def test_a_visit_key_is_planned_once(paired):
    ok(paired, plan())
    refused(paired, plan(), officer(), 409, "visit")


def test_no_visit_is_planned_under_an_ended_partnership(paired):
    app = paired.backend.application(TENANT)
    partnership = app.repository.get(Partnership.stream_for(TENANT, "p-1"))
    partnership.conclude_agreement(META, "ПД-1", date(2021, 3, 1), DeadlineRules(), date(2022, 3, 1))
    partnership.end(META, date(2022, 3, 1), "истёк срок")
    app.save(partnership)
    refused(paired, plan(), officer(), 409, "partnership")


def test_the_visiting_school_records_the_visit_held(paired):
    ok(paired, plan())
    body = ok(paired, held(), as_=school_user("k-1"))
    assert [e["type"] for e in body["events"]] == ["Visit.Held"]
    done = visit(paired)
    assert done.status == "held" and done.participants == 12


def test_a_school_outside_the_visit_cannot_record_or_cancel_it(paired):
    ok(paired, plan())
    refused(paired, held(), school_user("k-3"), 403)
    refused(paired, cancel(), school_user("k-3"), 403)


def test_a_visit_is_not_held_in_the_future(paired):
    ok(paired, plan())
    refused(paired, held(held_on="2999-01-01"), officer(), 422, "held_on")


def test_findings_are_required(paired):
    ok(paired, plan())
    command = held()
    command["findings"] = ""
    refused(paired, command, officer(), 422, "findings")


def test_an_unknown_visit_is_named(paired):
    refused(paired, held(visit="nope"), officer(), 404, "visit")
    refused(paired, cancel(visit="nope"), officer(), 404, "visit")


def test_a_visit_is_held_once(paired):
    ok(paired, plan())
    ok(paired, held())
    refused(paired, held(), officer(), 409, "visit")
    refused(paired, cancel(), officer(), 409, "visit")


def test_the_host_cancels_a_planned_visit(paired):
    ok(paired, plan())
    body = ok(paired, cancel(), as_=school_user("k-2"))
    assert [e["type"] for e in body["events"]] == ["Visit.Cancelled"]
    assert visit(paired).status == "cancelled"
    refused(paired, cancel(), officer(), 409, "visit")
    refused(paired, held(), officer(), 409, "visit")
