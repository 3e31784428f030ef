"""Subscribers and the outbox of reminders: the only reader of the reminders tables."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import msgspec

from services.projections.reminders.projection import RemindersView
from services.projections.store import ViewStore


class Subscriber(msgspec.Struct, frozen=True):
    """A person who gave an address (kept encrypted in `stream_id`, never here)."""

    tenant_id: str
    subject: str
    stream_id: str
    role: str
    school: str | None
    enabled: bool


class OutboxEntry(msgspec.Struct, frozen=True):
    """One planned reminder and where its sending stands."""

    tenant_id: str
    obligation: str
    kind: str
    recipient: str
    due_on: date
    planned_on: date
    subject_line: str
    text_body: str
    html_body: str
    status: str
    attempts: int
    next_attempt_at: datetime
    sent_at: datetime | None
    last_error: str | None

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.tenant_id, self.obligation, self.kind, self.recipient)


def _subscriber(row: dict[str, Any]) -> Subscriber:
    return Subscriber(row["tenant"], row["subject"], row["stream_id"], row["role"], row["school"],
                      bool(row["enabled"]))


def _entry(row: dict[str, Any]) -> OutboxEntry:
    return OutboxEntry(
        row["tenant"], row["obligation"], row["kind"], row["recipient"], date.fromisoformat(row["due_on"]),
        date.fromisoformat(row["planned_on"]), row["subject_line"], row["text_body"], row["html_body"],
        row["status"], int(row["attempts"]), datetime.fromisoformat(row["next_attempt_at"]),
        datetime.fromisoformat(row["sent_at"]) if row["sent_at"] else None, row["last_error"],
    )


def subscribers(store: ViewStore, tenant_id: str, enabled_only: bool = True) -> list[Subscriber]:
    """The tenant's subscribers (those with reminders on), by subject."""
    tables = store.reader_tables(RemindersView)
    sql = "SELECT * FROM {subscribers} WHERE tenant = ?" + (" AND enabled = 1" if enabled_only else "")
    return [_subscriber(r) for r in store.db.query(tables.sql(sql + " ORDER BY subject"), [tenant_id])]


def subscriber(store: ViewStore, tenant_id: str, subject: str) -> Subscriber | None:
    tables = store.reader_tables(RemindersView)
    rows = store.db.query(tables.sql("SELECT * FROM {subscribers} WHERE tenant = ? AND subject = ?"),
                          [tenant_id, subject])
    return _subscriber(rows[0]) if rows else None


def due_for_sending(store: ViewStore, now: datetime, limit: int = 100) -> list[OutboxEntry]:
    """Pending messages whose next try is due by `now`, oldest first."""
    tables = store.reader_tables(RemindersView)
    rows = store.db.query(
        tables.sql("SELECT * FROM {outbox} WHERE status = 'pending' AND next_attempt_at <= ? "
                   "ORDER BY planned_on, tenant, obligation, kind, recipient LIMIT ?"),
        [now.isoformat(), limit],
    )
    return [_entry(r) for r in rows]


def outbox(store: ViewStore, tenant_id: str | None = None) -> list[OutboxEntry]:
    """Every planned message (of one tenant), oldest first: what was sent, is pending, failed."""
    tables = store.reader_tables(RemindersView)
    where, params = ("WHERE tenant = ? ", [tenant_id]) if tenant_id else ("", [])
    rows = store.db.query(
        tables.sql(f"SELECT * FROM {{outbox}} {where}ORDER BY planned_on, tenant, obligation, kind, recipient"),
        params,
    )
    return [_entry(r) for r in rows]
