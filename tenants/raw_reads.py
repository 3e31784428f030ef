"""A tenant's log and chain as stored, as plain tuples: what verification hashes.

Verification needs no decoding and no notification objects: reading these rows straight from the
recorder's tables leaves the hashing itself as most of its cost (issue 16 goal 5). PostgreSQL sends
them in binary: the states as raw bytes, not hex text to parse (the same Python values).
"""

from __future__ import annotations

from typing import Any

from psycopg.rows import tuple_row
from psycopg.sql import SQL, Identifier

from tenants.recorders import PostgresTenantRecorder, SQLiteTenantRecorder

RawRow = tuple[int, str, int, str, bytes]
"""(position, stream, version, topic, state)."""
ChainRow = tuple[int, str, str | None]
"""(position, link, seal)."""


def supported(recorder: Any) -> bool:
    return isinstance(recorder, PostgresTenantRecorder | SQLiteTenantRecorder)


def raw_rows(recorder: Any, after: int, limit: int) -> list[RawRow]:
    """Events after `after` in log order, exactly as stored."""
    if isinstance(recorder, PostgresTenantRecorder):
        table = Identifier(recorder.datastore.schema, recorder.events_table_name)
        with recorder.datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row, binary=True) as curs:
            curs.execute(SQL("SELECT notification_id, originator_id::text, originator_version, topic, state "
                             "FROM {} WHERE notification_id > %s ORDER BY notification_id LIMIT %s").format(table),
                         (after, limit))
            return curs.fetchall()
    with recorder.datastore.transaction(commit=False) as c:
        c.row_factory = None  # plain tuples, not sqlite3.Row
        c.execute(f"SELECT rowid, originator_id, originator_version, topic, state "
                  f"FROM {recorder.events_table_name} WHERE rowid > ? ORDER BY rowid LIMIT ?",
                  (after, limit))
        return c.fetchall()


def chain_rows(recorder: Any, after: int, limit: int) -> list[ChainRow]:
    """Links after `after` with their seals, in one read (`chain` and `seals` together)."""
    if isinstance(recorder, PostgresTenantRecorder):
        with recorder.datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row, binary=True) as curs:
            curs.execute(SQL("SELECT position, hash, mac FROM {} WHERE position > %s ORDER BY position LIMIT %s")
                         .format(recorder._chain), (after, limit))
            return curs.fetchall()
    with recorder.datastore.transaction(commit=False) as c:
        c.row_factory = None
        c.execute("SELECT position, hash, mac FROM chain WHERE position > ? ORDER BY position LIMIT ?", (after, limit))
        return c.fetchall()
