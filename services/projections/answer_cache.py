"""Answers kept by the stamp of the views they read: a repeat read costs one query, never a stale answer.

A read model's answer is a function of its views' rows and the query's parameters. The rows change
only in transactions that also move the view's tracked position for the tenant (the runner), swap
its generation (a rebuild) or remove a parked event (`--retry-parked`), so the stamp (each view's
live generation, and per tenant its position and parked count) read in one query names the rows
exactly. An answer is kept only when the stamp read after computing it equals the one before, so a
projection that lands in between never leaves an answer under a stamp it does not belong to.

The key is the caller's whole question: tenant(s), as-of date, filters and the caller's scope (a
school user's school), so no caller ever gets an answer made for another scope. Nothing that reads
the event store (the people's decrypted names) is kept: its erasures are not in a view's stamp.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

from services.projections.per_store import PerStore
from services.projections.store import ViewStore
from services.projections.view import View

T = TypeVar("T")
#: Whole answers kept per view store, and their bytes at most (JSON bodies are up to a few MB).
MAX_ENTRIES = 512
MAX_BYTES = 96 * 1024 * 1024

Stamp = tuple[tuple[Any, ...], ...]


def stamp(store: ViewStore, views: Sequence[type[View]], tenants: Sequence[str]) -> Stamp:
    """Each view's live generation and, per tenant, its tracked position and parked events: one query."""
    names, who = sorted({v.name for v in views}), sorted(set(tenants))
    rows = store.db.query(
        "SELECT c.view AS view, c.generation AS generation, t.tenant AS tenant, t.position AS position, "
        "(SELECT COUNT(*) FROM projection_parked p WHERE p.view = c.view AND p.generation = c.generation "
        "AND p.tenant = t.tenant) AS parked "
        "FROM projection_current c LEFT JOIN projection_tracking t ON t.view = c.view "
        f"AND t.generation = c.generation AND t.tenant IN ({', '.join('?' for _ in who)}) "
        f"WHERE c.view IN ({', '.join('?' for _ in names)})",
        [*who, *names],
    )
    found = sorted((r["view"], int(r["generation"]), r["tenant"] or "", int(r["position"] or 0), int(r["parked"] or 0))
                   for r in rows)
    return tuple(found)


class AnswerCache:
    """A bounded LRU of answers by (kind, question, stamp); thread-safe (handlers run in threads)."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> None:
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self._entries: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable) -> Any | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return found[0]

    def put(self, key: Hashable, value: Any, size: int) -> None:
        if size > self.max_bytes:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._entries[key] = (value, size)
            self._bytes += size
            while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._bytes -= dropped

    def __len__(self) -> int:
        return len(self._entries)


_caches: PerStore[AnswerCache] = PerStore(AnswerCache)


def cache_of(store: ViewStore) -> AnswerCache:
    """The cache of one view store (a store's answers never serve another database's readers)."""
    return _caches.of(store)


def kept(store: ViewStore, views: Sequence[type[View]], tenants: Sequence[str], question: Hashable,
         make: Callable[[], T], size: Callable[[T], int] = lambda _: 1024) -> T:
    """`make()`'s answer to `question` over these views of these tenants, kept while their stamp holds."""
    cache = cache_of(store)
    before = stamp(store, views, tenants)
    key = (question, before)
    found = cache.get(key)
    if found is not None:
        return found
    made = make()
    if stamp(store, views, tenants) == before:
        cache.put(key, made, size(made))
    return made

