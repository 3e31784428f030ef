"""`cascade feeds` and `cascade reminders` on the embedded store with the demo, as an operator
runs them (docs/reminders.md): issue, list and revoke a feed URL; send the day's reminders to a
real SMTP server on loopback with the clock set by `--today`, and nothing twice."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import msgspec
import pytest
from aiosmtpd.controller import Controller

from cascade.app import open_backend
from cascade.calendar_store import bundled_calendars
from cascade.demo.kaybitsy.people import FEDOROVSKAYA, USERS
from cascade.settings import Settings
from services.commands.api import AnyCommand
from services.commands.executor import CommandExecutor

CLI = [sys.executable, "-m", "cascade.cli"]
TENANT = "ru-16-kaybitsy"


class Inbox:
    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"


@pytest.fixture
def smtp():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.fixture
def run(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASCADE_")}
    env["CASCADE_DATA_DIR"] = str(tmp_path / "var")

    def invoke(*args: str, check: bool = True, **extra: str) -> subprocess.CompletedProcess:
        result = subprocess.run([*CLI, *args], capture_output=True, text=True, env={**env, **extra},
                                timeout=300, cwd=Path(__file__).resolve().parents[2])
        if check:
            assert result.returncode == 0, result.stderr
        return result

    return invoke


def subscribe(data_dir: Path) -> None:
    """The Fedorovskaya school user gives an address (a command, as through the API)."""
    settings = Settings(data_dir=str(data_dir))
    backend = open_backend(settings)
    try:
        tenant = backend.registry.get(TENANT)
        command = msgspec.convert({"type": "subscribe_reminders", "full_name": "Григорьева Анна Викторовна",
                                   "email": "director.fed@example.org"}, AnyCommand)
        CommandExecutor(bundled_calendars()).execute(
            backend.application(TENANT), tenant, USERS[FEDOROVSKAYA], command, correlation_id="cli-test",
            now=datetime.combine(datetime(2021, 4, 1).date(), time(12), ZoneInfo(tenant.timezone)))
    finally:
        backend.close()


def test_feeds_are_issued_listed_and_revoked(run):
    run("demo", "--once")
    issued = run("feeds", "issue", TENANT, "--role", "school_user", "--school", FEDOROVSKAYA).stdout
    token_id, url = issued.strip().split("\t")
    assert url.startswith("http://127.0.0.1:8000/feeds/") and url.endswith("/calendar.ics")
    assert f"{token_id}\t{TENANT}\t{FEDOROVSKAYA}" in run("feeds", "list").stdout
    assert url.split("/")[4] not in run("feeds", "list").stdout
    assert "revoked" in run("feeds", "revoke", token_id).stdout
    assert run("feeds", "revoke", token_id, check=False).returncode == 1
    foreign = run("feeds", "issue", TENANT, "--role", "school_user", "--school", "nowhere", check=False)
    assert foreign.returncode == 2 and not foreign.stdout


def test_reminders_send_once_with_the_clock_set_by_today(run, smtp, tmp_path):
    inbox, port = smtp
    run("demo", "--once")
    assert run("reminders", "send", check=False).returncode == 2  # no SMTP server configured
    subscribe(tmp_path / "var")
    run("project", "--once")
    server = {"CASCADE_SMTP_HOST": "127.0.0.1", "CASCADE_SMTP_PORT": str(port),
              "CASCADE_SMTP_FROM": "cascade@example.org"}
    # 000 p.2.2: April's report is due by 28.04.2021 (the demo's school filed it on 5 May).
    first = run("reminders", "send", "--today", "2021-04-27", **server).stdout
    assert "failed 0" in first and "sent 0" not in first
    assert all(rcpts == ["director.fed@example.org"] for rcpts, _ in inbox.messages)
    assert any("28.04.2021" in content.decode() or b"=?utf-8?" in content for _, content in inbox.messages)
    sent = len(inbox.messages)
    again = run("reminders", "send", "--today", "2021-04-27", **server).stdout
    assert again.strip() == "planned 0, sent 0, failed 0, skipped 0"
    assert len(inbox.messages) == sent
    assert "\tsent\t1" in run("reminders", "list", "--tenant", TENANT).stdout
