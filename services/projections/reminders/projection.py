"""Reminders view: the only writer of `subscribers` and `outbox`.

`subscribers` follows the log (who wants reminders, in which role and school, on or off; never
the address, which stays encrypted in the person's own stream). `outbox` is written by the
planner for a day (services/projections/reminders/planner.py) and by the sender, each in its
own transaction here: a planned message is one row per (obligation, kind, recipient), inserted
with a row of the ledger `reminders_ledger` in the same transaction, and the ledger row follows
the message to `sent`, `skipped` or `failed`. The ledger is not a generation table: a rebuild of
this view starts a new outbox, the planner puts back what was planned but not yet settled, and
nothing settled is planned again (at most once per obligation, kind and recipient).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from domain.base import CascadeAggregate
from domain.reminders import ReminderSubscription
from services.projections.store import ViewStore
from services.projections.view import BoundTx, Index, View
from tenants.registry import Tenant

LEDGER = (
    "CREATE TABLE IF NOT EXISTS reminders_ledger ("
    "tenant TEXT NOT NULL, obligation TEXT NOT NULL, kind TEXT NOT NULL, recipient TEXT NOT NULL, "
    "planned_on TEXT NOT NULL, state TEXT NOT NULL, PRIMARY KEY (tenant, obligation, kind, recipient))"
)


@dataclass(frozen=True)
class Planned:
    """One message to send: to whom (subject), about which obligation, of which kind."""

    tenant: str
    obligation: str
    kind: str
    recipient: str
    due_on: date
    subject_line: str
    text_body: str
    html_body: str


class RemindersView(View):
    """Subscribers from the log; the outbox of planned and sent reminders."""

    name = "reminders"
    schema = {
        "subscribers": (
            "CREATE TABLE IF NOT EXISTS {subscribers} ("
            "tenant TEXT NOT NULL, subject TEXT NOT NULL, stream_id TEXT NOT NULL, role TEXT NOT NULL, "
            "school TEXT, enabled INTEGER NOT NULL, position BIGINT NOT NULL, PRIMARY KEY (tenant, subject))"
        ),
        "outbox": (
            "CREATE TABLE IF NOT EXISTS {outbox} ("
            "tenant TEXT NOT NULL, obligation TEXT NOT NULL, kind TEXT NOT NULL, recipient TEXT NOT NULL, "
            "due_on TEXT NOT NULL, planned_on TEXT NOT NULL, subject_line TEXT NOT NULL, "
            "text_body TEXT NOT NULL, html_body TEXT NOT NULL, status TEXT NOT NULL, "
            "attempts INTEGER NOT NULL, next_attempt_at TEXT NOT NULL, sent_at TEXT, last_error TEXT, "
            "PRIMARY KEY (tenant, obligation, kind, recipient))"
        ),
    }
    indexes = (Index("outbox", "status, next_attempt_at"), Index("subscribers", "tenant, role, school"))

    def process(self, tx: BoundTx, tenant: Tenant, event: CascadeAggregate.Event, position: int) -> None:
        match event:
            case ReminderSubscription.Subscribed():
                tx.execute(
                    "INSERT INTO {subscribers} (tenant, subject, stream_id, role, school, enabled, position) "
                    "VALUES (?, ?, ?, ?, ?, 1, ?) ON CONFLICT (tenant, subject) DO NOTHING",
                    [tenant.id, event.subject, str(event.originator_id), event.role, event.school, position],
                )
            case ReminderSubscription.SwitchedOff() | ReminderSubscription.SwitchedOn():
                enabled = 1 if isinstance(event, ReminderSubscription.SwitchedOn) else 0
                tx.execute(
                    "UPDATE {subscribers} SET enabled = ?, position = ? WHERE tenant = ? AND stream_id = ?",
                    [enabled, position, tenant.id, str(event.originator_id)],
                )


def plan(store: ViewStore, planned: Sequence[Planned], today: date, now: datetime) -> int:
    """Put the messages into the outbox, each once ever; how many were new."""
    tables = store.reader_tables(RemindersView)
    new = 0
    with store.db.transaction() as raw:
        raw.execute(LEDGER)
        tx = BoundTx(raw, tables)
        for item in planned:
            key = (item.tenant, item.obligation, item.kind, item.recipient)
            raw.execute(
                "INSERT INTO reminders_ledger (tenant, obligation, kind, recipient, planned_on, state) "
                "VALUES (?, ?, ?, ?, ?, 'pending') ON CONFLICT (tenant, obligation, kind, recipient) DO NOTHING",
                (*key, today.isoformat()),
            )
            if raw.query(_LEDGER_STATE, key)[0]["state"] != "pending":
                continue
            new += tx.execute(
                "INSERT INTO {outbox} (tenant, obligation, kind, recipient, due_on, planned_on, "
                "subject_line, text_body, html_body, status, attempts, next_attempt_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?) "
                "ON CONFLICT (tenant, obligation, kind, recipient) DO NOTHING",
                [item.tenant, item.obligation, item.kind, item.recipient, item.due_on.isoformat(),
                 today.isoformat(), item.subject_line, item.text_body, item.html_body, now.isoformat()],
            )
    return new


_LEDGER_STATE = ("SELECT state FROM reminders_ledger "
                 "WHERE tenant = ? AND obligation = ? AND kind = ? AND recipient = ?")


def _update(store: ViewStore, key: tuple[str, str, str, str], sets: str, params: list,
            settled: str | None = None) -> None:
    """Change an outbox row and, once it is settled, its ledger row, in one transaction."""
    tables = store.reader_tables(RemindersView)
    where = "WHERE tenant = ? AND obligation = ? AND kind = ? AND recipient = ?"
    with store.db.transaction() as raw:
        BoundTx(raw, tables).execute(f"UPDATE {{outbox}} SET {sets} {where}", [*params, *key])
        if settled is not None:
            raw.execute(f"UPDATE reminders_ledger SET state = ? {where}", (settled, *key))


def mark_sent(store: ViewStore, key: tuple[str, str, str, str], at: datetime) -> None:
    _update(store, key, "status = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL",
            [at.isoformat()], "sent")


def mark_failed(store: ViewStore, key: tuple[str, str, str, str], error: str, retry_at: datetime,
                give_up: bool) -> None:
    """One more failed try: retried from `retry_at`, or `failed` for good after the last try."""
    _update(store, key, "status = ?, attempts = attempts + 1, next_attempt_at = ?, last_error = ?",
            ["failed" if give_up else "pending", retry_at.isoformat(), error[:500]],
            "failed" if give_up else None)


def mark_skipped(store: ViewStore, key: tuple[str, str, str, str], why: str) -> None:
    """Not sent: the person switched reminders off meanwhile, or their address was erased."""
    _update(store, key, "status = 'skipped', last_error = ?", [why], "skipped")
