"""Views as they were at a past instant: the logs replayed into a scratch copy, never the live one."""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from services.projections.database import SQLiteViewDatabase
from services.projections.history import HistoryCheckpoints
from services.projections.runner import ProjectionRunner
from services.projections.store import ViewStore
from services.projections.view import View
from tenants.backends import Backend


class ScratchReplays:
    """Builds (and keeps a few of) scratch view stores, one per scope and instant."""

    def __init__(self, backend: Backend, views: Sequence[View], keep: int = 4,
                 history: HistoryCheckpoints | None = None) -> None:
        self.backend = backend
        self.views = tuple(views)
        #: Checkpoints a one-tenant replay may start from (services/projections/history.py).
        self.history = history
        self.keep = keep
        self.directory = Path(tempfile.mkdtemp(prefix="cascade-scratch-"))
        self._cache: OrderedDict[tuple[tuple[str, ...], str], ViewStore] = OrderedDict()
        self._lock = threading.Lock()
        self._serial = 0

    def store_at(self, tenants: Sequence[str], at: datetime) -> ViewStore:
        """Every view of the given tenants, built only from events recorded at or before `at`."""
        key = (tuple(sorted(tenants)), at.isoformat())
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
            self._serial += 1
            path = self.directory / f"scratch-{self._serial}.sqlite"
        checkpoint = self.history.usable(tenants[0], at) if self.history and len(tenants) == 1 else None
        if checkpoint is not None:  # its events were all recorded by `at`: only the tail replays
            self.history.restore(checkpoint, path)
        store = ViewStore(SQLiteViewDatabase(path))
        ProjectionRunner(self.backend, store, self.views, until=at).run_once(only=set(tenants))
        with self._lock:
            self._cache[key] = store
            while len(self._cache) > self.keep:
                _, evicted = self._cache.popitem(last=False)
                evicted.db.close()
                db_path = getattr(evicted.db, "path", None)
                if db_path is not None:
                    for suffix in ("", "-wal", "-shm"):
                        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        return store

    def close(self) -> None:
        with self._lock:
            for store in self._cache.values():
                store.db.close()
            self._cache.clear()
        shutil.rmtree(self.directory, ignore_errors=True)
