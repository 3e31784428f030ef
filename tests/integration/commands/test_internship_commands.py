"""Internship commands in-process: request, confirm, withdraw, record as held; lead times."""

from datetime import date, timedelta

from domain.base import AlreadyExists, DeadlineMissed, InvalidTransition, InvalidValue, NotFound
from services.auth import Forbidden
from services.commands.catalogue.internship import (
    ConfirmInternship,
    RecordInternshipHeld,
    RequestInternship,
    WithdrawInternship,
)
from tests.integration.commands.facts import registered
from tests.integration.commands.scenario import OPERATOR, TODAY, event, school_user

SCHOOLS = tuple(registered("k-1", "k-2", "k-3"))
CONFIRM = ConfirmInternship(internship="i-1")
WITHDRAW = WithdrawInternship(internship="i-1", reason="болезнь")
MAY = date(2021, 5, 1)


def request(start: date = date(2021, 6, 10), school: str = "k-1", host: str = "k-2"):
    return RequestInternship(internship="i-1", school=school, host_school=host,
                             topic="Формирующее оценивание", participants=3, start=start,
                             end=start + timedelta(days=2))


def held(on: date = date(2021, 5, 10), attended: int = 2) -> RecordInternshipHeld:
    return RecordInternshipHeld(internship="i-1", held_on=on, participants_attended=attended,
                                summary="Посещены 4 урока")


def test_a_school_requests_an_internship_a_week_ahead(scenario):
    scenario.given(*SCHOOLS).when(request(), by=school_user("k-1")).then(
        event("InternshipRequest.Submitted", key="i-1", school="k-1", host_school="k-2",
              participants=3, start=date(2021, 6, 10), submitted_on=TODAY))


def test_a_request_less_than_a_week_ahead_is_refused(scenario):
    scenario.given(*SCHOOLS).when(request(start=date(2021, 6, 7))).then_refused(
        DeadlineMissed, "submitted_on")


def test_a_school_requests_only_for_itself(scenario):
    scenario.given(*SCHOOLS).when(request(), by=school_user("k-2")).then_refused(Forbidden)


def test_the_region_does_not_request_internships(scenario):
    scenario.given(*SCHOOLS).when(request(), by=OPERATOR).then_refused(Forbidden)


def test_an_unknown_host_school_is_named(scenario):
    scenario.given(*SCHOOLS).when(request(host="nope")).then_refused(NotFound, "host_school")


def test_a_school_does_not_host_itself(scenario):
    scenario.given(*SCHOOLS).when(request(host="k-1")).then_refused(InvalidValue, "host_school")


def test_a_request_is_submitted_once(scenario):
    scenario.given(*SCHOOLS, request()).when(request()).then_refused(AlreadyExists, "internship")


def test_the_host_school_confirms(scenario):
    scenario.given(*SCHOOLS, request()).when(CONFIRM, by=school_user("k-2")).then(
        event("InternshipRequest.Confirmed", confirmed_on=TODAY))


def test_the_requesting_school_does_not_confirm(scenario):
    scenario.given(*SCHOOLS, request()).when(CONFIRM, by=school_user("k-1")).then_refused(
        Forbidden)


def test_an_unknown_request_is_named(scenario):
    scenario.given(*SCHOOLS).when(CONFIRM).then_refused(NotFound, "internship")


def test_the_requesting_school_withdraws_in_time(scenario):
    scenario.given(*SCHOOLS, request()).when(WITHDRAW, by=school_user("k-1")).then(
        event("InternshipRequest.Withdrawn", withdrawn_on=TODAY, reason="болезнь"))


def test_a_withdrawal_less_than_three_working_days_ahead_is_refused(scenario):
    scenario.on(MAY).given(*SCHOOLS, request(start=date(2021, 6, 2)))
    scenario.on(TODAY).when(WITHDRAW).then_refused(DeadlineMissed, "withdrawn_on")


def test_a_withdrawn_request_is_not_confirmed(scenario):
    scenario.given(*SCHOOLS, request(), WITHDRAW).when(CONFIRM).then_refused(
        InvalidTransition, "status")


def test_the_host_records_a_confirmed_internship_held(scenario):
    scenario.on(MAY).given(*SCHOOLS, request(start=date(2021, 5, 10)), CONFIRM)
    scenario.on(TODAY).when(held(), by=school_user("k-2")).then(
        event("InternshipRequest.Held", held_on=date(2021, 5, 10), participants_attended=2))


def test_an_internship_is_not_held_before_its_start(scenario):
    scenario.on(MAY).given(*SCHOOLS, request(start=date(2021, 5, 10)), CONFIRM)
    scenario.on(TODAY).when(held(on=date(2021, 5, 9))).then_refused(InvalidValue, "held_on")


def test_an_unconfirmed_internship_is_not_held(scenario):
    scenario.on(MAY).given(*SCHOOLS, request(start=date(2021, 5, 10)))
    scenario.on(TODAY).when(held()).then_refused(InvalidTransition, "status")
