"""Facts transcribed from paper (issue 10 item 9): judged at their effective date, by authorities
only, never before the programme start nor in the future; replay and idempotency unchanged."""

from datetime import date, timedelta
from decimal import Decimal

import msgspec

from domain.base import DeadlineMissed, InvalidValue, PaperDocument, Transcription
from domain.internship import InternshipRequest
from services.auth import Forbidden
from services.commands.catalogue.duty import Order
from services.commands.catalogue.internship import RequestInternship, WithdrawInternship
from services.commands.catalogue.programme import AdoptProgramme, RecordIndicator
from services.commands.catalogue.rules import SetDeadlineRules
from services.commands.catalogue.school import IdentifySchool
from services.commands.catalogue.visit import PlanVisit, RecordVisitHeld
from services.commands.executor import IdempotencyMismatch
from services.commands.transcription import Transcribed, TranscribedDocument
from tests.integration.commands.facts import BASIS, identified, partnered, registered
from tests.integration.commands.scenario import (
    MUNICIPALITY,
    OPERATOR,
    REGION,
    TODAY,
    event,
    school_user,
)

REASON = "перенесено с бумажного носителя"
#: The region's plan of 003's preamble runs from 01.01.2019.
REGIONAL_PLAN = AdoptProgramme(programme="ru16-plan", title="План мероприятий", level="regional",
                               period_start=date(2019, 1, 1), period_end=date(2022, 12, 31),
                               adopted_on=date(2019, 3, 22))
#: Two days before its start (Thursday): a request today misses the 7 days of 003 p.2.3.2, a
#: withdrawal today the 3 working days.
START = TODAY + timedelta(days=2)
REQUEST = RequestInternship(internship="i-1", school="k-1", host_school="k-2", topic="ОГЭ",
                            participants=2, start=START, end=START + timedelta(days=1))
WEEKS_AGO = TODAY - timedelta(days=14)


def paper(on: date, number: str = "15") -> Transcribed:
    return Transcribed(effective_on=on, reason=REASON,
                       document=TranscribedDocument(number=number, issued_on=on, title="Заявка"))


def transcribed(command, on: date = WEEKS_AGO, number: str = "15"):
    return msgspec.structs.replace(command, transcribed=paper(on, number))


def with_plan(scenario):
    return scenario.given(REGIONAL_PLAN, by=OPERATOR, tenant=REGION).given(*registered("k-1", "k-2"))


def test_a_transcribed_request_is_judged_by_the_lead_days_at_its_effective_date_003_p2_3_2(scenario):
    with_plan(scenario)
    scenario.when(REQUEST).then_refused(DeadlineMissed, "submitted_on")  # the same request today
    written = scenario.when(transcribed(REQUEST)).then(
        event("InternshipRequest.Submitted", submitted_on=WEEKS_AGO, start=START))
    assert written[0].meta.transcription == Transcription(
        WEEKS_AGO, REASON, PaperDocument("15", WEEKS_AGO, "Заявка"))
    assert written[0].meta.actor.role == "municipal_officer"
    assert written[0].timestamp.date() >= TODAY - timedelta(days=1)  # recorded now, not then


def test_a_school_users_transcription_is_refused(scenario):
    with_plan(scenario)
    scenario.when(transcribed(REQUEST), by=school_user("k-1")).then_refused(Forbidden, "transcribed")


def test_a_transcription_before_the_programme_start_is_refused(scenario):
    with_plan(scenario)
    scenario.when(transcribed(REQUEST, on=date(2018, 12, 31))).then_refused(
        InvalidValue, "transcribed.effective_on")


def test_a_municipalitys_own_programme_start_comes_before_its_regions(scenario):
    own = AdoptProgramme(programme="mp", title="Муниципальная программа", level="municipal",
                         period_start=date(2021, 1, 1), period_end=date(2024, 12, 31),
                         adopted_on=date(2021, 1, 15))
    with_plan(scenario).given(own)
    request = msgspec.structs.replace(REQUEST, start=date(2020, 12, 28), end=date(2020, 12, 29))
    scenario.when(transcribed(request, on=date(2020, 12, 1))).then_refused(
        InvalidValue, "transcribed.effective_on")


def test_without_a_programme_there_is_no_start_to_transcribe_from(scenario):
    scenario.given(*registered("k-1", "k-2"))
    scenario.when(transcribed(REQUEST)).then_refused(InvalidValue, "transcribed.effective_on")


def test_a_transcription_in_the_future_is_refused(scenario):
    with_plan(scenario)
    scenario.when(transcribed(REQUEST, on=TODAY + timedelta(days=1))).then_refused(
        InvalidValue, "transcribed.effective_on")


