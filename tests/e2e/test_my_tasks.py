"""«My tasks» (issue 11 item 10): what waits on each person, and who sees whose."""

from __future__ import annotations

import pytest

from tests.e2e.helpers import (
    PROBLEM_JSON,
    TENANT,
    auditor,
    days,
    officer,
    ok,
    operator,
    refused,
    school_user,
)
from tests.e2e.registers import LENINOGORSK, SMOLENSK, seed

MONDAY, WEDNESDAY = "2021-03-15", "2021-03-17"


def tasks(api, who, tenant: str = TENANT, **params):
    response = api.get(f"/api/v1/tenants/{tenant}/my-tasks", who, **params)
    assert response.status_code == 200, response.text
    return response.json()


def _roadmap(api, key: str, school: str, items: dict[str, str]) -> None:
    ok(api, {"type": "approve_roadmap", "roadmap": key, "school": school, "title": "Дорожная карта",
             "period_start": "2021-02-01", "period_end": "2021-12-31", "approved_on": "2021-02-01"})
    for item, due in items.items():
        ok(api, {"type": "add_roadmap_item", "roadmap": key, "item": item, "section": "Раздел",
                 "title": f"Мероприятие {item}", "schedule": {"form": "deadline", "due": due},
                 "responsible": ["директор"]})


@pytest.fixture
def waiting(api):
    seed(api)
    _roadmap(api, "rm-fed", "k-fed", {"monday": MONDAY, "friday": "2021-03-19", "done": WEDNESDAY,
                                      "next-week": "2021-03-22"})
    _roadmap(api, "rm-chu", "k-chu", {"chu-thursday": "2021-03-18"})
    ok(api, {"type": "complete_roadmap_item", "roadmap": "rm-fed", "item": "done",
             "completed_on": "2021-03-16", "evidence": [{"kind": "note", "reference": "Справка"}]})
    for school in ("k-fed", "k-chu"):
        ok(api, {"type": "file_report", "school": school, "kind": "monthly_roadmap", "period": "2021-03",
                 "summary": "Исполнение дорожной карты"}, school_user(school))
    ok(api, {"type": "accept_report", "school": "k-chu", "kind": "monthly_roadmap", "period": "2021-03"})
    ok(api, {"type": "request_internship", "internship": "i-1", "school": "k-chu", "host_school": "k-hoz",
             "topic": "Стажировка учителей", "participants": 3, "start": days(20), "end": days(22)},
       school_user("k-chu"))
    ok(api, {"type": "submit_for_approval", "sheet": "s-1",
             "document": {"kind": "roadmap", "key": "rm-fed-2022", "title": "Дорожная карта на 2022 год"},
             "approvers": [{"subject": officer().subject, "position": "начальник отдела",
                            "organisation": "отдел образования"},
                           {"subject": school_user("k-bol").subject, "position": "директор",
                            "organisation": "МБОУ «Большекайбицкая СОШ»"}]})
    api.project()
    return api


def test_the_officer_sees_sheets_reports_internships_and_the_week(waiting):
    body = tasks(waiting, officer(), as_of=WEDNESDAY)
    assert (body["week_start"], body["week_end"]) == (MONDAY, "2021-03-21")
    assert [s["sheet"] for s in body["sheets"]] == ["s-1"]
    assert [(r["school"], r["status"]) for r in body["reports"]] == [("k-fed", "filed")]
    assert [r["internship"] for r in body["internships"]] == ["i-1"]
    titles = sorted(r["title"] for r in body["occurrences"] if r["kind"] == "roadmap_item")
    assert titles == ["Мероприятие chu-thursday", "Мероприятие friday", "Мероприятие monday"]
    assert body["agreements"] == []
    assert body["total"] == 3 + len(body["occurrences"])


def test_agreements_expiring_within_60_days_wait_on_the_officer_and_the_school(waiting):
    # С-1/2021 runs to 31.12.2021 (003 §3.1, the calendar year): 46 days left on 15.11.
    assert [a["partnership"] for a in tasks(waiting, officer(), as_of="2021-11-15")["agreements"]] == ["p-fed"]
    assert [a["partnership"] for a in tasks(waiting, school_user("k-fed"), as_of="2021-11-15")["agreements"]] == [
        "p-fed"]
    assert tasks(waiting, school_user("k-chu"), as_of="2021-11-15")["agreements"] == []
    assert tasks(waiting, officer(), as_of="2021-10-31")["agreements"] == []


def test_a_school_user_sees_only_its_own_school(waiting):
    fed = tasks(waiting, school_user("k-fed"), as_of=WEDNESDAY)
    assert {r["school"] for r in fed["occurrences"]} == {"k-fed"}
    assert fed["reports"] == [] and fed["internships"] == [] and fed["sheets"] == []
    host = tasks(waiting, school_user("k-hoz"), as_of=WEDNESDAY)
    assert [r["internship"] for r in host["internships"]] == ["i-1"]
    assert tasks(waiting, school_user("k-chu"), as_of=WEDNESDAY)["internships"] == []


def test_a_sheet_waits_on_the_approver_whose_turn_it_is(waiting):
    assert tasks(waiting, school_user("k-bol"))["sheets"] == []
    ok(waiting, {"type": "sign_off", "sheet": "s-1", "comment": "Согласовано"})
    waiting.project()
    assert [s["sheet"] for s in tasks(waiting, school_user("k-bol"))["sheets"]] == ["s-1"]
    assert tasks(waiting, officer())["sheets"] == []


def test_auditors_act_on_nothing(waiting):
    body = tasks(waiting, auditor(), as_of=WEDNESDAY)
    assert body["total"] == 0


def test_my_tasks_refuse_another_municipality_region_and_school(waiting):
    url = f"/api/v1/tenants/{TENANT}/my-tasks"
    for who in (officer(LENINOGORSK), officer(SMOLENSK, "ru-67"), operator("ru-67"),
                school_user("len-10", LENINOGORSK)):
        response = waiting.get(url, who)
        assert response.status_code == 403, who
        assert response.headers["content-type"].startswith(PROBLEM_JSON)
    assert tasks(waiting, officer(LENINOGORSK), tenant=LENINOGORSK)["total"] == 0
    assert waiting.get(url, officer(), as_of="not-a-date").status_code == 422


def test_003_a_signed_sheet_approves_the_roadmap(waiting):
    command = {"type": "approve_roadmap", "roadmap": "rm-fed-2022", "school": "k-fed",
               "title": "Дорожная карта на 2022 год", "period_start": "2022-01-01",
               "period_end": "2022-12-31", "approved_on": days(0), "sheet": "s-1"}
    refused(waiting, command, officer(), 409, "sheet")
    ok(waiting, {"type": "sign_off", "sheet": "s-1"})
    ok(waiting, {"type": "sign_off", "sheet": "s-1"}, school_user("k-bol"))
    refused(waiting, {**command, "approved_on": days(-1)}, officer(), 422, "approved_on")
    ok(waiting, command)
