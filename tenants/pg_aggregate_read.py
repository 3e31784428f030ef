"""A command's cold read of one aggregate on PostgreSQL in one statement: newest snapshot, then the events after it.

eventsourcing's repository asks twice (the newest snapshot, then the events after its version):
two round trips for every aggregate a command finds outside the cache. One statement answers
both; the snapshot is still used only once it is trusted (tenants.trusted_snapshots).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from eventsourcing.utils import retry
from psycopg.sql import SQL, Identifier

STATEMENT = """
WITH s AS (SELECT originator_version, topic, state FROM {snapshots}
           WHERE originator_id = %(id)s ORDER BY originator_version DESC LIMIT 1)
SELECT true AS snapshot, originator_version, topic, state FROM s
UNION ALL
SELECT false, e.originator_version, e.topic, e.state FROM {log} e
WHERE e.originator_id = %(id)s AND e.originator_version > coalesce((SELECT originator_version FROM s), 0)
"""


def statement(schema: str, events_table: str, snapshots_table: str) -> Any:
    return SQL(STATEMENT).format(
        snapshots=Identifier(schema, snapshots_table), log=Identifier(schema, events_table)
    )


@retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
def select(recorder: Any, snapshots_table: str, stream: UUID) -> tuple[StoredEvent | None, list[StoredEvent]]:
    """The stream's newest snapshot (None without one) and its events after it, in version order."""
    query = statement(recorder.datastore.schema, recorder.events_table_name, snapshots_table)
    with recorder.datastore.get_connection() as conn, conn.cursor() as curs:
        curs.execute(query, {"id": stream})
        rows = curs.fetchall()
    snapshot, events = None, []
    for row in rows:
        stored = StoredEvent(originator_id=stream, originator_version=row["originator_version"],
                             topic=row["topic"], state=bytes(row["state"]))
        if row["snapshot"]:
            snapshot = stored
        else:
            events.append(stored)
    events.sort(key=lambda e: e.originator_version)
    return snapshot, events
