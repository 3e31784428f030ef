"""Visit commands through the HTTP API, between the schools of a partnership."""

import pytest

from domain.visit import Visit
from tests.e2e.helpers import (
    assign_partner,
    auditor,
    identify_school,
    officer,
    ok,
    recorded,
    refused,
    register_schools,
    school_user,
)


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
    return api.load(Visit, key)


@pytest.fixture
def paired(api):
    """k-1 (identified) paired with partner k-2 as p-1; k-3 is outside the partnership."""
    register_schools(api, "k-1", "k-2", "k-3")
    identify_school(api, "k-1")
    return assign_partner(api, "p-1", supported="k-1", partner="k-2", assigned_on="2021-02-11")


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
    ok(paired, {"type": "conclude_agreement", "partnership": "p-1", "number": "ПД-1",
                "concluded_on": "2021-03-01", "term_until": "2022-03-01"})
    ok(paired, {"type": "end_partnership", "partnership": "p-1", "ended_on": "2022-03-01",
                "reason": "истёк срок"})
    refused(paired, plan(), officer(), 409, "partnership")


def test_the_visiting_school_records_the_visit_held(paired):
    ok(paired, plan())
    assert recorded(paired, held(), as_=school_user("k-1")) == ["Visit.Held"]
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
    assert recorded(paired, cancel(), as_=school_user("k-2")) == ["Visit.Cancelled"]
    assert visit(paired).status == "cancelled"
    refused(paired, cancel(), officer(), 409, "visit")
    refused(paired, held(), officer(), 409, "visit")
