"""One eventsourcing Application per tenant, wired to the backend's shared infrastructure."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ClassVar

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import EventStore, InfrastructureFactory, Mapper
from eventsourcing.utils import Environment

from domain.approval import ApprovalSheet
from domain.checkpoint import ChainCheckpoint
from domain.programme import IndicatorSeries
from domain.roadmap import Roadmap
from tenants import pg_aggregate_read
from tenants.aggregate_cache import AggregateCache
from tenants.keys import KeyStore
from tenants.mapper import EventMapper
from tenants.recorders import IdempotencyRecord, PostgresTenantRecorder, StoredRecording
from tenants.trusted_snapshots import TrustedSnapshots

#: Streams that grow without bound get a snapshot every 50 events: loading stays fast.
SNAPSHOT_EVERY = 50


class TenantApplication(Application):
    """A tenant's event log: the write side saves here, readers select notifications from it."""

    snapshotting_intervals: ClassVar[dict[type, int]] = {
        Roadmap: SNAPSHOT_EVERY,
        IndicatorSeries: SNAPSHOT_EVERY,
        ChainCheckpoint: SNAPSHOT_EVERY,
        ApprovalSheet: SNAPSHOT_EVERY,
    }

    def __init__(
        self, tenant_id: str, factory: InfrastructureFactory, keys: KeyStore | None = None
    ) -> None:
        self.tenant_id = tenant_id
        self._factory = factory
        self.keys = keys
        """The tenant's person keys (152-ФЗ): Persons in events are sealed with them."""
        self.aggregates = AggregateCache()
        """What the tenant's commands last wrote or read (tenants.aggregate_cache)."""
        super().__init__(env={})

    def construct_env(self, name: str, env: Any = None) -> Environment:
        return Environment(name, dict(env or {}))

    def construct_factory(self, env: Environment) -> InfrastructureFactory:
        return self._factory

    def construct_mapper(self) -> Mapper:
        return EventMapper(keys=self.keys)

    def construct_snapshot_store(self) -> EventStore:
        """Snapshots are used only once they agree with the chained events (tenants.trusted_snapshots)."""
        recorder = self.factory.aggregate_recorder(purpose="snapshots")
        return TrustedSnapshots(self.mapper, recorder, self.events)

    def forget_aggregates(self) -> None:
        """Empty the aggregate cache: every command reads its aggregates from the store again."""
        self.aggregates.clear()

    @contextmanager
    def unit(self) -> Iterator[None]:
        """One command's reads and save on one connection (PostgreSQL: one pool checkout)."""
        bound = getattr(getattr(self.factory, "datastore", None), "bound", None)
        if bound is None:
            yield
            return
        with bound():
            yield

    def idle(self) -> None:
        """The command waits (for its group's leader): its connection goes back to the pool."""
        release = getattr(getattr(self.factory, "datastore", None), "release", None)
        if release is not None:
            release()

    def load(self, stream: Any) -> Any:
        """An aggregate for a command; on PostgreSQL its newest snapshot and later events in one statement."""
        if not isinstance(self.recorder, PostgresTenantRecorder) or self.snapshots is None:
            return self.repository.get(stream)
        stored, events = pg_aggregate_read.select(self.recorder, self.snapshots.recorder.events_table_name, stream)
        aggregate = None
        if stored is not None:
            snapshot = self.snapshots.trusted(stored)  # type: ignore[attr-defined]
            if snapshot is None:  # not to be trusted: the library's path warns and replays the events
                return self.repository.get(stream)
            aggregate = snapshot.mutate(None)
        for event in events:
            aggregate = self.mapper.to_domain_event(event).mutate(aggregate)
        if aggregate is None:
            raise AggregateNotFoundError(f"Aggregate {stream!r} not found.")
        return aggregate

    def find_idempotency(self, key: str, *fallbacks: str) -> IdempotencyRecord | None:
        """The record a first request with this key (else a fallback key) left, if any."""
        return self.recorder.find_idempotency(key, *fallbacks)  # type: ignore[attr-defined]

    def find_recordings(self, events: tuple[tuple[str, int], ...]) -> list[StoredRecording]:
        """Where given events sit in the log, to answer a replayed request as the first time."""
        return self.recorder.find_recordings(events)  # type: ignore[attr-defined]

    def head_position(self) -> int:
        """Position of the newest event in the tenant log (0 when empty)."""
        return self.recorder.max_notification_id() or 0
