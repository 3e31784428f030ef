"""Views as they were at a past instant: the logs replayed into a scratch copy, never the live one.

A one-tenant copy is a view database in memory (services/projections/memory_db.py): it is private
to this process and thrown away when evicted, so a file would only cost writes. A copy of many
tenants (a region's) may be large: it stays a file, so memory does not grow with the region.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from services.projections.collector import fewer_collections
from services.projections.database import SQLiteViewDatabase, ViewDatabase
from services.projections.history import HistoryCheckpoints
from services.projections.memory_db import MemoryViewDatabase
from services.projections.runner import ProjectionRunner
from services.projections.store import ViewStore
from services.projections.view import View
from tenants.backends import Backend

#: Events read (and applied, in one transaction) at a time: a scratch store has no other writer.
BATCH = 5000


class ScratchReplays:
    """Builds (and keeps a few of) scratch view stores, one per scope and instant."""

    def __init__(self, backend: Backend, views: Sequence[View], keep: int = 4,
                 history: HistoryCheckpoints | None = None) -> None:
        self.backend = backend
        self.views = tuple(views)
        #: Checkpoints a one-tenant replay may start from (services/projections/history.py).
        self.history = history
        self.keep = keep
        self._cache: OrderedDict[tuple[tuple[str, ...], str], ViewStore] = OrderedDict()
        self._lock = threading.Lock()
        self.directory = Path(tempfile.mkdtemp(prefix="cascade-scratch-"))
        self._serial = 0

    def store_at(self, tenants: Sequence[str], at: datetime) -> ViewStore:
        """Every view of the given tenants, built only from events recorded at or before `at`."""
        key = (tuple(sorted(tenants)), at.isoformat())
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
        db = self._empty(tenants, at)
        store = ViewStore(db)
        try:
            with fewer_collections():
                ProjectionRunner(self.backend, store, self.views, until=at, batch=BATCH).run_once(only=set(tenants))
        except BaseException:
            _discard(db)
            raise
        with self._lock:
            self._cache[key] = store
            while len(self._cache) > self.keep:
                _, evicted = self._cache.popitem(last=False)
                _discard(evicted.db)
        return store

    def _empty(self, tenants: Sequence[str], at: datetime) -> ViewDatabase:
        """Where the replay goes: one tenant's checkpoint (only the tail after it then replays, its
        events all recorded by `at`) or an empty database, in memory; many tenants', a file."""
        if len(tenants) > 1:
            with self._lock:
                self._serial += 1
                return SQLiteViewDatabase(self.directory / f"scratch-{self._serial}.sqlite")
        checkpoint = self.history.usable(tenants[0], at) if self.history else None
        return self.history.restore(checkpoint) if checkpoint is not None else MemoryViewDatabase()

    def close(self) -> None:
        with self._lock:
            for store in self._cache.values():
                store.db.close()
            self._cache.clear()
        shutil.rmtree(self.directory, ignore_errors=True)


def _discard(db: ViewDatabase) -> None:
    """Close a scratch database and remove its files, if it has any."""
    db.close()
    path = getattr(db, "path", None)
    if path is not None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
