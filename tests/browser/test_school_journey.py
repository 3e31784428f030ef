"""The school user's journey in a real browser: «Что сделать», the monthly report, 403, sign-out."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from domain.roles import SCHOOL_USER
from services.auth import Principal
from tests.browser.conftest import DemoServer, Screenshots
from tests.browser.journeys import head_position, sign_in, sign_out

TENANT = "ru-16-kaybitsy"
SCHOOL = "kaybitsy-fedorovskaya"
HOME = f"/m/{TENANT}/schools/{SCHOOL}"
ME = Principal(f"user@{SCHOOL}", SCHOOL_USER, "ru-16", TENANT, SCHOOL)


def _report_row(server: DemoServer, period: str) -> dict:
    calendar = server.api(
        ME, f"/api/v1/tenants/{TENANT}/schedule?from={period}-01&to={period}-28"
            f"&school={SCHOOL}&kind=monthly_report",
    )
    (row,) = calendar["rows"]
    return row


def test_school_user_journey(page: Page, demo_server: DemoServer, shots: Screenshots) -> None:
    sign_in(page, demo_server, "Федоровская")
    expect(page).to_have_url(re.compile(HOME + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Что сделать")
    expect(page.locator(".site-header__role")).to_have_text("представитель школы")
    expect(page.locator(".site-header__scope")).to_contain_text("Кайбицкий муниципальный район")
    # The school is named, never shown by its code alone (header and page).
    expect(page.locator(".site-header__scope")).to_contain_text("Федоровская")
    expect(page.locator(".lead strong")).to_contain_text("Федоровская")
    expect(page.locator("main")).not_to_contain_text(SCHOOL)
    shots.take("home")

    # The month's obligations and the roadmap figures are the JSON API's for the same query.
    page.goto(demo_server.url + HOME + "?month=2021-10")
    expect(page.get_by_role("heading", name="Обязательства: октябрь 2021")).to_be_visible()
    calendar = demo_server.api(
        ME, f"/api/v1/tenants/{TENANT}/schedule?from=2021-10-01&to=2021-10-31&school={SCHOOL}"
    )
    rows = page.locator("#obligations tbody tr")
    expect(rows).to_have_count(len(calendar["rows"]))
    first = calendar["rows"][0]
    day, month, year = first["due_on"][8:], first["due_on"][5:7], first["due_on"][:4]
    expect(rows.first.locator("td").first).to_have_text(f"{day}.{month}.{year}")
    (roadmap,) = demo_server.api(ME, f"/api/v1/tenants/{TENANT}/roadmaps?school={SCHOOL}")["roadmaps"]
    expect(page.locator('[data-figure="done"]')).to_have_text(str(roadmap["counts"]["done"]))
    expect(page.locator('[data-figure="total"]')).to_have_text(str(roadmap["counts"]["total"]))
    shots.take("october-2021")

    # A mistake: a month that has not begun. The Russian sentence stands at the field, and in
    # the summary at the top; nothing is written.
    assert _report_row(demo_server, "2022-01")["status"] == "missed"
    head = head_position(demo_server, TENANT)
    page.get_by_role("link", name="Подать ежемесячный отчёт").click()
    page.get_by_label("Отчётный месяц").fill("2099-01")
    page.get_by_label("Что сделано за месяц").fill("Проведены все мероприятия января.")
    page.get_by_role("button", name="Отправить отчёт").click()
    message = "Этот отчётный период ещё не начался: отчёт за него подать нельзя."
    expect(page.locator("#period-error")).to_contain_text(message)
    expect(page.locator(".error-summary")).to_contain_text(message)
    expect(page.get_by_label("Отчётный месяц")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Что сделано за месяц")).to_have_value("Проведены все мероприятия января.")
    shots.take("report-refused")
    assert head_position(demo_server, TENANT) == head

    # Right this time: the report is written once, and the next page shows it at once.
    page.get_by_label("Отчётный месяц").fill("2022-01")
    page.get_by_role("button", name="Отправить отчёт").click()
    expect(page.get_by_role("status")).to_have_text("Отчёт отправлен и записан.")
    expect(page.get_by_role("heading", name="Обязательства: январь 2022")).to_be_visible()
    report = page.locator("#obligations tbody tr", has_text="Отчёт об исполнении")
    expect(report.locator(".tag")).to_have_text("выполнено с опозданием")
    assert _report_row(demo_server, "2022-01")["status"] == "late"
    assert head_position(demo_server, TENANT) == head + 1
    shots.take("report-filed")

    # Another school of the same municipality, and another municipality: the same 403 page.
    for foreign in (f"/m/{TENANT}/schools/kaybitsy-chuteevskaya", "/m/ru-16-leninogorsk/schools/x"):
        answer = page.goto(demo_server.url + foreign)
        assert answer is not None and answer.status == 403
        expect(page.get_by_role("heading", level=1)).to_have_text("Нет доступа")
    shots.take("foreign-403")

    sign_out(page, demo_server, HOME)
    shots.take("signed-out")
