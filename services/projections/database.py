"""The read side's own database: one SQLite file, or tables in the PostgreSQL schema; same SQL."""

from __future__ import annotations

import re
import sqlite3
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

_PLACEHOLDER = re.compile(r"\?")


class ViewTx(ABC):
    """One transaction: views write rows and tracking together, or not at all."""

    @abstractmethod
    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run a statement; returns the number of rows it changed."""

    @abstractmethod
    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run a statement once per row."""

    @abstractmethod
    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Rows as dicts."""

    def copy_rows(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """Insert many rows into one table at once (PostgreSQL: COPY)."""
        names, marks = ", ".join(f'"{c}"' for c in columns), ", ".join("?" * len(columns))
        self.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)

    def lock(self, key: str) -> None:
        """Serialise writers of one key until commit (SQLite: the write lock already does)."""

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Send many statements without waiting for each (PostgreSQL pipeline mode)."""
        yield


class ViewDatabase(ABC):
    """Portable SQL with `?` placeholders; dates stored as ISO text, JSON as text."""

    dialect: str

    @abstractmethod
    @contextmanager
    def transaction(self) -> Iterator[ViewTx]:
        """Commit on success, roll back on any exception."""

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self.transaction() as tx:
            return tx.query(sql, params)

    @contextmanager
    def batch_transaction(self) -> Iterator[ViewTx]:
        """A transaction of rows rebuilt from the log: pipelined, its commit not waited for on disk.

        Safe because a view's rows and its positions commit together: a commit lost in a crash
        loses both, and the runner reads those events again.
        """
        with self.transaction() as tx, tx.batch():
            yield tx

    @abstractmethod
    def close(self) -> None:
        """Release connections."""

    @property
    def primary(self) -> ViewDatabase:
        """Where registers that are not views (feed tokens) read and write: itself, or a
        standby's primary (services/projections/standby.py)."""
        return self


class _SQLiteTx(ViewTx):
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        return self.conn.execute(sql, tuple(params)).rowcount

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self.conn.executemany(sql, (tuple(r) for r in rows))

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cursor = self.conn.execute(sql, tuple(params))
        names = [d[0] for d in cursor.description or ()]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


#: LIKE is case-sensitive as on PostgreSQL, in the live views and the scratch alike, so that ids
#: differing only in case match the same rows on both backends and in a rebuild as when live, and a
#: prefix LIKE searches the primary key instead of scanning the tenant.
_LIVE = ("PRAGMA synchronous=NORMAL", "PRAGMA case_sensitive_like=ON")
#: A scratch file thrown away after use (a rebuild's fold): no fsync, the rollback journal in
#: memory (a failed batch still rolls back), a larger page cache.
_SCRATCH = ("PRAGMA synchronous=OFF", "PRAGMA journal_mode=MEMORY", "PRAGMA cache_size=-65536",
            "PRAGMA temp_store=MEMORY", "PRAGMA case_sensitive_like=ON")


