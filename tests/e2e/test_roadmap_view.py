"""Roadmap status view through the HTTP API: items, due dates, derived overdue, exports, scope."""

from __future__ import annotations

import io

import pytest

import services.projections.http
from cascade.calendar_store import bundled_calendars
from cascade.demo.loader import post_demo
from services.commands.executor import CommandExecutor
from tests.e2e.helpers import TENANT, officer, ok, operator, school_user, today

PATH = f"/api/v1/tenants/{TENANT}/roadmaps"

SCHEDULES = {
    "i-deadline": {"form": "deadline", "due": "2021-02-15", "label": "До 15.02.2021"},
    "i-window": {"form": "window", "start": "2021-10-01", "end": "2021-11-30",
                 "label": "октябрь-ноябрь 2021"},
    "i-dates": {"form": "dates", "dates": ["2021-04-22", "2021-05-19", "2021-09-15"]},
    "i-yearly": {"form": "yearly", "start_month": 9, "end_month": 10, "first_year": 2021,
                 "label": "ежегодно (сентябрь-октябрь)"},
    "i-monthly": {"form": "monthly", "day": 28, "start": "2021-03-01", "end": "2021-05-31"},
    "i-open": {"form": "open_ended", "start": "2021-01-01", "label": "В течение года"},
    "i-separate": {"form": "separate", "reference": "По графику ОО"},
    "i-cancelled": {"form": "deadline", "due": "2021-04-01"},
    "i-moved": {"form": "deadline", "due": "2021-03-01"},
}


def approve(roadmap, school):
    return {"type": "approve_roadmap", "roadmap": roadmap, "school": school,
            "title": f"Дорожная карта {school}", "period_start": "2021-02-01",
            "period_end": "2021-12-31", "approved_on": "2021-02-01"}


def add(roadmap, item, schedule, section="Управление"):
    return {"type": "add_roadmap_item", "roadmap": roadmap, "item": item, "section": section,
            "title": f"Мероприятие {item}", "schedule": schedule,
            "responsible": ["директор", "куратор"]}


def build(api):
    """Two roadmaps: rm-1 of k-1 with an item of every form and every lifecycle, rm-2 of k-2."""
    for code in ("k-1", "k-2"):
        ok(api, {"type": "register_school", "school": code, "name": f"Школа {code}"})
    ok(api, approve("rm-1", "k-1"))
    for item, schedule in SCHEDULES.items():
        ok(api, add("rm-1", item, schedule))
    ok(api, {"type": "complete_roadmap_item", "roadmap": "rm-1", "item": "i-deadline",
             "completed_on": "2021-02-14",
             "evidence": [{"kind": "document", "reference": "Приказ № 31", "description": "утверждено"}]})
    ok(api, {"type": "start_roadmap_item", "roadmap": "rm-1", "item": "i-window",
             "started_on": "2021-10-04"})
    ok(api, {"type": "cancel_roadmap_item", "roadmap": "rm-1", "item": "i-cancelled",
             "reason": "Не требуется"})
    ok(api, {"type": "reschedule_roadmap_item", "roadmap": "rm-1", "item": "i-moved",
             "schedule": {"form": "deadline", "due": "2021-06-30", "label": "До 30.06.2021"},
             "reason": "Перенос по итогам ВПР"})
    ok(api, approve("rm-2", "k-2"))
    accepted = ok(api, add("rm-2", "j-1", {"form": "deadline", "due": "2021-03-01"}))
    return accepted["position"]


@pytest.fixture
def built(api):
    build(api)
    api.project()
    return api


def answer(api, as_=None, **params):
    response = api.get(PATH, as_ or officer(), **params)
    assert response.status_code == 200, response.text
    return response.json()


def items_of(body, roadmap="rm-1"):
    found = next(r for r in body["roadmaps"] if r["roadmap"] == roadmap)
    return {item["item"]: item for item in found["items"]}


