"""Facts transcribed from paper over HTTP on both backends (issue 10 item 9): accepted as of their
effective date, shown as transcribed by the audit trail, placed at that date by the views."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from structlog.testing import capture_logs

from services.log_context import merge_request_context
from tests.e2e.duties import monthly_duty
from tests.e2e.helpers import (
    REGION,
    TENANT,
    auditor,
    days,
    officer,
    ok,
    operator,
    refused,
    register_schools,
    school_user,
    today,
)

REASON = "перенесено с бумажного носителя"
EVENTS = f"/api/v1/tenants/{TENANT}/events"
SCHEDULE = f"/api/v1/tenants/{TENANT}/schedule"
ROADMAPS = f"/api/v1/tenants/{TENANT}/roadmaps"

#: 003 preamble: the region's plan under order под-482/19; its period starts the programme.
REGIONAL_PLAN = {"type": "adopt_programme", "programme": "ru16-plan", "title": "План мероприятий",
                 "level": "regional", "period_start": "2019-01-01", "period_end": "2030-12-31",
                 "adopted_on": "2019-03-22"}


def paper(effective_on: str, number: str = "вх. 112") -> dict:
    return {"effective_on": effective_on, "reason": REASON,
            "document": {"number": number, "issued_on": effective_on, "title": "Журнал входящих"}}


def request(start: int, **extra) -> dict:
    return {"type": "request_internship", "internship": "i-1", "school": "k-1", "host_school": "k-2",
            "topic": "Подготовка к ОГЭ", "participants": 2, "start": days(start),
            "end": days(start + 1), **extra}


@pytest.fixture
def district(api):
    """The region's programme (from 2019), two schools, the monthly duty, k-1's roadmap."""
    ok(api, REGIONAL_PLAN, operator(), tenant=REGION)
    register_schools(api, "k-1", "k-2")
    ok(api, monthly_duty())
    ok(api, {"type": "approve_roadmap", "roadmap": "rm-1", "school": "k-1", "title": "Карта",
             "period_start": "2021-02-01", "period_end": "2021-06-30", "approved_on": "2021-02-01"})
    ok(api, {"type": "add_roadmap_item", "roadmap": "rm-1", "item": "seminar", "section": "Раздел",
             "title": "Семинар", "schedule": {"form": "deadline", "due": "2021-03-15"},
             "responsible": ["директор"]})
    return api


def transcribe_march(api) -> None:
    """A report filed on paper on 25.03.2021 and the seminar held on 12.03.2021, entered now."""
    ok(api, {"type": "file_report", "school": "k-1", "kind": "monthly_roadmap", "period": "2021-03",
             "summary": "Отчёт за март", "transcribed": paper("2021-03-25")})
    ok(api, {"type": "complete_roadmap_item", "roadmap": "rm-1", "item": "seminar",
             "completed_on": "2021-03-12", "evidence": [{"kind": "document", "reference": "Протокол № 3"}],
             "transcribed": paper("2021-03-12", "Протокол № 3")})
    api.project()


def test_the_audit_trail_shows_facts_from_paper_as_transcribed(district):
    api = district
    transcribe_march(api)
    page = api.get(EVENTS, auditor(), transcribed="true").json()["events"]
    assert [e["type"] for e in page] == ["Report.Filed", "Roadmap.ItemCompleted"]
    filed = page[0]
    assert filed["transcribed"] is True
    assert filed["transcription"] == {
        "effective_on": "2021-03-25", "reason": REASON,
        "document": {"number": "вх. 112", "issued_on": "2021-03-25", "title": "Журнал входящих"}}
    assert filed["data"]["filed_on"] == "2021-03-25"
    assert filed["recorded_at"][:4] == str(today().year)  # recorded now, effective then
    assert filed["actor"]["role"] == "municipal_officer"
    others = api.get(EVENTS, officer(), transcribed="false").json()["events"]
    assert others and not any(e["transcribed"] for e in others)
    assert all(e["transcription"] is None for e in others)


def test_the_schedule_and_roadmaps_place_the_fact_at_its_effective_date(district):
    api = district
    transcribe_march(api)
    body = api.get(SCHEDULE, officer(), **{"from": "2021-02-01", "to": "2021-06-30",
                                          "as_of": "2021-06-20"}).json()
    rows = {row["id"]: row for row in body["rows"]}
    march = rows["report:monthly_roadmap:k-1:2021-03"]
    assert (march["done_on"], march["status"]) == ("2021-03-25", "on_time")  # by the 28th
    assert rows["report:monthly_roadmap:k-1:2021-04"]["status"] == "missed"
    [seminar] = [row for row in rows.values() if row["id"].startswith("roadmap:rm-1:seminar")]
    assert (seminar["done_on"], seminar["status"]) == ("2021-03-12", "on_time")
    [roadmap] = api.get(ROADMAPS, officer(), as_of="2021-03-20").json()["roadmaps"]
    [item] = roadmap["items"]
    assert (item["status"], item["completed_on"], item["overdue"]) == ("done", "2021-03-12", False)


def test_a_withdrawal_fewer_than_three_working_days_before_start_is_refused_003_p2_3_2(district):
    api = district
    refused(api, request(start=1), officer(), 422, "submitted_on")  # today: 7 days ahead missed
    ok(api, request(start=1, transcribed=paper(days(-30), "Заявка № 7")))
    refused(api, {"type": "withdraw_internship", "internship": "i-1", "reason": "болезнь"},
            school_user("k-1"), 422, "withdrawn_on", problem="deadline-rule")
    api.project()
    rows = api.get(SCHEDULE, officer(), **{"from": days(-60), "to": days(10),
                                          "kind": "internship_request"}).json()["rows"]
    assert [(r["done_on"], r["status"]) for r in rows] == [(days(-30), "on_time")]


def test_a_school_user_may_not_transcribe(district):
    command = request(start=1, transcribed=paper(days(-30)))
    body = refused(district, command, school_user("k-1"), 403, "transcribed", problem="forbidden")
    assert "«transcribed»" in body["detail"]  # Russian by default; the rule's message in English:
    english = district.client.post(f"/api/v1/tenants/{TENANT}/commands", json=command,
                                   headers=district.headers(school_user("k-1"), **{"Accept-Language": "en"}))
    assert english.status_code == 403 and "transcribe" in english.json()["detail"]


def test_a_date_before_the_programme_start_or_in_the_future_is_refused(district):
    for effective_on in ("2018-12-31", days(1)):
        refused(district, request(start=1, transcribed=paper(effective_on)), officer(), 422,
                "transcribed.effective_on", problem="invalid-value")


def test_a_transcription_is_replayed_under_its_key(district):
    api = district
    command = request(start=1, transcribed=paper(days(-30)))
    first = api.post(TENANT, command, officer(), key="paper-7")
    again = api.post(TENANT, command, officer(), key="paper-7")
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true" and again.json() == first.json()
    changed = {**command, "transcribed": paper(days(-29))}
    assert api.post(TENANT, changed, officer(), key="paper-7").status_code == 422


def test_the_stream_history_keeps_the_transcription(district):
    api = district
    ok(api, request(start=1, transcribed=paper(days(-30))))
    body = api.get(f"/api/v1/tenants/{TENANT}/streams/internship/i-1", auditor()).json()
    assert body["state"]["submitted_on"] == days(-30)
    assert body["history"][0]["transcription"]["effective_on"] == days(-30)


def test_verification_and_views_at_an_instant_keep_working_after_a_transcription(district):
    """`as_of` places the fact at its effective date; `at=` before it was recorded does not know it."""
    api = district
    before = datetime.now(UTC)
    transcribe_march(api)
    report = api.get(f"/api/v1/tenants/{TENANT}/audit/verify", auditor()).json()
    assert report["ok"] is True and report["verified_through"] == api.head(TENANT)
    window = {"from": "2021-03-01", "to": "2021-03-31", "as_of": "2021-06-20", "kind": "monthly_report"}
    now = api.get(SCHEDULE, officer(), **window).json()["rows"]
    then = api.get(SCHEDULE, officer(), **window, at=before.isoformat()).json()["rows"]
    assert [(r["done_on"], r["status"]) for r in now] == [("2021-03-25", "on_time")]
    assert [(r["done_on"], r["status"]) for r in then] == [(None, "missed")]


def test_the_command_log_line_names_the_day_of_a_fact_from_paper(district):
    with capture_logs(processors=[merge_request_context]) as logs:
        ok(district, request(start=1, transcribed=paper(days(-30))))
    [line] = [entry for entry in logs if entry["event"] == "command accepted"]
    assert line["transcribed_on"] == days(-30) and line["command"] == "request_internship"


def test_the_openapi_document_describes_the_envelope(api):
    schema = api.get("/docs/openapi.json", None).json()
    components = schema["components"]["schemas"]
    assert "transcribed" in components["RequestInternship"]["properties"]
    transcribed = components["Transcribed"]
    assert set(transcribed["required"]) == {"effective_on", "reason", "document"}
    assert "effective_on" in transcribed["description"]
    assert "paper" in components["TranscribedDocument"]["description"]
