"""Monitoring calendar through the HTTP API: what is due, on time, late, missed; rates; exports."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

import services.projections.http
from cascade.calendar_store import bundled_calendars
from cascade.demo.loader import post_demo
from services.commands.executor import CommandExecutor
from tests.e2e.duties import annual_note_duty, monthly_duty
from tests.e2e.helpers import TENANT, officer, ok, operator, school_user

PATH = f"/api/v1/tenants/{TENANT}/schedule"
BASIS = {"number": "20/2", "issued_on": "2021-02-11", "title": "Приказ"}
PEOPLE = {
    "coordinator": {"full_name": "Иванова А.П."},
    "curator": {"full_name": "Петров И.С."},
    "municipal_coordinator": {"full_name": "Сидорова М.И."},
}
TODAY = datetime.now(ZoneInfo("Europe/Moscow")).date()  # the tenant's business day
START = TODAY + timedelta(days=30)  # of the internship: requested today, a month ahead


def build(api):
    """k-1 supported (roadmap, reports, visits, internship), k-2 its partner; returns the head."""
    ok(api, {"type": "register_school", "school": "k-1", "name": "Школа 1"})
    ok(api, {"type": "register_school", "school": "k-2", "name": "Школа 2"})
    # The duties the order adopts: monthly reports by the 28th, the partner's note by 30.06.
    ok(api, monthly_duty())
    ok(api, annual_note_duty("partner_schools", "2021-02-11", "2021-08-31"))
    ok(api, {"type": "identify_school", "school": "k-1", "categories": ["low_results"],
             "cohort_year": 2021, "basis": BASIS})
    ok(api, {"type": "assign_partner", "partnership": "p-1", "supported_school": "k-1",
             "partner_school": "k-2", **PEOPLE, "assigned_on": "2021-02-11"})
    # Roadmap for February-June 2021: monthly reports Feb-Jun, no effectiveness analysis (25.12).
    ok(api, {"type": "approve_roadmap", "roadmap": "rm-1", "school": "k-1", "title": "Карта",
             "period_start": "2021-02-01", "period_end": "2021-06-30", "approved_on": "2021-02-01"})
    for item, schedule in (
        ("late", {"form": "deadline", "due": "2021-03-15"}),
        ("visits", {"form": "dates", "dates": ["2021-04-22", "2021-05-19", "2021-06-16"]}),
        ("never", {"form": "open_ended"}),
        ("moved", {"form": "deadline", "due": "2021-03-01"}),
    ):
        ok(api, {"type": "add_roadmap_item", "roadmap": "rm-1", "item": item, "section": "Раздел",
                 "title": f"Мероприятие {item}", "schedule": schedule, "responsible": ["директор"]})
    ok(api, {"type": "complete_roadmap_item", "roadmap": "rm-1", "item": "late",
             "completed_on": "2021-03-20", "evidence": [{"kind": "note", "reference": "Справка"}]})
    ok(api, {"type": "reschedule_roadmap_item", "roadmap": "rm-1", "item": "moved",
             "schedule": {"form": "window", "start": "2021-05-01", "end": "2021-05-31"},
             "reason": "Перенос"})
    # Reports filed today, long after the 28th: late; one returned and not yet filed again.
    for period in ("2021-02", "2021-03"):
        ok(api, {"type": "file_report", "school": "k-1", "kind": "monthly_roadmap",
                 "period": period, "summary": "Отчёт"})
    ok(api, {"type": "return_report", "school": "k-1", "kind": "monthly_roadmap",
             "period": "2021-03", "remarks": "Нет протокола"})
    ok(api, {"type": "file_report", "school": "k-2", "kind": "annual_analytic_note",
             "period": "2020/2021", "summary": "Записка"})
    # Visits: held on the day, held late, cancelled, never held.
    for visit, planned_on in (("v-on-time", "2021-04-22"), ("v-late", "2021-05-19"),
                              ("v-cancelled", "2021-06-16"), ("v-missed", "2021-06-23")):
        ok(api, {"type": "plan_visit", "visit": visit, "partnership": "p-1", "host_school": "k-1",
                 "visiting_school": "k-2", "planned_on": planned_on, "kind": "lesson",
                 "topic": "Уроки математики"})
    for visit, held_on in (("v-on-time", "2021-04-22"), ("v-late", "2021-05-21")):
        ok(api, {"type": "record_visit_held", "visit": visit, "held_on": held_on,
                 "findings": "Уроки посещены", "participants": 3})
    ok(api, {"type": "cancel_visit", "visit": "v-cancelled", "reason": "Карантин"})
    # Agreement: concluded, extended, notice given, ended when the notice took effect.
    ok(api, {"type": "conclude_agreement", "partnership": "p-1", "number": "1/21",
             "concluded_on": "2021-02-25"})
    ok(api, {"type": "extend_agreement", "partnership": "p-1", "number": "1/21-доп",
             "extended_on": "2022-01-15", "term_until": "2023-02-25"})
    ok(api, {"type": "notify_termination", "partnership": "p-1", "notice_given_on": "2022-06-01",
             "takes_effect_on": "2022-09-01"})
    ok(api, {"type": "end_partnership", "partnership": "p-1", "ended_on": "2022-09-01",
             "reason": "Расторжение по уведомлению"})
    # Internship a month ahead: requested today (on time), withdrawal limit still ahead.
    accepted = ok(api, {"type": "request_internship", "internship": "in-1", "school": "k-1",
                        "host_school": "k-2", "topic": "Подготовка к ОГЭ", "participants": 2,
                        "start": START.isoformat(), "end": (START + timedelta(days=1)).isoformat()})
    return accepted["position"]


@pytest.fixture
def built(api):
    build(api)
    api.project()
    return api


def answer(api, as_=None, **params):
    params.setdefault("from", "2021-01-01")
    params.setdefault("to", "2023-12-31")
    response = api.get(PATH, as_ or officer(), **params)
    assert response.status_code == 200, response.text
    return response.json()


def by_id(body):
    return {row["id"]: row for row in body["rows"]}


def test_every_obligation_is_in_the_calendar_with_its_status(built):
    body = answer(built, as_of="2021-06-20")
    rows = by_id(body)
    status = {key: row["status"] for key, row in rows.items()}
    # Roadmap items: each occurrence, keyed by its planned date (W7).
    assert status["roadmap:rm-1:late:2021-03-15"] == "late"
    assert rows["roadmap:rm-1:late:2021-03-15"]["done_on"] == "2021-03-20"
    assert [status[f"roadmap:rm-1:visits:{d}"] for d in ("2021-04-22", "2021-05-19", "2021-06-16")] == [
        "missed", "missed", "missed"]
    # Open-ended: due at the end of its period, the roadmap's (W7).
    assert rows["roadmap:rm-1:never:2021-06-30"]["status"] == "due"
    assert not any(key.startswith("roadmap:rm-1:moved:") and rows[key]["due_on"] == "2021-03-01"
                   for key in rows)
    assert rows["roadmap:rm-1:moved:2021-05-31"]["due_on"] == "2021-05-31"
    assert rows["roadmap:rm-1:moved:2021-05-31"]["window_start"] == "2021-05-01"
    # Monthly reports of the roadmap's months, by the 28th.
    monthly = sorted(key for key, row in rows.items() if row["kind"] == "monthly_report")
    assert monthly == [f"report:monthly_roadmap:k-1:2021-{m:02d}" for m in range(2, 7)]
    assert all(rows[key]["due_on"].endswith("-28") for key in monthly)
    # Filed only today: on 20.06.2021 it was missed (as_of judges what was done by then).
    assert status["report:monthly_roadmap:k-1:2021-02"] == "missed"
    assert rows["report:monthly_roadmap:k-1:2021-02"]["done_on"] == TODAY.isoformat()
    assert by_id(answer(built, as_of=TODAY.isoformat()))["report:monthly_roadmap:k-1:2021-02"]["status"] == "late"
    assert status["report:monthly_roadmap:k-1:2021-03"] == "missed"  # returned, not filed again
    assert status["report:monthly_roadmap:k-1:2021-06"] == "due"
    note = rows["report:annual_analytic_note:k-2:2020/2021"]
    assert note["due_on"] == "2021-06-30" and note["school"] == "k-2" and note["status"] == "due"
    assert not any(row["kind"] == "effectiveness_analysis" for row in rows.values())
    # Visits.
    assert status["visit:v-on-time"] == "on_time"
    assert status["visit:v-late"] == "late"
    assert status["visit:v-cancelled"] == "cancelled"
    assert status["visit:v-missed"] == "due"
    # Agreement: expiry moved by the extension, then cancelled by the earlier termination.
    expiry = rows["agreement_expiry:p-1"]
    assert expiry["due_on"] == "2023-02-25" and expiry["status"] == "cancelled"
    assert expiry["obligation"] is False and expiry["school"] == "k-1"
    notice = rows["termination_notice_latest:p-1"]
    assert notice["due_on"] == "2022-12-25" and notice["done_on"] == "2022-06-01"
    assert notice["status"] == "due"  # given on 01.06.2022: not yet on 20.06.2021
    now = by_id(answer(built, as_of=TODAY.isoformat()))
    assert now["termination_notice_latest:p-1"]["status"] == "done"
    effective = rows["termination_effective:p-1"]
    assert effective["due_on"] == "2022-09-01" and effective["done_on"] == "2022-09-01"
    # Rates: obligations only; on_time / (on_time + late + missed).
    k1 = next(s for s in body["schools"] if s["school"] == "k-1")["obligations"]
    decided = k1["on_time"] + k1["late"] + k1["missed"]
    assert k1["rate"] == round(k1["on_time"] / decided, 4)
    municipality = body["municipality"]
    assert municipality["late"] == sum(s["obligations"]["late"] for s in body["schools"])


def test_internship_deadlines_follow_the_start_and_the_working_calendar(built):
    window = {"from": TODAY.isoformat(), "to": (TODAY + timedelta(days=60)).isoformat()}
    rows = by_id(answer(built, as_of=TODAY.isoformat(), **window))
    request = rows["internship_request:in-1"]
    assert request["due_on"] == (START - timedelta(days=7)).isoformat()
    assert request["done_on"] == TODAY.isoformat() and request["status"] == "on_time"
    withdrawal = rows["internship_withdrawal:in-1"]
    limit = bundled_calendars().for_region("ru-16").add_working_days(START, -3).isoformat()
    assert withdrawal["due_on"] == limit and withdrawal["status"] == "due"
    assert withdrawal["obligation"] is False
    ok(built, {"type": "withdraw_internship", "internship": "in-1", "reason": "Курсы"})
    built.project()
    rows = by_id(answer(built, as_of=TODAY.isoformat(), **window))
    assert rows["internship_withdrawal:in-1"]["status"] == "cancelled"
    assert rows["internship_request:in-1"]["status"] == "on_time"


def test_a_refiled_report_is_done_on_the_new_filing_and_a_cancelled_item_stops_being_due(built):
    ok(built, {"type": "file_report", "school": "k-1", "kind": "monthly_roadmap",
               "period": "2021-03", "summary": "Исправлено"})
    ok(built, {"type": "approve_roadmap", "roadmap": "rm-now", "school": "k-2", "title": "Карта",
               "period_start": "2021-01-01", "period_end": (TODAY + timedelta(days=400)).isoformat(),
               "approved_on": "2021-01-01"})
    later = (TODAY + timedelta(days=100)).isoformat()
    ok(built, {"type": "add_roadmap_item", "roadmap": "rm-now", "item": "x", "section": "Раздел",
               "title": "Будущее", "schedule": {"form": "dates", "dates": ["2021-05-01", later]},
               "responsible": ["директор"]})
    ok(built, {"type": "cancel_roadmap_item", "roadmap": "rm-now", "item": "x", "reason": "Отменено"})
    built.project()
    rows = by_id(answer(built, **{"from": "2021-01-01", "to": "2021-12-31"}))
    march = rows["report:monthly_roadmap:k-1:2021-03"]
    assert march["done_on"] == TODAY.isoformat() and march["status"] == "late"
    # Cancelled today: what was due before stays missed, what is still ahead is cancelled.
    assert rows["roadmap:rm-now:x:2021-05-01"]["status"] == "missed"
    ahead = by_id(answer(built, **{"from": TODAY.isoformat(), "to": later}))
    assert ahead[f"roadmap:rm-now:x:{later}"]["status"] == "cancelled"


def _without_derived(body):
    """What must not move with as_of: everything but the date, the statuses and the tallies."""
    rows = [{k: v for k, v in row.items() if k != "status"} for row in body["rows"]]
    return {**{k: v for k, v in body.items() if k not in ("as_of", "schools", "municipality")},
            "rows": rows, "schools": [s["school"] for s in body["schools"]]}


def test_changing_as_of_changes_only_the_statuses_judged_on_that_date(built):
    """as_of is a business date: what was due by then, and done by then (on time or late)."""
    early, late = answer(built, as_of="2021-01-01"), answer(built, as_of="2030-01-01")
    assert _without_derived(early) == _without_derived(late)
    changed = {
        row["id"]: (row["status"], other["status"])
        for row, other in zip(early["rows"], late["rows"], strict=True)
        if row["status"] != other["status"]
    }
    assert changed and {before for before, _ in changed.values()} == {"due"}
    assert {after for _, after in changed.values()} <= {"missed", "passed", "on_time", "late", "done"}
    assert (early["municipality"]["on_time"], early["municipality"]["late"], early["municipality"]["missed"]) \
        == (0, 0, 0)  # nothing was done or overdue on 01.01.2021
    assert late["municipality"]["missed"] > 0 and late["municipality"]["late"] > 0


def test_filters_and_the_school_scope(built):
    visits = answer(built, as_of="2021-06-20", kind="visit")
    assert {row["kind"] for row in visits["rows"]} == {"visit"} and len(visits["rows"]) == 4
    k2 = answer(built, school_user("k-2"), as_of="2021-06-20")
    assert {row["school"] for row in k2["rows"]} == {"k-2"}
    assert built.get(PATH, school_user("k-2"), school="k-1", **{"from": "2021-01-01",
                                                                "to": "2021-12-31"}).status_code == 403
    narrow = answer(built, **{"from": "2021-04-01", "to": "2021-04-30"})
    assert all("2021-04-01" <= row["due_on"] <= "2021-04-30" for row in narrow["rows"])


@pytest.mark.parametrize("params, field", [
    ({"to": "2021-12-31"}, "from"),
    ({"from": "2021-01-01"}, "to"),
    ({"from": "2021-06-01", "to": "2021-05-31"}, "to"),
    ({"from": "2021-01-01", "to": "2024-01-02"}, "to"),
])
def test_a_bad_range_is_a_422_naming_the_field(built, params, field):
    response = built.get(PATH, officer(), **params)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["field"] == field


def test_other_tenants_and_regions_are_refused(built):
    window = {"from": "2021-01-01", "to": "2021-12-31"}
    assert built.get(PATH, officer("ru-16-leninogorsk"), **window).status_code == 403
    assert built.get(PATH, operator("ru-67"), **window).status_code == 403
    assert built.get(PATH, operator(), **window).status_code == 200


def test_csv_and_xlsx_have_russian_headers(built):
    from openpyxl import load_workbook

    params = {"from": "2021-01-01", "to": "2023-12-31", "as_of": TODAY.isoformat()}
    csv = built.get(PATH, officer(), format="csv", **params)
    assert csv.status_code == 200, csv.text
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].split(";")[:5] == ["Код школы", "Школа", "Вид", "Наименование", "Срок"]
    assert any("Ежемесячный отчёт" in line and "с опозданием" in line for line in lines)
    assert len(lines) == 1 + len(answer(built, **params)["rows"])
    xlsx = built.get(PATH, officer(), format="xlsx", **params)
    assert xlsx.status_code == 200, xlsx.text
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert "Календарь мониторинга" in rows[0][0]
    assert rows[1][:3] == ("Код школы", "Школа", "Вид")
    assert len(rows) == 1 + len(lines)


def test_a_position_beyond_the_view_is_a_503_until_the_view_reaches_it(api, monkeypatch):
    monkeypatch.setattr(services.projections.http, "READ_YOUR_WRITES_TIMEOUT", 0.2)
    position = build(api)
    response = api.get(PATH, officer(), position=position, **{"from": "2021-01-01", "to": "2021-12-31"})
    assert response.status_code == 503, response.text
    assert response.json()["type"] == "/problems/view-not-caught-up"
    api.project()
    body = answer(api, position=position)
    assert body["view_position"] >= position and body["rows"]


def test_the_demo_calendar_has_the_monthly_reports_due_by_the_28th(api):
    post_demo(api.backend, CommandExecutor(bundled_calendars()))
    api.project()
    body = answer(api, **{"from": "2021-03-01", "to": "2021-12-31", "as_of": "2021-12-31"})
    monthly = [row for row in body["rows"] if row["kind"] == "monthly_report"]
    assert monthly and all(row["due_on"].endswith("-28") for row in monthly)
    # Two supported schools, March to December.
    assert len(monthly) == 2 * 10
    status = {row["id"]: row["status"] for row in monthly}
    assert status["report:monthly_roadmap:kaybitsy-fedorovskaya:2021-04"] == "late"  # refiled 05.05
    assert status["report:monthly_roadmap:kaybitsy-chuteevskaya:2021-07"] == "late"  # filed 03.08
    assert status["report:monthly_roadmap:kaybitsy-chuteevskaya:2021-08"] == "missed"
    assert status["report:monthly_roadmap:kaybitsy-fedorovskaya:2021-03"] == "on_time"
    kinds = {row["kind"] for row in body["rows"]}
    assert {"roadmap_item", "visit", "internship_request", "effectiveness_analysis",
            "annual_analytic_note", "termination_notice"} <= kinds
    assert 0 < body["municipality"]["rate"] < 1
