"""The installation's root log: signed checkpoints of every tenant's chain head, in order.

Storage only (the bodies and signatures are made and checked in services/audit): a table in the
registry's database on PostgreSQL (`cascade_root_log`), or `root-log.sqlite` beside the registry.
"""

from __future__ import annotations

import sqlite3
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tenants.backends import Backend, PostgresBackend, SQLiteBackend


@dataclass(frozen=True)
class RootEntry:
    """One signed checkpoint as stored: its sequence number, canonical body and signature."""

    seq: int
    body: bytes
    signature: bytes


class RootLog(ABC):
    """Append-only by convention; what makes it tamper-evident is the signature and the witness."""

    @abstractmethod
    def append(self, entry: RootEntry) -> bool:
        """Store the entry; False when its sequence number is taken (another writer was first)."""

    @abstractmethod
    def entries(self, after: int = 0, limit: int = 1000) -> list[RootEntry]:
        """Entries with seq > after, in order."""

    @abstractmethod
    def latest(self) -> RootEntry | None:
        """The newest entry, if any."""

    def all(self) -> list[RootEntry]:
        found: list[RootEntry] = []
        while page := self.entries(found[-1].seq if found else 0):
            found.extend(page)
        return found


class SQLiteRootLog(RootLog):
    def __init__(self, path: Path) -> None:
        self.path = path
        with self._connect() as conn:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS root_log (seq INTEGER PRIMARY KEY, body BLOB NOT NULL, "
                "signature BLOB NOT NULL)"
            )

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10)

    def append(self, entry: RootEntry) -> bool:
        try:
            with self._connect() as conn:
                conn.execute("INSERT INTO root_log (seq, body, signature) VALUES (?, ?, ?)",
                             (entry.seq, entry.body, entry.signature))
            return True
        except sqlite3.IntegrityError:
            return False

    def entries(self, after: int = 0, limit: int = 1000) -> list[RootEntry]:
        with self._connect() as conn:
            rows = conn.execute("SELECT seq, body, signature FROM root_log WHERE seq > ? ORDER BY seq LIMIT ?",
                                (after, limit)).fetchall()
        return [RootEntry(int(s), bytes(b), bytes(g)) for s, b, g in rows]

    def latest(self) -> RootEntry | None:
        with self._connect() as conn:
            row = conn.execute("SELECT seq, body, signature FROM root_log ORDER BY seq DESC LIMIT 1").fetchone()
        return RootEntry(int(row[0]), bytes(row[1]), bytes(row[2])) if row else None


class PostgresRootLog(RootLog):
    def __init__(self, datastore: Any, schema: str) -> None:
        from psycopg.sql import SQL, Identifier

        self.datastore = datastore
        table = Identifier(schema, "cascade_root_log")
        self._insert = SQL("INSERT INTO {} (seq, body, signature) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING").format(table)
        self._select = SQL("SELECT seq, body, signature FROM {} WHERE seq > %s ORDER BY seq LIMIT %s").format(table)
        self._latest = SQL("SELECT seq, body, signature FROM {} ORDER BY seq DESC LIMIT 1").format(table)
        with datastore.transaction(commit=True) as curs:
            curs.execute(SQL("CREATE TABLE IF NOT EXISTS {} (seq bigint PRIMARY KEY, body bytea NOT NULL, "
                             "signature bytea NOT NULL)").format(table))

    def append(self, entry: RootEntry) -> bool:
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(self._insert, (entry.seq, entry.body, entry.signature))
            return curs.rowcount == 1

    def entries(self, after: int = 0, limit: int = 1000) -> list[RootEntry]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._select, (after, limit))
            rows = curs.fetchall()
        return [RootEntry(int(r["seq"]), bytes(r["body"]), bytes(r["signature"])) for r in rows]

    def latest(self) -> RootEntry | None:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._latest)
            row = curs.fetchone()
        return RootEntry(int(row["seq"]), bytes(row["body"]), bytes(row["signature"])) if row else None


def root_log(backend: Backend) -> RootLog:
    """The backend's root log, opened once per backend."""
    opened = getattr(backend, "_root_log", None)
    if opened is None:
        from tenants.placement import PlacedBackend

        if isinstance(backend, PlacedBackend):  # one root log per installation: on the home server
            opened = root_log(backend.home)
        elif isinstance(backend, PostgresBackend):
            opened = PostgresRootLog(backend.datastore, backend.schema)
        else:
            assert isinstance(backend, SQLiteBackend)
            opened = SQLiteRootLog(backend.directory / "root-log.sqlite")
        backend._root_log = opened  # type: ignore[attr-defined]
    return opened
