"""The command forms in a real browser: a school user's and a municipal officer's journey.

Each form is met with a mistake first (the Russian sentence at the field and in the summary at
the top, nothing written: the log head does not move), then right (the change is on the next
page, and in the JSON API's answer); one form is submitted twice at once and writes once. axe-core
finds no serious or critical violation on any page of the journey, refused forms included.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import httpx
from playwright.sync_api import Page, expect

from domain.roles import MUNICIPAL_OFFICER, SCHOOL_USER
from services.auth import Principal, ensure_development_key, mint_token
from tests.browser.conftest import DemoServer, Screenshots
from tests.browser.journeys import head_position, sign_in, sign_out
from tests.browser.test_accessibility import serious

TENANT = "ru-16-kaybitsy"
SCHOOL = "kaybitsy-fedorovskaya"
PARTNER = "kaybitsy-bolshekaybitskaya"
PAIR = "kaybitsy-fedorovskaya-bolshekaybitskaya"
ME = Principal(f"user@{SCHOOL}", SCHOOL_USER, "ru-16", TENANT, SCHOOL)
OFFICER = Principal("officer@kaybitsy", MUNICIPAL_OFFICER, "ru-16", TENANT)
SCHOOL_ACTIONS = f"/m/{TENANT}/schools/{SCHOOL}/actions"
OFFICER_ACTIONS = f"/m/{TENANT}/actions"


def _today(server: DemoServer) -> date:
    """The tenant's today, as the server answers it."""
    return date.fromisoformat(server.api(OFFICER, f"/api/v1/tenants/{TENANT}/registers/visits")["as_of"])


