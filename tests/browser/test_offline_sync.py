"""The service worker sends the offline queue by Background Sync (issue 13, "Sync when the
connection returns (Background Sync where the browser has it)").

A form queued offline registers a one-off sync (`cascade-queue`). The sync event is fired here
through the Chrome DevTools Protocol (`ServiceWorker.dispatchSyncEvent`, as the browser fires it
when the link returns), first with no page of the school open: the worker alone sends the queue,
in the order filled, with the keys fixed when filled, a withdrawal waiting behind its refused
request. Then with the page open and the send lock (Web Locks) held: neither the page nor the
worker sends while it is held; released, the worker sends, and the open page, told by the
worker, draws it and shows the change. Each command is in the tenant's log once (audit trail).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, CDPSession, Page, expect

from tests.browser.conftest import DemoServer
from tests.browser.journeys import head_position, sign_in
from tests.browser.test_form_journeys import (
    OFFICER,
    PARTNER,
    SCHOOL,
    SCHOOL_ACTIONS,
    TENANT,
    _today,
)
from tests.browser.test_offline_journey import (
    _STORED,
    _WITHDRAWAL,
    Profile,
    _expect_queue,
    _shot,
    _stored,
)
from tests.e2e.helpers import wait_until

SENDING = "cascade-offline-sending"  # the Web Lock every sender holds (web/static/offline-queue.js)

_STATES = """() => new Promise((resolve, reject) => {
  const opening = indexedDB.open("cascade-offline", 1);
  opening.onsuccess = () => {
    const all = opening.result.transaction("queue").objectStore("queue").getAll();
    all.onsuccess = () => { opening.result.close(); resolve(all.result.map(e => e.state)); };
    all.onerror = () => reject(all.error);
  };
  opening.onerror = () => reject(opening.error);
})"""


@pytest.fixture
def profile(browser: Browser, tmp_path: Path) -> Iterator[Profile]:
    opened = Profile(browser, tmp_path / "profile", background_sync=True)
    try:
        yield opened
    finally:
        if opened.context is not None:
            opened.close()
    assert opened.errors == [], f"the browser reported errors: {opened.errors}"


def _request(page: Page, topic: str, start: str, end: str) -> None:
    page.get_by_label("Принимающая школа").select_option(PARTNER)
    page.get_by_label("Тема").fill(topic)
    page.get_by_label("Число участников").fill("2")
    page.get_by_label("Дата начала").fill(start)
    page.get_by_label("Дата окончания").fill(end)
    page.get_by_role("button", name="Подать заявку на стажировку").click()


def _until(page: Page, condition: str, what: str) -> None:
    """An asynchronous condition in the page, polled until it holds (bounded)."""
    wait_until(lambda: page.evaluate(condition) is True, what, timeout=60)


class Worker:
    """The worker's registration as DevTools sees it, and its sync event fired as the browser does."""

    def __init__(self, cdp: CDPSession, origin: str) -> None:
        self.cdp, self.origin = cdp, origin
        self.registrations: dict[str, str] = {}
        cdp.on("ServiceWorker.workerRegistrationUpdated", self._updated)
        cdp.send("ServiceWorker.enable")

    def _updated(self, event: dict) -> None:
        for registration in event["registrations"]:
            if not registration["isDeleted"]:
                self.registrations[registration["scopeURL"]] = registration["registrationId"]

    def sync(self) -> None:
        registration = self.registrations[f"{self.origin}/m/{TENANT}/"]
        self.cdp.send("ServiceWorker.dispatchSyncEvent", {
            "origin": self.origin, "registrationId": registration, "tag": "cascade-queue", "lastChance": False})


