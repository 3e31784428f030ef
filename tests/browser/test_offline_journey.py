"""The school's pages offline in a real browser (issue 13): the offline journey.

Opened once online, the school's pages open with no connection (the service worker controls
them) and say when their data was last refreshed; three forms submitted offline wait in the
queue (IndexedDB), which survives a reload and a restart of the browser on the same profile;
back online, the queue is sent in the order filled and each command is in the tenant's log
exactly once (the audit trail's JSON API), and the pages show them. axe-core finds no serious
or critical violation on the queue view.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from tests.browser.conftest import CHROMIUM, SCREENSHOTS, DemoServer
from tests.browser.journeys import head_position, sign_in
from tests.browser.test_accessibility import serious
from tests.browser.test_form_journeys import (
    OFFICER,
    PAIR,
    PARTNER,
    SCHOOL,
    SCHOOL_ACTIONS,
    TENANT,
    _post,
    _today,
)

TOPIC = "Наставничество молодых учителей (без связи)"
FINDINGS = "Урок без связи: разбор заданий по геометрии."
EVIDENCE = "Протокол заседания методического объединения № 5"


class Profile:
    """One browser profile on disk, opened and closed as a person closes and reopens the browser."""

    def __init__(self, browser: Browser, folder: Path) -> None:
        self.browser, self.folder = browser, folder
        self.context: BrowserContext | None = None
        self.errors: list[str] = []

    def open(self, offline: bool = False) -> Page:
        self.context = self.browser.browser_type.launch_persistent_context(
            str(self.folder), executable_path=CHROMIUM, args=["--no-sandbox"], locale="ru-RU",
            viewport={"width": 1280, "height": 900}, offline=offline)
        page = self.context.pages[0] if self.context.pages else self.context.new_page()
        # A page fetched while offline fails to load: that is the point, not an error.
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error"
                and not m.text.startswith("Failed to load resource") else None)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        return page

    def close(self) -> None:
        assert self.context is not None
        self.context.close()
        self.context = None


@pytest.fixture
def profile(browser: Browser, tmp_path: Path) -> Iterator[Profile]:
    opened = Profile(browser, tmp_path / "profile")
    try:
        yield opened
    finally:
        if opened.context is not None:
            opened.close()
    assert opened.errors == [], f"the browser reported errors: {opened.errors}"


def _shot(page: Page, name: str, count: list[int]) -> None:
    folder = SCREENSHOTS / "offline_journey"
    folder.mkdir(parents=True, exist_ok=True)
    count[0] += 1
    page.screenshot(path=str(folder / f"{count[0]:02d}-{name}.png"), full_page=True)


def _queue(page: Page) -> list[str]:
    return page.locator("#offline-list > li").evaluate_all("items => items.map(i => i.dataset.state)")


def _expect_queue(page: Page, states: list[str]) -> None:
    """The queue as the page draws it: drawn from IndexedDB after a load, so waited for (bounded)."""
    items = page.locator("#offline-list > li")
    expect(items).to_have_count(len(states))
    for index, state in enumerate(states):
        expect(items.nth(index)).to_have_attribute("data-state", state)
    assert _queue(page) == states


_STORED = """() => new Promise((resolve, reject) => {
  const opening = indexedDB.open("cascade-offline", 1);
  opening.onsuccess = () => {
    const all = opening.result.transaction("queue").objectStore("queue").getAll();
    all.onsuccess = () => resolve(all.result.map(e => [
      e.fields.find(f => f.name === "idempotency_key").value, e.subject]));
    all.onerror = () => reject(all.error);
  };
  opening.onerror = () => reject(opening.error);
})"""


def _stored(page: Page) -> tuple[list[str], str]:
    """The keys fixed when the forms were filled, in the order filled, and whose queue it is."""
    entries = page.evaluate(_STORED)
    subjects = {subject for _, subject in entries}
    assert subjects == {page.locator("#offline").get_attribute("data-subject")}
    return [key for key, _ in entries], subjects.pop()


def _fill_offline(page: Page, server: DemoServer, today: date, occurrence: str) -> None:
    """Three forms filled and submitted with no connection, each opened from the cached pages."""
    page.goto(server.url + SCHOOL_ACTIONS)
    expect(page.locator("#offline-line")).to_have_text(re.compile(
        r"^Нет связи: данные на \d\d:\d\d \d\d\.\d\d\."))
    row = page.locator("#visits tbody tr", has_text="Урок геометрии без связи")
    row.get_by_role("link", name=re.compile("Отметить проведённым")).click()
    page.get_by_label("Число участников").fill("3")
    page.get_by_label("Что увидели").fill(FINDINGS)
    page.get_by_role("button", name="Отметить посещение проведённым").click()
    expect(page.locator("#offline-list > li")).to_have_count(1)

    page.goto(server.url + occurrence)
    page.get_by_label("Дата выполнения").fill(today.isoformat())
    page.get_by_label("Вид подтверждения").select_option("document")
    page.get_by_label("Документ или ссылка").fill(EVIDENCE)
    page.get_by_role("button", name="Отметить выполненным мероприятие в срок").click()
    expect(page.locator("#offline-list > li")).to_have_count(2)

    page.goto(f"{server.url}/m/{TENANT}/forms/request_internship")
    start = today + timedelta(days=40)
    page.get_by_label("Принимающая школа").select_option(PARTNER)
    page.get_by_label("Тема").fill(TOPIC)
    page.get_by_label("Число участников").fill("2")
    page.get_by_label("Дата начала").fill(start.isoformat())
    page.get_by_label("Дата окончания").fill((start + timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Подать заявку на стажировку").click()
    expect(page.locator("#offline-list > li")).to_have_count(3)


def test_offline_journey(profile: Profile, demo_server: DemoServer) -> None:
    count = [0]
    today = _today(demo_server)
    head = _post(demo_server, OFFICER, {
        "type": "plan_visit", "visit": "offline-visit", "partnership": PAIR, "host_school": SCHOOL,
        "visiting_school": PARTNER, "planned_on": today.isoformat(), "kind": "lesson",
        "topic": "Урок геометрии без связи"})
    page = profile.open()
    sign_in(page, demo_server, "Федоровская")
    # Online once: the worker takes control; each page to be used offline is opened.
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.goto(f"{demo_server.url}{SCHOOL_ACTIONS}?position={head}")
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    manifest = page.locator('link[rel="manifest"]').get_attribute("href")
    assert manifest == f"/m/{TENANT}/schools/{SCHOOL}/manifest.webmanifest"
    visit_link = page.locator("#visits tbody tr", has_text="Урок геометрии без связи").get_by_role(
        "link", name=re.compile("Отметить проведённым")).get_attribute("href")
    occurrence = page.locator("#occurrences tbody tr").first
    occurrence_title = occurrence.locator("td").nth(1).inner_text()
    occurrence_link = occurrence.get_by_role("link").get_attribute("href")
    occurrences = page.locator("#occurrences tbody tr").count()
    for path in (visit_link, occurrence_link, f"/m/{TENANT}/forms/request_internship", SCHOOL_ACTIONS):
        page.goto(demo_server.url + path)
    expect(page.locator("#offline-line")).to_be_hidden()
    _shot(page, "online", count)

    assert profile.context is not None
    profile.context.set_offline(True)
    _fill_offline(page, demo_server, today, str(occurrence_link))
    _expect_queue(page, ["queued", "queued", "queued"])
    expect(page.locator("#offline-queue")).to_contain_text("в очереди")
    _shot(page, "queued-offline", count)
    assert serious(page) == []
    assert head_position(demo_server, TENANT) == head  # nothing was sent

    page.reload()
    _expect_queue(page, ["queued", "queued", "queued"])
    profile.close()
    page = profile.open(offline=True)
    page.goto(demo_server.url + SCHOOL_ACTIONS)
    _expect_queue(page, ["queued", "queued", "queued"])
    expect(page.locator("#offline-list > li").first).to_contain_text("Отметить посещение проведённым")
    _shot(page, "queue-after-restart", count)
    keys, subject = _stored(page)
    assert len(set(keys)) == 3

    assert profile.context is not None
    profile.context.set_offline(False)
    expect(page.locator('#offline-list > li[data-state="accepted"]')).to_have_count(3)
    expect(page).to_have_url(re.compile(r"/actions\?position=\d+$"))
    _shot(page, "accepted", count)
    assert serious(page) == []
    assert head_position(demo_server, TENANT) == head + 3

    # Each exactly once in the tenant's log, in the order filled.
    trail = demo_server.api(OFFICER, f"/api/v1/tenants/{TENANT}/events?after={head}&position={head + 3}")
    events = trail["events"]
    assert [e["type"] for e in events] == [
        "Visit.Held", "Roadmap.OccurrenceCompleted", "InternshipRequest.Submitted"]
    assert [e["idempotency_key"] for e in events] == keys
    assert all(e["actor"]["subject"] == subject for e in events)
    # And the pages show them.
    expect(page.locator("#visits tbody tr", has_text="Урок геометрии без связи").locator(".visit-status")
           ).to_contain_text("проведено")
    expect(page.locator("#internships tbody tr", has_text=TOPIC)).to_have_count(1)
    expect(page.locator("#occurrences tbody tr")).to_have_count(occurrences - 1)
    assert occurrence_title


_WITHDRAWAL = """([action, internship, subject, tenant, school]) => new Promise((resolve, reject) => {
  const opening = indexedDB.open("cascade-offline", 1);
  opening.onsuccess = () => {
    const t = opening.result.transaction("queue", "readwrite");
    t.objectStore("queue").put({
      subject, tenant, school, action, command: "withdraw_internship", title: "Отозвать заявку на стажировку",
      fields: [{name: "idempotency_key", value: "web-" + crypto.randomUUID(), label: "idempotency_key"},
               {name: "fixed", value: "internship", label: "fixed"},
               {name: "internship", value: internship, label: "internship"},
               {name: "reason", value: "Учителя заняты на олимпиаде", label: "Причина"}],
      state: "queued", filled_at: new Date().toISOString(), attempts: 0, answer: null, deadline: null});
    t.oncomplete = () => resolve(true);
    t.onerror = () => reject(t.error);
  };
  opening.onerror = () => reject(opening.error);
})"""


def test_a_refused_queued_command_holds_its_dependent_and_is_corrected_over_a_lossy_link(
    profile: Profile, demo_server: DemoServer,
) -> None:
    """Refused: the Russian reason, and the withdrawal of that request waits; corrected and resent
    while every command's first answer is lost after the server committed it: the same key is
    resent, answered as a replay, and each command is in the log once."""
    count = [0]
    today = _today(demo_server)
    page = profile.open()
    sign_in(page, demo_server, "Федоровская")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    form = f"{demo_server.url}/m/{TENANT}/forms/request_internship"
    page.goto(form)
    assert profile.context is not None
    profile.context.set_offline(True)
    page.goto(form)
    page.get_by_label("Принимающая школа").select_option(PARTNER)
    page.get_by_label("Тема").fill("Проектная деятельность (без связи)")
    page.get_by_label("Число участников").fill("2")
    page.get_by_label("Дата начала").fill((today + timedelta(days=2)).isoformat())
    page.get_by_label("Дата окончания").fill((today + timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Подать заявку на стажировку").click()
    expect(page.locator(".offline__warning")).to_contain_text("не позднее чем за 7 дней до начала")
    internship = page.evaluate(_STORED.replace('"idempotency_key"', '"internship"'))[0][0]
    subject = page.locator("#offline").get_attribute("data-subject")
    page.evaluate(_WITHDRAWAL, [f"/m/{TENANT}/forms/withdraw_internship", internship, subject, TENANT, SCHOOL])
    page.reload()
    _expect_queue(page, ["queued", "queued"])
    keys, _ = _stored(page)
    head = head_position(demo_server, TENANT)

    # The first answer of each accepted command is lost after the server wrote it; what it said,
    # and what the resend with the same key is answered, are kept to compare.
    lost: list[str] = []
    first: dict[str, dict] = {}
    resent: dict[str, dict] = {}

    def lossy(route: Route) -> None:
        if route.request.method != "POST":
            route.continue_()
            return
        key = parse_qs(route.request.post_data or "")["idempotency_key"][0]
        answer = route.fetch()
        if key in lost or answer.status != 200:
            if key in lost:
                resent[key] = answer.json()
            route.fulfill(response=answer)
        else:
            lost.append(key)
            first[key] = answer.json()
            route.abort("connectionreset")

    profile.context.route(re.compile(r"/forms/(request|withdraw)_internship$"), lossy)
    profile.context.set_offline(False)
    _slow_and_lossy(profile.context, page)
    refused = page.locator('#offline-list > li[data-state="refused"]')
    expect(refused).to_contain_text("Заявку подают не позднее чем за 7 дней до начала стажировки (003 п. 2.3.2)")
    expect(page.locator(".offline__waits")).to_contain_text("Подать заявку на стажировку")
    _expect_queue(page, ["refused", "queued"])
    assert head_position(demo_server, TENANT) == head
    assert serious(page) == []
    _shot(page, "refused-and-waiting", count)

    start = today + timedelta(days=40)
    refused.get_by_label("Дата начала").fill(start.isoformat())
    refused.get_by_label("Дата окончания").fill((start + timedelta(days=1)).isoformat())
    refused.get_by_role("button", name="Исправить и отправить").click()
    # The request's first answer lost: the queue says so, and sends again (here: on focus) with
    # the same key; the withdrawal's, lost in that run, is resent when the page opens again.
    expect(page.locator("#offline-line")).to_contain_text("Связь неустойчива")
    page.evaluate("window.dispatchEvent(new Event('focus'))")
    expect(page.locator('#offline-list > li[data-state="accepted"]')).to_have_count(2)
    _shot(page, "corrected-and-sent", count)
    assert head_position(demo_server, TENANT) == head + 2
    trail = demo_server.api(OFFICER, f"/api/v1/tenants/{TENANT}/events?after={head}&position={head + 2}")
    assert [e["type"] for e in trail["events"]] == ["InternshipRequest.Submitted", "InternshipRequest.Withdrawn"]
    corrected, _ = _stored(page)
    assert corrected[1] == keys[1] and corrected[0] != keys[0]  # a corrected body is a new request
    assert [e["idempotency_key"] for e in trail["events"]] == corrected == lost
    # Each resend was answered as a replay: the position the lost answer carried, not a new one.
    assert resent == first
    assert [first[k]["position"] for k in lost] == [head + 1, head + 2]


# A rural link (issue 13 "flaky link"): a quarter-second latency, 256 kbit/s down, 64 up, and
# packets lost, through the Chrome DevTools Protocol. Applied after `set_offline(False)`, which
# sets the same CDP conditions itself. The page's own traffic (the session check, the pages) goes
# through it; the commands' answers are lost at the route above (after the server committed).
SLOW_AND_LOSSY = {"offline": False, "latency": 250, "downloadThroughput": 32_000,
                  "uploadThroughput": 8_000, "packetLoss": 5}


def _slow_and_lossy(context: BrowserContext, page: Page) -> None:
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_AND_LOSSY)
    # In effect for the page: the Network Information API reports the emulated link.
    assert page.evaluate("[navigator.connection.rtt >= 250, navigator.connection.downlink]") == [True, 0.25]


def test_the_queue_survives_the_session_ending_and_resumes_for_the_same_person_only(
    profile: Profile, demo_server: DemoServer,
) -> None:
    """The session ends while offline: nothing is sent and nothing lost; another person signed in
    on this browser neither sees nor sends it; the same person signed in again: it is sent."""
    count = [0]
    today = _today(demo_server)
    page = profile.open()
    sign_in(page, demo_server, "Федоровская")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    form = f"{demo_server.url}/m/{TENANT}/forms/request_internship"
    page.goto(form)
    assert profile.context is not None
    profile.context.set_offline(True)
    page.goto(form)
    start = today + timedelta(days=50)
    page.get_by_label("Принимающая школа").select_option(PARTNER)
    page.get_by_label("Тема").fill("Читательская грамотность (сеанс истёк)")
    page.get_by_label("Число участников").fill("4")
    page.get_by_label("Дата начала").fill(start.isoformat())
    page.get_by_label("Дата окончания").fill((start + timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Подать заявку на стажировку").click()
    expect(page.locator("#offline-list > li")).to_have_count(1)
    (key,), subject = _stored(page)
    head = head_position(demo_server, TENANT)

    profile.context.clear_cookies()  # the session ended while offline
    profile.context.set_offline(False)
    expect(page.locator("#offline-line")).to_have_text("Войдите снова: очередь сохранена и отправится после входа.")
    _expect_queue(page, ["queued"])
    _shot(page, "session-ended", count)

    sign_in(page, demo_server, "Хозесановская")
    expect(page.locator("#offline")).not_to_have_attribute("data-subject", subject)
    expect(page.locator("#offline-queue")).to_be_hidden()
    page.get_by_role("button", name="Выйти").click()
    expect(page).to_have_url(re.compile(r"/sign-in$"))
    assert page.evaluate("caches.keys()") == []  # the pages kept for offline go with the person
    assert head_position(demo_server, TENANT) == head

    sign_in(page, demo_server, "Федоровская")
    expect(page.locator('#offline-list > li[data-state="accepted"]')).to_have_count(1)
    _shot(page, "resumed-after-sign-in", count)
    assert head_position(demo_server, TENANT) == head + 1
    (event,) = demo_server.api(OFFICER, f"/api/v1/tenants/{TENANT}/events?after={head}&position={head + 1}")["events"]
    assert event["idempotency_key"] == key and event["actor"]["subject"] == subject