def test_every_item_shows_its_schedule_status_and_evidence(built):
    body = answer(built, as_of="2021-07-01")
    assert body["as_of"] == "2021-07-01" and body["view_position"] > 0
    items = items_of(body)
    assert [i["seq"] for i in items.values()] == list(range(1, len(SCHEDULES) + 1))
    due = {key: item["schedule"]["due_dates"] for key, item in items.items()}
    assert due["i-deadline"] == ["2021-02-15"]
    assert due["i-window"] == ["2021-11-30"]
    assert due["i-dates"] == ["2021-04-22", "2021-05-19", "2021-09-15"]
    assert due["i-yearly"] == ["2021-10-31"]  # open yearly: cut to the roadmap's period
    assert due["i-monthly"] == ["2021-03-28", "2021-04-28", "2021-05-28"]
    # W7: an open-ended item is due at the end of its period (here the roadmap's, 31.12.2021).
    assert due["i-open"] == ["2021-12-31"] and due["i-separate"] == []
    assert due["i-moved"] == ["2021-06-30"]
    done = items["i-deadline"]
    assert done["status"] == "done" and done["completed_on"] == "2021-02-14"
    assert done["started_on"] == "2021-02-14"
    assert done["evidence"] == [{"kind": "document", "reference": "Приказ № 31",
                                 "description": "утверждено"}]
    assert done["schedule"]["form"] == "deadline" and done["schedule"]["label"] == "До 15.02.2021"
    assert done["schedule"]["first_due"] == done["schedule"]["final_due"] == "2021-02-15"
    assert items["i-window"]["status"] == "in_progress"
    assert items["i-window"]["started_on"] == "2021-10-04"
    assert items["i-cancelled"]["status"] == "cancelled"
    assert items["i-cancelled"]["reason"] == "Не требуется"
    moved = items["i-moved"]
    assert moved["reschedules"] == 1 and moved["reason"] == "Перенос по итогам ВПР"
    assert moved["schedule"]["final_due"] == "2021-06-30"
    assert items["i-yearly"]["schedule"]["final_due"] is None
    assert items["i-open"]["schedule"]["definition"]["form"] == "open_ended"
    # Open with an occurrence missed by 1 July (W7): the monthly, the rescheduled item, and the
    # dates item whose 22.04 and 19.05 occurrences passed (its 15.09 one is still ahead).
    assert {k for k, i in items.items() if i["overdue"]} == {"i-monthly", "i-moved", "i-dates"}
    assert [o["status"] for o in items["i-dates"]["occurrences"]] == ["missed", "missed", "pending"]
    rm1 = next(r for r in body["roadmaps"] if r["roadmap"] == "rm-1")
    assert rm1["counts"] == {"total": 9, "done": 1, "in_progress": 1, "planned": 6,
                             "cancelled": 1, "overdue": 3, "closed_by_exit": 0}
    # Counts of occurrences: 1 deadline done on time; 3 monthly + 2 dates + 1 moved missed, and
    # the cancelled item's occurrence, due before the day it was cancelled (today), stays missed.
    assert {k: rm1["occurrences"][k] for k in ("on_time", "missed", "cancelled")} == {
        "on_time": 1, "missed": 7, "cancelled": 0}
    schools = {s["school"]: s for s in body["schools"]}
    assert schools["k-1"]["roadmaps"] == 1 and schools["k-1"]["counts"] == rm1["counts"]
    assert schools["k-2"]["counts"]["overdue"] == 1
    assert body["totals"]["total"] == 10 and body["totals"]["overdue"] == 4


