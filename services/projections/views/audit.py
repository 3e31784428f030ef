"""Audit trail view: every event of every tenant, filterable by stream, type, actor and time."""

from __future__ import annotations

from datetime import UTC
from typing import Any

import msgspec

from services.projections.view import BoundTx, View
from tenants.registry import Tenant

_SKIP = {"originator_id", "originator_version", "timestamp", "meta", "originator_topic"}


class AuditView(View):
    name = "audit"
    schema = {
        "events": (
            "CREATE TABLE IF NOT EXISTS {events} ("
            "tenant TEXT NOT NULL, position BIGINT NOT NULL, stream_id TEXT NOT NULL, "
            "version INTEGER NOT NULL, type TEXT NOT NULL, recorded_at TEXT NOT NULL, "
            "actor TEXT NOT NULL, role TEXT NOT NULL, organisation TEXT NOT NULL, "
            "correlation_id TEXT NOT NULL, idempotency_key TEXT, payload TEXT NOT NULL, "
            "PRIMARY KEY (tenant, position))"
        ),
    }
    indexes = (
        "CREATE INDEX IF NOT EXISTS {ix} ON {events} (tenant, stream_id, position)",
        "CREATE INDEX IF NOT EXISTS {ix} ON {events} (tenant, type, position)",
        "CREATE INDEX IF NOT EXISTS {ix} ON {events} (tenant, actor, position)",
    )

    def process(self, tx: BoundTx, tenant: Tenant, event: Any, position: int) -> None:
        meta = event.meta
        payload = {k: v for k, v in vars(event).items() if k not in _SKIP}
        tx.execute(
            "INSERT INTO {events} (tenant, position, stream_id, version, type, recorded_at, actor, "
            "role, organisation, correlation_id, idempotency_key, payload) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                tenant.id, position, str(event.originator_id), event.originator_version,
                type(event).__qualname__, event.timestamp.astimezone(UTC).isoformat(timespec="microseconds"), meta.actor.subject,
                meta.actor.role, meta.actor.organisation, meta.correlation_id,
                meta.idempotency_key, msgspec.json.encode(payload).decode(),
            ),
        )
