"""E-mail reminders (issue 14 item 5) against a real SMTP server on loopback (aiosmtpd).

With the clock at 27 February 2021 the school owing February's report (000 p.2.2, by the 28th)
gets one reminder (N = 1 day before); on 1 March, the day it is missed, one more, and the
municipal officer the weekly digest of what is overdue. Each is sent at most once per
obligation, kind and person, across worker restarts.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from cascade.app import open_view_database
from domain.reminders import ReminderSubscription, subscriber_key
from domain.roles import SCHOOL_USER
from services.auth import Principal
from services.privacy.erasure import erase_person
from services.projections.rebuild import rebuild
from services.projections.reminders.planner import ReminderRules, plan_day
from services.projections.reminders.projection import RemindersView
from services.projections.reminders.queries import outbox
from services.projections.reminders.sender import Smtp, send_pending
from services.projections.store import ViewStore
from tests.e2e.duties import monthly_duty
from tests.e2e.helpers import REGION, TENANT, officer, ok, refused, school_user
from tests.e2e.registers import seed

FED = school_user("k-fed")
SECOND_FED = Principal("deputy.k-fed@example.org", SCHOOL_USER, REGION, TENANT, "k-fed")
CHU = school_user("k-chu")
NOW = datetime(2021, 2, 27, 9, 0, tzinfo=UTC)


class Inbox:
    """The SMTP server's handler: keeps each accepted message; answers 451 while `failing`."""

    def __init__(self) -> None:
        self.messages: list = []
        self.failing = False

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        if self.failing:
            return "451 4.3.0 try again later"
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"

    def to(self, address: str) -> list:
        return [m for rcpts, m in self.messages if address in rcpts]


@pytest.fixture
def smtp():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, Smtp("127.0.0.1", port, "cascade@example.org")
    finally:
        controller.stop()


def subscribe(api, who, email: str, name: str) -> None:
    ok(api, {"type": "subscribe_reminders", "full_name": name, "email": email}, who)


@pytest.fixture
def owing(api):
    """k-fed has a roadmap, so it owes the monthly report (obligor: roadmap schools); k-chu none."""
    seed(api)
    ok(api, monthly_duty())
    ok(api, {"type": "approve_roadmap", "roadmap": "rm-fed", "school": "k-fed", "title": "Дорожная карта",
             "period_start": "2021-02-01", "period_end": "2021-12-31", "approved_on": "2021-02-01"})
    ok(api, {"type": "add_roadmap_item", "roadmap": "rm-fed", "item": "i1", "section": "Раздел",
             "title": "Мероприятие", "schedule": {"form": "deadline", "due": "2021-06-30"},
             "responsible": ["директор"]})
    subscribe(api, FED, "director.fed@example.org", "Григорьева Анна Викторовна")
    subscribe(api, SECOND_FED, "deputy.fed@example.org", "Иванова Мария Петровна")
    ok(api, {"type": "switch_reminders", "enabled": False}, SECOND_FED)
    subscribe(api, CHU, "director.chu@example.org", "Шарафутдинова Лилия Тагировна")
    subscribe(api, officer(), "officer@example.org", "Петрова Светлана Тимуровна")
    api.project()
    return api


@pytest.fixture
def worker(owing) -> Iterator[Callable[[], ViewStore]]:
    """Opens a worker process of its own (a fresh pool on the view database) each call; all are
    closed when the test ends: a pool left to the garbage collector may be collected in its own
    thread, which then fails to join itself (an unraisable RuntimeError that fails the test)."""
    opened: list[ViewStore] = []

    def open_worker() -> ViewStore:
        opened.append(ViewStore(open_view_database(owing.settings, owing.backend)))
        return opened[-1]

    try:
        yield open_worker
    finally:
        for store in opened:
            store.db.close()


def run(api, store, server, day: date, now: datetime = NOW):
    tenants = [t for t in api.backend.registry.all() if t.id == TENANT]
    plan_day(store, tenants, day, ReminderRules(), now)
    return send_pending(api.backend, store, server, now)


def test_on_27_february_the_school_owing_februarys_report_gets_exactly_one_email(owing, smtp, worker):
    inbox, server = smtp
    report = run(owing, worker(), server, date(2021, 2, 27))
    assert (report.sent, report.failed) == (1, 0)
    [mail] = inbox.to("director.fed@example.org")
    assert len(inbox.messages) == 1  # nobody else: the switched-off deputy, k-chu, the officer
    assert mail["Subject"].startswith("Напоминание: срок 28.02.2021")
    assert mail["From"] == "cascade@example.org"
    assert mail.get_content_type() == "multipart/alternative"
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert "Завтра, 28.02.2021, истекает срок" in text and "Здравствуйте!" in text
    assert "<h1>Напоминание: срок 28.02.2021" in html and 'lang="ru"' in html


def test_a_restarted_worker_sends_nothing_twice(owing, smtp, worker):
    inbox, server = smtp
    run(owing, worker(), server, date(2021, 2, 27))
    again = run(owing, worker(), server, date(2021, 2, 27), NOW + timedelta(hours=1))
    later = run(owing, worker(), server, date(2021, 2, 28), NOW + timedelta(days=1))
    assert (again.sent, later.sent) == (0, 0)
    assert len(inbox.to("director.fed@example.org")) == 1