def test_the_worker_sends_the_queue_by_background_sync_once_each_with_the_page_closed_or_told(
    profile: Profile, demo_server: DemoServer,
) -> None:
    count = [0]
    today = _today(demo_server)
    page = profile.open()
    sign_in(page, demo_server, "Федоровская")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    form = f"{demo_server.url}/m/{TENANT}/forms/request_internship"
    page.goto(form)
    assert profile.context is not None
    # A page of the origin outside the worker's scope (no queue script): DevTools and the locks.
    tools = profile.context.new_page()
    tools.goto(demo_server.url + "/health/live")
    worker = Worker(profile.context.new_cdp_session(tools), demo_server.url)

    profile.context.set_offline(True)
    page.goto(form)
    _request(page, "Проектная деятельность (фоновая отправка)", (today + timedelta(days=2)).isoformat(),
             (today + timedelta(days=3)).isoformat())
    expect(page.locator("#offline-list > li")).to_have_count(1)
    internship = page.evaluate(_STORED.replace('"idempotency_key"', '"internship"'))[0][0]
    subject = page.locator("#offline").get_attribute("data-subject")
    page.evaluate(_WITHDRAWAL, [f"/m/{TENANT}/forms/withdraw_internship", internship, subject, TENANT, SCHOOL])
    page.goto(form)
    start = today + timedelta(days=45)
    _request(page, "Смысловое чтение (фоновая отправка)", start.isoformat(), (start + timedelta(days=1)).isoformat())
    _expect_queue(page, ["queued", "queued", "queued"])
    keys, _ = _stored(page)
    # The page asked for a one-off Background Sync when it queued.
    assert "cascade-queue" in page.evaluate("navigator.serviceWorker.ready.then(r => r.sync.getTags())")
    head = head_position(demo_server, TENANT)

    # The school's page closed; the link returns; the browser fires the sync: the worker sends.
    page.close()
    profile.context.set_offline(False)
    assert head_position(demo_server, TENANT) == head
    worker.sync()
    _until(tools, f"""async () => {{
        const locks = await navigator.locks.query();
        const states = await ({_STATES})();
        return !locks.held.length && !locks.pending.length && states.join() === "refused,queued,accepted";
    }}""", "the worker sent the queue")
    assert head_position(demo_server, TENANT) == head + 1
    (event,) = demo_server.api(OFFICER, f"/api/v1/tenants/{TENANT}/events?after={head}&position={head + 1}")["events"]
    assert (event["type"], event["idempotency_key"], event["actor"]["subject"]) == (
        "InternshipRequest.Submitted", keys[2], subject)

    page = profile.context.new_page()
    page.goto(demo_server.url + SCHOOL_ACTIONS)
    _expect_queue(page, ["refused", "queued", "accepted"])
    refused = page.locator('#offline-list > li[data-state="refused"]')
    expect(refused).to_contain_text("Заявку подают не позднее чем за 7 дней до начала стажировки (003 п. 2.3.2)")
    expect(page.locator(".offline__waits")).to_contain_text("Подать заявку на стажировку")
    _shot(page, "worker-sent-page-closed", count)

    # The lock held (as by a sender): the corrected request is not sent by the page, and the
    # worker's sync waits for the lock; nothing is written while it is held.
    page.evaluate(f"""() => new Promise((granted) => navigator.locks.request("{SENDING}",
        () => {{ granted(true); return new Promise((release) => {{ window.releaseSending = release; }}); }}))""")
    refused.get_by_label("Дата начала").fill((start + timedelta(days=7)).isoformat())
    refused.get_by_label("Дата окончания").fill((start + timedelta(days=8)).isoformat())
    refused.get_by_role("button", name="Исправить и отправить").click()
    _expect_queue(page, ["queued", "queued", "accepted"])
    worker.sync()
    _until(page, f"""async () => (await navigator.locks.query()).pending.some(l => l.name === "{SENDING}")""",
           "the worker waits for the lock")
    assert head_position(demo_server, TENANT) == head + 1

    page.evaluate("window.releaseSending()")
    # The worker sent both and told the open page, which shows the change (opened at its position).
    expect(page).to_have_url(re.compile(r"/actions\?position=\d+$"))
    _expect_queue(page, ["accepted", "accepted", "accepted"])
    _shot(page, "worker-sent-page-told", count)
    assert head_position(demo_server, TENANT) == head + 3
    trail = demo_server.api(OFFICER, f"/api/v1/tenants/{TENANT}/events?after={head}&position={head + 3}")
    corrected, _ = _stored(page)
    assert corrected[1:] == keys[1:] and corrected[0] != keys[0]
    assert [(e["type"], e["idempotency_key"]) for e in trail["events"]] == [
        ("InternshipRequest.Submitted", keys[2]), ("InternshipRequest.Submitted", corrected[0]),
        ("InternshipRequest.Withdrawn", keys[1])]
    expect(page.locator("#internships tbody tr", has_text="Смысловое чтение (фоновая отправка)")).to_have_count(1)


