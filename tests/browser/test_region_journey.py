"""The regional operator's journey in a real browser: «Обзор региона» against the JSON API, drill
down to a municipality and a school, the register's search, a download, live update, 403, sign-out."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from playwright.sync_api import Page, expect

from domain.roles import REGION_OPERATOR, SCHOOL_USER
from services.auth import Principal, ensure_development_key, mint_token
from tests.browser.conftest import DemoServer, Screenshots
from tests.browser.journeys import sign_in, sign_out
from tests.browser.test_accessibility import serious

REGION = "ru-16"
OPERATOR = Principal("operator@ru-16", REGION_OPERATOR, REGION)
OVERVIEW = f"/r/{REGION}/overview"
FIGURES = ("with_partner", "with_agreement", "roadmap_items", "reports_on_time", "visits")
TENANT, SCHOOL = "ru-16-kaybitsy", "kaybitsy-chuteevskaya"


def _figures_match_the_api(page: Page, server: DemoServer) -> None:
    """Every municipality's and the total's figures are the JSON API's for the same business date."""
    as_of = page.locator("#municipalities").get_attribute("data-as-of")
    answer = server.api(OPERATOR, f"/api/v1/regions/{REGION}/overview?as_of={as_of}")
    for row in [*answer["municipalities"], answer["total"]]:
        shown = page.locator(f'#municipalities tr[data-tenant="{row["tenant_id"]}"]')
        expect(shown.locator('[data-figure="identified"]')).to_have_text(str(row["identified_schools"]))
        for figure in FIGURES:
            cell = shown.locator(f'[data-figure="{figure}"]')
            expect(cell).to_have_attribute("data-count", str(row[figure]["count"]))
            expect(cell).to_have_attribute("data-of", str(row[figure]["of"]))


def _a_school_files_a_report(server: DemoServer) -> None:
    principal = Principal(f"user@{SCHOOL}", SCHOOL_USER, REGION, TENANT, SCHOOL)
    token = mint_token(ensure_development_key(server.settings.dev_key_path), principal)
    answer = httpx.post(
        f"{server.url}/api/v1/tenants/{TENANT}/commands",
        json={"type": "file_report", "school": SCHOOL, "kind": "monthly_roadmap", "period": "2026-09",
              "summary": "Выполнены мероприятия сентября"},
        headers={"Authorization": f"Bearer {token}"}, timeout=30,
    )
    assert answer.status_code == 201, answer.text


def test_regional_operator_journey(page: Page, demo_server: DemoServer, shots: Screenshots) -> None:
    found: list[str] = []
    sign_in(page, demo_server, "operator.ru16@")
    expect(page).to_have_url(re.compile(f"/r/{REGION}$"))
    page.get_by_role("link", name="Обзор региона").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Обзор региона")
    _figures_match_the_api(page, demo_server)
    # Not colour alone: every figure says its status in words; the trends have their numbers.
    expect(page.locator("#municipalities .band").first).to_have_text(
        re.compile(r"(в норме|требует внимания|отстаёт|нет данных)$"))
    expect(page.locator("#trends tbody tr")).to_have_count(12)
    found += serious(page)
    shots.take("overview")

    # Live: the page's script follows the overview's stream with the session cookie alone; a
    # report filed elsewhere advances the figures and the tables are read again in place.
    expect(page.locator("#live")).to_have_attribute("data-live", "on")
    _a_school_files_a_report(demo_server)
    expect(page.locator("#live-status")).to_contain_text("Данные обновлены", timeout=20_000)
    _figures_match_the_api(page, demo_server)

    # The overview's table downloads as the API exports it.
    with page.expect_download() as download:
        page.locator("#overview").get_by_role("link", name="CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert text.startswith("Муниципалитет;Школ ШНОР/ШФНСУ") and "Итого по региону" in text

    # Drill down: a municipality's «Мои задачи», then one of its schools.
    page.get_by_role("link", name="Кайбицкий муниципальный район").first.click()
    expect(page).to_have_url(re.compile(f"/m/{TENANT}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Мои задачи")
    page.locator("#schools").get_by_role("link", name="МБОУ «Чутеевская СОШ»").click()
    expect(page).to_have_url(re.compile(f"/m/{TENANT}/schools/{SCHOOL}$"))
    shots.take("school")

    # The region's register: search by name (ё/е and case folded), then download what is shown.
    page.goto(demo_server.url + f"/r/{REGION}/schools")
    expect(page.get_by_role("heading", level=1)).to_have_text("Реестр школ региона")
    found += serious(page)
    page.get_by_label("Название школы").fill("чутеевская")
    page.get_by_role("button", name="Найти").click()
    expect(page.locator("#schools tbody tr")).to_have_count(1)
    expect(page.locator("#found")).to_contain_text("Найдено: 1 школа")
    shots.take("register-search")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    lines = Path(download.value.path()).read_text(encoding="utf-8-sig").strip().splitlines()
    assert len(lines) == 2 and "Чутеевская" in lines[1]

    # Programmes and their targets, in words.
    page.goto(demo_server.url + OVERVIEW)
    page.get_by_role("link", name="Программы и цели").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Программы и цели")
    expect(page.locator("table.programme").first).to_be_visible()
    found += serious(page)
    shots.take("programmes")

    # Another region's address: the Russian 403 page, which names nothing behind it.
    page.goto(demo_server.url + "/r/ru-67/overview")
    expect(page.get_by_role("heading", level=1)).to_have_text("Нет доступа")
    assert "Смоленск" not in page.content()
    shots.take("forbidden")
    sign_out(page, demo_server, OVERVIEW)
    assert found == []


def test_the_identification_assistant_and_the_contest_are_read_pages_with_reasons(
    page: Page, demo_server: DemoServer, shots: Screenshots
) -> None:
    found: list[str] = []
    operator = Principal("operator@ru-38", REGION_OPERATOR, "ru-38")
    sign_in(page, demo_server, "operator.ru38@")
    page.goto(demo_server.url + "/r/ru-38/overview")
    page.get_by_role("link", name="Помощник отбора школ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Помощник отбора школ")
    answer = demo_server.api(operator, "/api/v1/tenants/ru-38/identification-proposals?year=2020")
    proposed = [s["school"] for s in answer["schools"] if s["proposed"]]
    expect(page.locator('#proposals tr[data-proposed="yes"]')).to_have_count(len(proposed))
    for school in proposed:
        expect(page.locator(f'#proposals tr[data-school="{school}"]')).to_contain_text("предложена")
    found += serious(page)
    shots.take("identification")
    page.get_by_role("link", name="Конкурс базовых площадок").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Конкурс базовых площадок")
    contests = demo_server.api(operator, "/api/v1/tenants/ru-38/contests")["contests"]
    ranked = sum(len(c["applications"]) for c in contests)
    assert ranked > 0
    expect(page.locator("table.contest tbody tr")).to_have_count(ranked)
    found += serious(page)
    shots.take("contest")
    assert found == []
