"""The municipal officer's journey in a real browser: «Мои задачи», «Принять отчёт», 403, sign-out."""

from __future__ import annotations

import re

import httpx
from playwright.sync_api import Page, expect

from domain.roles import MUNICIPAL_OFFICER, SCHOOL_USER
from services.auth import Principal, ensure_development_key, mint_token
from tests.browser.conftest import DemoServer, Screenshots
from tests.browser.journeys import head_position, sign_in, sign_out

TENANT = "ru-16-kaybitsy"
HOME = f"/m/{TENANT}"
OFFICER = Principal("officer@kaybitsy", MUNICIPAL_OFFICER, "ru-16", TENANT)
SCHOOL = "kaybitsy-chuteevskaya"
SCHOOL_NAME = "МБОУ «Чутеевская СОШ»"


def _school_files_a_report(server: DemoServer, period: str) -> None:
    """The school files through the JSON API, as a client of its own would."""
    principal = Principal(f"user@{SCHOOL}", SCHOOL_USER, "ru-16", TENANT, SCHOOL)
    token = mint_token(ensure_development_key(server.settings.dev_key_path), principal)
    answer = httpx.post(
        f"{server.url}/api/v1/tenants/{TENANT}/commands",
        json={"type": "file_report", "school": SCHOOL, "kind": "monthly_roadmap", "period": period,
              "summary": "Выполнены мероприятия месяца"},
        headers={"Authorization": f"Bearer {token}"}, timeout=30,
    )
    assert answer.status_code == 201, answer.text


def test_municipal_officer_journey(page: Page, demo_server: DemoServer, shots: Screenshots) -> None:
    _school_files_a_report(demo_server, "2026-10")
    _school_files_a_report(demo_server, "2026-11")
    sign_in(page, demo_server, "officer.kaybitsy@")
    expect(page).to_have_url(re.compile(HOME + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Мои задачи")

    # The figures are the JSON API's for the same query; the report filed waits here.
    page.goto(f"{demo_server.url}{HOME}?position={head_position(demo_server, TENANT)}")
    totals = demo_server.api(OFFICER, f"/api/v1/tenants/{TENANT}/roadmaps")["totals"]
    expect(page.locator('[data-figure="done"]')).to_have_text(str(totals["done"]))
    expect(page.locator('[data-figure="total"]')).to_have_text(str(totals["total"]))
    waiting = page.locator("#reports tbody tr", has_text=SCHOOL_NAME).filter(has_text="2026-10")
    expect(waiting).to_have_count(1)
    expect(waiting.locator("td").nth(3)).to_have_text(re.compile(r"^\d\d\.\d\d\.\d{4}$"))
    shots.take("home")

    # Returning a report needs remarks: without them the Russian sentence stands at the field
    # of that report's row, and nothing is written; with them the report leaves the list.
    other = page.locator("#reports tbody tr", has_text=SCHOOL_NAME).filter(has_text="2026-11")
    head = head_position(demo_server, TENANT)
    other.get_by_text("Вернуть на доработку", exact=True).first.click()
    other.get_by_role("button", name="Вернуть на доработку").click()
    remarks = page.get_by_label("Что исправить").and_(page.locator(f"#remarks-{SCHOOL}-2026-11"))
    expect(page.locator(f"#remarks-{SCHOOL}-2026-11-error")).to_contain_text(
        "Напишите, что исправить в отчёте (до 2000 знаков).")
    expect(page.locator(".error-summary")).to_contain_text("Напишите, что исправить в отчёте")
    expect(remarks).to_have_attribute("aria-invalid", "true")
    shots.take("return-refused")
    assert head_position(demo_server, TENANT) == head
    remarks.fill("Приложите протокол заседания методического объединения.")
    other.get_by_role("button", name="Вернуть на доработку").click()
    expect(page.get_by_role("status")).to_have_text("Отчёт возвращён на доработку.")
    expect(page.locator("#reports tbody tr", has_text=SCHOOL_NAME).filter(has_text="2026-11")).to_have_count(0)
    assert head_position(demo_server, TENANT) == head + 1

    # A second tab opened on the same list: after the first accepts, its button is refused at
    # the report with a Russian sentence, and nothing more is written.
    stale = page.context.new_page()
    stale.goto(demo_server.url + HOME)
    waiting.get_by_role("button", name=re.compile("Принять отчёт")).click()
    expect(page.get_by_role("status")).to_have_text("Отчёт принят.")
    expect(page.locator("#reports tbody tr", has_text=SCHOOL_NAME).filter(has_text="2026-10")).to_have_count(0)
    shots.take("accepted")
    head = head_position(demo_server, TENANT)
    old = stale.locator("#reports tbody tr", has_text=SCHOOL_NAME).filter(has_text="2026-10")
    old.get_by_role("button", name=re.compile("Принять отчёт")).click()
    expect(stale.locator(".error-summary")).to_contain_text(
        "Этот отчёт уже принят или возвращён на доработку.")
    stale.screenshot(path=str(shots.folder / "03-accepted-twice-refused.png"), full_page=True)
    assert head_position(demo_server, TENANT) == head
    stale.close()

    # Another municipality, a region tenant, an unknown one: the same Russian 403 page.
    for foreign in ("/m/ru-16-leninogorsk", "/m/ru-16", "/m/ru-99-nowhere"):
        answer = page.goto(demo_server.url + foreign)
        assert answer is not None and answer.status == 403
        expect(page.get_by_role("heading", level=1)).to_have_text("Нет доступа")
    shots.take("foreign-403")

    sign_out(page, demo_server, HOME)
    shots.take("signed-out")
