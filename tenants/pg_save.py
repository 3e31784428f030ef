"""A tenant's save on PostgreSQL as one statement: a server-side function, one round trip.

Before it, a save was BEGIN, SET LOCAL, LOCK TABLE, NOTIFY, INSERT events, INSERT idempotency,
SELECT chain head, INSERT chain, COMMIT: nine statements in three round trips. The function does
the same in one call, in its own transaction:

- it takes the table lock (writers of the tenant in commit order = position order, as before);
- it compares the log's head (newest position and chain link) with the head the caller chained
  the new events from. The caller knows it from its previous save, so the links (sha256 in
  Python, sealed with a key the database never sees) are computed before the call. If another
  process wrote meanwhile, nothing is written and the function answers the real head: the
  caller chains again from it (`moved`);
- it refuses (`known`) if a key of the save is recorded already (tenants.known_keys);
- it checks that no aggregate the command read has moved on since it was read (`stale`): the
  aggregate cache's version check, under the lock (tenants.aggregate_cache);
- it inserts the events at the positions after the head (their `notification_id`s, the chain
  positions), the chain links, the idempotency row, moves the position sequence on, NOTIFYs.

A version conflict (a stream's version taken) or a key used twice within the call fails it as a
unique violation: an IntegrityError, as before. The function's earlier signature (without
`idem_checks`) is left in place, not dropped: a process of the previous release still calls it
during a rolling upgrade (and looks its keys up before deciding, as it always did).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import IntegrityError, StoredEvent
from psycopg.sql import SQL, Identifier, Literal

from tenants.aggregate_cache import StaleRead
from tenants.chain import RawEvent, chain_links, seal
from tenants.known_keys import KeyKnown, checked_keys

#: A caller that does not know the head yet passes this: never a real position.
UNKNOWN = -1
MAX_MOVES = 10

FUNCTION = """
CREATE OR REPLACE FUNCTION {function}(
    expected_position bigint, expected_hash text,
    ids uuid[], versions bigint[], topics text[], states bytea[], hashes text[], macs text[],
    read_ids uuid[], read_versions bigint[], idem_keys text[], idem_hashes text[], idem_events text[],
    idem_checks text[])
RETURNS TABLE(outcome text, head_position bigint, head_hash text)
LANGUAGE plpgsql AS $body$
DECLARE
    current_position bigint;
    current_hash text;
BEGIN
    PERFORM set_config('lock_timeout', {lock_timeout}, true);
    LOCK TABLE {log} IN EXCLUSIVE MODE;
    SELECT coalesce(max(notification_id), 0) INTO current_position FROM {log};
    SELECT c.hash INTO current_hash FROM {chain} c ORDER BY c.position DESC LIMIT 1;
    IF EXISTS (SELECT 1 FROM {idempotency} k WHERE k.key = ANY(idem_checks)) THEN
        RETURN QUERY SELECT 'known'::text, current_position, current_hash;
        RETURN;
    END IF;
    IF current_position <> expected_position OR current_hash IS DISTINCT FROM expected_hash THEN
        RETURN QUERY SELECT 'moved'::text, current_position, current_hash;
        RETURN;
    END IF;
    IF EXISTS (SELECT 1 FROM unnest(read_ids, read_versions) AS r(id, v)
               JOIN {log} e ON e.originator_id = r.id AND e.originator_version = r.v + 1) THEN
        RETURN QUERY SELECT 'stale'::text, current_position, current_hash;
        RETURN;
    END IF;
    INSERT INTO {log} (originator_id, originator_version, topic, state, notification_id)
        SELECT x.i, x.v, x.t, x.s, current_position + x.n
        FROM unnest(ids, versions, topics, states) WITH ORDINALITY AS x(i, v, t, s, n);
    INSERT INTO {chain} (position, hash, mac)
        SELECT current_position + y.n, y.h, y.m FROM unnest(hashes, macs) WITH ORDINALITY AS y(h, m, n);
    INSERT INTO {idempotency} (key, request_hash, events)
        SELECT * FROM unnest(idem_keys, idem_hashes, idem_events);
    PERFORM setval(pg_get_serial_sequence({log_name}, 'notification_id'),
                   current_position + cardinality(ids));
    NOTIFY {channel};
    RETURN QUERY SELECT 'written'::text, current_position + cardinality(ids), hashes[cardinality(hashes)];
