"""The server killed and restarted while the offline queue syncs (issue 13, "Tests in a real browser").

The server here is a real separate process, `cascade serve` on a loopback port over a SQLite data
dir loaded as `make run` loads it, so that it can be killed (SIGKILL: no shutdown, no flush) and
started again on the same port and data. Five internship requests are queued offline; back online,
the server is killed just after it committed the second one and before its answer left; started
again, the queue resends what had no answer with the same key: every queued command is in the
tenant's log exactly once, in the order filled, and the queue shows all «принято».
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, Route, expect

from cascade.settings import Settings
from tests.browser.conftest import DemoServer, _cascade
from tests.browser.journeys import head_position, sign_in
from tests.browser.test_form_journeys import OFFICER, PARTNER, TENANT, _today
from tests.browser.test_offline_journey import Profile, _expect_queue, _shot, _stored
from tests.e2e.helpers import wait_until

QUEUED = 5
KILLED_AT = 2  # the command whose commit the server does not live to answer
TOPICS = [f"Сетевой семинар № {n} (сервер перезапущен)" for n in range(1, QUEUED + 1)]


@dataclass
class ServeProcess(DemoServer):
    """`cascade serve` as its own process, killed and started again on the same port and data."""

    port: int = 0
    logs: Path = Path()
    process: subprocess.Popen | None = field(default=None, repr=False)
    starts: int = 0

    def start(self) -> None:
        self.starts += 1
        env = {k: v for k, v in os.environ.items() if not k.startswith(("CASCADE_", "OTEL_"))}
        env.update(CASCADE_DATA_DIR=self.settings.data_dir, CASCADE_PORT=str(self.port),
                   CASCADE_LOG_FORMAT="json", CASCADE_CHECKPOINT_INTERVAL="0")
        # Logs to files: a pipe nobody reads would fill and stall the server.
        with open(self.logs / f"serve-{self.starts}.log", "w") as log:
            self.process = subprocess.Popen([sys.executable, "-m", "cascade.cli", "serve"], env=env,
                                            stdout=log, stderr=subprocess.STDOUT)
        wait_until(self._live, "the server answers /health/live", timeout=60)

    def _live(self) -> bool:
        assert self.process is not None and self.process.poll() is None, self.log()
        try:
            return httpx.get(f"{self.url}/health/live", timeout=2).status_code == 200
        except httpx.TransportError:
            return False

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        assert self.process.wait(timeout=30) == -signal.SIGKILL

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def log(self) -> str:
        return (self.logs / f"serve-{self.starts}.log").read_text()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[ServeProcess]:
    data_dir = tmp_path / "var"
    for step in (("init",), ("demo", "--once"), ("project", "--once")):
        _cascade(data_dir, *step)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = ServeProcess(f"http://127.0.0.1:{port}", Settings(data_dir=str(data_dir)), port=port,
                          logs=tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()
    assert "Traceback" not in server.log(), server.log()


@pytest.fixture
def profile(browser: Browser, tmp_path: Path) -> Iterator[Profile]:
    opened = Profile(browser, tmp_path / "profile")
    try:
        yield opened
    finally:
        if opened.context is not None:
            opened.close()
    assert opened.errors == [], f"the browser reported errors: {opened.errors}"


def test_the_server_killed_and_restarted_during_sync_writes_every_queued_command_once(
    profile: Profile, served: ServeProcess,
) -> None:
    count = [0]
    today = _today(served)
    page = profile.open()
    sign_in(page, served, "Федоровская")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    form = f"{served.url}/m/{TENANT}/forms/request_internship"
    page.goto(form)
    assert profile.context is not None
    profile.context.set_offline(True)
    for n, topic in enumerate(TOPICS, start=1):
        page.goto(form)
        start = today + timedelta(days=40 + 3 * n)
        page.get_by_label("Принимающая школа").select_option(PARTNER)
        page.get_by_label("Тема").fill(topic)
        page.get_by_label("Число участников").fill("2")
        page.get_by_label("Дата начала").fill(start.isoformat())
        page.get_by_label("Дата окончания").fill((start + timedelta(days=1)).isoformat())
        page.get_by_role("button", name="Подать заявку на стажировку").click()
        expect(page.locator("#offline-list > li")).to_have_count(n)
    keys, subject = _stored(page)
    assert len(set(keys)) == QUEUED
    head = head_position(served, TENANT)

    # The server dies between committing a command and answering it; what it committed first, and
    # what each resend after the restart is answered, are kept to compare.
    posted: list[str] = []
    committed: dict[str, dict] = {}
    resent: dict[str, dict] = {}

    def killing(route: Route) -> None:
        if route.request.method != "POST":
            route.continue_()
            return
        key = parse_qs(route.request.post_data or "")["idempotency_key"][0]
        if served.process is None or served.process.poll() is not None:
            route.abort("connectionrefused")  # a retry while the server is down
            return
        posted.append(key)
        answer = route.fetch()
        if served.starts == 1 and len(posted) == KILLED_AT:
            committed[key] = answer.json()
            served.kill()
            route.abort("connectionreset")
            return
        if served.starts > 1:
            resent[key] = answer.json()
        route.fulfill(response=answer)

    # Every page the tab goes to from now on: while the server is down it must stay where it is
    # (a page opened then is Chromium's error page unless the worker happens to have a copy).
    visited: list[str] = []
    page.on("framenavigated", lambda frame: visited.append(frame.url) if frame is page.main_frame else None)
    profile.context.route(re.compile(r"/forms/request_internship$"), killing)
    profile.context.set_offline(False)
    expect(page.locator("#offline-line")).to_contain_text("Связь неустойчива", timeout=30_000)
    assert served.process is not None and served.process.returncode == -signal.SIGKILL
    assert head_position(served, TENANT) == head + KILLED_AT  # the killed one was committed
    assert posted == keys[:KILLED_AT]
    assert page.url == form, "the page went elsewhere while the server was down"
    _shot(page, "server-killed", count)

    served.start()  # the same port, the same data
    page.evaluate("window.dispatchEvent(new Event('focus'))")
    # The whole queue sent, the page opens what was written (the form's next page at that position).
    expect(page).to_have_url(re.compile(rf"[?&]position={head + QUEUED}(&|$)"), timeout=60_000)
    expect(page.locator('#offline-list > li[data-state="accepted"]')).to_have_count(QUEUED, timeout=60_000)
    _expect_queue(page, ["accepted"] * QUEUED)
    expect(page.locator("#offline-queue")).to_contain_text("принято")
    _shot(page, "accepted-after-restart", count)
    # That was the only page opened since going online: none while the server was down.
    shown = [parse_qs(urlsplit(url).query).get("position") for url in visited]
    assert shown == [[str(head + QUEUED)]], visited

    # Every queued command in the log exactly once, in the order filled, with the key fixed when filled.
    assert head_position(served, TENANT) == head + QUEUED
    trail = served.api(OFFICER, f"/api/v1/tenants/{TENANT}/events?after={head}&position={head + QUEUED}")
    events = trail["events"]
    assert [e["type"] for e in events] == ["InternshipRequest.Submitted"] * QUEUED
    assert [e["idempotency_key"] for e in events] == keys
    assert all(e["actor"]["subject"] == subject for e in events)
    # The one committed as the server died was resent with its key and answered as a replay.
    (killed,) = committed
    assert killed == keys[KILLED_AT - 1]
    assert resent[killed]["position"] == committed[killed]["position"] == head + KILLED_AT
    assert list(resent) == keys[KILLED_AT - 1:]
