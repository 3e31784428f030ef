"""Registers of schools and partnerships over HTTP (issue 11 item 1): search, filters, pages, exports."""

from __future__ import annotations

import pytest

from tests.e2e.helpers import REGION, TENANT, officer, operator
from tests.e2e.registers import (
    BY_NAME,
    KAYBITSY_SCHOOLS,
    LENINOGORSK,
    csv_rows,
    register,
    seed,
    xlsx_rows,
)


@pytest.fixture
def seeded(api):
    return seed(api)


def _codes(body):
    return [row["school"] for row in body["rows"]]


@pytest.mark.parametrize("q", ["федоровская", "ФЁДОРОВСКАЯ", "Фёдоровская сош", "МБОУ федор"])
def test_search_by_name_is_case_and_yo_insensitive(seeded, q):
    body = register(seeded, "schools", officer(), q=q)
    assert _codes(body) == ["k-fed"]
    assert body["page"]["total"] == 1


def test_schools_are_listed_in_a_stable_order_by_name(seeded):
    assert _codes(register(seeded, "schools", officer())) == BY_NAME


def test_filters_by_category_cohort_and_agreement_status_on_as_of(seeded):
    assert _codes(register(seeded, "schools", officer(), category="low_results")) == ["k-fed"]
    assert _codes(register(seeded, "schools", officer(), category="adverse_conditions")) == ["k-chu"]
    assert _codes(register(seeded, "schools", officer(), category="leader_school")) == ["k-bol"]
    assert _codes(register(seeded, "schools", officer(), cohort=2020)) == ["k-chu"]
    for as_of, status in (("2021-06-01", "in_force"), ("2021-11-01", "expiring"), ("2022-01-01", "expired")):
        body = register(seeded, "schools", officer(), as_of=as_of, agreement=status)
        assert _codes(body) == ["k-fed"], (as_of, status)
    assert _codes(register(seeded, "schools", officer(), as_of="2021-06-01", agreement="expiring")) == []


def test_a_school_row_shows_identification_partner_agreement_and_people(seeded):
    row = register(seeded, "schools", officer(), q="федоровская", as_of="2021-11-15")["rows"][0]
    assert row["short_name"] == "Фёдоровская СОШ"
    assert row["categories"] == ["low_results"] and row["cohort_year"] == 2021
    assert row["basis"]["number"] == "20/2" and row["risk_factors"] == ["teacher_shortage"]
    assert row["partner_school"] == "k-bol" and row["partner_name"] == KAYBITSY_SCHOOLS["k-bol"]
    assert row["agreement"] == {"number": "С-1/2021", "concluded_on": "2021-02-25",
                                "term_until": "2021-12-31", "status": "expiring", "extensions": 0}
    assert [(p["role"], p["full_name"]) for p in row["people"]] == [
        ("coordinator", "Григорьева А.В."), ("curator", "Сибгатуллина М.Д."),
        ("municipal_coordinator", "Петрова С.Т.")]
    partner = register(seeded, "schools", officer(), q="большекайбицкая")["rows"][0]
    assert partner["supports"] == ["k-fed"] and partner["designations"] == ["leader_school"]


def test_pages_cover_every_row_once_with_the_total(seeded):
    pages = [register(seeded, "schools", officer(), limit=2, page=n) for n in (1, 2, 3, 4)]
    assert [p["page"]["total"] for p in pages] == [5] * 4
    assert [p["page"]["pages"] for p in pages] == [3] * 4
    assert [_codes(p) for p in pages] == [BY_NAME[0:2], BY_NAME[2:4], BY_NAME[4:], []]


def test_csv_export_has_every_matching_row_with_russian_headers(seeded):
    response = seeded.get(f"/api/v1/tenants/{TENANT}/registers/schools", officer(),
                          format="csv", limit=1, category="low_results")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    header, *rows = csv_rows(response.content)
    assert header[:3] == ["Муниципалитет", "Код", "Наименование"]
    assert [row[1] for row in rows] == ["k-fed"]
    assert rows[0][header.index("Координатор")] == "Григорьева А.В."
    everything = csv_rows(seeded.get(f"/api/v1/tenants/{TENANT}/registers/schools", officer(),
                                     format="csv", limit=1).content)
    assert [row[1] for row in everything[1:]] == BY_NAME