END
$body$
"""


def create_statement(schema: str, prefix: str, table: str, channel: str, lock_timeout: int) -> Any:
    """The tenant's save function `<prefix>_save` (CREATE OR REPLACE: safe to run at every open)."""
    return SQL(FUNCTION).format(
        function=Identifier(schema, f"{prefix}_save"),
        log=Identifier(schema, table),
        log_name=Literal(f'"{schema}"."{table}"'),
        chain=Identifier(schema, f"{prefix}_chain"),
        idempotency=Identifier(schema, f"{prefix}_idempotency"),
        channel=Identifier(channel),
        lock_timeout=Literal(f"{lock_timeout}s"),
    )


def call_statement(schema: str, prefix: str) -> Any:
    return SQL(
        "SELECT * FROM {}(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
    ).format(Identifier(schema, f"{prefix}_save"))


class Head:
    """The log's head as this process last saw it; one save of the tenant at a time per process.

    Writers of a tenant wait for each other on the table lock anyway: waiting here instead
    keeps the known head current, so a save in a single process never has to chain twice.
    """

    def __init__(self) -> None:
        self.position = UNKNOWN
        self.hash: str | None = None
        self.lock = threading.Lock()


def idempotency_rows(events: Sequence[StoredEvent], kwargs: dict[str, Any]) -> list[tuple[Any, str]]:
    """Each idempotency record of a save with the events it covers (as JSON).

    `idempotency`: one record covering every event; `idempotencies`: (record, count) pairs
    covering consecutive events in order (a group commit, services.commands.group_commit).
    """
    record = kwargs.get("idempotency")
    pairs = kwargs.get("idempotencies") or ([(record, len(events))] if record is not None else [])
    rows, at = [], 0
    for each, count in pairs:
        rows.append((each, json.dumps([[str(e.originator_id), e.originator_version] for e in events[at:at + count]])))
        at += count
    return rows


def save_arguments(
    tenant_id: str, key: bytes | None, head: Head, events: Sequence[StoredEvent], kwargs: dict[str, Any]
) -> tuple[list[Any], list[int]]:
    """Parameters of one call: the events chained from the known head, reads, idempotency row."""
    positions = [head.position + n for n in range(1, len(events) + 1)]
    raw = [
        RawEvent(p, str(e.originator_id), e.originator_version, e.topic, e.state)
        for p, e in zip(positions, events, strict=True)
    ]
    links = list(chain_links(tenant_id, raw, head.hash))
    reads: Sequence[tuple[Any, int]] = kwargs.get("reads") or ()
    records = idempotency_rows(events, kwargs)
    return [
        head.position, head.hash,
        [e.originator_id for e in events], [e.originator_version for e in events],
        [e.topic for e in events], [e.state for e in events],
        [h for _, h in links], [seal(key, p, h) if key else None for p, h in links],
        [i for i, _ in reads], [v for _, v in reads],
        [r.key for r, _ in records], [r.request_hash for r, _ in records], [e for _, e in records],
        checked_keys(records, kwargs),
    ], positions


def save(recorder: Any, conn: Any, events: Sequence[StoredEvent], kwargs: dict[str, Any]) -> list[int]:
    """Call the save function until it writes (chaining again from the real head if it moved)."""
    head: Head = recorder.head
    with head.lock:
        for _ in range(MAX_MOVES):
            arguments, positions = save_arguments(recorder.tenant_id, recorder.chain_key, head, events, kwargs)
            with conn.cursor() as curs:
                curs.execute(recorder.save_statement, arguments)
                row = curs.fetchone()
            assert row is not None
            if row["outcome"] == "written":
                head.position, head.hash = row["head_position"], row["head_hash"]
                return positions
            head.position, head.hash = row["head_position"], row["head_hash"]
            if row["outcome"] == "stale":
                raise StaleRead("an aggregate read by the command changed since it was read")
            if row["outcome"] == "known":
                raise KeyKnown("this Idempotency-Key was answered before; nothing written")
        raise IntegrityError("the log kept moving under this save; decide again")
