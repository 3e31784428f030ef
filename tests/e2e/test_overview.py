"""The regional overview through the HTTP API: every figure, the totals, exports and the stream."""

from __future__ import annotations

import io
from datetime import date

import pytest

from domain.base import Actor, Provenance
from domain.report import Report
from domain.rules import report_due_date
from tests.e2e.duties import monthly_duty
from tests.e2e.helpers import auditor, officer, ok, operator, school_user, today

REGION, KAYBITSY, LENINOGORSK = "ru-16", "ru-16-kaybitsy", "ru-16-leninogorsk"
OVERVIEW = f"/api/v1/regions/{REGION}/overview"
BASIS = {"number": "20/2", "issued_on": "2021-02-11"}
PERSON = {"full_name": "Иванова И.И.", "position": "завуч"}
EARLY, LATE = "2021-04-30", "2021-12-31"


def register(api, tenant, *codes, identified=()):
    for code in codes:
        ok(api, {"type": "register_school", "school": code, "name": f"Школа {code}"}, tenant=tenant)
    for code in identified:
        ok(api, {"type": "identify_school", "school": code, "categories": ["low_results"],
                 "cohort_year": 2021, "basis": BASIS}, tenant=tenant)


def pair(api, tenant, key, supported, partner, agreement_on=None, **term):
    ok(api, {"type": "assign_partner", "partnership": key, "supported_school": supported,
             "partner_school": partner, "coordinator": PERSON, "curator": PERSON,
             "municipal_coordinator": PERSON, "assigned_on": "2021-02-11"}, tenant=tenant)
    if agreement_on:
        ok(api, {"type": "conclude_agreement", "partnership": key,
                 "number": f"Д-{key}", "concluded_on": agreement_on, **term}, tenant=tenant)


def roadmap(api, tenant, key, school, start, end, items):
    ok(api, {"type": "approve_roadmap", "roadmap": key, "school": school,
             "title": "Дорожная карта", "period_start": start, "period_end": end,
             "approved_on": start}, tenant=tenant)
    for item, due in items:
        ok(api, {"type": "add_roadmap_item", "roadmap": key, "item": item,
                 "section": "Управление", "title": f"Мероприятие {item}",
                 "schedule": {"form": "deadline", "due": due},
                 "responsible": ["директор"]}, tenant=tenant)


def visit(api, tenant, key, partnership, host, guest, planned_on, held_on=None, cancel=False):
    ok(api, {"type": "plan_visit", "visit": key, "partnership": partnership,
             "host_school": host, "visiting_school": guest, "planned_on": planned_on,
             "kind": "lesson"}, tenant=tenant)
    if held_on:
        ok(api, {"type": "record_visit_held", "visit": key, "held_on": held_on,
                 "findings": "Уроки посещены", "participants": 5}, tenant=tenant)
    if cancel:
        ok(api, {"type": "cancel_visit", "visit": key, "reason": "Карантин"}, tenant=tenant)


def past_report(api, tenant, school, period, filed_on):
    """A monthly report filed on a past day: the command API files only today, so saved directly."""
    meta = Provenance(tenant, Actor(f"user@{school}", "school_user", school), "setup")
    api.backend.application(tenant).save(Report.file(
        meta, school, "monthly_roadmap", period, date.fromisoformat(filed_on), "Отчёт"))


def measure(api, tenant, subject, indicator, period, value, as_=None, reason=""):
    ok(api, {"type": "record_indicator", "subject": subject, "indicator": indicator,
             "period": period, "value": value, "measured_on": "2021-12-15",
             "reason": reason}, as_, tenant=tenant)


TARGET = {"comparison": ">=", "unit": "percent"}