def _post(server: DemoServer, principal: Principal, command: dict) -> int:
    """A command through the JSON API (a given of the journey), answered with its position."""
    token = mint_token(ensure_development_key(server.settings.dev_key_path), principal)
    answer = httpx.post(f"{server.url}/api/v1/tenants/{TENANT}/commands", json=command,
                        headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert answer.status_code == 201, answer.text
    return head_position(server, TENANT)


def _refused(page: Page, field_id: str, message: str, found: list[str]) -> None:
    expect(page.locator(f"#{field_id}-error")).to_contain_text(message)
    expect(page.locator(".error-summary")).to_contain_text(message)
    expect(page.locator(f"#{field_id}")).to_have_attribute("aria-invalid", "true")
    found += serious(page)


def _row(server: DemoServer, register: str, key: str, value: str) -> dict:
    rows = server.api(ME, f"/api/v1/tenants/{TENANT}/registers/{register}?limit=500")["rows"]
    (row,) = [r for r in rows if r[key] == value]
    return row


def _visit_held(page: Page, server: DemoServer, shots: Screenshots, today: date, found: list[str]) -> None:
    head = _post(server, OFFICER, {"type": "plan_visit", "visit": "journey-visit", "partnership": PAIR,
                                   "host_school": SCHOOL, "visiting_school": PARTNER,
                                   "planned_on": today.isoformat(), "kind": "lesson",
                                   "topic": "Открытый урок математики в 9 классе"})
    page.goto(f"{server.url}{SCHOOL_ACTIONS}?position={head}")
    row = page.locator("#visits tbody tr", has_text="Открытый урок математики")
    row.get_by_role("link", name=re.compile("Отметить проведённым")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Отметить посещение проведённым")
    found += serious(page)
    page.get_by_label("Дата проведения").fill((today + timedelta(days=1)).isoformat())
    page.get_by_label("Число участников").fill("4")
    page.get_by_label("Что увидели").fill("Урок построен на разборе заданий ОГЭ.")
    page.get_by_role("button", name="Отметить посещение проведённым").click()
    _refused(page, "f-held_on", "Дата проведения не может быть позже сегодняшнего дня.", found)
    expect(page.get_by_label("Что увидели")).to_have_value("Урок построен на разборе заданий ОГЭ.")
    shots.take("visit-refused")
    assert head_position(server, TENANT) == head
    page.get_by_label("Дата проведения").fill(today.isoformat())
    page.get_by_role("button", name="Отметить посещение проведённым").click()
    expect(page.get_by_role("status")).to_have_text("Записано: отметить посещение проведённым.")
    expect(row.locator(".visit-status")).to_contain_text("проведено")
    assert head_position(server, TENANT) == head + 1
    assert _row(server, "visits", "visit", "journey-visit")["status"] == "held"
    shots.take("visit-held")


def _occurrence_done(page: Page, server: DemoServer, shots: Screenshots, today: date, found: list[str]) -> None:
    rows = page.locator("#occurrences tbody tr")
    before = rows.count()
    assert before > 0
    first = rows.first
    title = first.locator("td").nth(1).inner_text()
    first.get_by_role("link", name=re.compile("Отметить выполненным")).click()
    found += serious(page)
    head = head_position(server, TENANT)
    page.get_by_label("Дата выполнения").fill(today.isoformat())
    page.get_by_role("button", name="Отметить выполненным мероприятие в срок").click()
    _refused(page, "f-evidence-0-kind", "Приложите хотя бы одно подтверждение", found)
    shots.take("occurrence-refused")
    assert head_position(server, TENANT) == head
    page.get_by_label("Вид подтверждения").select_option("document")
    page.get_by_label("Документ или ссылка").fill("Протокол педагогического совета № 3")
    page.get_by_role("button", name="Отметить выполненным мероприятие в срок").click()
    expect(page.get_by_role("status")).to_have_text("Записано: отметить выполненным мероприятие в срок.")
    expect(page.locator("#occurrences tbody tr")).to_have_count(before - 1)
    assert head_position(server, TENANT) == head + 1
    assert title
    shots.take("occurrence-done")


def _internship(page: Page, server: DemoServer, shots: Screenshots, today: date, found: list[str]) -> None:
    page.get_by_role("link", name="Подать заявку на стажировку").click()
    expect(page.locator("#form-intro")).to_contain_text("не позднее чем за 3 рабочих дня до начала")
    found += serious(page)
    head = head_position(server, TENANT)
    page.get_by_label("Принимающая школа").select_option(PARTNER)
    page.get_by_label("Тема").fill("Формирующее оценивание на уроках математики")
    page.get_by_label("Число участников").fill("2")
    page.get_by_label("Дата начала").fill((today + timedelta(days=2)).isoformat())
    page.get_by_label("Дата окончания").fill((today + timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Подать заявку на стажировку").click()
    _refused(page, "f-start", "не позднее чем за 7 дней до начала стажировки", found)
    shots.take("internship-refused")
    assert head_position(server, TENANT) == head
    start = today + timedelta(days=30)
    page.get_by_label("Дата начала").fill(start.isoformat())
    page.get_by_label("Дата окончания").fill((start + timedelta(days=1)).isoformat())
    # Pressed twice at once: the two posts carry the same key; one request is written.
    page.get_by_role("button", name="Подать заявку на стажировку").dblclick()
    expect(page.get_by_role("status")).to_have_text("Записано: подать заявку на стажировку.")
    assert head_position(server, TENANT) == head + 1
    row = page.locator("#internships tbody tr", has_text="Формирующее оценивание")
    expect(row.locator(".internship-status")).to_have_text("подана")
    key = next(r["internship"] for r in server.api(ME, f"/api/v1/tenants/{TENANT}/registers/internships")["rows"]
               if r["topic"] == "Формирующее оценивание на уроках математики")
    (deadline,) = server.api(ME, f"/api/v1/tenants/{TENANT}/schedule?from={today}&to={start}"
                                 f"&school={SCHOOL}&kind=internship_withdrawal")["rows"]
    assert deadline["id"] == f"internship_withdrawal:{key}"
    shown = date.fromisoformat(deadline["due_on"]).strftime("%d.%m.%Y")
    expect(row.locator("td").nth(4)).to_have_text(shown)
    shots.take("internship-requested")

    # Withdrawal: the last day, as the server computes it, is stated before submitting.
    row.get_by_role("link", name=re.compile("Отозвать заявку")).click()
    expect(page.locator("#deadline-rule")).to_contain_text("за 3 рабочих дня до начала стажировки")
    expect(page.locator("#deadline-rule strong")).to_contain_text(str(date.fromisoformat(deadline["due_on"]).year))
    found += serious(page)
    head = head_position(server, TENANT)
    page.get_by_role("button", name="Отозвать заявку на стажировку").click()
    _refused(page, "f-reason", "«Причина»", found)
    assert head_position(server, TENANT) == head
    page.get_by_label("Причина").fill("Учителя заняты на олимпиаде")
    page.get_by_role("button", name="Отозвать заявку на стажировку").click()
    expect(page.get_by_role("status")).to_have_text("Записано: отозвать заявку на стажировку.")
    expect(row.locator(".internship-status")).to_have_text("отозвана")
    assert _row(server, "internships", "internship", key)["status"] == "withdrawn"
    shots.take("internship-withdrawn")


def test_school_user_forms_journey(page: Page, demo_server: DemoServer, shots: Screenshots) -> None:
    found: list[str] = []
    today = _today(demo_server)
    sign_in(page, demo_server, "Федоровская")
    page.get_by_role("link", name=re.compile("отметить сделанное")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Отметить сделанное")
    found += serious(page)
    shots.take("actions")
    _visit_held(page, demo_server, shots, today, found)
    _occurrence_done(page, demo_server, shots, today, found)
    _internship(page, demo_server, shots, today, found)
    # An officer's form, and another school's page: the 403 page.
    for foreign in (f"/m/{TENANT}/forms/assign_partner", f"/m/{TENANT}/schools/{PARTNER}/actions"):
        answer = page.goto(demo_server.url + foreign)
        assert answer is not None and answer.status == 403
    sign_out(page, demo_server, SCHOOL_ACTIONS)
    assert found == []


def test_municipal_officer_forms_journey(page: Page, demo_server: DemoServer, shots: Screenshots) -> None:
    found: list[str] = []
    today = _today(demo_server)
    sign_in(page, demo_server, "officer.kaybitsy@")
    page.get_by_role("link", name=re.compile("^Все действия")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Действия")
    found += serious(page)
    shots.take("actions")

    # Plan a visit from the pair's row: the pair and both schools come with the link.
    pair = page.locator("#pairs tbody tr", has_text="Федоровская")
    pair.get_by_role("link", name=re.compile("^Запланировать посещение школы-партнёра")).click()
    expect(page.locator("#form-context")).to_contain_text(PAIR)
    found += serious(page)
    head = head_position(demo_server, TENANT)
    page.get_by_label("Вид").select_option("seminar")
    page.get_by_label("Тема").fill("Семинар по смысловому чтению")
    page.get_by_role("button", name="Запланировать взаимопосещение").click()
    _refused(page, "f-planned_on", "«Дата по плану»: укажите дату.", found)
    shots.take("plan-visit-refused")
    assert head_position(demo_server, TENANT) == head
    page.get_by_label("Дата по плану").fill((today + timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Запланировать взаимопосещение").click()
    expect(page.get_by_role("status")).to_have_text("Записано: запланировать взаимопосещение.")
    expect(page.locator("#visits tbody tr", has_text="Семинар по смысловому чтению")).to_have_count(1)
    assert head_position(demo_server, TENANT) == head + 1
    shots.take("visit-planned")

    # A generated form: every field from the command's Struct, labelled in Russian.
    page.get_by_role("link", name="Внести школу в реестр").click()
    found += serious(page)
    head = head_position(demo_server, TENANT)
    page.get_by_label("Код школы").fill("новая школа")
    page.get_by_label("Название").fill("МБОУ «Новоселкинская ООШ»")
    page.get_by_role("button", name="Внести школу в реестр").click()
    _refused(page, "f-school", "укажите код из латинских букв", found)
    shots.take("register-school-refused")
    assert head_position(demo_server, TENANT) == head
    # Keyboard only: type in the field at fault, Tab through the inputs to the button, Enter.
    page.get_by_label("Код школы").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("kaybitsy-novoselkinskaya")
    for _ in range(2):
        page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Внести школу в реестр")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("Записано: внести школу в реестр.")
    expect(page.locator("#schools tbody tr", has_text="Новоселкинская")).to_have_count(1)
    assert head_position(demo_server, TENANT) == head + 1
    shots.take("school-registered")
    sign_out(page, demo_server, OFFICER_ACTIONS)
    assert found == []


def test_every_form_page_has_no_serious_or_critical_accessibility_violation(
    page: Page, demo_server: DemoServer
) -> None:
    """axe-core on every officer's and school's form, as opened and as refused (posted empty)."""
    found: list[str] = []
    for person, home, forms in (
        ("officer.kaybitsy@", OFFICER_ACTIONS, None),
        ("Федоровская", SCHOOL_ACTIONS, ("record_visit_held", "complete_roadmap_occurrence",
                                        "request_internship", "withdraw_internship")),
    ):
        sign_in(page, demo_server, person)
        page.goto(demo_server.url + home)
        links = ([f"/m/{TENANT}/forms/{name}" for name in forms] if forms else
                 page.locator("#all-commands a").evaluate_all("links => links.map(a => a.getAttribute('href'))"))
        assert len(links) >= 4
        head = head_position(demo_server, TENANT)
        for link in links:
            page.goto(demo_server.url + link)
            found += serious(page)
            page.locator("main form button.button[type=submit]:not([name])").click()
            expect(page.locator(".error-summary")).to_be_visible()
            found += serious(page)
        assert head_position(demo_server, TENANT) == head
        page.get_by_role("button", name="Выйти").click()
    assert found == []
