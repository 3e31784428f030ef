"""Roadmap commands through the HTTP API: approve, add items of every schedule form, move them on."""

import pytest

from domain.roadmap import Roadmap
from tests.e2e.helpers import (
    BASIS,
    officer,
    ok,
    operator,
    recorded,
    refused,
    register_schools,
    school_user,
)

SCHEDULES = {
    "deadline": {"form": "deadline", "due": "2021-02-15", "label": "До 15.02.2021"},
    "window": {"form": "window", "start": "2021-10-01", "end": "2021-11-30",
               "label": "октябрь-ноябрь 2021"},
    "dates": {"form": "dates", "dates": ["2021-04-22", "2021-05-19", "2021-09-15"]},
    "yearly": {"form": "yearly", "start_month": 9, "end_month": 10, "first_year": 2021,
               "label": "ежегодно (сентябрь-октябрь)"},
    "monthly": {"form": "monthly", "day": 28, "start": "2021-03-01", "end": "2021-12-31",
                "label": "ежемесячно в срок до 28 числа"},
    "open_ended": {"form": "open_ended", "start": "2021-01-01", "label": "В течение года"},
    "separate": {"form": "separate", "reference": "По графику ОО"},
}


def approve(roadmap="rm-1", school="k-1", **extra):
    return {"type": "approve_roadmap", "roadmap": roadmap, "school": school,
            "title": "Дорожная карта", "period_start": "2021-02-01", "period_end": "2021-12-31",
            "approved_on": "2021-02-11", **extra}


def add(item="i-1", schedule="deadline", roadmap="rm-1"):
    return {"type": "add_roadmap_item", "roadmap": roadmap, "item": item,
            "section": "Управление", "title": "Разработать программу",
            "schedule": SCHEDULES[schedule], "responsible": ["директор", "куратор"],
            "expected_result": "Программа утверждена"}


def start(item="i-1", started_on="2021-02-01"):
    return {"type": "start_roadmap_item", "roadmap": "rm-1", "item": item, "started_on": started_on}


def complete(item="i-1", completed_on="2021-02-14", evidence=None):
    if evidence is None:
        evidence = [{"kind": "document", "reference": "Приказ 31", "description": "утверждён"}]
    return {"type": "complete_roadmap_item", "roadmap": "rm-1", "item": item,
            "completed_on": completed_on, "evidence": evidence}


def roadmap(api, key="rm-1"):
    return api.load(Roadmap, key)


@pytest.fixture
def school(api):
    """Schools k-1 and k-2 registered, nothing else."""
    return register_schools(api, "k-1", "k-2")


@pytest.fixture
def planned(school):
    """Roadmap rm-1 of school k-1 with one planned item i-1 (deadline 15.02.2021)."""
    ok(school, approve(basis=BASIS))
    ok(school, add())
    return school


def test_approving_a_roadmap_for_an_existing_school(school):
    body = ok(school, approve(basis=BASIS))
    assert body["command"] == "approve_roadmap"
    [event] = body["events"]
    assert event["type"] == "Roadmap.Approved"
    state = roadmap(school)
    assert state.school == "k-1" and state.basis.number == "20/2"


def test_a_roadmap_for_an_unknown_school_is_refused_naming_the_school(school):
    refused(school, approve(school="nope"), officer(), 404, "school")


def test_a_roadmap_key_is_approved_once(school):
    ok(school, approve())
    refused(school, approve(), officer(), 409, "roadmap")


def test_an_approval_cannot_be_dated_in_the_future(school):
    refused(school, approve(approved_on="2999-01-01"), officer(), 422, "approved_on")


def test_a_period_ending_before_it_starts_is_refused(school):
    refused(school, approve(period_end="2020-12-31"), officer(), 422, "period_end")


def test_school_users_and_region_operators_do_not_approve_roadmaps(school):
    refused(school, approve(), school_user("k-1"), 403)
    refused(school, approve(), operator(), 403)


@pytest.mark.parametrize("form", sorted(SCHEDULES))
def test_an_item_is_added_with_every_schedule_form(school, form):
    ok(school, approve())
    body = ok(school, add(item=f"i-{form}", schedule=form))
    [event] = body["events"]
    assert event["type"] == "Roadmap.ItemAdded" and event["version"] == 2
    item = roadmap(school).item(f"i-{form}")
    assert type(item.schedule).__struct_config__.tag == SCHEDULES[form]["form"]
    assert item.responsible == ("директор", "куратор")


def test_a_schedule_that_cannot_be_expanded_names_its_field(school):
    ok(school, approve())
    command = add()
    command["schedule"] = {"form": "window", "start": "2021-11-30", "end": "2021-10-01"}
    refused(school, command, officer(), 422, "schedule.end")


def test_an_unknown_schedule_form_is_refused(school):
    ok(school, approve())
    command = add()
    command["schedule"] = {"form": "sometimes"}
    refused(school, command, officer(), 422)


def test_an_item_of_an_unknown_roadmap_is_refused_naming_the_roadmap(school):
    refused(school, add(roadmap="nope"), officer(), 404, "roadmap")


def test_an_item_key_is_added_once(planned):
    refused(planned, add(schedule="window"), officer(), 409, "item")