@pytest.fixture
def region(api):
    """Kaybitsy and Leninogorsk with schools, partners, roadmaps, visits, reports and indicators."""
    # Kaybitsy: k-1..k-3 and k-8 identified (k-8 later exits); k-4..k-6 partners; k-7 alone.
    # Both adopt the monthly report by the 28th (000 p.2.2): without it nothing is owed (W1).
    ok(api, monthly_duty(), tenant=KAYBITSY)
    ok(api, monthly_duty(), tenant=LENINOGORSK)
    register(api, KAYBITSY, *(f"k-{n}" for n in range(1, 9)),
             identified=("k-1", "k-2", "k-3", "k-8"))
    ok(api, {"type": "exit_programme", "school": "k-8", "exited_on": "2021-11-01",
             "reason": "Переход в эффективный режим"}, tenant=KAYBITSY)
    pair(api, KAYBITSY, "p-1", "k-1", "k-4", agreement_on="2021-03-01")
    pair(api, KAYBITSY, "p-2", "k-2", "k-5")
    pair(api, KAYBITSY, "p-3", "k-3", "k-6", agreement_on="2021-02-15", term_until="2021-11-30")
    ok(api, {"type": "end_partnership", "partnership": "p-3", "ended_on": "2021-11-30",
             "reason": "Срок договора истёк"}, tenant=KAYBITSY)
    roadmap(api, KAYBITSY, "rm-1", "k-1", "2021-02-01", "2021-06-30",
            [("i-1", "2021-03-15"), ("i-2", "2021-04-15"), ("i-3", "2021-05-15"),
             ("i-4", "2021-06-15")])
    for item, on in (("i-1", "2021-03-10"), ("i-2", "2021-04-20")):
        ok(api, {"type": "complete_roadmap_item", "roadmap": "rm-1", "item": item,
                 "completed_on": on, "evidence": [{"kind": "note", "reference": "Акт"}]}, tenant=KAYBITSY)
    ok(api, {"type": "cancel_roadmap_item", "roadmap": "rm-1", "item": "i-4",
             "reason": "Не актуально"}, tenant=KAYBITSY)
    visit(api, KAYBITSY, "v-1", "p-1", "k-4", "k-1", "2021-04-22", held_on="2021-04-22")
    visit(api, KAYBITSY, "v-2", "p-1", "k-4", "k-1", "2021-05-19")
    visit(api, KAYBITSY, "v-3", "p-1", "k-1", "k-4", "2021-04-10", cancel=True)
    visit(api, KAYBITSY, "v-4", "p-1", "k-1", "k-4", "2021-10-20", held_on="2021-10-21")
    # Monthly reports of rm-1 are due Feb..Jun 2021 on the 28th: two on time, one late, two missing.
    past_report(api, KAYBITSY, "k-1", "2021-02", "2021-02-20")
    past_report(api, KAYBITSY, "k-1", "2021-03", "2021-03-28")
    past_report(api, KAYBITSY, "k-1", "2021-04", "2021-05-05")

    # Leninogorsk: l-1 identified with partner l-2 and an agreement.
    register(api, LENINOGORSK, "l-1", "l-2", identified=("l-1",))
    pair(api, LENINOGORSK, "p-l", "l-1", "l-2", agreement_on="2021-09-01")
    roadmap(api, LENINOGORSK, "rm-l", "l-1", "2021-09-01", "2021-10-31",
            [("j-1", "2021-09-30"), ("j-2", "2021-10-30")])
    ok(api, {"type": "start_roadmap_item", "roadmap": "rm-l", "item": "j-1",
             "started_on": "2021-09-10"}, tenant=LENINOGORSK)
    visit(api, LENINOGORSK, "v-l", "p-l", "l-2", "l-1", "2021-09-15", held_on="2021-09-15")
    past_report(api, LENINOGORSK, "l-1", "2021-09", "2021-09-25")

    # Programmes: the region's targets, and Kaybitsy's own stricter one for the first indicator.
    ok(api, {
             "type": "adopt_programme", "programme": "rp", "title": "Региональная программа",
             "level": "regional", "period_start": "2021-01-01", "period_end": "2024-12-31",
             "adopted_on": "2021-01-20", "targets": [
             {**TARGET, "indicator": "network_organisations_share", "value": 50},
             {"indicator": "network_supported_schools_share", "comparison": "=", "value": 100,
             "unit": "percent"},
             {**TARGET, "indicator": "network_teachers_share", "value": "50"},
             {"indicator": "use_russian_average", "comparison": ">= regional average",
             "unit": "score"},
             {"indicator": "grade9_no_certificate_share", "comparison": "=", "value": 0,
             "unit": "percent"},
             ]}, operator(), tenant=REGION)
    ok(api, {
             "type": "adopt_programme", "programme": "mp", "title": "Муниципальная программа",
             "level": "municipal", "period_start": "2021-01-01", "period_end": "2024-12-31",
             "adopted_on": "2021-02-01",
             "targets": [{**TARGET, "indicator": "network_organisations_share", "value": 70}]}, tenant=KAYBITSY)

    # Indicators: a corrected teachers' share, the regional average, school results.
    measure(api, KAYBITSY, "municipality", "network_teachers_share", "2021", 40)
    measure(api, KAYBITSY, "municipality", "network_teachers_share", "2021", 55, reason="Ошибка")
    measure(api, REGION, "region", "network_teachers_share", "2021", 48, operator())
    measure(api, REGION, "region", "use_russian_average", "2021", "68.5", operator())
    measure(api, KAYBITSY, "k-1", "use_russian_average", "2020", 50)
    measure(api, KAYBITSY, "k-1", "use_russian_average", "2021", 70)
    measure(api, KAYBITSY, "k-2", "use_russian_average", "2021", 60)
    measure(api, KAYBITSY, "k-1", "grade9_no_certificate_share", "2021", 0)
    measure(api, KAYBITSY, "k-3", "unexcused_absence_rate", "2021", "2.5")
    api.project()
    return api


