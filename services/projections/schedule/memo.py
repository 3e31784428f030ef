"""The `streams` rows of a tenant, parsed, for one transaction of the schedule view and kept between
the runner's live batches.

`_owe` reads every duty-relevant stream of the tenant on each event that may change what is owed;
reading and parsing them from the table each time made a replay quadratic in reads and JSON
decoding (issue 16 goals 4 and 5). Within one transaction the view writes through this memo, so it
always equals the table. A live batch (BoundTx with a Mark) also keeps it for the next batch of
the tenant, which adopts it only if the view's position and parked count are still those the
keeping batch committed (so nobody else wrote the rows meanwhile); a batch that fails drops it
(it is taken out while in use), and a transaction without a Mark (a retried parked event) drops
every kept copy of the tenant (issue 16 goal 3).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import msgspec

#: The facts as stored (json.dumps text), parsed a few times faster than json.loads does.
_decode = msgspec.json.Decoder().decode

#: (kind, key, school, facts) of a stream.
Stream = tuple[str, str, str, dict[str, Any]]
#: Tenants whose streams are kept between batches, at most (the oldest kept is dropped first).
KEPT = 64


class _Open:
    """What one thread's current transaction has read: per generation, per tenant."""

    def __init__(self, owner: object) -> None:
        self.owner = owner
        self.tenants: dict[tuple[str, str], dict[str, Stream]] = {}
        #: -> kind -> stream -> facts with key and school, as `_owe` reads them (never mutated).
        self.flat: dict[tuple[str, str], dict[str, dict[str, dict[str, Any]]]] = {}
        self.looked: set[tuple[str, str]] = set()


class StreamsMemo:
    def __init__(self) -> None:
        self._local = threading.local()
        #: (scope, generation, tenant) -> (stamp it is valid at, streams, flat).
        self.kept: dict[tuple[object, str, str], tuple[object, dict[str, Stream], dict[str, Any]]] = {}
        self._lock = threading.Lock()

    def _open(self, tx: Any) -> _Open:
        found = getattr(self._local, "open", None)
        if found is None or found.owner is not tx.tx:
            found = self._local.open = _Open(tx.tx)
        return found

    @staticmethod
    def _key(tx: Any, tenant: str) -> tuple[str, str]:
        return (f"g{tx.tables.generation}", tenant)  # the generation whose streams table it copies

    def _adopt(self, tx: Any, state: _Open, tenant: str) -> None:
        """Take the copy a previous batch kept, once per transaction (taken out: a rollback forgets it)."""
        key = self._key(tx, tenant)
        if key in state.looked:
            return
        state.looked.add(key)
        mark = getattr(tx, "mark", None)
        with self._lock:
            if mark is None:  # not a live batch: whatever it writes, no kept copy may outlive it
                for gone in [k for k in self.kept if k[1:] == key]:
                    del self.kept[gone]
                return
            kept = self.kept.pop((mark.scope, *key), None)
        if kept is not None and kept[0] == mark.since and key not in state.tenants:
            state.tenants[key], state.flat[key] = kept[1], kept[2]

    def committed(self, tx: Any) -> None:
        """`tx` (a live batch of one tenant) committed: keep its streams for the tenant's next batch."""
        if (mark := getattr(tx, "mark", None)) is None:
            return
        key = self._key(tx, mark.tenant)
        state = getattr(self._local, "open", None)
        used = state is not None and state.owner is tx.tx and key in state.looked
        with self._lock:
            if state is not None and state.owner is tx.tx and key in state.tenants:
                self.kept[(mark.scope, *key)] = (mark.after, state.tenants[key], state.flat[key])
            elif not used and (kept := self.kept.get((mark.scope, *key))) and kept[0] == mark.since:
                self.kept[(mark.scope, *key)] = (mark.after, *kept[1:])  # untouched: still equal to the table
            while len(self.kept) > KEPT:
                del self.kept[next(iter(self.kept))]

    def by_kind(self, tx: Any, tenant: str, load: Callable[[], list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
        """Every stream's facts (with `key` and `school`) of the tenant, by kind."""
        self.rows(tx, tenant, load)
        return {kind: list(streams.values()) for kind, streams in self._open(tx).flat[self._key(tx, tenant)].items()}

    def has(self, tx: Any, tenant: str, kind: str, load: Callable[[], list[dict[str, Any]]]) -> bool:
        """Whether the tenant has a stream of this kind (without listing every kind's)."""
        self.rows(tx, tenant, load)
        return bool(self._open(tx).flat[self._key(tx, tenant)].get(kind))

    @staticmethod
    def _flatten(flat: dict[str, dict[str, dict[str, Any]]], stream: str, row: Stream, before: Stream | None) -> None:
        if before is not None:
            flat.get(before[0], {}).pop(stream, None)
        flat.setdefault(row[0], {})[stream] = {**row[3], "key": row[1], "school": row[2]}

    def rows(self, tx: Any, tenant: str, load: Callable[[], list[dict[str, Any]]]) -> dict[str, Stream]:
        """Every stream of the tenant, by stream id (read from the table once per transaction)."""
        state, key = self._open(tx), self._key(tx, tenant)
        self._adopt(tx, state, tenant)
        if key not in state.tenants:
            streams = {r["stream"]: (r["kind"], r["key"], r["school"], _decode(r["facts"])) for r in load()}
            flat: dict[str, dict[str, dict[str, Any]]] = {}
            for stream, row in streams.items():
                self._flatten(flat, stream, row, None)
            state.tenants[key], state.flat[key] = streams, flat
        return state.tenants[key]

    def known(self, tx: Any, tenant: str) -> dict[str, Stream] | None:
        """The tenant's streams if already read in this transaction or kept (else ask the table)."""
        state = self._open(tx)
        self._adopt(tx, state, tenant)
        return state.tenants.get(self._key(tx, tenant))

    def put(self, tx: Any, tenant: str, stream: str, kind: str, key: str, school: str, facts: str) -> None:
        """A stream as just written (`facts` as stored: the JSON text)."""
        if (found := self.known(tx, tenant)) is not None:
            before, found[stream] = found.get(stream), (kind, key, school, _decode(facts))
            self._flatten(self._open(tx).flat[self._key(tx, tenant)], stream, found[stream], before)
