"""Audit trail view: the only writer of the `events` table, one row per event of every tenant.

A fact transcribed from paper (issue 10 item 9) keeps its effective date and its transcription
(reason, document) in their own columns beside the instant it was recorded and who recorded it.
"""

from __future__ import annotations

from datetime import UTC

import msgspec

from domain.base import CascadeAggregate
from services.projections.view import BoundTx, Index, View
from tenants.registry import Tenant

_SKIP = {"originator_id", "originator_version", "timestamp", "meta", "originator_topic"}


class AuditView(View):
    """Every event, whatever its class: position, stream, type, provenance and payload."""

    name = "audit"
    schema = {
        "events": (
            "CREATE TABLE IF NOT EXISTS {events} ("
            "tenant TEXT NOT NULL, position BIGINT NOT NULL, stream_id TEXT NOT NULL, "
            "version INTEGER NOT NULL, type TEXT NOT NULL, recorded_at TEXT NOT NULL, "
            "actor TEXT NOT NULL, role TEXT NOT NULL, organisation TEXT NOT NULL, "
            "correlation_id TEXT NOT NULL, idempotency_key TEXT, payload TEXT NOT NULL, "
            "effective_on TEXT, transcription TEXT, "
            "PRIMARY KEY (tenant, position))"
        ),
    }
    indexes = (
        Index("events", "tenant, stream_id, position"),
        Index("events", "tenant, type, position"),
        Index("events", "tenant, actor, position"),
        # since/until of an actor: only that period's rows of the actor, not every later event of
        # theirs (issue 16 goal 2; EXPLAIN in docs/performance.md).
        Index("events", "tenant, actor, recorded_at"),
    )
    writer_indexes = ()  # it only inserts

    def process(self, tx: BoundTx, tenant: Tenant, event: CascadeAggregate.Event, position: int) -> None:
        meta = event.meta
        payload = {k: v for k, v in vars(event).items() if k not in _SKIP}
        transcription = meta.transcription  # None also for events stored before it existed
        tx.execute(
            "INSERT INTO {events} (tenant, position, stream_id, version, type, recorded_at, actor, "
            "role, organisation, correlation_id, idempotency_key, payload, effective_on, "
            "transcription) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                tenant.id, position, str(event.originator_id), event.originator_version,
                type(event).__qualname__,
                event.timestamp.astimezone(UTC).isoformat(timespec="microseconds"),
                meta.actor.subject, meta.actor.role, meta.actor.organisation, meta.correlation_id,
                meta.idempotency_key, msgspec.json.encode(payload).decode(),
                transcription.effective_on.isoformat() if transcription else None,
                msgspec.json.encode(transcription).decode() if transcription else None,
            ),
        )