def overview(api, as_of=LATE, as_=None, **params):
    response = api.get(OVERVIEW, as_ or operator(), as_of=as_of, **params)
    assert response.status_code == 200, response.text
    return response.json()


def ratio(count, of, percent):
    return {"count": count, "of": of, "percent": percent}


def by_tenant(body):
    return {row["tenant_id"]: row for row in body["municipalities"]}


def indicators(row):
    return {i["indicator"]: (i["value"], i["target"] and i["target"]["value"], i["status"])
            for i in row["indicators"]}


def test_every_figure_of_each_municipality_and_the_region_total(region):
    body = overview(region)
    assert (body["region_id"], body["as_of"]) == (REGION, LATE)
    assert list(by_tenant(body)) == [KAYBITSY, LENINOGORSK]
    rows, total = by_tenant(body), body["total"]
    kaybitsy, leninogorsk = rows[KAYBITSY], rows[LENINOGORSK]

    assert (kaybitsy["registered_schools"], kaybitsy["identified_schools"]) == (8, 3)
    assert kaybitsy["with_partner"] == ratio(2, 3, 66.67)  # p-3 ended: k-3 has none
    assert kaybitsy["with_agreement"] == ratio(1, 3, 33.33)
    assert kaybitsy["roadmap_items"] == ratio(2, 3, 66.67)  # i-4 cancelled
    assert kaybitsy["reports_on_time"] == ratio(2, 5, 40.0)
    assert kaybitsy["visits"] == ratio(2, 3, 66.67)  # v-3 cancelled
    assert indicators(kaybitsy) == {
        "network_organisations_share": (50.0, 70.0, "not_met"),  # k-1,2,4,5 of 8; own target
        "network_supported_schools_share": (66.67, 100.0, "not_met"),
        "network_teachers_share": (55.0, 50.0, "met"),  # the corrected value
    }
    teachers = kaybitsy["indicators"][2]
    assert (teachers["source"], teachers["period"]) == ("recorded", "2021")
    assert kaybitsy["indicators"][0]["target"]["tenant_id"] == KAYBITSY

    assert (leninogorsk["registered_schools"], leninogorsk["identified_schools"]) == (2, 1)
    assert leninogorsk["with_partner"] == leninogorsk["with_agreement"] == ratio(1, 1, 100.0)
    assert leninogorsk["roadmap_items"] == ratio(0, 2, 0.0)
    assert leninogorsk["reports_on_time"] == ratio(1, 2, 50.0)
    assert leninogorsk["visits"] == ratio(1, 1, 100.0)
    assert indicators(leninogorsk) == {
        "network_organisations_share": (100.0, 50.0, "met"),  # the region's target
        "network_supported_schools_share": (100.0, 100.0, "met"),
        "network_teachers_share": (None, 50.0, "no_data"),
    }

    assert (total["tenant_id"], total["registered_schools"], total["identified_schools"]) == \
        (REGION, 10, 4)
    assert total["with_partner"] == ratio(3, 4, 75.0)
    assert total["with_agreement"] == ratio(2, 4, 50.0)
    assert total["roadmap_items"] == ratio(2, 5, 40.0)
    assert total["reports_on_time"] == ratio(3, 7, 42.86)
    assert total["visits"] == ratio(3, 4, 75.0)
    assert indicators(total) == {
        "network_organisations_share": (60.0, 50.0, "met"),
        "network_supported_schools_share": (75.0, 100.0, "not_met"),
        "network_teachers_share": (48.0, 50.0, "not_met"),  # the region's own measurement
    }


