"""Aggregates a tenant's commands just wrote or read, kept so the next command need not read them back.

Never trusted blindly: a command that decided on a cached aggregate saves with that aggregate's
version. An aggregate it changes conflicts on its next version (the events' primary key) if
another process wrote it meanwhile; one it only read is named in the save's `reads`, which the
save checks under the table lock (tenants.pg_save, SQLiteTenantRecorder). Either way nothing is
written, the executor forgets the command's aggregates and decides again from the store.

Each hit is a deep copy: a handler that changes an aggregate and is then refused leaves the
cached one as it was. A stream the store did not have is kept as ABSENT, checked by the save
as a read at version 0 (its first event must not exist yet), so a command checking that a
stream is new, or that the tenant has no rules of its own, need not ask the store each time.
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError

#: Aggregates kept per tenant (least recently used dropped first).
CACHE_SIZE = 2000


#: What `get` answers for a stream the store did not have when it was last read.
ABSENT: Any = type("Absent", (), {"__repr__": lambda self: "ABSENT", "version": 0, "pending_events": ()})()


class StaleRead(IntegrityError):
    """An aggregate the command decided on changed since it was read: decide again from the store."""


class AggregateCache:
    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self._items: OrderedDict[UUID, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, aggregate_id: UUID) -> Any | None:
        """A private copy of the cached aggregate, ABSENT, or None (not cached)."""
        with self._lock:
            found = self._items.get(aggregate_id)
            if found is None:
                return None
            self._items.move_to_end(aggregate_id)
        return found if found is ABSENT else copy.deepcopy(found)

    def put_absent(self, aggregate_id: UUID) -> None:
        """The store has no such stream (just read): unless something was cached for it since."""
        with self._lock:
            self._items.setdefault(aggregate_id, ABSENT)
            self._items.move_to_end(aggregate_id)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def put(self, aggregates: Iterable[Any]) -> None:
        """Keep aggregates as saved (or read unchanged); one with unsaved events is not kept."""
        with self._lock:
            for aggregate in aggregates:
                if aggregate.pending_events:
                    continue
                kept = self._items.get(aggregate.id)
                if kept is not None and kept is not ABSENT and kept.version > aggregate.version:
                    continue  # a newer one was saved meanwhile
                self._items[aggregate.id] = aggregate
                self._items.move_to_end(aggregate.id)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def forget(self, aggregate_ids: Iterable[UUID]) -> None:
        with self._lock:
            for aggregate_id in aggregate_ids:
                self._items.pop(aggregate_id, None)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
