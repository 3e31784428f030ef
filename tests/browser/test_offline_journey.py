"""The school's pages offline in a real browser (issue 13): the offline journey.

Opened once online, the school's pages open with no connection (the service worker controls
them) and say when their data was last refreshed; three forms submitted offline wait in the
queue (IndexedDB), which survives a reload and a restart of the browser on the same profile;
back online, the queue is sent in the order filled and each command is in the tenant's log
exactly once (the audit trail's JSON API), and the pages show them. axe-core finds no serious
or critical violation on the queue view.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, CDPSession, Page, expect

from tests.browser.conftest import CHROMIUM, SCREENSHOTS, DemoServer
from tests.browser.flaky_link import FlakyLink
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
    """One browser profile on disk, opened and closed as a person closes and reopens the browser.

    Background Sync is denied (as in a browser without it: the page sends the queue) unless
    asked for: the emulated offline state is the page's and the worker's, not the browser's,
    which fires a pending sync when it starts, offline or not (tests/browser/test_offline_sync.py
    fires it itself).
    """

    def __init__(self, browser: Browser, folder: Path, background_sync: bool = False) -> None:
        self.browser, self.folder, self.background_sync = browser, folder, background_sync
        self.context: BrowserContext | None = None
        self.errors: list[str] = []

    def open(self, offline: bool = False) -> Page:
        if not self.background_sync:
            # The browser's own setting: Background Sync blocked for every site.
            preferences = self.folder / "Default" / "Preferences"
            preferences.parent.mkdir(parents=True, exist_ok=True)
            kept = json.loads(preferences.read_text()) if preferences.exists() else {}
            kept.setdefault("profile", {}).setdefault("default_content_setting_values", {})["background_sync"] = 2
            preferences.write_text(json.dumps(kept))
        self.context = self.browser.browser_type.launch_persistent_context(
            str(self.folder), executable_path=CHROMIUM, locale="ru-RU",
            args=["--no-sandbox"],
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
    # Background Sync denied (as in a browser without it): none registered, the page sends it.
    assert page.evaluate("navigator.serviceWorker.ready.then(r => r.sync.getTags())") == []
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


@pytest.fixture
def flaky(demo_server: DemoServer) -> Iterator[FlakyLink]:
    """The demo server behind a flaky link (tests/browser/flaky_link.py): the first accepted
    answer of each internship request or withdrawal is lost after the server committed it."""
    address = urlsplit(demo_server.url)
    link = FlakyLink((str(address.hostname), int(address.port or 80)),
                     lambda method, path: method == "POST" and COMMANDS.search(path) is not None)
    try:
        yield link
    finally:
        link.close()


COMMANDS = re.compile(r"/forms/(request|withdraw)_internship$")
SENDING = "cascade-offline-sending"  # the Web Lock every sender of the queue holds


def test_a_refused_queued_command_holds_its_dependent_and_is_corrected_over_a_lossy_link(
    profile: Profile, demo_server: DemoServer, flaky: FlakyLink,
) -> None:
    """Refused: the Russian reason, and the withdrawal of that request waits; corrected and resent
    over a slow link whose every command's first answer is lost after the server committed it:
    the same key is resent, answered as a replay, and each command is in the log once."""
    count = [0]
    today = _today(demo_server)
    via = DemoServer(flaky.url, demo_server.settings)  # the browser reaches the server only through the link
    page = profile.open()
    sign_in(page, via, "Федоровская")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    form = f"{via.url}/m/{TENANT}/forms/request_internship"
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

    # Back online on a slow link: the send lock is held while the conditions are set, so that the
    # queue goes out only once they are in effect; then the page sends it (here: on focus).
    page.evaluate(f"""() => new Promise((granted) => navigator.locks.request("{SENDING}",
        () => {{ granted(true); return new Promise((release) => {{ window.releaseSending = release; }}); }}))""")
    profile.context.set_offline(False)
    timings = _slow_and_lossy(profile.context, page)
    page.evaluate("window.releaseSending(); window.dispatchEvent(new Event('focus'))")
    refused = page.locator('#offline-list > li[data-state="refused"]')
    expect(refused).to_contain_text("Заявку подают не позднее чем за 7 дней до начала стажировки (003 п. 2.3.2)")
    expect(page.locator(".offline__waits")).to_contain_text("Подать заявку на стажировку")
    _expect_queue(page, ["refused", "queued"])
    assert head_position(demo_server, TENANT) == head
    # The emulated latency was on the command itself (its request went through the browser's
    # network stack, not a test's route): read back from DevTools' own timing of the request.
    took = timings.took("POST", COMMANDS)
    print(f"flaky link: the refused request took {took} ms at {SLOW_AND_LOSSY['latency']} ms emulated latency")
    assert len(took) == 1 and took[0] >= SLOW_AND_LOSSY["latency"]
    assert serious(page) == []
    _shot(page, "refused-and-waiting", count)

    start = today + timedelta(days=40)
    refused.get_by_label("Дата начала").fill(start.isoformat())
    refused.get_by_label("Дата окончания").fill((start + timedelta(days=1)).isoformat())
    refused.get_by_role("button", name="Исправить и отправить").click()
    # The request's first answer lost: the queue says so, and sends again (here: on focus) with
    # the same key; the withdrawal's, lost in that run, is resent by the page's next attempt (its
    # backoff timer: a failed send no longer reopens the page, which may find the server gone).
    expect(page.locator("#offline-line")).to_contain_text("Связь неустойчива")
    page.evaluate("window.dispatchEvent(new Event('focus'))")
    expect(page.locator('#offline-list > li[data-state="accepted"]')).to_have_count(2, timeout=30_000)
    _shot(page, "corrected-and-sent", count)
    assert head_position(demo_server, TENANT) == head + 2
    trail = demo_server.api(OFFICER, f"/api/v1/tenants/{TENANT}/events?after={head}&position={head + 2}")
    assert [e["type"] for e in trail["events"]] == ["InternshipRequest.Submitted", "InternshipRequest.Withdrawn"]
    corrected, _ = _stored(page)
    assert corrected[1] == keys[1] and corrected[0] != keys[0]  # a corrected body is a new request
    lost = [answer.key for answer in flaky.lost]
    assert [e["idempotency_key"] for e in trail["events"]] == corrected == lost
    # The refusal came through; each resend was answered as a replay: the lost answer itself.
    assert [(a.key, a.status) for a in flaky.passed] == [(keys[0], 422), (lost[0], 200), (lost[1], 200)]
    assert [a.body for a in flaky.passed[1:]] == [a.body for a in flaky.lost]
    assert [a.body["position"] for a in flaky.lost] == [head + 1, head + 2]


# A rural link (issue 13 "flaky link"): a quarter-second latency, 256 kbit/s down, 64 up, through
# the Chrome DevTools Protocol, for the page's own requests (the commands' POSTs go to the network
# from the page; the worker does not touch them). `packetLoss` is taken but, as the protocol says,
# applies to WebRTC only: the loss on this link is the flaky link's dropped answers.
SLOW_AND_LOSSY = {"offline": False, "latency": 250, "downloadThroughput": 32_000,
                  "uploadThroughput": 8_000, "packetLoss": 5}


class Timings:
    """Each request's time from sent to its last byte (or its failure), as DevTools times it."""

    def __init__(self, cdp: CDPSession) -> None:
        self.sent: dict[str, tuple[str, str, float]] = {}
        self.ended: dict[str, float] = {}
        cdp.on("Network.requestWillBeSent", lambda e: self.sent.setdefault(
            e["requestId"], (e["request"]["method"], e["request"]["url"], e["timestamp"])))
        cdp.on("Network.loadingFinished", lambda e: self.ended.setdefault(e["requestId"], e["timestamp"]))

    def took(self, method: str, path: re.Pattern[str]) -> list[float]:
        """Milliseconds each finished request of this method and path took, in the order sent."""
        return [round((self.ended[rid] - at) * 1000, 1) for rid, (m, url, at) in self.sent.items()
                if m == method and path.search(urlsplit(url).path) and rid in self.ended]


def _slow_and_lossy(context: BrowserContext, page: Page) -> Timings:
    cdp = context.new_cdp_session(page)
    timings = Timings(cdp)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_AND_LOSSY)
    # In effect for the page: the Network Information API reports the emulated link (rounded, and
    # with the noise the browser adds for privacy: a loopback link reports 10 Mbit/s or more).
    rtt, downlink = page.evaluate("[navigator.connection.rtt, navigator.connection.downlink]")
    assert rtt >= 200 and downlink <= 0.3, (rtt, downlink)
    return timings


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
