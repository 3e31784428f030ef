"""The forms' lists of any length, facts from paper and the record's version, in a real browser.

A municipal officer puts a document on an approval sheet with four approvers: the generated form
offers three rows, «Добавить строку» draws a fourth (and a fifth, which «Убрать последнюю строку»
takes away) keeping what was typed and writing nothing. The sheet is entered from paper with its
earlier date (`transcribed`): a day in the future is refused at its field, nothing written; the
right day is the sheet's submission date. Then the officer signs it off at the version they read
(`expected_version`): a wrong version is refused at its field, nothing written; the right one signs.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from playwright.sync_api import Page, expect

from domain.roles import MUNICIPAL_OFFICER
from services.auth import Principal
from tests.browser.conftest import DemoServer, Screenshots
from tests.browser.journeys import head_position, sign_in, sign_out
from tests.browser.test_accessibility import serious

TENANT = "ru-16-kaybitsy"
OFFICER = Principal("officer.kaybitsy@example.org", MUNICIPAL_OFFICER, "ru-16", TENANT)
SHEET = "sheet-network-rules"
APPROVERS = [("officer.kaybitsy@example.org", "методист", "Отдел образования"),
             ("director@kaybitsy-fedorovskaya", "директор", "МБОУ «Федоровская СОШ»"),
             ("director@kaybitsy-bolshekaybitskaya", "директор", "МБОУ «Большекайбицкая СОШ»"),
             ("lawyer@kaybitsy", "юрист", "Исполнительный комитет")]


def _today(server: DemoServer) -> date:
    return date.fromisoformat(server.api(OFFICER, f"/api/v1/tenants/{TENANT}/registers/visits")["as_of"])


def _refused(page: Page, field_id: str, message: str, found: list[str]) -> None:
    expect(page.locator(f"#{field_id}-error")).to_contain_text(message)
    expect(page.locator(".error-summary")).to_contain_text(message)
    expect(page.locator(f"#{field_id}")).to_have_attribute("aria-invalid", "true")
    found += serious(page)


def _sheet(server: DemoServer) -> dict:
    rows = server.api(OFFICER, f"/api/v1/tenants/{TENANT}/registers/approvals?limit=500")["rows"]
    (row,) = [r for r in rows if r["sheet"] == SHEET]
    return row


def _fill_row(page: Page, row: int) -> None:
    for field, value in zip(("subject", "position", "organisation"), APPROVERS[row], strict=True):
        page.locator(f"#f-approvers-{row}-{field}").fill(value)


def _four_rows(page: Page, server: DemoServer, found: list[str]) -> None:
    """Three rows drawn; one more, then one more and one less, each time with what was typed."""
    page.goto(server.url + f"/m/{TENANT}/forms/submit_for_approval")
    expect(page.locator("#f-approvers-2-subject")).to_have_count(1)
    expect(page.locator("#f-approvers-3-subject")).to_have_count(0)
    page.locator("#f-sheet").fill(SHEET)
    page.get_by_label("Вид документа").select_option("other")
    page.locator("#f-document-key").fill("network-rules-2021")
    page.locator("#f-document-title").fill("Положение о сетевом взаимодействии школ")
    for row in range(3):
        _fill_row(page, row)
    head = head_position(server, TENANT)
    page.get_by_role("button", name="Добавить строку «Согласующие»").click()
    expect(page.locator("#f-approvers-3-subject")).to_have_value("")
    for row in range(3):
        expect(page.locator(f"#f-approvers-{row}-subject")).to_have_value(APPROVERS[row][0])
    expect(page.locator("#f-document-title")).to_have_value("Положение о сетевом взаимодействии школ")
    _fill_row(page, 3)
    page.get_by_role("button", name="Добавить строку «Согласующие»").click()
    expect(page.locator("#f-approvers-4-subject")).to_have_count(1)
    expect(page.get_by_role("group", name="Согласующие: строка 5")).to_be_visible()
    found += serious(page)
    page.get_by_role("button", name="Убрать последнюю строку «Согласующие»").click()
    expect(page.locator("#f-approvers-4-subject")).to_have_count(0)
    expect(page.locator("#f-approvers-3-organisation")).to_have_value(APPROVERS[3][2])
    assert head_position(server, TENANT) == head  # drawing rows writes nothing


def test_a_list_of_any_length_a_fact_from_paper_and_the_version_from_the_forms(
    page: Page, demo_server: DemoServer, shots: Screenshots
) -> None:
    found: list[str] = []
    today = _today(demo_server)
    sign_in(page, demo_server, "officer.kaybitsy@")
    _four_rows(page, demo_server, found)
    shots.take("four-rows")

    # From paper: the envelope opens; a day in the future is refused at its field.
    head = head_position(demo_server, TENANT)
    page.locator("#envelope > summary").click()
    page.get_by_label("День, когда факт произошёл").fill((today + timedelta(days=5)).isoformat())
    page.get_by_label("Почему факт вносится сейчас").fill("Лист согласования вёлся на бумаге")
    page.get_by_label("Реквизиты бумажного источника: №").fill("15")
    earlier = today - timedelta(days=30)
    page.get_by_label("Реквизиты бумажного источника: подписан").fill(earlier.isoformat())
    page.get_by_role("button", name="Направить документ на согласование").click()
    _refused(page, "f-transcribed-effective_on", "День факта не может быть позже сегодняшнего дня", found)
    expect(page.locator("#envelope")).to_have_attribute("open", "")
    expect(page.locator("#f-approvers-3-subject")).to_have_value(APPROVERS[3][0])  # four rows kept
    shots.take("paper-refused")
    assert head_position(demo_server, TENANT) == head
    page.get_by_label("День, когда факт произошёл").fill(earlier.isoformat())
    page.get_by_role("button", name="Направить документ на согласование").click()
    expect(page.get_by_role("status")).to_have_text("Записано: направить документ на согласование.")
    assert head_position(demo_server, TENANT) == head + 1
    sheet = _sheet(demo_server)
    assert [a["subject"] for a in sheet["approvers"]] == [a[0] for a in APPROVERS]
    assert sheet["submitted_on"] == earlier.isoformat()  # decided as on the day from paper
    shots.take("sheet-submitted")

    # At the version read: a wrong one is refused at its field, nothing written; the right signs.
    page.goto(demo_server.url + f"/m/{TENANT}/forms/sign_off?sheet={SHEET}")
    head = head_position(demo_server, TENANT)
    page.locator("#envelope > summary").click()
    page.get_by_label("Версия записи").fill("7")
    page.get_by_role("button", name=re.compile("^Согласовать")).click()
    _refused(page, "f-expected_version", "Запись уже изменилась после этой версии", found)
    shots.take("version-refused")
    assert head_position(demo_server, TENANT) == head
    page.get_by_label("Версия записи").fill("1")
    page.get_by_role("button", name=re.compile("^Согласовать")).click()
    expect(page.get_by_role("status")).to_have_text(re.compile("^Записано: согласовать"))
    assert head_position(demo_server, TENANT) == head + 1
    assert _sheet(demo_server)["approvers"][0]["signed_on"] == today.isoformat()
    sign_out(page, demo_server, f"/m/{TENANT}/actions")
    assert found == []