class SQLiteViewDatabase(ViewDatabase):
    """`<data dir>/views.sqlite` in WAL mode: the projector writes while the API reads."""

    dialect = "sqlite"

    def __init__(self, path: Path, scratch: bool = False) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.scratch = scratch
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        if not scratch:
            self._connection().execute("PRAGMA journal_mode=WAL")

    def _connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA busy_timeout=30000")
            for pragma in _SCRATCH if self.scratch else _LIVE:
                conn.execute(pragma)
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    @contextmanager
    def transaction(self) -> Iterator[ViewTx]:
        conn = self._connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield _SQLiteTx(conn)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Reads need no write lock: autocommit snapshot of one statement."""
        return _SQLiteTx(self._connection()).query(sql, params)

    def tuples(self, sql: str, params: Sequence[Any] = ()) -> tuple[list[str], Iterator[tuple]]:
        """Column names and rows as tuples, read as they are consumed (a bulk copy's source)."""
        cursor = self._connection().execute(sql, tuple(params))
        return [d[0] for d in cursor.description or ()], iter(cursor)

    def snapshot(self) -> bytes:
        """The whole database as one file's bytes (the WAL folded in first)."""
        self._connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return self.path.read_bytes()

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                try:
                    conn.close()
                except sqlite3.ProgrammingError:
                    pass
            self._all.clear()
        self._local = threading.local()


class _PostgresTx(ViewTx):
    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.pipeline: Any = None

    @staticmethod
    def _sql(sql: str) -> str:
        return _PLACEHOLDER.sub("%s", sql.replace("%", "%%"))

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        with self.conn.cursor() as cur:
            cur.execute(self._sql(sql), tuple(params))
            return cur.rowcount

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            with self.conn.cursor() as cur:
                cur.executemany(self._sql(sql), [tuple(r) for r in rows])

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self.conn.cursor() as cur:
            cur.execute(self._sql(sql), tuple(params))
            if self.pipeline is not None:
                self.pipeline.sync()  # in pipeline mode the result is not here yet
            if cur.description is None:
                return []
            names = [d.name for d in cur.description]
            return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


    def copy_rows(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        names = ", ".join(f'"{c}"' for c in columns)
        with self.conn.cursor() as cur, cur.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


class _PostgresLockingTx(_PostgresTx):
    @contextmanager
    def batch(self) -> Iterator[None]:
        if self.pipeline is not None:  # the whole transaction is one pipeline already
            yield
            return
        with self.conn.pipeline() as pipeline:
            self.pipeline = pipeline
            try:
                yield
            finally:
                self.pipeline = None

    def lock(self, key: str) -> None:
        import zlib

        self.execute("SELECT pg_advisory_xact_lock(?)", (zlib.crc32(key.encode()),))


class PostgresViewDatabase(ViewDatabase):
    """View tables in the configured schema, on a small pool of their own."""

    dialect = "postgres"

    def __init__(self, url: str, schema: str = "public", pool_size: int = 4) -> None:
        from psycopg_pool import ConnectionPool

        self.schema = schema
        self.pool = ConnectionPool(
            url, min_size=1, max_size=pool_size, open=True, timeout=5,
            # A restarted server must not leave dead connections or a long reconnect backoff.
            check=ConnectionPool.check_connection, reconnect_timeout=5,
            # No prepared statements: an aborted pipeline leaves psycopg's cache out of step
            # with the server (see tenants/pg_datastore.py, FailFastDatastore).
            kwargs={
                "options": f"-c search_path={schema}", "connect_timeout": 3,
                "prepare_threshold": None,
            },
        )

    @contextmanager
    def transaction(self) -> Iterator[ViewTx]:
        with self.pool.connection() as conn, conn.transaction():
            yield _PostgresLockingTx(conn)

    @contextmanager
    def batch_transaction(self) -> Iterator[ViewTx]:
        """BEGIN to COMMIT in one pipeline: round trips only where a result is read."""
        with self.pool.connection() as conn:
            conn.autocommit = True  # BEGIN and COMMIT go down the pipeline, not waited for alone
            try:
                with conn.pipeline() as pipeline:
                    tx = _PostgresLockingTx(conn)
                    tx.pipeline = pipeline
                    tx.execute("BEGIN")
                    tx.execute("SET LOCAL synchronous_commit = off")
                    yield tx
                    tx.execute("COMMIT")
            except BaseException:
                with suppress(Exception):  # a failed statement left the transaction open
                    conn.execute("ROLLBACK")
                raise
            finally:
                with suppress(Exception):
                    conn.autocommit = False

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """One statement is its own snapshot: no BEGIN and COMMIT round trips around it."""
        with self.pool.connection() as conn:
            conn.autocommit = True
            try:
                return _PostgresTx(conn).query(sql, params)
            finally:
                with suppress(Exception):  # a broken connection is the pool's to replace
                    conn.autocommit = False

    def close(self) -> None:
        self.pool.close()
