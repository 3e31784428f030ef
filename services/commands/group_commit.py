"""Group commit: concurrent commands of one tenant decided in order and written in one transaction.

Each command's thread queues its job and then takes the tenant's leader lock, or, while another
thread holds it, waits to be notified (answered, or the lock free). Whoever holds it
takes every job queued so far (its own among them, unless an earlier leader already answered it)
and, in queue order, decides each against what the jobs before it in the batch decided (an
overlay of their aggregates, then the tenant's aggregate cache, then the store). The events of
every accepted job are saved in one transaction: on PostgreSQL one call of the tenant's save
function, on SQLite one transaction; one commit, one fsync, however many commands. Each job is
then answered on its own: its events, their positions, its idempotency row (one per keyed job).

- A job refused by the domain is refused alone; its neighbours' decisions never saw it.
- If the batch's save fails (another process wrote a stream first, or two jobs carried the same
  key), nothing of it was written and each job runs again on its own in its own thread, the
  one-at-a-time path: a lost race is decided again or 409, a duplicate key answered as a replay.
- A job refused on cached aggregates also runs again alone, from the store.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from domain.base import CascadeAggregate, DomainError
from services.commands.session import Overlay, Session
from tenants.known_keys import KeyKnown

#: Jobs one leader takes at most: later ones wait for the next batch.
BATCH_LIMIT = 64
#: A waiting job looks again after this long even unnotified (seconds): a safety net only.
WAIT_AT_MOST = 1.0


@dataclass
class Job:
    """One command waiting to be decided: `decide` runs its handler against an overlay."""

    build: Callable[[Overlay], Session]
    """A session for one attempt, finding aggregates in the overlay first."""
    handle: Callable[[Session], None]
    record: Any = None
    """The job's idempotency record (tenants.recorders.IdempotencyRecord), if keyed."""
    known: list[str] = field(default_factory=list)
    """Other keys the save refuses on (tenants.known_keys): the job's bare key."""
    done: bool = False
    alone: bool = False
    """Run again on its own (the batch's save failed, or it was refused on cached aggregates)."""
    error: BaseException | None = None
    session: Session | None = None
    events: list[Any] = field(default_factory=list)
    recordings: list[Any] = field(default_factory=list)


class Group:
    """The queue and the leader lock of one tenant's writes in this process."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.queue: deque[Job] = deque()
        self.lock = threading.Lock()
        """Held by the leader while it decides and saves a batch."""
        self.answered = threading.Condition()
        """Notified when a leader lets go: waiting jobs learn they were answered, or one leads."""

    def busy(self) -> bool:
        """Whether a leader is deciding now: a new job will wait for its batch."""
        return self.lock.locked()

    def submit(self, job: Job) -> Job:
        """Queue the job; lead a batch unless a leader already answered it.

        A job answered by another leader returns as soon as that batch is saved: its thread does
        not queue for the leader lock only to learn it is done (it waited a batch longer so).
        """
        self.queue.append(job)
        while not job.done:  # a batch is at most BATCH_LIMIT jobs: lead again until ours is in one
            if self.lock.acquire(blocking=False):
                try:
                    if not job.done:
                        self._lead()
                finally:
                    self.let_go()
                continue
            self.app.idle()  # waiting holds no connection: the leader needs only its own
            with self.answered:
                while not job.done and self.lock.locked():
                    self.answered.wait(WAIT_AT_MOST)
        return job

    def let_go(self) -> None:
        """Release the leader lock and wake the waiting jobs (also for a test that held it)."""
        self.lock.release()
        with self.answered:
            self.answered.notify_all()

    def _lead(self) -> None:
        batch: list[Job] = []
        while self.queue and len(batch) < BATCH_LIMIT:
            batch.append(self.queue.popleft())
        try:
            accepted = self._decide(batch)
            if accepted:
                self._save(accepted)
        except BaseException as error:  # every job of the batch learns it, none is left waiting
            for job in batch:
                if not job.done:
                    job.error = error
            raise
        finally:
            for job in batch:
                job.done = True

    def _decide(self, batch: list[Job]) -> list[Job]:
        overlay: Overlay = {}
        accepted = []
        for job in batch:
            session = None
            try:
                session = job.build(overlay)
                job.handle(session)
            except DomainError as error:
                job.alone = session is not None and bool(session.cached)  # perhaps the cache's refusal
                job.error = None if job.alone else error
                continue
            except Exception as error:
                job.error = error
                continue
            job.session = session
            # Collected now: the next job's copy of an aggregate must not carry these events again.
            job.events = [e for aggregate in session.pending for e in aggregate.collect_events()]
            for aggregate in session.found.values():
                if aggregate.id not in overlay:
                    overlay[aggregate.id] = (aggregate, session.cached.get(aggregate.id))
            for aggregate in session.pending:
                overlay[aggregate.id] = (aggregate, None)  # written in the batch: its key checks it
            accepted.append(job)
        return accepted

    def _save(self, accepted: list[Job]) -> None:
        events: list[Any] = []
        records = []
        known: list[str] = []
        written: set[UUID] = set()
        reads: dict[UUID, int] = {}
        for job in accepted:
            assert job.session is not None
            events.extend(job.events)
            written.update(a.id for a in job.session.pending)
            reads.update(job.session.reads())
            if job.record is not None and job.events:  # as alone: a command writing nothing keeps no row
                records.append((job.record, len(job.events)))
                known.extend(job.known)
        latest = _latest([a for job in accepted for a in job.session.pending])  # type: ignore[union-attr]
        try:
            recordings = self.app.save(
                *events, *latest, idempotencies=records, known_keys=known,
                reads=[(i, v) for i, v in reads.items() if i not in written],
            ) if events else []
        except IntegrityError as error:
            if isinstance(error, KeyKnown):  # a key answered before: the cache was right, only that job replays
                for job in accepted:
                    job.alone = True
                return
            self.app.aggregates.forget({i for job in accepted for i in job.session.seen()})  # type: ignore[union-attr]
            self.app.aggregates.forget(written)
            for job in accepted:
                job.alone = True
            return
        at = 0
        for job in accepted:
            job.recordings = recordings[at:at + len(job.events)]
            at += len(job.events)
            self.app.aggregates.put(job.session.found.values())  # type: ignore[union-attr]
        self.app.aggregates.put(latest)


def _latest(aggregates: list[CascadeAggregate]) -> list[CascadeAggregate]:
    """Each aggregate once, as the last job left it (the overlay hands each job its own copy)."""
    newest: dict[UUID, CascadeAggregate] = {}
    for aggregate in aggregates:
        kept = newest.get(aggregate.id)
        if kept is None or aggregate.version >= kept.version:
            newest[aggregate.id] = aggregate
    return list(newest.values())


class Groups:
    """One Group per tenant application, made on first use."""

    def __init__(self) -> None:
        self._groups: dict[int, Group] = {}
        self._lock = threading.Lock()

    def of(self, app: Any) -> Group:
        group = self._groups.get(id(app))
        if group is None or group.app is not app:
            with self._lock:
                group = self._groups.get(id(app))
                if group is None or group.app is not app:
                    group = self._groups[id(app)] = Group(app)
        return group
