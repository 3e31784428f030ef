"""State of one aggregate at a past version or instant, replayed from its own events."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec

from domain.approval import ApprovalSheet
from domain.base import InvalidValue, NotFound, stream_id
from domain.checkpoint import ChainCheckpoint
from domain.duty import ReportingDuty
from domain.internship import InternshipRequest
from domain.partnership import Partnership
from domain.programme import IndicatorSeries, Programme
from domain.report import Report
from domain.risk import RiskProfile
from domain.roadmap import Roadmap
from domain.school import School
from domain.visit import Visit
from tenants.application import TenantApplication

_KINDS = {cls.stream_kind for cls in (
    School, Partnership, Roadmap, Visit, Report, InternshipRequest, ApprovalSheet, Programme,
    IndicatorSeries, ChainCheckpoint, ReportingDuty, RiskProfile,
)}
_HEX = "[0-9A-Fa-f]"
#: What `resolve_stream` takes, for the OpenAPI document: a UUID, or `<kind>/<key>`.
STREAM_REF_PATTERN = (rf"^(?:{_HEX}{{8}}-?{_HEX}{{4}}-?{_HEX}{{4}}-?{_HEX}{{4}}-?{_HEX}{{12}}"
                      rf"|(?:{'|'.join(sorted(_KINDS))})/.+)$")


class StreamState(msgspec.Struct, frozen=True):
    """What the aggregate looked like, and the events that made it so."""

    tenant_id: str
    stream_id: str
    type: str
    version: int
    latest_version: int
    as_at: str | None
    state: dict[str, Any]
    history: list[dict[str, Any]]


def resolve_stream(tenant_id: str, ref: str) -> UUID:
    """A stream id, or `<kind>/<key>` as clients name things (e.g. `school/kaybitsy-1`)."""
    try:
        return UUID(ref)
    except ValueError:
        pass
    kind, _, key = ref.partition("/")
    if kind not in _KINDS or not key:
        raise InvalidValue("stream_id", f"a UUID or <kind>/<key> with kind one of {sorted(_KINDS)}")
    return stream_id(tenant_id, kind, key)


def state_at(
    app: TenantApplication, tenant_id: str, ref: str, version: int | None = None, at: datetime | None = None
) -> StreamState:
    """Replay the stream up to a version, or up to the last event recorded at or before `at`."""
    if version is not None and at is not None:
        raise InvalidValue("at", "give either version or at, not both")
    if at is not None and at.tzinfo is None:
        raise InvalidValue("at", "must carry a time zone offset")
    stream = resolve_stream(tenant_id, ref)
    events = list(app.events.get(stream))
    if not events:
        raise NotFound(f"stream {ref!r} does not exist in tenant {tenant_id}", "stream_id")
    latest = events[-1].originator_version
    if at is not None:
        reached = [e for e in events if e.timestamp <= at]
        if not reached:
            raise NotFound(f"stream {ref!r} did not exist yet at {at.isoformat()}", "at")
        version = reached[-1].originator_version
    version = latest if version is None else version
    if not 1 <= version <= latest:
        raise NotFound(f"stream {ref!r} has versions 1..{latest}", "version")
    # Replay the chained events themselves: snapshots are an unchained cache an auditor must not trust.
    aggregate = None
    for event in events:
        if event.originator_version > version:
            break
        aggregate = event.mutate(aggregate)
    state = {k: v for k, v in vars(aggregate).items() if not k.startswith("_")}
    history = [
        {
            "version": e.originator_version, "type": type(e).__qualname__,
            "recorded_at": e.timestamp.isoformat(), "actor": msgspec.to_builtins(e.meta.actor),
            "correlation_id": e.meta.correlation_id,
            # A fact from paper (issue 10 item 9): the day it happened, beside when it was recorded.
            **({"transcription": msgspec.to_builtins(e.meta.transcription)}
               if e.meta.transcription is not None else {}),
        }
        for e in events if e.originator_version <= version
    ]
    return StreamState(
        tenant_id, str(stream), type(aggregate).__qualname__, version, latest,
        at.isoformat() if at else None, msgspec.to_builtins(state), history,
    )
