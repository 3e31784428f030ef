"""Several streams of one tenant read in one query and folded from their events (a register page's people).

`repository.get` costs two round trips per stream (its snapshot, then the events after it); a page
of 50 schools shows 34 partnerships and 102 posts. Folding every event of the named streams from
one select gives the same aggregates (a snapshot is only a cache of that fold) and decrypts through
the same mapper, so an erased person is erased here too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from psycopg.rows import tuple_row
from psycopg.sql import SQL, Identifier

from tenants.recorders import PostgresTenantRecorder, SQLiteTenantRecorder


def _stored(recorder: Any, ids: Sequence[UUID]) -> list[StoredEvent]:
    if isinstance(recorder, PostgresTenantRecorder):
        table = Identifier(recorder.datastore.schema, recorder.events_table_name)
        with recorder.datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row) as curs:
            curs.execute(SQL("SELECT originator_id, originator_version, topic, state FROM {} "
                             "WHERE originator_id = ANY(%s) ORDER BY originator_id, originator_version").format(table),
                         (list(ids),))
            return [StoredEvent(r[0], r[1], r[2], bytes(r[3])) for r in curs.fetchall()]
    marks = ", ".join("?" for _ in ids)
    with recorder.datastore.transaction(commit=False) as c:
        c.execute(f"SELECT originator_id, originator_version, topic, state FROM {recorder.events_table_name} "
                  f"WHERE originator_id IN ({marks}) ORDER BY originator_id, originator_version",
                  [i.hex for i in ids])
        return [StoredEvent(UUID(r["originator_id"]), r["originator_version"], r["topic"], r["state"])
                for r in c.fetchall()]


def supported(app: Any) -> bool:
    return isinstance(app.recorder, PostgresTenantRecorder | SQLiteTenantRecorder)


def load_many(app: Any, ids: Sequence[UUID]) -> dict[UUID, Any]:
    """The aggregates of these streams that exist, each folded from all its events (blocking)."""
    found: dict[UUID, Any] = {}
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), 500):
        for stored in _stored(app.recorder, wanted[start:start + 500]):
            event = app.mapper.to_domain_event(stored)
            found[event.originator_id] = event.mutate(found.get(event.originator_id))
    return {key: aggregate for key, aggregate in found.items() if aggregate is not None}
