"""Internship request commands through the HTTP API: dates are judged against the real today
(or, for a request transcribed from paper, against its effective date)."""


import pytest

from domain.internship import InternshipRequest
from tests.e2e.helpers import (
    REGION,
    days,
    officer,
    ok,
    operator,
    recorded,
    refused,
    register_schools,
    school_user,
    today,
)


def request(key="i-1", start=10, **overrides):
    return {"type": "request_internship", "internship": key, "school": "k-1", "host_school": "k-2",
            "topic": "Формирующее оценивание", "participants": 3, "start": days(start),
            "end": days(start + 2), **overrides}


def submitted_days_ago(api, ago, command):
    """A request submitted on paper `ago` days ago, entered now as a transcription (issue 10 item 9)."""
    ok(api, {**command, "transcribed": {
        "effective_on": days(-ago), "reason": "перенесено с бумажного носителя",
        "document": {"number": "б/н", "issued_on": days(-ago)}}})


@pytest.fixture
def schools(api):
    # The region's programme starts before any date transcribed here.
    ok(api, {"type": "adopt_programme", "programme": "ru16-plan", "title": "План мероприятий",
             "level": "regional", "period_start": "2019-01-01", "period_end": "2030-12-31",
             "adopted_on": "2019-03-22"}, operator(), tenant=REGION)
    return register_schools(api, "k-1", "k-2", "k-3")


def test_a_request_is_submitted_today_confirmed_by_the_host_and_held(schools):
    api = schools
    assert recorded(api, request(), school_user("k-1")) == ["InternshipRequest.Submitted"]
    assert api.load(InternshipRequest, "i-1").submitted_on == today()
    confirm = {"type": "confirm_internship", "internship": "i-1"}
    assert recorded(api, confirm, school_user("k-2")) == ["InternshipRequest.Confirmed"]


def test_a_held_internship_is_recorded_by_the_host(schools):
    api = schools
    submitted_days_ago(api, 30, request(start=-20))
    ok(api, {"type": "confirm_internship", "internship": "i-1"}, school_user("k-2"))
    held = {"type": "record_internship_held", "internship": "i-1", "held_on": days(-20),
            "participants_attended": 2, "summary": "Посещены 4 урока"}
    refused(api, {**held, "held_on": days(1)}, school_user("k-2"), 422, "held_on")
    refused(api, {**held, "held_on": days(-21)}, school_user("k-2"), 422, "held_on")
    refused(api, {**held, "participants_attended": 0}, school_user("k-2"), 422)
    refused(api, held, school_user("k-1"), 403)
    assert recorded(api, held, school_user("k-2")) == ["InternshipRequest.Held"]
    refused(api, {"type": "withdraw_internship", "internship": "i-1", "reason": "поздно"},
            school_user("k-1"), 409, "status")


def test_a_request_is_withdrawn_in_time_by_its_school(schools):
    api = schools
    ok(api, request(start=30), school_user("k-1"))
    withdraw = {"type": "withdraw_internship", "internship": "i-1", "reason": "болезнь"}
    refused(api, withdraw, school_user("k-2"), 403)
    assert recorded(api, withdraw, school_user("k-1")) == ["InternshipRequest.Withdrawn"]
    refused(api, withdraw, officer(), 409, "status")
    refused(api, {"type": "confirm_internship", "internship": "i-1"}, officer(), 409, "status")


def test_a_request_less_than_a_week_ahead_is_refused(schools):
    refused(schools, request(start=6), school_user("k-1"), 422, "submitted_on")
    ok(schools, request(start=7), school_user("k-1"))


def test_a_withdrawal_less_than_three_working_days_ahead_is_refused(schools):
    submitted_days_ago(schools, 20, request(start=1))
    refused(schools, {"type": "withdraw_internship", "internship": "i-1", "reason": "болезнь"},
            officer(), 422, "withdrawn_on")


def test_a_school_user_requests_only_for_its_own_school(schools):
    refused(schools, request(), school_user("k-2"), 403)
    refused(schools, request(), school_user("k-3"), 403)
    ok(schools, request(school="k-3", host_school="k-1"), officer())


def test_only_the_host_school_confirms(schools):
    ok(schools, request(), school_user("k-1"))
    confirm = {"type": "confirm_internship", "internship": "i-1"}
    refused(schools, confirm, school_user("k-1"), 403)
    refused(schools, confirm, school_user("k-3"), 403)
    ok(schools, confirm, school_user("k-2"))
    refused(schools, confirm, officer(), 409, "status")


def test_a_held_internship_must_be_confirmed_first(schools):
    submitted_days_ago(schools, 30, request(start=-20))
    refused(schools, {"type": "record_internship_held", "internship": "i-1", "held_on": days(-20),
                      "participants_attended": 2}, officer(), 409, "status")


def test_unknown_schools_and_requests_are_named(schools):
    refused(schools, request(school="nope"), officer(), 404, "school")
    refused(schools, request(host_school="nope"), officer(), 404, "host_school")
    refused(schools, {"type": "confirm_internship", "internship": "nope"}, officer(), 404,
            "internship")


def test_invalid_values_are_named(schools):
    refused(schools, request(host_school="k-1"), officer(), 422, "host_school")
    refused(schools, request(end=days(9)), officer(), 422, "end")
    refused(schools, request(participants=0), officer(), 422, "participants")
    refused(schools, request(submitted_on=days(-30)), officer(), 422)


def test_a_request_is_submitted_once(schools):
    ok(schools, request(), officer())
    refused(schools, request(), officer(), 409, "internship")


def test_regional_operators_do_not_post_internships(schools):
    refused(schools, request(), operator(), 403)