def test_xlsx_export_has_a_title_row_a_frozen_header_and_the_rows(seeded):
    response = seeded.get(f"/api/v1/tenants/{TENANT}/registers/schools", officer(),
                          format="xlsx", as_of="2021-06-01")
    assert response.status_code == 200
    sheet, rows = xlsx_rows(response.content)
    assert "Кайбицкий муниципальный район" in rows[0][0] and "01.06.2021" in rows[0][0]
    assert rows[1][:3] == ["Муниципалитет", "Код", "Наименование"]
    assert [row[1] for row in rows[2:]] == BY_NAME
    assert sheet.freeze_panes == "A3"
    assert sheet.column_dimensions["C"].width > len("Наименование")
    status = rows[1].index("Статус соглашения")
    assert [row[status] for row in rows[2:] if row[1] == "k-fed"] == ["действует"]
    term = rows[1].index("Срок соглашения")
    assert [row[term] for row in rows[2:] if row[1] == "k-fed"][0].startswith("25.02.2021 – ")
    assert sheet.print_title_rows == "$2:$2" and sheet.page_setup.fitToWidth == 1


def test_the_partner_school_list_of_000_appendix_1_in_its_columns(seeded):
    response = seeded.get(f"/api/v1/tenants/{TENANT}/registers/partner-schools", officer(), format="csv")
    assert csv_rows(response.content) == [
        ["№ п/п", "Наименование «слабой» школы",
         "Ф.И.О., занимаемая должность, ответственного исполнителя (координатора) в ШНР",
         "Наименование «сильной» школы, закрепленной",
         "Ф.И.О., занимаемая должность, ответственного исполнителя (куратора) в школе-партнере"],
        ["1", "МБОУ «Фёдоровская СОШ»", "Григорьева А.В.", "МБОУ «Большекайбицкая СОШ»", "Сибгатуллина М.Д."],
        ["2", "МБОУ «Чутеевская СОШ»", "Шарафутдинова Л.Т., заместитель директора",
         "МБОУ «Хозесановская СОШ»", "Кальчева В.В."],
    ]
    _, rows = xlsx_rows(seeded.get(f"/api/v1/tenants/{TENANT}/registers/partner-schools", officer(),
                                   format="xlsx").content)
    assert rows[0][0].startswith("Перечень школ-партнеров: Кайбицкий муниципальный район")
    assert [row[1] for row in rows[2:]] == ["МБОУ «Фёдоровская СОШ»", "МБОУ «Чутеевская СОШ»"]


def test_partnerships_register_shows_agreement_deadline_and_filters(seeded):
    body = register(seeded, "partnerships", officer(), as_of="2021-12-01")
    assert [r["partnership"] for r in body["rows"]] == ["p-fed", "p-chu"]
    fed = body["rows"][0]
    assert fed["deadline"] == "2021-12-31" and fed["days_left"] == 30
    assert fed["agreement"]["status"] == "expiring"
    assert [r["partnership"] for r in register(seeded, "partnerships", officer(), agreement="none")["rows"]] \
        == ["p-chu"]
    assert [r["partnership"] for r in register(seeded, "partnerships", officer(), q="хозесановская")["rows"]] \
        == ["p-chu"]
    assert register(seeded, "partnerships", officer(), status="concluded")["page"]["total"] == 1


def test_the_region_sees_every_municipality_of_its_region_and_filters_by_one(seeded):
    url = f"/api/v1/regions/{REGION}/registers/schools"
    body = seeded.get(url, operator()).json()
    assert [r["school"] for r in body["rows"]] == ["k-ara", "k-bol", "len-10", "k-fed", "k-hoz", "k-chu"]
    assert "smol-1" not in str(body)
    one = seeded.get(url, operator(), municipality=LENINOGORSK).json()
    assert [r["school"] for r in one["rows"]] == ["len-10"]
    assert one["rows"][0]["municipality"] == "Лениногорский муниципальный район"
    partnerships = seeded.get(f"/api/v1/regions/{REGION}/registers/partnerships", operator()).json()
    assert {r["partnership"] for r in partnerships["rows"]} == {"p-fed", "p-chu"}