def _without_derived(body):
    """The answer without what depends on as_of: the date itself, every overdue figure, the statuses
    of items and occurrences (judged from effective dates) and their counts."""
    body = {k: v for k, v in body.items() if k != "as_of"}

    def strip(counts):  # an item done after as_of was still open then (effective dates, W7)
        return {k: v for k, v in counts.items() if k not in ("overdue", "done", "in_progress", "planned")}

    def occurrences(item):  # an occurrence's status is judged for as_of too (W7)
        return [{k: v for k, v in o.items() if k != "status"} for o in item["occurrences"]]

    body["totals"] = strip(body["totals"])
    body.pop("occurrences")
    body["schools"] = [{**s, "counts": strip(s["counts"]), "occurrences": None} for s in body["schools"]]
    body["roadmaps"] = [
        {**r, "counts": strip(r["counts"]), "occurrences": None,
         "items": [{**{k: v for k, v in i.items() if k not in ("overdue", "status")},
                    "occurrences": occurrences(i)}
                   for i in r["items"]]}
        for r in body["roadmaps"]
    ]
    return body


def test_changing_as_of_changes_the_derived_statuses_and_nothing_else(built):
    early, late = answer(built, as_of="2021-02-01"), answer(built, as_of="2022-01-10")
    assert early["totals"]["overdue"] == 0
    # i-window, i-dates, i-monthly, i-moved, j-1, and now (W7) i-yearly, whose 2021 occurrence
    # was missed, and i-open, due at the end of 2021.
    assert late["totals"]["overdue"] == 7
    assert _without_derived(early) == _without_derived(late)


def test_as_of_defaults_to_today_in_the_tenant_zone(built):
    from datetime import date

    body = answer(built)
    assert date.fromisoformat(body["as_of"]) == today()


def test_a_school_user_sees_only_its_own_school(built):
    body = answer(built, school_user("k-2"))
    assert [r["roadmap"] for r in body["roadmaps"]] == ["rm-2"]
    assert [s["school"] for s in body["schools"]] == ["k-2"]
    assert body["totals"]["total"] == 1
    assert built.get(PATH, school_user("k-2"), school="k-1").status_code == 403
    filtered = answer(built, officer(), school="k-1")
    assert [r["roadmap"] for r in filtered["roadmaps"]] == ["rm-1"]


def test_other_tenants_and_regions_are_refused(built):
    assert built.get(PATH, officer("ru-16-leninogorsk")).status_code == 403
    assert built.get(PATH, operator("ru-67")).status_code == 403
    assert built.get(PATH, school_user("s-1", tenant="ru-16-leninogorsk")).status_code == 403
    assert built.get(PATH, None).status_code == 401
    assert built.get(PATH, operator()).status_code == 200


def test_csv_has_russian_headers_and_one_row_per_item(built):
    response = built.get(PATH, officer(), as_of="2021-06-01", format="csv")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    header = lines[0].split(";")
    for title in ("Школа", "Дорожная карта", "Направление", "Мероприятие", "Срок", "Статус",
                  "Выполнено", "Подтверждение"):
        assert title in header
    assert len(lines) == 1 + 10
    assert any("Приказ № 31" in line and "14.02.2021" in line for line in lines)
    assert any("просрочено" in line for line in lines)


def test_xlsx_opens_with_openpyxl(built):
    from openpyxl import load_workbook

    response = built.get(PATH, officer(), as_of="2021-06-01", format="xlsx")
    assert response.status_code == 200, response.text
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:3] == ("Код школы", "Школа", "Дорожная карта")
    assert len(rows) == 2 + 10


