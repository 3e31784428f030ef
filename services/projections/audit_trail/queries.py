"""Pages of a tenant's audit trail, filtered, by position: the only reader of the `events` table."""

from __future__ import annotations

from typing import Any, Literal

import msgspec

from services.projections.audit_trail.projection import AuditView
from services.projections.store import ViewStore

Order = Literal["asc", "desc"]


class TranscribedFrom(msgspec.Struct, frozen=True):
    """A fact entered from paper: the day it happened, why it was entered later, and the paper."""

    effective_on: str
    reason: str
    document: dict[str, str]


class LoggedEvent(msgspec.Struct, frozen=True):
    """One event as the audit trail shows it: position, stream, type, provenance and payload.

    `transcribed` is true for a fact transcribed from paper (issue 10 item 9): it happened on
    `transcription.effective_on`, and was recorded at `recorded_at` by `actor`.
    """

    position: int
    stream_id: str
    version: int
    type: str
    recorded_at: str
    tenant_id: str
    actor: dict[str, str]
    correlation_id: str
    idempotency_key: str | None
    data: dict[str, Any]
    transcribed: bool = False
    transcription: TranscribedFrom | None = None


class EventPage(msgspec.Struct, frozen=True):
    """A page of the log; pass `next` as `after` (oldest first) or `before` (newest first)."""

    tenant_id: str
    order: str
    events: list[LoggedEvent]
    next: int | None
    view_position: int
    parked: list[int] = []
    """Log positions this view could not apply (parked): while not empty the figures are incomplete."""


class TrailFilter(msgspec.Struct, frozen=True):
    """What a page is restricted to; instants are UTC ISO strings as the view stores them."""

    stream: str | None = None
    type: str | None = None
    actor: str | None = None
    since: str | None = None
    until: str | None = None
    transcribed: bool | None = None
    """True: only facts transcribed from paper; False: only facts recorded on their day."""


def event_page(
    store: ViewStore, tenant_id: str, order: Order, after: int | None, before: int | None,
    where: TrailFilter, limit: int,
) -> EventPage:
    """Up to `limit` events past the cursor in that order, and the cursor of the next page (blocking)."""
    tables = store.reader_tables(AuditView)
    clauses, params = ["tenant = ?"], [tenant_id]
    for column, value in (("stream_id", where.stream), ("type", where.type), ("actor", where.actor)):
        if value:
            clauses.append(f"{column} = ?")
            params.append(value)
    if after is not None and order == "asc":
        clauses.append("position > ?")
        params.append(after)
    if before is not None and order == "desc":
        clauses.append("position < ?")
        params.append(before)
    if where.transcribed is not None:
        clauses.append("effective_on IS NOT NULL" if where.transcribed else "effective_on IS NULL")
    for clause, value in (("recorded_at >= ?", where.since), ("recorded_at < ?", where.until)):
        if value is not None:
            clauses.append(clause)
            params.append(value)
    direction = "ASC" if order == "asc" else "DESC"
    rows = store.db.query(
        tables.sql(
            f"SELECT * FROM {{events}} WHERE {' AND '.join(clauses)} "
            f"ORDER BY position {direction} LIMIT ?"
        ),
        [*params, limit + 1],
    )
    events = [_logged(row) for row in rows[:limit]]
    reached = store.positions(AuditView, tables.generation).get(tenant_id, 0)
    more = len(rows) > limit
    parked = store.parked_positions(AuditView, [tenant_id])
    return EventPage(tenant_id, order, events, events[-1].position if more else None, reached, parked)


def _transcription(row: dict[str, Any]) -> TranscribedFrom | None:
    if row["transcription"] is None:
        return None
    stored = msgspec.json.decode(row["transcription"])
    return TranscribedFrom(stored["effective_on"], stored["reason"], stored["document"])


def _logged(row: dict[str, Any]) -> LoggedEvent:
    transcription = _transcription(row)
    return LoggedEvent(
        position=int(row["position"]), stream_id=row["stream_id"], version=int(row["version"]),
        type=row["type"], recorded_at=row["recorded_at"], tenant_id=row["tenant"],
        actor={"subject": row["actor"], "role": row["role"], "organisation": row["organisation"]},
        correlation_id=row["correlation_id"], idempotency_key=row["idempotency_key"],
        data=msgspec.json.decode(row["payload"]),
        transcribed=transcription is not None, transcription=transcription,
    )


class StreamVersion(msgspec.Struct, frozen=True):
    """Where one stream of a tenant stood at an instant: its version and its last event then."""

    stream_id: str
    kind: str
    """The aggregate, from its events' type (`School` of `School.Registered`)."""
    version: int
    last_type: str
    last_recorded_at: str


def stream_versions(store: ViewStore, tenant_id: str, through: str | None = None) -> list[StreamVersion]:
    """Every stream of the tenant with its version as of `through` (a UTC ISO instant, inclusive;
    None: now), the newest-touched first: the whole tenant at a date, stream by stream (blocking)."""
    tables = store.reader_tables(AuditView)
    clause, params = ("AND recorded_at <= ?", [tenant_id, through]) if through else ("", [tenant_id])
    rows = store.db.query(
        tables.sql(
            "SELECT e.stream_id, e.version, e.type, e.recorded_at FROM {events} e JOIN ("
            f"SELECT stream_id, MAX(position) AS last FROM {{events}} WHERE tenant = ? {clause} "
            "GROUP BY stream_id) m ON e.stream_id = m.stream_id AND e.position = m.last "
            "WHERE e.tenant = ? ORDER BY e.position DESC"
        ),
        [*params, tenant_id],
    )
    return [StreamVersion(r["stream_id"], r["type"].partition(".")[0], int(r["version"]), r["type"],
                          r["recorded_at"]) for r in rows]