def test_not_after_today_means_not_after_the_effective_date(scenario):
    with_plan(scenario).given(identified("k-1"), partnered())
    plan = PlanVisit(visit="v-1", partnership="p-1", host_school="k-1", visiting_school="k-2",
                     kind="lesson", planned_on=date(2021, 5, 10), topic="Урок")
    held = RecordVisitHeld(visit="v-1", held_on=date(2021, 5, 12), findings="Урок посещён",
                           participants=3)
    scenario.given(plan)
    refusal = scenario.when(transcribed(held, on=date(2021, 5, 11))).then_refused(InvalidValue, "held_on")
    assert "after the transcribed fact's effective date (2021-05-11)" in str(refusal)
    scenario.when(transcribed(held, on=date(2021, 5, 12))).then(
        event("Visit.Held", held_on=date(2021, 5, 12)))


def test_the_deadline_rules_in_force_on_the_effective_date_judge_it_003_p2_3_2(scenario):
    ten_days = SetDeadlineRules(effective_from=date(2021, 5, 25), order=Order("45", date(2021, 5, 20), "п. 2.3.2"),
                                internship_request_lead_days=10)
    with_plan(scenario).given(ten_days)
    eight_days_ahead = msgspec.structs.replace(REQUEST, start=date(2021, 5, 28), end=date(2021, 5, 29))
    scenario.when(transcribed(eight_days_ahead, on=date(2021, 5, 20))).then(
        event("InternshipRequest.Submitted", submitted_on=date(2021, 5, 20)))
    later = msgspec.structs.replace(eight_days_ahead, internship="i-2", start=date(2021, 6, 3),
                                    end=date(2021, 6, 4))
    scenario.when(transcribed(later, on=date(2021, 5, 26))).then_refused(DeadlineMissed, "submitted_on")


def test_a_withdrawal_is_judged_by_the_working_days_before_start_at_its_effective_date(scenario):
    with_plan(scenario).given(transcribed(REQUEST))
    withdraw = WithdrawInternship(internship="i-1", reason="болезнь")
    scenario.when(withdraw).then_refused(DeadlineMissed, "withdrawn_on")  # limit: Monday 31.05
    scenario.when(transcribed(withdraw, on=WEEKS_AGO + timedelta(days=1))).then(
        event("InternshipRequest.Withdrawn", withdrawn_on=WEEKS_AGO + timedelta(days=1)))


def test_a_withdrawal_from_paper_is_not_dated_before_the_request_it_withdraws(scenario):
    with_plan(scenario).given(transcribed(REQUEST))
    withdraw = WithdrawInternship(internship="i-1", reason="болезнь")
    scenario.when(transcribed(withdraw, on=WEEKS_AGO - timedelta(days=1))).then_refused(
        InvalidValue, "withdrawn_on")


def test_every_event_of_the_command_keeps_the_transcription(scenario):
    with_plan(scenario)
    value = RecordIndicator(subject="k-1", indicator="use_russian_average", period="2021",
                            value=Decimal(70), measured_on=date(2021, 5, 1))
    written = scenario.when(transcribed(value, on=date(2021, 5, 3))).then(
        event("IndicatorSeries.Opened"), event("IndicatorSeries.ValueRecorded"))
    assert {e.meta.transcription.effective_on for e in written} == {date(2021, 5, 3)}


def test_a_region_operator_transcribes_in_a_municipality(scenario):
    with_plan(scenario)
    identify = IdentifySchool(school="k-1", categories=["low_results"], cohort_year=2019, basis=BASIS)
    written = scenario.when(transcribed(identify, on=date(2019, 4, 2)), by=OPERATOR).then(
        event("School.Identified", cohort_year=2019))
    assert written[0].meta.transcription.effective_on == date(2019, 4, 2)
    assert written[0].meta.actor.role == "region_operator"


def test_a_transcribed_command_replays_under_its_key_and_a_changed_transcription_is_refused(scenario):
    with_plan(scenario)
    first = scenario.when(transcribed(REQUEST), key="paper-15")
    first.then(event("InternshipRequest.Submitted", submitted_on=WEEKS_AGO))
    again = scenario.when(transcribed(REQUEST), key="paper-15")
    assert again.replayed and again.accepted == first.accepted
    scenario.when(transcribed(REQUEST, number="16"), key="paper-15").then_refused(
        IdempotencyMismatch, "Idempotency-Key")


def test_a_transcribed_fact_replays_from_the_log_with_its_dates(scenario):
    with_plan(scenario).given(transcribed(REQUEST))
    app = scenario.backend.application(MUNICIPALITY.id)
    stream = InternshipRequest.stream_for(MUNICIPALITY.id, "i-1")
    assert app.repository.get(stream).submitted_on == WEEKS_AGO
    stored = list(app.events.get(stream))
    assert stored[0].meta.transcription.document.number == "15"


def test_a_command_without_a_transcription_keeps_its_fingerprint_across_the_upgrade():
    """The hash stored with an Idempotency-Key before `transcribed` existed still matches."""
    from services.commands.catalogue.school import RegisterSchool
    from services.commands.executor import request_hash

    before = "47d1842b14f4f5319aa4576aeffbf781cdff24478bf5f04d53b25699ff32b70d"
    assert request_hash(RegisterSchool(school="k-1", name="Школа 1")) == before
    assert request_hash(transcribed(RegisterSchool(school="k-1", name="Школа 1"))) != before
