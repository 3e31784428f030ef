"""Recorders that write, in the events' own transaction, their idempotency record and chain links."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import msgspec
from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from eventsourcing.utils import retry
from psycopg.sql import SQL, Identifier

from tenants import pg_save
from tenants.aggregate_cache import StaleRead
from tenants.chain import RawEvent, chain_links, seal
from tenants.known_keys import KeyKnown, checked_keys
from tenants.pg_save import idempotency_rows


class IdempotencyRecord(msgspec.Struct, frozen=True):
    """What a first request with a key wrote: replays answer from it instead of writing again."""

    key: str
    request_hash: str
    events: tuple[tuple[str, int], ...]
    recorded_at: datetime | None = None


class StoredRecording(msgspec.Struct, frozen=True):
    """An event as the log holds it: its stream, version, type topic and log position."""

    stream_id: UUID
    version: int
    topic: str
    position: int


def _sealed(key: bytes | None, links: list[tuple[int, str]]) -> list[tuple[int, str, str | None]]:
    """Chain rows with their seals (none without a key)."""
    return [(p, h, seal(key, p, h) if key else None) for p, h in links]


def _record_from_row(key: str, request_hash: str, events: str, recorded_at: Any) -> IdempotencyRecord:
    if isinstance(recorded_at, str):
        recorded_at = datetime.fromisoformat(recorded_at)
    return IdempotencyRecord(key=key, request_hash=request_hash, recorded_at=recorded_at,
                             events=tuple((str(i), int(v)) for i, v in json.loads(events)))


def _first_record(keys: Sequence[str], rows: Sequence[Any]) -> IdempotencyRecord | None:
    found = {row["key"]: row for row in rows}
    for key in keys:
        row = found.get(key)
        if row is not None:
            return _record_from_row(row["key"], row["request_hash"], row["events"], row["recorded_at"])
    return None


class SQLiteTenantRecorder(SQLiteApplicationRecorder):
    """Tenant log on SQLite, with its idempotency table in the same file."""

    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            "CREATE TABLE IF NOT EXISTS idempotency ("
            "key TEXT PRIMARY KEY, request_hash TEXT NOT NULL, "
            "events TEXT NOT NULL, recorded_at TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS chain (position INTEGER PRIMARY KEY, hash TEXT NOT NULL, mac TEXT)",
        ]

    def create_table(self) -> None:
        """Also adds the seal column to a chain table made before seals existed."""
        super().create_table()
        with self.datastore.transaction(commit=True) as c:
            c.execute("PRAGMA table_info(chain)")
            if "mac" in {row["name"] for row in c.fetchall()}:
                return
            try:
                c.execute("ALTER TABLE chain ADD COLUMN mac TEXT")
            except Exception as error:  # another process added it a moment ago
                if "duplicate column" not in str(error):
                    raise

    tenant_id = ""
    chain_key: bytes | None = None

    def _insert_events(self, c: Any, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Any:
        now = datetime.now(UTC).isoformat()
        records = idempotency_rows(stored_events, kwargs)
        checks = checked_keys(records, kwargs)
        if checks:  # the save's own key check (tenants.known_keys), inside the write transaction
            c.execute(f"SELECT 1 FROM idempotency WHERE key IN ({','.join('?' * len(checks))})", checks)
            if c.fetchone() is not None:
                raise KeyKnown("this Idempotency-Key was answered before; nothing written")
        c.executemany(
            "INSERT INTO idempotency (key, request_hash, events, recorded_at) VALUES (?,?,?,?)",
            [(r.key, r.request_hash, covered, now) for r, covered in records],
        )
        positions = super()._insert_events(c, stored_events, **kwargs)
        for stream, version in kwargs.get("reads") or ():  # the cache's check, under the write lock
            c.execute(f"SELECT 1 FROM {self.events_table_name} WHERE originator_id = ? AND originator_version = ?",
                      (stream.hex, version + 1))
            if c.fetchone() is not None:
                raise StaleRead(f"aggregate {stream} changed since it was read")
        c.execute("SELECT hash FROM chain ORDER BY position DESC LIMIT 1")
        row = c.fetchone()
        raw = [
            RawEvent(p, str(e.originator_id), e.originator_version, e.topic, e.state)
            for p, e in zip(positions, stored_events, strict=True)
        ]
        links = list(chain_links(self.tenant_id, raw, row["hash"] if row else None))
        c.executemany("INSERT INTO chain (position, hash, mac) VALUES (?, ?, ?)", _sealed(self.chain_key, links))
        return positions

    def raw_events(self, after: int, limit: int) -> list[RawEvent]:
        """Events exactly as stored, in log order, for verification and export."""
        return [
            RawEvent(n.id, str(n.originator_id), n.originator_version, n.topic, n.state)
            for n in self.select_notifications(start=after, limit=limit, inclusive_of_start=False)
        ]

    def chain(self, after: int, limit: int) -> list[tuple[int, str]]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                "SELECT position, hash FROM chain WHERE position > ? ORDER BY position LIMIT ?",
                (after, limit),
            )
            return [(int(r["position"]), r["hash"]) for r in c.fetchall()]

    def seal_missing(self, through: int) -> int:
        """Seal the links up to a verified position that were written without a seal."""
        assert self.chain_key is not None
        with self.datastore.transaction(commit=True) as c:
            c.execute("SELECT position, hash FROM chain WHERE mac IS NULL AND position <= ?", (through,))
            rows = [(seal(self.chain_key, int(r["position"]), r["hash"]), int(r["position"])) for r in c.fetchall()]
            c.executemany("UPDATE chain SET mac = ? WHERE position = ?", rows)
        return len(rows)

    def seals(self, after: int, limit: int) -> list[tuple[int, str | None]]:
        with self.datastore.transaction(commit=False) as c:
            c.execute("SELECT position, mac FROM chain WHERE position > ? ORDER BY position LIMIT ?", (after, limit))
            return [(int(r["position"]), r["mac"]) for r in c.fetchall()]

    def find_idempotency(self, key: str, *fallbacks: str) -> IdempotencyRecord | None:
        """The record of `key`, else of the first fallback that has one (one statement)."""
        keys = (key, *fallbacks)
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT * FROM idempotency WHERE key IN ({','.join('?' * len(keys))})", keys)
            return _first_record(keys, c.fetchall())

    def find_recordings(self, events: Sequence[tuple[str, int]]) -> list[StoredRecording]:
        found = []
        with self.datastore.transaction(commit=False) as c:
            for stream, version in events:
                c.execute(
                    f"SELECT rowid, topic FROM {self.events_table_name} "
                    "WHERE originator_id = ? AND originator_version = ?",
                    (UUID(stream).hex, version),
                )
                row = c.fetchone()
                if row is not None:
                    found.append(StoredRecording(UUID(stream), version, row["topic"], row[0]))
        return found


class PostgresTenantRecorder(PostgresApplicationRecorder):
    """Tenant log on PostgreSQL (`<tenant>_events`), with `<tenant>_idempotency` beside it."""

    def __init__(self, datastore: Any, *, events_table_name: str = "stored_events") -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        self.idempotency_table_name = events_table_name.removesuffix("_events") + "_idempotency"
        self.check_identifier_length(self.idempotency_table_name)
        table = Identifier(self.datastore.schema, self.idempotency_table_name)
        self.sql_create_statements.append(
            SQL(
                "CREATE TABLE IF NOT EXISTS {} (key text PRIMARY KEY, request_hash text NOT NULL, "
                "events text NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now())"
            ).format(table)
        )
        self._insert_idempotency = SQL(
            "INSERT INTO {} (key, request_hash, events) VALUES (%s, %s, %s)"
        ).format(table)
        self._select_idempotency = SQL("SELECT * FROM {} WHERE key = ANY(%s)").format(table)
        chain_table = events_table_name.removesuffix("_events") + "_chain"
        self.check_identifier_length(chain_table)
        self._chain = Identifier(self.datastore.schema, chain_table)
        self.sql_create_statements.append(
            SQL("CREATE TABLE IF NOT EXISTS {} (position bigint PRIMARY KEY, hash text NOT NULL)").format(
                self._chain
            )
        )
        self.sql_create_statements.append(
            SQL("ALTER TABLE {} ADD COLUMN IF NOT EXISTS mac text").format(self._chain)
        )
        prefix = events_table_name.removesuffix("_events")
        self.head = pg_save.Head()
        self.sql_create_statements.append(pg_save.create_statement(
            self.datastore.schema, prefix, events_table_name, self.channel_name, self.datastore.lock_timeout))
        self.save_statement = pg_save.call_statement(self.datastore.schema, prefix)
        self._select_recording = SQL(
            "SELECT notification_id, topic FROM {} WHERE originator_id = %s AND originator_version = %s"
        ).format(Identifier(self.datastore.schema, self.events_table_name))

    tenant_id = ""
    chain_key: bytes | None = None

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        """One call of the tenant's save function (tenants.pg_save): one statement, one round trip."""
        if not stored_events:
            return None
        with self.datastore.get_connection() as conn:
            return pg_save.save(self, conn, stored_events, kwargs)

    def raw_events(self, after: int, limit: int) -> list[RawEvent]:
        """Events exactly as stored, in log order, for verification and export."""
        return [
            RawEvent(n.id, str(n.originator_id), n.originator_version, n.topic, n.state)
            for n in self.select_notifications(start=after, limit=limit, inclusive_of_start=False)
        ]

    def chain(self, after: int, limit: int) -> list[tuple[int, str]]:
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(
                SQL("SELECT position, hash FROM {} WHERE position > %s ORDER BY position LIMIT %s").format(
                    self._chain
                ),
                (after, limit),
            )
            return [(int(r["position"]), r["hash"]) for r in curs.fetchall()]

    def seal_missing(self, through: int) -> int:
        """Seal the links up to a verified position that were written without a seal."""
        assert self.chain_key is not None
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(SQL("SELECT position, hash FROM {} WHERE mac IS NULL AND position <= %s").format(self._chain),
                         (through,))
            rows = [(seal(self.chain_key, int(r["position"]), r["hash"]), int(r["position"])) for r in curs.fetchall()]
            curs.executemany(SQL("UPDATE {} SET mac = %s WHERE position = %s").format(self._chain), rows)
        return len(rows)

    def seals(self, after: int, limit: int) -> list[tuple[int, str | None]]:
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(
                SQL("SELECT position, mac FROM {} WHERE position > %s ORDER BY position LIMIT %s").format(
                    self._chain
                ),
                (after, limit),
            )
            return [(int(r["position"]), r["mac"]) for r in curs.fetchall()]

    def find_idempotency(self, key: str, *fallbacks: str) -> IdempotencyRecord | None:
        """The record of `key`, else of the first fallback that has one (one statement)."""
        keys = (key, *fallbacks)
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(self._select_idempotency, (list(keys),))
            return _first_record(keys, curs.fetchall())

    def find_recordings(self, events: Sequence[tuple[str, int]]) -> list[StoredRecording]:
        found = []
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            for stream, version in events:
                curs.execute(self._select_recording, (UUID(stream), version))
                row = curs.fetchone()
                if row is not None:
                    found.append(
                        StoredRecording(UUID(stream), version, row["topic"], row["notification_id"])
                    )
        return found
