"""The outbox's worker: sends each pending reminder by SMTP, retrying with backoff.

The address is read when sending, from the person's own stream in the log (decrypted with their
key, domain/reminders.py): switched off meanwhile, or erased on request, the message is
skipped. A message is marked sent only after the server accepted it; a failure (refused,
unreachable, timed out) is counted and tried again after 1, 2, 4... minutes (at most 6 hours),
and given up as `failed` after MAX_ATTEMPTS tries. A restarted worker picks up where the
outbox stands, so a message sent once is never sent again.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Literal
from uuid import UUID

import structlog
from eventsourcing.application import AggregateNotFoundError

from domain.reminders import ReminderSubscription
from services.projections.reminders.projection import mark_failed, mark_sent, mark_skipped
from services.projections.reminders.queries import OutboxEntry, due_for_sending, subscriber
from services.projections.store import ViewStore
from tenants.backends import Backend
from tenants.mapper import is_erased

log = structlog.get_logger("cascade.reminders")

MAX_ATTEMPTS = 12
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)


@dataclass(frozen=True)
class Smtp:
    """Where and how to send: CASCADE_SMTP_* settings (docs/reminders.md)."""

    host: str
    port: int = 25
    sender: str = "cascade@localhost"
    tls: Literal["none", "starttls", "ssl"] = "none"
    user: str = ""
    password: str = ""
    timeout: float = 10.0


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    skipped: int = 0


def retry_delay(attempts: int) -> timedelta:
    """After the n-th failed try: 1, 2, 4... minutes, at most 6 hours."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


def message(entry: OutboxEntry, sender: str, to: str) -> EmailMessage:
    mail = EmailMessage()
    mail["Subject"] = entry.subject_line
    mail["From"] = sender
    mail["To"] = to
    mail["Message-ID"] = make_msgid(domain="cascade")
    mail["Content-Language"] = "ru"
    mail.set_content(entry.text_body, charset="utf-8")
    mail.add_alternative(entry.html_body, subtype="html", charset="utf-8")
    return mail


def _deliver(smtp: Smtp, mail: EmailMessage) -> None:
    if smtp.tls == "ssl":
        client: smtplib.SMTP = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=smtp.timeout,
                                                context=ssl.create_default_context())
    else:
        client = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout)
    with client:
        if smtp.tls == "starttls":
            client.starttls(context=ssl.create_default_context())
        if smtp.user:
            client.login(smtp.user, smtp.password)
        client.send_message(mail)


def _address(backend: Backend, store: ViewStore, entry: OutboxEntry) -> tuple[str | None, str]:
    """The recipient's address now, or None and why not."""
    found = subscriber(store, entry.tenant_id, entry.recipient)
    if found is None:
        return None, "no subscription"
    try:
        subscription = backend.application(entry.tenant_id).repository.get(UUID(found.stream_id))
    except AggregateNotFoundError:
        return None, "no subscription"
    if not isinstance(subscription, ReminderSubscription) or not subscription.enabled:
        return None, "switched off"
    if is_erased(subscription.person):
        return None, "address erased"
    return subscription.person.contact, ""


def send_pending(backend: Backend, store: ViewStore, smtp: Smtp, now: datetime, limit: int = 100) -> SendReport:
    """Send every pending message whose try is due by `now` (UTC); what happened to them."""
    report = SendReport()
    for entry in due_for_sending(store, now, limit):
        to, why = _address(backend, store, entry)
        if to is None:
            mark_skipped(store, entry.key, why)
            report.skipped += 1
            continue
        try:
            _deliver(smtp, message(entry, smtp.sender, to))
        except (smtplib.SMTPException, OSError) as error:
            attempts = entry.attempts + 1
            mark_failed(store, entry.key, f"{type(error).__name__}: {error}", now + retry_delay(attempts),
                        attempts >= MAX_ATTEMPTS)
            log.warning("reminder not sent", tenant=entry.tenant_id, obligation=entry.obligation,
                        kind=entry.kind, attempts=attempts, error=str(error))
            report.failed += 1
            continue
        mark_sent(store, entry.key, now)
        log.info("reminder sent", tenant=entry.tenant_id, obligation=entry.obligation, kind=entry.kind)
        report.sent += 1
    return report
