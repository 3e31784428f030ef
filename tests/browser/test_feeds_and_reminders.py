"""«Календарь и напоминания» in a real browser: a school user makes their iCal feed link (the
feed opens in a calendar program, no header needed), revokes it (it opens nothing), subscribes to
reminders (a bad address refused at its field, nothing written; right, the subscription shown) and
switches them off; an officer makes a link for one school of the municipality. axe-core on every page."""

from __future__ import annotations

import re

import httpx
from playwright.sync_api import Page, expect

from tests.browser.conftest import DemoServer, Screenshots
from tests.browser.journeys import head_position, sign_in, sign_out
from tests.browser.test_accessibility import serious

TENANT = "ru-16-kaybitsy"
SCHOOL = "kaybitsy-fedorovskaya"
FEEDS = f"/m/{TENANT}/feeds"


def _refused(page: Page, field_id: str, message: str, found: list[str]) -> None:
    expect(page.locator(f"#{field_id}-error")).to_contain_text(message)
    expect(page.locator(".error-summary")).to_contain_text(message)
    found += serious(page)


def test_a_school_users_feed_link_and_reminders(page: Page, demo_server: DemoServer, shots: Screenshots) -> None:
    found: list[str] = []
    sign_in(page, demo_server, "Федоровская")
    page.goto(demo_server.url + f"/m/{TENANT}/schools/{SCHOOL}")
    page.get_by_role("link", name="Календарь в телефоне и напоминания").click()
    expect(page).to_have_url(re.compile(FEEDS + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Календарь и напоминания")
    found += serious(page)

    # A feed link of the school's own deadlines, shown once; a calendar program opens it.
    page.get_by_role("button", name="Создать ссылку на календарь").click()
    url = page.get_by_label("Ссылка на календарь").input_value()
    assert url.startswith(demo_server.url + "/feeds/") and url.endswith("/calendar.ics")
    token = url.split("/feeds/")[1].split("/")[0]
    assert token not in page.url  # the token is on the page, never in its address
    feed = httpx.get(url, timeout=30)
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VCALENDAR" in feed.text
    expect(page.locator("#tokens tbody tr")).to_have_count(1)
    expect(page.locator("#tokens tbody tr").first).to_contain_text("действует")
    found += serious(page)
    shots.take("feed-issued")
    page.locator("#tokens tbody tr").first.get_by_role("button", name=re.compile("^Отозвать ссылку")).click()
    expect(page.get_by_role("status")).to_contain_text("Записано: отозвать ссылку на календарь.")
    expect(page.locator("#tokens tbody tr").first).to_contain_text("отозвана")
    assert httpx.get(url, timeout=30).status_code == 404
    shots.take("feed-revoked")

    # Reminders: a bad address is refused at its field, nothing written; right, subscribed.
    page.get_by_role("link", name="Подписаться на напоминания").click()
    found += serious(page)
    head = head_position(demo_server, TENANT)
    page.get_by_label("Фамилия, имя, отчество").fill("Иванова Мария Петровна")
    page.get_by_label("Электронная почта").fill("не адрес")
    page.get_by_role("button", name="Получать напоминания по электронной почте").click()
    _refused(page, "f-email", "Укажите адрес электронной почты", found)
    assert head_position(demo_server, TENANT) == head
    shots.take("subscribe-refused")
    page.get_by_label("Электронная почта").fill("fedorovskaya@example.ru")
    page.get_by_role("button", name="Получать напоминания по электронной почте").click()
    expect(page).to_have_url(re.compile(FEEDS + r"\?position=\d+&done=subscribe_reminders$"))
    expect(page.get_by_role("status")).to_contain_text("Записано: получать напоминания по электронной почте.")
    expect(page.locator("#subscription")).to_contain_text("сейчас они включены")
    assert head_position(demo_server, TENANT) == head + 1
    found += serious(page)
    shots.take("subscribed")
    page.get_by_role("link", name="Выключить напоминания").click()
    page.get_by_role("button", name="Включить или выключить напоминания").click()
    expect(page.locator("#subscription")).to_contain_text("сейчас они выключены")
    expect(page.get_by_role("link", name="Включить напоминания")).to_be_visible()
    sign_out(page, demo_server, FEEDS)
    assert found == []


def test_an_officers_feed_link_for_one_school(page: Page, demo_server: DemoServer, shots: Screenshots) -> None:
    sign_in(page, demo_server, "officer.kaybitsy@")
    page.goto(demo_server.url + f"/m/{TENANT}")
    page.get_by_role("link", name="Календарь в телефоне и напоминания").click()
    page.get_by_label("Чьи сроки").select_option(SCHOOL)
    chosen = page.get_by_label("Чьи сроки").locator("option:checked").inner_text()
    page.get_by_role("button", name="Создать ссылку на календарь").click()
    url = page.get_by_label("Ссылка на календарь").input_value()
    assert httpx.get(url, timeout=30).status_code == 200
    expect(page.locator("#tokens tbody tr").first).to_contain_text(chosen)
    assert serious(page) == []
    shots.take("officer-feed")