def test_criteria_of_003_show_the_latest_values_against_their_targets(region):
    body = overview(region)
    criteria = {c["indicator"]: c for c in by_tenant(body)[KAYBITSY]["criteria"]}
    assert len(criteria) == 9
    russian = criteria["use_russian_average"]
    assert russian["target"]["comparison"] == ">= regional average"
    assert [(v["subject"], v["period"], v["value"], v["average"], v["status"])
            for v in russian["values"]] == [
        ("k-1", "2021", 70.0, 68.5, "met"), ("k-2", "2021", 60.0, 68.5, "not_met")]
    [grade9] = criteria["grade9_no_certificate_share"]["values"]
    assert (grade9["value"], grade9["status"]) == (0.0, "met")
    assert criteria["unexcused_absence_rate"]["target"] is None
    assert [v["status"] for v in criteria["unexcused_absence_rate"]["values"]] == ["no_target"]
    assert criteria["use_mathematics_average"]["values"] == []
    assert all(c["values"] == [] for c in by_tenant(body)[LENINOGORSK]["criteria"])
    region_russian = {c["indicator"]: c for c in body["total"]["criteria"]}["use_russian_average"]
    assert [(v["subject"], v["value"]) for v in region_russian["values"]] == [("region", 68.5)]


def test_as_of_takes_every_figure_at_its_own_date(region):
    """W8: schools, partners, agreements and values as of the date, from the facts' dates."""
    early = overview(region, as_of=EARLY)
    kaybitsy, leninogorsk = by_tenant(early)[KAYBITSY], by_tenant(early)[LENINOGORSK]
    assert kaybitsy["reports_on_time"] == ratio(2, 3, 66.67)  # Feb, Mar on time; Apr late
    assert kaybitsy["visits"] == ratio(1, 1, 100.0)
    assert leninogorsk["reports_on_time"] == ratio(0, 0, None)
    assert leninogorsk["visits"] == ratio(0, 0, None)
    assert early["total"]["reports_on_time"] == ratio(2, 3, 66.67)
    assert kaybitsy["identified_schools"] == 4  # k-8 exits on 2021-11-01
    assert kaybitsy["with_partner"] == ratio(3, 4, 75.0)  # p-3 ends on 2021-11-30
    assert kaybitsy["with_agreement"] == ratio(2, 4, 50.0)
    assert leninogorsk["with_agreement"] == ratio(0, 1, 0.0)  # signed on 2021-09-01
    assert indicators(kaybitsy)["network_teachers_share"] == (None, 50.0, "no_data")  # 15.12
    criteria = {c["indicator"]: c for c in kaybitsy["criteria"]}
    assert criteria["use_russian_average"]["values"] == []


def test_a_report_filed_today_counts_when_its_due_date_has_come(region):
    # A roadmap for this month, so the monthly duty asks for this month's report.
    month = today().replace(day=1)
    ok(region, {"type": "approve_roadmap", "roadmap": "rm-now", "school": "k-1",
                "title": "Дорожная карта", "period_start": month.isoformat(),
                "period_end": month.isoformat(), "approved_on": month.isoformat()}, tenant=KAYBITSY)
    ok(region, {"type": "file_report", "school": "k-1", "kind": "monthly_roadmap",
                "period": today().strftime("%Y-%m"), "summary": "Выполнено"},
       school_user("k-1"), tenant=KAYBITSY)
    region.project()
    due = report_due_date(today().replace(day=1))
    on_time = 1 if today() <= due else 0
    assert by_tenant(overview(region, as_of=due.isoformat()))[KAYBITSY]["reports_on_time"] == \
        ratio(2 + on_time, 6, round((2 + on_time) * 100 / 6, 2))
    assert by_tenant(overview(region))[KAYBITSY]["reports_on_time"] == ratio(2, 5, 40.0)


def test_as_of_defaults_to_today_in_the_region(region):
    body = region.get(OVERVIEW, operator()).json()
    assert date.fromisoformat(body["as_of"]) == today()


@pytest.mark.parametrize("who", [
    officer(KAYBITSY), school_user("k-1"), operator("ru-67"), auditor("ru-67"),
])
def test_only_the_regions_operators_and_auditors_read_the_overview(region, who):
    assert region.get(OVERVIEW, who).status_code == 403
    assert region.get(f"{OVERVIEW}/stream", who, max_seconds=1).status_code == 403


def test_the_regions_auditor_reads_it_and_an_unknown_region_is_not_found(region):
    assert region.get(OVERVIEW, auditor()).status_code == 200
    assert region.get(OVERVIEW, None).status_code == 401
    assert region.get("/api/v1/regions/ru-16-kaybitsy/overview", operator()).status_code == 404