def test_the_day_it_is_missed_the_school_is_told_and_the_officer_gets_the_weekly_digest(owing, smtp, worker):
    inbox, server = smtp
    monday = datetime(2021, 3, 1, 9, 0, tzinfo=UTC)
    report = run(owing, worker(), server, date(2021, 3, 1), monday)
    assert report.sent == 2
    [missed] = inbox.to("director.fed@example.org")
    assert missed["Subject"].startswith("Срок пропущен:") and "28.02.2021" in missed["Subject"]
    [digest] = inbox.to("officer@example.org")
    assert digest["Subject"] == "Сводка за неделю 2021-W09: просрочено 1 — Кайбицкий муниципальный район"
    assert "28.02.2021" in digest.get_body(("plain",)).get_content()
    assert inbox.to("deputy.fed@example.org") == [] and inbox.to("director.chu@example.org") == []
    run(owing, worker(), server, date(2021, 3, 2), monday + timedelta(days=1))
    assert len(inbox.messages) == 2


def test_a_failing_smtp_server_is_retried_and_the_mail_sent_once_it_is_back(owing, smtp, worker):
    inbox, server = smtp
    inbox.failing = True
    store = worker()
    assert run(owing, store, server, date(2021, 2, 27)).failed == 1
    [entry] = outbox(store, TENANT)
    assert (entry.status, entry.attempts, entry.sent_at) == ("pending", 1, None)
    assert "451" in (entry.last_error or "")
    inbox.failing = False
    assert send_pending(owing.backend, store, server, NOW).sent == 0  # not before its backoff
    assert send_pending(owing.backend, worker(), server, NOW + timedelta(minutes=2)).sent == 1
    [entry] = outbox(store, TENANT)
    assert (entry.status, entry.attempts) == ("sent", 2)
    assert len(inbox.messages) == 1


def test_an_unreachable_server_is_retried_too(owing, smtp, worker):
    inbox, server = smtp
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = Smtp("127.0.0.1", sock.getsockname()[1], server.sender, timeout=2)
    store = worker()
    assert run(owing, store, closed, date(2021, 2, 27)).failed == 1
    assert send_pending(owing.backend, store, server, NOW + timedelta(minutes=2)).sent == 1
    assert len(inbox.messages) == 1


def test_a_rebuild_of_the_view_loses_no_pending_reminder_and_sends_none_twice(owing, smtp, worker):
    inbox, server = smtp
    view = next(v for v in owing.client.app.state.services.read.views if isinstance(v, RemindersView))
    store = worker()
    inbox.failing = True
    assert run(owing, store, server, date(2021, 2, 27)).failed == 1
    rebuild(owing.backend, store, view)
    assert outbox(store, TENANT) == []  # a new generation: the pending message is planned again
    inbox.failing = False
    assert run(owing, store, server, date(2021, 2, 28), NOW + timedelta(days=1)).sent == 1
    rebuild(owing.backend, store, view)
    assert run(owing, store, server, date(2021, 2, 28), NOW + timedelta(days=1, hours=1)).sent == 0
    assert len(inbox.messages) == 1


def test_a_person_switched_off_after_planning_gets_nothing(owing, smtp, worker):
    inbox, server = smtp
    store = worker()
    plan_day(store, [owing.backend.registry.get(TENANT)], date(2021, 2, 27), ReminderRules(), NOW)
    ok(owing, {"type": "switch_reminders", "enabled": False}, FED)
    assert send_pending(owing.backend, store, server, NOW).skipped == 1
    assert inbox.messages == []


def test_the_address_is_never_in_clear_in_the_log_or_a_view(owing, worker):
    recorder = owing.backend.application(TENANT).recorder
    stream = ReminderSubscription.stream_for(TENANT, subscriber_key(FED.subject))
    stored = recorder.select_events(stream)
    assert stored and all(b"director.fed@example.org" not in e.state for e in stored)
    store = worker()
    plan_day(store, [owing.backend.registry.get(TENANT)], date(2021, 2, 27), ReminderRules(), NOW)
    rows = [str(e) for e in outbox(store, TENANT)]
    assert rows and not any("director.fed@example.org" in row for row in rows)
    assert owing.load(ReminderSubscription, subscriber_key(FED.subject)).person.contact == \
        "director.fed@example.org"


def test_an_address_erased_on_request_is_never_written_to(owing, smtp, worker):
    """152-ФЗ: the address is erasable like every personal datum (services/privacy)."""
    inbox, server = smtp
    erase_person(owing.backend, owing.client.app.state.services.read, TENANT, "Григорьева Анна Викторовна")
    report = run(owing, worker(), server, date(2021, 2, 27))
    assert (report.sent, report.skipped) == (0, 1)
    assert inbox.messages == []
    assert owing.load(ReminderSubscription, subscriber_key(FED.subject)).person.contact == ""


def test_reminders_are_the_callers_own_and_need_an_address(api):
    seed(api)
    refused(api, {"type": "switch_reminders", "enabled": False}, FED, 404, field="subscription")
    ok(api, {"type": "subscribe_reminders", "full_name": "Иванова", "email": "i@example.org"}, FED)
    refused(api, {"type": "switch_reminders", "enabled": True}, FED, 409, field="enabled")
    refused(api, {"type": "subscribe_reminders", "full_name": "Иванова", "email": "not an address"},
            FED, 422, field="email")
