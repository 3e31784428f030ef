"""The monitoring calendar in a real browser: the officer's month grid (Monday first, Russian
names, statuses in words) and list, the school's own calendar, a foreign school's 403; axe-core."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import DemoServer, Screenshots
from tests.browser.journeys import sign_in
from tests.browser.test_accessibility import serious

TENANT, SCHOOL = "ru-16-kaybitsy", "kaybitsy-fedorovskaya"
STATUS_WORDS = re.compile(r"(предстоит|выполнено в срок|выполнено с опозданием|пропущено|отменено|срок прошёл|выполнено)$")


def test_the_officer_reads_the_monitoring_calendar_as_a_month_grid_and_a_list(
    page: Page, demo_server: DemoServer, shots: Screenshots
) -> None:
    found: list[str] = []
    sign_in(page, demo_server, "officer.kaybitsy@")
    page.get_by_role("link", name="Календарь мониторинга").click()
    expect(page).to_have_url(re.compile(f"/m/{TENANT}/calendar$"))
    page.goto(demo_server.url + f"/m/{TENANT}/calendar?month=2021-10")
    expect(page.get_by_role("heading", level=2, name="Октябрь 2021")).to_be_visible()
    headers = page.locator("#calendar-grid thead th")
    expect(headers).to_have_text(["пн", "вт", "ср", "чт", "пт", "сб", "вс"])
    # 1 October 2021 was a Friday: the first week starts on Monday 27 September.
    expect(page.locator("#calendar-grid tbody tr").first.locator("td").first).to_have_attribute(
        "data-day", "2021-09-27")
    entries = page.locator("#calendar-grid li")
    expect(entries.first).to_be_visible()
    for index in range(entries.count()):
        expect(entries.nth(index).locator(".tag")).to_have_text(STATUS_WORDS)
    found += serious(page)
    shots.take("grid")
    page.get_by_role("link", name="следующий месяц →").click()
    expect(page.get_by_role("heading", level=2, name="Ноябрь 2021")).to_be_visible()
    page.get_by_role("link", name="Показать списком").click()
    expect(page.locator("#calendar-list")).to_be_visible()
    found += serious(page)
    shots.take("list")
    page.get_by_role("button", name="Выйти").click()

    sign_in(page, demo_server, f"user.{SCHOOL}@")
    page.get_by_role("link", name="Календарь мониторинга школы").click()
    expect(page).to_have_url(re.compile(f"/m/{TENANT}/schools/{SCHOOL}/calendar$"))
    found += serious(page)
    page.goto(demo_server.url + f"/m/{TENANT}/schools/kaybitsy-chuteevskaya/calendar")
    expect(page.get_by_role("heading", level=1)).to_have_text("Нет доступа")
    assert found == []
