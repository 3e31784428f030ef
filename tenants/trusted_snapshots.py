"""Snapshots are an unchained cache: a decision uses one only once it is known to agree with the chain.

A snapshot this process wrote, or one it has replayed the chained events to and found equal,
is trusted by the digest of its stored bytes; any other (edited in the table, or written by a
process whose work is not known here) is checked by replaying its stream's events first. One that
disagrees is skipped, with a warning, and the aggregate is rebuilt from the events alone.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator, Sequence
from typing import Any

import structlog
from eventsourcing.persistence import EventStore

log = structlog.get_logger("cascade.audit")


class TrustedSnapshots(EventStore):
    """The snapshot store of a tenant application, yielding only snapshots that match the events."""

    def __init__(self, mapper: Any, recorder: Any, events: EventStore) -> None:
        super().__init__(mapper, recorder)
        self.events = events
        self._trusted: dict[tuple[Any, int], str] = {}
        self._lock = threading.Lock()

    def put(self, domain_events: Sequence[Any], **kwargs: Any) -> list[Any]:
        stored = [self.mapper.to_stored_event(e) for e in domain_events]
        self.recorder.insert_events(stored, **kwargs)
        with self._lock:
            for s in stored:
                self._trusted[(s.originator_id, s.originator_version)] = hashlib.sha256(s.state).hexdigest()
        return []

    def get(self, originator_id: Any, *, gt: int | None = None, lte: int | None = None,
            desc: bool = False, limit: int | None = None) -> Iterator[Any]:
        for stored in self.recorder.select_events(originator_id=originator_id, gt=gt, lte=lte, desc=desc, limit=limit):
            snapshot = self.trusted(stored)
            if snapshot is None:
                log.warning("snapshot disagrees with the chained events; ignored",
                            stream=str(stored.originator_id), version=stored.originator_version)
                continue
            yield snapshot

    def trusted(self, stored: Any) -> Any | None:
        """The stored snapshot decoded, if it agrees with the chained events; None if it does not."""
        key, digest = (stored.originator_id, stored.originator_version), hashlib.sha256(stored.state).hexdigest()
        snapshot = self.mapper.to_domain_event(stored)
        if self._trusted.get(key) != digest:
            if not self._agrees_with_events(snapshot):
                return None
            with self._lock:
                self._trusted[key] = digest
        return snapshot

    def _agrees_with_events(self, snapshot: Any) -> bool:
        replayed = None
        for event in self.events.get(snapshot.originator_id, lte=snapshot.originator_version):
            replayed = event.mutate(replayed)
        if replayed is None or replayed.version != snapshot.originator_version:
            return False
        try:
            return vars(snapshot.mutate(None)) == vars(replayed)
        except Exception:  # an edited snapshot may not even decode into its class
            return False