def test_csv_has_russian_headers_one_line_per_municipality_and_a_total(region):
    response = region.get(OVERVIEW, operator(), as_of=LATE, format="csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    lines = [line.split(";") for line in text.strip().split("\r\n")]
    header = lines[0]
    for title in ("Муниципалитет", "Школ ШНОР/ШФНСУ", "Доля с партнёром, %",
                  "Доля с соглашением, %", "Выполнение дорожных карт, %", "Отчёты в срок, %",
                  "Посещения: проведено / запланировано"):
        assert title in header
    assert len(lines) == 1 + 2 + 1
    rows = [dict(zip(header, line, strict=True)) for line in lines[1:]]
    assert [r["Муниципалитет"] for r in rows[:2]] == [
        "Кайбицкий муниципальный район", "Лениногорский муниципальный район"]
    assert rows[2]["Муниципалитет"].startswith("Итого")
    assert (rows[0]["Школ ШНОР/ШФНСУ"], rows[0]["Доля с партнёром, %"]) == ("3", "66,67")
    assert rows[0]["Посещения: проведено / запланировано"] == "2 / 3"
    assert rows[2]["Посещения: проведено / запланировано"] == "3 / 4"
    assert "не достигнут" in rows[0].values()
    plain = region.get(OVERVIEW, operator(), as_of=LATE, format="csv-rfc4180").content.decode("utf-8")
    import csv

    header, first = list(csv.reader(io.StringIO(plain)))[:2]
    assert first[header.index("Доля с партнёром, %")] == "66.67"


def test_xlsx_opens_with_the_same_rows(region):
    from openpyxl import load_workbook

    response = region.get(OVERVIEW, operator(), as_of=LATE, format="xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "Муниципалитет" and len(rows) == 5
    assert rows[2][0] == "Кайбицкий муниципальный район" and rows[2][1] == 3
    assert str(rows[4][0]).startswith("Итого")
    share = sheet.cell(3, rows[1].index("Доля с партнёром, %") + 1)
    assert share.value == pytest.approx(0.6667) and share.number_format == "0.0 %"


def events_of(text):
    """(event, data) of every event of an SSE body; comments are skipped."""
    import json

    found = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line for line in block.split("\n") if line and not line.startswith(":")]
        fields = dict(line.split(": ", 1) for line in lines)
        if "event" in fields:
            found.append((fields["event"], json.loads(fields["data"])))
    return found


def test_the_stream_starts_with_where_each_tenant_stands(region):
    response = region.get(f"{OVERVIEW}/stream", operator(), max_seconds=1)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    first = events_of(response.text)
    assert ("overview-changed", {"tenant": KAYBITSY, "position": region.head(KAYBITSY)}) in first
    assert ("overview-changed", {"tenant": REGION, "position": region.head(REGION)}) in first
    assert {e[1]["tenant"] for e in first} <= {REGION, KAYBITSY, LENINOGORSK}


def test_the_stream_announces_a_projected_command(region, monkeypatch):
    from services.projections.overview import api as overview_api

    before = region.head(LENINOGORSK)
    ok(region, {"type": "register_school", "school": "l-9", "name": "Школа l-9"}, tenant=LENINOGORSK)
    real, polls = overview_api.positions, []

    def project_after_the_first_poll(store, tenants):
        reached = real(store, tenants)
        polls.append(reached)
        if len(polls) == 1:  # the stream has announced where each tenant stood: now project
            region.project()
        return reached

    monkeypatch.setattr(overview_api, "positions", project_after_the_first_poll)
    monkeypatch.setattr(overview_api, "POLL_SECONDS", 0.1)
    response = region.get(f"{OVERVIEW}/stream", auditor(), max_seconds=2)
    changes = [data for event, data in events_of(response.text)
               if event == "overview-changed" and data["tenant"] == LENINOGORSK]
    assert [c["position"] for c in changes] == [before, region.head(LENINOGORSK)]
    assert by_tenant(overview(region))[LENINOGORSK]["registered_schools"] == 3


def test_the_stream_sends_keepalives_and_ends_by_itself(region, monkeypatch):
    from services.projections.overview import api as overview_api

    monkeypatch.setattr(overview_api, "KEEPALIVE_SECONDS", 0.2)
    monkeypatch.setattr(overview_api, "POLL_SECONDS", 0.1)
    response = region.get(f"{OVERVIEW}/stream", operator(), max_seconds=1)
    assert response.status_code == 200
    assert ": keepalive" in response.text
    assert region.get(f"{OVERVIEW}/stream", operator(), max_seconds=3601).status_code == 422
