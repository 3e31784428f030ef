"""A view database held in memory: a history checkpoint opened without writing it to a file.

Scratch replays (views at an instant) and history checkpoints are private to one process and
thrown away: a file, its WAL and its fsyncs buy them nothing. The database is one SQLite
connection, shared by the threads that read it under a lock (an in-memory database opened from
bytes with `deserialize` cannot be shared between connections).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from services.projections.database import ViewDatabase, ViewTx, _SQLiteTx


class MemoryViewDatabase(ViewDatabase):
    """SQLite in memory, empty or opened from a database file's bytes (`snapshot` gives them back)."""

    dialect = "sqlite"
    path = None

    def __init__(self, data: bytes | None = None) -> None:
        self._conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        if data:
            self._conn.deserialize(data)
        self._conn.execute("PRAGMA case_sensitive_like=ON")  # as the live views and PostgreSQL compare
        self._lock = threading.RLock()

    @contextmanager
    def transaction(self) -> Iterator[ViewTx]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield _SQLiteTx(self._conn)
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self._lock:
            return _SQLiteTx(self._conn).query(sql, params)

    def snapshot(self) -> bytes:
        """The whole database as the bytes of a SQLite file."""
        with self._lock:
            return self._conn.serialize()

    def close(self) -> None:
        with self._lock:
            self._conn.close()