def test_the_roadmap_xlsx_prints_landscape_one_page_wide_with_typed_russian_cells(built):
    """An official prints it: landscape A4 fitted to the width, the header on every page, a title
    row with the tenant, the filter and the date, dates as date cells, names beside codes."""
    from datetime import datetime

    from openpyxl import load_workbook

    response = built.get(PATH, officer(), as_of="2021-06-01", format="xlsx", school="k-1")
    sheet = load_workbook(io.BytesIO(response.content)).active
    setup = sheet.page_setup
    assert (setup.orientation, setup.fitToWidth, setup.fitToHeight) == ("landscape", 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.print_title_rows == "$2:$2"
    assert sheet.freeze_panes == "A3" and sheet.auto_filter.ref.startswith("A2:")
    title = sheet.cell(1, 1).value
    assert "Кайбицкий муниципальный район" in title and "Школа k-1" in title and "01.06.2021" in title
    header = [cell.value for cell in sheet[2]]
    started = sheet.cell(3 + 0, header.index("Начато") + 1)
    dated = [sheet.cell(r, header.index("Начато") + 1) for r in range(3, sheet.max_row + 1)]
    dated = [c for c in dated if c.value not in (None, "")]
    assert dated and all(isinstance(c.value, datetime) and c.number_format == "DD.MM.YYYY" for c in dated)
    assert started.alignment.wrap_text
    assert {sheet.cell(r, 2).value for r in range(3, sheet.max_row + 1)} == {"Школа k-1"}
    assert {sheet.cell(r, 1).value for r in range(3, sheet.max_row + 1)} == {"k-1"}
    assert sheet.column_dimensions["E"].width >= len("Мероприятие")


def test_csv_for_russian_excel_by_default_and_rfc_4180_on_request(built):
    russian = built.get(PATH, officer(), as_of="2021-06-01", format="csv")
    assert russian.content.startswith(b"\xef\xbb\xbf")
    text = russian.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Код школы;Школа;")
    assert "14.02.2021" in text and "2021-02-14" not in text
    plain = built.get(PATH, officer(), as_of="2021-06-01", format="csv-rfc4180")
    assert plain.status_code == 200 and not plain.content.startswith(b"\xef\xbb\xbf")
    assert plain.headers["content-type"].startswith("text/csv")
    import csv

    rows = list(csv.reader(io.StringIO(plain.content.decode("utf-8"))))
    assert rows[0][:3] == ["Код школы", "Школа", "Дорожная карта"] and len(rows) == 1 + 10
    started = [row[rows[0].index("Начато")] for row in rows[1:]]
    assert "2021-10-04" in started and "04.10.2021" not in started
    assert plain.content.decode().count("\r\n") >= 11


def test_a_position_beyond_the_view_is_a_503_until_the_view_reaches_it(api, monkeypatch):
    monkeypatch.setattr(services.projections.http, "READ_YOUR_WRITES_TIMEOUT", 0.2)
    position = build(api)
    response = api.get(PATH, officer(), position=position)
    assert response.status_code == 503, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["type"] == "/problems/view-not-caught-up"
    api.project()
    caught_up = api.get(PATH, officer(), position=position, as_of="2021-06-01")
    assert caught_up.status_code == 200
    assert caught_up.json()["view_position"] >= position
    assert caught_up.json()["totals"]["total"] == 10


def test_the_demo_roadmap_of_kaybitsy_shows_every_item_with_its_due_dates(api):
    post_demo(api.backend, CommandExecutor(bundled_calendars()))
    api.project()
    body = answer(api, officer(), as_of="2021-12-31")
    roadmaps = {r["roadmap"]: r for r in body["roadmaps"]}
    assert set(roadmaps) == {"kaybitsy-fedorovskaya-2021", "kaybitsy-chuteevskaya-2021"}
    for roadmap in roadmaps.values():
        assert [i["item"] for i in roadmap["items"]] == [f"item-{n:02d}" for n in range(1, 21)]
        for item in roadmap["items"]:
            if item["schedule"]["form"] in ("deadline", "window", "dates", "yearly"):
                assert item["schedule"]["due_dates"], item
    fed = {i["item"]: i for i in roadmaps["kaybitsy-fedorovskaya-2021"]["items"]}
    assert fed["item-16"]["schedule"]["due_dates"] == [
        "2021-04-22", "2021-05-19", "2021-09-15", "2021-10-13", "2021-11-17"]
    assert fed["item-16"]["status"] == "done"
    chu = {i["item"]: i for i in roadmaps["kaybitsy-chuteevskaya-2021"]["items"]}
    assert chu["item-17"]["status"] == "cancelled"
    assert chu["item-06"]["reschedules"] == 1
