"""Checkpoints at start-up, then after every N new events or T seconds, whichever comes first."""

from __future__ import annotations

import threading
import time

import structlog

from services.audit.checkpoints import checkpoint_all
from services.audit.notary import Notary
from services.projections.history import HistoryCheckpoints
from tenants.backends import Backend

log = structlog.get_logger("cascade.audit")


class PeriodicCheckpoints:
    """Bounds the unanchored window: a restart anchors at once instead of waiting a full interval."""

    def __init__(self, backend: Backend, interval: float, notary: Notary | None = None,
                 every_events: int = 0, history: HistoryCheckpoints | None = None) -> None:
        self.backend = backend
        #: History checkpoints of the views, taken after each round's chain checkpoints.
        self.history = history
        self.interval = interval
        self.notary = notary
        self.every_events = every_events
        self.poll = min(max(interval / 10, 0.05), 5.0)
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="checkpoints", daemon=True)
        self._heads: dict[str, int] = {}

    def start(self) -> None:
        if self.interval > 0:
            self.thread.start()

    def _run(self) -> None:
        while not self.stopping.is_set():
            started = time.monotonic()
            self.round()
            while not self.stopping.wait(self.poll):
                if time.monotonic() - started >= self.interval or self._enough_new_events():
                    break

    def _positions(self) -> dict[str, int]:
        return {t.id: self.backend.application(t.id).head_position() for t in self.backend.registry.all()}

    def _enough_new_events(self) -> bool:
        """Positions moved by at least N across the tenants since the last round."""
        if self.every_events <= 0:
            return False
        try:
            now = self._positions()
        except Exception:  # a store outage: the interval still triggers the next round
            return False
        return sum(p - self._heads.get(t, 0) for t, p in now.items()) >= self.every_events

    def round(self) -> None:
        """Anchor everything now; a failure is logged and the next round retries."""
        try:
            results = checkpoint_all(self.backend, self.notary)
            positions = self._positions()
        except Exception:  # a failure must not stop the projector beside it
            log.exception("checkpoint round failed")
            return
        self._heads = positions
        try:
            if self.history is not None:
                self.history.catch_up()
        except Exception:  # the views at an instant then replay more of the log, nothing worse
            log.exception("history checkpoints failed")
        broken = [r.tenant for r in results if not r.ok]
        log.info("chain checkpoints", anchored=sum(r.recorded for r in results), broken=broken)
        if broken:
            log.error("chain verification failed", tenants=broken,
                      problems=[r.problem for r in results if not r.ok])

    def stop(self) -> None:
        self.stopping.set()
        if self.thread.is_alive():
            self.thread.join(timeout=10)