def test_an_item_needs_someone_responsible(planned):
    command = add(item="i-2")
    command["responsible"] = []
    refused(planned, command, officer(), 422, "responsible")


def test_the_school_starts_and_completes_its_own_item(planned):
    ok(planned, start(), as_=school_user("k-1"))
    assert recorded(planned, complete(), as_=school_user("k-1")) == ["Roadmap.ItemCompleted"]
    item = roadmap(planned).item("i-1")
    assert item.status == "done" and item.evidence[0].reference == "Приказ 31"


def test_an_officer_completes_a_planned_item_at_once(planned):
    ok(planned, complete())
    assert roadmap(planned).item("i-1").started_on.isoformat() == "2021-02-14"


def test_another_school_cannot_touch_the_roadmap(planned):
    refused(planned, start(), school_user("k-2"), 403)
    refused(planned, complete(), school_user("k-2"), 403)


def test_a_start_in_the_future_is_refused(planned):
    refused(planned, start(started_on="2999-01-01"), officer(), 422, "started_on")


def test_an_unknown_item_is_named(planned):
    refused(planned, start(item="nope"), officer(), 404, "item")


def test_an_item_is_started_once(planned):
    ok(planned, start())
    refused(planned, start(), officer(), 409, "item")


def test_completion_needs_evidence(planned):
    refused(planned, complete(evidence=[]), school_user("k-1"), 422, "evidence")


def test_completion_before_the_start_is_refused(planned):
    ok(planned, start(started_on="2021-02-10"))
    refused(planned, complete(completed_on="2021-02-09"), officer(), 422, "completed_on")


def test_a_done_item_cannot_be_completed_rescheduled_or_cancelled_again(planned):
    ok(planned, complete())
    refused(planned, complete(), officer(), 409, "item")
    reschedule = {"type": "reschedule_roadmap_item", "roadmap": "rm-1", "item": "i-1",
                  "schedule": SCHEDULES["window"], "reason": "перенос"}
    refused(planned, reschedule, officer(), 409, "item")
    cancel = {"type": "cancel_roadmap_item", "roadmap": "rm-1", "item": "i-1", "reason": "отмена"}
    refused(planned, cancel, officer(), 409, "item")


def test_an_open_item_is_rescheduled_with_a_reason(planned):
    command = {"type": "reschedule_roadmap_item", "roadmap": "rm-1", "item": "i-1",
               "schedule": SCHEDULES["window"], "reason": "Перенос по приказу"}
    assert recorded(planned, command) == ["Roadmap.ItemRescheduled"]
    assert roadmap(planned).item("i-1").due_on.isoformat() == "2021-11-30"


def test_rescheduling_to_the_same_schedule_is_refused(planned):
    command = {"type": "reschedule_roadmap_item", "roadmap": "rm-1", "item": "i-1",
               "schedule": SCHEDULES["deadline"], "reason": "нет"}
    refused(planned, command, officer(), 422, "schedule")


def test_a_school_user_cannot_reschedule_or_cancel(planned):
    reschedule = {"type": "reschedule_roadmap_item", "roadmap": "rm-1", "item": "i-1",
                  "schedule": SCHEDULES["window"], "reason": "перенос"}
    refused(planned, reschedule, school_user("k-1"), 403)
    cancel = {"type": "cancel_roadmap_item", "roadmap": "rm-1", "item": "i-1", "reason": "отмена"}
    refused(planned, cancel, school_user("k-1"), 403)


def test_an_open_item_is_cancelled_with_a_reason(planned):
    cancel = {"type": "cancel_roadmap_item", "roadmap": "rm-1", "item": "i-1",
              "reason": "Утратило актуальность"}
    assert recorded(planned, cancel) == ["Roadmap.ItemCancelled"]
    assert roadmap(planned).item("i-1").status == "cancelled"
    refused(planned, cancel, officer(), 409, "item")
    refused(planned, start(), officer(), 409, "item")


def test_an_expected_version_guards_the_roadmap(planned):
    refused(planned, {**add(item="i-2"), "expected_version": 1}, officer(), 409, "expected_version")
    ok(planned, {**add(item="i-2"), "expected_version": 2})


def test_w7_occurrences_are_done_one_by_one_and_bad_ones_are_named(school):
    ok(school, approve())
    ok(school, add("i-dates", "dates"))
    done = {"type": "complete_roadmap_occurrence", "roadmap": "rm-1", "item": "i-dates",
            "occurrence": "2021-04-22", "completed_on": "2021-04-22",
            "evidence": [{"kind": "note", "reference": "Протокол"}]}
    body = ok(school, done, school_user("k-1"))
    assert [e["type"] for e in body["events"]] == ["Roadmap.OccurrenceCompleted"]
    refused(school, done, officer(), 409, "occurrence")
    refused(school, {**done, "occurrence": "2021-04-23"}, officer(), 404, "occurrence")
    refused(school, {**done, "occurrence": "22.04.2021"}, officer(), 422, "occurrence")
    refused(school, complete("i-dates"), officer(), 409, "item")
    state = roadmap(school)
    assert [o.done_on is not None for o in state.occurrences("i-dates")] == [True, False, False]
