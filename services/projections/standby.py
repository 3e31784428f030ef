"""Views read from a PostgreSQL hot standby: queries go to the replica, every write to the primary.

The projector writes the view rows and their tracking positions on the primary in one
transaction; streaming replication carries both to the standby together, so a standby's
`projection_tracking` says exactly how far its copy of each view has read each tenant's log.
Read-your-writes (`position=`) therefore waits on the standby's own positions: once they reach
the position a command answered, the standby's rows hold that command's effects.

Every `query` (one statement, the readers' path) runs on the standby; every `transaction` (the
writers' path: the projector, feed tokens, unparking, creating a generation) runs on the
primary. The standby refuses writes by itself (a hot standby is read-only); this class never
sends it one.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import structlog

from services.projections.database import PostgresViewDatabase, ViewDatabase, ViewTx

log = structlog.get_logger("cascade.projections")


class StandbyViewDatabase(ViewDatabase):
    """Reads from `replica` (a hot standby of `primary`), writes to `primary`."""

    dialect = "postgres"

    def __init__(self, primary: PostgresViewDatabase, replica: PostgresViewDatabase) -> None:
        self._primary = primary
        self.replica = replica
        self.schema = primary.schema
        self.pool = primary.pool

    @property
    def primary(self) -> PostgresViewDatabase:
        return self._primary

    @contextmanager
    def transaction(self) -> Iterator[ViewTx]:
        with self._primary.transaction() as tx:
            yield tx

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return self.replica.query(sql, params)

    def replayed(self) -> bool:
        """Whether the standby has replayed everything the primary had written when asked."""
        wanted = self._primary.query("SELECT pg_current_wal_lsn()::text AS lsn")[0]["lsn"]
        rows = self.replica.query(
            "SELECT pg_last_wal_replay_lsn() >= ?::pg_lsn AS done", (wanted,)
        )
        return bool(rows[0]["done"])

    def catch_up(self, timeout: float) -> bool:
        """At start-up: wait (bounded) until the standby holds the tables the primary just made."""
        deadline = time.monotonic() + timeout
        while not self.replayed():
            if time.monotonic() >= deadline:
                log.warning("standby_behind", timeout=timeout)
                return False
            time.sleep(0.05)
        return True

    def close(self) -> None:
        """The standby's pool; the primary's belongs to the writers' store, which closes it."""
        self.replica.close()
