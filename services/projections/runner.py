"""Projection runner: follows every tenant's log, writing view rows and tracking in one transaction."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

import structlog

from services.observability.tracing import batch_span
from services.projections.failures import EventFailed, RunnerStatus, Undecodable, is_outage
from services.projections.failures import decode as _decode
from services.projections.failures import event as _event
from services.projections.instant import decode_until
from services.projections.store import ViewStore
from services.projections.tracking import round_state, tracked_marks
from services.projections.view import BoundTx, Mark, View
from tenants.backends import Backend
from tenants.changes import ChangeFeed, PollingFeed
from tenants.registry import Tenant

log = structlog.get_logger("cascade.projections")

BATCH = 500

#: Tries of an event (one per round) before the view parks it and moves on.
TRIES = 3


@dataclass(frozen=True)
class Target:
    """One view generation the runner fills: the live one, or one being rebuilt."""

    view: View
    generation: int

    @property
    def key(self) -> tuple[str, int]:
        return (self.view.name, self.generation)


class ProjectionRunner:
    """Catch up every tenant, then wait for news; a batch of events is one transaction.

    Tenants are isolated: a tenant whose batch fails is logged and retried next round while the
    others go on. A batch a view cannot apply is retried one event per transaction; an event
    that fails `tries` times is parked (ViewStore.parked) and the view moves past it.
    """

    def __init__(
        self,
        backend: Backend,
        store: ViewStore,
        views: Sequence[View],
        feed: ChangeFeed | None = None,
        batch: int = BATCH,
        on_progress: Callable[[Tenant, int], None] | None = None,
        until: datetime | None = None,
        tries: int = TRIES,
    ) -> None:
        self.backend = backend
        self.store = store
        self.views = list(views)
        self.feed = feed or PollingFeed()
        self.batch = batch
        self.on_progress = on_progress
        self.until = until
        self.tries = tries
        self.stopping = threading.Event()
        #: Tenants whose last round failed, with the error: retried on the next round.
        self.failing: dict[str, str] = {}
        #: Set once the views' fingerprints were checked (the first round; ViewStore.reconcile).
        self.reconciled = False
        #: Read no further than this position (history checkpoints: services/projections/history.py).
        self.through: int | None = None

    def targets(self) -> list[Target]:
        """Live generations plus any being rebuilt (picked up without a restart)."""
        return self._targets(*self.store.generations())

    def _round(self) -> tuple[list[Target], dict[tuple[str, int], dict[str, int]]]:
        """Targets and every position, read in one statement (a subclass may choose its targets)."""
        live, building, known = round_state(self.store.db)
        if type(self).targets is not ProjectionRunner.targets:
            return self.targets(), known
        return self._targets(live, building), known

    def _targets(self, live: dict[str, int], building: dict[str, list[int]]) -> list[Target]:
        found = []
        for view in self.views:
            generation = live.get(view.name)
            found.append(Target(view, self.store.ensure_live(type(view)) if generation is None else generation))
            found += [Target(view, g) for g in building.get(view.name, ())]
        return found

    def run_once(self, only: set[str] | None = None) -> int:
        """Bring every target up to the head of every (or the named) tenant's log.

        Tenants take turns, one batch each (no head-of-line blocking: a long backlog of one
        tenant delays another's new event by one batch at most), and tenants the feed names
        meanwhile join the turns at once. The first round first rebuilds from position 0 any
        view whose tables or revision changed.
        """
        if not self.reconciled:
            self.store.reconcile(self.views)
            self.reconciled = True
        targets, known = self._round()
        positions = {t.key: dict(known.get(t.key, {})) for t in targets}
        turns = self._turns(only)
        processed = 0
        while turns and not self.stopping.is_set():
            again = []
            for tenant in turns:
                try:
                    count, more = self._step(tenant, targets, positions)
                except Exception as error:  # isolated: the other tenants go on
                    self.failing[tenant.id] = f"{type(error).__name__}: {error}"
                    log.exception("projection of a tenant failed; retried next round", tenant=tenant.id)
                    continue
                self.failing.pop(tenant.id, None)
                processed += count
                if more:
                    again.append(tenant)
            turns = self._news(again)
        return processed

    def _turns(self, only: set[str] | None) -> list[Tenant]:
        """Every tenant, or the named ones and those failing (from the registry's cache: no read)."""
        if only is None:
            return self.backend.registry.all()
        named = (self.backend.registry.get(t) for t in only | set(self.failing))
        return sorted((t for t in named if t is not None), key=lambda t: (t.region_id, t.kind != "region", t.id))

    def _news(self, turns: list[Tenant]) -> list[Tenant]:
        """Tenants the feed reports new events of since the round began go first."""
        queued = {t.id for t in turns}
        woken = [self.backend.registry.get(t) for t in sorted(self.feed.ready() - queued)]
        return [t for t in woken if t is not None] + turns

    def status(self) -> RunnerStatus:
        """Tenants retrying after a failure, and tenants with parked events (degraded)."""
        degraded = sorted({p.tenant for p in self.store.parked()})
        return RunnerStatus(dict(self.failing), degraded)

    def _step(
        self, tenant: Tenant, targets: list[Target], positions: dict[tuple[str, int], dict[str, int]]
    ) -> tuple[int, bool]:
        """One batch of a tenant's log into every target: (events read, whether more may follow)."""
        app = self.backend.application(tenant.id)
        start = min(positions[t.key].get(tenant.id, 0) for t in targets)
        notifications = app.recorder.select_notifications(
            start=start, limit=self.batch, stop=self.through, inclusive_of_start=False
        )
        if not notifications:
            return 0, False
        until = self.until
        events = [(n.id, _decode(app, n) if until is None else decode_until(app, n, until)) for n in notifications]
        last = notifications[-1].id
        try:
            with batch_span(tenant.id, [t.view.name for t in targets], len(events)):
                self._apply(tenant, targets, positions, events, last)
        except Exception as error:
            if is_outage(error):
                raise
            log.warning("batch failed; applying it one event at a time",
                        tenant=tenant.id, error=repr(error))
            self._apply_singly(tenant, targets, positions, events)
        if self.on_progress:
            self.on_progress(tenant, last)
        return len(events), len(notifications) >= self.batch

    def _apply(
        self,
        tenant: Tenant,
        targets: list[Target],
        positions: dict[tuple[str, int], dict[str, int]],
        events: list[tuple[int, object]],
        last: int,
    ) -> None:
        """All targets, one transaction: a crash anywhere leaves every view as it was."""
        shown = events if self.until is None else [(p, e) for p, e in events if self._shown(e)]  # once, not per view
        with self.store.db.batch_transaction() as tx:
            tx.lock(f"projection:{tenant.id}")
            # Another runner (a rebuild, a second projector) may have gone further.
            tracked = tracked_marks(tx, tenant.id)
            behind = [t for t in targets if tracked.get(t.key, (0, 0))[0] < last]
            bound = []
            with tx.batch():
                for target in behind:
                    done, parked = tracked.get(target.key, (0, 0))
                    mark = Mark(self.store.db, tenant.id, (done, parked), (last, parked)) if self._live else None
                    bound.append((target, BoundTx(tx, target.view.tables(target.generation), mark)))
                    for position, event in shown:
                        if position > done:
                            target.view.process(bound[-1][1], tenant, _event(event), position)
                ViewStore.track_many(tx, tenant.id, [t.key for t in behind], last)
        for target, done_tx in bound:  # committed: views may keep state for the next batch
            target.view.committed(done_tx)
        for target in targets:
            positions[target.key][tenant.id] = max(positions[target.key].get(tenant.id, 0), last)

    def _apply_singly(
        self,
        tenant: Tenant,
        targets: list[Target],
        positions: dict[tuple[str, int], dict[str, int]],
        events: list[tuple[int, object]],
    ) -> None:
        """One event, one view, one transaction: find the event that fails, count its tries."""
        stuck = None
        for target in targets:
            for position, event in events:
                try:
                    self._apply_one(tenant, target, position, event)
                except Exception as error:
                    if is_outage(error):
                        raise
                    if not self._failed(tenant, target, position, error):
                        stuck = error
                        break
                positions[target.key][tenant.id] = max(positions[target.key].get(tenant.id, 0), position)
        if stuck is not None:
            raise EventFailed(f"an event failed; retried next round: {stuck!r}") from stuck

    def _apply_one(self, tenant: Tenant, target: Target, position: int, event: object) -> None:
        view = type(target.view)
        with self.store.db.transaction() as tx:
            tx.lock(f"projection:{tenant.id}")
            if ViewStore.tracked(tx, view, target.generation, tenant.id) >= position:
                return
            if self._shown(event):
                target.view.process(
                    BoundTx(tx, target.view.tables(target.generation)), tenant, _event(event), position
                )
            ViewStore.track(tx, view, target.generation, tenant.id, position)
            ViewStore.clear_failures(tx, view, target.generation, tenant.id, position)

    def _failed(self, tenant: Tenant, target: Target, position: int, error: Exception) -> bool:
        """Record a failed try; True if the event is now parked and the view moves on."""
        failure = self.store.record_failure(
            type(target.view), target.generation, tenant.id, position,
            f"{type(error).__name__}: {error}", self.tries,
        )
        if failure.state != "parked":
            log.warning("projection event failed", view=target.view.name, tenant=tenant.id,
                        position=position, tries=failure.tries, error=failure.error)
            return False
        log.error("projection event parked", view=target.view.name, generation=target.generation,
                  tenant=tenant.id, position=position, tries=failure.tries, error=failure.error)
        return True

    @property
    def _live(self) -> bool:
        """Following the logs (not a replay up to an instant or a position): views may keep state."""
        return self.until is None and self.through is None

    def _shown(self, event: object) -> bool:
        """Scratch replays up to an instant skip later events (decoding failures are applied)."""
        return isinstance(event, Undecodable) or self.until is None or event.timestamp <= self.until

    def run_forever(self, idle_timeout: float = 1.0) -> None:
        """Catch up, then follow; stops when `stopping` is set. A failed round is retried."""
        woken: set[str] | None = None
        first = True
        while not self.stopping.is_set():
            try:
                if not first:
                    woken = self.feed.wait(idle_timeout)
                first = False
                self.run_once(woken if woken else None)
            except Exception:  # keep following: e.g. the registry itself is unreachable
                log.exception("projection round failed; retrying")
                self.stopping.wait(1.0)

    def stop(self) -> None:
        self.stopping.set()


def wait_for_position(
    store: ViewStore, view: type[View], tenant: str, position: int, timeout: float
) -> int:
    """Read-your-writes: block until the live generation has read `position` (or time runs out)."""
    deadline = time.monotonic() + timeout
    while True:
        generation = store.ensure_live(view)
        reached = store.positions(view, generation).get(tenant, 0)
        if reached >= position or time.monotonic() >= deadline:
            return reached
        time.sleep(0.05)