QUEUED = 20

_CLONES = """([count, starts]) => new Promise((resolve, reject) => {
  const opening = indexedDB.open("cascade-offline", 1);
  opening.onsuccess = () => {
    const store = opening.result.transaction("queue", "readwrite").objectStore("queue");
    const all = store.getAll();
    all.onsuccess = () => {
      const [first] = all.result;
      for (let n = 1; n < count; n += 1) {
        const fields = first.fields.map((f) => ({ ...f }));
        const set = (name, value) => { fields.find((f) => f.name === name).value = value; };
        set("idempotency_key", "web-" + crypto.randomUUID());
        set("internship", `${first.fields.find((f) => f.name === "internship").value}-${n}`);
        set("topic", `Сетевой семинар № ${n + 1} (фоновая отправка)`);
        set("start", starts[n][0]);
        set("end", starts[n][1]);
        const { id, ...rest } = first;
        store.put({ ...rest, fields, filled_at: new Date().toISOString() });
      }
    };
    store.transaction.oncomplete = () => { opening.result.close(); resolve(true); };
    store.transaction.onerror = () => reject(store.transaction.error);
  };
  opening.onerror = () => reject(opening.error);
})"""


def test_twenty_requests_queued_offline_are_sent_by_the_worker_once_each_in_the_order_filled(
    profile: Profile, demo_server: DemoServer,
) -> None:
    """The issue's measured run: the bundle's size, the time to show a page offline, and the time
    the worker takes to send 20 queued requests after the link returns (printed, not bounded)."""
    today = _today(demo_server)
    page = profile.open()
    sign_in(page, demo_server, "Федоровская")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.goto(demo_server.url + SCHOOL_ACTIONS)
    bundle = page.evaluate(f"""fetch("/m/{TENANT}/schools/{SCHOOL}/offline-bundle", {{cache: "no-store"}})
        .then((r) => r.arrayBuffer()).then((b) => b.byteLength)""")
    form = f"{demo_server.url}/m/{TENANT}/forms/request_internship"
    page.goto(form)
    assert profile.context is not None
    tools = profile.context.new_page()
    tools.goto(demo_server.url + "/health/live")
    worker = Worker(profile.context.new_cdp_session(tools), demo_server.url)

    profile.context.set_offline(True)
    page.goto(demo_server.url + SCHOOL_ACTIONS)
    expect(page.locator("#offline-line")).to_contain_text("Нет связи")
    shown = page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
    page.goto(form)
    starts = [((today + timedelta(days=40 + 3 * n)).isoformat(), (today + timedelta(days=41 + 3 * n)).isoformat())
              for n in range(QUEUED)]
    _request(page, "Сетевой семинар № 1 (фоновая отправка)", *starts[0])
    expect(page.locator("#offline-list > li")).to_have_count(1)
    page.evaluate(_CLONES, [QUEUED, starts])
    page.reload()
    _expect_queue(page, ["queued"] * QUEUED)
    keys, subject = _stored(page)
    assert len(set(keys)) == QUEUED
    head = head_position(demo_server, TENANT)

    page.close()
    profile.context.set_offline(False)
    began = time.monotonic()
    worker.sync()
    _until(tools, f"""async () => (await ({_STATES})()).every((s) => s === "accepted")""", "all 20 accepted")
    took = time.monotonic() - began
    print(f"measured: bundle {bundle} bytes; «Что сделать» shown offline in {shown:.0f} ms; "
          f"{QUEUED} queued requests sent by the worker in {took:.1f} s after the link returned")

    assert head_position(demo_server, TENANT) == head + QUEUED
    trail = demo_server.api(OFFICER, f"/api/v1/tenants/{TENANT}/events?after={head}&position={head + QUEUED}")
    assert [e["type"] for e in trail["events"]] == ["InternshipRequest.Submitted"] * QUEUED
    assert [e["idempotency_key"] for e in trail["events"]] == keys
    assert all(e["actor"]["subject"] == subject for e in trail["events"])
